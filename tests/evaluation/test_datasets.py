"""Eval datasets: splits, template partition, the test-split lock, generation and bad input."""

import json
import random
import shutil
from collections import Counter
from datetime import date, timedelta
from functools import partial

import pytest
from typer.testing import CliRunner

from workbench.claims import AS_OF
from workbench.errors import DataError
from workbench.evaluation.datasets import generate as g
from workbench.evaluation.datasets.cases import Dataset, EvalCase, load_cases
from workbench.evaluation.datasets.generate import SUITES, generate_data_cases, load_handwritten, stratified
from workbench.evaluation.datasets.lock import (
    LOCK_FILE,
    check_test_split,
    hash_test_split,
    load_locked,
    lock_changes,
    read_lock,
    write_lock,
)
from workbench.evaluation.datasets.templates import DATA_INTENTS, TEMPLATES, Template

ROW = {"user": "a@example.com", "question": "What is my dental balance?", "intent": "balance"}


def _row(id_: str, split: str, **extra) -> dict:
    return {"id": id_, "split": split, **ROW, **extra}


def _write(path, rows) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture
def locked_suite(tmp_path):
    """A suite of two dev and two test cases with its lock written."""
    path = tmp_path / "smoke.jsonl"
    _write(path, [_row("d1", "dev"), _row("t1", "test"), _row("d2", "dev"), _row("t2", "test")])
    write_lock(tmp_path, ("smoke",))
    return path


# Bad input: one line naming the file and the row --------------------------------------------

def _no_split(path):
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    del rows[2]["split"]
    _write(path, rows)


def _same_id_other_split(path):
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    rows[3]["id"] = "d1"  # a test case reusing a dev case's id
    _write(path, rows)


def _edit_test_case(path):
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    rows[3]["question"] = "What is my optical balance?"
    _write(path, rows)


def _add_test_case(path):
    _write(path, [json.loads(line) for line in path.read_text().splitlines()] + [_row("t3", "test")])


def _move_test_to_dev(path):
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    rows[1]["split"] = "dev"
    _write(path, rows)


def _drop_lock_entry(path):
    (path.parent / LOCK_FILE).unlink()


@pytest.mark.parametrize(("corrupt", "where", "message"), [
    (_no_split, "smoke.jsonl:3", "field 'split': Field required"),
    (_same_id_other_split, "smoke.jsonl:4", "duplicate case id 'd1'"),
    (_edit_test_case, "smoke.jsonl:4", "test case 't2' changed since test.lock.json"),
    (_add_test_case, "smoke.jsonl:5", "test case 't3' is not in test.lock.json"),
    (_move_test_to_dev, "smoke.jsonl", "1 test cases, 2 locked"),
    (_drop_lock_entry, "smoke.jsonl", "has 2 test cases but no entry"),
])
def test_bad_suites_fail_in_one_line_naming_file_and_row(locked_suite, corrupt, where, message):
    corrupt(locked_suite)
    with pytest.raises(DataError) as err:
        load_locked(locked_suite)
    text = str(err.value)
    assert where in text and message in text and "\n" not in text
    if "lock" in message or "locked" in message:
        assert "workbench eval lock" in text


def test_a_duplicate_id_across_handwritten_files_names_both_files(tmp_path, store):
    folder = tmp_path / "handwritten"
    folder.mkdir()
    _write(folder / "a.jsonl", [_row("h1", "dev", user="{user}")])
    _write(folder / "b.jsonl", [_row("h2", "test", user="{user}"), _row("h1", "test", user="{user}")])
    with pytest.raises(DataError) as err:
        load_handwritten(store, folder, ["me@kestrel-labs.example"])
    assert "b.jsonl:2" in str(err.value) and "also in a.jsonl" in str(err.value)


# The lock ----------------------------------------------------------------------------------------

def test_the_lock_accepts_an_unchanged_or_reordered_test_split_and_dev_edits(locked_suite):
    assert [c.id for c in load_locked(locked_suite)] == ["d1", "t1", "d2", "t2"]
    rows = [json.loads(line) for line in locked_suite.read_text().splitlines()][::-1]
    rows[1]["question"] = "dev cases may change freely"  # d2
    _write(locked_suite, rows)
    assert len(load_locked(locked_suite)) == 4
    assert lock_changes(locked_suite.parent, ("smoke",)) == []


def test_relocking_reports_the_change_and_then_loads(locked_suite):
    _edit_test_case(locked_suite)
    changes = write_lock(locked_suite.parent, ("smoke",))
    assert len(changes) == 1 and changes[0].startswith("smoke: test cases 2 → 2, hash ")
    assert len(load_locked(locked_suite)) == 4


def test_a_suite_of_dev_cases_needs_no_lock(tmp_path):
    path = tmp_path / "scratch.jsonl"
    _write(path, [_row("d1", "dev")])
    check_test_split(path, load_cases(path))  # no lock file, no test cases: fine


def test_eval_lock_rewrites_the_lock_and_says_what_changed(tmp_path, monkeypatch):
    from workbench.cli import app

    for suite in SUITES:
        _write(tmp_path / f"{suite}.jsonl", [_row("d1", "dev"), _row(f"{suite}-t", "test")])
    monkeypatch.setenv("WORKBENCH_DATASETS_DIR", str(tmp_path))
    first = CliRunner().invoke(app, ["eval", "lock"])
    assert first.exit_code == 0 and "smoke: newly locked (1 test cases" in first.output
    again = CliRunner().invoke(app, ["eval", "lock"])
    assert again.exit_code == 0 and "no test split changed" in again.output


# Splits -------------------------------------------------------------------------------------------

def test_select_filters_by_split_and_the_hash_records_it(locked_suite):
    suite = Dataset(name="smoke", cases=load_cases(locked_suite))
    test, dev, both = suite.select("test"), suite.select("dev"), suite.select("all")
    assert [c.id for c in test.cases] == ["t1", "t2"] and [c.id for c in dev.cases] == ["d1", "d2"]
    assert len({test.hash, dev.hash, both.hash}) == 3
    with pytest.raises(DataError, match="Unknown split 'tset'"):
        suite.select("tset")
    only_dev = Dataset(name="scratch", cases=dev.cases)
    with pytest.raises(DataError, match="no test cases"):
        only_dev.select("test")


def test_templates_are_partitioned_between_splits():
    ids = Counter(t.id for t in TEMPLATES)
    assert max(ids.values()) == 1, "a template id is declared twice"
    data = [t for t in TEMPLATES if t.intent in DATA_INTENTS and not t.fact.startswith("other")]
    assert len(data) >= 40
    texts = {split: {t.text.lower() for t in TEMPLATES if t.split == split} for split in ("dev", "test")}
    assert not texts["dev"] & texts["test"]
    for intent in (*DATA_INTENTS, "other_user", "out_of_scope"):
        per_split = Counter(t.split for t in TEMPLATES if t.intent == intent)
        assert per_split["dev"] >= 1 and per_split["test"] >= 1, intent
    for voice in ("terse", "typo", "code_switch", "multi_clause", "polite", "follow_up"):
        assert {t.split for t in TEMPLATES if t.voice == voice} == {"dev", "test"}, voice


# Generation ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def generated(store):
    return generate_data_cases(store, users=6, per_template=2)


def test_generated_cases_inherit_their_templates_split(generated):
    by_id = {t.id: t for t in TEMPLATES}
    assert {c.template for c in generated} <= set(by_id)
    assert all(c.split == by_id[c.template].split and c.intent == by_id[c.template].intent for c in generated)
    assert len({c.template for c in generated}) >= 0.9 * len(TEMPLATES)  # nearly every template applies


def test_sql_ground_truth_agrees_with_the_store_api(generated, store):
    # The generator's SQL is independent of the agent's store API; both must give the same balance.
    checked = 0
    for case in generated:
        if case.template != "bal-terse":
            continue
        word = case.question.split(" bal?")[0]
        code = next(k for k, v in _words().items() if v == word)
        balance = store.for_user(case.user).balances(category=code)[0]
        assert case.expected.numbers == [pytest.approx(float(balance.remaining))]
        checked += 1
    assert checked >= 1


def test_superlative_difference_and_usage_facts_agree_with_the_store_api(store):
    # The facts behind the superlative, comparison and usage templates, recomputed for a few users
    # and category pairs with the agent's (independent) store API.
    everyone = store.query("SELECT employee_id, email, full_name FROM employees ORDER BY 1")
    checked = Counter()
    for user in g._active_users(store, 6).itertuples():
        api = store.for_user(user.email)
        for k in range(4):
            s = g._slots(random.Random(f"facts:{k}"), store, user, everyone)
            totals = [sum(c.amount_claimed for c in api.claims(category=cat, year=AS_OF.year))
                      for cat in (s.cat, s.cat2)]
            fact = g.FACTS["difference"](s, "")
            if fact is not None:
                expected, _ = fact
                assert expected["numbers"] == [pytest.approx(abs(totals[0] - totals[1]), abs=0.005)]
                bigger = s.cat if totals[0] > totals[1] else s.cat2
                assert expected["must_include"] == [_words()[bigger]]
                checked["difference"] += 1
            # s.month is before this month, so its last day is the day before the next month's first.
            month = (date(AS_OF.year, s.month, 1), date(AS_OF.year, s.month + 1, 1) - timedelta(days=1))
            for name, kwargs, order in (
                    ("largest_category", {"category": s.cat}, "largest"),
                    ("smallest_category", {"category": s.cat}, "smallest"),
                    ("largest_rejected", {"status": "rejected"}, "largest"),
                    ("largest_month", {"start": month[0], "end": month[1]}, "largest")):
                fact = g.FACTS[name](s, "")
                top = api.claims(order=order, limit=2, **kwargs)
                if fact is None:  # no such claims, or a tie for the top amount
                    assert not top or (len(top) == 2 and top[0].amount_claimed == top[1].amount_claimed)
                    continue
                expected, _ = fact
                assert expected["numbers"] == [pytest.approx(top[0].amount_claimed)], name
                assert expected["must_include"] == [top[0].claim_id], name
                checked[name] += 1
            fact = g.FACTS["used"](s, "")
            if fact is not None:
                assert fact[0]["numbers"] == [pytest.approx(api.balances(category=s.cat)[0].used)]
                checked["used"] += 1
    assert set(checked) == {"difference", "largest_category", "smallest_category", "largest_rejected",
                            "largest_month", "used"}, checked


def test_claimed_vs_approved_and_this_years_comparison_facts_agree_with_the_store_api(store):
    # "how much did I claim, and how much got approved?" and "{w} or {w2}, which is higher?", this
    # year: recomputed from the agent's (independent) store API.
    everyone = store.query("SELECT employee_id, email, full_name FROM employees ORDER BY 1")
    checked = Counter()
    for user in g._active_users(store, 6).itertuples():
        api = store.for_user(user.email)
        for k in range(4):
            s = g._slots(random.Random(f"approved:{k}"), store, user, everyone)
            mine = api.claims(category=s.cat, year=AS_OF.year)
            fact = g.FACTS["claimed_vs_approved"](s, "")
            if not mine:
                assert fact is None
            else:
                claimed = sum(c.amount_claimed for c in mine)
                approved = sum(c.amount_approved or 0 for c in mine)
                assert fact[0]["numbers"] == [pytest.approx(claimed, abs=0.005), pytest.approx(approved, abs=0.005)]
                checked["claimed_vs_approved"] += 1
            totals = [sum(c.amount_claimed for c in api.claims(category=cat, year=AS_OF.year))
                      for cat in (s.cat, s.cat2)]
            fact = g.FACTS["compare"](s, "")
            if s.cat == s.cat2 or round(totals[0], 2) == round(totals[1], 2):
                assert fact is None
                continue
            bigger = s.cat if totals[0] > totals[1] else s.cat2
            assert fact[0]["numbers"] == [pytest.approx(t, abs=0.005) for t in totals]
            assert fact[0]["must_include"] == [_words()[bigger]]
            checked["compare"] += 1
    assert set(checked) == {"claimed_vs_approved", "compare"}, checked


def test_status_facts_ask_the_amount_only_when_the_question_does(store):
    # A question naming a claim by id and asking only its status ("where is CLM… at?") is answered
    # by the status alone; status_amount (questions that also ask "how much") adds the amount claimed.
    everyone = store.query("SELECT employee_id, email, full_name FROM employees ORDER BY 1")
    checked = 0
    for user in g._active_users(store, 6).head(6).itertuples():
        api = store.for_user(user.email)
        s = g._slots(random.Random(f"status:{user.employee_id}"), store, user, everyone)
        for name, cid in (("status", s.claim.claim_id), ("status2", s.claim2.claim_id)):
            expected, _ = g.FACTS[name](s, "")
            assert expected == {"must_include": [api.claim(cid).status]}, name
        expected, _ = g.FACTS["status_amount"](s, "")
        claim = api.claim(s.claim.claim_id)
        assert expected["numbers"] == [pytest.approx(claim.amount_claimed)]
        assert expected["must_include"] == [claim.status]
        checked += 1
    assert checked == 6
    amount_words = ("how much", "amount", "amt")
    for t in TEMPLATES:
        if t.fact in ("status", "status2"):
            assert not any(w in t.text.lower() for w in amount_words), t.id
        if t.fact == "status_amount":
            assert any(w in t.text.lower() for w in amount_words), t.id


def test_one_fact_has_one_intent_for_oldest_pending():
    # "Which pending claim has waited longest?" is the same fact in every template: one label.
    assert {t.intent for t in TEMPLATES if t.fact == "oldest_pending"} == {"claim_aggregate"}


def test_listing_position_and_pending_count_facts_agree_with_the_store_api(store):
    # "the second one?" after a listing: the fact is the status and amount of the claim the earlier
    # answer listed second, recomputed with the agent's store API (newest first, as listed).
    everyone = store.query("SELECT employee_id, email, full_name FROM employees ORDER BY 1")
    checked = Counter()
    for user in g._active_users(store, 6).itertuples():
        api = store.for_user(user.email)
        for k in range(4):
            s = g._slots(random.Random(f"listing:{k}"), store, user, everyone)
            listed = api.claims(category=s.cat, year=AS_OF.year - 1, order="newest")
            shown = g.FACTS["listing"](s, "")[1]
            for name, n in (("listing_first", 0), ("listing_second", 1)):
                fact = g.FACTS[name](s, "")
                if len(listed) <= n:
                    assert fact is None, name
                    continue
                expected, _ = fact
                assert expected["numbers"] == [pytest.approx(listed[n].amount_claimed)], name
                assert expected["must_include"] == [listed[n].status], name
                # The earlier turn's answer lists the claims in the same order.
                ids = shown.split(": ", 1)[1].rstrip(".").split(", ")
                assert ids[n] == listed[n].claim_id, name
                checked[name] += 1
        pending = g.FACTS["pending_count"](s, "")[0]["numbers"]
        assert pending == [len(api.claims(status="pending"))]
    assert set(checked) == {"listing_first", "listing_second"}, checked


def _dz_oracle(api, s) -> dict:
    """What each dz-* fact should be for these slots, recomputed with the agent's (independent) store API.

    Each value is (numbers, must_include as a set) or None where the fact must not apply (no such
    claims, or a tie that leaves no single right answer).
    """
    y, py, words = AS_OF.year, AS_OF.year - 1, _words()
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")

    def total(cat=None, year=y, field="amount_claimed", **kw):
        rows = api.aggregate("sum", field, category=cat, year=year, **kw)
        return round(rows[0]["value"] or 0.0, 2) if rows else 0.0

    def count(cat=None, year=y, **kw):
        return float(len(api.claims(category=cat, year=year, **kw)))

    def ranked(n, year=None, cat=None, nth=False):
        rows = api.claims(category=cat, year=year, order="largest")
        a = [c.amount_claimed for c in rows]
        if len(a) < n or (len(a) > n and a[n - 1] == a[n]) or (nth and a[n - 2] == a[n - 1]):
            return None
        top = rows[n - 1:n] if nth else rows[:n]
        return [c.amount_claimed for c in top], {c.claim_id for c in top}

    def one(rows, tie):
        return None if not rows or (len(rows) > 1 and tie(rows[0], rows[1])) else rows[0]

    def claim_fact(claim):
        return None if claim is None else ([claim.amount_claimed], {claim.claim_id})

    def smallest(year=None, cat=None):
        return claim_fact(one(api.claims(category=cat, year=year, order="smallest"),
                              lambda a, b: a.amount_claimed == b.amount_claimed))

    def largest(year=None, cat=None):
        return claim_fact(one(api.claims(category=cat, year=year, order="largest"),
                              lambda a, b: a.amount_claimed == b.amount_claimed))

    def top_group(by, year, metric="sum"):
        groups = api.aggregate(metric, group_by=by, year=year)
        if not groups:
            return None
        best = max(round(float(g["value"]), 2) for g in groups)
        winners = [g["group"] for g in groups if round(float(g["value"]), 2) == best]
        if len(winners) > 1:
            return None
        label = words[winners[0]] if by == "category" else months[int(winners[0][5:7]) - 1]
        return [best], {label}

    def balance(cat, year=y):
        rows = api.balances(year=year, category=cat)
        return rows[0] if rows and rows[0].annual_limit else None

    def both(*facts):
        if any(f is None for f in facts):
            return None
        return [n for f in facts for n in f[0]], set().union(*(f[1] for f in facts))

    def numbers(*values):
        return [round(v, 2) for v in values], set()

    def which_more(a, b, cat, cat2):
        if cat == cat2 or round(a, 2) == round(b, 2):
            return None
        return [a, b], {words[cat] if a > b else words[cat2]}

    def shortfall(year):
        rows = api.claims(category=s.cat, year=year)
        if not rows or any(c.status in ("pending", "submitted") for c in rows):
            return None
        return numbers(sum(c.amount_claimed for c in rows) - sum(c.amount_approved or 0 for c in rows))

    def gap(a, b):
        return None if round(a, 2) == round(b, 2) else numbers(abs(a - b))

    def average(cat, year):  # the API rounds the mean to cents as the generator's SQL does
        return api.aggregate("avg", category=cat, year=year)[0]["value"] if count(cat, year) else None

    pending = api.claims(status="pending")
    oldest = None
    if pending:
        by_submitted = sorted(pending, key=lambda c: (c.submitted_date, c.claim_id))
        by_service = sorted(pending, key=lambda c: (c.service_date, c.claim_id))
        unique = len(pending) == 1 or by_submitted[1].submitted_date != by_submitted[0].submitted_date
        if unique and by_service[0].claim_id == by_submitted[0].claim_id:
            oldest = claim_fact(by_submitted[0])
    newest_first = api.claims(category=s.cat)
    this_year = api.claims(year=y)
    bal, bal2, bal_prev = balance(s.cat), balance(s.cat2), balance(s.cat, py)
    rejected = api.claims(year=y, status="rejected")
    last_month = (date(y, AS_OF.month - 1, 1), date(y, AS_OF.month, 1) - timedelta(days=1))
    biggest = [max((c.amount_claimed for c in api.claims(year=yr)), default=None) for yr in (y, py)]
    averages = [average(s.cat, yr) for yr in (y, py)]
    optical = balance("OPTICAL")
    return {
        "top_two": ranked(2, y), "top_three": ranked(3, y), "top_three_prev": ranked(3, py),
        "second_largest_prev": ranked(2, py, nth=True), "second_largest_category": ranked(2, None, s.cat, nth=True),
        "cheapest_year": smallest(y),
        "most_expensive_amount": None if largest(y) is None else (largest(y)[0], set()),
        "largest_listed": largest(py, s.cat) if count(s.cat, py) >= 2 else None,
        "total_year": numbers(total(year=y)),
        "top_category": top_group("category", y), "top_category_prev": top_group("category", py),
        "top_category_count": top_group("category", y, "count"),
        "top_month": top_group("month", y), "top_month_prev": top_group("month", py),
        "oldest_pending": oldest,
        "latest_category": claim_fact(one(newest_first, lambda a, b: a.service_date == b.service_date)),
        "first_claim_year": claim_fact(one(this_year[::-1], lambda a, b: a.service_date == b.service_date)),
        "range_category": None if largest(None, s.cat) == smallest(None, s.cat) else
        both(largest(None, s.cat), smallest(None, s.cat)),
        "total_remaining": None if bal is None else numbers(total(s.cat), bal.remaining),
        "count_total": numbers(count(s.cat), total(s.cat)),
        "count_total_prev": numbers(count(s.cat, py), total(s.cat, py)),
        "total_both": None if s.cat == s.cat2 else numbers(total(s.cat), total(s.cat2)),
        "total_two_years": numbers(total(s.cat), total(s.cat, py)),
        "limit_used_remaining": None if bal is None else numbers(bal.annual_limit, bal.used, bal.remaining),
        "rejected_count_total": numbers(len(rejected), sum(c.amount_claimed for c in rejected)),
        "pending_count_total": numbers(len(pending), sum(c.amount_claimed for c in pending)),
        "remaining_two_years": None if bal is None or bal_prev is None else numbers(bal_prev.remaining, bal.remaining),
        "count_average_prev": None if not count(s.cat, py) else numbers(count(s.cat, py), average(s.cat, py)),
        "total_and_largest_prev": both(numbers(total(s.cat, py)), largest(py, s.cat)),
        "difference_years": gap(total(s.cat), total(s.cat, py)),
        "difference_years_all": gap(total(year=y), total(year=py)),
        "compare_years": None if gap(total(s.cat), total(s.cat, py)) is None else
        numbers(total(s.cat), total(s.cat, py)),
        "shortfall": shortfall(y), "shortfall_prev": shortfall(py),
        "count_two_years": numbers(count(year=y), count(year=py)),
        "count_compare": which_more(count(s.cat), count(s.cat2), s.cat, s.cat2),
        "remaining_compare": None if bal is None or bal2 is None else
        which_more(bal.remaining, bal2.remaining, s.cat, s.cat2),
        "claimed_approved_all_prev": numbers(total(year=py), total(year=py, field="amount_approved")),
        "claimed_approved_prev": None if not count(s.cat, py) else
        numbers(total(s.cat, py), total(s.cat, py, field="amount_approved")),
        "largest_two_years": None if None in biggest else numbers(*biggest),
        "average_two_years": None if None in averages else numbers(*averages),
        "gp_month_last": numbers(total("GP", year=None, start=last_month[0], end=last_month[1])),
        "remaining_optical": None if optical is None else numbers(optical.remaining),
        "compare_dental_optical": which_more(total("DENTAL"), total("OPTICAL"), "DENTAL", "OPTICAL"),
    }


def _facts_agree(store, seed: str, oracle_of) -> None:
    """Every fact ``oracle_of(api, slots)`` names equals the generator's, for 12 users × 2 slot draws;
    a fact the oracle says has no single right answer must be None, and every named fact must apply once."""
    everyone = store.query("SELECT employee_id, email, full_name FROM employees ORDER BY 1")
    applied, names = Counter(), set()
    for user in g._active_users(store, 12).head(12).itertuples():
        api = store.for_user(user.email)
        for k in range(2):
            s = g._slots(random.Random(f"{seed}:{k}"), store, user, everyone)
            oracle = oracle_of(api, s)
            names |= set(oracle)
            for name, want in oracle.items():
                fact = g.FACTS[name](s, "")
                if want is None:
                    assert fact is None, (name, user.email)
                    continue
                assert fact is not None, (name, user.email)
                expected, _ = fact
                assert expected.get("numbers", []) == [pytest.approx(n, abs=0.005) for n in want[0]], (name, user.email)
                assert set(expected.get("must_include", [])) == want[1], (name, user.email)
                applied[name] += 1
    assert set(applied) == names, f"never applied: {names - set(applied)}"


def test_ranking_grouping_and_several_figure_facts_agree_with_the_store_api(store):
    # The facts behind the dz-* templates (top n, n-th largest, top category or month, oldest pending,
    # latest/first claim, two- and three-figure answers), recomputed with the agent's store API.
    _facts_agree(store, "dz", _dz_oracle)


def _eb_oracle(api, s) -> dict:
    """What each eb-* fact should be for these slots, recomputed with the agent's (independent) store API.

    Values as in ``_dz_oracle``: (numbers, must_include as a set), or None where the fact must not apply.
    """
    y, py = AS_OF.year, AS_OF.year - 1
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")

    def total(cat=None, year=y, field="amount_claimed", **kw):
        rows = api.aggregate("sum", field, category=cat, year=year, **kw)
        return round(rows[0]["value"] or 0.0, 2) if rows else 0.0

    def ranked(n, order, year=None, cat=None):
        rows = api.claims(category=cat, year=year, order=order)
        a = [c.amount_claimed for c in rows]
        if len(a) < n or (len(a) > n and a[n - 1] == a[n]):
            return None
        return [c.amount_claimed for c in rows[:n]], {c.claim_id for c in rows[:n]}

    def top(order, year=None, cat=None, status=None):
        rows = api.claims(category=cat, year=year, status=status, order=order)
        if not rows or (len(rows) > 1 and rows[0].amount_claimed == rows[1].amount_claimed):
            return None
        return rows[0]

    def claim_fact(claim):
        return None if claim is None else ([claim.amount_claimed], {claim.claim_id})

    def balance(cat):
        rows = api.balances(year=y, category=cat)
        return rows[0] if rows and rows[0].annual_limit else None

    rejected = api.claims(status="rejected")  # newest service first
    latest = None
    if rejected:
        newest = rejected[0]
        by_submitted = sorted(rejected, key=lambda c: (c.submitted_date, c.claim_id), reverse=True)
        unique = len(rejected) == 1 or (rejected[1].service_date != newest.service_date
                                        and by_submitted[1].submitted_date != by_submitted[0].submitted_date)
        latest = newest if unique and by_submitted[0].claim_id == newest.claim_id else None
    by_month = {}
    for c in api.claims(year=y):
        by_month[c.service_date.month] = by_month.get(c.service_date.month, 0) + 1
    best = max(by_month.values(), default=0)
    winners = [m for m, n in by_month.items() if n == best]
    gp, specialist, mine, other = balance("GP"), balance("SPECIALIST"), balance(s.cat), balance(s.cat2)
    biggest = top("largest", y)
    pending = api.claims(status="pending")
    largest_pending = top("largest", status="pending")
    listed = api.claims(category=s.cat, year=py)
    largest_listed = top("largest", py, s.cat)
    years = total(), total(year=py)
    rejected_prev = api.claims(year=py, status="rejected")
    month = (date(y, s.month, 1), date(y, s.month + 1, 1) - timedelta(days=1))
    return {
        "remaining_gp_specialist": None if gp is None or specialist is None else
        ([gp.remaining, specialist.remaining], set()),
        "used_both": None if s.cat == s.cat2 or mine is None or other is None else ([mine.used, other.used], set()),
        "bottom_two": ranked(2, "smallest", y),
        "largest_category_year": claim_fact(top("largest", y, s.cat)),
        "top_two_category": ranked(2, "largest", y, s.cat),
        "top_month_count": None if len(winners) != 1 else ([float(best)], {months[winners[0] - 1]}),
        "largest_pending": claim_fact(largest_pending),
        "latest_rejected": claim_fact(latest),
        "latest_rejected_reason": None if latest is None else ([], {latest.rejection_reason}),
        "most_expensive_status": None if biggest is None else ([biggest.amount_claimed], {biggest.status}),
        "listing_largest": None if largest_listed is None else
        ([float(len(listed)), largest_listed.amount_claimed], {listed[0].claim_id, largest_listed.claim_id}),
        "pending_largest": None if largest_pending is None else
        ([float(len(pending)), largest_pending.amount_claimed],
         {c.claim_id for c in pending[:3]} | {largest_pending.claim_id}),
        "claimed_approved_all": None if not api.claims(year=y) else
        ([total(), total(field="amount_approved")], set()),
        "total_years_all": None if years[0] == years[1] else (list(years), set()),
        "rejected_count_total_prev": ([float(len(rejected_prev)), sum(c.amount_claimed for c in rejected_prev)], set()),
        "month_category": ([total(s.cat, year=None, start=month[0], end=month[1])], set()),
        "total_year_prev": ([total(year=py)], set()),
    }


def test_latest_of_a_status_bottom_ranks_and_eb_figures_agree_with_the_store_api(store):
    # The facts added for the eb-* templates (latest rejected claim and its reason, the two smallest
    # claims, top two of a category, busiest month by count, the largest pending claim, the status
    # of the largest claim, and two-figure answers), recomputed with the agent's store API.
    _facts_agree(store, "eb", _eb_oracle)


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


def _amount(rows, field="amount_claimed"):
    """The rounded sum of one money field over some claims (an oracle helper)."""
    return round(sum(getattr(c, field) or 0.0 for c in rows), 2)


def _months_of(api, first, last, year, cat=None):
    """The user's claims for services in months ``first``..``last`` of ``year`` (newest first)."""
    end = date(year, 12, 31) if last == 12 else date(year, last + 1, 1) - timedelta(days=1)
    return api.claims(category=cat, start=date(year, first, 1), end=end)


def _unique(rows, key, largest=True):
    """The row ranked first by ``key``, or None when there is none or the first two tie."""
    ordered = sorted(rows, key=key, reverse=largest)
    if not ordered or (len(ordered) > 1 and key(ordered[0]) == key(ordered[1])):
        return None
    return ordered[0]


def _claim_fact(claim):
    """One claim as a fact: its amount and id, or None."""
    return None if claim is None else ([claim.amount_claimed], {claim.claim_id})


def _ed_oracle(api, s) -> dict:
    """What each ed-* fact should be for these slots, recomputed with the agent's (independent) store API.

    Values as in ``_dz_oracle``: (numbers, must_include as a set), or None where the fact must not apply.
    """
    y, py = AS_OF.year, AS_OF.year - 1
    months = _MONTH_NAMES
    words = _words()

    def claims(**kw):
        return api.claims(**kw)  # newest service first

    amount, span, unique_top = _amount, partial(_months_of, api), _unique

    def claim_fact(claim, ids=True):
        return None if claim is None else ([claim.amount_claimed], {claim.claim_id} if ids else set())

    def status_fact(claim):
        return None if claim is None else ([claim.amount_claimed], {claim.status})

    def ranked(rows, n, largest):
        ordered = sorted(rows, key=lambda c: c.amount_claimed, reverse=largest)
        a = [c.amount_claimed for c in ordered]
        if len(a) < n or (len(a) > n and a[n - 1] == a[n]):
            return None
        return a[:n], {c.claim_id for c in ordered[:n]}

    def top_group(rows, label, by_count):
        groups: dict = {}
        for c in rows:
            n, total = groups.get(label(c), (0, 0.0))
            groups[label(c)] = (n + 1, total + c.amount_claimed)
        values = {k: (n if by_count else round(t, 2)) for k, (n, t) in groups.items()}
        best = max(values.values(), default=None)
        winners = [k for k, v in values.items() if v == best]
        return None if len(winners) != 1 else ([float(best)], {winners[0]})

    def latest(rows):
        """The newest claim by service date and by submission date alike, or None when that is ambiguous."""
        if not rows:
            return None
        by_service = sorted(rows, key=lambda c: (c.service_date, c.claim_id), reverse=True)
        by_submitted = sorted(rows, key=lambda c: (c.submitted_date, c.claim_id), reverse=True)
        if len(rows) > 1 and (by_service[1].service_date == by_service[0].service_date
                              or by_submitted[1].submitted_date == by_submitted[0].submitted_date):
            return None
        return by_service[0] if by_service[0].claim_id == by_submitted[0].claim_id else None

    def first(rows):
        return unique_top(rows, lambda c: c.service_date, largest=False)

    def listed(rows):
        return [float(len(rows))], {rows[0].claim_id} if rows else set()

    def balance(cat):
        rows = api.balances(year=y, category=cat)
        return rows[0] if rows and rows[0].annual_limit else None

    mine, mine_prev = claims(category=s.cat, year=y), claims(category=s.cat, year=py)
    this_year, last_year = claims(year=y), claims(year=py)
    month = span(s.month, s.month, y)
    paid = claims(year=y, status="paid")
    pending = claims(status="pending")
    by_cat = top_group(this_year, lambda c: words[c.category_code], by_count=False)
    code = None if by_cat is None else next(k for k, v in words.items() if v == next(iter(by_cat[1])))
    big, small = unique_top(this_year, lambda c: c.amount_claimed), unique_top(
        this_year, lambda c: c.amount_claimed, largest=False)
    opened, newest = first(this_year), unique_top(this_year, lambda c: c.service_date)
    cheapest_listed = unique_top(mine_prev, lambda c: c.amount_claimed, largest=False)
    bal = balance(s.cat)
    return {
        "count_category_prev": ([float(len(mine_prev))], set()),
        "q2_total": ([amount(span(4, 6, y))], set()),
        "q3_category": ([amount(span(7, 9, y, s.cat))], set()),
        "h1_prev": ([amount(span(1, 6, py))], set()),
        "q1_q2": ([amount(span(1, 3, y)), amount(span(4, 6, y))], set()),
        "since_month": ([amount(claims(start=date(y, s.month, 1), end=AS_OF))], set()),
        "count_month": ([float(len(month))], set()),
        "month_count_total": ([float(len(month)), amount(month)], set()),
        "average_year": ([api.aggregate_value("avg", year=y)], set()) if this_year else None,
        "total_average": ([amount(mine), api.aggregate_value("avg", category=s.cat, year=y)], set()) if mine else None,
        "total_combined": None if s.cat == s.cat2 else
        ([amount(mine) + amount(claims(category=s.cat2, year=y))], set()),
        "total_optical": None if s.cat == "OPTICAL" else ([amount(claims(category="OPTICAL", year=y))], set()),
        "approved_prev": ([amount(mine_prev, "amount_approved")], set()),
        "paid_count": ([float(len(paid))], set()),
        "paid_total": ([amount(paid, "amount_approved")], set()),
        "paid_count_total": ([float(len(paid)), amount(paid, "amount_approved")], set()),
        "pending_total": ([amount(pending)], set()),
        "rejected_total_prev": ([amount(claims(year=py, status="rejected"))], set()),
        "count_all": ([float(len(claims()))], set()),
        "pending_rejected_counts": ([float(len(pending)), float(len(claims(year=y, status="rejected")))], set()),
        "count_claimed_approved_prev": None if not last_year else
        ([float(len(last_year)), amount(last_year), amount(last_year, "amount_approved")], set()),
        "smallest_category_prev": claim_fact(unique_top(mine_prev, lambda c: c.amount_claimed, largest=False)),
        "smallest_month": claim_fact(unique_top(month, lambda c: c.amount_claimed, largest=False)),
        "largest_paid": claim_fact(unique_top(claims(status="paid"), lambda c: c.amount_claimed)),
        "top_three_category": ranked(claims(category=s.cat), 3, largest=True),
        "bottom_three_prev": ranked(last_year, 3, largest=False),
        "top_month_count_prev": top_group(last_year, lambda c: months[c.service_date.month - 1], by_count=True),
        "top_category_count_prev": top_group(last_year, lambda c: words[c.category_code], by_count=True),
        "top_month_category": top_group(mine, lambda c: months[c.service_date.month - 1], by_count=False),
        "top_category_amount_count": None if by_cat is None else
        (by_cat[0] + [float(len(claims(category=code, year=y)))], by_cat[1]),
        "extremes_year": None if big is None or small is None or big.claim_id == small.claim_id else
        ([big.amount_claimed, small.amount_claimed], {big.claim_id, small.claim_id}),
        "latest_claim": claim_fact(latest(claims())),
        "first_claim_prev": claim_fact(first(last_year)),
        "first_latest_year": None if opened is None or newest is None or opened.claim_id == newest.claim_id else
        ([opened.amount_claimed, newest.amount_claimed], {opened.claim_id, newest.claim_id}),
        "latest_paid": claim_fact(latest(claims(status="paid"))),
        "latest_claim_status": status_fact(latest(claims())),
        "listing_last_status": status_fact(mine_prev[:5][-1]) if len(mine_prev) >= 2 else None,  # the last shown
        "listing_smallest_status": status_fact(cheapest_listed) if len(mine_prev) >= 2 else None,
        "listing_month": listed(month),
        "listing_month_some": listed(month) if month else None,
        "listing_year": listed(mine),
        "rejected_category_prev": listed(claims(category=s.cat, year=py, status="rejected")),
        "used_remaining": None if bal is None else ([bal.used, bal.remaining], set()),
    }


def test_spans_statuses_newest_oldest_and_ed_figures_agree_with_the_store_api(store):
    # The facts added for the ed-* templates (quarters, half years and "since {mon}", counts and sums
    # by status, the newest/first claim, ranked claims of a category or from the bottom, the busiest
    # month or category by count, listings by month, and two- and three-figure answers), recomputed
    # with the agent's store API.
    _facts_agree(store, "ed", _ed_oracle)


def _ee_oracle(api, s) -> dict:
    """What each ee-* fact should be for these slots, recomputed with the agent's (independent) store API.

    Values as in ``_dz_oracle``: (numbers, must_include as a set), or None where the fact must not apply.
    """
    y, py = AS_OF.year, AS_OF.year - 1
    words = _words()

    def amount(rows, field="amount_claimed"):
        return round(sum(getattr(c, field) or 0.0 for c in rows), 2)

    def unique_top(rows, key, largest=True):
        ordered = sorted(rows, key=key, reverse=largest)
        if not ordered or (len(ordered) > 1 and key(ordered[0]) == key(ordered[1])):
            return None
        return ordered[0]

    def claim_fact(claim):
        return None if claim is None else ([claim.amount_claimed], {claim.claim_id})

    this_year = api.claims(year=y)
    mine = api.claims(category=s.cat, year=y)
    totals: dict = {}
    for c in this_year:
        totals[c.category_code] = round(totals.get(c.category_code, 0.0) + c.amount_claimed, 2)
    least = min(totals.values(), default=None)
    losers = [k for k, v in totals.items() if v == least]
    ordered = sorted((c.amount_claimed for c in this_year), reverse=True)
    second = None if len(ordered) < 2 or ordered[1] in (ordered[0], *ordered[2:3]) else \
        next(c for c in this_year if c.amount_claimed == ordered[1])
    pending = api.claims(status="pending")
    by_service = sorted(pending, key=lambda c: (c.service_date, c.claim_id), reverse=True)
    by_submitted = sorted(pending, key=lambda c: (c.submitted_date, c.claim_id), reverse=True)
    newest_pending = None if not pending or (len(pending) > 1 and (
        by_service[1].service_date == by_service[0].service_date
        or by_submitted[1].submitted_date == by_submitted[0].submitted_date)) \
        or by_service[0].claim_id != by_submitted[0].claim_id else by_service[0]
    to_october = api.claims(start=date(y, s.month, 1), end=date(y, 10, 31))
    return {
        "total_except": ([amount([c for c in this_year if c.category_code != s.cat])], set()),
        "count_combined": None if s.cat == s.cat2 else
        ([float(len(mine) + len(api.claims(category=s.cat2, year=y)))], set()),
        "month_to_october": ([amount(to_october)], set()),
        "average_category_year": ([api.aggregate_value("avg", category=s.cat, year=y)], set()) if mine else None,
        "average_prev_all": ([api.aggregate_value("avg", year=py)], set()) if api.claims(year=py) else None,
        "approved_all": ([amount(this_year, "amount_approved")], set()),
        "bottom_category": None if len(losers) != 1 else ([least], {words[losers[0]]}),
        "second_largest_year": claim_fact(second),
        "smallest_category_year": claim_fact(unique_top(mine, lambda c: c.amount_claimed, largest=False)),
        "smallest_rejected": claim_fact(unique_top(api.claims(status="rejected"), lambda c: c.amount_claimed,
                                                   largest=False)),
        "latest_pending": claim_fact(newest_pending),
    }


def test_everything_but_one_least_category_and_ee_figures_agree_with_the_store_api(store):
    # The facts added for the ee-* templates (everything but one category, two categories' counts,
    # months up to October, averages, approved this year, the least category, the second largest
    # claim this year, the smallest of a category or of the rejected, the newest pending claim),
    # recomputed with the agent's store API.
    _facts_agree(store, "ee", _ee_oracle)


def _ef_oracle(api, s) -> dict:
    """What each ef-* fact should be for these slots, recomputed with the agent's (independent) store API.

    Values as in ``_dz_oracle``: (numbers, must_include as a set), or None where the fact must not apply.
    """
    y = AS_OF.year

    def newest(n):
        """The n newest claims, or None when the newest n + 1 (and the one after) are not in one clear order."""
        rows = api.claims()  # newest service first
        if len(rows) < n:
            return None
        by_service = rows[:n + 1]
        by_submitted = sorted(rows, key=lambda c: (c.submitted_date, c.claim_id), reverse=True)[:n + 1]
        if len({c.service_date for c in by_service}) < len(by_service) or \
                len({c.submitted_date for c in by_submitted}) < len(by_submitted):
            return None
        if [c.claim_id for c in by_service[:n]] != [c.claim_id for c in by_submitted[:n]]:
            return None
        return rows[:n]

    def listed(rows):
        return [float(len(rows))], {rows[0].claim_id} if rows else set()

    def unique(rows, key, largest):
        ordered = sorted(rows, key=key, reverse=largest)
        if not ordered or (len(ordered) > 1 and key(ordered[0]) == key(ordered[1])):
            return None
        return ordered[0]

    this_year, mine_all = api.claims(year=y), api.claims(category=s.cat)
    two, three = newest(2), newest(3)
    first = unique(api.claims(), lambda c: c.service_date, largest=False)
    biggest = unique(mine_all, lambda c: c.amount_claimed, largest=True)
    latest = unique(mine_all, lambda c: c.service_date, largest=True)
    bal = api.balances(year=y, category=s.cat)
    return {
        "second_latest_status": None if two is None else ([two[1].amount_claimed], {two[1].status}),
        "last_three": None if three is None else ([c.amount_claimed for c in three], {c.claim_id for c in three}),
        "listing_over_100": listed([c for c in this_year if c.amount_claimed > 100]),
        "listing_under_50": listed([c for c in this_year if c.amount_claimed < 50]),
        "listing_paid": listed(api.claims(year=y, status="paid")),
        "first_claim_ever": None if first is None else ([first.amount_claimed], {first.claim_id}),
        "first_ever_status": None if first is None else ([first.amount_claimed], {first.status}),
        "largest_category_status": None if biggest is None else ([biggest.amount_claimed], {biggest.status}),
        "remaining_latest": None if not bal or not bal[0].annual_limit or latest is None else
        ([bal[0].remaining, latest.amount_claimed], {latest.claim_id}),
        "claim_amount": ([s.claim.amount_claimed], set()),
    }


def test_nth_newest_last_three_amount_listings_and_ef_figures_agree_with_the_store_api(store):
    # The facts added for the ef-* templates (the claim before the newest one, the last three claims,
    # this year's claims over RM100 / under RM50 or paid, the first claim ever and its status, the
    # status of a category's largest claim, a balance with the category's latest claim), recomputed
    # with the agent's store API.
    _facts_agree(store, "ef", _ef_oracle)


def _eh_oracle(api, s) -> dict:
    """What each eh-* fact should be for these slots, recomputed with the agent's (independent) store API.

    Values as in ``_dz_oracle``: (numbers, must_include as a set), or None where the fact must not apply.
    """
    y, py = AS_OF.year, AS_OF.year - 1
    words = _words()
    months = _MONTH_NAMES

    amount = _amount

    months_of = partial(_months_of, api)

    def listed(rows):
        return [float(len(rows))], {rows[0].claim_id} if rows else set()

    unique = _unique

    claim_fact = _claim_fact

    def ranked(rows, n, largest=True, only_nth=False):
        ordered = sorted(rows, key=lambda c: c.amount_claimed, reverse=largest)
        amounts = [c.amount_claimed for c in ordered]
        if len(amounts) < n or (len(amounts) > n and amounts[n - 1] == amounts[n]):
            return None
        if only_nth and n > 1 and amounts[n - 2] == amounts[n - 1]:
            return None
        picked = ordered[n - 1:n] if only_nth else ordered[:n]
        return [c.amount_claimed for c in picked], {c.claim_id for c in picked}

    def grouped(rows, by, count=False, least=False):
        values: dict = {}
        for c in rows:
            key = c.category_code if by == "category" else c.service_date.month
            values[key] = values.get(key, 0.0) + (1 if count else c.amount_claimed)
        values = {k: round(v, 2) for k, v in values.items()}
        if not values:
            return None
        best = min(values.values()) if least else max(values.values())
        keys = [k for k, v in values.items() if v == best]
        if len(keys) != 1:
            return None
        return [float(best)], {words[keys[0]] if by == "category" else months[keys[0] - 1]}

    def newest(n):
        """The n newest claims, or None when the newest n + 1 are not in one clear order (as in ``_ef_oracle``)."""
        rows = api.claims()
        if len(rows) < n:
            return None
        by_service = rows[:n + 1]
        by_submitted = sorted(rows, key=lambda c: (c.submitted_date, c.claim_id), reverse=True)[:n + 1]
        if len({c.service_date for c in by_service}) < len(by_service) or \
                len({c.submitted_date for c in by_submitted}) < len(by_submitted):
            return None
        if [c.claim_id for c in by_service[:n]] != [c.claim_id for c in by_submitted[:n]]:
            return None
        return rows[:n]

    this_year, last_year = api.claims(year=y), api.claims(year=py)
    mine, mine_prev = api.claims(category=s.cat, year=y), api.claims(category=s.cat, year=py)
    since = months_of(s.month, 12, y, s.cat)
    paid_out = amount(api.claims(year=y, status="paid"), "amount_approved")
    rejected_y = amount(api.claims(year=y, status="rejected"))
    over_500 = [c for c in this_year if c.amount_claimed > 500]
    big = unique(mine, lambda c: c.amount_claimed, largest=True)
    small = unique(mine, lambda c: c.amount_claimed, largest=False)
    largest_y = unique(this_year, lambda c: c.amount_claimed, largest=True)
    bal = api.balances(year=y, category=s.cat)
    avg = api.aggregate_value
    two, five = newest(2), newest(5)
    in_month = months_of(s.month, s.month, y, s.cat)
    return {
        "count_since_category": ([float(len(since))], set()),
        "total_since_category": ([amount(since)], set()),
        "q1_category": ([amount(months_of(1, 3, y, s.cat))], set()),
        "q2_prev": ([amount(months_of(4, 6, py))], set()),
        "h1_year": ([amount(months_of(1, 6, y))], set()),
        "halves_prev": ([amount(months_of(1, 6, py)), amount(months_of(7, 12, py))], set()),
        "rejected_total_category": ([amount(api.claims(category=s.cat, status="rejected"))], set()),
        "count_over_200": ([float(sum(c.amount_claimed > 200 for c in this_year))], set()),
        "count_under_50_prev": ([float(sum(c.amount_claimed < 50 for c in last_year))], set()),
        "count_total_over_500": ([float(len(over_500)), amount(over_500)], set()),
        "total_combined_prev": None if s.cat == s.cat2 else
        ([amount(mine_prev) + amount(api.claims(category=s.cat2, year=py))], set()),
        "total_except_prev": ([amount([c for c in last_year if c.category_code != s.cat])], set()),
        "approved_all_prev": ([amount(last_year, "amount_approved")], set()),
        "smallest_paid": claim_fact(unique(api.claims(status="paid"), lambda c: c.amount_claimed, largest=False)),
        "top_five": ranked(this_year, 5),
        "third_largest_prev": ranked(last_year, 3, only_nth=True),
        "bottom_three_year": ranked(this_year, 3, largest=False),
        "bottom_month": grouped(this_year, "month", least=True),
        "bottom_category_prev": grouped(last_year, "category", least=True),
        "bottom_category_count": grouped(this_year, "category", count=True, least=True),
        "top_month_category_prev": grouped(mine_prev, "month"),
        "smallest_of_several_prev": None if len(mine_prev) < 2 else
        claim_fact(unique(mine_prev, lambda c: c.amount_claimed, largest=False)),
        "largest_rejected_prev": claim_fact(unique(api.claims(year=py, status="rejected"), lambda c: c.amount_claimed,
                                                   largest=True)),
        "first_category": claim_fact(unique(api.claims(category=s.cat), lambda c: c.service_date, largest=False)),
        "count_category_two_years": ([float(len(mine)), float(len(mine_prev))], set()),
        "range_category_year": None if big is None or small is None or big.claim_id == small.claim_id else
        ([big.amount_claimed, small.amount_claimed], {big.claim_id, small.claim_id}),
        "remaining_count": None if not bal or not bal[0].annual_limit else
        ([bal[0].remaining, float(len(mine))], set()),
        "paid_rejected_totals": ([paid_out, rejected_y], set()),
        "pending_count_paid_total": ([float(len(api.claims(status="pending"))), paid_out], set()),
        "count_both": None if s.cat == s.cat2 else
        ([float(len(mine)), float(len(api.claims(category=s.cat2, year=y)))], set()),
        "total_average_prev_all": ([amount(last_year), avg("avg", year=py)], set()) if last_year else None,
        "total_and_largest_year": None if largest_y is None else
        ([amount(this_year), largest_y.amount_claimed], {largest_y.claim_id}),
        "count_average_year": ([float(len(this_year)), avg("avg", year=y)], set()) if this_year else None,
        "count_total_average_prev": ([float(len(mine_prev)), amount(mine_prev), avg("avg", category=s.cat, year=py)],
                                     set()) if mine_prev else None,
        "rejected_category_year": listed(api.claims(category=s.cat, year=y, status="rejected")),
        "listing_month_category": listed(in_month),
        "listing_over_300": listed([c for c in this_year if c.amount_claimed > 300]),
        "listing_under_30_prev": listed([c for c in last_year if c.amount_claimed < 30]),
        "listing_since_category": listed(since),
        "listing_paid_category_prev": listed(api.claims(category=s.cat, year=py, status="paid")),
        "last_five": None if five is None else ([c.amount_claimed for c in five], {c.claim_id for c in five}),
        "last_two": None if two is None else ([c.amount_claimed for c in two], {c.claim_id for c in two}),
        "second_latest": None if two is None else ([two[1].amount_claimed], {two[1].claim_id}),
    }


def test_spans_amount_lines_bottom_ranks_last_n_and_eh_figures_agree_with_the_store_api(store):
    # The facts added for the eh-* templates (counts and sums since a month, quarters and halves, claims
    # over or under an amount, the rejected value of a category, bottom ranks, the least month or
    # category, the n newest claims, and two- and three-figure answers), recomputed with the agent's
    # store API.
    _facts_agree(store, "eh", _eh_oracle)


def _words():
    from workbench.evaluation.datasets.templates import WORDS

    return WORDS


def test_follow_ups_carry_the_earlier_turn_and_refusals_do_not_ban_the_question(generated):
    follow = [c for c in generated if "follow_up" in c.tags]
    assert follow and all(len(c.history) == 1 and c.history[0].intent and c.history[0].answer for c in follow)
    refused = [c for c in generated if c.expected.refusal]
    assert any("act_on_claim" in c.tags for c in refused) and any("other_user" in c.tags for c in refused)
    for c in refused:
        assert c.intent in ("other_user", "out_of_scope", "claim_status")
        assert not any(s.lower() in c.question.lower() for s in c.expected.must_not_include)


# The smoke suite's test half does not depend on the dev cases -------------------------------------

def _cases(split: str, intents: tuple[str, ...], templates: int, users: int, prefix: str = "") -> list[EvalCase]:
    return [EvalCase(id=f"{prefix}{split}-{intent}-{t}-{u}", split=split, intent=intent,
                     template=f"{prefix}{split}-{intent}-{t}", user=f"u{u}@example.com",
                     question=f"question {t} about {intent}")
            for intent in intents for t in range(templates) for u in range(users)]


def test_adding_dev_cases_never_moves_the_test_cases_a_stratified_suite_holds():
    intents = ("balance", "claim_status", "claim_history", "claim_aggregate")
    cases = _cases("dev", intents, 3, 4) + _cases("test", intents, 3, 4)
    before = stratified(cases, 16, seed=7)
    # More dev cases, new dev templates and a dev-only intent, some ahead of the test cases in the file.
    extra = _cases("dev", ("claim_status", "out_of_scope"), 5, 4, prefix="new-")
    after = stratified(extra[:20] + cases + extra[20:], 16, seed=7)
    test_ids = [[c.id for c in chosen if c.split == "test"] for chosen in (before, after)]
    assert test_ids[0] == test_ids[1] and len(test_ids[0]) == 8
    assert {c.intent for c in after if c.split == "test"} == set(intents)
    assert {c.intent for c in after if c.split == "dev"} == {*intents, "out_of_scope"}
    # The dev half did change (the extra cases are eligible), so the check above is not vacuous.
    assert [c.id for c in before if c.split == "dev"] != [c.id for c in after if c.split == "dev"]


@pytest.mark.slow
def test_a_new_dev_template_and_case_leave_every_suites_test_hash_as_locked(store, tmp_path, monkeypatch):
    from workbench.config import PROJECT_ROOT

    shipped = PROJECT_ROOT / "eval" / "datasets"
    locked, _ = read_lock(shipped / LOCK_FILE)
    extra = (Template("zz-dev-extra-terse", "dev", "balance", "terse", "{w} left??", "remaining"),
             Template("zz-dev-extra-compare", "dev", "claim_aggregate", "plain",
                      "{w} vs {w2} in {py}, which was more?", "compare_prev"))
    # Ahead of every shipped template, so a generator shared across templates would shift.
    monkeypatch.setattr(g, "TEMPLATES", (*extra, *TEMPLATES))
    folder = tmp_path / "datasets"
    shutil.copytree(shipped / "handwritten", folder / "handwritten")
    # Hand-written users are assigned in file order, so new hand-written dev cases go in a file that
    # sorts after every file with test rows (see the report of this change).
    _write(folder / "handwritten" / "zz_dev_extra.jsonl",
           [_row("zz-dev-extra-1", "dev", template="zz-dev-extra-1")])
    counts = g.build_suites(store, folder)
    for suite in SUITES:
        cases = load_cases(folder / f"{suite}.jsonl")
        assert hash_test_split(cases) == locked[suite].test_hash, suite
    assert counts["full"]["dev"] > locked["full"].dev_cases
    full = load_cases(folder / "full.jsonl")
    assert {"zz-dev-extra-terse", "zz-dev-extra-compare", "zz-dev-extra-1"} <= {c.template for c in full}


# Shipped suites --------------------------------------------------------------------------------------

def test_shipped_suites_match_the_lock_and_hold_both_splits(session_settings):
    folder = session_settings.datasets_dir
    suites = {s: load_locked(folder / f"{s}.jsonl") for s in SUITES}
    for name, cases in suites.items():
        assert {c.split for c in cases} == {"dev", "test"}, name
        assert all(c.template for c in cases), name
    smoke = suites["smoke"]
    assert 30 <= len(smoke) <= 40
    assert {(c.intent, c.split) for c in smoke} == {(c.intent, c.split) for c in suites["full"]}
    hand = [c for c in suites["full"] if not any(c.template == t.id for t in TEMPLATES)]
    # The sealed hand-written cases (102) are never lost without a new lock, and every non-data
    # intent keeps at least ten of them. Their share falls as dev rounds add dev cases on purpose
    # (0.255 after the fifth), so the floor is a count per intent, not a share.
    sealed = Counter(c.intent for c in hand if c.split == "test")
    assert sum(sealed.values()) >= 102
    assert all(sealed[i] >= 10 for i in ("policy_coverage", "how_to_claim", "contacts")), sealed
    assert sum("benign_sensitive" in c.tags for c in hand) >= 40


def test_shipped_handwritten_policy_and_security_stay_dev(session_settings):
    for name in ("policy", "security"):
        cases: list[EvalCase] = load_cases(session_settings.datasets_dir / "handwritten" / f"{name}.jsonl")
        assert {c.split for c in cases} == {"dev"}


@pytest.mark.slow
def test_generate_reports_a_changed_test_split_without_relocking(session_settings, tmp_path, monkeypatch):
    from workbench.cli import app

    folder = tmp_path / "datasets"
    shutil.copytree(session_settings.datasets_dir, folder)
    lock_before = (folder / LOCK_FILE).read_text()
    edited = folder / "handwritten" / "policy_test.jsonl"
    rows = [json.loads(line) for line in edited.read_text().splitlines()]
    rows[0]["question"] += " Asking for a friend."
    _write(edited, rows)
    monkeypatch.setenv("WORKBENCH_DATASETS_DIR", str(folder))
    monkeypatch.setenv("WORKBENCH_CLAIMS_DB", str(session_settings.claims_db))
    result = CliRunner().invoke(app, ["eval", "generate"])
    assert result.exit_code == 0, result.output
    assert "needs refreshing" in result.output and "full: test cases" in result.output
    assert (folder / LOCK_FILE).read_text() == lock_before
    with pytest.raises(DataError, match=rf"full.jsonl:\d+: test case '{rows[0]['id']}' changed"):
        load_locked(folder / "full.jsonl")


@pytest.mark.slow
def test_runs_of_different_splits_are_not_compared(session_settings, resources, tmp_path):
    from workbench.evaluation.experiment import compare_runs, evaluate

    settings = session_settings.with_overrides(data_dir=tmp_path, claims_db=session_settings.claims_db,
                                               chroma_dir=session_settings.chroma_dir)
    dev, test = (evaluate(settings, "smoke", "v2", "offline", resources=resources, limit=2, split=split)
                 for split in ("dev", "test"))
    assert dev.params["split"] == "dev" and test.params["split"] == "test"
    assert {c.split for c in load_cases(settings.datasets_dir / "smoke.jsonl")
            if c.id in set(test.rows["case_id"])} == {"test"}
    with pytest.raises(DataError, match="on the dev split and run .* on the test split"):
        compare_runs(settings, dev.run_id, test.run_id)


def _eg_oracle(api, s) -> dict:
    """What each eg-* fact should be for these slots, recomputed with the agent's (independent) store API.

    Values as in ``_dz_oracle``: (numbers, must_include as a set), or None where the fact must not apply.
    """
    y, py = AS_OF.year, AS_OF.year - 1
    months = _MONTH_NAMES
    words = _words()

    def claims(**kw):
        return api.claims(**kw)  # newest service first

    amount, months_of, unique = _amount, partial(_months_of, api), _unique

    claim_fact = _claim_fact

    def nth(rows, n, largest):
        """The n-th claim by amount, None when it ties with its neighbour in the ranking."""
        a = sorted((c.amount_claimed for c in rows), reverse=largest)
        if len(a) < n or (len(a) > n and a[n - 1] == a[n]) or (n > 1 and a[n - 2] == a[n - 1]):
            return None
        return next(c for c in rows if c.amount_claimed == a[n - 1])

    def top(rows, n):
        a = sorted((c.amount_claimed for c in rows), reverse=True)
        if len(a) < n or (len(a) > n and a[n - 1] == a[n]):
            return None
        best = sorted(rows, key=lambda c: c.amount_claimed, reverse=True)[:n]
        return [c.amount_claimed for c in best], {c.claim_id for c in best}

    def group(rows, label, by_count, least=False):
        values: dict = {}
        for c in rows:
            values.setdefault(label(c), []).append(c.amount_claimed)
        scores = {k: float(len(v)) if by_count else round(sum(v), 2) for k, v in values.items()}
        if not scores:
            return None
        best = (min if least else max)(scores.values())
        winners = [k for k, v in scores.items() if v == best]
        return None if len(winners) != 1 else ([best], {winners[0]})

    def newest(n):
        """The n newest claims, or None when the newest n + 1 are not in one clear order by service and submission."""
        rows = claims()
        by_submitted = sorted(rows, key=lambda c: (c.submitted_date, c.claim_id), reverse=True)
        if len(rows) < n or len({c.service_date for c in rows[:n + 1]}) < len(rows[:n + 1]) \
                or len({c.submitted_date for c in by_submitted[:n + 1]}) < len(by_submitted[:n + 1]):
            return None
        return rows[:n] if [c.claim_id for c in rows[:n]] == [c.claim_id for c in by_submitted[:n]] else None

    def latest(rows):
        by_service = sorted(rows, key=lambda c: (c.service_date, c.claim_id), reverse=True)
        by_submitted = sorted(rows, key=lambda c: (c.submitted_date, c.claim_id), reverse=True)
        if not rows or (len(rows) > 1 and (by_service[1].service_date == by_service[0].service_date
                                           or by_submitted[1].submitted_date == by_submitted[0].submitted_date)):
            return None
        return by_service[0] if by_service[0].claim_id == by_submitted[0].claim_id else None

    def listed(rows):
        return [float(len(rows))], {rows[0].claim_id} if rows else set()

    def past(rows, line, above):
        if any(c.amount_claimed == line for c in rows):
            return None
        return [c for c in rows if (c.amount_claimed > line if above else c.amount_claimed < line)]

    def both(*facts):
        if any(f is None for f in facts):
            return None
        return [n for f in facts for n in f[0]], set().union(*(f[1] for f in facts))

    this_year, last_year = claims(year=y), claims(year=py)
    mine, mine_prev, mine_all = claims(category=s.cat, year=y), claims(category=s.cat, year=py), claims(category=s.cat)
    pending = claims(status="pending")
    over_300, under_50 = past(this_year, 300, True), past(this_year, 50, False)
    over_200_prev, under_100_cat = past(last_year, 200, True), past(mine_all, 100, False)
    rejected_mine = claims(category=s.cat, year=y, status="rejected")
    bal = api.balances(year=y, category=s.cat)
    biggest_mine, smallest_mine = unique(mine, lambda c: c.amount_claimed), unique(mine, lambda c: c.amount_claimed,
                                                                                   largest=False)
    first_mine, latest_mine = unique(mine_all, lambda c: c.service_date, largest=False), unique(
        mine_all, lambda c: c.service_date)
    h1_mine = months_of(1, 6, y, s.cat)
    two, five = newest(2), newest(5)
    before = (y, s.month - 1) if s.month > 1 else (py, 12)
    return {
        "q1_prev": ([amount(months_of(1, 3, py))], set()),
        "q1_category": ([amount(months_of(1, 3, y, s.cat))], set()),
        "h2_prev": ([amount(months_of(7, 12, py))], set()),
        "may_to_july": ([amount(months_of(5, 7, y))], set()),
        "may_to_july_prev": ([amount(months_of(5, 7, py))], set()),
        "since_month_category": ([amount(claims(category=s.cat, start=date(y, s.month, 1)))], set()),
        "count_over_300": None if over_300 is None else ([float(len(over_300))], set()),
        "sum_under_50": None if under_50 is None else ([amount(under_50)], set()),
        "rejected_count_category_all": ([float(len(claims(category=s.cat, status="rejected")))], set()),
        "total_except_prev": ([amount([c for c in last_year if c.category_code != s.cat])], set()),
        "rejected_total_category_year": ([amount(rejected_mine)], set()) if rejected_mine else None,
        "approved_all_prev": ([amount(last_year, "amount_approved")], set()),
        "count_last_month": ([float(len(months_of(AS_OF.month - 1, AS_OF.month - 1, y)))], set()),
        "third_largest_year": claim_fact(nth(this_year, 3, largest=True)),
        "cheapest_prev": claim_fact(unique(last_year, lambda c: c.amount_claimed, largest=False)),
        "latest_claim_prev": claim_fact(latest(last_year)),
        "top_two_prev": top(last_year, 2),
        "fewest_category_count": group(this_year, lambda c: words[c.category_code], by_count=True, least=True),
        "largest_paid_year": claim_fact(unique(claims(year=y, status="paid"), lambda c: c.amount_claimed)),
        "smallest_pending": claim_fact(unique(pending, lambda c: c.amount_claimed, largest=False)),
        "top_month_category_prev": group(mine_prev, lambda c: months[c.service_date.month - 1], by_count=False),
        "top_three_category_year": top(mine, 3),
        "second_smallest_prev": claim_fact(nth(last_year, 2, largest=False)),
        "count_total_year_prev": ([float(len(last_year)), amount(last_year)], set()) if last_year else None,
        "range_category_year": None if biggest_mine is None or smallest_mine is None
        or biggest_mine.claim_id == smallest_mine.claim_id else
        both(claim_fact(biggest_mine), claim_fact(smallest_mine)),
        "total_both_prev": None if s.cat == s.cat2 else
        ([amount(mine_prev), amount(claims(category=s.cat2, year=py))], set()),
        "pending_paid_totals": ([amount(pending), amount(claims(year=y, status="paid"), "amount_approved")], set()),
        "count_remaining": None if not bal or not bal[0].annual_limit else
        ([float(len(mine)), bal[0].remaining], set()),
        "count_category_two_years": ([float(len(mine)), float(len(mine_prev))], set()),
        "top_category_and_month": both(group(this_year, lambda c: words[c.category_code], by_count=False),
                                       group(this_year, lambda c: months[c.service_date.month - 1], by_count=False)),
        "average_two_years_all": None if not this_year or not last_year else
        ([api.aggregate_value("avg", year=y), api.aggregate_value("avg", year=py)], set()),
        "total_and_largest_year": both(([amount(this_year)], set()),
                                       claim_fact(unique(this_year, lambda c: c.amount_claimed))),
        "count_rejected_category_year": ([float(len(mine)), float(len(rejected_mine))], set()) if mine else None,
        "first_latest_category": None if first_mine is None or latest_mine is None
        or first_mine.claim_id == latest_mine.claim_id else both(claim_fact(first_mine), claim_fact(latest_mine)),
        "total_largest_category_year": both(([amount(mine)], set()), claim_fact(biggest_mine)),
        "last_two": None if two is None else ([c.amount_claimed for c in two], {c.claim_id for c in two}),
        "last_five": None if five is None else ([c.amount_claimed for c in five], {c.claim_id for c in five}),
        "listing_over_200_prev": None if over_200_prev is None else listed(over_200_prev),
        "listing_under_100_category": listed(under_100_cat) if under_100_cat else None,
        "listing_category_all": listed(mine_all),
        "rejected_category_year": listed(rejected_mine),
        "listing_h1_category": listed(h1_mine) if h1_mine else None,
        "listing_since_month": listed(claims(start=date(y, s.month, 1))),
        "listing_paid_prev": listed(claims(year=py, status="paid")),
        "listing_approved": listed(claims(status="approved")),
        "second_latest": None if two is None else ([two[1].amount_claimed], {two[1].claim_id}),
        "count_month_before": ([float(len(months_of(before[1], before[1], before[0])))], set()),
    }


def test_month_ranges_amount_lines_newest_n_and_eg_figures_agree_with_the_store_api(store):
    # The facts added for the eg-* templates (Q1, May–July, July–December and since a month; counts and
    # sums over or under an amount; rejected claims of a category; the third largest, second cheapest,
    # fewest-claimed category, top month of a category; the last two and five claims; listings by amount,
    # category, half year, status; and two-figure answers), recomputed with the agent's store API.
    _facts_agree(store, "eg", _eg_oracle)


def test_eg_listings_over_a_line_refuse_a_claim_exactly_on_it(store):
    # "claims over RM200" and "RM200 or more" differ only when a claim is for exactly RM200: then the
    # question has two right answers, and the fact must not apply.
    everyone = store.query("SELECT employee_id, email, full_name FROM employees ORDER BY 1")
    user = next(g._active_users(store, 12).head(12).itertuples())
    s = g._slots(random.Random("eg-line"), store, user, everyone)
    amounts = g._claims_of(s, AS_OF.year).amount_claimed.astype(float)
    on_line = float(amounts.iloc[0])
    assert g._past_line(s, AS_OF.year, above=on_line) is None
    assert g._past_line(s, AS_OF.year, below=on_line) is None
    just_over = g._past_line(s, AS_OF.year, above=on_line - 0.001)
    assert just_over is not None and (just_over.amount_claimed.astype(float) > on_line - 0.001).all()
    assert len(just_over) == int((amounts >= on_line).sum())
