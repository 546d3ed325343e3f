"""Retrieval scorers: whether the reference sections were retrieved (hit@k, recall, MRR) and cited."""

from __future__ import annotations

from workbench.agent import AgentResult
from workbench.evaluation.datasets.cases import EvalCase
from workbench.evaluation.scoring.registry import Score, ScoringContext, binary, same_section, scorer


def _ranks(case: EvalCase, result: AgentResult) -> list[int]:
    """1-based rank of the first retrieved chunk matching each reference section (0: not found)."""
    out = []
    for ref in case.expected.reference_sections:
        out.append(next((i for i, h in enumerate(result.retrieved, 1)
                         if same_section(ref, h.document, h.section)), 0))
    return out


@scorer("retrieval_hit")
def retrieval_hit(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """A reference section is among the top-k retrieved chunks (hit@k)."""
    ranks = _ranks(case, result)
    if not ranks:
        return None
    ok = any(0 < r <= ctx.k for r in ranks)
    return binary(ok, f"reference ranks {ranks} (k={ctx.k})")


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


@scorer("citation")
def citation(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """The answer cites a passage of a reference section, and only passages it retrieved."""
    if not case.expected.reference_sections or case.expected.refusal:
        return None
    retrieved = {h.chunk_id: h for h in result.retrieved}
    unretrieved = [c for c in result.cited if c not in retrieved]
    on_reference = [c for c in result.cited if c in retrieved and any(
        same_section(ref, retrieved[c].document, retrieved[c].section)
        for ref in case.expected.reference_sections)]
    ok = bool(on_reference) and not unretrieved
    reason = (f"cites {len(on_reference)} reference passage(s)" if ok else
              f"cited {result.cited}: {len(on_reference)} on a reference section, "
              f"not retrieved {unretrieved}")
    return binary(ok, reason)
