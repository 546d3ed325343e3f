"""Exact scorers: numbers, intent, tools, refusal and required/forbidden strings.

Intent and refusal read the agent's typed outputs (``AgentResult.intent`` / ``refused``), which
every agent sets — the offline baseline from its routing, the LLM program from its signature —
so an LLM is scored on what it decided, not on whether it words a refusal like the baseline.
"""

from __future__ import annotations

import re

from workbench.agent import AgentResult
from workbench.evaluation.datasets.cases import EvalCase
from workbench.evaluation.scoring.registry import Score, ScoringContext, binary, scorer

_NUMBER = re.compile(r"(?<![\w.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w])")

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
# Text whose digits are not figures: identifiers, contact details, dates and times. Masked
# before numbers are read, so "CLM0001234", "2026-03-15" or "1-800-55-0199" never count as an
# amount (and a missing amount is not excused by a date that happens to contain it).
_NOT_FIGURES = re.compile("|".join([
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",                                # emails
    r"\b(?:CLM|E)\d{3,}\b",                                          # claim and employee ids
    r"\b\d{4}-\d{1,2}-\d{1,2}\b",                                    # ISO dates
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b",                                  # 15/03/2026
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH}(?:,?\s+\d{{4}})?(?![\w])",  # 15 March 2026
    rf"\b{_MONTH}\s+\d{{1,2}}(?!\d)(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?(?![\w])",     # March 15, 2026
    rf"\b{_MONTH}\s+\d{{4}}\b",                                      # March 2026
    r"(?<![\w.,])\+?\d{1,4}(?:[ -]\d{2,4}){2,}(?![\w])",             # phone numbers
    r"\b\d{1,2}:\d{2}\b",                                            # times
]), re.IGNORECASE)

_NONE_RE = re.compile(r"\b(?:none|zero|nothing|no (?:matching )?claims?|no \w+ claims|"
                      r"(?:couldn't|could not|didn't|did not) find any|(?:don't|do not) have any|"
                      r"haven't (?:made|submitted|claimed) any)\b", re.I)


def numbers_in(text: str) -> list[float]:
    """Every number written in the text (thousands separators allowed)."""
    return [float(m.group(0).replace(",", "")) for m in _NUMBER.finditer(text)]


def figures_in(text: str) -> list[float]:
    """The figures (amounts, counts) in the text: numbers outside dates, ids, phones and emails."""
    return numbers_in(_NOT_FIGURES.sub(" ", text))


def states_none(text: str) -> bool:
    """Whether the text says there is nothing ("no claims", "none", "zero", …)."""
    return bool(_NONE_RE.search(text))


@scorer("numeric")
def numeric(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """Every expected figure (amounts, counts) appears in the answer, to the cent; 0 may be stated as none."""
    expected = case.expected.numbers
    if not expected:
        return None
    found = figures_in(result.answer)
    says_none = states_none(result.answer)

    def present(x: float) -> bool:
        return any(abs(x - f) < 0.005 for f in found) or (x == 0 and says_none)

    missing = [x for x in expected if not present(x)]
    return binary(not missing, f"missing {missing}" if missing else f"all of {expected} present")


def observed_intent(result: AgentResult) -> str | None:
    """The intent the agent reported (its typed output)."""
    return result.intent


@scorer("intent")
def intent(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """The assistant recognised what was asked (its typed intent equals the expected one)."""
    want = case.expected.intent
    if want is None:
        return None
    return binary(result.intent == want, f"expected {want}, got {result.intent}")


@scorer("tools")
def tools(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """Every expected tool was called."""
    want = set(case.expected.tools)
    if not want or case.expected.refusal:
        return None
    called = {c.name for c in result.tool_calls}
    return binary(want <= called, f"expected {sorted(want)}, called {sorted(called)}")


@scorer("refusal")
def refusal(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score:
    """Refused exactly when it should (its typed ``refused`` equals the expected one)."""
    want = case.expected.refusal
    return binary(result.refused == want, f"expected refusal={want}, got {result.refused}")


@scorer("must_include")
def must_include(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """Every must-include string is in the answer (case-insensitive)."""
    want = case.expected.must_include
    if not want:
        return None
    missing = [s for s in want if s.lower() not in result.answer.lower()]
    return binary(not missing, f"missing {missing}" if missing else "all present")


@scorer("must_not_include")
def must_not_include(case: EvalCase, result: AgentResult, ctx: ScoringContext) -> Score | None:
    """No must-not-include string is in the answer (case-insensitive)."""
    banned = case.expected.must_not_include
    if not banned:
        return None
    found = [s for s in banned if s.lower() in result.answer.lower()]
    return binary(not found, f"contains {found}" if found else "none present")
