"""Status words asked about a claim, as opposed to status words that pick claims.

"Was the cheapest one paid?", "is my largest claim of 2026 approved, paid or still waiting?" and
"claim paling mahal … dah approve ke belum?" (approved or not yet) ask the status of one claim
(picked by a ranking): the answer is that claim and its status, whatever it is. "My largest paid
claim" and "the last claim that got paid out" use the status to pick the claims ranked.
``asked_of_claim`` tells the two apart in a (canonical, see ``entities.canonical``) question; the
offline baseline then ranks over every status. A rejection's reason asked ("why latest reject")
picks among rejected claims only (``reason_picks``). The cues are general (a yes/no question
about a status, a status "or not", statuses offered as alternatives), fit on the dev split only.
"""

from __future__ import annotations

import re

from workbench.agent.entities import _STATUS_WORDS

_STATUS = "|".join(f"(?:{rx})" for rx in _STATUS_WORDS.values())
# Statuses offered as alternatives: "approved, paid or still waiting?", "approved or rejected?".
_EITHER_OR = re.compile(rf"(?:{_STATUS})\W+(?:(?:still|already|just|been)\s+)?(?:\w+\s+)?or\b", re.I)
# A status asked "or not" ("dah approve ke belum?", glossed "already approved ke not yet?"; "paid or not?").
_OR_NOT = re.compile(rf"(?:{_STATUS})\W+(?:(?:ke|or)\s+)?(?:not(?: yet)?|no|belum|tak)\W*$", re.I)
# The reason of a rejection asked ("why latest reject", "reason my last claim was declined").
_REASON = re.compile(r"\bwhy\b|\breasons?\b|\bhow come\b|\bsebab\b|\bkenapa\b", re.I)
# A yes/no question opening a clause: "was it paid?", "is my largest claim approved?".
_YES_NO = re.compile(r"^\W*(?:is|was|were|are|has|have|had|did|does)\b", re.I)
# A status that picks the claims: "the largest paid claim", "the one that got paid".
_PICKS = re.compile(rf"(?:{_STATUS})\s+(?:[\w-]+\s+)?(?:claims?|ones?)\b|"
                    rf"\b(?:that|which)\s+(?:got|get|was|were|has been|have been|is|are)\s+(?:\w+\s+)?(?:{_STATUS})",
                    re.I)


def asked_of_claim(question: str) -> bool:
    """Whether the question asks which status a claim has rather than naming a status to pick claims by."""
    if _EITHER_OR.search(question) or any(_OR_NOT.search(c) for c in re.split(r"[,;:?]\s*", question)):
        return True
    return any(_YES_NO.match(clause) and re.search(_STATUS, clause, re.I) and not _PICKS.search(clause)
               for clause in re.split(r"[,;:?]\s*", question))


def reason_picks(question: str, status: str | None) -> bool:
    """Whether a rejection's reason is asked, so only rejected claims can be the one meant.

    "why latest reject" asks the reason of the latest *rejected* claim: a claim that was not
    rejected has no reason to give.
    """
    return status == "rejected" and bool(_REASON.search(question))
