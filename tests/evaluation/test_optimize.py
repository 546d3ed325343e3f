"""The optimization loop: guard rails, the shared metric, the offline optimizer, and BootstrapFewShot
end to end against the fake OpenAI-compatible server.

The fake-LLM tests are machinery tests (the loop runs, learns only from dev cases, accounts for
its calls and cost, and reuses the cache); they make no claim about what an optimizer achieves
on a real model.
"""

from __future__ import annotations

import shutil

import dspy
import pytest

from workbench.agent import ClaimsAssistant
from workbench.config import PROJECT_ROOT
from workbench.errors import DataError
from workbench.evaluation.datasets.cases import Dataset, write_cases
from workbench.evaluation.datasets.lock import write_lock
from workbench.evaluation.dspy_bridge import (
    CaseProgram,
    case_to_example,
    example_to_case,
    make_metric,
    row_score,
    to_examples,
)
from workbench.evaluation.experiment import load_suite
from workbench.evaluation.optimize import optimize, split_dev
from workbench.evaluation.routing_selection import select_routing
from workbench.evaluation.running.runner import run_cases
from workbench.evaluation.scoring.scorers import ScoringContext
from workbench.prompts import list_versions, load_prompt
from workbench.testing import FakeOpenAI
from workbench.testing.embedding_memo import remembered_embeddings

MODEL = "openai/gpt-4o-mini"


@pytest.fixture(scope="module", autouse=True)
def _embed_each_string_once():
    """Every optimize() here runs the contamination check on a candidate, embedding the ~2,000
    strings of v2 again; the module embeds each distinct string once
    (``workbench.testing.embedding_memo``: same vectors to float rounding)."""
    with remembered_embeddings():
        yield


@pytest.fixture(scope="module")
def full(session_settings):
    return load_suite(session_settings, "full").cases


def _workspace(tmp_path, session_settings, cases, **overrides):
    """Settings with a private prompts folder (v1, v2) and a suite ``mini`` of ``cases``."""
    prompts = tmp_path / "prompts"
    shutil.copytree(PROJECT_ROOT / "prompts", prompts)
    datasets = tmp_path / "datasets"
    write_cases(datasets / "mini.jsonl", cases)
    write_lock(datasets, ["mini"])  # the fixture's test cases are sealed on purpose
    return session_settings.with_overrides(prompts_dir=prompts, datasets_dir=datasets,
                                           data_dir=tmp_path / "data", cache_dir=tmp_path / "data" / "cache",
                                           mlflow_tracking_uri=f"sqlite:///{tmp_path}/mlflow.db", **overrides)


def _balance_dev(full):
    """Dev balance questions that say "balance" (the fake server's rules pick get_balances for them)."""
    return [c for c in full if c.split == "dev" and c.intent == "balance" and not c.history
            and "balance" in c.question.lower()]


def _as(split, cases):
    return [c.model_copy(update={"split": split}) for c in cases]


def _sealed_rewordings(cases):
    """Dev cases reworded into a fixture's test split.

    v2's learned router is trained on every dev question, so a dev question relabelled ``test``
    is one the optimizer's contamination check rightly refuses to write a version over; the
    rewording keeps the user and the facts asked and makes the question new.
    """
    return [c.model_copy(update={"split": "test", "id": f"{c.id}-sealed", "question":
                                 f"Hello there, a quick one before my meeting starts: {c.question.rstrip('?.! ')}"
                                 f"? Many thanks, and have a lovely afternoon."}) for c in cases]


def test_examples_round_trip_cases(full):
    case = next(c for c in full if c.history) if any(c.history for c in full) else full[0]
    example = case_to_example(case)
    assert set(example.inputs().keys()) == {"question", "history", "user"}
    assert example_to_case(example) == case


def test_train_and_validation_samples_are_dev_only(full):
    mixed = _as("dev", full[:30]) + _as("test", full[30:60])
    train, val = split_dev(mixed, max_train=10, max_val=10, seed=1)
    dev_ids = {c.id for c in mixed if c.split == "dev"}
    assert {c.id for c in train} <= dev_ids and {c.id for c in val} <= dev_ids
    assert not {c.id for c in train} & {c.id for c in val}


@pytest.mark.parametrize("change, message", [
    (dict(parent="v9"), "Unknown prompt version claims_assistant/v9"),
    (dict(target="v2"), "v2.yaml already exists"),
    (dict(max_calls=0), "budget must be above 0"),
    (dict(max_cost_usd=0.0), "budget must be above 0"),
    (dict(optimizer="routing"), "does not fit model"),
    (dict(optimizer="gepa"), "Unknown optimizer"),
])
def test_bad_requests_give_one_line_and_write_nothing(tmp_path, session_settings, full, change, message):
    settings = _workspace(tmp_path, session_settings, full[:5])
    args = dict(parent="v2", target="v3", optimizer="bootstrap", model=MODEL) | change
    with pytest.raises(DataError, match=message) as err:
        optimize(settings, suite="mini", prove=False, **args)
    assert "\n" not in str(err.value)
    assert list_versions(settings.prompts_dir, "claims_assistant") == ["v1", "v2"]


def test_an_empty_dev_split_is_refused(tmp_path, session_settings, full):
    settings = _workspace(tmp_path, session_settings, _as("test", full[:5]))
    with pytest.raises(DataError, match="no dev cases"):
        optimize(settings, "v2", "v3", "routing", "offline", suite="mini", prove=False)
    assert list_versions(settings.prompts_dir, "claims_assistant") == ["v1", "v2"]


def test_routing_selection_reads_dev_only_and_never_gets_worse(full):
    v2 = load_prompt(PROJECT_ROOT / "prompts", "claims_assistant", "v2")
    dev = [c for c in full if c.split == "dev"][:80]
    with pytest.raises(ValueError, match="dev cases only"):
        select_routing(v2.baseline.routing, 0.3, _as("test", dev[:2]))
    choice = select_routing(v2.baseline.routing, v2.baseline.min_similarity, dev, max_added=6)
    assert choice.accuracy_after >= choice.accuracy_before
    dev_questions = {c.question for c in dev}
    for intent, examples in choice.routing.items():
        assert set(v2.baseline.routing[intent]) <= set(examples)
        assert set(examples) - set(v2.baseline.routing[intent]) <= dev_questions


@pytest.mark.slow
def test_offline_optimize_writes_only_the_baseline_routing(tmp_path, session_settings, resources, full):
    dev = [c for c in full if c.split == "dev" and not c.history][:24]
    settings = _workspace(tmp_path, session_settings, dev + _sealed_rewordings(full[-3:]))
    result = optimize(settings, "v2", "v3", "routing", "offline", suite="mini", resources=resources,
                      prove=False, say=lambda _: None)
    v2, v3 = (load_prompt(settings.prompts_dir, "claims_assistant", v) for v in ("v2", "v3"))
    assert v3.llm == v2.llm and v3.contacts == v2.contacts and v3.behaviour == v2.behaviour
    assert v3.baseline.templates == v2.baseline.templates and v3.baseline.scope_terms == v2.baseline.scope_terms
    p = v3.provenance
    assert (p.parent, p.optimizer, p.model, p.llm_calls, p.dev_cases) == ("v2", "routing", "offline", 0, 24)
    assert 0 <= p.dev_score_before <= 1 and 0 <= p.dev_score_after <= 1
    assert set(result.trainset_ids) <= {c.id for c in dev}


@pytest.mark.slow
def test_a_candidate_built_from_test_questions_is_refused_without_showing_them(
        tmp_path, session_settings, resources, full):
    dev = [c for c in full if c.split == "dev" and not c.history][:24]
    leaked = [c for c in full if c.split == "dev" and not c.history][-3:]  # in v2's learned router
    settings = _workspace(tmp_path, session_settings, dev + _as("test", leaked))
    with pytest.raises(DataError) as err:
        optimize(settings, "v2", "v3", "routing", "offline", suite="mini", resources=resources,
                 prove=False, say=lambda _: None)
    message = str(err.value)
    assert "contamination" in message and "\n" not in message
    assert any(c.id in message for c in leaked)  # named by case id ...
    assert not any(c.question in message for c in leaked)  # ... never by its sealed text
    assert list_versions(settings.prompts_dir, "claims_assistant") == ["v1", "v2"]


@pytest.mark.slow
def test_dspy_evaluate_and_the_runner_give_the_same_scores(tmp_path, session_settings, resources, full):
    cases = [c for c in full if c.split == "dev"][::25][:8]
    with FakeOpenAI() as fake:
        settings = _workspace(tmp_path, session_settings, cases, openai_base_url=fake.base_url)
        assistant = ClaimsAssistant(settings, "v2", model=MODEL, resources=resources)
        ctx = ScoringContext(resources.store)
        rows = run_cases(assistant, Dataset(name="mini", cases=cases), tmp_path / "run", ctx, concurrency=1)
        sent = fake.calls
        program = CaseProgram(assistant.program, resources, k=settings.retrieval_k)
        evaluate = dspy.Evaluate(devset=to_examples(cases), metric=make_metric(ctx), num_threads=1)
        with dspy.context(lm=assistant.lm):
            result = evaluate(program)
        assert fake.calls == sent  # the same requests: answered from the cache, same predictions
    by_runner = dict(zip(rows["case_id"], rows.apply(row_score, axis=1), strict=True))
    by_dspy = {ex.case_id: score for ex, _, score in result.results}
    assert by_dspy == pytest.approx(by_runner)
    assert len(set(by_runner.values())) > 1 or by_runner  # scores came from real verdicts


@pytest.mark.slow
def test_bootstrap_fewshot_learns_demos_from_dev_cases_only(tmp_path, session_settings, resources, full):
    # Balance questions the fake server's rule-based agent answers correctly, so some pass the metric.
    balance = _balance_dev(full)
    dev, test = balance[:8], _sealed_rewordings(balance[8:10])
    with FakeOpenAI() as fake:
        settings = _workspace(tmp_path, session_settings, dev + test, openai_base_url=fake.base_url)
        result = optimize(settings, "v2", "v3", "bootstrap", MODEL, suite="mini", max_calls=500,
                          max_train=5, max_val=3, max_demos=2, resources=resources, say=lambda _: None)
        first_run_calls = fake.calls
        v3 = load_prompt(settings.prompts_dir, "claims_assistant", "v3")
        dev_ids = {c.id for c in dev}
        assert set(result.trainset_ids) <= dev_ids and set(result.valset_ids) <= dev_ids
        assert v3.llm.demos and len(v3.llm.demos) <= 2
        assert {d.source_case for d in v3.llm.demos} <= set(result.trainset_ids)
        assert all(d.trajectory for d in v3.llm.demos)
        p = v3.provenance
        assert p.optimizer == "bootstrap" and p.parent == "v2" and p.dev_cases == 8
        assert 0 < p.llm_calls <= first_run_calls and p.cost_usd > 0 and not p.budget_exhausted
        assert result.ab["verdict"] and set(result.ab["runs"]) == {"v2", "v3"}  # the A/B on test ran

        before = fake.calls
        again = optimize(settings, "v2", "v4", "bootstrap", MODEL, suite="mini", max_calls=500,
                         max_train=5, max_val=3, max_demos=2, resources=resources, prove=False,
                         say=lambda _: None)
        assert fake.calls == before  # the rerun is answered from the cache
        assert again.prompt.provenance.llm_calls == 0
        assert [d.question for d in again.prompt.llm.demos] == [d.question for d in v3.llm.demos]


@pytest.mark.slow
def test_a_spent_budget_stops_cleanly_with_what_was_learned(tmp_path, session_settings, resources, full):
    balance = _balance_dev(full)[:8]
    with FakeOpenAI() as fake:
        settings = _workspace(tmp_path, session_settings, balance, openai_base_url=fake.base_url)
        result = optimize(settings, "v2", "v3", "bootstrap", MODEL, suite="mini", max_calls=12,
                          max_train=5, max_val=3, max_demos=2, resources=resources, prove=False,
                          say=lambda _: None)
        assert fake.calls <= 12
    p = result.prompt.provenance
    assert p.budget_exhausted and p.llm_calls <= 12
    assert load_prompt(settings.prompts_dir, "claims_assistant", "v3").provenance == p


@pytest.mark.slow
def test_miprov2_runs_end_to_end_within_its_budget(tmp_path, session_settings, resources, full):
    balance = _balance_dev(full)[:6]
    with FakeOpenAI() as fake:
        settings = _workspace(tmp_path, session_settings, balance, openai_base_url=fake.base_url)
        result = optimize(settings, "v2", "v3", "mipro", MODEL, suite="mini", max_calls=400,
                          max_train=4, max_val=2, max_demos=2, resources=resources, prove=False,
                          say=lambda _: None)
        assert 0 < result.prompt.provenance.llm_calls == fake.calls <= 400
    p = result.prompt.provenance
    assert p.optimizer == "mipro" and p.settings["num_trials"] == 4 and p.cost_usd > 0
    assert {d.source_case for d in result.prompt.llm.demos} <= set(result.trainset_ids)


def test_routing_optimizer_never_draws_on_a_dev_question_that_reads_like_a_test_question(full):
    # A dev question that is a near-copy of a sealed test question (two writers can land on the
    # same words) may not become a routing example; one that is not stays available.
    from workbench.evaluation.optimize import _near_copies_of_sealed

    plain = [c for c in full if c.split == "dev" and not c.history]
    dev = [plain[0], next(c for c in plain if c.intent not in (plain[0].intent, "claim_aggregate", "claim_history",
                                                                 "claim_status", "balance"))]
    twin = dev[0].model_copy(update={"split": "test", "id": "twin-sealed",
                                     "question": dev[0].question.rstrip("?.! ") + " please?"})
    near = _near_copies_of_sealed([c.question for c in dev], [*dev, twin])
    assert near == {dev[0].question}
