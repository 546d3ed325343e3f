"""Your own policy questions (`eval generate --policy-cases FILE`)."""

from __future__ import annotations

import json

import pytest

from workbench.config import PROJECT_ROOT
from workbench.errors import DataError
from workbench.evaluation.datasets.questions import load_policy_questions
from workbench.knowledge import chunk_directory

EXAMPLE = PROJECT_ROOT / "examples" / "byod"


def test_example_questions_load_and_every_reference_section_exists():
    """Each question becomes a policy case whose reference sections are real chunks of the example KB."""
    cases = load_policy_questions(EXAMPLE / "questions.jsonl")
    chunks = chunk_directory(EXAMPLE / "policies")
    assert len(cases) == 10 and all(c.user == "{user}" for c in cases)
    assert {c.split for c in cases} == {"dev", "test"}  # by a stable hash of the question
    for case in cases:
        assert case.expected.tools == ["search_policy"] and "own" in case.tags
        for ref in case.expected.reference_sections:
            doc, _, heading = ref.partition("#")
            assert any(c.document == doc and (not heading or heading in c.section) for c in chunks), ref


@pytest.mark.parametrize(("lines", "message"), [
    (['{"question": "Q?"}'], r"questions\.jsonl:1: field 'reference_sections'"),
    (['{"question": "Q?", "reference_sections": ["a.md"]}', "not json"], r"questions\.jsonl:2: not a JSON"),
    (['{"question": "Q?", "reference_sections": ["a.md"], "intent": "gossip"}'], r":1: field 'intent'"),
    (['{"id": "x", "question": "Q?", "reference_sections": ["a.md"]}'] * 2, r"two questions have the id 'x'"),
    ([""], r"no questions"),
])
def test_bad_questions_file_names_line_and_field(tmp_path, lines, message):
    """Mistakes name the line and the field."""
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=message):
        load_policy_questions(path)


def test_ids_are_numbered_when_not_given(tmp_path):
    """Questions without ids get own-policy-001, -002, …"""
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps({"question": f"Q{i}?", "reference_sections": ["a.md#S"]})
                              for i in range(2)), encoding="utf-8")
    assert [c.id for c in load_policy_questions(path)] == ["own-policy-001", "own-policy-002"]


def test_split_is_stable_and_can_be_given(tmp_path):
    """The hashed split depends only on the question's words; an explicit split wins."""
    path = tmp_path / "q.jsonl"
    rows = [{"question": "Is  dental covered?", "reference_sections": ["a.md"]},
            {"question": "is dental covered?", "reference_sections": ["a.md"], "id": "b"},
            {"question": "Is dental covered?", "reference_sections": ["a.md"], "id": "c", "split": "test"}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    first, second, third = load_policy_questions(path)
    assert first.split == second.split and third.split == "test"
