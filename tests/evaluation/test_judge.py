"""ragas' LLM-judged scorers against a scripted judge: values, the cache, and failures.

The fake judge reads each ragas prompt (its output schema title and its ``input:`` JSON) and
answers with the structured output asked for, so the real ragas metric code runs end to end.
"""

import asyncio
import json
import re

import pytest

from workbench.agent import AgentResult
from workbench.agent.usage import Usage, meter
from workbench.evaluation.datasets.cases import EvalCase
from workbench.evaluation.experiment import evaluate
from workbench.evaluation.scoring.judge import Judge, JudgeError
from workbench.evaluation.scoring.scorers import ScoringContext, get_scorer, list_scorers
from workbench.knowledge import Hit
from workbench.testing import FakeOpenAI

JUDGED = ["judge_faithfulness", "judge_answer_relevancy", "judge_context_precision", "judge_context_recall"]

QUESTION = "Can I get my teeth whitened and claim it on the dental benefit?"
REFERENCE = ("No. Teeth whitening is a cosmetic dental procedure and is not covered by the DENTAL "
             "category; such claims are rejected.")
POLICY_CASE = {"id": "policy-001", "split": "dev", "user": "bella.ong@kestrel-labs.example", "question": QUESTION,
               "intent": "policy_coverage", "tags": ["policy", "dental"],
               "expected": {"intent": "policy_coverage", "tools": ["search_policy"], "reference_answer": REFERENCE,
                            "reference_sections": ["exclusions.md#Teeth whitening and other dental exclusions"]}}
BALANCE_CASE = {"id": "data-1", "split": "dev", "user": "bella.ong@kestrel-labs.example",
                "question": "What is my dental balance?",
                "intent": "balance", "expected": {"intent": "balance", "tools": ["get_balances"]}}


# A scripted judge ------------------------------------------------------------------------------

def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def ragas_reply(body: dict) -> str:
    """Valid structured output for whichever ragas prompt the request carries."""
    prompt = body["messages"][0]["content"]
    schema = json.loads(prompt.split("JSON Schema:\n", 1)[1].split("Do not use single quotes", 1)[0])
    inputs = json.loads(prompt.rsplit("input: ", 1)[1].split("\nOutput:", 1)[0])
    kind = schema["title"]
    if kind == "StatementGeneratorOutput":  # faithfulness, step 1
        return json.dumps({"statements": _sentences(inputs["answer"])})
    if kind == "NLIStatementOutput":  # faithfulness, step 2: the first statement is supported
        return json.dumps({"statements": [{"statement": s, "reason": "checked", "verdict": int(i == 0)}
                                          for i, s in enumerate(inputs["statements"])]})
    if kind == "AnswerRelevanceOutput":
        return json.dumps({"question": "Is teeth whitening covered by the dental benefit?", "noncommittal": 0})
    if kind == "ContextPrecisionOutput":
        return json.dumps({"reason": "mentions whitening", "verdict": int("whiten" in inputs["context"].lower())})
    if kind == "ContextRecallOutput":
        return json.dumps({"classifications": [{"statement": s, "reason": "checked", "attributed": 1}
                                               for s in _sentences(inputs["answer"])]})
    raise AssertionError(f"unexpected ragas prompt {kind}")


@pytest.fixture
def fake_judge():
    with FakeOpenAI(responder=ragas_reply) as fake:
        yield fake


def judge_settings(settings, fake, **overrides):
    """Settings with a judge model served by the fake, and a cache of this test's own."""
    return settings.with_overrides(judge_model="openai/gpt-4o-mini", openai_base_url=fake.base_url,
                                   openai_api_key="sk-test", llm_backoff_s=0.001, llm_max_retries=1,
                                   **overrides)


def _policy_result(answer: str = "Teeth whitening is not covered. It is a cosmetic procedure.") -> AgentResult:
    hits = [Hit("Teeth whitening is a cosmetic procedure and is excluded from DENTAL.", 0.8,
                "exclusions.md", "Teeth whitening and other dental exclusions", "e:0"),
            Hit("Claims must be submitted within 60 days of the visit.", 0.4, "faq.md", "Deadlines", "f:0")]
    return AgentResult(question=QUESTION, answer=answer, intent="policy_coverage", refused=False, tool_calls=[],
                       retrieved=hits, timings={}, usage=Usage(), model="offline", prompt="claims_assistant@v2",
                       prompt_hash="x")


def _score_all(case, result, ctx):
    return {name: get_scorer(name).fn(case, result, ctx) for name in JUDGED}


# Scorers on one case ---------------------------------------------------------------------------

def test_judged_scorers_grade_a_policy_case_and_rescore_from_the_cache(settings, fake_judge):
    ctx = ScoringContext(judge=Judge.from_settings(judge_settings(settings, fake_judge)))
    case = EvalCase.model_validate(POLICY_CASE)

    with meter() as usage:
        scores = _score_all(case, _policy_result(), ctx)
    assert all(s is not None and 0.0 <= s.value <= 1.0 for s in scores.values()), scores
    assert scores["judge_faithfulness"].value == pytest.approx(0.5)  # 1 of 2 statements supported
    assert scores["judge_context_precision"].value == pytest.approx(1.0)  # the useful passage is first
    assert scores["judge_context_recall"].value == pytest.approx(1.0)
    assert scores["judge_answer_relevancy"].value > 0.5  # near-paraphrase of the question
    assert "judged by openai/gpt-4o-mini" in scores["judge_faithfulness"].reason
    first_calls = fake_judge.calls
    assert first_calls == 6  # faithfulness 2 steps, relevancy 1, precision 1 per passage, recall 1
    assert usage.calls == first_calls and usage.prompt_tokens > 0 and usage.cost_usd > 0  # metered

    # A fresh judge over the same disk cache: same scores, no HTTP request at all.
    ctx_again = ScoringContext(judge=Judge.from_settings(judge_settings(settings, fake_judge)))
    with meter() as usage_again:
        again = _score_all(case, _policy_result(), ctx_again)
    assert fake_judge.calls == first_calls
    assert {k: s.value for k, s in again.items()} == {k: s.value for k, s in scores.items()}
    assert usage_again.calls == 0 and usage_again.cache_hits == usage_again.lm_calls > 0
    assert ctx_again.judge.summary()["judge.http_calls"] == 0.0


def test_judged_scorers_do_not_apply_without_judge_contexts_or_reference(settings, fake_judge):
    case = EvalCase.model_validate(POLICY_CASE)
    assert all(s is None for s in _score_all(case, _policy_result(), ScoringContext()).values())

    ctx = ScoringContext(judge=Judge.from_settings(judge_settings(settings, fake_judge)))
    no_hits = _policy_result()
    no_hits.retrieved = []
    scores = _score_all(case, no_hits, ctx)
    assert scores["judge_faithfulness"] is None and scores["judge_context_precision"] is None
    assert scores["judge_context_recall"] is None and scores["judge_answer_relevancy"] is not None

    no_reference = EvalCase.model_validate(BALANCE_CASE)
    scores = _score_all(no_reference, _policy_result(), ctx)
    assert scores["judge_context_precision"] is None and scores["judge_context_recall"] is None


def test_a_failing_judge_raises_a_one_line_judge_error(settings, fake_judge):
    ctx = ScoringContext(judge=Judge.from_settings(judge_settings(settings, fake_judge)))
    fake_judge.fail_next(500, times=100)
    with pytest.raises(JudgeError, match=r"could not grade faithfulness: .*failed after 2 attempt") as info:
        get_scorer("judge_faithfulness").fn(EvalCase.model_validate(POLICY_CASE), _policy_result(), ctx)
    assert "\n" not in str(info.value)
    assert fake_judge.calls == 2  # one retry (llm_max_retries=1), then it gives up
    assert ctx.judge.summary()["judge.http_calls"] == 2.0


def test_an_unparseable_reply_gets_one_corrective_turn(settings, fake_judge):
    ctx = ScoringContext(judge=Judge.from_settings(judge_settings(settings, fake_judge)))
    case = EvalCase.model_validate(POLICY_CASE)
    fake_judge.script("Sure! The verdict is yes.")  # context recall's first reply is not JSON
    score = get_scorer("judge_context_recall").fn(case, _policy_result(), ctx)
    assert score.value == pytest.approx(1.0)
    assert fake_judge.calls == 2 and "not valid" in fake_judge.requests[1]["messages"][0]["content"]

    fake_judge.responder = lambda body: "still not JSON"
    with pytest.raises(JudgeError, match="did not return valid JSON"):
        get_scorer("judge_faithfulness").fn(case, _policy_result(), ctx)


def test_judge_works_inside_a_running_event_loop(settings, fake_judge):
    """Notebooks run an event loop; the synchronous scorer must still work there."""
    ctx = ScoringContext(judge=Judge.from_settings(judge_settings(settings, fake_judge)))
    case = EvalCase.model_validate(POLICY_CASE)

    async def in_a_notebook():
        return get_scorer("judge_context_precision").fn(case, _policy_result(), ctx)

    assert asyncio.run(in_a_notebook()).value == pytest.approx(1.0)


# Registry and eval runs ------------------------------------------------------------------------

def test_judged_scorers_are_listed_only_when_asked():
    plain = {s.name for s in list_scorers()}
    judged = {s.name for s in list_scorers(include_judged=True)}
    assert not plain & set(JUDGED)
    assert set(JUDGED) <= judged
    assert all(get_scorer(n).requires_judge and get_scorer(n).kind == "continuous" for n in JUDGED)


@pytest.fixture
def suite_settings(session_settings, tmp_path):
    """Session settings with a two-case suite (a policy and a balance question) and a fresh cache."""
    datasets = tmp_path / "datasets"
    datasets.mkdir()
    (datasets / "mini.jsonl").write_text("\n".join(json.dumps(c) for c in (POLICY_CASE, BALANCE_CASE)) + "\n")
    return session_settings.with_overrides(datasets_dir=datasets, cache_dir=tmp_path / "cache")


@pytest.mark.slow
def test_eval_run_without_judge_has_no_judge_metrics(suite_settings, resources):
    report = evaluate(suite_settings, "mini", "v2", "offline", resources=resources)
    assert report.summary["errors"] == 0
    assert not [k for k in report.summary if k.startswith("judge")]
    assert not [c for c in report.rows.columns if "judge" in c]
    assert report.params["judge_model"] == "none"


@pytest.mark.slow
def test_eval_run_with_judge_scores_and_reruns_from_cache(suite_settings, resources, fake_judge):
    settings = judge_settings(suite_settings, fake_judge)
    first = evaluate(settings, "mini", "v2", "offline", resources=resources)
    calls = fake_judge.calls
    assert calls > 0 and first.summary["errors"] == 0
    policy = first.rows.set_index("case_id").loc["policy-001"]
    for name in JUDGED:
        assert 0.0 <= policy[f"score.{name}"] <= 1.0, policy[f"reason.{name}"]
        assert f"{name}.mean" in first.summary
    assert first.summary["judge.http_calls"] == calls and first.summary["judge.cache_hits"] == 0
    assert "judge_faithfulness" in first.params["scorers"]
    assert (first.rows["llm_calls"].fillna(0) == 0).all()  # judge usage is not billed to the agent

    second = evaluate(settings, "mini", "v2", "offline", resources=resources)
    assert fake_judge.calls == calls  # the unchanged re-run made no judge request
    assert second.summary["judge.http_calls"] == 0 and second.summary["judge.cache_hits"] > 0
    for name in JUDGED:
        assert second.summary[f"{name}.mean"] == pytest.approx(first.summary[f"{name}.mean"])


@pytest.mark.slow
def test_a_failing_judge_is_recorded_not_fatal(suite_settings, resources, fake_judge):
    settings = judge_settings(suite_settings, fake_judge)
    fake_judge.fail_next(500, times=1000)
    report = evaluate(settings, "mini", "v2", "offline", resources=resources)
    assert len(report.rows) == 2 and (report.rows["status"] == "ok").all()  # every case answered and kept
    # A judge that cannot grade is a scorer error: counted as an error, never as a pass.
    assert report.summary["errors"] == report.rows.filter(like="error.judge").notna().any(axis=1).sum() > 0
    policy = report.rows.set_index("case_id").loc["policy-001"]
    assert "could not grade faithfulness" in policy["error.judge_faithfulness"]
    assert "score.judge_faithfulness" not in report.rows or report.rows["score.judge_faithfulness"].isna().all()
    assert report.summary["retrieval_hit.pass_rate"] == 1.0  # the other scorers still scored
