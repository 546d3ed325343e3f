"""User-scoped queries return exactly the signed-in user's data, computed independently here.

Every query test runs on both engines (``any_store``: the DuckDB file, then its PostgreSQL copy).
"""

from datetime import date
from decimal import Decimal

import pytest

from workbench.claims import ClaimsStore, SampleSize, build_database
from workbench.errors import DataError, UnknownUserError, WorkbenchError


@pytest.fixture(scope="session")
def busy_user(any_store):
    """The employee with the most claims (every query has something to return)."""
    top = any_store.query("SELECT employee_id FROM claims GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1")
    return any_store.for_user(top.employee_id[0])


def _own(store, user, where="", params=()):
    return store.query(f"SELECT * FROM claims WHERE employee_id = ? {where}",  # test-only, fixed text
                       [user.employee.employee_id, *params])


def test_user_found_by_email_or_id_case_insensitively(any_store, busy_user):
    by_email = any_store.for_user(busy_user.employee.email.upper())
    assert by_email.employee == busy_user.employee
    with pytest.raises(UnknownUserError, match="workbench db users"):
        any_store.for_user("nobody@kestrel-labs.example")


def test_balances_equal_limit_minus_approved(any_store, busy_user):
    for year in (2025, 2026):
        balances = busy_user.balances(year)
        assert len(balances) == 8
        own = _own(any_store, busy_user, "AND benefit_year = ?", [year])
        for b in balances:
            rows = own[own.category_code == b.category_code]
            spent = float(rows[rows.status.isin(["approved", "paid"])].amount_approved.sum())
            assert b.used == pytest.approx(spent, abs=0.005)
            assert b.remaining == pytest.approx(b.annual_limit - spent, abs=0.005)
            assert b.remaining >= 0
    assert [b.category_code for b in busy_user.balances(2026, "dental")] == ["DENTAL"]


def test_claims_filters(any_store, busy_user):
    everything = busy_user.claims()
    assert len(everything) == len(_own(any_store, busy_user))
    assert {c.claim_id for c in everything} == set(_own(any_store, busy_user).claim_id)
    gp_paid = busy_user.claims(category="GP", status="paid")
    assert gp_paid and all(c.category_code == "GP" and c.status == "paid" for c in gp_paid)
    window = busy_user.claims(start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert all(date(2026, 3, 1) <= c.service_date <= date(2026, 3, 31) for c in window)
    assert len(window) == len(_own(any_store, busy_user, "AND service_date BETWEEN ? AND ?",
                                   [date(2026, 3, 1), date(2026, 3, 31)]))
    with pytest.raises(WorkbenchError, match="Unknown category"):
        busy_user.claims(category="SPA")


def test_claim_by_id_only_when_it_is_the_users(any_store, busy_user):
    mine = busy_user.claims()[0]
    assert busy_user.claim(mine.claim_id.lower()) == mine
    others = any_store.query("SELECT claim_id FROM claims WHERE employee_id <> ? LIMIT 25",
                         [busy_user.employee.employee_id]).claim_id
    assert all(busy_user.claim(cid) is None for cid in others)
    assert busy_user.claim("' OR 1=1 --") is None


def test_aggregates_match_pandas(any_store, busy_user):
    own = _own(any_store, busy_user, "AND benefit_year = 2025")
    by_cat = {r["group"]: r for r in busy_user.aggregate("sum", "amount_claimed", "category", year=2025)}
    for code, rows in own.groupby("category_code"):
        assert by_cat[code]["value"] == pytest.approx(float(rows.amount_claimed.sum()), abs=0.01)
        assert by_cat[code]["claims"] == len(rows)
    [count] = busy_user.aggregate("count", year=2025)
    assert count["value"] == len(own)
    [avg] = busy_user.aggregate("avg", "amount_claimed", category="GP", year=2025)
    gp = own[own.category_code == "GP"].amount_claimed
    assert avg["value"] == pytest.approx(round(float(gp.mean()), 2), abs=0.01)
    months = busy_user.aggregate("sum", group_by="month", year=2025)
    assert all(r["group"].startswith("2025-") for r in months)
    with pytest.raises(WorkbenchError, match="Unknown field"):
        busy_user.aggregate("sum", "salary")  # type: ignore[arg-type]


def test_policy_rows_use_the_users_grade(busy_user):
    rows = {r.category_code: r for r in busy_user.policy()}
    grade_index = ("Associate", "Senior", "Manager").index(busy_user.employee.grade)
    assert rows["GP"].annual_limit == (1500, 2000, 2500)[grade_index]
    assert rows["DENTAL"].payer == "employer" and rows["HOSPITAL"].payer == "insurer"
    assert rows["SPECIALIST"].claim_deadline_days == 60


def test_store_is_read_only(any_store):
    for sql in ("DELETE FROM claims", "UPDATE claims SET status = 'paid'", "CREATE TABLE pwned (x INTEGER)"):
        with pytest.raises(any_store.errors, match="(?i)read-only|read only|read_only"):
            any_store.query(sql)


def test_missing_and_corrupt_database(tmp_path):
    with pytest.raises(DataError, match="run `workbench db init`"):
        ClaimsStore(tmp_path / "nope.duckdb")
    corrupt = tmp_path / "corrupt.duckdb"
    corrupt.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DataError, match="corrupt.duckdb"):
        ClaimsStore(corrupt)


def test_failed_build_leaves_existing_database_untouched(tmp_path, monkeypatch):
    path = tmp_path / "claims.duckdb"
    build_database(path, SampleSize(employees=5, claims=50))
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("workbench.claims.store.generate", boom)
    with pytest.raises(RuntimeError):
        build_database(path, SampleSize(employees=5, claims=50))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["claims.duckdb"]


def test_averages_equal_the_eval_generators_to_the_cent(any_store, store):
    """avg is what `eval generate` expects (DuckDB's ROUND(AVG(x), 2)), exactly, on either engine.

    Checked where rounding is decided: groups whose exact average ends in half a cent.
    """
    groups = store.query("SELECT employee_id, category_code, benefit_year, CAST(SUM(amount_claimed) * 100 AS BIGINT) "
                         "AS cents, COUNT(*) AS n FROM claims GROUP BY employee_id, category_code, benefit_year "
                         "ORDER BY 1, 2, 3")
    halves = groups[(groups.cents * 2 % groups.n == 0) & ((groups.cents * 2 // groups.n) % 2 == 1)]
    # Ties that are exact in binary (x.125, x.375, …) first: there half-up and half-even differ.
    exact = [Decimal(cents / 100 / n) == Decimal(cents / 100 / n).quantize(Decimal("0.001"))
             for cents, n in zip(halves.cents, halves.n, strict=True)]
    halves = halves.assign(exact=exact).sort_values("exact", ascending=False, kind="stable")
    assert len(halves) >= 20 and halves.exact.sum() >= 5
    for row in halves.head(60).itertuples():
        truth = store.query("SELECT CAST(ROUND(AVG(amount_claimed), 2) AS DOUBLE) AS v FROM claims "
                            "WHERE employee_id = ? AND category_code = ? AND benefit_year = ?",
                            [row.employee_id, row.category_code, row.benefit_year]).v[0]
        [got] = any_store.for_user(row.employee_id).aggregate("avg", category=row.category_code,
                                                              year=row.benefit_year)
        assert got["value"] == truth, row
