"""Benchmark: user-scoped claims queries at 6k vs 1M claims, and knowledge search.

    python benchmarks/bench_store_and_retrieval.py --big /tmp/big.duckdb

Builds the default 6k-claim DB in a temp folder (and uses --big, a DB made with
`workbench db init --claims 1000000 --employees 20000 --db PATH`, when given), then times each
query function for sampled users and prints the median per call side by side with the ratio.
Results are written to benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from workbench.claims import ClaimsStore, SampleSize, build_database
from workbench.config import Settings
from workbench.knowledge import KnowledgeIndex

QUERIES = {
    "balances": lambda u: u.balances(),
    "claims (category filter)": lambda u: u.claims(category="DENTAL"),
    "claims (status + year)": lambda u: u.claims(status="rejected", year=2026),
    "aggregate sum by category": lambda u: u.aggregate("sum", "amount_claimed", "category"),
}


def time_store(path: Path, users: int = 30, repeat: int = 5) -> dict[str, float]:
    """Median milliseconds per call of each query, over sampled users."""
    with ClaimsStore(path) as store:
        emails = list(store.users(users).email)
        scoped = [store.for_user(e) for e in emails]
        out = {}
        for name, query in QUERIES.items():
            samples = []
            for _ in range(repeat):
                for user in scoped:
                    start = time.perf_counter()
                    query(user)
                    samples.append((time.perf_counter() - start) * 1000)
            out[name] = statistics.median(samples)
        return out


def time_search(settings: Settings, questions: list[str], repeat: int = 3) -> float:
    """Median milliseconds per knowledge search (embedding the query included)."""
    index = KnowledgeIndex(settings)
    index.ingest()
    index.search("warm up")
    samples = []
    for _ in range(repeat):
        for q in questions:
            start = time.perf_counter()
            index.search(q, k=4)
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--big", type=Path, help="A 1M-claim DB built with `workbench db init --claims 1000000`.")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.md"))
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp())
    small = tmp / "claims.duckdb"
    build_database(small, SampleSize())
    small_ms = time_store(small)
    big_ms = time_store(args.big) if args.big else {}
    with ClaimsStore(small) as s:
        n_small = int(s.query("SELECT COUNT(*) AS n FROM claims").n[0])
    n_big = None
    if args.big:
        with ClaimsStore(args.big) as s:
            n_big = int(s.query("SELECT COUNT(*) AS n FROM claims").n[0])

    lines = ["# Benchmarks", "", f"Measured {time.strftime('%Y-%m-%d')} on this machine "
             "(`benchmarks/bench_store_and_retrieval.py`). Median milliseconds per call.", "",
             f"| query | {n_small:,} claims | {f'{n_big:,} claims' if n_big else '—'} | ratio |", "|---|---|---|---|"]
    for name, ms in small_ms.items():
        big = big_ms.get(name)
        lines.append(f"| {name} | {ms:.2f} | {f'{big:.2f}' if big else '—'} | {f'{big / ms:.1f}×' if big else '—'} |")
    questions = ["Is teeth whitening covered?", "How do I submit a dental claim?", "What is the Bluefin hotline?",
                 "Can I claim for glasses twice a year?", "What documents do I need for hospital?"]
    search_ms = time_search(Settings(data_dir=tmp / "data"), questions)
    lines += ["", f"Knowledge search (128 chunks, query embedding included): {search_ms:.1f} ms median."]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
