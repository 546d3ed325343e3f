"""The claims store on PostgreSQL: the same answers as DuckDB, user isolation, read-only, the loader.

Uses the session's throw-away cluster (``postgres_cluster`` in tests/conftest.py); skips with the
reason when PostgreSQL is not installed.
"""

from __future__ import annotations

import threading
from dataclasses import asdict
from datetime import date

import pandas as pd
import pytest
from typer.testing import CliRunner

from workbench.claims import ClaimsStore, SampleSize, build_database
from workbench.claims.backends import POOL_SIZE
from workbench.claims.schema import TABLES, postgres_ddl
from workbench.claims.to_postgres import copy_to_postgres
from workbench.cli import app
from workbench.errors import ConfigError, DataError

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed: pip install 'psycopg[binary]'")

#: Every user-scoped query with a spread of arguments (filters, groupings, orders, years).
CALLS = [
    ("balances", {}), ("balances", {"year": 2025}), ("balances", {"year": 2026, "category": "dental"}),
    ("claims", {}), ("claims", {"order": "largest", "limit": 5}), ("claims", {"order": "smallest", "limit": 3}),
    ("claims", {"category": "GP", "status": "paid"}), ("claims", {"status": "rejected"}),
    ("claims", {"start": date(2026, 3, 1), "end": date(2026, 6, 30)}), ("claims", {"year": 2025}),
    *[("aggregate", {"metric": m, "field": f, "group_by": g})
      for m in ("sum", "count", "avg") for f in ("amount_claimed", "amount_approved")
      for g in (None, "category", "month", "year", "status")],
    ("aggregate", {"metric": "avg", "category": "GP", "year": 2025}),
    ("aggregate", {"metric": "sum", "status": "pending", "start": date(2026, 1, 1)}),
    ("policy", {}), ("policy", {"category": "OPTICAL"}),
]


def _types(rows: list) -> list[type]:
    return [type(v) for r in rows for v in (asdict(r) if hasattr(r, "__dataclass_fields__") else r).values()]


@pytest.fixture(scope="module")
def sample_users(store) -> list[str]:
    """Ten users across the id range, with many claims and with few."""
    users = store.users().sort_values(["claims", "employee_id"])
    picks = [*range(0, len(users), len(users) // 8)][:8] + [len(users) - 2, len(users) - 1]
    return list(users.iloc[picks].email)


def test_both_engines_return_identical_results_for_every_query(store, postgres_store, sample_users):
    pd.testing.assert_frame_equal(store.users(), postgres_store.users())
    pd.testing.assert_frame_equal(store.users(7), postgres_store.users(7))
    for email in sample_users:
        duck, pg = store.for_user(email), postgres_store.for_user(email.upper())
        assert duck.employee == pg.employee
        for method, kwargs in CALLS:
            expected, got = getattr(duck, method)(**kwargs), getattr(pg, method)(**kwargs)
            assert got == expected, (email, method, kwargs)
            assert _types(got) == _types(expected)  # 12.0 == 12, but a float must stay a float
        mine = duck.claims()
        for claim_id in [c.claim_id for c in mine[:3]] + ["CLM9999999", "' OR 1=1 --"]:
            assert pg.claim(claim_id) == duck.claim(claim_id)


def test_raw_queries_give_the_same_frames_and_dtypes(store, postgres_store):
    """What scorers and notebooks read through ``store.query`` is typed the same on both engines."""
    for table, key in (("claims", "claim_id"), ("employees", "employee_id"),
                       ("entitlements", "employee_id, category_code, benefit_year"), ("metadata", "key")):
        sql = f"SELECT * FROM {table} ORDER BY {key}"  # fixed names
        pd.testing.assert_frame_equal(store.query(sql), postgres_store.query(sql))
    sql = "SELECT employee_id, COUNT(*) AS n, SUM(amount_approved) AS s FROM claims WHERE benefit_year = ? " \
          "GROUP BY employee_id ORDER BY employee_id"
    pd.testing.assert_frame_equal(store.query(sql, [2025]), postgres_store.query(sql, [2025]))


def test_a_user_never_gets_another_users_rows_on_postgres(postgres_store, sample_users):
    everyone = postgres_store.query("SELECT claim_id, employee_id FROM claims")
    owner = dict(zip(everyone.claim_id, everyone.employee_id, strict=True))
    for me, other in zip(sample_users, sample_users[1:] + sample_users[:1], strict=True):
        mine, theirs = postgres_store.for_user(me), postgres_store.for_user(other)
        my_id = mine.employee.employee_id
        claims = mine.claims()
        assert all(owner[c.claim_id] == my_id for c in claims)
        assert len(claims) == sum(1 for v in owner.values() if v == my_id)
        assert all(mine.claim(c.claim_id) is None for c in theirs.claims()[:20])
        [count] = mine.aggregate("count")
        assert count["claims"] == len(claims)
        limits = postgres_store.query("SELECT category_code, CAST(annual_limit AS DOUBLE PRECISION) AS x "
                                      "FROM entitlements WHERE employee_id = ? AND benefit_year = 2026", [my_id])
        assert {(b.category_code, b.annual_limit) for b in mine.balances()} == set(zip(limits.category_code,
                                                                                      limits.x, strict=True))
        for claim in theirs.claims()[:3]:
            assert mine.claim(f"{claim.claim_id}' OR '1'='1") is None


def test_reader_role_cannot_write_even_with_read_only_switched_off(postgres_claims_url):
    """The session's read-only setting is one guard; the serving role's grants are the other."""
    with psycopg.connect(postgres_claims_url, autocommit=True) as con:
        con.execute("SET default_transaction_read_only = off")
        for sql in ("DELETE FROM claims", "UPDATE employees SET grade = 'Manager'", "CREATE TABLE pwned (x int)"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                con.execute(sql)


def test_queries_from_many_threads_share_a_bounded_pool(postgres_store, store, sample_users):
    expected = {e: store.for_user(e).balances() for e in sample_users}
    errors: list = []

    def work(email: str) -> None:
        try:
            for _ in range(5):
                assert postgres_store.for_user(email).balances() == expected[email]
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(e,)) for e in sample_users * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors and not any(t.is_alive() for t in threads)
    # Twenty threads, but never more server connections than the pool holds.
    sessions = postgres_store.query("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE usename = current_user")
    assert 1 <= sessions.n[0] <= POOL_SIZE


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("small") / "claims.duckdb"
    build_database(path, SampleSize(employees=6, claims=80, seed=7))
    return path


def _snapshot(url: str) -> dict[str, list]:
    with psycopg.connect(url) as con:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}  # fixed names


def test_load_replaces_the_tables_and_a_failed_load_changes_nothing(postgres_cluster, small_db, sample_db,
                                                                     monkeypatch):
    url = postgres_cluster.create_database("reload")
    first = copy_to_postgres(sample_db, url)
    assert first.counts["claims"] == 6000 and set(first.counts) == set(TABLES)
    again = copy_to_postgres(small_db, url)  # idempotent: replaces, never appends
    assert again.counts["claims"] == 80 and again.counts["employees"] == 6
    before = _snapshot(url)
    # A target that rejects one value: the provider column is too narrow for the rows.
    monkeypatch.setattr("workbench.claims.to_postgres.postgres_ddl",
                        lambda: postgres_ddl().replace('provider VARCHAR COLLATE "C"', "provider VARCHAR(3)"))
    with pytest.raises(DataError, match=r"table claims .* at row 1 .*nothing was changed") as failure:
        copy_to_postgres(sample_db, url)
    assert "\n" not in str(failure.value)
    assert _snapshot(url) == before
    fresh = postgres_cluster.create_database("fresh")
    with pytest.raises(DataError):
        copy_to_postgres(sample_db, fresh)
    with psycopg.connect(fresh) as con:
        assert con.execute("SELECT COUNT(*) FROM information_schema.tables "
                           "WHERE table_schema = 'public'").fetchone()[0] == 0


def test_store_errors_name_the_database_and_the_fix(postgres_cluster, monkeypatch):
    empty = postgres_cluster.create_database("empty")
    with pytest.raises(DataError, match="missing tables .*workbench db to-postgres"):
        ClaimsStore(empty)
    secret_url = f"postgresql://workbench:s3cret@127.0.0.1:{postgres_cluster.port + 1}/claims"
    with pytest.raises(DataError, match="Cannot connect") as failure:
        ClaimsStore(secret_url)
    assert "s3cret" not in str(failure.value) and "***" in str(failure.value)
    with pytest.raises(DataError, match="not found"):
        copy_to_postgres(postgres_cluster.home / "nope.duckdb", empty)


def test_cli_loads_postgres_and_serves_users_from_it(postgres_cluster, small_db, monkeypatch):
    url = postgres_cluster.create_database("cli")
    result = CliRunner().invoke(app, ["db", "to-postgres", "--url", url, "--db", str(small_db)])
    assert result.exit_code == 0, result.output
    assert "claims" in result.output and "80" in result.output
    monkeypatch.setenv("WORKBENCH_CLAIMS_DB_URL", url)
    listed = CliRunner().invoke(app, ["db", "users", "--json"])
    assert listed.exit_code == 0, listed.output
    with ClaimsStore(small_db) as duck:
        assert all(email in listed.output for email in duck.users().email)
    monkeypatch.delenv("WORKBENCH_CLAIMS_DB_URL")
    missing = CliRunner().invoke(app, ["db", "to-postgres", "--db", str(small_db)])
    assert isinstance(missing.exception, ConfigError) and "--url" in str(missing.exception)
    refused = CliRunner().invoke(app, ["db", "to-postgres", "--db", str(small_db), "--reader", "nobody_here",
                                       "--url", url])
    assert isinstance(refused.exception, DataError) and "nobody_here" in str(refused.exception)


def test_a_claims_url_that_is_not_postgres_is_a_one_line_setting_error(monkeypatch):
    monkeypatch.setenv("WORKBENCH_CLAIMS_DB_URL", "mysql://root@db/claims")
    result = CliRunner().invoke(app, ["db", "users"])
    assert isinstance(result.exception, ConfigError)
    assert "WORKBENCH_CLAIMS_DB_URL" in str(result.exception) and "postgresql://" in str(result.exception)
    assert "\n" not in str(result.exception)
