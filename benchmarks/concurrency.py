"""Benchmark: eval throughput against a fake LLM of fixed latency, by concurrency, and against MLflow.

    python -m benchmarks.concurrency [--delay 0.3] [--suite smoke] [--levels 1 4 8 16 32] [--tiny]

Every level answers and scores the same cases through the LLM path with a cold LLM cache (a
fresh cache folder per run), via ``workbench.evaluation.running.runner.run_cases``.
Efficiency = measured cases/s ÷ (concurrency × cases/s at concurrency 1), i.e. measured ÷
(concurrency ÷ latency). Then, in the same process, the same cases, predict function and
scorers run through ``mlflow.genai.evaluate`` at its default parallelism
(MLFLOW_GENAI_EVAL_MAX_WORKERS, 10), and ours runs again at the same 10 workers: the ratio is
ours ÷ MLflow's. Targets: efficiency ≥ 0.85 at 16; ratio ≥ 1.0.
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
    parser.add_argument("--delay", type=float, default=0.3, help="Seconds per fake LLM call.")
    parser.add_argument("--suite", default="smoke")
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 4, 8, 16, 32])
    parser.add_argument("--limit", type=int, default=None, help="Only the first N cases.")
    parser.add_argument("--no-mlflow", action="store_true", help="Skip the MLflow comparison.")
    parser.add_argument("--tiny", action="store_true", help="6 cases, 20 ms calls, levels 1 and 2 (CI).")
    args = parser.parse_args()
    if args.tiny:
        args.delay, args.levels, args.limit = 0.02, [1, 2], 6

    from workbench.agent import ClaimsAssistant, Resources
    from workbench.config import Settings
    from workbench.evaluation.datasets.cases import Dataset
    from workbench.evaluation.experiment import load_suite
    from workbench.evaluation.running.runner import run_cases
    from workbench.evaluation.scoring.scorers import ScoringContext, list_scorers
    from workbench.knowledge import chunk_directory

    tmp = Path(tempfile.mkdtemp(prefix="bench-concurrency-"))
    base = Settings().with_overrides(mlflow_tracking_uri=f"sqlite:///{tmp / 'mlflow.db'}")
    dataset = load_suite(base, args.suite)
    dataset = Dataset(name=args.suite, cases=dataset.cases[:args.limit] if args.limit else dataset.cases)
    resources = Resources.open(base)
    ctx = ScoringContext(resources.store, chunk_directory(base.knowledge_dir))
    scorers = [s.name for s in list_scorers()]
    n = len(dataset.cases)

    with fake_llm(args.delay) as fake:
        def assistant(tag: str) -> ClaimsAssistant:  # a fresh LLM cache each time: every call goes out
            return ClaimsAssistant(llm_settings(base, fake, tmp / f"cache-{tag}"), "v2", MODEL, resources)

        assistant("warm").ask(dataset.cases[0].user, dataset.cases[0].question)

        def ours(concurrency: int, tag: str) -> tuple[float, int, int]:
            calls = fake.calls
            start = time.perf_counter()
            rows = run_cases(assistant(tag), dataset, tmp / f"run-{tag}", ctx, concurrency, 120.0, scorers)
            wall = time.perf_counter() - start
            return wall, fake.calls - calls, int(rows["error"].notna().sum())

        rows, base_rate = [], None
        for level in args.levels:
            wall, calls, errors = ours(level, f"c{level}")
            rate = n / wall
            base_rate = base_rate or rate
            efficiency = rate / (level * base_rate)
            rows.append({"runner": "workbench run_cases", "concurrency": level, "cases": n, "llm_calls": calls,
                         "errors": errors, "wall_s": wall, "cases_per_s": rate, "efficiency": efficiency,
                         "target": "≥ 0.85" if level == 16 else None,
                         "met": efficiency >= 0.85 if level == 16 else None})

        if not args.no_mlflow:
            from benchmarks.mlflow_side import mlflow_throughput
            from workbench.evaluation import tracking

            tracking.connect(base)  # MLflow writes to the temp store, not ./mlflow.db

            workers = 10
            wall_ours, _, _ = ours(workers, "side-by-side")
            wall_mlflow, errors = mlflow_throughput(assistant("mlflow"), dataset, ctx, scorers)
            ratio = (n / wall_ours) / (n / wall_mlflow)
            rows.append({"runner": "workbench run_cases", "concurrency": workers, "cases": n, "wall_s": wall_ours,
                         "cases_per_s": n / wall_ours})
            rows.append({"runner": "mlflow.genai.evaluate (default workers)", "concurrency": workers, "cases": n,
                         "errors": errors, "wall_s": wall_mlflow, "cases_per_s": n / wall_mlflow,
                         "ours_over_mlflow": ratio, "target": "≥ 1.0", "met": ratio >= 1.0})
    report("concurrency", rows, {"delay_s": args.delay, "suite": args.suite, "cases": n, "model": MODEL},
           f"Throughput against a fake LLM answering in {args.delay * 1000:.0f} ms")


if __name__ == "__main__":
    main()
