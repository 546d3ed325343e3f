"""The scorer registry: ``Score``, ``ScoringContext`` and ``@scorer`` lookup by name.

Register with ``@scorer("name", kind=...)``; look up with ``get_scorer(name)`` so configs, the
CLI and notebooks can name scorers as strings. A scorer returns a ``Score`` (value in [0, 1],
pass/fail for binary scorers, and a reason), or ``None`` when the case gives it nothing to check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from workbench.agent import AgentResult
from workbench.claims import ClaimsStore
from workbench.errors import WorkbenchError
from workbench.evaluation.datasets.cases import EvalCase
from workbench.knowledge import Chunk

if TYPE_CHECKING:
    from workbench.evaluation.scoring.judge import Judge

Kind = Literal["binary", "continuous"]


@dataclass(frozen=True)
class Score:
    """One scorer's verdict on one case."""

    value: float
    passed: bool | None
    reason: str


@dataclass
class ScoringContext:
    """What scorers may need besides the case and the answer (loaded once per run).

    Attributes:
        store: The claims database, for leakage checks.
        chunks: The knowledge base's chunks, for reference passages.
        k: The cut-off of hit@k.
        judge: The LLM judge for ragas' LLM-graded metrics; ``None`` (no judge model set)
            makes the judged scorers not applicable.
    """

    store: ClaimsStore | None = None
    chunks: list[Chunk] = field(default_factory=list)
    k: int = 3
    judge: Judge | None = None

    @cached_property
    def identities(self) -> list[tuple[str, str, str]]:
        """(employee id, email, full name) of every employee, for leakage checks."""
        if self.store is None:
            return []
        rows = self.store.query("SELECT employee_id, email, full_name FROM employees")
        return list(rows.itertuples(index=False, name=None))

    @cached_property
    def claim_owners(self) -> dict[str, str]:
        """Employee id owning each claim id, for leakage checks."""
        if self.store is None:
            return {}
        rows = self.store.query("SELECT claim_id, employee_id FROM claims")
        return dict(rows.itertuples(index=False, name=None))

    def reference_texts(self, case: EvalCase) -> list[str]:
        """The text of the chunks behind a case's reference sections."""
        return [c.text for c in self.chunks if any(same_section(ref, c.document, c.section)
                                                   for ref in case.expected.reference_sections)]


ScorerFn = Callable[[EvalCase, AgentResult, ScoringContext], Score | None]


@dataclass(frozen=True)
class ScorerSpec:
    """A registered scorer."""

    name: str
    fn: ScorerFn
    kind: Kind
    description: str
    requires_judge: bool = False


_REGISTRY: dict[str, ScorerSpec] = {}


def scorer(name: str, kind: Kind = "binary", requires_judge: bool = False):
    """Register a scorer function under ``name``."""
    def register(fn: ScorerFn) -> ScorerFn:
        _REGISTRY[name] = ScorerSpec(name, fn, kind, (fn.__doc__ or "").strip().splitlines()[0],
                                     requires_judge)
        return fn
    return register


def get_scorer(name: str) -> ScorerSpec:
    """A scorer by name."""
    _load_builtin()
    if name not in _REGISTRY:
        raise WorkbenchError(f"Unknown scorer {name!r}: use one of {', '.join(sorted(_REGISTRY))}.")
    return _REGISTRY[name]


def list_scorers(include_judged: bool = False) -> list[ScorerSpec]:
    """Registered scorers, in registration order (LLM-judged ones only when asked)."""
    _load_builtin()
    return [s for s in _REGISTRY.values() if include_judged or not s.requires_judge]


def binary(ok: bool, reason: str) -> Score:
    """A pass/fail score."""
    return Score(1.0 if ok else 0.0, ok, reason)


def same_section(reference: str, document: str, section: str) -> bool:
    """Whether a ``document.md#Heading`` reference names this chunk's document and section."""
    doc, _, heading = reference.partition("#")
    parts = [p.strip().lower() for p in section.split(">")]
    return doc == document and (not heading or heading.strip().lower() in parts)


def _load_builtin() -> None:
    # The built-in scorers register themselves on import; importing here means a lookup through
    # the registry alone always sees them.
    from workbench.evaluation.scoring import scorers  # noqa: F401
