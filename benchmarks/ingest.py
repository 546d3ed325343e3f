"""Benchmark: knowledge ingest — full ingest rate, and incremental re-ingest after editing one document.

    python -m benchmarks.ingest [--chunks 1000] [--scaled 10000] [--tiny]

1. Full ingest of a synthetic expansion of the knowledge base with ``--chunks`` chunks (real
   embeddings): chunks/s.
2. Incremental: an index of ``--scaled`` chunks (stand-in vectors, real content hashes; see
   ``benchmarks/scaled_kb.py``), one document edited, ``ingest()`` timed. Target < 5 s at
   ≥ 10,000 chunks.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks._common import report
from benchmarks.scaled_kb import expand, fill_index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chunks", type=int, default=1000, help="Chunks for the full ingest.")
    parser.add_argument("--scaled", type=int, default=10_000, help="Chunks in the index for the incremental run.")
    parser.add_argument("--tiny", action="store_true", help="130 and 300 chunks (CI).")
    args = parser.parse_args()
    if args.tiny:
        args.chunks, args.scaled = 130, 300

    from workbench.config import PROJECT_ROOT, Settings
    from workbench.knowledge import KnowledgeIndex

    tmp = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    rows = []

    full = Settings(data_dir=tmp / "full", knowledge_dir=tmp / "kb-full")
    n = expand(PROJECT_ROOT / "knowledge_base", full.knowledge_dir, args.chunks)
    start = time.perf_counter()
    done = KnowledgeIndex(full).ingest()
    wall = time.perf_counter() - start
    rows.append({"step": "full ingest (real embeddings)", "chunks": n, "embedded": done.embedded,
                 "wall_s": wall, "chunks_per_s": done.embedded / wall})

    scaled = Settings(data_dir=tmp / "scaled", knowledge_dir=tmp / "kb-scaled")
    n = expand(PROJECT_ROOT / "knowledge_base", scaled.knowledge_dir, args.scaled)
    fill_index(scaled)
    doc = sorted(scaled.knowledge_dir.glob("*.md"))[0]
    doc.write_text(doc.read_text(encoding="utf-8").replace("region", "Region", 1) + "\nEdited.\n", encoding="utf-8")
    start = time.perf_counter()
    done = KnowledgeIndex(scaled).ingest()
    wall = time.perf_counter() - start
    target = 5.0 if n >= 10_000 else None
    rows.append({"step": "incremental re-ingest, one document edited", "chunks": n, "embedded": done.embedded,
                 "unchanged": done.unchanged, "wall_s": wall, "target_s": target,
                 "met": None if target is None else wall < target})
    report("ingest", rows, {"full_chunks": args.chunks, "scaled_chunks": args.scaled}, "Knowledge ingest")


if __name__ == "__main__":
    main()
