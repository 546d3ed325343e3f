"""Build a prompt version's ``baseline.learned_router`` from the dev split.

Steps (all on dev cases; the test split is read only by the contamination check, through its
API, and only the ids of the dropped training rows come back):

1. training rows: ``routing_examples.select_router_training``;
2. decontamination: rows the contamination check flags against a test question are dropped;
3. the cascade: the baseline of this version *without* a learned router answers every dev case
   once (cached under ``<cache_dir>/router_switch/``), recording its final intent and the
   intent where the switch would be consulted;
4. the switch: ``router_switch.out_of_fold`` + ``choose_switch`` on the batches whose pre-fit
   cascade is known (all batches without one), and the nested out-of-sample estimate (each
   batch scored with a switch chosen without it), written with per-batch and per-intent figures
   to a JSON report;
5. ``routing_examples.write_learned_router`` rewrites the block in the prompt file;
6. ``ship_weights`` fits the router on the written rows and ships the weights beside the prompt
   (``prompts/<name>/learned_router/<hash>.npz``), so no agent fits at start-up.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from rich.progress import Progress

from workbench.config import PROJECT_ROOT, Settings
from workbench.evaluation.datasets.cases import EvalCase
from workbench.evaluation.router_switch import (
    Outcome,
    batch_of,
    choose_switch,
    nested_estimate,
    out_of_fold,
    switched,
)
from workbench.evaluation.routing_examples import select_router_training, write_learned_router
from workbench.prompts import load_prompt_file, prompt_path

__all__ = ["build", "contaminated_sources", "ship_weights"]


def contaminated_sources(rows: list[dict], datasets_dir: Path) -> set[str]:
    """Source ids of training rows the contamination check flags (no test text is returned)."""
    from workbench.evaluation.contamination import Source, check, normalise, questions_of_split

    public = {normalise(q.question) for q in questions_of_split(datasets_dir, "dev")}
    sealed = [q for q in questions_of_split(datasets_dir) if normalise(q.question) not in public]
    report = check([Source(r["source"], r["q"]) for r in rows], sealed)
    return {p.source.where for p in report.flagged}


def ship_weights(settings: Settings, prompt) -> Path:
    """Fit ``prompt``'s learned router and write its weights where agents look first.

    Weights no prompt version of the same name uses any more are removed.
    """
    from workbench.agent.entities import canonical
    from workbench.agent.learned_router import fit_router, training_hash
    from workbench.prompts import list_versions, load_prompt

    part = prompt.baseline.learned_router
    questions, intents = [e.q for e in part.examples], [e.intent for e in part.examples]
    shipped = settings.prompts_dir / prompt.name / "learned_router"
    path = shipped / f"{training_hash(questions, intents, part.C)}.npz"
    fit_router(questions, intents, part.C, prepare=canonical).save(path)
    used = set()
    for version in list_versions(settings.prompts_dir, prompt.name):
        other = load_prompt(settings.prompts_dir, prompt.name, version).baseline.learned_router
        if other is not None:
            used.add(f"{training_hash([e.q for e in other.examples], [e.intent for e in other.examples], other.C)}.npz")
    for stale in shipped.glob("*.npz"):
        if stale.name not in used:
            stale.unlink()
    return path


def cascade_records(settings: Settings, version: str, cases: list[EvalCase]) -> dict[str, tuple[str, str | None]]:
    """Case id -> (final intent, intent where the switch is consulted) of the switch-less baseline."""
    from workbench.agent import ClaimsAssistant
    from workbench.agent.entities import canonical  # noqa: F401 - loads the baseline's lexicon once

    prompt = load_prompt_file(prompt_path(settings.prompts_dir, settings.prompt_name, version))
    baseline = prompt.baseline.model_copy(update={"learned_router": None})
    prompt = prompt.model_copy(update={"baseline": baseline})
    cache = settings.cache_dir / "router_switch" / f"cascade-{prompt.content_hash}.json"
    have = json.loads(cache.read_text()) if cache.is_file() else {}
    todo = [c for c in cases if c.id not in have]
    if todo:
        assistant = ClaimsAssistant(settings, prompt, "offline")
        with Progress() as progress:
            task = progress.add_task("cascade on dev cases", total=len(todo))
            for case in todo:
                session = assistant.session(case.user, remember=False)
                session.tools.reset()
                out = assistant.baseline.answer(case.question, session.tools, case.turns())
                have[case.id] = [out.intent, out.cascade_intent]
                progress.advance(task)
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(json.dumps(have))
        tmp.replace(cache)
    return {c.id: tuple(have[c.id]) for c in cases}  # type: ignore[misc]


def _figures(pairs: list[tuple[Outcome, str]]) -> dict:
    """Accuracy of cascade, learned and switched intents, overall, per batch and per intent (n >= 10)."""
    def acc(sel):
        sel = list(sel)
        return {"n": len(sel),
                "cascade": round(sum(o.cascade == o.gold for o, _ in sel) / len(sel), 3),
                "learned": round(sum(o.learned == o.gold for o, _ in sel) / len(sel), 3),
                "switched": round(sum(s == o.gold for o, s in sel) / len(sel), 3),
                "changed": sum(s != o.cascade for o, s in sel)}

    out = {"all": acc(pairs)}
    out["per_batch"] = {b: acc(p for p in pairs if p[0].batch == b) for b in sorted({o.batch for o, _ in pairs})}
    intents = Counter(o.gold for o, _ in pairs)
    out["per_intent"] = {i: acc(p for p in pairs if p[0].gold == i) for i in sorted(intents) if intents[i] >= 10}
    return out


def build(settings: Settings, version: str, cases: list[EvalCase], C: float = 10.0,
          prefit: dict[str, str] | None = None, report: Path | None = None) -> dict:
    """Rebuild ``baseline.learned_router`` of ``version`` from dev ``cases``; returns the figures.

    Args:
        settings: Where the prompts, datasets and caches are.
        version: The prompt version to rewrite.
        cases: Dev cases.
        C: Regularisation of the regression.
        prefit: Case id -> the intent the baseline gave the case before it was fit on its batch
            (``benchmarks/prefit_cascade.py``); these cases are scored against it instead of
            today's cascade, which has seen them. The switch is consulted where today's is.
        report: Where the figures go (JSON).
    """
    from workbench.agent.entities import canonical

    if bad := [c.id for c in cases if c.split != "dev"]:
        raise ValueError(f"the learned router is built from dev cases only; got {bad[:3]}")
    rows = select_router_training(cases)
    dropped = contaminated_sources(rows, settings.datasets_dir)
    rows = [r for r in rows if r["source"] not in dropped]
    print(f"training rows: {len(rows)} ({len(dropped)} dropped by the contamination check)")
    by_question: dict[str, set[str]] = {}
    from workbench.evaluation.routing_examples import _clean

    for case in cases:
        by_question.setdefault(_clean(case.question), set()).add(batch_of(case))
    train = [(canonical(r["q"]), r["intent"], by_question[r["q"]]) for r in rows]
    records = cascade_records(settings, version, cases)
    for case_id, intent in (prefit or {}).items():
        if case_id in records:
            records[case_id] = (intent, None if records[case_id][1] is None else intent)
    texts = [canonical(c.question) for c in cases]
    outcomes = out_of_fold(cases, texts, records, train, C)
    # Where the pre-fit cascade is known, only those batches choose the switch: today's cascade
    # was fit on every other batch (it routes them ~0.99), so there any switch is scored a loss
    # that a fresh question (the test split) would not show.
    fresh = [o for o in outcomes if o.case_id in (prefit or {})] or outcomes
    directions, t, in_sample = choose_switch(fresh)
    nested = nested_estimate(fresh)
    chosen = {(a, b) for a, b in directions}
    figures = {"C": C, "threshold": t, "switch": [f"{a}->{b}" for a, b in directions],
               "chosen_on": "pre-fit batches" if prefit else "all dev batches (current cascade)",
               "prefit_cases": len(set(prefit or {}) & set(records)), "training_rows": len(rows),
               "dropped_contaminated": len(dropped), "dev_cases": len(cases),
               "chosen_on_accuracy_in_sample": round(in_sample, 3),
               "out_of_sample_nested": _figures(nested),
               # The chosen switch on every dev case (out-of-fold router; today's cascade where
               # no pre-fit one is known, so those batches can only lose).
               "all_dev_out_of_fold": _figures([(o, switched(o, chosen, t)) for o in outcomes])}
    ids = "\n".join(sorted(c.id for c in cases))
    note = (f"by scripts/rebuild_routing.py --learned-router from {len(cases)} dev cases (ids sha256 "
            f"{hashlib.sha256(ids.encode()).hexdigest()[:12]}); {len(dropped)} rows dropped by the "
            f"contamination check; switch and threshold by leave-one-batch-out on dev.")
    path = prompt_path(settings.prompts_dir, settings.prompt_name, version)
    write_learned_router(path, {"C": C, "threshold": t, "switch": figures["switch"], "examples": rows}, note)
    ship_weights(settings, load_prompt_file(path))  # still a valid prompt version
    report = report or PROJECT_ROOT / "benchmarks" / "results" / "learned_router.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(figures, indent=1))
    print(json.dumps({k: v for k, v in figures.items() if not k.startswith("out_of_sample")}, indent=1))
    for key in ("out_of_sample_nested", "all_dev_out_of_fold"):
        if key in figures:
            print(key, json.dumps(figures[key], indent=1))
    return figures
