"""Eval datasets: JSONL files of cases with a validated schema, loaded by suite, hashed.

One case per line. ``eval/datasets/schema.json`` is generated from ``EvalCase`` and documents
the format; ``load_cases`` validates every line and names file, line and field on error.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from workbench.agent.memory import Turn
from workbench.errors import DataError
from workbench.prompts import INTENTS

Intent = Literal[INTENTS]  # type: ignore[valid-type] - the prompt versions' intent names
#: ``dev`` cases may be read to build prompts, demos and the baseline; ``test`` cases never are.
Split = Literal["dev", "test"]
SPLITS: tuple[str, ...] = ("dev", "test")
#: What ``--split`` accepts: one split or both.
SPLIT_CHOICES: tuple[str, ...] = ("dev", "test", "all")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HistoryTurn(_Strict):
    """An earlier turn of the conversation, fed to the agent as memory."""

    question: str
    answer: str
    intent: str | None = None


class Expected(_Strict):
    """What a correct answer does. Every field is optional; scorers skip what is absent."""

    intent: Intent | None = None
    tools: list[str] = []
    numbers: list[float] = []
    must_include: list[str] = []
    must_not_include: list[str] = []
    reference_answer: str | None = None
    reference_sections: list[str] = Field(default=[], description="'document.md#Section heading'")
    reference_chunks: list[str] = []
    refusal: bool = False


class EvalCase(_Strict):
    """One evaluation case."""

    id: str = Field(min_length=1)
    split: Split = Field(description="dev (may shape the agent) or test (sealed, reported)")
    template: str | None = Field(default=None, description=(
        "the template family the case was generated from (cases of one family are not independent)"))
    user: str = Field(min_length=3, description="email of the signed-in user")
    question: str = Field(min_length=1)
    history: list[HistoryTurn] = []
    intent: Intent
    difficulty: Literal["easy", "medium", "hard"] = "easy"
    tags: list[str] = []
    expected: Expected = Expected()

    def turns(self) -> list[Turn]:
        """The earlier turns as the assistant's memory holds them (for ``session.ask(history=…)``)."""
        return [Turn(t.question, t.answer, 0.0, {"intent": t.intent}) for t in self.history]


class Dataset(BaseModel):
    """A named list of cases from one split (or ``all``) with a content hash."""

    name: str
    cases: list[EvalCase]
    split: str = "all"

    @property
    def hash(self) -> str:
        """sha256 over the split name and the canonical cases (order-sensitive), 16 hex digits.

        The split is part of the hash so runs of different splits never compare as one dataset.
        """
        canonical = "\n".join([f"split={self.split}",
                               *(json.dumps(c.model_dump(), sort_keys=True) for c in self.cases)])
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]

    def select(self, split: str) -> Dataset:
        """The cases of one split (``dev``, ``test``) or all of them; an empty selection is an error."""
        if split not in SPLIT_CHOICES:
            raise DataError(f"Unknown split {split!r}; use one of {', '.join(SPLIT_CHOICES)}.")
        cases = self.cases if split == "all" else [c for c in self.cases if c.split == split]
        if not cases:
            raise DataError(f"Suite {self.name!r} has no {split} cases; pick another --split or "
                            "regenerate the suite.")
        return Dataset(name=self.name, cases=cases, split=split)


def load_cases(path: Path) -> list[EvalCase]:
    """Load and validate one JSONL file. Errors name the file, line and field."""
    if not path.is_file():
        raise DataError(f"Dataset file {path} not found: run `workbench eval generate` or check the path.")
    cases, seen = [], {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}:{lineno}: not valid JSON ({exc.msg}); fix the line.") from exc
        try:
            case = EvalCase.model_validate(raw)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"])
            raise DataError(f"{path}:{lineno}: field '{field}': {err['msg']}; see "
                            "eval/datasets/schema.json for the format.") from exc
        if case.id in seen:
            raise DataError(f"{path}:{lineno}: duplicate case id {case.id!r} (first on line "
                            f"{seen[case.id]}); ids must be unique.")
        seen[case.id] = lineno
        cases.append(case)
    if not cases:
        raise DataError(f"{path} has no cases; add JSONL lines or regenerate it.")
    return cases


def write_cases(path: Path, cases: Iterable[EvalCase]) -> int:
    """Write cases as JSONL atomically (a temp file renamed into place); returns the count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    n = 0
    with tmp.open("w", encoding="utf-8") as f:
        for case in cases:
            f.write(json.dumps(case.model_dump(exclude_defaults=True), ensure_ascii=False) + "\n")
            n += 1
    tmp.replace(path)
    return n


def write_schema(path: Path) -> None:
    """Write the JSON schema of a case (documentation for dataset authors)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(EvalCase.model_json_schema(), indent=2) + "\n", encoding="utf-8")
