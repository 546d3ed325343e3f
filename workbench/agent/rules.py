"""Questions about how the plan's rules apply to the user, and requests the assistant declines.

A question can name the user's own limit and still ask a rule of the plan, not the balance:
whether limits are pooled between categories, how often a benefit may be used in a year, which
year's limit a claim counts against, whether an unused balance carries forward, whether a family
member can be added. Such a question is answered from the policy, led by the passage that states
the rule (its words often do not retrieve it: "can the leftover optical pay for my filling?").

Also here: an unresolved complaint ("I wrote to the benefits team … where can I take this
further?") asks for the escalation contacts, asking how to correct one's own claim or whether a
colleague may submit it is a process question, and asking the assistant to write, request or
submit something on the user's behalf is declined. Cues are written from how people ask and fit
on the dev split only.
"""

from __future__ import annotations

import re

from workbench.agent import cues

# Using one category's unused limit for another's treatment ("can the leftover optical pay for my
# filling?", "transfer my unused dental to optical"): limits are never pooled.
POOLING = re.compile(
    r"\b(?:leftover|left ?over|unused|remaining|balance|spare|extra)\b(?: [\w-]+){0,3} "
    r"(?:(?:pay|go|be used|be transferred|be moved|used)\b(?: [\w-]+){0,2} (?:for|to|towards|on)|cover (?:my|a|the))\b"
    r"|\b(?:transfer|move|shift|swap)\b(?: [\w-]+){0,4} (?:limit|balance|benefit|allowance)s?\b(?: [\w-]+){0,3} "
    r"(?:to|into|for)\b", re.I)
# How often a benefit may be used ("screening twice a year?", "how many times a year can I …").
FREQUENCY = re.compile(r"\b(?:twice|two times|2 times|three times|once|more than once|how many times|how often)\b"
                       r"(?: [\w-]+){0,2} (?:a|per|in a|every|each|this|in the same|one) (?:benefit )?year\b", re.I)
# Which year's limit a claim counts against ("bought on 28 Dec, submit in January: which year's limit?").
WHICH_YEAR = re.compile(r"\bwhich year'?s?\b(?: [\w-]+){0,3} (?:limit|balance|benefit|allowance|quota)\b"
                        r"|\b(?:count|counts|go|goes|come|comes)\b(?: [\w-]+){0,3} (?:against|under|into) "
                        r"(?:this|next|last|which) year\b", re.I)
# Adding someone to the plan ("can I add my newborn to my plan?", "masukkan anak dalam plan").
ADD_DEPENDANT = re.compile(r"\b(?:add|enrol\w*|include|register|put)\b(?: [\w-]+){0,3} "
                           r"(?:in|into|to|under|on) (?:the |my )?(?:[\w-]+ )?"
                           r"(?:plan|policy|cover(?:age)?|insurance)\b", re.I)
# An unresolved complaint: the user already wrote or called and asks where to go next.
TAKE_FURTHER = re.compile(
    r"\btake (?:this|it|that|the matter|my case|things) further\b|\bgo (?:higher|over their heads)\b"
    r"|\b(?:not|never|tak|still not|wasn't|was not|isn't) (?:been )?(?:resolved|settled|solved|selesai|sorted)\b"
    r"|\b(?:already|i|i've|have) (?:e-?mail(?:ed)?|wrote to|written to|called|contacted|asked)\b(?: [\w-]+){0,3} "
    r"(?:hr|benefits|bluefin|them|the team|the benefits team)\b.{0,80}\b(?:who|where|whom|further|escalat\w*)\b",
    re.I)
# The user asking how they correct their own claim ("how I can correct it?", "how do I amend the date?").
SELF_FIX = re.compile(r"\bhow (?:i|can i|could i|do i|should i|to|would i) (?:can |could |should )?"
                      r"(?:correct|fix|amend|edit|change|update|withdraw)\b", re.I)
# Someone else submitting the user's own claim ("can a colleague submit my dental claim?").
SUBMITS_FOR_ME = re.compile(r"\b(?:colleague|co-?worker|manager|boss|friend|someone|somebody|teammate|"
                            r"husband|wife|spouse)s?\b(?: [\w-]+){0,2} (?:submit|file|lodge|send|make)\b"
                            r"(?: [\w-]+){0,1} (?:my|a claim for me|claims? for me|it for me)\b", re.I)
# The assistant asked to write, request or file something for the user ("request a GL … for me",
# "tuliskan email …"): no tool does that, it is declined.
ON_MY_BEHALF = re.compile(
    r"^\W*(?:please |can you |could you |pls )?(?:request|apply for|submit|file|lodge|book|arrange|get)\b"
    r"(?:(?!\bhow\b)[^?])*\b(?:for me|on my behalf)\W*$"
    r"|^\W*(?:please |can you |could you )?(?:write|draft|compose)\b(?: [\w-]+){0,2} "
    r"(?:e-?mail|letter|message|note|memo)\b", re.I)
# What to bring or prepare, asked after another topic ("and what do I bring for the GL request?").
WHAT_TO_BRING = re.compile(r"\bwhat (?:do|should|must|shall) (?:i|we) (?:bring|prepare|need to bring|show)\b", re.I)

# A receipt lost or unreadable ("resit klinik hilang, boleh guna bank statement?"): a certified copy.
LOST_RECEIPT = re.compile(r"\b(?:lost|lose|missing|misplaced|unreadable|faded|torn)\b(?: [\w-]+){0,3} receipts?\b"
                          r"|\breceipts?\b(?: [\w-]+){0,3} (?:lost|missing|misplaced|unreadable|faded|torn)\b", re.I)

#: The question that retrieves the passage stating each rule ("{q}": the question asked, for a
#: rule that depends on what it is about, such as how often a benefit may be used).
RULE_QUERIES = (
    (POOLING, "Can limits be pooled, shared or transferred between categories?"),
    (FREQUENCY, "How many times per benefit year? {q}"),
    (WHICH_YEAR, "Which benefit year's limit does a claim count against: the service date?"),
    (cues.CARRY_OVER, "Does an unused balance carry forward into the next benefit year?"),
    (SELF_FIX, "How do I withdraw or correct a claim I have submitted?"),
    (LOST_RECEIPT, "What if I lose a receipt or it becomes unreadable?"),
    (SUBMITS_FOR_ME, "Can someone else submit a claim for me?"),
)


def rule_query(question: str) -> str | None:
    """The question that retrieves the rule this question turns on, if it asks one."""
    return next((query.format(q=question) for rx, query in RULE_QUERIES if rx.search(question)), None)


def asks_rule(question: str) -> bool:
    """Whether the question asks a rule of the limits (pooling, how often, which year, carry-over, adding)."""
    return any(rx.search(question) for rx in (POOLING, FREQUENCY, WHICH_YEAR, cues.CARRY_OVER, ADD_DEPENDANT))


def escalates(question: str) -> bool:
    """Whether the question takes an unresolved complaint further (the escalation contacts)."""
    return bool(TAKE_FURTHER.search(question))


def acts_for_user(question: str) -> bool:
    """Whether the question asks the assistant to write, request or file something itself."""
    return bool(ON_MY_BEHALF.search(question))
