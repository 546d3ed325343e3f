"""Benchmark: an identical re-run of a suite against the fake LLM is answered from the cache.

    python -m benchmarks.cache [--suite full] [--delay 0.3] [--concurrency 8] [--tiny]

Runs the suite twice through the LLM path with the same cache folder, via the runner
(``run_cases``) and via the whole tracked ``evaluate`` (MLflow run, artifacts, traces).
Reports cold ÷ warm wall time and the HTTP calls the warm run made. Target: ≥ 20× with zero
calls on the warm run.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks._common import report
from benchmarks._fake_llm import MODEL, fake_llm, llm_settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suite", default="full")
    parser.add_argument("--delay", type=float, default=0.3)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--tiny", action="store_true", help="8 cases of smoke, 20 ms calls (CI).")
    args = parser.parse_args()
    if args.tiny:
        args.suite, args.delay, args.limit = "smoke", 0.02, 8

    from workbench.agent import ClaimsAssistant, Resources
    from workbench.config import Settings
    from workbench.evaluation.datasets.cases import Dataset
    from workbench.evaluation.experiment import evaluate, load_suite
    from workbench.evaluation.running.runner import run_cases
    from workbench.evaluation.scoring.scorers import ScoringContext, list_scorers
    from workbench.knowledge import chunk_directory

    tmp = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    base = Settings().with_overrides(mlflow_tracking_uri=f"sqlite:///{tmp / 'mlflow.db'}", data_dir=tmp / "data",
                                     claims_db=Settings().claims_db, chroma_dir=Settings().chroma_dir)
    dataset = load_suite(Settings(), args.suite)
    dataset = Dataset(name=args.suite, cases=dataset.cases[:args.limit] if args.limit else dataset.cases)
    resources = Resources.open(base)
    ctx = ScoringContext(resources.store, chunk_directory(base.knowledge_dir))
    scorers = [s.name for s in list_scorers()]
    rows = []
    with fake_llm(args.delay) as fake:
        # Warm the process (DSPy import, embedding model) with a throw-away cache: not part of a run.
        warm = ClaimsAssistant(llm_settings(base, fake, tmp / "cache-warm-up"), "v2", MODEL, resources)
        warm.ask(dataset.cases[0].user, dataset.cases[0].question)
        for how in ("run_cases", "evaluate"):
            settings = llm_settings(base, fake, tmp / f"cache-{how}")
            walls, calls = [], []
            for attempt in ("cold", "warm"):
                before, start = fake.calls, time.perf_counter()
                if how == "run_cases":
                    agent = ClaimsAssistant(settings, "v2", MODEL, resources)
                    run_cases(agent, dataset, tmp / f"run-{how}-{attempt}", ctx, args.concurrency, 120.0, scorers)
                else:
                    evaluate(settings, args.suite, "v2", MODEL, args.concurrency, resources=resources,
                             limit=args.limit)
                walls.append(time.perf_counter() - start)
                calls.append(fake.calls - before)
            ratio = walls[0] / walls[1]
            rows.append({"via": how, "cases": len(dataset.cases), "cold_s": walls[0], "warm_s": walls[1],
                         "cold_http_calls": calls[0], "warm_http_calls": calls[1], "cold_over_warm": ratio,
                         "target": "≥ 20×, 0 calls warm", "met": ratio >= 20 and calls[1] == 0})
    report("cache", rows, {"suite": args.suite, "delay_s": args.delay, "concurrency": args.concurrency},
           f"Identical re-run of {args.suite} against a {args.delay * 1000:.0f} ms fake LLM")


if __name__ == "__main__":
    main()
