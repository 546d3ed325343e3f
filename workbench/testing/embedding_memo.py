"""Remember MiniLM vectors by text, for tests that embed the same thousands of strings again and again.

The contamination check embeds every string of every prompt file (about 2,000) each time it
runs; a test module that runs it ten times, each on the landed prompts plus one edited string,
spent nearly all its time re-embedding the same strings. ``remembered_embeddings`` patches
``workbench.knowledge.embeddings.embed`` for a block: texts it has seen come from memory, only
new ones are encoded (in one call, as the real function would).

A remembered vector was computed in another batch than a fresh call would put it in; batches
are padded to their longest text, so the two can differ in the last float32 bits (about 1e-7 in a
cosine), as the same string's vector already does between two real calls with different
neighbours. Only a pair within about 1e-6 of a threshold could change its verdict through that;
``tests/testing/test_embedding_memo.py`` measures the difference.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import numpy as np

from workbench.knowledge import embeddings


class RememberedEmbeddings:
    """A drop-in ``embed`` that encodes each distinct text once (bulk calls are passed through)."""

    def __init__(self, embed=None):
        self._embed = embed or embeddings.embed
        self.vectors: dict[str, np.ndarray] = {}
        self.encoded = 0  # texts actually encoded, for tests of this helper

    def __call__(self, texts: list[str], batch_size: int = 64, bulk: bool = False) -> np.ndarray:
        """Unit vectors for ``texts``, one row each, as ``embeddings.embed`` returns them."""
        if bulk:  # an ingest: long chunks through the torch runtime, not worth remembering
            return self._embed(texts, batch_size=batch_size, bulk=True)
        new = list(dict.fromkeys(t for t in texts if t not in self.vectors))
        if new:
            for text, vector in zip(new, self._embed(new, batch_size=batch_size), strict=True):
                self.vectors[text] = vector
            self.encoded += len(new)
        if not texts:
            return np.zeros((0, embeddings.DIMENSIONS), dtype=np.float32)
        return np.stack([self.vectors[t] for t in texts])


@contextlib.contextmanager
def remembered_embeddings(memo: RememberedEmbeddings | None = None) -> Iterator[RememberedEmbeddings]:
    """Within the block, ``workbench.knowledge.embeddings.embed`` remembers vectors by text.

    Code that looks ``embed`` up at call time (``from workbench.knowledge.embeddings import embed``
    inside a function, as the contamination check does) gets the memo; a module that imported the
    name at its top keeps the real function.
    """
    memo = memo or RememberedEmbeddings()
    real = embeddings.embed
    embeddings.embed = memo
    try:
        yield memo
    finally:
        embeddings.embed = real
