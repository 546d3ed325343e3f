"""What the user has used of a benefit limit and what is left, as opposed to what they claimed.

"How much have I used on dental?", "what I've spent from it, and what remains", "how much optical
can I still use?", "optical still got?" ask about the plan's limit: the balance (limit, used =
approved or paid, remaining), not the total claimed, which also counts rejected and pending
claims. "How much gp did I claim in May?" asks what was claimed, however close it sits to a
balance question.

``asks_balance`` and ``asks_claimed`` read this from a (canonical, see ``entities.canonical``)
question; the offline baseline corrects its routing with them. The cues are written from how
people ask and fit on the dev split only.
"""

from __future__ import annotations

import re

from workbench.agent import cues
from workbench.agent.entities import Entities

# What has been used of a limit, or what is left of it ("how much have I used", "spent from it",
# "what remains", "how much … can I still use", "still got?").
USED_OR_LEFT = re.compile(
    r"\b(?:have|has|i've)\s+(?:i\s+)?(?:already\s+)?used\b|\bhow much (?:\w+ ){0,3}?(?:have|has) i used\b|"
    r"\bused (?:so far|up|this year)\b|\b(?:spent|used) (?:from|of|out of) (?:my|it|that|this|the)\b|"
    r"\bwhat remains\b|\bremains?\b(?! (?:of|the|a|to)\b)|"
    r"\bhow much\b.{0,30}\b(?:can|could) i still (?:use|claim|spend)\b|\bstill (?:have|got)\W*$", re.I)
# More ways to say used of a limit, and the limit itself: "how much have I burnt through", "what's
# the ceiling on my hospital" (a ceiling or cap is the limit).
# Not "has my claim gone through?", which asks whether it was approved.
USED_IDIOM = re.compile(r"\bburn(?:t|ed)? through\b|\b(?:ceiling|cap)\b(?= (?:on|for|of) (?:my|the)\b)", re.I)
# What was claimed, in so many words ("did I claim", "I claimed", "have I spent").
# Not "what have I spent from my limit", which is what was used of it.
CLAIMED = re.compile(r"\b(?:did|have|do) i (?:claim|spen[dt])\b(?! (?:from|of|out of)\b)|\bi(?:'ve| have)? claimed\b|"
                     # "how much did I put in for wellness?": what was submitted, i.e. claimed
                     r"\b(?:did|have|do) i (?:ever )?put in\b|\bi(?:'ve| have)? (?:ever )?put in\b", re.I)


def asks_balance(question: str, e: Entities) -> bool:
    """Whether a question about the user's records asks what is used or left of a limit.

    Not when it names a claim, a status or a list of claims, nor when it says what was claimed.
    """
    return bool((USED_OR_LEFT.search(question) or USED_IDIOM.search(question))
                and not (e.claim_id or e.status or e.order or e.start)
                and not CLAIMED.search(question) and not cues.LIST_REQUEST.search(question))


def asks_claimed(question: str, e: Entities) -> bool:
    """Whether a question asks for an amount claimed ("how much gp did i claim in May"), not a balance."""
    return bool((e.metric or re.search(r"\bhow much\b", question, re.I)) and CLAIMED.search(question)
                and not e.claim_id
                and not (cues.BALANCE_WORDS.search(question) or USED_OR_LEFT.search(question)
                         or USED_IDIOM.search(question)))
