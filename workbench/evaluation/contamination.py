"""Contamination guard: is anything the agent is built from too close to a test question?

Every string in every prompt file (walked generically, so any layout of the YAML is covered:
routing examples, few-shot demos, templates, rules, scope terms) and the offline baseline's
word lists (``workbench.agent.entities.LEXICON``) are compared with every question of every
``split: "test"`` case (and the questions of their conversation history) in all dataset files.

Two similarities per pair, both in [0, 1]:

* **character**: rapidfuzz's normalised Indel similarity, the larger of the plain and the
  word-sorted ratio, on text normalised to lower case with claim ids, emails, employee ids,
  years and other numbers replaced by placeholders (a template filled with another year or
  claim id is still the same template);
* **embedding**: cosine of the project's offline MiniLM embeddings.

A pair is flagged when either similarity reaches its threshold; ``docs/contamination.md``
says how the thresholds were chosen from measured distributions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from workbench.errors import DataError

__all__ = ["CHAR_THRESHOLD", "COSINE_THRESHOLD", "ContaminationReport", "Pair", "Source",
           "TestQuestion", "check", "check_prompt", "lexicon_strings", "prompt_strings", "questions_of_split",
           "term_support"]

#: Flag a pair at or above this character similarity (see docs/contamination.md).
CHAR_THRESHOLD = 0.92
#: Flag a pair at or above this embedding cosine (see docs/contamination.md).
COSINE_THRESHOLD = 0.93
# Keys whose values are labels, not text the agent is built from.
_SKIP_KEYS = {"name", "version"}
# Long strings (the system prompt, rules) are compared sentence by sentence.
_LONG = 160


@dataclass(frozen=True)
class Source:
    """One string the agent is built from, and where it is (``file:key.path[i]``)."""

    where: str
    text: str


@dataclass(frozen=True)
class TestQuestion:
    """One test-split question (a case's question or one of its history turns)."""

    case_id: str
    question: str


@dataclass(frozen=True)
class Pair:
    """A prompt string, its closest test question, and their similarities."""

    source: Source
    test: TestQuestion
    char: float
    cosine: float
    flagged: bool


@dataclass
class ContaminationReport:
    """Every prompt string's nearest test question, closest first."""

    pairs: list[Pair]
    n_sources: int
    n_questions: int
    char_threshold: float = CHAR_THRESHOLD
    cosine_threshold: float = COSINE_THRESHOLD
    notes: list[str] = field(default_factory=list)
    unsupported_terms: list[Source] = field(default_factory=list)

    @property
    def flagged(self) -> list[Pair]:
        """Pairs at or above a threshold."""
        return [p for p in self.pairs if p.flagged]

    @property
    def passed(self) -> bool:
        """True when no pair reaches a threshold."""
        return not self.flagged


# What to compare ------------------------------------------------------------------------------

def _walk(value: Any, path: str) -> Iterable[tuple[str, str]]:
    """(key path, string) for every string leaf of a parsed YAML document."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            if str(key) in _SKIP_KEYS and not path:
                continue
            yield from _walk(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]")
    elif isinstance(value, str) and value.strip():
        yield path, value.strip()


def _pieces(text: str) -> list[str]:
    """A short string whole; a long one as its sentences.

    A long paragraph is never a near-copy of one question as a whole, but a sentence can be.
    """
    if len(text) <= _LONG:
        return [text]
    parts = re.split(r"(?<=[.!?:])\s+|\n+", text)
    return [p.strip() for p in parts if len(p.strip()) > 3]


def strings_of(document: Any, label: str) -> list[Source]:
    """Every string of one parsed prompt document, labelled with its key path."""
    return [Source(f"{label}:{path}", piece)
            for path, text in _walk(document, "") for piece in _pieces(text)]


def prompt_strings(prompts_dir: Path) -> list[Source]:
    """Every string of every ``prompts/**/*.yaml`` file."""
    out: list[Source] = []
    for path in sorted(Path(prompts_dir).rglob("*.yaml")):
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise DataError(f"{path}: not valid YAML ({str(exc).splitlines()[0]}); fix the syntax.") from exc
        out += strings_of(document, str(path.relative_to(prompts_dir)))
    return out


def lexicon_strings() -> list[Source]:
    """The offline baseline's word lists (category, status, Malay and action words)."""
    from workbench.agent.entities import LEXICON

    return [Source(f"entities.LEXICON:{name}", word) for name, words in LEXICON.items() for word in words]


def questions_of_split(datasets_dir: Path, split: str = "test") -> list[TestQuestion]:
    """The questions (and history questions) of every ``split: "test"`` case in every JSONL file.

    ``split="dev"`` gives the dev questions instead (for the term-support check).

    Read as plain JSON on purpose: a file that is not a valid suite (a lock file, a half-edited
    case) must not hide test questions from this check.
    """
    seen: set[str] = set()
    out: list[TestQuestion] = []
    for path in sorted(Path(datasets_dir).rglob("*.jsonl")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                case = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"{path}:{lineno}: not valid JSON ({exc.msg}); fix the line.") from exc
            if not isinstance(case, dict) or case.get("split") != split:
                continue
            asked = [case.get("question", "")] + [t.get("question", "") for t in case.get("history") or []]
            for question in asked:
                if question and question not in seen:
                    seen.add(question)
                    out.append(TestQuestion(str(case.get("id", f"{path.name}:{lineno}")), question))
    return out


# How close --------------------------------------------------------------------------------------

_PLACEHOLDERS = [
    (re.compile(r"\{[a-z_]+\}"), " slot "),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), " email "),
    (re.compile(r"\bclm\d+\b"), " claimid "),
    (re.compile(r"\be\d{4,}\b"), " empid "),
    (re.compile(r"\b(?:19|20)\d\d\b"), " year "),
    (re.compile(r"\d+(?:[.,]\d+)*"), " num "),
]


def normalise(text: str) -> str:
    """Lower case, identifiers and numbers as placeholders, punctuation dropped."""
    low = text.lower()
    for rx, repl in _PLACEHOLDERS:
        low = rx.sub(repl, low)
    return " ".join(re.sub(r"[^\w\s]", " ", low).split())


def char_similarity(a: str, b: str) -> float:
    """Normalised Indel similarity in [0, 1]: the larger of the plain and word-sorted ratio."""
    from rapidfuzz import fuzz

    x, y = normalise(a), normalise(b)
    return max(fuzz.ratio(x, y), fuzz.token_sort_ratio(x, y)) / 100


def _char_matrix(sources: list[str], questions: list[str]) -> np.ndarray:
    from rapidfuzz import fuzz, process

    a = [normalise(s) for s in sources]
    b = [normalise(q) for q in questions]
    plain = process.cdist(a, b, scorer=fuzz.ratio, workers=1)
    by_word = process.cdist(a, b, scorer=fuzz.token_sort_ratio, workers=1)
    return np.maximum(plain, by_word) / 100


def check(sources: list[Source], questions: list[TestQuestion],
          char_threshold: float = CHAR_THRESHOLD, cosine_threshold: float = COSINE_THRESHOLD,
          embed_fn=None) -> ContaminationReport:
    """Each source string's closest test question, flagged at or above either threshold.

    Args:
        sources: Strings the agent is built from.
        questions: Test-split questions.
        char_threshold: Character similarity that flags a pair.
        cosine_threshold: Embedding cosine that flags a pair.
        embed_fn: Texts → unit vectors; the offline MiniLM model by default.
    """
    if not sources or not questions:
        note = "no test questions found" if not questions else "no prompt strings found"
        return ContaminationReport([], len(sources), len(questions), char_threshold, cosine_threshold, [note])
    if embed_fn is None:
        from workbench.knowledge.embeddings import embed as embed_fn
    terms = [s for s in sources if _is_term(s.text)]
    sources = [s for s in sources if not _is_term(s.text)]
    notes = [f"{len(terms)} single words or two-word terms are not compared one to one (their "
             "similarity to a question measures shared vocabulary, not copying); see term_support()"]
    texts = [s.text for s in sources]
    qs = [q.question for q in questions]
    chars = _char_matrix(texts, qs)
    cos = embed_fn(texts) @ embed_fn(qs).T
    pairs = []
    for i, src in enumerate(sources):
        # The closest question by whichever similarity is nearer to its own threshold.
        closeness = np.maximum(chars[i] / char_threshold, cos[i] / cosine_threshold)
        j = int(np.argmax(closeness))
        pairs.append(Pair(src, questions[j], float(chars[i, j]), float(cos[i, j]),
                          bool(closeness[j] >= 1.0 - 1e-9)))
    pairs.sort(key=lambda p: -max(p.char / char_threshold, p.cosine / cosine_threshold))
    return ContaminationReport(pairs, len(sources), len(questions), char_threshold, cosine_threshold,
                               notes)


def _is_term(text: str) -> bool:
    return len(text.split()) < 3


def term_support(sources: list[Source], questions: list[TestQuestion], dev_texts: list[str],
                 knowledge_texts: list[str]) -> list[Source]:
    """Terms that occur in a test question but in no dev question and no policy document.

    Such a term could only have been chosen by reading the test split (or from outside
    knowledge, such as the Malay words of the baseline's lexicon): worth a look, not proof.
    """
    def found(term: str, texts: list[str]) -> bool:
        rx = re.compile(rf"\b{re.escape(term.lower())}", re.I)
        return any(rx.search(t) for t in texts)

    tests = [q.question for q in questions]
    return [s for s in sources if _is_term(s.text) and found(s.text, tests)
            and not found(s.text, dev_texts) and not found(s.text, knowledge_texts)]


def check_prompt(prompt: Any, test_questions: Iterable[str | TestQuestion],
                 char_threshold: float = CHAR_THRESHOLD,
                 cosine_threshold: float = COSINE_THRESHOLD) -> ContaminationReport:
    """Check one prompt (a ``PromptVersion``, a parsed YAML mapping or a YAML file path).

    For an optimizer that builds a candidate prompt: it passes when no string of the prompt
    reaches a threshold against any of the given test questions.
    """
    if isinstance(prompt, (str, Path)):
        path = Path(prompt)
        document, label = yaml.safe_load(path.read_text(encoding="utf-8")), path.name
    elif hasattr(prompt, "model_dump"):
        document, label = prompt.model_dump(), getattr(prompt, "label", "prompt")
    else:
        document, label = prompt, "prompt"
    questions = [q if isinstance(q, TestQuestion) else TestQuestion(f"q{i}", q)
                 for i, q in enumerate(test_questions)]
    return check(strings_of(document, label), questions, char_threshold, cosine_threshold)


def check_repository(prompts_dir: Path, datasets_dir: Path, knowledge_dir: Path | None = None,
                     include_lexicon: bool = True,
                     char_threshold: float = CHAR_THRESHOLD,
                     cosine_threshold: float = COSINE_THRESHOLD) -> ContaminationReport:
    """Every prompt file (and the baseline's word lists) against every test question.

    With ``knowledge_dir``, also lists terms only the test split uses (``term_support``).
    """
    sources = prompt_strings(prompts_dir) + (lexicon_strings() if include_lexicon else [])
    dev = [q.question for q in questions_of_split(datasets_dir, "dev")]
    # A test question whose text is also a dev question (e.g. the first turn of a test
    # follow-up) is public through dev: a prompt may contain it.
    public = {normalise(q) for q in dev}
    questions = [q for q in questions_of_split(datasets_dir) if normalise(q.question) not in public]
    shared = len(questions_of_split(datasets_dir)) - len(questions)
    report = check(sources, questions, char_threshold, cosine_threshold)
    if shared:
        report.notes.append(f"{shared} test question(s) also asked in dev cases are not sealed and not compared")
    if knowledge_dir is not None:
        kb = [p.read_text(encoding="utf-8") for p in sorted(Path(knowledge_dir).glob("*.md"))]
        report.unsupported_terms = term_support(sources, questions, dev, kb)
    return report
