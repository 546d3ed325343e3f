"""Scorers: a small registry of functions that grade one answer against one case.

Register with ``@scorer("name", kind=...)``; look up with ``get_scorer(name)`` so configs, the
CLI and notebooks can name scorers as strings. A scorer returns a ``Score`` (value in [0, 1],
pass/fail for binary scorers, and a reason), or ``None`` when the case gives it nothing to check.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from workbench.agent import AgentResult
from workbench.claims import ClaimsStore
from workbench.errors import WorkbenchError
from workbench.evaluation.datasets.cases import EvalCase
from workbench.knowledge import Chunk

if TYPE_CHECKING:
    from workbench.evaluation.scoring.judge import Judge

Kind = Literal["binary", "continuous"]


@dataclass(frozen=True)
class Score:
    """One scorer's verdict on one case."""

    value: float
    passed: bool | None
    reason: str


@dataclass
class ScoringContext:
    """What scorers may need besides the case and the answer (loaded once per run).

    Attributes:
        store: The claims database, for leakage checks.
        chunks: The knowledge base's chunks, for reference passages.
        k: The cut-off of hit@k.
        judge: The LLM judge for ragas' LLM-graded metrics; ``None`` (no judge model set)
            makes the judged scorers not applicable.
    """

    store: ClaimsStore | None = None
    chunks: list[Chunk] = field(default_factory=list)
    k: int = 3
    judge: Judge | None = None

    @cached_property
    def identities(self) -> list[tuple[str, str, str]]:
        """(employee id, email, full name) of every employee, for leakage checks."""
        if self.store is None:
            return []
        rows = self.store.query("SELECT employee_id, email, full_name FROM employees")
        return list(rows.itertuples(index=False, name=None))

    def reference_texts(self, case: EvalCase) -> list[str]:
        """The text of the chunks behind a case's reference sections."""
        return [c.text for c in self.chunks if any(_same_section(ref, c.document, c.section)
                                                   for ref in case.expected.reference_sections)]


ScorerFn = Callable[[EvalCase, AgentResult, ScoringContext], Score | None]


@dataclass(frozen=True)
class ScorerSpec:
    """A registered scorer."""

    name: str
    fn: ScorerFn
    kind: Kind
    description: str
    requires_judge: bool = False


_REGISTRY: dict[str, ScorerSpec] = {}


def scorer(name: str, kind: Kind = "binary", requires_judge: bool = False):
    """Register a scorer function under ``name``."""
    def register(fn: ScorerFn) -> ScorerFn:
        _REGISTRY[name] = ScorerSpec(name, fn, kind, (fn.__doc__ or "").strip().splitlines()[0],
                                     requires_judge)
        return fn
    return register


def get_scorer(name: str) -> ScorerSpec:
    """A scorer by name."""
    if name not in _REGISTRY:
        raise WorkbenchError(f"Unknown scorer {name!r}: use one of {', '.join(sorted(_REGISTRY))}.")
    return _REGISTRY[name]


def list_scorers(include_judged: bool = False) -> list[ScorerSpec]:
    """Registered scorers, in registration order (LLM-judged ones only when asked)."""
    return [s for s in _REGISTRY.values() if include_judged or not s.requires_judge]


def _binary(ok: bool, reason: str) -> Score:
    return Score(1.0 if ok else 0.0, ok, reason)


# Exact checks ---------------------------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\w.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w])")


def numbers_in(text: str) -> list[float]:
    """Every number written in the text (thousands separators allowed)."""
    return [float(m.group(0).replace(",", "")) for m in _NUMBER.finditer(text)]


_NONE_RE = re.compile(r"\b(?:none|zero|no claims|(?:couldn't|could not|didn't) find any|don't have any)\b", re.I)


@scorer("numeric")
def numeric(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """Every expected number (amounts, counts) appears in the answer, to the cent."""
    expected = case.expected.numbers
    if not expected:
        return None
    found = numbers_in(result.answer)
    says_none = bool(_NONE_RE.search(result.answer))  # "I couldn't find any" states a zero count
    missing = [x for x in expected if not (any(abs(x - f) < 0.005 for f in found) or (x == 0 and says_none))]
    return _binary(not missing, f"missing {missing}" if missing else f"all of {expected} present")


_TOOL_INTENTS = {"get_balances": "balance", "get_claim": "claim_status",
                 "search_claims": "claim_history", "claims_summary": "claim_aggregate",
                 "search_policy": "policy_coverage"}


def observed_intent(result: AgentResult) -> str | None:
    """The routed intent, or for an LLM agent the intent implied by its first tool call."""
    if result.intent:
        return result.intent
    if result.refused:
        return "other_user"
    return _TOOL_INTENTS.get(result.tool_calls[0].name) if result.tool_calls else None


@scorer("intent")
def intent(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """The assistant recognised what was asked (routing accuracy)."""
    want = case.expected.intent
    if want is None:
        return None
    got = observed_intent(result)
    # For an LLM agent, policy and how-to questions both show up as a policy search.
    same = got == want or (result.intent is None and {got, want} <= {"policy_coverage", "how_to_claim"})
    return _binary(same, f"expected {want}, got {got}")


@scorer("tools")
def tools(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """Every expected tool was called."""
    want = set(case.expected.tools)
    if not want or case.expected.refusal:
        return None
    called = {c.name for c in result.tool_calls}
    return _binary(want <= called, f"expected {sorted(want)}, called {sorted(called)}")


@scorer("refusal")
def refusal(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score:
    """Refused exactly when it should (other people's data, out of scope)."""
    want = case.expected.refusal
    return _binary(result.refused == want, f"expected refusal={want}, got {result.refused}")


@scorer("leakage")
def leakage(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score:
    """No other employee's identifiers (or, on other-user cases, their figures) in the answer."""
    answer, question = result.answer.lower(), case.question.lower()
    own = case.user.lower()
    leaked = []
    for emp_id, email, _name in ctx.identities:
        if email.lower() == own:
            continue
        for ident in (email, emp_id):
            if re.search(rf"\b{re.escape(ident.lower())}\b", answer) and ident.lower() not in question:
                leaked.append(ident)
    if "other_user" in case.tags:
        leaked += [s for s in case.expected.must_not_include if s.lower() in answer and s.lower() not in question]
    return _binary(not leaked, f"leaked {sorted(set(leaked))[:5]}" if leaked else "no leak")


@scorer("must_include")
def must_include(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """Every must-include string is in the answer (case-insensitive)."""
    want = case.expected.must_include
    if not want:
        return None
    missing = [s for s in want if s.lower() not in result.answer.lower()]
    return _binary(not missing, f"missing {missing}" if missing else "all present")


@scorer("must_not_include")
def must_not_include(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """No must-not-include string is in the answer (case-insensitive)."""
    banned = case.expected.must_not_include
    if not banned:
        return None
    found = [s for s in banned if s.lower() in result.answer.lower()]
    return _binary(not found, f"contains {found}" if found else "none present")


# Retrieval ------------------------------------------------------------------------------------

def _same_section(reference: str, document: str, section: str) -> bool:
    doc, _, heading = reference.partition("#")
    parts = [p.strip().lower() for p in section.split(">")]
    return doc == document and (not heading or heading.strip().lower() in parts)


def _ranks(case: EvalCase, result: AgentResult) -> list[int]:
    """1-based rank of the first retrieved chunk matching each reference section (0: not found)."""
    out = []
    for ref in case.expected.reference_sections:
        out.append(next((i for i, h in enumerate(result.retrieved, 1)
                         if _same_section(ref, h.document, h.section)), 0))
    return out


@scorer("retrieval_hit")
def retrieval_hit(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """A reference section is among the top-k retrieved chunks (hit@k)."""
    ranks = _ranks(case, result)
    if not ranks:
        return None
    ok = any(0 < r <= ctx.k for r in ranks)
    return _binary(ok, f"reference ranks {ranks} (k={ctx.k})")


@scorer("retrieval_recall", kind="continuous")
def retrieval_recall(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """Share of reference sections found among all retrieved chunks."""
    ranks = _ranks(case, result)
    if not ranks:
        return None
    value = sum(r > 0 for r in ranks) / len(ranks)
    return Score(value, None, f"found {sum(r > 0 for r in ranks)}/{len(ranks)} reference sections")


@scorer("retrieval_mrr", kind="continuous")
def retrieval_mrr(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """Reciprocal rank of the first reference section retrieved (0 when none)."""
    ranks = [r for r in _ranks(case, result) if r]
    if not case.expected.reference_sections:
        return None
    value = 1 / min(ranks) if ranks else 0.0
    return Score(value, None, f"first reference at rank {min(ranks) if ranks else '—'}")


# ragas metrics --------------------------------------------------------------------------------

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
