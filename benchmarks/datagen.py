"""Benchmark: `workbench db init --claims N` (vectorised generation plus DuckDB bulk load).

    python -m benchmarks.datagen [--claims 1000000] [--employees 20000] [--repeat 1] [--tiny]

Times generation and the whole build (generation, bulk load, index) separately, into a temp
folder. Target: 1,000,000 claims < 60 s.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchmarks._common import report, stats, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--tiny", action="store_true", help="10,000 claims, 200 employees (CI).")
    args = parser.parse_args()
    claims, employees = (10_000, 200) if args.tiny else (args.claims, args.employees)

    from workbench.claims import SampleSize, build_database, generate

    size = SampleSize(employees, claims, 42)
    gen = stats(timed(lambda: generate(size), args.repeat))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "claims.duckdb"
        build = stats(timed(lambda: build_database(path, size), args.repeat))
        mb = path.stat().st_size / 2**20
    target = 60.0 if claims >= 1_000_000 else None  # the target is stated for a million claims
    rows = [{"step": "generate (numpy)", "claims": claims, "median_s": gen["median"], "p95_s": gen["p95"],
             "claims_per_s": claims / gen["median"]},
            {"step": "db init (generate + bulk load + index)", "claims": claims, "median_s": build["median"],
             "p95_s": build["p95"], "claims_per_s": claims / build["median"], "db_mib": round(mb, 1),
             "target_s": target, "met": None if target is None else build["median"] < target}]
    report("datagen", rows, {"claims": claims, "employees": employees, "repeat": args.repeat},
           "Sample data generation")


if __name__ == "__main__":
    main()
