"""The offline baseline's optimizer: choose its routing examples and threshold from dev cases.

The baseline routes a question to the intent whose routing examples are most similar (mean of
the ``k`` closest, as ``IntentRouter`` does) and calls it out of scope below ``min_similarity``.
``select_routing`` starts from the parent's examples and greedily adds the dev question that
raises routing accuracy on the dev cases most, then picks the threshold on a grid. Accuracy is
leave-one-out: a dev question is never routed by its own text, so adding a case's question does
not simply memorise that case. No LLM is involved, and only dev cases are read.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.evaluation.datasets.cases import EvalCase
from workbench.knowledge.embeddings import embed

THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.15, 0.55, 0.05))


@dataclass(frozen=True)
class RoutingChoice:
    """What ``select_routing`` chose and how well it routes the dev cases."""

    routing: dict[str, list[str]]
    min_similarity: float
    accuracy_before: float
    accuracy_after: float
    added: int


def select_routing(routing: dict[str, list[str]], min_similarity: float, cases: list[EvalCase],
                   k: int = 3, max_added: int = 24, candidates_per_intent: int = 12) -> RoutingChoice:
    """Routing examples and threshold that route the dev ``cases`` best (leave-one-out).

    Args:
        routing: The parent's routing examples per intent.
        min_similarity: The parent's threshold.
        cases: Dev cases (every case must be ``split == "dev"``).
        k: Examples averaged per intent (as the baseline's router).
        max_added: Dev questions added at most.
        candidates_per_intent: Dev questions tried per intent and round (the most often
            misrouted first), to bound the search.

    Raises:
        ValueError: A case is not a dev case.
    """
    if bad := [c.id for c in cases if c.split != "dev"]:
        raise ValueError(f"routing selection reads dev cases only; got {bad[:3]}")
    labelled = [c for c in cases if not c.history]  # follow-ups route through the history
    intents = list(routing)
    questions = [c.question for c in labelled]
    gold = np.array([intents.index(c.intent) if c.intent in intents else -1 for c in labelled])
    pool = list(dict.fromkeys([e for i in intents for e in routing[i]] + questions))
    vectors = embed(pool)
    index = {text: n for n, text in enumerate(pool)}
    sims = vectors[[index[q] for q in questions]] @ vectors.T  # dev question × pool text
    own = np.array([[index[q] == j for j in range(len(pool))] for q in questions])
    sims = np.where(own, -np.inf, sims)  # leave-one-out: never routed by its own text

    def routed(selection: dict[str, list[int]], threshold: float) -> np.ndarray:
        scores = np.full((len(questions), len(intents)), -np.inf)
        for i, intent in enumerate(intents):
            cols = selection[intent]
            if cols:
                top = -np.sort(-sims[:, cols], axis=1)[:, :k]
                top = np.where(np.isfinite(top), top, np.nan)
                scores[:, i] = np.nan_to_num(np.nanmean(top, axis=1), nan=-np.inf)
        best = scores.argmax(axis=1)
        oos = intents.index("out_of_scope") if "out_of_scope" in intents else -1
        return np.where(scores.max(axis=1) < threshold, oos, best)

    def accuracy(selection: dict[str, list[int]], threshold: float) -> float:
        return float((routed(selection, threshold) == gold).mean()) if len(gold) else 0.0

    selection = {i: [index[e] for e in routing[i]] for i in intents}
    before = accuracy(selection, min_similarity)
    current, added = before, 0
    while added < max_added:
        wrong = routed(selection, min_similarity) != gold
        best_gain, best_move = 0.0, None
        for i, intent in enumerate(intents):
            # Misrouted questions of this intent first: they are the ones an example can fix.
            members = [n for n in range(len(questions))
                       if gold[n] == i and index[questions[n]] not in selection[intent]]
            members.sort(key=lambda n: not wrong[n])
            for n in members[:candidates_per_intent]:
                trial = {**selection, intent: [*selection[intent], index[questions[n]]]}
                gain = accuracy(trial, min_similarity) - current
                if gain > best_gain:
                    best_gain, best_move = gain, (intent, index[questions[n]])
        if best_move is None:
            break
        selection[best_move[0]].append(best_move[1])
        current += best_gain
        added += 1
    threshold = max(THRESHOLDS, key=lambda t: (accuracy(selection, t), -abs(t - min_similarity)))
    chosen = {i: [pool[j] for j in selection[i]] for i in intents}
    return RoutingChoice(chosen, float(threshold), before, accuracy(selection, threshold), added)
