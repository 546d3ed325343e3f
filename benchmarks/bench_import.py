"""Benchmark: `db import` of a large Parquet extract (default 1,000,000 claims).

    python benchmarks/bench_import.py [--size 1000000] [--repeats 3]

Generates a synthetic extract with numpy (vectorised: employees, claims with valid dates and
amounts, source-style category and status names) as Parquet files plus a mapping in a temp
folder, then times ``import_database`` end to end (read, check every row, write the DuckDB
file) ``--repeats`` times. Prints a table and writes ``benchmarks/results/import.json``.
With three repeats the "p95" is the slowest run (nearest-rank), said so in the output.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import yaml
from rich.console import Console
from rich.table import Table

from workbench.claims.importer import import_database
from workbench.claims.mapping import load_mapping
from workbench.claims.schema import CATEGORY_CODES, GRADES

RESULTS = Path(__file__).parent / "results" / "import.json"
_STATUS = np.array(["Received", "In review", "Approved", "Declined", "Paid"])
_STATUS_CODE = {"Received": "submitted", "In review": "pending", "Declined": "rejected"}


def make_extract(folder: Path, claims: int, seed: int = 1) -> Path:
    """Write employees.parquet, claims.parquet and mapping.yaml; returns the mapping path."""
    rng = np.random.default_rng(seed)
    n_emp = max(10, claims // 50)
    emp_ids = np.char.add("S", np.arange(1, n_emp + 1).astype(str))
    pq.write_table(pa.table({
        "staff_id": emp_ids,
        "email": np.char.add(np.char.add("staff", np.arange(1, n_emp + 1).astype(str)), "@example.com"),
        "name": np.char.add("Staff member ", np.arange(1, n_emp + 1).astype(str)),
        "grade": rng.choice(np.array(GRADES), n_emp),
        "joined": pa.array(np.datetime64("2015-01-01") + rng.integers(0, 3000, n_emp), pa.date32()),
    }), folder / "employees.parquet")
    service = np.datetime64("2025-01-01") + rng.integers(0, 680, claims)
    submitted = service + rng.integers(0, 30, claims)
    amount = np.round(rng.lognormal(5.3, 0.7, claims), 2)
    status = rng.choice(_STATUS, claims, p=[0.02, 0.03, 0.05, 0.1, 0.8])
    decided = np.isin(status, ["Approved", "Paid"])
    approved = pa.array(np.where(decided, amount, 0.0), mask=~decided)
    pq.write_table(pa.table({
        "claim_ref": np.char.add("C", np.arange(1, claims + 1).astype(str)),
        "staff_id": emp_ids[rng.integers(0, n_emp, claims)],
        "benefit": rng.choice(np.array(CATEGORY_CODES), claims),
        "service_date": pa.array(service, pa.date32()),
        "submitted_date": pa.array(submitted, pa.date32()),
        "amount": amount, "approved": approved, "status": status,
        "provider": rng.choice(np.array(["Clinic A", "Clinic B", "Hospital C"]), claims),
    }), folder / "claims.parquet")
    mapping = {
        "employees": {"file": "employees.parquet", "columns": {
            "employee_id": "staff_id", "full_name": "name", "join_date": "joined"}},
        "claims": {"file": "claims.parquet", "columns": {
            "claim_id": "claim_ref", "employee_id": "staff_id", "category_code": "benefit",
            "amount_claimed": "amount", "amount_approved": "approved"}},
        "values": {"status": _STATUS_CODE},
    }
    path = folder / "mapping.yaml"
    path.write_text(yaml.safe_dump(mapping), encoding="utf-8")
    return path


def main() -> None:
    """Generate, import ``--repeats`` times, print and save the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="Number of claims.")
    parser.add_argument("--repeats", type=int, default=3, help="Timed imports.")
    args = parser.parse_args()
    console = Console()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        mapping = load_mapping(make_extract(folder, args.size))
        generated = time.perf_counter() - started
        times, counts = [], {}
        for i in range(args.repeats):
            started = time.perf_counter()
            result = import_database(mapping, folder / "claims.duckdb")
            times.append(time.perf_counter() - started)
            counts = result.counts
            console.print(f"import {i + 1}/{args.repeats}: {times[-1]:.2f} s")
    ordered = sorted(times)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    out = {"claims": args.size, "employees": counts.get("employees"), "repeats": args.repeats,
           "median_s": round(statistics.median(times), 2), "p95_s": round(p95, 2),
           "runs_s": [round(t, 2) for t in times], "generate_s": round(generated, 2),
           "claims_per_s": round(args.size / statistics.median(times)),
           "machine": f"{platform.machine()}, {__import__('os').cpu_count()} CPUs",
           "date": date.today().isoformat(), "target_s": 60}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    table = Table(title=f"db import from Parquet · {args.size:,} claims · {out['employees']:,} employees")
    for col in ("median", "p95 (nearest rank)", "runs", "claims/s", "target"):
        table.add_column(col)
    table.add_row(f"{out['median_s']:.2f} s", f"{out['p95_s']:.2f} s", ", ".join(map(str, out["runs_s"])),
                  f"{out['claims_per_s']:,}", "< 60 s")
    console.print(table)
    console.print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
