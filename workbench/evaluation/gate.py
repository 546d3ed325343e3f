"""The CI regression gate.

Thresholds per suite from ``eval/gates.yaml``, checked against a run's summary, reported as a
table, a markdown summary and a JUnit XML file.

Every suite also gates on errors: ``errors.rate`` (errored plus timed-out cases over all cases,
as ``summary`` counts them) must be at most the suite's ``max_error_rate`` (default 0, so a
single error or timeout fails the gate).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import yaml

from workbench.errors import DataError
from workbench.evaluation.analysis.summary import RUN_METRICS

#: The gate key that bounds ``errors.rate``; absent means 0 (no error or timeout allowed).
MAX_ERROR_RATE = "max_error_rate"


@dataclass(frozen=True)
class Check:
    """One threshold and whether the run met it."""

    metric: str
    value: float | None
    op: str  # "min" | "max"
    threshold: float

    @property
    def passed(self) -> bool:
        """Met (a missing or NaN value never passes)."""
        if self.value is None or math.isnan(self.value):
            return False
        return self.value >= self.threshold if self.op == "min" else self.value <= self.threshold


def load_gates(path: Path, suite: str) -> dict[str, tuple[str, float]]:
    """Thresholds of one suite: metric → (op, threshold). Errors name the file and the metric."""
    if not path.is_file():
        raise DataError(f"Gate file {path} not found; create it (see eval/gates.yaml in the repo).")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise DataError(f"{path}: not valid YAML ({str(exc).splitlines()[0]}).") from exc
    if suite not in data:
        raise DataError(f"{path}: no thresholds for suite {suite!r}; add a '{suite}:' section.")
    gates = {}
    rules = dict(data[suite] or {})
    max_error_rate = rules.pop(MAX_ERROR_RATE, 0.0)
    if isinstance(max_error_rate, bool) or not isinstance(max_error_rate, int | float) \
            or not 0 <= max_error_rate <= 1:
        raise DataError(f"{path}: {suite}.{MAX_ERROR_RATE}: write a fraction between 0 and 1, "
                        f"e.g. '{MAX_ERROR_RATE}: 0.02'.")
    for metric, rule in rules.items():
        if not isinstance(rule, dict) or len(rule) != 1 or next(iter(rule)) not in ("min", "max"):
            raise DataError(f"{path}: {suite}.{metric}: write the rule as {{min: X}} or {{max: X}}.")
        op, threshold = next(iter(rule.items()))
        if metric not in RUN_METRICS and not _is_scorer_metric(metric):
            raise DataError(f"{path}: {suite}.{metric}: unknown metric; use <scorer>.pass_rate, "
                            f"<scorer>.mean or one of {', '.join(RUN_METRICS)}.")
        gates[metric] = (op, float(threshold))
    gates.setdefault("errors.rate", ("max", float(max_error_rate)))
    return gates


def _is_scorer_metric(metric: str) -> bool:
    from workbench.evaluation.scoring.scorers import list_scorers

    names = {s.name for s in list_scorers(include_judged=True)}
    base, _, stat = metric.rpartition(".")
    return base in names and stat in ("pass_rate", "mean")


def check(summary: dict[str, float], gates: dict[str, tuple[str, float]]) -> list[Check]:
    """Every threshold checked against the summary."""
    return [Check(m, summary.get(m), op, t) for m, (op, t) in gates.items()]


def to_markdown(checks: list[Check], title: str) -> str:
    """A markdown table suitable for a CI summary or pull-request comment."""
    verdict = "✅ passed" if all(c.passed for c in checks) else "❌ failed"
    lines = [f"### {title}: {verdict}", "", "| metric | value | threshold | result |",
             "|---|---|---|---|"]
    for c in checks:
        value = "—" if c.value is None else f"{c.value:.3f}"
        sign = "≥" if c.op == "min" else "≤"
        lines.append(f"| {c.metric} | {value} | {sign} {c.threshold:g} | {'pass' if c.passed else '**FAIL**'} |")
    return "\n".join(lines) + "\n"


def to_junit(checks: list[Check], suite: str) -> str:
    """A JUnit XML report: one test case per threshold."""
    failures = sum(not c.passed for c in checks)
    cases = []
    for c in checks:
        body = "" if c.passed else (
            f"<failure message={quoteattr(f'{c.metric}={c.value} not {c.op} {c.threshold}')}>"
            f"{escape(str(c.value))}</failure>")
        cases.append(f'  <testcase classname="eval.{escape(suite)}" name={quoteattr(c.metric)}>{body}</testcase>')
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<testsuite name="eval-gate-{escape(suite)}" '
            f'tests="{len(checks)}" failures="{failures}">\n' + "\n".join(cases) + "\n</testsuite>\n")
