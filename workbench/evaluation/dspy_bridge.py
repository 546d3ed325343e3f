"""Eval cases as DSPy data: ``EvalCase`` ↔ ``dspy.Example``, a per-case program, and one metric.

``dspy.Evaluate``, the DSPy optimizers and ``workbench eval`` must agree on what "correct"
means, so all three score through the workbench scorers: ``case_score`` grades one
``AgentResult`` against its ``EvalCase``; ``metric`` is the same function in DSPy's
``(example, prediction, trace)`` form; ``row_score`` reads it back from a runner row.

``CaseProgram`` makes the claims program callable on an example's inputs (``question``,
``history``, ``user``): it binds the user's tools for the call, so optimizers run the program
over cases of many users while the tools still only read the signed-in user's data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import dspy

from workbench.agent import AgentResult, Resources
from workbench.agent.memory import Turn, format_history
from workbench.agent.program import ClaimsProgram
from workbench.agent.tools import UserTools
from workbench.agent.usage import Usage
from workbench.evaluation.datasets.cases import EvalCase
from workbench.evaluation.scoring.scorers import ScoringContext, get_scorer

#: The scorers the metric averages: what the answer and its tool use decide. Retrieval and the
#: ragas scores grade the retriever (or need a judge) and stay out of the optimizers' target.
METRIC_SCORERS = ("numeric", "intent", "tools", "refusal", "leakage", "must_include", "must_not_include")
#: How the metric is named in provenance and MLflow.
METRIC_NAME = "mean pass rate of " + ", ".join(METRIC_SCORERS)
INPUTS = ("question", "history", "user")


def history_text(case: EvalCase) -> str:
    """A case's earlier turns as the program's ``history`` input (what the runner sends)."""
    return format_history([Turn(t.question, t.answer, 0.0, {"intent": t.intent}) for t in case.history])


def case_to_example(case: EvalCase) -> dspy.Example:
    """The case as a ``dspy.Example``: inputs ``question``, ``history``, ``user``; the case kept whole."""
    return dspy.Example(question=case.question, history=history_text(case), user=case.user,
                        case_id=case.id, split=case.split,
                        case=case.model_dump()).with_inputs(*INPUTS)


def example_to_case(example: dspy.Example) -> EvalCase:
    """The ``EvalCase`` an example was made from."""
    return EvalCase.model_validate(example.case)


def to_examples(cases: Iterable[EvalCase]) -> list[dspy.Example]:
    """``case_to_example`` over many cases."""
    return [case_to_example(c) for c in cases]


class CaseProgram(dspy.Module):
    """The claims program over an example's inputs, with the example's user's tools bound.

    Args:
        program: The claims program (its predictors are this module's predictors, so what an
            optimizer compiles lands in it).
        resources: The claims store and knowledge index the tools read.
        k: Passages per policy search.
    """

    def __init__(self, program: ClaimsProgram, resources: Resources, k: int = 4):
        super().__init__()
        self.program = program
        self._resources = resources
        self._k = k

    def deepcopy(self) -> CaseProgram:
        """A copy with copied predictors that shares the (read-only, uncopyable) resources."""
        resources, self._resources = self._resources, None
        try:
            copied = super().deepcopy()
        finally:
            self._resources = resources
        copied._resources = resources
        return copied

    def forward(self, question: str, history: str = "", user: str = "", **_: object) -> dspy.Prediction:
        """Answer as ``user``; the prediction adds ``tool_calls`` and ``retrieved`` for scoring."""
        tools = UserTools(self._resources.store.for_user(user), self._resources.index, k=self._k)
        pred = self.program(question=question, history=history, tools=tools)
        return dspy.Prediction(answer=pred.answer, intent=pred.intent, refused=bool(pred.refused),
                               cited=[str(c) for c in (pred.cited or [])],
                               trajectory=pred.trajectory, tool_calls=list(tools.calls),
                               retrieved=list(tools.hits))


def prediction_to_result(case: EvalCase, pred: dspy.Prediction, model: str = "",
                         prompt: str = "", prompt_hash: str = "") -> AgentResult:
    """A ``CaseProgram`` prediction as the ``AgentResult`` the scorers read."""
    return AgentResult(question=case.question, answer=pred.answer or "", intent=pred.intent,
                       refused=bool(pred.refused), tool_calls=list(pred.get("tool_calls", [])),
                       retrieved=list(pred.get("retrieved", [])), timings={}, usage=Usage(),
                       model=model, prompt=prompt, prompt_hash=prompt_hash,
                       cited=list(pred.get("cited", [])))


def case_score(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> float:
    """Share of the applicable ``METRIC_SCORERS`` the answer passes (1.0 when none applies)."""
    verdicts = [s.passed for name in METRIC_SCORERS
                if (s := get_scorer(name).fn(case, result, ctx)) is not None]
    return sum(map(bool, verdicts)) / len(verdicts) if verdicts else 1.0


def row_score(row: Mapping) -> float:
    """``case_score`` read from a runner row (``pass.<scorer>`` columns); an errored case is 0."""
    if row.get("error") is not None and row.get("error") == row.get("error"):  # NaN is not an error
        return 0.0
    verdicts = [row[f"pass.{n}"] for n in METRIC_SCORERS
                if f"pass.{n}" in row and row[f"pass.{n}"] is not None and row[f"pass.{n}"] == row[f"pass.{n}"]]
    return sum(map(bool, verdicts)) / len(verdicts) if verdicts else 1.0


def make_metric(ctx: ScoringContext):
    """The metric for ``dspy.Evaluate`` and the optimizers: ``case_score`` of the prediction."""
    def metric(example: dspy.Example, pred: dspy.Prediction, trace=None) -> float:
        case = example_to_case(example)
        return case_score(case, prediction_to_result(case, pred), ctx)

    metric.__name__ = "workbench_case_score"
    return metric
