"""Benchmark: the claims store on DuckDB and on PostgreSQL: load time, then per-query latency side by side.

    python -m benchmarks.claims_backends [--claims 1000000] [--users 20] [--repeat 5] [--tiny]

Starts a throw-away PostgreSQL cluster on loopback (needs the distribution's `postgresql`;
`scripts/services.sh start` installs it), copies the claims DuckDB file into it with
`workbench db to-postgres`'s loader, then times every user-scoped query on both engines for the
same users (one warm-up call each, then ``--repeat`` timed calls) and checks that both return
the same result. Without ``--claims`` it uses the database `workbench setup` built; with it, a
new one of that size is built in a temporary folder. Writes `results/claims_backends.json`.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchmarks._common import report, stats, timed

#: (label, method, kwargs) of the queries the agent's tools run.
QUERIES = [
    ("for_user (sign-in)", None, {}),
    ("balances (this year)", "balances", {}),
    ("claims (newest 20)", "claims", {"limit": 20}),
    ("claims (GP, paid)", "claims", {"category": "GP", "status": "paid"}),
    ("claim (by id)", "claim", {}),
    ("aggregate (sum by category)", "aggregate", {"metric": "sum", "group_by": "category"}),
    ("aggregate (avg by month, 2025)", "aggregate", {"metric": "avg", "group_by": "month", "year": 2025}),
    ("policy", "policy", {}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=None, help="Build a database of this many claims.")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--tiny", action="store_true", help="3 users, 1 timed call each (CI).")
    args = parser.parse_args()
    users_n, repeat = (3, 1) if args.tiny else (args.users, args.repeat)

    from workbench.claims import ClaimsStore, SampleSize, build_database
    from workbench.claims.to_postgres import copy_to_postgres
    from workbench.config import Settings
    from workbench.testing.postgres import PostgresCluster

    with tempfile.TemporaryDirectory() as tmp, PostgresCluster() as cluster:
        source = Settings().claims_db
        if args.claims:
            source = Path(tmp) / "claims.duckdb"
            build_database(source, SampleSize(employees=max(5, args.claims // 50), claims=args.claims))
        url = cluster.create_database("claims")
        loaded = copy_to_postgres(source, url)
        rows = [{"query": f"load: db to-postgres ({sum(loaded.counts.values()):,} rows)",
                 "duckdb_median_ms": None, "duckdb_p95_ms": None, "postgres_median_ms": loaded.seconds * 1000,
                 "postgres_p95_ms": None, "calls": 1, "identical": None}]
        with ClaimsStore(source) as duck, ClaimsStore(url) as pg:
            everyone = duck.users()
            picks = everyone[everyone.claims > 0].sample(n=min(users_n, len(everyone)), random_state=7).email
            for label, method, kwargs in QUERIES:
                row: dict = {"query": label}
                same = True
                for name, store in (("duckdb", duck), ("postgres", pg)):
                    samples, results = [], []
                    for email in picks:
                        user = store.for_user(email)
                        if method is None:
                            call = lambda s=store, e=email: s.for_user(e).employee  # noqa: E731
                        elif method == "claim":
                            first = user.claims(limit=1)
                            call = lambda u=user, c=first[0].claim_id: u.claim(c)  # noqa: E731
                        else:
                            call = lambda u=user, m=method, k=kwargs: getattr(u, m)(**k)  # noqa: E731
                        results.append(call())  # warm-up (and the result compared below)
                        samples += timed(call, repeat)
                    s = stats(samples)
                    row |= {f"{name}_median_ms": s["median"] * 1000, f"{name}_p95_ms": s["p95"] * 1000}
                    row["calls"] = s["n"]
                    if name == "duckdb":
                        expected = results
                    else:
                        same = results == expected
                row["identical"] = same
                rows.append(row)
    report("claims_backends", rows, {"claims": loaded.counts["claims"], "rows_loaded": sum(loaded.counts.values()),
                                     "users": users_n, "repeat": repeat},
           "Claims store: DuckDB vs PostgreSQL (loopback), per call")
    if any(r["identical"] is False for r in rows):
        raise SystemExit("the engines returned different results")


if __name__ == "__main__":
    main()
