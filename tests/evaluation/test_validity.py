"""Validity (machinery) tests of the scorers, through the real LLM code path on the ``full`` suite.

These are not quality claims about any model. They run on ``full``: its whole test split and one
dev case per template family (``validity_sample``). A scripted oracle (``workbench.testing.oracle``)
plays the LLM behind the fake OpenAI-compatible server, so every case goes through the DSPy
program, the user-bound tools, the typed outputs, the runner and the scorers:

- **ceiling**: the oracle makes each case's expected tool calls and answers with its expected
  facts; every scorer the answer decides must pass ≥ 0.98 of the cases it applies to, and the
  smoke gate must pass. A scorer below that would be unfair to a correct LLM.
- **floor / mutation**: one deliberate fault at a time must fail its scorer on *every* case it
  touches: tools bound to another user → ``leakage``; "I don't know" → ``numeric``; never
  declining → ``refusal``.
"""

from __future__ import annotations

import pytest

from workbench.agent import ClaimsAssistant
from workbench.config import PROJECT_ROOT
from workbench.evaluation.analysis.summary import summarize
from workbench.evaluation.datasets.cases import Dataset, EvalCase
from workbench.evaluation.experiment import load_suite
from workbench.evaluation.gate import check, load_gates
from workbench.evaluation.running.runner import run_cases
from workbench.evaluation.scoring.scorers import ScoringContext
from workbench.knowledge import chunk_directory
from workbench.testing import FakeOpenAI
from workbench.testing.oracle import CaseOracle

pytestmark = pytest.mark.slow
MODEL = "openai/gpt-4o-mini"
#: Scorers whose verdict the agent's answer and tool use decide (retrieval_* and the ragas
#: context metrics grade the retriever, which the oracle does not control).
ANSWER_SCORERS = ("numeric", "intent", "tools", "refusal", "leakage", "must_include",
                  "must_not_include", "citation")


class MisboundAssistant(ClaimsAssistant):
    """A deliberately broken assistant: each session's tools read the *next* employee's data."""

    def session(self, user, conversation_id=None, remember=True):  # noqa: D102
        session = super().session(user, conversation_id, remember)
        store = self.resources.store
        ids = list(store.users().employee_id)
        mine = session.tools.user.employee.employee_id
        session.tools.user = store.for_user(ids[(ids.index(mine) + 1) % len(ids)])
        return session


def _run(tmp_path_factory, session_settings, resources, cases, mode, assistant_cls=ClaimsAssistant):
    """Run ``cases`` with the oracle in ``mode``; its own LM cache, so modes never share replies."""
    oracle = CaseOracle(mode)
    data = tmp_path_factory.mktemp(f"validity-{mode}")
    with FakeOpenAI(oracle) as fake:
        settings = session_settings.with_overrides(openai_base_url=fake.base_url, data_dir=data,
                                                   cache_dir=data / "cache")
        assistant = assistant_cls(settings, "v2", model=MODEL, resources=resources)
        # The oracle answers from the case, not from the request alone: two users asking the same
        # question with no tool call send identical requests, so a response cache would hand the
        # second the first one's figures. Real models are cached; the oracle is not.
        assistant.lm.response_cache = None
        ctx = ScoringContext(resources.store, chunk_directory(settings.knowledge_dir))
        rows = run_cases(assistant, Dataset(name="validity", cases=cases), data / "run", ctx,
                         concurrency=1, timeout_s=120, trace=oracle.serving)
    assert rows["error"].isna().all(), rows.loc[rows["error"].notna(), ["case_id", "error"]]
    return rows.set_index("case_id")


def validity_sample(cases: list[EvalCase]) -> list[EvalCase]:
    """Every test case, and one dev case per template family (its users taken in turn).

    The dev split grows by whole template families each time the baseline is refit (2,893 cases
    in 962 families when this was written; each hand-written case is its own family); cases of
    one family share their wording and expectation shape, so they take the scorers down the same
    path. One per family keeps every phrasing and kind the dev split has, at a third of the
    cases; the test split, the one reported, runs whole.
    """
    families: dict[str, list[EvalCase]] = {}
    for case in cases:
        if case.split == "dev":
            families.setdefault(case.template or case.id, []).append(case)
    picked = {members[i % len(members)].id for i, members in enumerate(families.values())}
    return [c for c in cases if c.split == "test" or c.id in picked]


@pytest.fixture(scope="module")
def full(session_settings):
    cases = validity_sample(load_suite(session_settings, "full").cases)
    assert {c.split for c in cases} == {"dev", "test"}
    return cases


@pytest.fixture(scope="module")
def ceiling(tmp_path_factory, session_settings, resources, full):
    return _run(tmp_path_factory, session_settings, resources, full, "oracle")


@pytest.mark.parametrize("scorer", ANSWER_SCORERS)
def test_ceiling_an_oracle_passes_every_answer_scorer(ceiling, scorer):
    passes = ceiling[f"pass.{scorer}"].dropna().astype(bool)
    assert len(passes) >= 10, f"{scorer} applies to only {len(passes)} cases"
    failed = ceiling.loc[passes[~passes].index, f"reason.{scorer}"]
    assert passes.mean() >= 0.98, failed.head(10).to_dict()


def test_ceiling_an_oracle_passes_the_smoke_gate(tmp_path_factory, session_settings, resources):
    smoke = load_suite(session_settings, "smoke").cases
    rows = _run(tmp_path_factory, session_settings, resources, smoke, "oracle").reset_index()
    checks = check(summarize(rows), load_gates(PROJECT_ROOT / "eval" / "gates.yaml", "smoke"))
    assert checks and all(c.passed for c in checks), [c for c in checks if not c.passed]


def test_mutation_tools_bound_to_another_user_fail_leakage_on_every_case_they_touch(
        tmp_path_factory, session_settings, resources, full):
    touched = [c for c in full if set(c.expected.tools) - {"search_policy"}]
    rows = _run(tmp_path_factory, session_settings, resources, touched, "parrot", MisboundAssistant)
    assert len(rows) >= 50
    assert not rows["pass.leakage"].astype(bool).any(), rows.loc[rows["pass.leakage"].astype(bool),
                                                                 "question"].head().to_dict()
    assert rows["reason.leakage"].str.startswith("leaked").all()


def test_mutation_i_dont_know_fails_numeric_on_every_numeric_case(
        tmp_path_factory, session_settings, resources, full):
    numeric = [c for c in full if c.expected.numbers]
    rows = _run(tmp_path_factory, session_settings, resources, numeric, "dont_know")
    assert len(rows) == len(numeric) >= 50
    assert not rows["pass.numeric"].astype(bool).any()


def test_mutation_never_refusing_fails_refusal_on_every_refusal_case(
        tmp_path_factory, session_settings, resources, full):
    refusing = [c for c in full if c.expected.refusal]
    rows = _run(tmp_path_factory, session_settings, resources, refusing, "never_refuse")
    assert len(rows) == len(refusing) >= 20
    assert not rows["pass.refusal"].astype(bool).any()
