"""Build the offline baseline's routing examples from the dev split (never from test).

``select_routing`` picks, per intent, the dev questions that best cover the intent's
phrasings: greedy facility location in embedding space, i.e. each new pick is the question
that most raises the summed similarity of every dev question of the intent to its closest
pick, with each template family weighing as much as one question (a template asked for 12
users is one phrasing). Representative, not outlying, examples win, which is what a
nearest-example router needs. Follow-ups (cases with a
history) are left out: their words only mean something after the earlier turn. So are cases
whose expected refusal disagrees with their intent (a data question that must be refused is a
trap, not a phrasing to route by). Identifiers are normalised (claim ids, emails and employee
ids become fixed placeholders), duplicates dropped. Deterministic for a given dev split.

``write_routing`` rewrites only the ``routing:`` block under ``baseline:`` of a prompt file,
so the rest of the file (comments, the LLM's part) is untouched.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import yaml

from workbench.errors import DataError
from workbench.evaluation.datasets.cases import EvalCase
from workbench.prompts import INTENTS

__all__ = ["select_router_training", "select_routing", "write_learned_router", "write_routing"]

_IDENTIFIERS = [
    (re.compile(r"\bCLM\d{7}\b", re.I), "CLM0001234"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "aisha.lim@kestrel-labs.example"),
    (re.compile(r"\bE\d{4,}\b"), "E1042"),
]
# Security cases wrap a data question in an injection payload: the payload is not a phrasing
# worth routing by, and its data question is already among the data cases.
_SKIP_TAGS = {"sql_injection", "prompt_injection"}


def _clean(question: str) -> str:
    for rx, placeholder in _IDENTIFIERS:
        question = rx.sub(placeholder, question)
    return " ".join(question.split())


def select_routing(cases: Iterable[EvalCase], per_intent: int = 10, embed_fn=None) -> dict[str, list[str]]:
    """Routing examples per intent, chosen from dev cases only.

    Args:
        cases: Eval cases; anything not ``split == "dev"`` is ignored.
        per_intent: At most this many examples per intent.
        embed_fn: Texts → unit vectors (the offline MiniLM model by default).

    Raises:
        DataError: an intent of the prompt has no dev case to learn it from.
    """
    if embed_fn is None:
        from workbench.knowledge.embeddings import embed as embed_fn
    by_intent: dict[str, dict[str, list[str]]] = {}
    for case in cases:
        if case.split != "dev" or _SKIP_TAGS & set(case.tags) or case.history:
            continue
        if case.expected.refusal != (case.intent in ("other_user", "out_of_scope")):
            continue
        family = case.template or f"case:{case.id}"
        questions = by_intent.setdefault(case.intent, {}).setdefault(family, [])
        if (q := _clean(case.question)) not in questions:
            questions.append(q)
    if missing := [i for i in INTENTS if i not in by_intent]:
        raise DataError(f"no dev cases for intents {missing}: add dev cases (eval/datasets) for them.")
    routing = {}
    for intent in INTENTS:
        families = by_intent[intent]
        questions = sorted({q for qs in families.values() for q in qs})
        weight = {q: 0.0 for q in questions}
        for qs in families.values():
            for q in qs:
                weight[q] += 1 / len(qs)
        routing[intent] = _cover(questions, np.array([weight[q] for q in questions]), per_intent, embed_fn)
    return routing


def _cover(questions: list[str], weights: np.ndarray, n: int, embed_fn) -> list[str]:
    """Greedy facility location over ``questions``.

    Picks ``n`` questions whose closest-pick similarity, summed over all questions with their
    weights, is largest. Ties go to the earlier question (sorted order).
    """
    vectors = embed_fn(questions)
    sims = vectors @ vectors.T
    best = np.zeros(len(questions))
    picked: list[int] = []
    for _ in range(min(n, len(questions))):
        gains = (np.maximum(sims, best[None, :]) - best[None, :]) @ weights
        gains[picked] = -np.inf
        i = int(np.argmax(gains))
        picked.append(i)
        best = np.maximum(best, sims[i])
    return [questions[i] for i in picked]


def write_routing(path: Path, routing: dict[str, list[str]], note: str) -> None:
    """Replace the ``routing:`` block of the ``baseline:`` section in one prompt file.

    ``note`` completes the comment line written above the block ("Routing examples built …").

    The block must be the file's only line reading ``  routing:`` (two-space indent, under
    ``baseline:``); the file is written to a temp file and renamed into place.
    """
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.rstrip() == "  routing:"]
    if len(starts) != 1:
        raise DataError(f"{path}: expected exactly one '  routing:' line under 'baseline:'; "
                        f"found {len(starts)}. Edit the routing block by hand.")
    start = starts[0]
    end = next((i for i in range(start + 1, len(lines))
                if lines[i].strip() and len(lines[i]) - len(lines[i].lstrip()) <= 2), len(lines))
    block = [f"  # Routing examples built {' '.join(note.split())}\n", "  routing:\n"]
    for intent, examples in routing.items():
        block.append(f"    {intent}:\n")
        block += [f"      - {yaml.safe_dump(q, default_style=None, width=10_000).strip()}\n"
                  .replace("\n...", "") for q in examples]
    # Drop an earlier generated note directly above the block.
    while start > 0 and lines[start - 1].lstrip().startswith("# Routing examples built"):
        start -= 1
    new = "".join(lines[:start] + block + lines[end:])
    yaml.safe_load(new)  # never write a file that no longer parses
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(new, encoding="utf-8")
    tmp.replace(path)


def select_router_training(cases: Iterable[EvalCase]) -> list[dict]:
    """The learned router's training rows from dev cases: ``{q, intent, source}``, deduplicated.

    Every dev question of every suite (identifiers normalised as for routing examples), except
    injection payloads. A question asked in several cases keeps its most common intent (a tie is
    dropped: its words do not decide the intent) and the first case id as ``source``.

    Raises:
        ValueError: A case is not a dev case.
    """
    seen: dict[str, list[EvalCase]] = {}
    for case in cases:
        if case.split != "dev":
            raise ValueError(f"the learned router is trained on dev cases only; got {case.id} ({case.split})")
        if _SKIP_TAGS & set(case.tags):
            continue
        seen.setdefault(_clean(case.question), []).append(case)
    rows = []
    for question, group in sorted(seen.items()):
        (top, n), *rest = Counter(c.intent for c in group).most_common()
        if rest and rest[0][1] == n:
            continue
        rows.append({"q": question, "intent": top, "source": min(c.id for c in group if c.intent == top)})
    return rows


def write_learned_router(path: Path, part: dict, note: str) -> None:
    """Write (or replace) the ``learned_router:`` block under ``baseline:`` of one prompt file.

    The block goes just above ``  routing:`` (or replaces an earlier ``  learned_router:``
    block); one training row per line. Written to a temp file and renamed into place.
    """
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.rstrip() == "  learned_router:"]
    if starts:
        start = starts[0]
        end = next((i for i in range(start + 1, len(lines))
                    if lines[i].strip() and len(lines[i]) - len(lines[i].lstrip()) <= 2), len(lines))
    else:
        anchor = [i for i, line in enumerate(lines) if line.rstrip() == "  routing:"]
        if len(anchor) != 1:
            raise DataError(f"{path}: expected one '  routing:' line under 'baseline:'; found {len(anchor)}.")
        start = end = anchor[0]
        while start > 0 and lines[start - 1].lstrip().startswith("# Routing examples built"):
            start -= 1  # above the routing block's own note, which stays with it
        end = start
    while start > 0 and lines[start - 1].lstrip().startswith("# Learned router built"):
        start -= 1
    block = [f"  # Learned router built {' '.join(note.split())}\n", "  learned_router:\n",
             f"    C: {float(part['C'])}\n", f"    threshold: {float(part['threshold'])}\n",
             f"    switch: {json.dumps(list(part['switch']))}\n", "    examples:\n"]
    for row in part["examples"]:
        block.append(f"      - {{intent: {row['intent']}, source: {json.dumps(row['source'])}, "
                     f"q: {json.dumps(row['q'], ensure_ascii=False)}}}\n")
    new = "".join(lines[:start] + block + lines[end:])
    yaml.safe_load(new)  # never write a file that no longer parses
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(new, encoding="utf-8")
    tmp.replace(path)
