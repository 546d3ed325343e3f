"""The word patterns the offline baseline routes by (cues), and how it splits a message into questions.

Each pattern names one thing a question can signal: that it continues the previous turn
(``FOLLOW_UP``, ``POINTS_BACK``), asks for a list (``LIST_REQUEST``), about the claims process
(``PROCEDURE``), for a balance (``BALANCE_WORDS``), for someone to talk to (``CONTACT_WORDS``),
for something no tool does (``ERRAND``) and so on. ``workbench.agent.baseline`` decides with them;
they are written from how people ask, and fit on the dev split only (the contamination check
reads the baseline's word lists in ``entities.LEXICON``).
"""

from __future__ import annotations

import re

from workbench.claims.schema import GRADES

# A claim picked out of a list by its place ("the second one", "the latest one"); newest first.
ORDINAL = re.compile(r"\bthe (first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|latest|newest|top|last|oldest)"
                     r"(?: one| claim)?\b|\b(?:no\.?|number|#) ?([1-5])\b", re.I)
PLACES = {"1": 0, "2": 1, "3": 2, "4": 3, "5": 4,
          "first": 0, "1st": 0, "latest": 0, "newest": 0, "top": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2,
          "fourth": 3, "4th": 3, "fifth": 4, "5th": 4, "last": -1, "oldest": -1}
FOLLOW_UP = re.compile(r"^\s*(?:and|what about|how about|same for|same thing|same but|same|and for|what of|also|"
                       r"then|what if|but what if|and if|ok(?:ay)?|so|"
                       r"now|but|only|just)\b|\bwhat about\W*$|\b(?:instead|too|as well)\W*$", re.I)
# "September claims in order", "claims by date", "oldest first": the claims listed in date order
# (not "in order to claim").
IN_ORDER = re.compile(r"\bin (?:date |chronological |time )?order\b(?! to\b)|\bchronologic\w*|"
                      r"\b(?:oldest|earliest|newest|latest) first\b|\b(?:sorted|ordered) by date\b", re.I)
# "how much were they worth altogether?": the claims of the previous answer as a set, not one of them.
THE_SET = re.compile(r"\b(?:they|them|those|these|all of (?:them|those))\b", re.I)
# "what about" anywhere: Malay's "pula(k)" (glossed "what about") follows what it asks about.
WHAT_ABOUT = re.compile(r"\b(?:what|how) about\b", re.I)
# A pronoun or phrase that points back at the previous answer ("why was it rejected?").
POINTS_BACK = re.compile(r"\b(?:it|its|that|this|those|these|them|they|the same|that one|this one|which one|"
                         r"of those|of them|the top one|that claim|this claim)\b|" + ORDINAL.pattern, re.I)
# Words that make a short question stand on its own ("show my claims" is not a follow-up).
OWN_INTENT = re.compile(r"\b(?:balances?|limits?|claims?|status|cover\w*|total|average|how many|list|show|"
                        r"contact|hotline|submit|deadline|documents?)\b", re.I)
# SQL pasted after a question ("…this year? 1; DELETE FROM claims"). The tools are parameterised,
# so it is harmless; it is cut off so that the question before it is routed on its own words.
SQL_TAIL = re.compile(r"""['"]\s*\)?\s*(?:;|--|\bor\b|\band\b|\bunion\b)|;\s*(?:select|drop|delete|update|insert)\b"""
                      r"|\bunion\s+(?:all\s+)?select\b|/\*|\bor\s+1\s*=\s*1\b|\bdrop\s+table\b|\bdelete\s+from\b"
                      r"|\s\d+\s*;\s*\w|;\s*--", re.I)
# A request for the list itself ("list my optical claims", "2025 optical list").
LIST_REQUEST = re.compile(r"(?:^\W*(?:(?:can|could|would|will)(?: you)? (?:pls |please )?)?"  # "can list my …"
                          r"(?:list|show|display|view|see|give)\b|\ball (?:of )?my\b|\blist of\b)"
                          r".*\bclaims\b|^(?:[\w-]+ ){1,3}list\W*$", re.I)
# A message that opens by asking for the list, however its claims are named ("list claim my that
# rejected this year, any how much?", from Malay "senarai claim I …"): the list states its count.
LIST_OPENS = re.compile(r"^\W*list\b(?: [\w-]+){0,2}? claims?\b", re.I)
# Asking for the claims a question named to be listed ("… any rejected? list them", "show me those").
LIST_THEM = re.compile(r"\b(?:list|show)(?: me)?(?: all)? (?:them|those|these)(?: all)?\b", re.I)
# The assistant asked to list, whatever names the claims ("can u list wat i claimed in March").
LIST_ASKED = re.compile(r"\b(?:can|could|would|will) (?:you|u) (?:pls |please |just )?(?:list|show)\b"
                        r"(?! (?:me )?(?:how|the status|what(?:'s| is) left))|^\W*list\b", re.I)
# Which claims, as opposed to how many ("which of my claims are pending", "which ones ah?").
WHICH_CLAIMS = re.compile(r"\bwhich (?:ones?|of (?:my|them|those|these)\b.{0,20}\bclaims|"
                          r"(?:of )?(?:my )?(?:\w+ )?claims)\b|"
                          r"\b(?:list|show)(?: me)? (?:them|those|these)\b|\bwhat are (?:they|those|these)\b", re.I)
# The user's own balance or benefit named ("baki claim cermin mata saya", "my dental benefit").
OWN_BALANCE = re.compile(r"\bmy (?:\w+ ){0,3}?(?:balances?|benefit|entitlements?|allowances?)\b|"
                         r"\bbalances? (?:\w+ ){0,4}?my\b", re.I)
# An amount asked for in so many words ("wellness spend 2026", "what did it all add up to?").
SPENDING = re.compile(r"\bspen[dt]\b|\bspending\b|\bamounts?\b|\badd(?:s|ed)? up\b|\bcost\b", re.I)
# What was claimed, as opposed to what is left.
SPENT = re.compile(r"\bspen[dt]\b|\bclaimed\b|\bclaim\b", re.I)
# Carrying an unused limit into the next year: a rule of the plan, not the user's records.
CARRY_OVER = re.compile(r"\bcarr(?:y|ies|ied) (?:it |them |that )?(?:forward|over)\b|\broll(?:s|ed)? (?:it )?over\b|"
                        r"\b(?:expire|lapse|reset)s?\b.{0,25}\b(?:year|december)\b|"
                        r"\b(?:bring|carry|move|use)\b.{0,30}\b(?:next|following) year\b", re.I)
# "Anything pending?": whether there are any, of however many claims.
ANYTHING = re.compile(r"\b(?:anything|any (?:claims?|ones?|of (?:them|my claims))|something)\b", re.I)
# A part of a message that only narrows what the part before asks ("Use last year's claims.",
# "only 2025 please", "just the dental ones"): no question of its own.
NARROWS = re.compile(r"^\W*(?:(?:and|but)\s+)?(?:use|using|only|count only|include only|look at|stick to|"
                     r"limit (?:it|that) to)\b(?!.*\?)", re.I)
# A word that makes a part of a message a question ("could you explain how I resubmit it"), not an order.
QUESTION_WORD = re.compile(r"\b(?:how|what|which|when|where|why|could|can|would|will|should|do|does|did)\b", re.I)
# Words that ask for several claims rather than one.
LIST_WORDS = re.compile(r"\bclaims\b|\bwhich\b|\bwhat are\b|\bany\b|\blist\b|\bshow\b", re.I)
# A yes/no question ("was my dental claim approved?") asks about one claim, not for a list.
YES_NO = re.compile(r"^\W*(?:is|was|were|are|has|have|had|did|does|do)\b", re.I)
# A question about the claims process (deadlines, paperwork, what a status means, how to fix a
# claim), which the policy answers, even when it mentions the user's claims.
PROCEDURE = re.compile(
    r"\bdeadlines?\b|\bcut-?off\b|\bpaperwork\b|\bpapers\b|\bdocuments?\b|\bforms?\b|\btime limit\b|\bupload\w*|"
    r"\bwhere (?:\w+ ){0,2}?(?:submit|send|upload|file|lodge)\b|\b(?:submit|send|upload) where\b|"
    r"\b(?:can|do|should) i (?:fix|correct|amend|edit|withdraw|cancel|resubmit)\b|"
    r"\blast (?:day|date)\b.{0,30}\b(?:submit|claim|file)\b|"
    r"\bhow many days\b.{0,30}\b(?:submit|claim|file)\b|"
    r"\b(?:money|credited|reimbursement)\b.{0,15}\bwhen\b|\bwhen\b.{0,25}\b(?:get paid|credited|money come)\b|"
    r"\bhow long (?:do i have|i have|does it take|will it take|until|before)\b|"
    r"\btoo late\b|\b(?:is it|am i) (?:too )?late\b|\blate (?:to|for) (?:claim|submit)\b|\bmissed the deadline\b|"
    r"\bwhen (?:will|do|does|would|can) (?:i|the money|it|my money)\b.{0,30}\b(?:paid|reach|receive|get|"
    r"credited|arrive|money)|\bby when\b|\bwhich year'?s? (?:\w+ )?limit\b|"
    r"\bhow to (?:fix|correct|change|amend|withdraw|appeal|escalate|submit|claim|resubmit)\b|"
    r"\bwhat does .{1,40} mean\b|\bmeaning\b|\bwhat now\b|\bwhat do i do\b|"
    r"\b(?:is there (?:a|any) way|what (?:can|should) i do)\b|\bresubmit\w*|\bappeal\w*|"
    r"\bhow (?:do|can|should) i (?:correct|fix|change|amend|withdraw|appeal|escalate|submit|send|upload|"
    r"get reimbursed|claim)\b", re.I)
# A job grade named ("at Manager grade", "for Associates") asks what the plan gives that grade:
# a policy question, not the user's own records. Grades come from the claims schema.
GRADE = re.compile(rf"\b(?:{'|'.join(GRADES)})s?\b(?! of)|\bgrade\b")
# "left" meaning what remains: "how much is left", "what was left of my limit", "left for 2025".
BALANCE_WORDS = re.compile(r"\bbalances?\b|\bremaining\b|\bunused\b|\bleft\W*$|"
                           r"\b(?:is|was|are|were|be|what's|whats|much|anything|still|have|got)\s+left\b|"
                           r"\bleft\s+(?:of|in|on|for|over|to)\b|\b(?:still )?available\b|"
                           r"\bhow much of my (?:\w+ ){0,3}?(?:limit|entitlement|allowance|benefit)\b|"
                           r"\b(?:have|has|i've)\s+(?:already\s+)?used\b|\bused up\b|\bstill (?:have|got)\b|"
                           r"\b(?:spent|used) (?:from|of|out of) my\b|"
                           r"\bhow much (?:\w+ ){0,3}?(?:entitlement|allowance|allocation)\b|\bquotas?\b|"
                           r"\bthe cap\b", re.I)
# Only the asker's own records: "my claims" and "saya" with nobody else named. Questions about
# "everyone", "all staff" or "other people" keep their other_user route.
OWN_ONLY = re.compile(r"\b(?:my|mine|me|saya|aku)\b", re.I)
OWN_RECORDS = re.compile(r"\bmy (?:own )?(?:\w+ ){0,2}?(?:claims?|balances?|limits?|entitlements?|"
                         r"allowances?|reimbursements?)\b", re.I)
# One of the user's own claims named, in either word order ("my dental claim", "claim gigi saya").
OWN_CLAIM = re.compile(r"\bmy (?:\w+ ){0,3}?claims?\b|\bclaims? (?:\w+ ){0,3}?my\b", re.I)
# Something to do that no tool does ("can you book me a Grab?", "remind me tomorrow").
ERRAND = re.compile(r"\b(?:write|draft|compose|translate) (?:me |for me )?(?:a|an|my|this|the)\b|"
                    r"\b(?:can|could|would|will) you (?:be able to )?(?:please |just )?(?:book|order|buy|schedule|"
                    r"arrange|reserve|translate|write|draft|"
                    r"call me|pay|transfer money|lend|remind me|set (?:a |an )?(?:reminder|alarm)|"
                    r"(?:call|e-?mail|phone|contact|chase) (?:them|him|her|the \w+)(?: for me)?)\b", re.I)
# Advice on which provider to use ("which eye hospital in KL is cheapest?", "any good dentist near
# Bangsar?"): nothing here rates providers. A question with "my"/"I" is about the user's own claims.
PROVIDER_ADVICE = re.compile(r"\b(?:which|any|recommend\w*|suggest)\b(?: \w+){0,2} (?:hospital|clinic|dentist|optician|"
                             r"optometrist|doctor|gym|specialist|physio\w*)s?\b(?! claims?\b)"
                             r".{0,40}\b(?:cheapest|best|good|nearest|near|around|in (?-i:[A-Z])\w+)\b", re.I)
# Whether something can be claimed: what the plan pays for, not the user's records.
CLAIMABLE = re.compile(r"\b(?:can|could|may)(?: i| we)? (?:still )?(?:claim|use)\b|\bcan'?t claim\b|\bclaimable\b|"
                       r"\b(?:can|could) be (?:claimed|reimbursed|covered)\b|"
                       r"\bcovered\b|\beligible\b|\b(?:does|do|will|would|is|are)\b(?: \w+){0,5} cover\b|"
                       r"\b(?:does|do|would|will)\b(?: \w+){1,5} count\b(?! of)|\bcover (?:tak|ke|or not)\b|"
                       r"\b(?:will|would|does|do)\b(?: \w+){0,4} (?:pay|reimburse)(?: for)?\b(?! (?:my|me|back)\b)",
                       re.I)
# An amount weighed against what is left ("can I still claim RM206 for specialist, or is there not
# enough left?", "cukup tak baki untuk RM300?"): the user's balance, not what the plan pays for.
AMOUNT_AGAINST_LEFT = re.compile(r"(?:\bRM|\bMYR)\s?\d[\d,.]*.*\b(?:enough|left|remaining|balance)\b|"
                                 r"\b(?:enough|left|remaining|balance)\b.*(?:\bRM|\bMYR)\s?\d", re.I)
# Trouble with a receipt (lost, blurred, the wrong kind, too big to upload): how to claim anyway.
RECEIPT_TROUBLE = re.compile(r"\breceipts?\b.{0,30}\b(?:lost|lose|missing|blur\w*|unreadable|faded|torn|wet|size)\b|"
                             r"\b(?:lost|lose|misplaced)\b.{0,20}\breceipts?\b|\bfile size\b|\bsize\b.{0,15}\bfile\b|"
                             r"\bbank statements?\b", re.I)
# A word about reaching someone: without one, a question is not asking for contacts.
CONTACT_WORDS = re.compile(r"\b(?:contact\w*(?! lens)|call\w*|phone|number|e-?mail|hotline|line|talk|speak|complain\w*|"
                           r"who|whom|escalat\w*|reach|person|human|someone|somebody|anyone|address|"
                           r"office|counter|helpdesk|help ?desk|support|eap|hr)\b", re.I)
# Where one question ends and the next begins: "?", ";", a sentence break, or ", and" / "and
# also" before a question word ("…limit, and how much is left?"). "more on X or Y, and by how
# much?" stays one question.
HEADS = (r"(?:how|what|what's|whats|which|when|where|who|why|is|are|was|were|did|do|does|can|could|"
         r"would|will|list|show|tell|give|has|have|any)")
# A ranking asked after "and" ("total dental claims 2025, and the cheapest?"): a second ask, of the same claims.
_RANK_WORDS = (r"(?:largest|biggest|highest|most expensive|priciest|costliest|cheapest|smallest|lowest|"
               r"latest|newest|most recent|oldest|earliest|first)")
RANKED_ASK = re.compile(rf"^\W*(?:also\s+)?(?:the|my)\s+(?:[\w-]+\s+)?{_RANK_WORDS}\b", re.I)
CLAUSE_SPLIT = re.compile(rf"\?\s*|;\s+|\.\s+(?=[A-Z])|,?\s+(?:and|&)\s+(?:also\s+)?(?={HEADS}\b)|"
                          r",\s*(?:also|plus|but)\s+|\s+[-–—]\s+|"
                          rf",\s*(?:and|&)\s+(?=(?:also\s+)?(?:the|my)\s+(?:[\w-]+\s+)?{_RANK_WORDS}\b)", re.I)
ASKS = re.compile(rf"^\W*(?:(?:and|so|also|then|but|ok(?:ay)?),?\s+)?{HEADS}\b", re.I)
# A question word after a lead-in ("For my year-end review, which category …"): the part asks.
LEAD_IN_ASKS = re.compile(rf"^[^,?]{{0,60}},\s*{HEADS}\b", re.I)
# A part naming records with no question word ("my optical limit, and also list my claims") asks
# for them, unless it is the user telling something ("I had a filling in March").
DATA_WORDS = re.compile(r"\b(?:balances?|limits?|claims?|total|status|history)\b", re.I)
CONTINUES = re.compile(r"(?:was|were|had|has|have|got|went|am)\b", re.I)
STATEMENT = re.compile(r"^\W*(?:i|i'm|we|my (?:\w+ ){0,6}?(?:has|had|was|is|got|went))\b|"
                       r"^.*\bbecause\b", re.I)  # "my claim was rejected because …" tells, then asks
# Anyone but the asker, named or pointed at ("he", "her claims", "my manager", "isteri"): without
# such a word a question naming a benefit is about the user's own records.
SOMEONE = re.compile(r"\b(?:he|she|they|him|her|hers|his|them|their|theirs|dia|dorang|diorang|mereka|"
                     r"colleagues?|co-?workers?|managers?|boss|supervisors?|teammates?|friends?|interns?|"
                     r"wife|husband|spouse|partner|son|daughter|child(?:ren)?|kids?|mother|father|mum|mom|dad|"
                     r"parents?|sister|brother|staff|employees?|people|person|users?)\b|@|\bE\d{3,}\b|"
                     r"(?<=\w )(?-i:[A-Z][a-z]+)\b", re.I)
# People other than the asker, in general ("everyone", "my team").
OTHERS = re.compile(r"\b(?:every(?:one|body)|all (?:the )?(?:staff|employees|users|people)|"
                    r"others?(?!\s+than\b)|"  # "other than hospital" leaves a category out, it names nobody
                    r"someone|somebody|team\w*|department|semua)\b", re.I)
# What an aggregate asks for: an amount or a count ("how much", "spent", "jumlah", …). A question
# with none of these, and no measure word the entity parser knows, is not an aggregate.
AMOUNT_WORDS = re.compile(r"\bhow (?:much|many)\b|\bspen[dt]\b|\bclaimed\b|\bcost\b|\bamount\b|"
                          r"\bberapa\b|\bjumlah\b|\bbanyak\b", re.I)
CLAIM_WORDS = re.compile(r"\bclaims?\b|\bspen[dt]\b|\bpaid\b|\breceipts?\b|\bbills?\b|\bclaimed\b|\bvisits?\b|"
                         r"\bappointments?\b|\bexpenses?\b", re.I)
# Leave (holidays, sick days) is HR's leave system, not a benefit: "baki cuti tahunan I?"
LEAVE = re.compile(r"\b(?:annual|sick|medical|paternity|unpaid|emergency|hospitali[sz]ation) leave "
                   r"(?:balance|left|days?)\b|\bleave (?:balance|days? left)\b|"
                   r"\b(?:balance|check)\b.{0,20}\b(?:annual|sick) leave\b|"
                   r"\bapply (?:for )?(?:annual |sick )?leave\b", re.I)

# Asking for someone to reach, in ways ESCALATION_RE leaves out: a service's phone number ("any
# number for free counselling?", "which number could I ring"), "who" last ("escalate to who?",
# Malay "kat siapa") or a team to ask ("which team would be the right one to ask?").
ASKS_FOR_CONTACT = re.compile(
    r"\b(?:any|a|the|what(?:'s| is)(?: the)?|which|official|their)\s+"
    r"(?:(?!(?:claim|member\w*|ref\w*|receipt|account|acct|policy|bank|invoice|staff|employee|ic)\b)[\w-]+\s+)?"
    r"(?:phone |contact |hotline )?"
    r"(?:number|no\.?|hotline|helpline)\b(?!\s+(?:of|for (?:my|the) claims?)\b)"
    r"|\b(?:escalate|complain|write|go|talk|speak|turn|appeal|send (?:it|this|that))\b(?: \w+){0,2} "
    r"(?:to|at|with) (?:who|whom)\b"
    r"|\bwhich (?:team|department|dept|unit|office|person|people|contact|email|address)\b.{0,40}"
    r"\b(?:ask|contact|call|email|talk|speak|right|handles?|deals?|responsible)\b", re.I)
# Whether someone else (the manager, the employer) can see the user's claims or counselling: the
# privacy rule of the plan, not the user's records.
PRIVACY = re.compile(
    r"\bconfidential\w*|\bprivacy\b"
    r"|\b(?:manager|boss|supervisor|employer|colleagues?|company|kestrel|hr|anyone)\b(?: \w+){0,3} "
    r"(?:see|know|find out|access|view|read|be told)\b"
    r"|\b(?:see|know about|find out about|access|view|read)\b(?: \w+){0,4} (?:by|to) (?:my |the )?"
    r"(?:manager|boss|supervisor|employer|colleagues?)\b", re.I)
# How the limits work between categories and over time ("can the dentist bill come out of the
# mental health money?", "when does dental fill up again?"): rules of the plan, not a balance.
LIMIT_RULES = re.compile(
    r"\b(?:come|comes|taken|paid|deducted|use|used|charged)\b (?:out of|from|against)\b(?: \w+){0,3} "
    r"(?:money|balance|limit|benefit|allowance|entitlement|quota)\b"
    r"|\bpool\w*\b|\b(?:combine|share|merge)\b(?: \w+){0,3} (?:limits|balances)\b"
    r"|\bwhen (?:does|do|will|is)\b(?: \w+){0,4} (?:fill(?:ed)? up|reset|renew\w*|refresh\w*|replenish\w*|"
    r"restart\w*|top(?:ped)? up)\b|\b(?:fill(?:s|ed)? up|top(?:s|ped)? up) again\b", re.I)
# A family member as the patient ("claim for my daughter's glasses", "claim for child … see doctor"),
# not as a helper ("my husband wants to submit my claim for me").
_KIN = r"(?:wife|husband|spouse|son|daughter|child|children|kids?|baby|parents?|mother|father|mum|mom|dad)"
FOR_FAMILY = re.compile(rf"\bfor (?:my |our |the )?(?:\w+ )?{_KIN}\b|\b{_KIN}'s?\s+(?!wants?\b|can\b|will\b)\w+", re.I)
# A word about what the plan covers ("Bluefin cover klinik gigi sekali ke?").
COVER_WORDS = re.compile(r"\bcover(?:s|ed|age)?\b|\bclaimable\b|\beligible\b", re.I)
# Having left the company ("resigned last week, can I still claim my GP visit?"): how to claim, and
# by when, after the last day. Someone still working their notice ("I'm resigning at the end of the
# month, can I still claim …?") asks what the plan covers until then, a policy question.
LEFT_COMPANY = re.compile(r"\bresigned\b|\bquit (?:my job|kestrel|the company|work)\b|"
                          r"\b(?:left|leaving) (?:kestrel|the company|my job|the firm)\b|"
                          r"\bafter (?:i |my )?(?:leave|left|resign\w*|last (?:working )?day)\b|"
                          r"\b(?:terminated|retrenched|laid off)\b", re.I)


# "What claims did I put in during June?", "claim apa je I buat" (→ "claim what only I do"): which claims the
# user made, a list; not "what claims can I make for glasses?", a question about cover.
WHAT_CLAIMS = re.compile(r"^\W*(?:what|which) (?:[\w-]+ ){0,2}?claims\b(?! (?:category|type|kind))|"
                         r"^\W*claims? (?:what|which)\b(?! (?:category|type|kind))", re.I)
MADE_BY_ME = re.compile(r"\b(?:did|have|had) i\b|\bi (?:made|make|do|did|put|submitted|filed|sent|claimed)\b", re.I)
# Someone else's wish to know a figure, as the reason the user asks it ("my manager wants to know how much was
# paid out to me"): the user asks for their own figure, not whether the manager may see it.
TOLD_TO_ASK = re.compile(r"\b(?:wants?|needs?|asked me|asks me|would like|has asked me) to know "
                         r"(?:how|what|which|when)\b", re.I)
# Someone asked the user to look something up ("my manager asked me to find out: how much … is left?"):
# the manager is why the user asks, not someone who would see the user's records.
TOLD_TO_CHECK = re.compile(r"\b(?:asked|told|wants?|wanted|needs?|reminded) me to (?:find out|check|see|look up)\b",
                           re.I)
# A sentence that asks (ends in a question mark or opens with a question word), as opposed to one that tells.
_ASKING_SENTENCE = re.compile(r"\?\s*$|^\W*(?:can|could|will|would|does|do|is|are|may|should|must|who|how|what|"
                              r"which|when|where|why|if|whether)\b", re.I)


def asked_in_question(pattern: re.Pattern, text: str) -> bool:
    """Whether ``pattern`` matches in a sentence of ``text`` that asks (or ``text`` is one sentence).

    "My manager wants to know how much was paid out to me. Could you give me that figure?" tells
    why the user asks; "can my manager see my counselling claims?" asks it. A cue for a policy
    question (privacy, receipt trouble) counts only where it is asked.
    """
    sentences = [s.strip() for s in re.findall(r"[^.?!]+[.?!]*", text) if s.strip()]
    if len(sentences) < 2:
        return bool(pattern.search(text))
    return any(pattern.search(s) and _ASKING_SENTENCE.search(s) for s in sentences)


def clauses(question: str) -> list[str]:
    """The questions a message asks, in order; a statement joins the question after it.

    "I saw the dentist twice this year; what's the total I've claimed and is any of it still
    pending?" → ["I saw the dentist twice this year what's the total I've claimed", "is any of
    it still pending?"]. A message asking one thing is one clause.
    """
    parts = [p.strip() for p in CLAUSE_SPLIT.split(question) if p and p.strip()]
    found: list[str] = []
    pending = ""
    for part in parts:
        text = f"{pending} {part}".strip() if pending else part
        if pending and STATEMENT.search(pending) and CONTINUES.match(part):
            pending = text  # "I'm in Japan and was just admitted …" goes on telling, it does not ask
            continue
        if (ASKS.search(part) or (LEAD_IN_ASKS.search(part) and not STATEMENT.search(part)) or RANKED_ASK.search(part)
                or (DATA_WORDS.search(part) and not STATEMENT.search(part))):
            found.append(text)
            pending = ""
        else:
            pending = text
    if pending:
        if found:
            found[-1] = f"{found[-1]} {pending}"
        else:
            found.append(pending)
    found = [c for c in found if len(c.split()) >= 2]
    return found if len(found) > 1 else [question]
