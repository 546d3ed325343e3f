"""A synthetic expansion of the knowledge base: every document copied under new names.

Copy ``k`` of ``plan.md`` is ``plan-r<k>.md`` with "(region k)" in its title and a line naming
the region after the title, so every copy has its own chunk ids and content hashes.
"""

from __future__ import annotations

import math
from pathlib import Path


def expand(source: Path, target: Path, min_chunks: int) -> int:
    """Write copies of the markdown files in ``source`` into ``target``; returns the chunk count."""
    from workbench.knowledge import chunk_directory

    per_copy = len(chunk_directory(source))
    copies = max(1, math.ceil(min_chunks / per_copy))
    target.mkdir(parents=True, exist_ok=True)
    for doc in sorted(source.glob("*.md")):
        lines = doc.read_text(encoding="utf-8").splitlines()
        for k in range(copies):
            title = f"{lines[0]} (region {k})"
            body = [title, "", f"This copy of the policy applies to employees in region {k}.", *lines[1:]]
            (target / f"{doc.stem}-r{k}.md").write_text("\n".join(body) + "\n", encoding="utf-8")
    return len(chunk_directory(target))


def fill_index(settings, rng_seed: int = 0) -> int:
    """Write every chunk of ``settings.knowledge_dir`` into the index with stand-in vectors.

    The vectors are those of the original chunks' texts plus small noise, re-normalised: search
    cost depends on the number of vectors, not their values, and embedding 10,000 chunks for
    real takes tens of minutes on the shared 2-core machine (``benchmarks.ingest`` measures
    that rate). Content hashes are the real ones, so a later ``ingest()`` sees them unchanged.
    """
    import numpy as np

    from workbench.knowledge import KnowledgeIndex, chunk_directory
    from workbench.knowledge.embeddings import embed
    from workbench.knowledge.index import _metadata

    chunks = chunk_directory(settings.knowledge_dir)
    distinct = sorted({c.embedding_text.split(". ", 1)[-1] for c in chunks})
    vectors = dict(zip(distinct, embed(distinct), strict=True))
    rng = np.random.default_rng(rng_seed)
    index = KnowledgeIndex(settings)
    for start in range(0, len(chunks), 2000):
        part = chunks[start:start + 2000]
        v = np.stack([vectors[c.embedding_text.split(". ", 1)[-1]] for c in part])
        v = v + rng.normal(0, 0.02, v.shape).astype(np.float32)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        index.collection.upsert(ids=[c.chunk_id for c in part], embeddings=v.tolist(),
                                documents=[c.text for c in part], metadatas=[_metadata(c) for c in part])
    return index.count()
