"""Your own policy questions, as eval cases: a JSONL file of questions with reference sections.

One JSON object per line; only ``question`` and ``reference_sections`` are required::

    {"question": "Can I claim teeth whitening?",
     "reference_sections": ["dental.md#What is not covered"],
     "reference_answer": "No: cosmetic dentistry is excluded.",   # optional
     "must_include": ["cosmetic"],                                  # optional
     "intent": "policy_coverage",                                   # optional (default)
     "id": "my-001", "split": "test", "tags": ["dental"]}           # optional

Without ``split``, a question goes to ``dev`` or ``test`` by a stable hash of its text (about
half each), so the test split that A/B reports by default has policy questions too.

``reference_sections`` are ``document#Section heading`` (or just ``document`` for a plain-text
file), as the knowledge base is chunked. The signed-in user is filled in by the suite builder.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from workbench.errors import DataError
from workbench.evaluation.datasets.cases import EvalCase, Expected, Intent, Split

__all__ = ["PolicyQuestion", "load_policy_questions"]


class PolicyQuestion(BaseModel):
    """One line of a policy questions file."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1)
    reference_sections: list[str] = Field(min_length=1)
    reference_answer: str | None = None
    must_include: list[str] = []
    intent: Intent = "policy_coverage"
    id: str | None = None
    split: Split | None = None
    difficulty: Literal["easy", "medium", "hard"] = "medium"
    tags: list[str] = []

    def to_case(self, number: int) -> EvalCase:
        """The eval case (user ``{user}``, filled in when the suite is built)."""
        return EvalCase(
            id=self.id or f"own-policy-{number:03d}", split=self.split or _hashed_split(self.question),
            template=None, user="{user}",
            question=self.question, intent=self.intent, difficulty=self.difficulty,
            tags=["policy", "own", *self.tags],
            expected=Expected(intent=self.intent, tools=["search_policy"], must_include=self.must_include,
                              reference_answer=self.reference_answer,
                              reference_sections=self.reference_sections))


def _hashed_split(question: str) -> str:
    digest = hashlib.sha256(" ".join(question.lower().split()).encode()).digest()
    return "test" if digest[0] % 2 else "dev"


def load_policy_questions(path: Path) -> list[EvalCase]:
    """Read and validate a questions file.

    Raises:
        DataError: The file is missing or empty, a line is not JSON, a field is invalid, or two
            questions share an id (the message names the line and field).
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataError(f"{path}: cannot read the questions file ({exc.strerror}).") from None
    cases: list[EvalCase] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            question = PolicyQuestion.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}:{number}: not a JSON object ({exc.msg}); write one question per line.") from None
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "(line)"
            raise DataError(f"{path}:{number}: field '{field}': {err['msg']}; each line needs 'question' "
                            "and 'reference_sections' (see workbench/evaluation/datasets/questions.py).") from None
        cases.append(question.to_case(len(cases) + 1))
    if not cases:
        raise DataError(f"{path}: no questions; write one JSON object per line.")
    ids = [c.id for c in cases]
    if dup := next((i for i in ids if ids.count(i) > 1), None):
        raise DataError(f"{path}: two questions have the id {dup!r}; give each its own id.")
    return cases
