"""Benchmark: per-question cost of everything but the LLM, at 1,000,000 claims and ≥ 10,000 chunks.

    python -m benchmarks.overhead [--db BIG.duckdb | --claims 1000000] [--chunks 10000] [--repeat 3] [--tiny]

Builds (or reuses with --db) a claims DB and an index over a synthetic expansion of the
knowledge base (``benchmarks/scaled_kb.py``), then, in a warm process, times the smoke suite's
questions through (a) the offline baseline and (b) the LLM agent against a fake model that
answers instantly (so what is left is prompt assembly, parsing, HTTP, cache writes, tools and
retrieval), and (c) user-scoped balance and claims queries. Targets: per question p50 < 25 ms,
p95 < 60 ms; a user-scoped query p95 < 10 ms.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks._common import report, stats
from benchmarks._fake_llm import MODEL, fake_llm, llm_settings
from benchmarks.scaled_kb import expand, fill_index


def _row(name: str, samples: list[float], p50: float, p95: float) -> dict:
    s = stats(samples)
    ms = {k: s[k] * 1000 for k in ("median", "p95")}
    return {"path": name, "samples": s["n"], "p50_ms": ms["median"], "p95_ms": ms["p95"],
            "target": f"p50 < {p50:g} ms, p95 < {p95:g} ms", "met": ms["median"] < p50 and ms["p95"] < p95}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="An existing claims DB (from `workbench db init --claims N`).")
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tiny", action="store_true", help="20,000 claims, 300 chunks, one pass (CI).")
    args = parser.parse_args()
    if args.tiny:
        args.db, args.claims, args.employees, args.chunks, args.repeat = None, 20_000, 300, 300, 1

    from workbench.agent import ClaimsAssistant, Resources
    from workbench.claims import ClaimsStore, SampleSize, build_database
    from workbench.config import PROJECT_ROOT, Settings
    from workbench.evaluation.experiment import load_suite

    tmp = Path(tempfile.mkdtemp(prefix="bench-overhead-"))
    db = args.db
    if db is None:
        db = tmp / "claims.duckdb"
        build_database(db, SampleSize(args.employees, args.claims, 42))
    settings = Settings(data_dir=tmp / "data", claims_db=db, knowledge_dir=tmp / "kb")
    chunks = expand(PROJECT_ROOT / "knowledge_base", settings.knowledge_dir, args.chunks)
    fill_index(settings)
    with ClaimsStore(db) as s:
        claims = int(s.query("SELECT COUNT(*) AS n FROM claims").n[0])
    known = set(ClaimsStore(db).users().email)
    cases = [c for c in load_suite(Settings(), "smoke").cases if c.user in known]
    resources = Resources.open(settings)
    rows = []

    offline = ClaimsAssistant(settings, "v2", "offline", resources)
    samples = []
    for rep in range(args.repeat + 1):  # the first pass warms the process and is not counted
        for case in cases:
            start = time.perf_counter()
            offline.ask(case.user, case.question)
            if rep:
                samples.append(time.perf_counter() - start)
    rows.append(_row("offline baseline, per question", samples, 25, 60))

    with fake_llm(0.0) as fake:
        samples = []
        for rep in range(args.repeat + 1):
            # A fresh LLM cache each pass, so every call goes over HTTP (nothing answered from cache).
            agent = ClaimsAssistant(llm_settings(settings, fake, tmp / f"cache-{rep}"), "v2", MODEL, resources)
            for case in cases:
                start = time.perf_counter()
                agent.ask(case.user, case.question)
                if rep:
                    samples.append(time.perf_counter() - start)
        rows.append(_row("LLM agent, instant fake model, per question", samples, 25, 60))
        rows[-1]["llm_calls"] = fake.calls

    users = [resources.store.for_user(e) for e in list(resources.store.users(30).email)]
    for name, query in {"balances()": lambda u: u.balances(), "claims(category)": lambda u: u.claims(category="DENTAL"),
                        "claims(status, year)": lambda u: u.claims(status="rejected", year=2026)}.items():
        samples = []
        for _ in range(args.repeat + 1):
            for u in users:
                start = time.perf_counter()
                query(u)
                samples.append(time.perf_counter() - start)
        row = _row(f"user-scoped {name}", samples[len(users):], 10_000, 10)
        row["target"], row["met"] = "p95 < 10 ms", row["p95_ms"] < 10
        rows.append(row)
    report("overhead", rows, {"claims": claims, "chunks": chunks, "questions": len(cases), "repeat": args.repeat},
           f"Per-question overhead at {claims:,} claims and {chunks:,} chunks")


if __name__ == "__main__":
    main()
