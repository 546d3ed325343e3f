"""ragas metrics as scorers: the non-LLM ones always, the LLM-judged ones when a judge is set."""

from __future__ import annotations

from workbench.agent import AgentResult
from workbench.evaluation.datasets.cases import EvalCase
from workbench.evaluation.scoring.registry import Score, ScoringContext, scorer


def _ragas_sample(case: EvalCase, result: AgentResult, ctx: ScoringContext):
    from ragas.dataset_schema import SingleTurnSample

    return SingleTurnSample(user_input=case.question, response=result.answer,
                            reference=case.expected.reference_answer,
                            retrieved_contexts=[h.text for h in result.retrieved],
                            reference_contexts=ctx.reference_texts(case))


def _ragas_metric(name: str):
    """A ragas non-LLM metric object (created once; they hold no per-case state)."""
    if name not in _RAGAS:
        from ragas import metrics

        _RAGAS[name] = {"string_similarity": metrics.NonLLMStringSimilarity,
                        "context_precision": metrics.NonLLMContextPrecisionWithReference,
                        "context_recall": metrics.NonLLMContextRecall}[name]()
    return _RAGAS[name]


_RAGAS: dict[str, object] = {}


@scorer("string_similarity", kind="continuous")
def string_similarity(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """Ragas NonLLMStringSimilarity between the answer and the reference answer."""
    if not case.expected.reference_answer:
        return None
    value = float(_ragas_metric("string_similarity").single_turn_score(_ragas_sample(case, result, ctx)))
    return Score(value, None, "ragas non-LLM string similarity")


@scorer("context_precision", kind="continuous")
def context_precision(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """Ragas NonLLMContextPrecisionWithReference of the retrieved passages."""
    sample = _ragas_sample(case, result, ctx)
    if not sample.reference_contexts or not sample.retrieved_contexts:
        return None
    value = float(_ragas_metric("context_precision").single_turn_score(sample))
    return Score(value, None, "ragas non-LLM context precision")


@scorer("context_recall", kind="continuous")
def context_recall(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """Ragas NonLLMContextRecall of the reference passages."""
    sample = _ragas_sample(case, result, ctx)
    if not sample.reference_contexts or not sample.retrieved_contexts:
        return None
    value = float(_ragas_metric("context_recall").single_turn_score(sample))
    return Score(value, None, "ragas non-LLM context recall")


# ragas metrics graded by an LLM judge ---------------------------------------------------------
# Listed only when a judge model is configured (settings.judge_model). The judge's requests go
# through the workbench LM, so they are cached on disk and metered (see evaluation/judge.py).
# A judge failure raises JudgeError, which the runner records as the scorer's reason.

def _judged(metric: str, ctx: ScoringContext, **inputs) -> Score | None:
    value = ctx.judge.score(metric, **inputs)
    if value is None:
        return None
    return Score(value, None, f"ragas {metric.replace('_', ' ')} judged by {ctx.judge.model}")


@scorer("judge_faithfulness", kind="continuous", requires_judge=True)
def judge_faithfulness(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """Ragas Faithfulness (LLM judge): share of the answer's statements the retrieved passages support."""
    contexts = [h.text for h in result.retrieved]
    if ctx.judge is None or not contexts or not result.answer.strip():
        return None
    return _judged("faithfulness", ctx, user_input=case.question, response=result.answer,
                   retrieved_contexts=contexts)


@scorer("judge_answer_relevancy", kind="continuous", requires_judge=True)
def judge_answer_relevancy(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """Ragas AnswerRelevancy (LLM judge + offline embeddings): the answer addresses the question."""
    if ctx.judge is None or not result.answer.strip() or result.refused:
        return None
    return _judged("answer_relevancy", ctx, user_input=case.question, response=result.answer)


@scorer("judge_context_precision", kind="continuous", requires_judge=True)
def judge_context_precision(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """Ragas LLM context precision with reference: useful passages are ranked first."""
    contexts = [h.text for h in result.retrieved]
    if ctx.judge is None or not contexts or not case.expected.reference_answer:
        return None
    return _judged("context_precision", ctx, user_input=case.question,
                   reference=case.expected.reference_answer, retrieved_contexts=contexts)


@scorer("judge_context_recall", kind="continuous", requires_judge=True)
def judge_context_recall(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """Ragas LLM context recall: share of the reference answer's statements the passages support."""
    contexts = [h.text for h in result.retrieved]
    if ctx.judge is None or not contexts or not case.expected.reference_answer:
        return None
    return _judged("context_recall", ctx, user_input=case.question,
                   reference=case.expected.reference_answer, retrieved_contexts=contexts)
