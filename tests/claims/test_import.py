"""`db import`: the example extract imports exactly; each bad-row class fails with one line, atomically."""

from __future__ import annotations

import csv
import hashlib
import shutil
import stat
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from workbench.claims import ClaimsStore
from workbench.claims.importer import import_database
from workbench.claims.mapping import load_mapping
from workbench.cli import app
from workbench.config import PROJECT_ROOT
from workbench.errors import ConfigError, DataError

EXAMPLE = PROJECT_ROOT / "examples" / "byod"


@pytest.fixture
def extract(tmp_path) -> Path:
    """A private copy of the example extract (tests edit its files)."""
    folder = tmp_path / "byod"
    shutil.copytree(EXAMPLE, folder)
    return folder


@pytest.fixture
def previous_db(tmp_path) -> Path:
    """An existing database at the import target, imported from the untouched example."""
    path = tmp_path / "claims.duckdb"
    import_database(load_mapping(EXAMPLE / "mapping.yaml"), path)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _edit(folder: Path, file: str, row: int, column: str, value: str) -> None:
    """Set one cell of a CSV (row 1 = the first data row)."""
    frame = pd.read_csv(folder / file, dtype=str, keep_default_na=False)
    frame.loc[row - 1, column] = value
    frame.to_csv(folder / file, index=False)


def test_example_extract_imports_with_exact_values(extract, tmp_path):
    """Every row arrives, values mapped to project codes, sums equal to the CSV's own sums."""
    target = tmp_path / "new.duckdb"
    result = import_database(load_mapping(extract / "mapping.yaml"), target)
    source = pd.read_csv(extract / "claims.csv", dtype={"approved_myr": float})
    assert result.counts == {"employees": 20, "entitlements": 20 * 8 * 2, "category_limits": 8 * 3,
                             "claims": len(source)}
    with ClaimsStore(target) as store:
        busiest = source.staff_no.value_counts().index[0]
        user = store.for_user(busiest)
        mine = source[source.staff_no == busiest]
        history = user.claims(limit=10_000)
        assert len(history) == len(mine)
        assert sum(c.amount_claimed for c in history) == pytest.approx(mine.claimed_myr.sum(), abs=0.01)
        dental = mine[(mine.benefit == "Dental") & mine.outcome.isin(["Approved", "Paid"])
                      & mine.treated_on.str.endswith("2026")]
        grade = pd.read_csv(extract / "employees.csv").set_index("staff_no").band[busiest]
        limit = {"Band A": 800, "Band B": 1000, "Band C": 1200}[grade]
        (balance,) = user.balances(2026, "DENTAL")
        assert balance.annual_limit == limit
        assert balance.remaining == pytest.approx(limit - dental.approved_myr.sum(), abs=0.01)
        statuses = set(store.query("SELECT DISTINCT status FROM claims").status)
        assert statuses <= {"submitted", "pending", "approved", "rejected", "paid"}
        as_of = store.query("SELECT value FROM metadata WHERE key = 'as_of'").value[0]
    assert as_of == max(pd.to_datetime(source.lodged_on, format="%d/%m/%Y")).date().isoformat()


def test_parquet_extract_imports_like_csv(extract, tmp_path):
    """The same extract as Parquet (typed dates and amounts) gives the same database contents."""
    for name in ("employees", "limits", "claims"):
        frame = pd.read_csv(extract / f"{name}.csv", dtype=str, keep_default_na=False)
        if name == "claims":
            for col in ("treated_on", "lodged_on"):
                frame[col] = pd.to_datetime(frame[col], format="%d/%m/%Y").dt.date
            frame["claimed_myr"] = frame.claimed_myr.astype(float)
        frame.to_parquet(extract / f"{name}.parquet", index=False)
    mapping = load_mapping(extract / "mapping.yaml", {n: extract / f"{n}.parquet"
                                                      for n in ("employees", "limits", "claims")})
    csv_db, pq_db = tmp_path / "csv.duckdb", tmp_path / "pq.duckdb"
    import_database(load_mapping(extract / "mapping.yaml"), csv_db)
    import_database(mapping, pq_db)
    query = "SELECT * FROM claims ORDER BY claim_id"
    with duckdb.connect(str(csv_db), read_only=True) as a, duckdb.connect(str(pq_db), read_only=True) as b:
        pd.testing.assert_frame_equal(a.sql(query).df(), b.sql(query).df())


def test_per_employee_entitlements_replace_limits_by_grade(extract, tmp_path):
    """With an entitlements file, balances use each employee's own limit (and policy limits follow)."""
    people = pd.read_csv(extract / "employees.csv")
    rows = [(e, "Dental", year, 555.55 if e == "E1001" else 700.0)
            for e in people.staff_no for year in (2025, 2026)]
    pd.DataFrame(rows, columns=["staff_no", "benefit", "year", "limit"]).to_csv(extract / "ent.csv", index=False)
    raw = yaml.safe_load((extract / "mapping.yaml").read_text())
    del raw["limits"]
    raw["entitlements"] = {"file": "ent.csv", "columns": {"employee_id": "staff_no", "category_code": "benefit",
                                                          "benefit_year": "year", "annual_limit": "limit"}}
    (extract / "mapping.yaml").write_text(yaml.safe_dump(raw))
    target = tmp_path / "ent.duckdb"
    result = import_database(load_mapping(extract / "mapping.yaml"), target)
    assert result.counts["entitlements"] == len(rows)
    with ClaimsStore(target) as store:
        (balance,) = store.for_user("E1001").balances(2026, "DENTAL")
        assert balance.annual_limit == pytest.approx(555.55)
        assert store.for_user("E1002").policy("DENTAL")[0].annual_limit == 700.0  # the grade's common limit


def test_parquet_amounts_with_more_than_two_decimals_are_rejected(extract, tmp_path):
    """A typed Parquet amount is parsed as strictly as text: 12.345 is not an amount."""
    frame = pd.read_csv(extract / "claims.csv", dtype=str, keep_default_na=False)
    frame["claimed_myr"] = frame.claimed_myr.astype(float)
    frame.loc[4, "claimed_myr"] = 12.345
    frame.to_parquet(extract / "claims.parquet", index=False)
    with pytest.raises(DataError, match=r"claims\.parquet row 5, column claimed_myr \(amount_claimed\), "
                       r"value '12\.345': not an amount"):
        import_database(load_mapping(extract / "mapping.yaml", {"claims": extract / "claims.parquet"}),
                        tmp_path / "x.duckdb")


# file, row (1 = first data row), column, bad value, what the one-line error must say
BAD_ROWS = [
    ("claims.csv", 7, "benefit", "Massage", r"claims\.csv line 8, column benefit \(category_code\), "
     r"value 'Massage': unknown category; map it under values\.category"),
    ("claims.csv", 3, "claimed_myr", "-40.00", r"claims\.csv line 4, column claimed_myr \(amount_claimed\), "
     r"value '-40\.00': negative amount"),
    ("claims.csv", 1, "approved_myr", "99999.00", r"claims\.csv line 2, column approved_myr "
     r"\(amount_approved\), value '99999\.00': approved amount greater than the amount claimed"),
    ("claims.csv", 5, "treated_on", "31/12/2026", r"claims\.csv line 6, column treated_on \(service_date\), "
     r"value '31/12/2026': service date after the submission date"),
    ("claims.csv", 9, "ref", "CLM0000001", r"claims\.csv line 10, column ref \(claim_id\), value "
     r"'CLM0000001': duplicate claim id \(first at claims\.csv line 2\)"),
    ("claims.csv", 4, "staff_no", "E9999", r"claims\.csv line 5, column staff_no \(employee_id\), "
     r"value 'E9999': claim for an unknown employee"),
    ("claims.csv", 2, "lodged_on", "2026-03-04", r"claims\.csv line 3, column lodged_on \(submitted_date\), "
     r"value '2026-03-04': not a date in the mapping's date_format; write dates as %d/%m/%Y"),
    ("claims.csv", 6, "claimed_myr", "1,200.00", r"claims\.csv line 7, column claimed_myr "
     r"\(amount_claimed\), value '1,200\.00': not an amount"),
    ("claims.csv", 8, "outcome", "Lost", r"claims\.csv line 9, column outcome \(status\), value 'Lost': "
     r"unknown status"),
    ("claims.csv", 10, "ref", "", r"claims\.csv line 11, column ref \(claim_id\), value empty: missing value"),
    ("employees.csv", 2, "work_email", "not-an-email", r"employees\.csv line 3, column work_email \(email\), "
     r"value 'not-an-email': not an email address"),
    ("employees.csv", 3, "band", "Band Z", r"employees\.csv line 4, column band \(grade\), value 'Band Z': "
     r"grade with no limits"),
    ("limits.csv", 1, "yearly_limit", "-1.00", r"limits\.csv line 2, column yearly_limit \(annual_limit\), "
     r"value '-1\.00': negative amount"),
]


@pytest.mark.parametrize(("file", "row", "column", "value", "message"), BAD_ROWS,
                         ids=[f"{b[0]}:{b[2]}={b[3] or 'empty'}" for b in BAD_ROWS])
def test_bad_row_fails_with_one_line_and_leaves_the_previous_db(extract, previous_db, file, row, column,
                                                               value, message):
    """Each bad-row class names file, line, column, value, problem and fix; nothing is written."""
    _edit(extract, file, row, column, value)
    before = _digest(previous_db)
    with pytest.raises(DataError, match=message) as caught:
        import_database(load_mapping(extract / "mapping.yaml"), previous_db)
    assert "\n" not in str(caught.value) and str(caught.value).endswith("nothing was written.")
    assert _digest(previous_db) == before
    assert not list(previous_db.parent.glob(".*.tmp*"))
    with ClaimsStore(previous_db) as store:
        assert len(store.query("SELECT * FROM claims")) == 600


def test_missing_column_names_the_file_and_the_mapping_key(extract, previous_db):
    """A required column that is absent is a file-level error naming the mapping key to set."""
    frame = pd.read_csv(extract / "claims.csv", dtype=str).drop(columns=["lodged_on"])
    frame.to_csv(extract / "claims.csv", index=False)
    before = _digest(previous_db)
    with pytest.raises(DataError, match=r"claims\.csv: required column 'lodged_on' \(submitted_date\) is "
                       r"missing.*claims\.columns\.submitted_date"):
        import_database(load_mapping(extract / "mapping.yaml"), previous_db)
    assert _digest(previous_db) == before


def test_report_lists_every_problem_and_writes_nothing(extract, previous_db, tmp_path):
    """--report writes all problems as CSV, in file and row order; the database is untouched."""
    _edit(extract, "claims.csv", 20, "benefit", "Massage")
    _edit(extract, "claims.csv", 3, "claimed_myr", "-5")
    _edit(extract, "claims.csv", 3, "approved_myr", "")  # else "approved > claimed" is a 4th problem
    _edit(extract, "claims.csv", 30, "staff_no", "nobody")
    before, report = _digest(previous_db), tmp_path / "problems.csv"
    with pytest.raises(DataError, match=r"3 problem\(s\) in the extract, all listed in .*problems\.csv"):
        import_database(load_mapping(extract / "mapping.yaml"), previous_db, report=report)
    rows = list(csv.DictReader(report.open()))
    assert [(r["where"], r["value"]) for r in rows] == [
        ("claims.csv line 4", "-5"), ("claims.csv line 21", "Massage"), ("claims.csv line 31", "nobody")]
    assert all(r["problem"] and r["fix"] for r in rows)
    assert _digest(previous_db) == before


@pytest.mark.parametrize(("change", "message"), [
    (lambda m: m["values"]["category"].update(Massage="SPA"), r"field 'values\.category'.*unknown category 'SPA'"),
    (lambda m: m["values"]["status"].update(Done="finished"), r"field 'values\.status'.*unknown status 'finished'"),
    (lambda m: m["claims"].update(colums={}), r"field 'claims\.colums'"),
    (lambda m: m["claims"]["columns"].update(amount="x"), r"claims\.columns: unknown project column"),
    (lambda m: m.update(entitlements={"file": "e.csv"}), r"either 'entitlements'.*or 'limits'"),
])
def test_bad_mapping_names_the_field(extract, change, message):
    """Mapping mistakes are caught by pydantic and named by their field path."""
    raw = yaml.safe_load((extract / "mapping.yaml").read_text())
    change(raw)
    (extract / "mapping.yaml").write_text(yaml.safe_dump(raw))
    with pytest.raises(DataError, match=message):
        load_mapping(extract / "mapping.yaml")


def test_pseudonyms_are_stable_keyed_and_the_map_stays_outside(extract, tmp_path):
    """Same secret → same pseudonyms; another secret → others; no real identity in the database."""
    mapping = load_mapping(extract / "mapping.yaml")
    secret = "correct horse battery staple"
    first, second, other = (tmp_path / f"{n}.duckdb" for n in ("first", "second", "other"))
    pairs = tmp_path / "private" / "pseudonyms.csv"
    import_database(mapping, first, secret=secret, pseudonym_map=pairs)
    import_database(mapping, second, secret=secret)
    import_database(mapping, other, secret="another secret entirely")
    people = pd.read_csv(extract / "employees.csv")
    query = "SELECT employee_id, email, full_name FROM employees ORDER BY 1"
    with duckdb.connect(str(first), read_only=True) as a, duckdb.connect(str(second), read_only=True) as b, \
            duckdb.connect(str(other), read_only=True) as c:
        one, two, three = a.sql(query).df(), b.sql(query).df(), c.sql(query).df()
        everything = " ".join(str(v) for t in ("employees", "claims", "metadata")
                              for v in a.sql(f"SELECT * FROM {t}").df().to_numpy().ravel())
    pd.testing.assert_frame_equal(one, two)
    assert not set(one.email) & set(three.email)
    assert one.email.str.endswith("@pseudonym.invalid").all() and one.email.is_unique
    for real in [*people.work_email, *people.name]:
        assert real not in everything
    written = pd.read_csv(pairs)
    assert set(written.email) == set(people.work_email)
    assert set(written.pseudonym_email) == set(one.email)
    assert stat.S_IMODE(pairs.stat().st_mode) == 0o600
    with pytest.raises(ConfigError, match="at least 12"):
        import_database(mapping, tmp_path / "x.duckdb", secret="short")


def test_cli_prints_one_line_and_exits_1(extract, previous_db):
    """`workbench db import` on a bad extract: exit 1, the error in one line, the old DB kept."""
    _edit(extract, "claims.csv", 3, "claimed_myr", "-40.00")
    before = _digest(previous_db)
    result = CliRunner().invoke(app, ["db", "import", "--mapping", str(extract / "mapping.yaml"),
                                      "--db", str(previous_db)])
    assert result.exit_code != 0
    assert isinstance(result.exception, DataError)
    assert "negative amount" in str(result.exception) and "\n" not in str(result.exception)
    assert _digest(previous_db) == before


def test_cli_imports_and_pseudonymises_with_a_secret_from_the_environment(extract, tmp_path, monkeypatch):
    """--pseudonymise --secret-env VAR reads the secret from the named variable."""
    monkeypatch.setenv("MY_PSEUDONYM_SECRET", "a long enough secret")
    target = tmp_path / "cli.duckdb"
    result = CliRunner().invoke(app, ["db", "import", "--mapping", str(extract / "mapping.yaml"), "--db",
                                      str(target), "--pseudonymise", "--secret-env", "MY_PSEUDONYM_SECRET"])
    assert result.exit_code == 0, result.output
    assert "pseudonymised" in result.output
    with ClaimsStore(target) as store:
        assert store.users(1).email[0].endswith("@pseudonym.invalid")
    monkeypatch.delenv("MY_PSEUDONYM_SECRET")
    result = CliRunner().invoke(app, ["db", "import", "--mapping", str(extract / "mapping.yaml"), "--db",
                                      str(target), "--pseudonymise", "--secret-env", "MY_PSEUDONYM_SECRET"])
    assert isinstance(result.exception, ConfigError)


@pytest.mark.slow
def test_walkthrough_my_data_to_suites_to_ab(tmp_path):
    """examples/byod end to end: import → kb ingest → eval generate (own questions) → lock → A/B v1 vs v2."""
    from workbench.config import Settings
    from workbench.evaluation.datasets.cases import load_cases
    from workbench.evaluation.datasets.generate import SUITES, build_suites
    from workbench.evaluation.datasets.lock import write_lock
    from workbench.evaluation.experiment import compare_runs, evaluate
    from workbench.knowledge import KnowledgeIndex

    s = Settings().with_overrides(data_dir=tmp_path / "data", datasets_dir=tmp_path / "datasets",
                                  knowledge_dir=EXAMPLE / "policies")
    import_database(load_mapping(EXAMPLE / "mapping.yaml"), s.claims_db)
    assert KnowledgeIndex(s).ingest().added > 0
    with ClaimsStore(s.claims_db) as store:
        counts = build_suites(store, s.datasets_dir, users=8, policy_cases=EXAMPLE / "questions.jsonl")
        emails = set(store.query("SELECT email FROM employees").email)
    write_lock(s.datasets_dir, SUITES)  # your own suites' test split, sealed on purpose
    full = load_cases(s.datasets_dir / "full.jsonl")
    assert sum(counts["full"].values()) == len(full) and counts["smoke"]["test"] > 0
    assert {c.user for c in full} <= emails  # every case is asked by an imported employee
    own = [c for c in full if "own" in c.tags]
    assert len(own) == 10 and {c.split for c in own} == {"dev", "test"}
    assert not [c for c in full if c.expected.reference_sections and "own" not in c.tags]
    data_users = {c.user for c in full if "data" in c.tags}
    assert len(data_users) == 8  # the small extract has fewer than 8 users with ≥ 25 claims

    a = evaluate(s, "smoke", "v1", "offline", concurrency=2, split="all")
    b = evaluate(s, "smoke", "v2", "offline", concurrency=2, split="all")
    report = compare_runs(s, a.run_id, b.run_id)
    assert report.comparison.n == sum(counts["smoke"].values())
    assert a.summary["errors"] == 0 and b.summary["errors"] == 0
    # The offline baseline answers questions about the imported claims from the imported data.
    assert b.summary["numeric.pass_rate"] >= 0.6, b.summary
    assert b.summary.get("leakage.pass_rate", 1.0) == 1.0
