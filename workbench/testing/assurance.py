"""The assurance report: rows recorded by the security and reliability tests, written as markdown.

Each test of ``tests/security/`` and ``tests/reliability/`` records what it tried and how many
inputs passed through the session-scoped ``assurance`` fixture; at the end of the session the
fixture writes ``docs/assurance.md`` (and ``docs/assurance.json``, the same rows as data).

Rows are kept by ``(section, check)`` and written in a fixed order, with no timestamps, so a
re-run with the same results writes the same bytes. A run of only some of the tests replaces
those rows and keeps the others from the previous report, so ``pytest tests/security/x.py``
does not throw away the rest of the report.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path

__all__ = ["AssuranceLog", "Check", "Figure", "render"]

#: The OWASP Top 10 for LLM Applications 2025 entries the report refers to.
OWASP = {
    "LLM01": "Prompt Injection",
    "LLM02": "Sensitive Information Disclosure",
    "LLM05": "Improper Output Handling",
    "LLM06": "Excessive Agency",
    "LLM07": "System Prompt Leakage",
    "LLM08": "Vector and Embedding Weaknesses",
    "LLM10": "Unbounded Consumption",
}


@dataclass(frozen=True)
class Check:
    """One row: a property, what was tried, how many inputs, how many passed.

    Attributes:
        section: The numbered area, e.g. ``"1 Cross-user isolation"`` (rows sort by it).
        check: What property is checked, in a few words.
        tried: What the inputs were.
        inputs: How many inputs were tried.
        passed: How many of them showed the property.
        owasp: OWASP LLM Top 10 (2025) ids, comma separated, or ``""``.
        target: The pass count the property needs (default: all inputs); a measurement that
            is reported against a rate target (over-refusal) sets its own.
        note: A figure or finding worth a sentence.
    """

    section: str
    check: str
    tried: str
    inputs: int
    passed: int
    owasp: str = ""
    target: int | None = None
    note: str = ""
    source: str = ""  # the test that recorded the row (path::name)

    @property
    def met(self) -> bool:
        """Whether the row reaches its target."""
        return self.passed >= (self.inputs if self.target is None else self.target)


@dataclass(frozen=True)
class Figure:
    """A headline figure (attacks tried, leaks, over-refusal rate, …) with how it was measured."""

    name: str
    value: str
    how: str


class AssuranceLog:
    """Collects rows and figures during a test session; ``write`` renders them.

    Args:
        markdown: Where the report goes.
        static: Markdown appended after the generated tables (what is not measured).
    """

    def __init__(self, markdown: Path, static: str = ""):
        self.markdown = Path(markdown)
        self.data = self.markdown.with_suffix(".json")
        self.static = static
        self.checks: dict[tuple[str, str], Check] = {}
        self.figures: dict[str, Figure] = {}

    def record(self, section: str, check: str, tried: str, inputs: int, passed: int,
               owasp: str = "", target: int | None = None, note: str = "") -> Check:
        """Record (or replace) one row and return it."""
        # pytest names the running test in this variable; it lets a re-run drop the rows that
        # the same test recorded before under a check name it no longer uses.
        source = os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0]
        row = Check(section, check, tried, int(inputs), int(passed), owasp, target, note, source)
        self.checks[(section, check)] = row
        return row

    def figure(self, name: str, value: object, how: str) -> None:
        """Record (or replace) a headline figure."""
        self.figures[name] = Figure(name, str(value), how)

    def write(self) -> None:
        """Merge with the previous report's rows and write the markdown and JSON (atomically)."""
        if not self.checks and not self.figures:
            return
        self.data.parent.mkdir(parents=True, exist_ok=True)
        with _folder_locked(self.data.parent):
            self._merge_and_write()

    def _merge_and_write(self) -> None:
        checks, figures = dict(self.checks), dict(self.figures)
        ran = {c.source for c in self.checks.values() if c.source}
        try:
            old = json.loads(self.data.read_text(encoding="utf-8")) if self.data.is_file() else {}
        except ValueError:
            old = {}  # an unreadable old report is replaced
        for row in old.get("checks", []):
            if row.get("source") and row["source"] in ran:
                continue  # that test ran again: its rows now are the ones recorded above
            if (kept := _known(Check, row)) is not None:
                checks.setdefault((kept.section, kept.check), kept)
        for fig in old.get("figures", []):
            if (kept := _known(Figure, fig)) is not None:
                figures.setdefault(kept.name, kept)
        ordered = [checks[k] for k in sorted(checks)]
        named = [figures[k] for k in sorted(figures)]
        _atomic_write(self.data, json.dumps({"checks": [asdict(c) for c in ordered],
                                             "figures": [asdict(f) for f in named]}, indent=1) + "\n")
        _atomic_write(self.markdown, render(ordered, named, self.static))


def render(checks: list[Check], figures: list[Figure], static: str = "") -> str:
    """The report as markdown: headline figures, one table per section, then ``static``."""
    lines = ["# Assurance report", "",
             "<!-- Generated by the test suite (tests/security, tests/reliability): do not edit by hand. -->",
             "",
             "Each row is one property tested by `pytest tests/security tests/reliability` (run by "
             "`make test`): what was tried, how many inputs, how many showed the property, and the "
             "[OWASP Top 10 for LLM Applications 2025](https://genai.owasp.org/llm-top-10/) id where "
             "one applies. The test that owns a row fails when the property does not hold; rows "
             "with their own target (over-refusal) are measurements reported against that target.",
             ""]
    met = sum(c.met for c in checks)
    lines += [f"**{met} of {len(checks)} rows meet their target.**", ""]
    if figures:
        lines += ["## Headline figures", "", "| figure | value | how it was measured |", "|---|---|---|"]
        lines += [f"| {_cell(f.name)} | {_cell(f.value)} | {_cell(f.how)} |" for f in figures]
        lines.append("")
    section = None
    for i, c in enumerate(checks):
        if c.section != section:
            section = c.section
            lines += [f"## {section}", "",
                      "| check | what was tried | inputs | passed | OWASP | status |",
                      "|---|---|---:|---:|---|---|"]
        status = "pass" if c.met else "**below target**"
        if c.target is not None:
            status += f" (target ≥ {c.target})"
        if c.note:
            status += f"; {c.note}"
        lines.append(f"| {_cell(c.check)} | {_cell(c.tried)} | {c.inputs} | {c.passed} | "
                     f"{_cell(c.owasp) or '—'} | {_cell(status)} |")
        if i + 1 == len(checks) or checks[i + 1].section != section:
            lines.append("")
    used = sorted({i.strip() for c in checks for i in c.owasp.split(",") if i.strip() in OWASP})
    if used:
        lines += ["OWASP ids: " + "; ".join(f"{i} {OWASP[i]}" for i in used) + ".", ""]
    if static:
        lines += [static.strip(), ""]
    return "\n".join(lines)


def _known(cls, values: dict):
    """``cls`` built from the fields it knows, or ``None`` when a required field is missing.

    A row written by a newer or older version of this module still loads.
    """
    names = {f.name for f in fields(cls)}
    try:
        return cls(**{k: v for k, v in values.items() if k in names})
    except TypeError:
        return None


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


@contextlib.contextmanager
def _folder_locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (Linux ``flock`` on the directory itself).

    Sessions that end together (pytest-xdist workers, two pytest runs) each read, merge and
    rewrite the report; without the lock one could overwrite the other's rows with an older merge.
    """
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
