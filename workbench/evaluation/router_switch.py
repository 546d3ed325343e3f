"""Choose the offline baseline's learned-intent switch by leave-one-batch-out on the dev split.

A *batch* is a group of dev cases written together (a template batch prefix such as ``ea``, a
hand-written ``voiceN`` set, or ``seed`` for the original cases). For each batch the learned
router is fit without it and predicts its cases out of sample; the cascade's intents come from
the current baseline run with no switch (``cascade_records``). The cascade was fit on these very
batches, so this comparison favours the cascade: a direction that wins here wins against a
cascade that has seen the questions.

``choose_switch`` picks, for a probability threshold on a grid, every direction
(cascade intent -> learned intent) whose switched cases gain at least ``min_net`` correct intents,
and the threshold with the best accuracy. A switch from a refusal intent into a data intent is
never allowed (a question the cascade refuses is not answered with the user's figures on a
router's say-so). ``nested_estimate`` is the honest figure: each batch scored with a switch
chosen on the other batches only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from workbench.evaluation.datasets.cases import EvalCase

__all__ = ["GRID", "Outcome", "batch_of", "switched", "choose_switch", "nested_estimate", "out_of_fold", "TARGETS"]

GRID = tuple(round(0.30 + 0.05 * i, 2) for i in range(14))
_REFUSING = ("other_user", "out_of_scope")
_DATA = ("balance", "claim_status", "claim_history", "claim_aggregate")
#: Intents the learned router may switch to: the non-data intents, where the dev probe found it
#: better than the cascade (data intents are decided by entities the cascade parses).
TARGETS = ("policy_coverage", "how_to_claim", "contacts", "other_user", "out_of_scope")
_BATCH_PREFIX = re.compile(r"^(d[a-z]|e[a-z])$")


def batch_of(case: EvalCase) -> str:
    """The dev batch of a case: its template's batch prefix, ``voiceN``, or ``seed``."""
    head = case.id.split("-")[0]
    tpl = (case.template or "").split("-")[0]
    if _BATCH_PREFIX.match(tpl):
        return tpl
    if head.startswith("voice"):
        return head
    return "seed"


@dataclass(frozen=True)
class Outcome:
    """One dev case scored out of fold.

    Its gold intent, the cascade's intents (final, and where the switch is consulted) and the
    learned router's out-of-fold intent and probability.
    """

    case_id: str
    batch: str
    gold: str
    cascade: str
    consulted: str | None
    learned: str
    prob: float


def out_of_fold(cases: list[EvalCase], texts: list[str], records: dict[str, tuple[str, str | None]],
                rows: list[tuple[str, str, set[str]]], C: float, progress=None) -> list[Outcome]:
    """Out-of-fold learned predictions for every dev case, one fit per held-out batch.

    Args:
        cases: Dev cases to score.
        texts: Each case's question as the baseline reads it (canonical text).
        records: Case id -> (cascade's final intent, intent where the switch was consulted).
        rows: Training rows (canonical question, intent, batches of the cases it came from); a
            row is left out of a fold when any of its batches is held out.
        C: Regularisation of the regression.
        progress: Called with each batch name after its fit (optional).
    """
    from workbench.agent.learned_router import fit_vectors
    from workbench.knowledge.embeddings import embed

    if bad := [c.id for c in cases if c.split != "dev"]:
        raise ValueError(f"the switch is chosen on dev cases only; got {bad[:3]}")
    row_vectors = embed([q for q, _, _ in rows])
    case_vectors = embed(texts)
    batches = [batch_of(c) for c in cases]
    out: list[Outcome | None] = [None] * len(cases)
    for held in sorted(set(batches)):
        keep = [i for i, (_, _, b) in enumerate(rows) if held not in b]
        router = fit_vectors(row_vectors[keep], [rows[i][1] for i in keep], C)
        idx = [i for i, b in enumerate(batches) if b == held]
        p = router.proba(case_vectors[idx])
        for j, i in enumerate(idx):
            best = int(p[j].argmax())
            final, consulted = records[cases[i].id]
            out[i] = Outcome(cases[i].id, held, cases[i].intent, final, consulted,
                             router.classes[best], float(p[j, best]))
        if progress:
            progress(held)
    return [o for o in out if o is not None]


def switched(o: Outcome, directions: set[tuple[str, str]], t: float) -> str:
    """The intent a case ends with under a switch (directions at threshold ``t``)."""
    if o.consulted is not None and (o.consulted, o.learned) in directions and o.prob >= t:
        return o.learned
    return o.cascade


def choose_switch(outcomes: Iterable[Outcome], min_net: int = 2,
                  targets: tuple[str, ...] = TARGETS) -> tuple[list[tuple[str, str]], float, float]:
    """Directions and threshold that route ``outcomes`` best; returns (directions, t, accuracy).

    At each threshold a direction into one of ``targets`` is kept when switching its cases gains
    at least ``min_net`` correct intents over the cascade; the threshold with the best accuracy
    wins (ties: the higher threshold).
    """
    outcomes = list(outcomes)
    best: tuple[float, float, list[tuple[str, str]]] = (-1.0, 0.0, [])
    for t in GRID:
        net: Counter = Counter()
        for o in outcomes:
            if o.consulted is None or o.learned == o.consulted or o.prob < t or o.learned not in targets:
                continue
            net[(o.consulted, o.learned)] += (o.learned == o.gold) - (o.cascade == o.gold)
        directions = sorted(d for d, n in net.items()
                            if n >= min_net and not (d[0] in _REFUSING and d[1] in _DATA))
        acc = float(np.mean([switched(o, set(directions), t) == o.gold for o in outcomes]))
        if (acc, t) > best[:2]:
            best = (acc, t, directions)
    return best[2], best[1], best[0]


def nested_estimate(outcomes: list[Outcome], min_net: int = 2) -> list[tuple[Outcome, str]]:
    """Each case with the intent a switch chosen *without its batch* gives it (out of sample)."""
    out = []
    for held in sorted({o.batch for o in outcomes}):
        directions, t, _ = choose_switch([o for o in outcomes if o.batch != held], min_net)
        out += [(o, switched(o, set(directions), t)) for o in outcomes if o.batch == held]
    return out
