"""The built-in scorers, registered in display order, and the names other modules import.

The scorers live in one module per concept: ``registry`` (``Score``, ``ScoringContext``,
``@scorer``), ``exact`` (numbers, intent, tools, refusal, strings), ``leakage``, ``retrieval``
and ``ragas_metrics``. Importing this module registers all of them.
"""

from __future__ import annotations

from workbench.evaluation.scoring.exact import (
    figures_in,
    intent,
    must_include,
    must_not_include,
    numbers_in,
    numeric,
    observed_intent,
    refusal,
    states_none,
    tools,
)
from workbench.evaluation.scoring.leakage import leakage
from workbench.evaluation.scoring.ragas_metrics import (
    context_precision,
    context_recall,
    judge_answer_relevancy,
    judge_context_precision,
    judge_context_recall,
    judge_faithfulness,
    string_similarity,
)
from workbench.evaluation.scoring.registry import (
    Score,
    ScorerSpec,
    ScoringContext,
    get_scorer,
    list_scorers,
    same_section,
    scorer,
)
from workbench.evaluation.scoring.retrieval import citation, retrieval_hit, retrieval_mrr, retrieval_recall

__all__ = ["Score", "ScorerSpec", "ScoringContext", "citation", "context_precision", "context_recall",
           "figures_in", "get_scorer", "intent", "judge_answer_relevancy", "judge_context_precision",
           "judge_context_recall", "judge_faithfulness", "leakage", "list_scorers", "must_include",
           "must_not_include", "numbers_in", "numeric", "observed_intent", "refusal",
           "retrieval_hit", "retrieval_mrr", "retrieval_recall", "same_section", "scorer",
           "states_none", "string_similarity", "tools"]
