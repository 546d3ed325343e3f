"""Routing examples are selected from dev cases only, deterministically, and written in place."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from workbench.config import PROJECT_ROOT
from workbench.errors import DataError
from workbench.evaluation.datasets.cases import EvalCase, HistoryTurn
from workbench.evaluation.routing_examples import select_routing, write_routing
from workbench.prompts import INTENTS, load_prompt_file


def _bag_of_words(texts: list[str]) -> np.ndarray:
    """A tiny stand-in for the sentence model: hashed word counts, unit length."""
    out = np.zeros((len(texts), 64), dtype=np.float32)
    for i, text in enumerate(texts):
        for word in text.lower().split():
            out[i, sum(map(ord, word)) % 64] += 1
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def _cases() -> list[EvalCase]:
    cases = []
    for n, intent in enumerate(INTENTS):
        refusal = intent in ("other_user", "out_of_scope")
        for k in range(3):
            cases.append(EvalCase(id=f"d{n}-{k}", split="dev", user="u@x.example", intent=intent,
                                  template=f"t{n}-{k % 2}", question=f"dev {intent} question {k} CLM000000{k}",
                                  expected={"refusal": refusal}))
        cases.append(EvalCase(id=f"t{n}", split="test", user="u@x.example", intent=intent,
                              question=f"SEALED {intent}", expected={"refusal": refusal}))
    cases.append(EvalCase(id="f", split="dev", user="u@x.example", intent="balance", question="and dental?",
                          history=[HistoryTurn(question="my GP balance?", answer="…")]))
    return cases


def test_only_dev_cases_are_used_and_follow_ups_are_skipped():
    routing = select_routing(_cases(), per_intent=2, embed_fn=_bag_of_words)
    assert list(routing) == list(INTENTS)
    examples = [q for qs in routing.values() for q in qs]
    assert all(len(qs) == 2 for qs in routing.values())
    assert not any("SEALED" in q for q in examples) and "and dental?" not in examples
    assert all("CLM0001234" in q for q in examples)  # identifiers normalised


def test_selection_is_deterministic_and_needs_every_intent():
    assert select_routing(_cases(), 2, _bag_of_words) == select_routing(list(reversed(_cases())), 2, _bag_of_words)
    with pytest.raises(DataError, match="no dev cases for intents"):
        select_routing([c for c in _cases() if c.intent != "contacts"], 2, _bag_of_words)


def test_write_routing_replaces_only_the_routing_block(tmp_path):
    path = shutil.copy(PROJECT_ROOT / "prompts" / "claims_assistant" / "v2.yaml", tmp_path / "v2.yaml")
    before = load_prompt_file(path)
    routing = select_routing(_cases(), 2, _bag_of_words)
    write_routing(path, routing, "by a test.")
    after = load_prompt_file(path)
    assert after.baseline.routing == routing
    assert after.baseline.templates == before.baseline.templates and after.llm == before.llm
    assert after.baseline.scope_terms == before.baseline.scope_terms
    write_routing(path, routing, "by a test.")  # idempotent: the note is replaced, not stacked
    assert path.read_text(encoding="utf-8").count("# Routing examples built") == 1


def test_write_learned_router_keeps_the_routing_block_and_is_idempotent(tmp_path):
    from workbench.evaluation.routing_examples import select_router_training, write_learned_router

    path = shutil.copy(PROJECT_ROOT / "prompts" / "claims_assistant" / "v1.yaml", tmp_path / "v1.yaml")
    before = load_prompt_file(path)
    rows = select_router_training([c for c in _cases() if c.split == "dev"])
    part = {"C": 10.0, "threshold": 0.5, "switch": ["how_to_claim->policy_coverage"], "examples": rows}
    for _ in range(2):  # the second write replaces the block (and its note), never stacks it
        write_learned_router(path, part, "by a test.")
    after = load_prompt_file(path)
    assert after.baseline.routing == before.baseline.routing and after.llm == before.llm
    assert [e.q for e in after.baseline.learned_router.examples] == [r["q"] for r in rows]
    assert after.baseline.learned_router.directions() == [("how_to_claim", "policy_coverage")]
    text = path.read_text(encoding="utf-8")
    assert text.count("# Learned router built") == 1 and text.count("  learned_router:") == 1
    with pytest.raises(ValueError, match="dev cases only"):
        select_router_training(_cases())  # the fixture has a test case
