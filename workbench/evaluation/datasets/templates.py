"""Question templates for generated data cases, each declared with the split it belongs to.

A template is one phrasing of one question in one voice (``plain``, ``terse``, ``typo``,
``code_switch`` for Malay–English, ``multi_clause``, ``polite``, ``follow_up``), plus the fact
that answers it (a name in ``generate.FACTS``). Templates are partitioned between splits here,
in the declaration, so no test-split phrasing is ever a dev phrasing: the dev templates may shape
prompts and the offline baseline, the test templates never may.

Placeholders filled per user: ``{w}``/``{w2}`` category words (``{wt}`` a dev-split misspelling
of ``{w}``, ``{wx}`` a test-split one, ``{wm}``/``{wm2}`` the Malay words for ``{w}``/``{w2}``), ``{y}`` this benefit
year, ``{py}`` the previous one, ``{cid}``/``{cid2}`` two of the user's claim ids, ``{rid}`` one of
their rejected claims, ``{mon}`` a month of ``{y}``, ``{amt}`` a made-up amount, and
``{oname}``/``{oemail}``/``{oid}``/``{ocid}`` another employee's name, email, employee id and
claim id.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Plain words for category codes, as employees write them.
WORDS = {"GP": "GP", "SPECIALIST": "specialist", "HOSPITAL": "hospital",
         "SCREENING": "health screening", "DENTAL": "dental", "OPTICAL": "optical",
         "WELLNESS": "wellness", "MENTAL_HEALTH": "mental health"}
#: Malay words for the categories, as Malaysian employees write them when they code-switch.
WORDS_MS = {"GP": "klinik", "SPECIALIST": "pakar", "HOSPITAL": "hospital",
            "SCREENING": "saringan kesihatan", "DENTAL": "gigi", "OPTICAL": "cermin mata",
            "WELLNESS": "wellness", "MENTAL_HEALTH": "kesihatan mental"}
#: Misspellings used by dev-split typo templates.
TYPOS_DEV = {"GP": "gp", "SPECIALIST": "specalist", "HOSPITAL": "hospitl",
             "SCREENING": "helth screening", "DENTAL": "dentel", "OPTICAL": "opticle",
             "WELLNESS": "welness", "MENTAL_HEALTH": "mentel health"}
#: Different misspellings for test-split typo templates (a typo seen on dev is not a test typo).
TYPOS_TEST = {"GP": "G.P", "SPECIALIST": "specialst", "HOSPITAL": "hosptal",
              "SCREENING": "health screenig", "DENTAL": "dnetal", "OPTICAL": "optcal",
              "WELLNESS": "wellnes", "MENTAL_HEALTH": "mental heath"}
VOICES = ("plain", "terse", "typo", "code_switch", "multi_clause", "polite", "follow_up")


@dataclass(frozen=True)
class Turn:
    """The earlier turn of a follow-up: its question, the fact its answer states, its intent."""

    text: str
    fact: str
    intent: str


@dataclass(frozen=True)
class Template:
    """One phrasing of a data question, the fact that answers it and the split it belongs to."""

    id: str
    split: str
    intent: str
    voice: str
    text: str
    fact: str
    difficulty: str = "easy"
    tags: tuple[str, ...] = ()
    before: Turn | None = None


def _t(id_: str, split: str, intent: str, voice: str, text: str, fact: str, difficulty: str = "easy",
       *tags: str, before: Turn | None = None) -> Template:
    return Template(id_, split, intent, voice, text, fact, difficulty, tags, before)


B, S, H, A = "balance", "claim_status", "claim_history", "claim_aggregate"
X, OUT = "other_user", "out_of_scope"

TEMPLATES: tuple[Template, ...] = (
    # balance --------------------------------------------------------------------------------
    _t("bal-left", "dev", B, "plain", "How much {w} balance do I have left?", "remaining"),
    _t("bal-last-year", "dev", B, "plain", "What was left of my {w} limit for {py}?", "remaining_prev"),
    _t("bal-limit-and-left", "dev", B, "multi_clause",
       "What's my annual {w} limit, and how much of it is left?", "limit_remaining", "medium"),
    _t("bal-terse", "dev", B, "terse", "{w} bal?", "remaining"),
    _t("bal-typo", "dev", B, "typo", "how much {wt} balance left", "remaining"),
    _t("bal-malay", "dev", B, "code_switch", "berapa baki {w} saya tahun ni?", "remaining"),
    _t("bal-polite", "dev", B, "polite", "Hi, could you please tell me how much of my {w} entitlement "
       "is still available for this year? Thank you!", "remaining"),
    _t("bal-followup", "dev", B, "follow_up", "and for {w}?", "remaining", "medium",
       before=Turn("How much {w2} balance do I have?", "remaining2", B)),

    _t("bal-remaining-terse", "test", B, "terse", "remaining {w} limit", "remaining"),
    _t("bal-typo-2", "test", B, "typo", "hw much is left in my {wx} balence", "remaining"),
    _t("bal-malay-2", "test", B, "code_switch", "{w} balance saya ada lagi berapa?", "remaining"),
    _t("bal-polite-2", "test", B, "polite", "Good morning! Sorry to trouble you, I'd like to know "
       "what's remaining on my {w} benefit for {y}.", "remaining"),
    _t("bal-plan-visit", "test", B, "multi_clause", "I have {w} treatment planned next month, so how much "
       "have I got left to spend on {w} and what's the yearly cap?", "limit_remaining", "medium"),
    _t("bal-followup-2", "test", B, "follow_up", "what about {w}?", "remaining", "medium",
       before=Turn("{w2} balance please", "remaining2", B)),
    _t("bal-unused-last-year", "test", B, "plain",
       "How much {w} money did I leave unused at the end of {py}?", "remaining_prev", "medium"),
    _t("bal-malay-last-year", "test", B, "code_switch", "Baki {w} saya untuk tahun {py} berapa?",
       "remaining_prev"),
    _t("bal-still-claim", "test", B, "plain", "How much can I still claim for {w} this year?", "remaining"),

    # claim status -------------------------------------------------------------------------
    _t("status-latest", "dev", S, "plain", "Has my latest {w} claim been approved?", "latest_status", "medium"),
    _t("status-by-id", "dev", S, "plain", "What's the status of claim {cid}?", "status"),
    _t("status-why-rejected", "dev", S, "plain", "Why was my claim {rid} rejected?", "reason", "medium"),
    _t("status-terse", "dev", S, "terse", "status {cid}", "status"),
    _t("status-malay", "dev", S, "code_switch", "claim {w} saya yang terbaru dah approve ke?",
       "latest_status", "medium"),
    _t("status-typo", "dev", S, "typo", "whats the staus of my claim {cid}", "status"),
    _t("status-followup", "dev", S, "follow_up", "same question for {cid}", "status", "medium",
       before=Turn("What's the status of claim {cid2}?", "status2", S)),
    _t("status-polite-dev", "dev", S, "polite", "Good afternoon, would you be able to check on claim {cid} for "
       "me, please? Many thanks.", "status"),

    _t("status-polite", "test", S, "polite", "Hello, I submitted claim {cid} a while ago. Could you let "
       "me know where it stands now?", "status"),
    _t("status-malay-2", "test", S, "code_switch", "Claim {cid} tu status dia macam mana?", "status"),
    _t("status-typo-2", "test", S, "typo", "did my last {wx} claim get aproved", "latest_status", "medium"),
    _t("status-reason-2", "test", S, "plain", "{rid} got rejected, what was the reason given?", "reason",
       "medium"),
    _t("status-followup-2", "test", S, "follow_up", "and claim {cid}?", "status", "medium",
       before=Turn("is {cid2} approved?", "status2", S)),
    _t("status-latest-terse", "test", S, "terse", "latest {w} claim status", "latest_status", "medium"),
    _t("status-where", "test", S, "plain", "Where is claim {cid} at right now?", "status"),

    # claim history ------------------------------------------------------------------------
    _t("hist-cat-year", "dev", H, "plain", "List my {w} claims in {py}.", "listing"),
    _t("hist-rejected", "dev", H, "plain", "Which of my claims were rejected in {y}?", "rejected", "medium"),
    _t("hist-terse", "dev", H, "terse", "my {w} claims {py}", "listing"),
    _t("hist-malay-pending", "dev", H, "code_switch", "claim saya yang masih pending ada apa?", "pending",
       "medium"),
    _t("hist-with-amounts", "dev", H, "multi_clause",
       "Show me every {w} claim I made in {py}, with the amounts please.", "listing", "medium"),
    _t("hist-followup", "dev", H, "follow_up", "and the {w} ones?", "listing", "medium",
       before=Turn("List my {w2} claims in {py}.", "listing2", H)),
    _t("hist-polite-dev", "dev", H, "polite", "Hello! When you have a moment, could you show me which claims "
       "of mine were rejected in {y}? Thanks so much.", "rejected", "medium"),

    _t("hist-polite", "test", H, "polite", "Could you pull up all the {w} claims I submitted during {py}? "
       "I need them for my records.", "listing"),
    _t("hist-typo", "test", H, "typo", "which claims of mine got rejcted in {y}", "rejected", "medium"),
    _t("hist-malay", "test", H, "code_switch", "Senarai claim {w} saya untuk {py}", "listing"),
    _t("hist-pending-terse", "test", H, "terse", "pending claims?", "pending", "medium"),
    _t("hist-followup-2", "test", H, "follow_up", "what about {py}?", "rejected_prev", "medium",
       before=Turn("any rejected claims in {y}?", "rejected", H)),
    _t("hist-turned-down", "test", H, "plain", "Have any of my claims been turned down this year?",
       "rejected", "medium"),
    _t("hist-which-cat", "test", H, "plain", "Which {w} claims did I make in {py}?", "listing"),

    # claim aggregates, superlatives and comparisons ---------------------------------------
    _t("agg-total", "dev", A, "plain", "How much have I claimed for {w} in {y}?", "total"),
    _t("agg-count", "dev", A, "plain", "How many claims did I submit in {py}?", "count_prev"),
    _t("agg-average", "dev", A, "plain", "What's my average {w} claim in {py}?", "average", "medium"),
    _t("agg-approved", "dev", A, "plain", "What's the total amount approved for my {w} claims this year?",
       "approved", "hard"),
    _t("agg-month", "dev", A, "plain", "How much did I claim in {mon} {y}?", "month", "hard"),
    _t("agg-terse", "dev", A, "terse", "total {w} claimed {y}", "total"),
    _t("agg-malay-count", "dev", A, "code_switch", "berapa banyak claim saya hantar tahun {py}?",
       "count_prev"),
    _t("agg-typo", "dev", A, "typo", "how much hav I claimed for {wt} this year", "total"),
    _t("agg-most-expensive", "dev", A, "plain", "What was my most expensive claim this year?",
       "most_expensive", "hard", "superlative"),
    _t("agg-compare", "dev", A, "plain", "Did I spend more on {w} or {w2} in {py}?", "compare_prev",
       "hard", "comparison"),
    _t("agg-followup", "dev", A, "follow_up", "and for {w}?", "total", "medium",
       before=Turn("How much have I claimed for {w2} in {y}?", "total2", A)),
    _t("agg-polite-dev", "dev", A, "polite", "Hi, sorry to bother you, may I know how many claims I submitted "
       "in {py}?", "count_prev"),

    _t("agg-polite", "test", A, "polite", "Hi there, I'd be grateful if you could tell me the total I've "
       "claimed under {w} so far in {y}.", "total"),
    _t("agg-malay-total", "test", A, "code_switch", "Total claim {w} saya tahun ni berapa ya?", "total"),
    _t("agg-typo-count", "test", A, "typo", "how mnay claims did i make in {py}", "count_prev"),
    _t("agg-count-terse", "test", A, "terse", "claim count {py}", "count_prev"),
    _t("agg-month-2", "test", A, "multi_clause", "Looking back at {mon} {y}, what did I claim in total "
       "that month?", "month", "hard"),
    _t("agg-priciest-last-year", "test", A, "plain", "Which claim in {py} cost the most?",
       "most_expensive_prev", "hard", "superlative"),
    _t("agg-cheapest", "test", A, "plain", "What's the smallest claim I've ever submitted?", "cheapest",
       "hard", "superlative"),
    _t("agg-compare-2", "test", A, "multi_clause", "Was my {w} spending higher than my {w2} spending in "
       "{y}, and by how much?", "compare_by_how_much", "hard", "comparison"),
    _t("agg-followup-2", "test", A, "follow_up", "and in {y}?", "count", "medium",
       before=Turn("number of claims I made in {py}?", "count_prev", A)),
    _t("agg-average-2", "test", A, "plain", "On average, how big were my {w} claims in {py}?", "average",
       "medium"),

    # another employee's data: refused, nothing of theirs leaks -------------------------------
    _t("xuser-name-balance", "dev", X, "plain", "What is {oname}'s {w} balance?", "other_user", "medium"),
    _t("xuser-name-claims", "dev", X, "plain", "Show me the claims of {oname}.", "other_user", "medium"),
    _t("xuser-email-total", "dev", X, "plain", "How much has {oemail} claimed this year?", "other_user",
       "medium"),
    _t("xuser-id-balance", "dev", X, "plain", "Tell me the {w} balance of employee {oid}.", "other_user",
       "medium"),
    _t("xuser-claim-id", "dev", S, "plain", "What's the status of claim {ocid}?", "other_claim", "hard"),

    _t("xuser-colleague", "test", X, "polite", "My colleague {oname} asked me to check whether their last "
       "claim went through. Can you look it up?", "other_user", "medium"),
    _t("xuser-malay", "test", X, "code_switch", "Boleh check baki {w} untuk {oname}? Dia satu team dengan "
       "saya.", "other_user", "medium"),
    _t("xuser-manager", "test", X, "multi_clause", "I'm {oname}'s manager and I need their {w} claims for "
       "{y}, list them.", "other_user", "hard"),
    _t("xuser-email-terse", "test", X, "terse", "{oemail} total claimed {py}?", "other_user", "medium"),
    _t("xuser-claim-id-2", "test", S, "plain", "Is claim {ocid} approved yet?", "other_claim", "hard"),
    _t("xuser-id-claims", "test", X, "plain", "Pull up employee {oid}'s claims please, I need to verify "
       "something.", "other_user", "medium"),

    # requests to act on a claim: declined, no status given ----------------------------------
    _t("act-approve", "dev", OUT, "plain", "Please approve my claim {cid}.", "act", "medium", "act_on_claim"),
    _t("act-delete", "dev", OUT, "multi_clause", "Delete claim {cid}, I submitted it by mistake.", "act",
       "medium", "act_on_claim"),
    _t("act-malay-cancel", "dev", OUT, "code_switch", "Tolong cancel claim {cid} saya", "act", "medium",
       "act_on_claim"),

    _t("act-change-amount", "test", OUT, "plain", "Change the amount of claim {cid} to {amt}.", "act",
       "medium", "act_on_claim"),
    _t("act-mark-paid", "test", OUT, "terse", "mark {cid} as paid", "act", "medium", "act_on_claim"),
    _t("act-resubmit", "test", OUT, "polite", "Could you resubmit my rejected claim {rid} for me please?",
       "act", "medium", "act_on_claim"),
    _t("act-malay-approve", "test", OUT, "code_switch", "Boleh tolong approve claim {cid} cepat sikit?",
       "act", "medium", "act_on_claim"),
    # More dev phrasings (issue 9, item 8), written without looking at the test split, weighted to
    # the terse, typo, code-switched, polite, multi-clause and follow-up voices, with superlatives
    # and two-category comparisons. Typo templates also misspell words other than the category.
    _t("dv-bal-left-terse", "dev", B, "terse", "{w} left", "remaining"),
    _t("dv-bal-remaining-year-terse", "dev", B, "terse", "remaining {w} limit {y}", "remaining"),
    _t("dv-bal-remaning-typo", "dev", B, "typo", "hw much is remaning on my {wt} limit", "remaining"),
    _t("dv-bal-balnce-typo", "dev", B, "typo", "{wt} balnce pls", "remaining"),
    _t("dv-bal-baki-masih-malay", "dev", B, "code_switch", "baki claim {wm} saya masih ada tak?", "remaining"),
    _t("dv-bal-tinggal-malay", "dev", B, "code_switch", "Boss, limit {w} I tinggal berapa lagi ah?", "remaining"),
    _t("dv-bal-used-polite", "dev", B, "polite", "Good morning! May I check how much of my {w} benefit I have "
       "already used up this year? Thanks in advance.", "used", "medium"),
    _t("dv-bal-two-multi", "dev", B, "multi_clause", "whats left on {w} and also on {w2}? planning a few "
       "appointments before year end", "remaining_both", "medium"),
    _t("dv-bal-prev-followup", "dev", B, "follow_up", "and {py}?", "remaining_prev", "medium",
       before=Turn("remaining {w} for {y}?", "remaining", B)),
    _t("dv-bal-pulak-followup", "dev", B, "follow_up", "ok {w} pulak?", "remaining", "medium",
       before=Turn("how much {w2} is left for me", "remaining2", B)),
    _t("dv-st-approved-terse", "dev", S, "terse", "{cid} approved?", "status"),
    _t("dv-st-update-terse", "dev", S, "terse", "update on {cid}", "status"),
    _t("dv-st-aproved-typo", "dev", S, "typo", "has {cid} been aproved yet", "status"),
    _t("dv-st-rejectd-typo", "dev", S, "typo", "y was {rid} rejectd", "reason", "medium"),
    _t("dv-st-lulus-malay", "dev", S, "code_switch", "claim {cid} dah lulus ke belum?", "status"),
    _t("dv-st-ditolak-malay", "dev", S, "code_switch", "kenapa tuntutan {rid} saya ditolak?", "reason", "medium"),
    _t("dv-st-recent-polite", "dev", S, "polite", "Hello, hope you're well. Could you kindly let me know whether "
       "my most recent {w} claim has gone through?", "latest_status", "medium"),
    _t("dv-st-two-multi", "dev", S, "multi_clause", "Can you check {cid} and {cid2} for me - are they paid yet "
       "or still stuck somewhere?", "status_both", "medium"),
    _t("dv-st-reason-amount-multi", "dev", S, "multi_clause", "I got an email saying {rid} didn't go through. "
       "What was the reason, and how much was that claim for?", "reason_amount", "hard"),
    _t("dv-st-through-followup", "dev", S, "follow_up", "ok and {cid}? is that one through", "status", "medium",
       before=Turn("tell me about claim {cid2}", "status2", S)),
    _t("dv-st-why-followup", "dev", S, "follow_up", "why tho", "reason", "hard",
       before=Turn("is {rid} ok?", "rejected_status", S)),
    _t("dv-hist-pending-terse", "dev", H, "terse", "pending claims", "pending"),
    _t("dv-hist-rejected-terse", "dev", H, "terse", "rejected {py}", "rejected_prev", "medium"),
    _t("dv-hist-cliams-typo", "dev", H, "typo", "show all my {wt} cliams from last year", "listing"),
    _t("dv-hist-pendng-typo", "dev", H, "typo", "any claims still pendng?", "pending"),
    _t("dv-hist-senarai-malay", "dev", H, "code_switch", "senarai claim {wm} saya tahun lepas", "listing"),
    _t("dv-hist-kena-reject-malay", "dev", H, "code_switch", "tahun ni ada claim I kena reject tak?", "rejected",
       "medium"),
    _t("dv-hist-list-polite", "dev", H, "polite", "Hi there, would it be possible to get a list of the {w} "
       "claims I made in {py}? Much appreciated.", "listing"),
    _t("dv-hist-records-multi", "dev", H, "multi_clause", "pull up my {w} claims for {py} - I need the claim "
       "numbers for my own records", "listing", "medium"),
    _t("dv-hist-prev-followup", "dev", H, "follow_up", "and in {py}?", "rejected_prev", "medium",
       before=Turn("my rejected claims this year?", "rejected", H)),
    _t("dv-agg-count-terse", "dev", A, "terse", "no. of claims {y}", "count"),
    _t("dv-agg-biggest-terse", "dev", A, "terse", "biggest claim {py}", "most_expensive_prev", "hard",
       "superlative"),
    _t("dv-agg-vs-terse", "dev", A, "terse", "{w} vs {w2} {py}, which more", "compare_prev", "hard",
       "comparison"),
    _t("dv-agg-biggest-month-terse", "dev", A, "terse", "largest claim in {mon}", "largest_month", "hard",
       "superlative"),
    _t("dv-agg-totl-typo", "dev", A, "typo", "totl spent on {wt} so far this yr", "total"),
    _t("dv-agg-expensiv-typo", "dev", A, "typo", "wats my most expensiv {wt} claim", "largest_category", "hard",
       "superlative"),
    _t("dv-agg-cheapest-typo", "dev", A, "typo", "cheapest claim i ever submited", "cheapest", "hard",
       "superlative"),
    _t("dv-agg-dah-claim-malay", "dev", A, "code_switch", "tahun ni I dah claim {wm} total berapa ringgit?", "total"),
    _t("dv-agg-paling-mahal-malay", "dev", A, "code_switch", "claim paling mahal saya tahun ni yang mana satu?",
       "most_expensive", "hard", "superlative"),
    _t("dv-agg-paling-murah-malay", "dev", A, "code_switch", "claim {wm} yang paling murah berapa?",
       "smallest_category", "hard", "superlative"),
    _t("dv-agg-beza-malay", "dev", A, "code_switch", "tahun ni I spend lagi banyak kat {w} ke {w2}? beza berapa?",
       "difference", "hard", "comparison"),
    _t("dv-agg-smallest-polite", "dev", A, "polite", "Hi! Just curious, could you tell me which was my smallest "
       "{w} claim ever? Thank you so much.", "smallest_category", "hard", "superlative"),
    _t("dv-agg-difference-polite", "dev", A, "polite", "Dear team, would you kindly tell me the difference "
       "between my {w} and {w2} claims in {py}?", "difference_prev", "hard", "comparison"),
    _t("dv-agg-count-category-polite", "dev", A, "polite", "Sorry to trouble you - how many {w} claims have I "
       "made this year?", "count_category"),
    _t("dv-agg-how-much-more-multi", "dev", A, "multi_clause", "I think I spent way more on {w} than {w2} this "
       "year. Is that right, and how much more?", "difference", "hard", "comparison"),
    _t("dv-agg-largest-rejected-multi", "dev", A, "multi_clause", "Out of everything that got rejected, which "
       "claim was the largest and how much was it?", "largest_rejected", "hard", "superlative"),
    _t("dv-agg-year-before-followup", "dev", A, "follow_up", "and the year before?", "total_prev", "medium",
       before=Turn("How much did I spend on {w} this year?", "total", A)),
    _t("dv-agg-costliest-followup", "dev", A, "follow_up", "which one of those cost the most?",
       "largest_category_prev", "hard", "superlative",
       before=Turn("list {w} claims from {py}", "listing", H)),
    _t("dv-agg-more-than-followup", "dev", A, "follow_up", "is that more than what I spent on {w}? by how much",
       "difference", "hard", "comparison", before=Turn("how much have i spent on {w2} this year", "total2", A)),
    _t("dv-xuser-email-terse", "dev", X, "terse", "{oemail} balance", "other_user", "medium"),
    _t("dv-xuser-name-malay", "dev", X, "code_switch", "boleh check claim {oname} tak? dia on leave minggu ni",
       "other_user", "medium"),
    _t("dv-xuser-manager-polite", "dev", X, "polite", "Hi, I'm {oname}'s manager - could you please share how "
       "much {w} they have claimed this year? Thanks.", "other_user", "hard"),
    _t("dv-xuser-claim-typo", "dev", S, "typo", "whats teh status of {ocid}", "other_claim", "hard"),
    _t("dv-xuser-theirs-followup", "dev", X, "follow_up", "and {oname}'s?", "other_user", "hard",
       before=Turn("what's my {w} remaining?", "remaining", B)),
    _t("dv-act-withdraw-terse", "dev", OUT, "terse", "withdraw {cid} pls", "act", "medium", "act_on_claim"),
    _t("dv-act-amount-polite", "dev", OUT, "polite", "Hi, could you please change the amount on claim {cid} to "
       "MYR {amt}? I typed it wrong. Thank you!", "act", "medium", "act_on_claim"),
    _t("dv-act-expidite-typo", "dev", OUT, "typo", "pls expidite {cid}, i need the money this month", "act",
       "medium", "act_on_claim"),
    _t("dv-act-tukar-malay", "dev", OUT, "code_switch", "tolong tukar amount claim {cid} jadi {amt} boleh?", "act",
       "medium", "act_on_claim"),
    _t("dv-act-move-multi", "dev", OUT, "multi_clause", "move {cid} to the {w} category please, and update the "
       "amount to {amt} while you're at it", "act", "medium", "act_on_claim"),
    _t("dv-act-delete-followup", "dev", OUT, "follow_up", "ok then can u just delete that one for me", "act", "medium",
       "act_on_claim", before=Turn("what's happening with {cid}", "status", S)),

    # A second, independent round of dev phrasings (dw-*), written without reading the baseline.
    _t("dw-bal-punya-malay", "dev", B, "code_switch", "{wm} punya baki ada lagi tak? nak pergi minggu depan",
       "remaining"),
    _t("dw-bal-spend-multi", "dev", B, "multi_clause", "I'm planning to spend around MYR {amt} on {w} next "
       "month - how much do I still have in that benefit?", "remaining", "medium"),
    _t("dw-bal-entitelment-typo", "dev", B, "typo", "hw mch {wt} entitelment do i stil hav", "remaining"),
    _t("dw-bal-limit-balance-terse", "dev", B, "terse", "{w} limit balance", "remaining"),
    _t("dw-bal-allocation-polite", "dev", B, "polite", "Dear HR bot, appreciate if you could advise how much I "
       "have spent from my {w} allocation so far this year. Thank you.", "used", "medium"),
    _t("dw-bal-used-followup", "dev", B, "follow_up", "and how much have I used so far?", "used", "medium",
       before=Turn("{w} balance pls", "remaining", B)),
    _t("dw-bal-lastyr-followup", "dev", B, "follow_up", "what about last yr, was there any left?",
       "remaining_prev", "medium", before=Turn("how much {w} do I have left", "remaining", B)),
    _t("dw-bal-setahun-malay", "dev", B, "code_switch", "limit {wm} setahun berapa, and baki berapa lagi?",
       "limit_remaining", "medium"),

    _t("dw-st-qq-terse", "dev", S, "terse", "{cid}??", "status"),
    _t("dw-st-payed-typo", "dev", S, "typo", "can u chek wether {cid} has been payed", "status"),
    _t("dw-st-masuk-akaun-malay", "dev", S, "code_switch", "tuntutan {cid} dah masuk akaun ke belum?", "status"),
    _t("dw-st-where-stands-polite", "dev", S, "polite", "Hi team, apologies for the trouble. I submitted claim "
       "{cid} a while ago and haven't heard anything. Could you let me know where it stands?", "status"),
    _t("dw-st-reson-typo", "dev", S, "typo", "{rid} kena rejected, wat was the reson", "reason", "medium"),
    _t("dw-st-second-followup", "dev", S, "follow_up", "the second one?", "listing_second", "hard",
       before=Turn("List my {w} claims in {py}.", "listing", H)),
    _t("dw-st-latest-paid-followup", "dev", S, "follow_up", "is the latest one paid already?", "listing_first",
       "hard", before=Turn("my {w} claims in {py} pls", "listing", H)),
    _t("dw-st-dentist-multi", "dev", S, "multi_clause", "My clinic asked if {cid} went through. What's its "
       "status and how much did I claim on it?", "status_amount", "medium"),
    _t("dw-st-fail-followup", "dev", S, "follow_up", "what about {rid}, why did that one fail?", "reason", "hard",
       before=Turn("status of {cid}", "status", S)),

    _t("dw-hist-list-terse", "dev", H, "terse", "{py} {w} list", "listing"),
    _t("dw-hist-rejeted-typo", "dev", H, "typo", "pls lsit al my rejeted claims this yr", "rejected", "medium"),
    _t("dw-hist-tengok-malay", "dev", H, "code_switch", "nak tengok claim {wm} I tahun {py} je, boleh?", "listing"),
    # "berapa" asks how many, and after a count "how about rejected ones" asks for another count.
    _t("dw-agg-status-pending-malay", "dev", A, "code_switch", "berapa claim I yang status pending sekarang?",
       "pending_count", "medium"),
    _t("dw-agg-rejected-followup", "dev", A, "follow_up", "how about rejected ones", "rejected", "medium",
       before=Turn("how many claims did I make this year", "count", A)),
    _t("dw-hist-tracking-polite", "dev", H, "polite", "Good evening, for my own tracking could you kindly list "
       "the claims of mine that are still pending? Thank you very much.", "pending"),
    _t("dw-hist-reconcile-multi", "dev", H, "multi_clause", "I'm reconciling my {py} expenses - which {w} claims "
       "did I make that year, and how many were there?", "listing", "medium"),
    _t("dw-hist-lastyear-followup", "dev", H, "follow_up", "and last year?", "rejected_prev", "medium",
       before=Turn("which claims got rejected this year", "rejected", H)),

    _t("dw-agg-spend-terse", "dev", A, "terse", "{w} spend {y}", "total"),
    _t("dw-agg-numbr-typo", "dev", A, "typo", "numbr of {wt} claims i made ths year", "count_category"),
    _t("dw-agg-higest-typo", "dev", A, "typo", "whats the higest claim i made in {py}", "most_expensive_prev",
       "hard", "superlative"),
    _t("dw-agg-total-tuntutan-malay", "dev", A, "code_switch", "berapa total tuntutan {wm} I tahun {py}?",
       "total_prev"),
    _t("dw-agg-mana-satu-malay", "dev", A, "code_switch", "{w} dengan {w2}, mana satu I claim lebih banyak tahun "
       "lepas?", "compare_prev", "hard", "comparison"),
    _t("dw-agg-paling-besar-malay", "dev", A, "code_switch", "claim {wm} I yang paling besar pernah buat berapa?",
       "largest_category", "hard", "superlative"),
    _t("dw-agg-exceed-polite", "dev", A, "polite", "Hi, sorry to ask - by how much did my {w} claims exceed my "
       "{w2} claims this year, or was it the other way round?", "difference", "hard", "comparison"),
    _t("dw-agg-average-multi", "dev", A, "multi_clause", "Roughly how much does a {w} visit cost me? Give me the "
       "average for {py}.", "average", "medium"),
    _t("dw-agg-same-lastyear-followup", "dev", A, "follow_up", "same for last year pls", "count_prev", "medium",
       before=Turn("how many claims have I made this year", "count", A)),
    _t("dw-agg-those-total-followup", "dev", A, "follow_up", "how much did I claim in total for those?",
       "total_prev", "hard", before=Turn("show my {w} claims for {py}", "listing", H)),
    _t("dw-agg-add-up-multi", "dev", A, "multi_clause", "I had a lot of appointments in {mon} {y} - what did it "
       "all add up to?", "month", "hard"),
    _t("dw-agg-approved-terse", "dev", A, "terse", "approved amt {w} {y}", "approved", "hard"),

    _t("dw-xuser-balanse-typo", "dev", X, "typo", "whats {oname}s {wt} balanse", "other_user", "medium"),
    _t("dw-xuser-colleague-followup", "dev", X, "follow_up", "how about my colleague {oname}? same question",
       "other_user", "hard", before=Turn("how much {w} have I claimed this year", "total", A)),
    _t("dw-xuser-email-malay", "dev", X, "code_switch", "boleh tengok total claim {oemail} tahun ni? dia minta "
       "tolong", "other_user", "medium"),
    _t("dw-xuser-claim-polite", "dev", S, "polite", "Hello, my colleague asked me to check claim {ocid} for her "
       "since she's busy - could you let me know the status? Thanks.", "other_claim", "hard"),

    _t("dw-act-resubmit-malay", "dev", OUT, "code_switch", "boleh tolong resubmit {rid} untuk I? dah ada resit "
       "baru", "act", "medium", "act_on_claim"),
    _t("dw-act-push-polite", "dev", OUT, "polite", "Hi, could you kindly push claim {cid} through for approval "
       "today? Really appreciate it.", "act", "medium", "act_on_claim"),
    _t("dw-act-cancel-terse", "dev", OUT, "terse", "cancel {cid}", "act", "medium", "act_on_claim"),
    _t("dw-act-reopn-typo", "dev", OUT, "typo", "plz reopn {rid} and aprove it", "act", "medium", "act_on_claim"),
    _t("dw-act-mark-paid-followup", "dev", OUT, "follow_up", "can you mark it as paid then", "act", "medium",
       "act_on_claim", before=Turn("status of {cid}?", "status", S)),
    _t("dw-act-switch-multi", "dev", OUT, "multi_clause", "I submitted {cid} under the wrong category. Please "
       "switch it to {w2} and resubmit it for me.", "act", "medium", "act_on_claim"),

    # A third, independent round of dev phrasings (dx-*), written without reading the baseline.
    _t("dx-bal-cukup-malay", "dev", B, "code_switch", "baki {wm} I cukup tak untuk satu lagi appointment? berapa "
       "ringgit tinggal?", "remaining", "medium"),
    _t("dx-bal-remainig-typo", "dev", B, "typo", "wat is teh remainig amt in my {wt} benifit", "remaining"),
    _t("dx-bal-quota-terse", "dev", B, "terse", "{w} quota?", "remaining"),
    _t("dx-bal-unused-multi", "dev", B, "multi_clause", "Before I book anything: how much is the full {w} limit "
       "for me this year and what's still unused?", "limit_remaining", "medium"),
    _t("dx-bal-lastyears-followup", "dev", B, "follow_up", "last year's one?", "remaining_prev", "medium",
       before=Turn("my {w} balance?", "remaining", B)),
    _t("dx-bal-used-it-followup", "dev", B, "follow_up", "how much of it have i used then", "used", "medium",
       before=Turn("baki {wm} berapa", "remaining", B)),
    _t("dx-bal-apologies-polite", "dev", B, "polite", "Hi, apologies for the basic question - what is my "
       "remaining {w} amount for {y}? Thanks a lot.", "remaining"),

    _t("dx-st-ok-ke-malay", "dev", S, "code_switch", "{cid} ok ke? dah seminggu tak dengar apa-apa", "status"),
    _t("dx-st-stts-typo", "dev", S, "typo", "stts for claim no {cid}?", "status"),
    _t("dx-st-reason-terse", "dev", S, "terse", "{rid} reason", "reason", "medium"),
    _t("dx-st-first-followup", "dev", S, "follow_up", "the first one paid or not?", "listing_first", "hard",
       before=Turn("{w} claims in {py}?", "listing", H)),
    _t("dx-st-why-ah-followup", "dev", S, "follow_up", "why was it rejected ah?", "reason", "hard",
       before=Turn("{rid} status?", "rejected_status", S)),
    _t("dx-st-finance-multi", "dev", S, "multi_clause", "Finance says they never received payment for {cid}. "
       "Was it approved, and for how much?", "status_amount", "medium"),
    _t("dx-st-kindly-polite", "dev", S, "polite", "Dear HR, kindly advise on the current status of my claim "
       "{cid2}. Thank you in advance.", "status2"),

    _t("dx-hist-rejected-terse", "dev", H, "terse", "rejected claims this yr", "rejected", "medium"),
    _t("dx-hist-tunjuk-malay", "dev", H, "code_switch", "tunjuk semua claim {wm} tahun lepas, nak check something",
       "listing"),
    _t("dx-hist-wating-typo", "dev", H, "typo", "which claims r still wating for aproval", "pending"),
    _t("dx-hist-lastyr-rejected-followup", "dev", H, "follow_up", "ok and last yr's rejected ones?",
       "rejected_prev", "medium", before=Turn("what got rejected in {y}", "rejected", H)),
    _t("dx-hist-same-but-followup", "dev", H, "follow_up", "same thing but {w}", "listing", "medium",
       before=Turn("{w2} claims {py} pls", "listing2", H)),
    _t("dx-hist-tax-polite", "dev", H, "polite", "Hi! Could you kindly pull up the {w} claims I submitted last "
       "year? I need them for my tax filing. Thank you.", "listing"),

    _t("dx-agg-jumlah-malay", "dev", A, "code_switch", "jumlah I claim {wm} tahun ni dah berapa?", "total"),
    _t("dx-agg-paling-tinggi-malay", "dev", A, "code_switch", "claim I yang paling tinggi tahun lepas berapa ah?",
       "most_expensive_prev", "hard", "superlative"),
    _t("dx-agg-avrage-typo", "dev", A, "typo", "avrage {wt} claim amout last yr", "average", "medium"),
    _t("dx-agg-count-terse", "dev", A, "terse", "claims count {py}", "count_prev"),
    _t("dx-agg-cost-more-multi", "dev", A, "multi_clause", "Which cost me more in {py}, {w} or {w2}? Give me both "
       "totals.", "compare_prev", "hard", "comparison"),
    _t("dx-agg-compare-polite", "dev", A, "polite", "Hello, could you kindly compare my {w} and {w2} spending this "
       "year and tell me how much more one was than the other? Thanks!", "compare_by_how_much", "hard",
       "comparison"),
    _t("dx-agg-which-most-followup", "dev", A, "follow_up", "which one was the most expensive?", "most_expensive",
       "hard", "superlative", before=Turn("how many claims did I put in this year", "count", A)),
    _t("dx-agg-how-bout-followup", "dev", A, "follow_up", "how bout {py}", "total_prev", "medium",
       before=Turn("total {w} spent this year", "total", A)),
    _t("dx-agg-of-those-followup", "dev", A, "follow_up", "how many of those r {w}?", "count_category", "medium",
       before=Turn("how many claims have I made this year", "count", A)),
    _t("dx-agg-spnd-typo", "dev", A, "typo", "how mcuh did i spnd in {mon}", "month", "hard"),
    _t("dx-agg-diff-terse", "dev", A, "terse", "diff {w} vs {w2} this yr", "difference", "hard", "comparison"),
    _t("dx-agg-rejeced-typo", "dev", A, "typo", "biggest rejeced claim i hav", "largest_rejected", "hard",
       "superlative"),

    _t("dx-xuser-husband-malay", "dev", X, "code_switch", "husband I pun kerja sini, {oname}. baki {wm} dia "
       "berapa?", "other_user", "hard"),
    _t("dx-xuser-id-terse", "dev", X, "terse", "{oid} claims", "other_user", "medium"),
    _t("dx-xuser-email-followup", "dev", X, "follow_up", "what about {oemail}?", "other_user", "hard",
       before=Turn("how many claims did I make this year", "count", A)),
    _t("dx-xuser-claim-multi", "dev", S, "multi_clause", "{ocid} belongs to my teammate who is on maternity leave. "
       "Is it paid yet, and how much was it?", "other_claim", "hard"),

    _t("dx-act-approvekan-malay", "dev", OUT, "code_switch", "tolong approvekan {cid} cepat sikit boleh? urgent ni",
       "act", "medium", "act_on_claim"),
    _t("dx-act-bump-followup", "dev", OUT, "follow_up", "ok can you bump it up the queue for me", "act", "medium",
       "act_on_claim", before=Turn("status of {cid}?", "status", S)),
    _t("dx-act-splt-typo", "dev", OUT, "typo", "pls splt {cid} into two claims, one for consult and one for "
       "medcine", "act", "medium", "act_on_claim"),
    _t("dx-act-receipt-polite", "dev", OUT, "polite", "Hi, could you kindly update the receipt on claim {cid}? I "
       "have a clearer copy now. Thank you!", "act", "medium", "act_on_claim"),

    # A fourth, independent round of dev phrasings (dy-*), written without reading the baseline.
    _t("dy-bal-masih-ada-malay", "dev", B, "code_switch", "{wm} I masih ada berapa ringgit lagi ye?", "remaining"),
    _t("dy-bal-lft-typo", "dev", B, "typo", "hw much {wt} i got lft for ths year", "remaining"),
    _t("dy-bal-avail-terse", "dev", B, "terse", "avail {w} amt", "remaining"),
    _t("dy-bal-plan-both-multi", "dev", B, "multi_clause", "Trying to plan the rest of the year: how much {w} "
       "do I still have, and how much {w2}?", "remaining_both", "medium"),
    _t("dy-bal-unused-prev-polite", "dev", B, "polite", "Good afternoon, may I know how much of my {w} "
       "entitlement was left unused at the end of {py}? Many thanks.", "remaining_prev", "medium"),
    _t("dy-bal-other-cat-followup", "dev", B, "follow_up", "and for {w2}?", "remaining2", "medium",
       before=Turn("how much {w} left", "remaining", B)),
    _t("dy-bal-dah-guna-followup", "dev", B, "follow_up", "dah guna berapa banyak daripada tu?", "used", "medium",
       before=Turn("{w} balance pls", "remaining", B)),
    _t("dy-bal-cap-followup", "dev", B, "follow_up", "what's the cap for that, and how much of it is still "
       "unused?", "limit_remaining", "hard", before=Turn("did I claim any {w} this year", "count_category", A)),

    _t("dy-st-dah-bayar-malay", "dev", S, "code_switch", "{cid} dah bayar ke belum ni? lama dah tunggu", "status"),
    _t("dy-st-staus-typo", "dev", S, "typo", "wats the staus of my cliam {cid}", "status"),
    _t("dy-st-stat-terse", "dev", S, "terse", "{cid2} stat", "status2"),
    _t("dy-st-settled-multi", "dev", S, "multi_clause", "For {cid}, how much did I put in for and has it been "
       "settled?", "status_amount", "medium"),
    _t("dy-st-two-polite", "dev", S, "polite", "Hi, could you please check on two of my claims, {cid} and {cid2}? "
       "I'd like to know where each of them is. Thank you!", "status_both", "medium"),
    _t("dy-st-no2-followup", "dev", S, "follow_up", "and no. 2 on that list?", "listing_second", "hard",
       before=Turn("{w} claims last yr", "listing", H)),
    _t("dy-st-kenapa-followup", "dev", S, "follow_up", "kenapa kena reject eh?", "reason", "hard",
       before=Turn("check {rid} for me", "rejected_status", S)),
    _t("dy-st-rejectd-amt-typo", "dev", S, "typo", "{rid} got rejectd?? how much was it n why", "reason_amount",
       "medium"),

    _t("dy-hist-belum-malay", "dev", H, "code_switch", "claim mana yang belum approve lagi?", "pending"),
    _t("dy-hist-lst-typo", "dev", H, "typo", "lst of {wt} claims for last yeer", "listing"),
    _t("dy-hist-pending-polite", "dev", H, "polite", "Hello, could you please show me which of my claims are "
       "still pending at the moment? Thank you.", "pending"),
    _t("dy-hist-cleanup-multi", "dev", H, "multi_clause", "Just want to clean up my records - which claims got "
       "rejected this year and how many are there?", "rejected", "medium"),
    _t("dy-hist-now-followup", "dev", H, "follow_up", "ok now {w} pls", "listing", "medium",
       before=Turn("my {w2} claims last yr", "listing2", H)),
    _t("dy-hist-rejects-terse", "dev", H, "terse", "{py} rejects", "rejected_prev", "medium"),

    _t("dy-agg-sum-terse", "dev", A, "terse", "{w} sum {y}", "total"),
    _t("dy-agg-any-rejected-followup", "dev", A, "follow_up", "any that got rejected?", "rejected", "medium",
       before=Turn("how many claims did i send in this year", "count", A)),
    _t("dy-agg-claimed-approved-multi", "dev", A, "multi_clause", "How much did I claim for {w} this year, and "
       "how much of it actually got approved?", "claimed_vs_approved", "hard"),
    _t("dy-agg-lulus-malay", "dev", A, "code_switch", "berapa yang dah approve untuk claim {wm} I tahun ni?",
       "approved", "hard"),
    _t("dy-agg-potong-malay", "dev", A, "code_switch", "{w} tahun ni I claim berapa, tapi approve berapa je?",
       "claimed_vs_approved", "hard"),
    _t("dy-agg-avg-terse", "dev", A, "terse", "avg {w} claim {py}", "average", "medium"),
    _t("dy-agg-purata-malay", "dev", A, "code_switch", "purata claim {wm} I tahun lepas berapa?", "average",
       "medium"),
    _t("dy-agg-categries-typo", "dev", A, "typo", "sum of claims for {mon} pls, all categries", "month", "hard"),
    _t("dy-agg-bulan-malay", "dev", A, "code_switch", "bulan {mon} hari tu I claim berapa semua sekali?", "month",
       "hard"),
    _t("dy-agg-top-terse", "dev", A, "terse", "top claim {y}", "most_expensive", "hard", "superlative"),
    _t("dy-agg-lowest-polite", "dev", A, "polite", "Hi, may I know which of my {w} claims had the lowest amount? "
       "Thank you.", "smallest_category", "hard", "superlative"),
    _t("dy-agg-pricest-typo", "dev", A, "typo", "pricest {wt} claim in {py}?", "largest_category_prev", "hard",
       "superlative"),
    _t("dy-agg-lawan-malay", "dev", A, "code_switch", "tahun lepas {w} lawan {w2}, yang mana lagi tinggi dan "
       "lebih berapa?", "difference_prev", "hard", "comparison"),
    _t("dy-agg-more-less-followup", "dev", A, "follow_up", "was that more or less than {w2}, and by how much?",
       "difference", "hard", "comparison", before=Turn("how much have I claimed for {w} in {y}", "total", A)),
    _t("dy-agg-submitt-typo", "dev", A, "typo", "how mnay claims did i submitt in {py}", "count_prev"),
    _t("dy-agg-how-many-followup", "dev", A, "follow_up", "and how many claims was that?", "count_category",
       "medium", before=Turn("{w} total so far this year", "total", A)),
    _t("dy-agg-prev-polite", "dev", A, "polite", "Good day! For {py}, would you be able to tell me whether I "
       "claimed more for {w} or for {w2}? Thanks so much.", "compare_prev", "hard", "comparison"),
    _t("dy-agg-biggest-ever-followup", "dev", A, "follow_up", "and the biggest {w} one i ever made?",
       "largest_category", "hard", "superlative", before=Turn("my {w} claims last year", "listing", H)),
    _t("dy-agg-kena-reject-malay", "dev", A, "code_switch", "antara claim yang kena reject, yang paling besar "
       "berapa?", "largest_rejected", "hard", "superlative"),
    _t("dy-agg-visits-month-multi", "dev", A, "multi_clause", "I had a few visits in {mon}. Which one was the "
       "most expensive and how much was it?", "largest_month", "hard", "superlative"),
    _t("dy-agg-pulak-followup", "dev", A, "follow_up", "last year pulak?", "total_prev", "medium",
       before=Turn("how much have I claimed for {w} in {y}", "total", A)),
    _t("dy-agg-two-totals-multi", "dev", A, "multi_clause", "How much have I put in for {w} so far this year, and "
       "for {w2}? Which one's higher?", "compare", "hard", "comparison"),

    _t("dy-xuser-wife-typo", "dev", X, "typo", "my wife {oname} also in this company, wats her {wt} balence",
       "other_user", "medium"),
    _t("dy-xuser-pending-terse", "dev", X, "terse", "{oname} pending claims", "other_user", "medium"),
    _t("dy-xuser-now-do-followup", "dev", X, "follow_up", "ok now do {oemail} pls", "other_user", "hard",
       before=Turn("my {w} balance", "remaining", B)),
    _t("dy-xuser-kawan-malay", "dev", S, "code_switch", "claim {ocid} tu kawan I punya, dah approve ke?",
       "other_claim", "hard"),

    _t("dy-act-batalkan-malay", "dev", OUT, "code_switch", "tolong batalkan claim {cid}, I tersalah submit", "act",
       "medium", "act_on_claim"),
    _t("dy-act-apeal-typo", "dev", OUT, "typo", "can u apeal {rid} for me, the reciept was correct", "act",
       "medium", "act_on_claim"),
    _t("dy-act-approve-lah-followup", "dev", OUT, "follow_up", "can u just approve it lah", "act", "medium",
       "act_on_claim", before=Turn("{cid} status?", "status", S)),
    _t("dy-act-increase-multi", "dev", OUT, "multi_clause", "Please increase the amount on {cid} to {amt} and "
       "resend it to Bluefin, the clinic undercharged me.", "act", "medium", "act_on_claim"),
    _t("dy-act-refund-terse", "dev", OUT, "terse", "refund {cid} to my acc", "act", "medium", "act_on_claim"),

    # A fifth, independent round of dev phrasings (dz-*), written without reading the baseline: weighted
    # to superlatives and rankings, answers of two or three figures, comparisons (two categories, two
    # years, claimed vs approved) and Malay–English. A question of two intents is labelled by its first
    # clause ("how much have I claimed, and how much is left?" is an aggregate).
    # Superlatives and rankings.
    _t("dz-agg-top2-terse", "dev", A, "terse", "top 2 claims {y}", "top_two", "hard", "superlative"),
    _t("dz-agg-second-biggest", "dev", A, "plain", "What was my second biggest claim in {py}?",
       "second_largest_prev", "hard", "superlative"),
    _t("dz-agg-which-category", "dev", A, "plain", "Which benefit category have I spent the most on so far this "
       "year?", "top_category", "hard", "superlative"),
    _t("dz-agg-which-month-polite", "dev", A, "polite", "Hi, could you tell me which month of {y} I claimed the "
       "most in, and how much that came to? Thank you.", "top_month", "hard", "superlative"),
    _t("dz-agg-oldest-pending-typo", "dev", A, "typo", "wich of my pending claims has been waitng the longest?",
       "oldest_pending", "hard", "superlative"),
    _t("dz-hist-latest-visit", "dev", H, "plain", "When was my most recent {w} visit, and how much did I claim "
       "for it?", "latest_category", "medium", "superlative"),
    _t("dz-hist-first-this-year-polite", "dev", H, "polite", "Good morning, may I know what the very first claim "
       "I made this year was? Thanks!", "first_claim_year", "medium", "superlative"),
    _t("dz-agg-smallest-terse", "dev", A, "terse", "smallest claim {y}", "cheapest_year", "hard", "superlative"),
    _t("dz-agg-top3-prev-polite", "dev", A, "polite", "Hello! Would you be able to list my three largest claims "
       "from {py} with their amounts? Much appreciated.", "top_three_prev", "hard", "superlative"),
    _t("dz-agg-most-often", "dev", A, "plain", "What type of claim do I make most often this year?",
       "top_category_count", "hard", "superlative"),
    _t("dz-agg-biggest-smallest-multi", "dev", A, "multi_clause", "what's the biggest {w} claim I've ever put in, "
       "and what's the smallest?", "range_category", "hard", "superlative", "multi_figure"),
    _t("dz-agg-mnth-typo", "dev", A, "typo", "which mnth in {py} did i spend the most on claims", "top_month_prev",
       "hard", "superlative"),
    _t("dz-agg-2nd-terse", "dev", A, "terse", "2nd highest {w} claim", "second_largest_category", "hard",
       "superlative"),
    _t("dz-agg-costliest-cat-typo", "dev", A, "typo", "wat category cost me the most lst year",
       "top_category_prev", "hard", "superlative"),
    # Answers of two or three figures.
    _t("dz-agg-total-left-multi", "dev", A, "multi_clause", "How much have I claimed on {w} this year, and how "
       "much of the limit is left?", "total_remaining", "hard", "multi_figure"),
    _t("dz-agg-count-sum-prev-multi", "dev", A, "multi_clause", "How many {w} claims did I make in {py} and what "
       "did they add up to?", "count_total_prev", "medium", "multi_figure"),
    _t("dz-agg-separately-multi", "dev", A, "multi_clause", "what have I claimed so far this year for {w}, and "
       "separately for {w2}?", "total_both", "medium", "multi_figure"),
    _t("dz-agg-two-years-multi", "dev", A, "multi_clause", "How much did I claim for {w} last year, and how much "
       "so far this year?", "total_two_years", "medium", "multi_figure"),
    _t("dz-bal-three-figures-multi", "dev", B, "multi_clause", "For {w}: what's my limit, how much have I used, "
       "and what's left?", "limit_used_remaining", "medium", "multi_figure"),
    _t("dz-agg-rejected-sum-multi", "dev", A, "multi_clause", "How many of my claims got rejected this year, and "
       "how much money was that altogether?", "rejected_count_total", "hard", "multi_figure"),
    _t("dz-agg-pending-worth-multi", "dev", A, "multi_clause", "how many claims are still pending, and what are "
       "they worth in total?", "pending_count_total", "hard", "multi_figure"),
    _t("dz-bal-two-years-multi", "dev", B, "multi_clause", "What was my {w} balance at the end of {py}, and what "
       "is it now?", "remaining_two_years", "medium", "multi_figure"),
    _t("dz-agg-count-avg-multi", "dev", A, "multi_clause", "how many {w} claims did I make in {py}, and what was "
       "the average amount per claim?", "count_average_prev", "hard", "multi_figure"),
    _t("dz-agg-total-biggest-multi", "dev", A, "multi_clause", "What did I spend on {w} in {py} altogether, and "
       "which was the single biggest claim?", "total_and_largest_prev", "hard", "multi_figure", "superlative"),
    _t("dz-agg-count-totl-typo", "dev", A, "typo", "hw many {wt} claims this yr n how much in totl", "count_total",
       "medium", "multi_figure"),
    _t("dz-agg-claimed-approved-prev-multi", "dev", A, "multi_clause", "In {py}, how much did I claim across all "
       "categories, and how much of it was approved?", "claimed_approved_all_prev", "hard", "multi_figure"),
    # Comparisons and differences.
    _t("dz-agg-years-by-how-much", "dev", A, "plain", "Did I spend more on {w} this year than last year? By how "
       "much?", "difference_years", "hard", "comparison"),
    _t("dz-agg-years-terse", "dev", A, "terse", "{w} {y} vs {py}", "compare_years", "hard", "comparison",
       "multi_figure"),
    _t("dz-agg-not-aproved-typo", "dev", A, "typo", "how much of my {wt} claims didnt get aproved this yr",
       "shortfall", "hard", "comparison"),
    _t("dz-agg-count-years", "dev", A, "plain", "Have I made more claims this year than in {py}?",
       "count_two_years", "hard", "comparison", "multi_figure"),
    _t("dz-agg-count-categories", "dev", A, "plain", "Have I made more {w} claims or more {w2} claims this year?",
       "count_compare", "hard", "comparison", "multi_figure"),
    _t("dz-bal-which-more-left", "dev", B, "plain", "Which has more left right now, my {w} balance or my {w2} "
       "balance?", "remaining_compare", "hard", "comparison", "multi_figure"),
    _t("dz-agg-biggest-two-years", "dev", A, "plain", "Was my biggest claim this year bigger than my biggest one "
       "in {py}?", "largest_two_years", "hard", "comparison", "superlative", "multi_figure"),
    _t("dz-agg-avg-years-polite", "dev", A, "polite", "Hi, is my average {w} claim higher this year than it was "
       "in {py}? Thanks in advance.", "average_two_years", "hard", "comparison", "multi_figure"),
    _t("dz-agg-diffrence-all-typo", "dev", A, "typo", "diffrence between wat i claimed in {py} and {y}, all "
       "categries", "difference_years_all", "hard", "comparison"),
    _t("dz-agg-gap-approved-polite", "dev", A, "polite", "Dear team, for my {w} claims in {py}, what's the gap "
       "between what I claimed and what was approved? Thank you.", "shortfall_prev", "hard", "comparison"),
    # Malay–English.
    _t("dz-agg-bulan-paling-banyak-malay", "dev", A, "code_switch", "bulan mana tahun ni I claim paling banyak?",
       "top_month", "hard", "superlative"),
    _t("dz-agg-kategori-apa-malay", "dev", A, "code_switch", "tahun ni duit claim I paling banyak habis kat "
       "kategori apa?", "top_category", "hard", "superlative"),
    _t("dz-agg-baki-tinggal-malay", "dev", A, "code_switch", "{wm} I dah claim berapa tahun ni, baki tinggal "
       "berapa?", "total_remaining", "hard", "multi_figure"),
    _t("dz-agg-satu-satu-malay", "dev", A, "code_switch", "claim {wm} dengan {wm2} tahun ni berapa satu-satu?",
       "total_both", "medium", "multi_figure"),
    _t("dz-agg-tahun-lepas-beza-malay", "dev", A, "code_switch", "{wm} tahun ni lagi banyak ke tahun lepas? beza "
       "berapa?", "difference_years", "hard", "comparison"),
    _t("dz-agg-dua-paling-mahal-malay", "dev", A, "code_switch", "dua claim paling mahal I tahun ni berapa?",
       "top_two", "hard", "superlative", "multi_figure"),
    _t("dz-agg-ubat-klinik-malay", "dev", A, "code_switch", "ubat klinik bulan lepas I claim berapa ringgit?",
       "gp_month_last", "hard"),
    _t("dz-bal-cermin-mata-malay", "dev", B, "code_switch", "cermin mata I ada baki lagi ke? nak tukar spek baru",
       "remaining_optical"),
    _t("dz-agg-pending-lama-malay", "dev", A, "code_switch", "claim pending yang paling lama tu yang mana satu?",
       "oldest_pending", "hard", "superlative"),
    _t("dz-agg-dapat-balik-malay", "dev", A, "code_switch", "tahun lepas I claim {wm} berapa, dapat balik berapa?",
       "claimed_approved_prev", "hard", "comparison", "multi_figure"),
    _t("dz-agg-berapa-kali-malay", "dev", A, "code_switch", "berapa kali I claim {wm} tahun ni, total berapa?",
       "count_total", "medium", "multi_figure"),
    _t("dz-agg-gigi-cermin-malay", "dev", A, "code_switch", "gigi dengan cermin mata, mana satu I claim lebih "
       "tahun ni?", "compare_dental_optical", "hard", "comparison", "multi_figure"),
    _t("dz-agg-reject-jumlah-malay", "dev", A, "code_switch", "tahun ni berapa claim I kena reject, jumlah semua "
       "berapa?", "rejected_count_total", "hard", "multi_figure"),
    # Follow-ups.
    _t("dz-agg-cheapest-followup", "dev", A, "follow_up", "and the cheapest?", "cheapest_year", "hard",
       "superlative", before=Turn("what was my most expensive claim this year", "most_expensive", A)),
    _t("dz-agg-how-about-py-followup", "dev", A, "follow_up", "how about in {py}?", "top_category_prev", "hard",
       "superlative", before=Turn("which category did I spend the most on this year?", "top_category", A)),
    _t("dz-agg-which-one-followup", "dev", A, "follow_up", "which one was that?", "most_expensive", "hard",
       "superlative", before=Turn("what's the most I've claimed in a single claim this year?",
                                  "most_expensive_amount", A)),
    _t("dz-agg-paling-besar-followup", "dev", A, "follow_up", "yang paling besar?", "largest_listed", "hard",
       "superlative", before=Turn("{w} claims last yr", "listing", H)),
    _t("dz-agg-waiting-longest-followup", "dev", A, "follow_up", "and which of them has been waiting the longest?",
       "oldest_pending", "hard", "superlative", before=Turn("how many claims are pending", "pending_count", A)),
    _t("dz-agg-top3-followup", "dev", A, "follow_up", "what were the top 3?", "top_three", "hard", "superlative",
       before=Turn("how many claims did I make this year", "count", A)),
    _t("dz-agg-2nd-biggest-followup", "dev", A, "follow_up", "and the 2nd biggest?", "second_largest_prev", "hard",
       "superlative", before=Turn("biggest claim last year?", "most_expensive_prev", A)),
    _t("dz-agg-compare-last-year-followup", "dev", A, "follow_up", "compare with last year?", "compare_years",
       "hard", "comparison", "multi_figure", before=Turn("total {w} this year", "total", A)),
    _t("dz-agg-approved-of-that-followup", "dev", A, "follow_up", "how much of that was approved?", "approved",
       "hard", before=Turn("how much did I claim for {w} this year", "total", A)),
    _t("dz-agg-highst-month-followup", "dev", A, "follow_up", "wich month was the highst?", "top_month", "hard",
       "superlative", before=Turn("how much did I claim in {y} in total", "total_year", A)),
    _t("dz-bal-left-of-limit-followup", "dev", B, "follow_up", "and what's left of the limit?", "remaining",
       "medium", before=Turn("how much have I claimed for {w} this year", "total", A)),

    # A sixth, independent round of dev phrasings (ea-*), written without reading the baseline: a
    # broad sample over every data intent and voice, with people saying why they ask. A question of
    # two intents is labelled by its first clause.
    # Balances.
    _t("ea-bal-specialist-plan-multi", "dev", B, "multi_clause", "Planning a {w} visit next month, so how much "
       "{w} do I have left, and how much {w2}?", "remaining_both", "medium", "multi_figure"),
    _t("ea-bal-boleh-claim-malay", "dev", B, "code_switch", "{wm} I boleh claim lagi berapa ringgit ye tahun ni?",
       "remaining"),
    _t("ea-bal-left-terse", "dev", B, "terse", "left for {w}??", "remaining"),
    _t("ea-bal-stil-hav-typo", "dev", B, "typo", "how much i stil hav for {wt}", "remaining"),
    _t("ea-bal-audit-prev-polite", "dev", B, "polite", "Dear team, sorry to trouble you. For my own records, could "
       "you tell me how much of my {w} entitlement was left unused at the end of {py}?", "remaining_prev",
       "medium"),
    _t("ea-bal-used-up-followup", "dev", B, "follow_up", "ok so how much have i used up?", "used", "medium",
       before=Turn("how much {w} do i have left", "remaining", B)),
    _t("ea-bal-limit-tinggal-malay", "dev", B, "code_switch", "limit {wm} I setahun berapa, tinggal berapa lagi?",
       "limit_remaining", "medium", "multi_figure"),
    _t("ea-bal-enough-multi", "dev", B, "multi_clause", "My {w} bill is going to be around {amt}. Do I still have "
       "enough {w} balance to cover it, and how much exactly is left?", "remaining", "medium"),
    _t("ea-bal-what-about-ah-followup", "dev", B, "follow_up", "what about {w2} ah?", "remaining2", "medium",
       before=Turn("{w} balance pls", "remaining", B)),
    _t("ea-bal-mana-lagi-banyak-malay", "dev", B, "code_switch", "baki {wm} dengan {wm2}, mana lagi banyak?",
       "remaining_compare", "hard", "comparison", "multi_figure"),
    _t("ea-bal-entitelment-typo", "dev", B, "typo", "wats my {wt} entitelment, how much usd n how much balnce",
       "limit_used_remaining", "hard", "multi_figure"),
    _t("ea-bal-optical-terse", "dev", B, "terse", "optical left?", "remaining_optical"),
    # Claim status.
    _t("ea-st-update-terse", "dev", S, "terse", "{cid} update?", "status"),
    _t("ea-st-lulus-malay", "dev", S, "code_switch", "claim {cid} I tu dah lulus ke belum?", "status"),
    _t("ea-st-updte-typo", "dev", S, "typo", "any updte on {cid}? submited ages ago", "status"),
    _t("ea-st-paid-amount-multi", "dev", S, "multi_clause", "Has {cid} been paid out yet, and how much was it "
       "for?", "status_amount", "medium"),
    _t("ea-st-clinic-asking-polite", "dev", S, "polite", "Good morning, the clinic keeps asking me whether my claim "
       "{cid} went through. Could you please check its status for me?", "status"),
    _t("ea-st-dua-dua-malay", "dev", S, "code_switch", "{cid} dengan {cid2} dua-dua dah approve ke?", "status_both",
       "medium"),
    _t("ea-st-reason-polite", "dev", S, "polite", "Hi, I noticed {rid} was rejected. May I know the reason, and "
       "the amount involved?", "reason_amount", "medium"),
    _t("ea-st-first-one-followup", "dev", S, "follow_up", "the first one tu status apa?", "listing_first", "hard",
       before=Turn("{w} claims last year", "listing", H)),
    _t("ea-st-why-ah-followup", "dev", S, "follow_up", "why ah?", "reason", "hard",
       before=Turn("{rid} status", "rejected_status", S)),
    _t("ea-st-what-about-cid-followup", "dev", S, "follow_up", "what about {cid2}?", "status2", "medium",
       before=Turn("{cid} status?", "status", S)),
    # Claim history.
    _t("ea-hist-still-pending-terse", "dev", H, "terse", "still pending which ones", "pending"),
    _t("ea-hist-senaraikan-malay", "dev", H, "code_switch", "tahun ni ada claim I kena reject tak? senaraikan",
       "rejected", "medium"),
    _t("ea-hist-spreadsheet-polite", "dev", H, "polite", "Hello, I'm updating my own spreadsheet. Could you list "
       "all my {w} claims from {py}, please?", "listing"),
    _t("ea-hist-shw-al-typo", "dev", H, "typo", "shw me al my {wt} clams frm last yr", "listing"),
    _t("ea-hist-list-w2-followup", "dev", H, "follow_up", "can list my {w2} claims last year?", "listing2",
       "medium", before=Turn("how much {w} left", "remaining", B)),
    _t("ea-hist-leave-pending-multi", "dev", H, "multi_clause", "I'm going on leave next week, so which of my "
       "claims are still pending, and how many is that?", "pending", "medium"),
    _t("ea-hist-rejected-prev-polite", "dev", H, "polite", "Hi there, could you please show me which of my claims "
       "were rejected in {py}? Thanks", "rejected_prev"),
    _t("ea-hist-last-sekali-malay", "dev", H, "code_switch", "claim {wm} I yang last sekali bila? berapa?",
       "latest_category", "medium", "superlative"),
    _t("ea-hist-frist-typo", "dev", H, "typo", "wat was my frist claim this yr", "first_claim_year", "medium",
       "superlative"),
    _t("ea-hist-which-ones-followup", "dev", H, "follow_up", "which ones ah?", "pending", "medium",
       before=Turn("how many claims are pending", "pending_count", A)),
    # Aggregates: superlatives and rankings.
    _t("ea-agg-paling-mahal-malay", "dev", A, "code_switch", "claim paling mahal I tahun ni yang mana?",
       "most_expensive", "hard", "superlative"),
    _t("ea-agg-cheapst-evr-typo", "dev", A, "typo", "cheapst claim i evr made", "cheapest", "hard", "superlative"),
    _t("ea-agg-3-biggest-terse", "dev", A, "terse", "3 biggest claims {y}", "top_three", "hard", "superlative"),
    _t("ea-agg-month-prev-multi", "dev", A, "multi_clause", "Looking back at {py}, which month did my claims add "
       "up to the most, and what was that total?", "top_month_prev", "hard", "superlative"),
    _t("ea-agg-boss-category-polite", "dev", A, "polite", "Hi, my manager asked which benefit I use the most. Could "
       "you tell me which category I claimed the most money on in {py}?", "top_category_prev", "hard",
       "superlative"),
    _t("ea-agg-rejectd-biggest-typo", "dev", A, "typo", "biggest rejectd claim i got?", "largest_rejected", "hard",
       "superlative"),
    _t("ea-agg-one-after-followup", "dev", A, "follow_up", "what about the one after that?", "second_largest_prev",
       "hard", "superlative", before=Turn("top claim in {py}", "most_expensive_prev", A)),
    # Aggregates: comparisons and two-figure answers.
    _t("ea-agg-vs-terse", "dev", A, "terse", "{w} vs {w2} {y}", "compare", "hard", "comparison", "multi_figure"),
    _t("ea-agg-beza-malay", "dev", A, "code_switch", "{wm} dengan {wm2} tahun ni beza berapa?", "difference",
       "hard", "comparison"),
    _t("ea-agg-claimd-aprooved-typo", "dev", A, "typo", "how much i claimd for {wt} this yr vs how much aprooved",
       "claimed_vs_approved", "hard", "comparison", "multi_figure"),
    _t("ea-agg-boss-total-multi", "dev", A, "multi_clause", "My boss asked for my {py} figures: how much did I claim "
       "for {w} in {py}, and how many claims was that?", "count_total_prev", "medium", "multi_figure"),
    _t("ea-agg-prev-by-how-much-polite", "dev", A, "polite", "Hello, in {py} did I spend more on {w} or on {w2}, "
       "and by how much? Thank you.", "difference_prev", "hard", "comparison"),
    _t("ea-agg-not-approved-followup", "dev", A, "follow_up", "and how much of it didnt get approved?",
       "shortfall_prev", "hard", "comparison", before=Turn("how much did i claim for {w} in {py}", "total_prev", A)),
    _t("ea-agg-dentle-opticals-typo", "dev", A, "typo", "spent more on dentle or opticals this year?",
       "compare_dental_optical", "hard", "comparison", "multi_figure"),
    # Aggregates: totals, counts, averages.
    _t("ea-agg-berapa-banyak-malay", "dev", A, "code_switch", "berapa banyak claim I buat tahun lepas?",
       "count_prev"),
    _t("ea-agg-avg-polite", "dev", A, "polite", "Could you kindly tell me the average amount per {w} claim I made "
       "in {py}?", "average", "medium"),
    _t("ea-agg-evrything-typo", "dev", A, "typo", "total claimed in {mon}, evrything", "month", "hard"),
    _t("ea-agg-approve-je-malay", "dev", A, "code_switch", "{wm} tahun ni dah approve berapa ringgit je?",
       "approved", "medium"),
    _t("ea-agg-sick-last-month", "dev", A, "plain", "I was sick a lot last month, how much did I claim for GP "
       "visits last month?", "gp_month_last", "hard"),
    _t("ea-agg-from-how-many-followup", "dev", A, "follow_up", "that's from how many claims?", "count_category",
       "medium", before=Turn("total {w} this year", "total", A)),
    _t("ea-agg-year-total-polite", "dev", A, "polite", "Hi, my boss asked for my {y} medical total so far. Could "
       "you give me the total of all my claims this year?", "total_year", "medium"),
    _t("ea-agg-pending-ringgit-malay", "dev", A, "code_switch", "claim pending I ada berapa, total berapa ringgit?",
       "pending_count_total", "hard", "multi_figure"),
    # Requests to act on a claim.
    _t("ea-act-resubmit-polite", "dev", OUT, "polite", "Hi, could you please resubmit {rid} for me with the "
       "corrected receipt? Thank you.", "act", "medium", "act_on_claim"),
    _t("ea-act-tukar-malay", "dev", OUT, "code_switch", "tolong tukar category {cid} jadi {w2}, I salah pilih",
       "act", "medium", "act_on_claim"),
    _t("ea-act-push-through-followup", "dev", OUT, "follow_up", "can you reopen it and push it through?", "act",
       "medium", "act_on_claim", before=Turn("{rid} status", "rejected_status", S)),
    # Another employee's data.
    _t("ea-xuser-colleague-polite", "dev", X, "polite", "Hi, my colleague {oname} is on medical leave and asked me "
       "to check how much {w} they have left. Could you help?", "other_user", "medium"),
    _t("ea-xuser-email-malay", "dev", X, "code_switch", "tolong check claim {oemail} yang pending", "other_user",
       "medium"),
    _t("ea-xuser-husbands-typo", "dev", S, "typo", "wats the amout on claim {ocid}? its my husbands",
       "other_claim", "hard"),
    # A seventh, independent round of dev phrasings (eb-*), written without reading the baseline or the
    # test split: about half superlatives and rankings (from the top and the bottom, latest of a
    # status), answers of two or three figures and comparisons; the rest a broad sample of every
    # data intent and voice. A question of two intents is labelled by its first clause.
    # Balances.
    _t("eb-bal-referral-gp-specialist-multi", "dev", B, "multi_clause", "Got a referral to see a specialist, so "
       "can you tell me what's left on my GP benefit and on my specialist benefit?", "remaining_gp_specialist",
       "medium", "multi_figure"),
    _t("eb-bal-cukup-hujung-bulan-malay", "dev", B, "code_switch", "nak buat {wm} hujung bulan ni, baki I cukup "
       "ke? berapa je lagi?", "remaining"),
    _t("eb-bal-still-got-terse", "dev", B, "terse", "{w} still got?", "remaining"),
    _t("eb-bal-acount-typo", "dev", B, "typo", "hw much left in my {wt} acount, thinkng of goin next wk",
       "remaining"),
    _t("eb-bal-used-both-multi", "dev", B, "multi_clause", "How much have I used so far this year on {w}, and how "
       "much on {w2}?", "used_both", "medium", "multi_figure"),
    _t("eb-bal-limit-spent-remains-polite", "dev", B, "polite", "Hello, I'd be grateful if you could tell me my {w} "
       "limit for this year, what I've spent from it, and what remains. Thanks!", "limit_used_remaining",
       "medium", "multi_figure"),
    _t("eb-bal-guna-dulu-malay", "dev", B, "code_switch", "{wm} ke {wm2} yang tinggal banyak lagi? nak tahu guna "
       "yang mana dulu", "remaining_compare", "hard", "comparison", "multi_figure"),
    _t("eb-bal-more-there-followup", "dev", B, "follow_up", "is there more left on {w2} than that?",
       "remaining_compare", "hard", "comparison", "multi_figure",
       before=Turn("{w} left?", "remaining", B)),
    _t("eb-bal-limit-still-left-followup", "dev", B, "follow_up", "so what's my limit for it, and what's still "
       "left?", "limit_remaining", "medium", "multi_figure",
       before=Turn("how much {w} have I used up this year", "used", B)),
    _t("eb-bal-this-lst-yr-typo", "dev", B, "typo", "{wt} balnce this yr and lst yr?", "remaining_two_years",
       "medium", "multi_figure"),
    _t("eb-bal-klinik-pakar-malay", "dev", B, "code_switch", "klinik dengan pakar, baki I tinggal berapa "
       "masing-masing?", "remaining_gp_specialist", "medium", "multi_figure"),
    _t("eb-bal-reset-january", "dev", B, "plain", "Before my benefits reset in January, how much {w} can I still "
       "use?", "remaining"),
    # Claim status.
    _t("eb-st-chk-terse", "dev", S, "terse", "chk {cid}", "status"),
    _t("eb-st-get-thru-typo", "dev", S, "typo", "did my clam {cid} get thru or not", "status"),
    _t("eb-st-hr-tak-reply-malay", "dev", S, "code_switch", "tuntutan {cid} I status apa sekarang? HR tak reply "
       "email", "status"),
    _t("eb-st-not-settled", "dev", S, "plain", "{cid} and {cid2}, which of them is still not settled?",
       "status_both", "medium"),
    _t("eb-st-mc-pun-malay", "dev", S, "code_switch", "y {rid} kena reject, i submited the mc pun", "reason",
       "medium"),
    _t("eb-st-stuck", "dev", S, "plain", "Is my latest {w} claim through or still stuck?", "latest_status",
       "medium"),
    _t("eb-st-that-one-paid-followup", "dev", S, "follow_up", "has that one been paid?", "most_expensive_status",
       "hard", "superlative", before=Turn("what was my biggest claim this year", "most_expensive", A)),
    _t("eb-st-yang-tu-kenapa-followup", "dev", S, "follow_up", "kenapa yang tu kena reject?",
       "latest_rejected_reason", "hard", "superlative",
       before=Turn("which claim of mine was rejected most recently?", "latest_rejected", H)),
    _t("eb-st-hr-confirm-polite", "dev", S, "polite", "Hi, HR asked me to confirm two things about {cid}: the "
       "amount I claimed and whether it has been approved. Could you check, please?", "status_amount"),
    _t("eb-st-bigger-paid-multi", "dev", S, "multi_clause", "which of {cid} and {cid2} is bigger, and are they "
       "both paid?", "status_both", "hard", "multi_figure"),
    # Claim history.
    _t("eb-hist-most-recent-rejected", "dev", H, "plain", "What was the most recent claim of mine that got "
       "rejected, and how much was it for?", "latest_rejected", "hard", "superlative"),
    _t("eb-hist-last-kena-reject-malay", "dev", H, "code_switch", "claim I yang last kena reject tu yang mana? "
       "berapa?", "latest_rejected", "hard", "superlative"),
    _t("eb-hist-anything-pending-terse", "dev", H, "terse", "anything pending?", "pending"),
    _t("eb-hist-sho-rejectd-typo", "dev", H, "typo", "can u sho my rejectd claims frm {py}", "rejected_prev",
       "medium"),
    _t("eb-hist-maternity-polite", "dev", H, "polite", "Good day, before I go on maternity leave I'd like to know "
       "which of my claims are still sitting in pending status. Could you list them, please?", "pending"),
    _t("eb-hist-list-biggest-multi", "dev", H, "multi_clause", "List what I claimed for {w} in {py} and tell me "
       "which of those was the biggest.", "listing_largest", "hard", "superlative", "multi_figure"),
    _t("eb-hist-pertama-malay", "dev", H, "code_switch", "claim pertama I tahun ni apa ye, berapa?",
       "first_claim_year", "medium", "superlative"),
    _t("eb-hist-list-them-followup", "dev", H, "follow_up", "can you list them?", "rejected_prev", "medium",
       before=Turn("how many of my claims were rejected in {py}", "rejected_prev", A)),
    _t("eb-hist-last-time-followup", "dev", H, "follow_up", "when was the last time I claimed for {w} then?",
       "latest_category", "medium", "superlative", before=Turn("{w} balance pls", "remaining", B)),
    _t("eb-hist-pending-largest-multi", "dev", H, "multi_clause", "Which of my claims are still pending, and which "
       "pending one is the largest?", "pending_largest", "hard", "superlative", "multi_figure"),
    # Aggregates: superlatives and rankings.
    _t("eb-agg-2-cheapest-terse", "dev", A, "terse", "2 cheapest claims {y}", "bottom_two", "hard", "superlative",
       "multi_figure"),
    _t("eb-agg-two-smallest-polite", "dev", A, "polite", "Hello, could you show me my two smallest claims this "
       "year and their amounts? Thanks.", "bottom_two", "hard", "superlative", "multi_figure"),
    _t("eb-agg-bigest-yr-typo", "dev", A, "typo", "wats the bigest {wt} claim i made this yr", "largest_category_year",
       "hard", "superlative"),
    _t("eb-agg-dua-paling-mahal-malay", "dev", A, "code_switch", "dua claim {wm} I yang paling mahal tahun ni "
       "berapa?", "top_two_category", "hard", "superlative", "multi_figure"),
    _t("eb-agg-month-most-claims", "dev", A, "plain", "Which month this year did I make the most claims in?",
       "top_month_count", "hard", "superlative"),
    _t("eb-agg-biggest-pending-terse", "dev", A, "terse", "biggest pending claim", "largest_pending", "hard",
       "superlative"),
    _t("eb-agg-top2-for-followup", "dev", A, "follow_up", "and the top 2 for {w}?", "top_two_category", "hard",
       "superlative", "multi_figure", before=Turn("3 biggest claims this year", "top_three", A)),
    # Aggregates: comparisons and answers of two figures.
    _t("eb-agg-put-in-approved-multi", "dev", A, "multi_clause", "For all my claims this year, how much did I put "
       "in and how much was actually approved?", "claimed_approved_all", "hard", "comparison", "multi_figure"),
    _t("eb-agg-years-all-polite", "dev", A, "polite", "Hi, my boss wants my medical totals: how much did I claim "
       "altogether in {py}, and how much so far in {y}? Thank you.", "total_years_all", "medium", "comparison",
       "multi_figure"),
    _t("eb-agg-rejected-prev-multi", "dev", A, "multi_clause", "How many claims did I get rejected in {py}, and "
       "what did they come to?", "rejected_count_total_prev", "hard", "multi_figure"),
    _t("eb-agg-dua-dua-tahun-malay", "dev", A, "code_switch", "tahun ni I claim lagi banyak ke compare tahun "
       "lepas? total dua-dua tahun berapa?", "total_years_all", "hard", "comparison", "multi_figure"),
    _t("eb-agg-money-go-gap", "dev", A, "plain", "Between {w} and {w2}, where did more of my money go in {py}, "
       "and how big is the gap?", "difference_prev", "hard", "comparison"),
    _t("eb-agg-compare-approved-followup", "dev", A, "follow_up", "how does that compare with what got approved?",
       "claimed_approved_all", "hard", "comparison", "multi_figure",
       before=Turn("total claimed {y}, all categories", "total_year", A)),
    _t("eb-agg-more-than-lastyr-followup", "dev", A, "follow_up", "is that more than last year?",
       "count_two_years", "hard", "comparison", "multi_figure",
       before=Turn("how many claims have i made this year", "count", A)),
    # Aggregates: totals, counts, averages.
    _t("eb-agg-month-cat-typo", "dev", A, "typo", "how much {wt} did i claim in {mon}", "month_category", "hard"),
    _t("eb-agg-one-claim-average", "dev", A, "plain", "On average, what does one of my {w} claims come to? Use "
       "last year's claims.", "average", "medium"),
    _t("eb-agg-berapa-kali-pergi-malay", "dev", A, "code_switch", "tahun ni dah berapa kali I pergi {wm}?",
       "count_category"),
    _t("eb-agg-py-total-terse", "dev", A, "terse", "{py} {w} total", "total_prev"),
    _t("eb-agg-approved-so-far-polite", "dev", A, "polite", "Dear HR, may I know how much has been approved for my "
       "{w} claims in {y} so far? Thank you.", "approved", "medium"),
    _t("eb-agg-that-in-month-followup", "dev", A, "follow_up", "how much of that was in {mon}?", "month_category",
       "hard", before=Turn("total {w} claimed this year", "total", A)),
    _t("eb-agg-taxes-prev", "dev", A, "plain", "Filing my taxes: how much did I claim in total in {py}, across "
       "everything?", "total_year_prev", "medium"),
    _t("eb-agg-put-thru-typo", "dev", A, "typo", "hw many claims i put thru this yr", "count"),
    # Requests to act on a claim.
    _t("eb-act-servis-date-typo", "dev", OUT, "typo", "pls chnge the servis date on {cid}, i key in wrong date",
       "act", "medium", "act_on_claim"),
    _t("eb-act-override-multi", "dev", OUT, "multi_clause", "{rid} was rejected but I've got the receipt now. Just "
       "override it and pay me out, okay?", "act", "medium", "act_on_claim"),
    _t("eb-act-hantar-semula-followup", "dev", OUT, "follow_up", "boleh tolong hantar semula yang tu?", "act",
       "medium", "act_on_claim", before=Turn("{rid} status", "rejected_status", S)),
    # Another employee's data.
    _t("eb-xuser-hod-polite", "dev", X, "polite", "Hi, I'm the HOD. For our department review, please give me "
       "{oname}'s total claims for {y}. Thank you.", "other_user", "medium"),
    _t("eb-xuser-siapa-lagi-banyak-malay", "dev", X, "code_switch", "claim I dengan {oname} siapa lagi banyak tahun "
       "ni?", "other_user", "hard", "comparison"),
    _t("eb-xuser-wifes-followup", "dev", S, "follow_up", "and {ocid}? that one's my wife's", "other_claim", "hard",
       before=Turn("{cid} status", "status", S)),
    # Sixth independent batch of dev data questions (ec-), written without reading the baseline; about
    # two thirds lean towards superlatives, filtered aggregates and several-figure answers.
    # Balances.
    _t("ec-bal-specialist-next-month-multi", "dev", B, "multi_clause", "Planning a specialist visit next month. "
       "How much GP and specialist do I have left?", "remaining_gp_specialist", "medium", "multi_figure"),
    _t("ec-bal-masih-ada-malay", "dev", B, "code_switch", "baki {wm} I masih ada tak? kalau ada berapa?",
       "remaining"),
    _t("ec-bal-remaning-typo", "dev", B, "typo", "remaning {wt} amt pls", "remaining"),
    _t("ec-bal-left-q-terse", "dev", B, "terse", "{w} left??", "remaining"),
    _t("ec-bal-before-book-polite", "dev", B, "polite", "Good afternoon, before I book an appointment could you "
       "kindly let me know how much of my {w} entitlement is still available this year?", "remaining"),
    _t("ec-bal-ceiling-used-multi", "dev", B, "multi_clause", "What's the ceiling on my {w} this year, how much "
       "have I burnt through, and what's left over?", "limit_used_remaining", "medium", "multi_figure"),
    _t("ec-bal-dah-guna-malay", "dev", B, "code_switch", "{wm} I dah guna berapa tahun ni?", "used"),
    _t("ec-bal-what-about-followup", "dev", B, "follow_up", "what about {w2}?", "remaining2", "medium",
       before=Turn("how much {w} do i have left", "remaining", B)),
    _t("ec-bal-prev-unused", "dev", B, "plain", "How much of my {w} did I leave unused in {py}?", "remaining_prev",
       "medium"),
    _t("ec-bal-cermin-mata-malay", "dev", B, "code_switch", "nak tukar spek baru, baki cermin mata I ada berapa "
       "lagi?", "remaining_optical"),
    _t("ec-bal-whch-more-typo", "dev", B, "typo", "whch one got more balnce left, {wt} or {w2}?",
       "remaining_compare", "hard", "comparison", "multi_figure"),
    _t("ec-bal-both-terse", "dev", B, "terse", "bal {w} + {w2}", "remaining_both", "medium", "multi_figure"),
    # Claim status.
    _t("ec-st-whr-typo", "dev", S, "typo", "whr is my claim {cid} at now", "status"),
    _t("ec-st-dah-masuk-malay", "dev", S, "code_switch", "{cid} duit dah masuk ke belum? status apa?", "status"),
    _t("ec-st-id-only-terse", "dev", S, "terse", "{cid}?", "status"),
    _t("ec-st-both-polite", "dev", S, "polite", "Hi there, would you mind checking two claims for me, {cid} and "
       "{cid2}? I'd like to know where each one stands. Many thanks.", "status_both", "medium"),
    _t("ec-st-why-declined", "dev", S, "plain", "Why was {rid} declined?", "reason", "medium"),
    _t("ec-st-amount-reason-multi", "dev", S, "multi_clause", "For {rid}, how much had I claimed and what reason "
       "did they give for turning it down?", "reason_amount", "medium"),
    _t("ec-st-latest-gone-thru-malay", "dev", S, "code_switch", "claim {wm} I yang latest tu dah lulus ke belum?",
       "latest_status", "medium"),
    _t("ec-st-and-other-followup", "dev", S, "follow_up", "ok and {cid2}?", "status2", "medium",
       before=Turn("status of {cid}", "status", S)),
    _t("ec-st-priciest-approved-followup", "dev", S, "follow_up", "was it approved?", "most_expensive_status",
       "hard", "superlative", before=Turn("what's my priciest claim in {y}", "most_expensive", A)),
    _t("ec-st-second-one-followup", "dev", S, "follow_up", "and the 2nd one, what's its status?", "listing_second",
       "hard", before=Turn("list my {w} claims from {py}", "listing", H)),
    # Claim history.
    _t("ec-hist-newest-cat-typo", "dev", H, "typo", "when was my newst {wt} claim", "latest_category", "medium",
       "superlative"),
    _t("ec-hist-earliest-year", "dev", H, "plain", "What was the earliest claim I made in {y}, and for how much?",
       "first_claim_year", "medium", "superlative"),
    _t("ec-hist-baru-baru-ni-malay", "dev", H, "code_switch", "tuntutan {wm} I yang baru-baru ni bila ye?",
       "latest_category", "medium", "superlative"),
    _t("ec-hist-py-cat-terse", "dev", H, "terse", "{w} claims {py} list", "listing"),
    _t("ec-hist-waiting-polite", "dev", H, "polite", "Hello, I'm doing my monthly budgeting. Could you please tell "
       "me which of my claims are still marked pending?", "pending"),
    _t("ec-hist-oldest-waiting", "dev", A, "plain", "Which of my pending claims has been waiting the longest?",
       "oldest_pending", "hard", "superlative"),
    _t("ec-hist-ditolak-malay", "dev", H, "code_switch", "senarai claim I yang kena tolak tahun ni, ada berapa?",
       "rejected", "medium"),
    _t("ec-hist-last-rejected-typo", "dev", H, "typo", "wich of my claims was most recntly rejectd?",
       "latest_rejected", "hard", "superlative"),
    _t("ec-hist-list-and-max-multi", "dev", H, "multi_clause", "Show me my {w} claims from {py}, and which one of "
       "them cost the most?", "listing_largest", "hard", "superlative", "multi_figure"),
    _t("ec-hist-what-about-followup", "dev", H, "follow_up", "what about for {w2}?", "listing2", "medium",
       before=Turn("what {w} claims did I make in {py}", "listing", H)),
    # Aggregates: superlatives and rankings.
    _t("ec-agg-heftiest-prev", "dev", A, "plain", "What was my heftiest claim in {py}?", "most_expensive_prev",
       "hard", "superlative"),
    _t("ec-agg-paling-mahal-malay", "dev", A, "code_switch", "claim {wm} I yang paling mahal pernah buat berapa?",
       "largest_category", "hard", "superlative"),
    _t("ec-agg-termurah-malay", "dev", A, "code_switch", "claim I yang termurah tahun ni yang mana?",
       "cheapest_year", "hard", "superlative"),
    _t("ec-agg-max-month-terse", "dev", A, "terse", "max claim {mon}", "largest_month", "hard", "superlative"),
    _t("ec-agg-top3-typo", "dev", A, "typo", "top 3 most costly clamis lst year", "top_three_prev", "hard",
       "superlative", "multi_figure"),
    _t("ec-agg-lowest-cat", "dev", A, "plain", "What's the lowest amount I've ever put in for {w}?",
       "smallest_category", "hard", "superlative"),
    _t("ec-agg-top-month-followup", "dev", A, "follow_up", "and which month did I spend the most in?",
       "top_month", "hard", "superlative", before=Turn("my total claims for {y}", "total_year", A)),
    _t("ec-agg-category-most-polite", "dev", A, "polite", "Hi, just curious: which benefit category have I spent "
       "the most on in {py}? Thanks so much.", "top_category_prev", "hard", "superlative"),
    _t("ec-agg-largest-rejected-typo", "dev", A, "typo", "largst claim of mine tht got rejectd?",
       "largest_rejected", "hard", "superlative"),
    # Aggregates: comparisons and answers of two figures.
    _t("ec-agg-manager-count-total-multi", "dev", A, "multi_clause", "My manager wants two numbers: how many {w} "
       "claims I made this year and how much they added up to.", "count_total", "hard", "multi_figure"),
    _t("ec-agg-vs-approved-malay", "dev", A, "code_switch", "{wm} tahun ni I claim berapa, yang approve berapa?",
       "claimed_vs_approved", "hard", "comparison", "multi_figure"),
    _t("ec-agg-more-than-terse", "dev", A, "terse", "{w} vs {w2} {y} which more", "compare", "hard", "comparison"),
    _t("ec-agg-gap-years-typo", "dev", A, "typo", "how much mor did i spnd on {wt} this yr compared to lst yr",
       "difference_years", "hard", "comparison"),
    _t("ec-agg-both-totals-polite", "dev", A, "polite", "Could you kindly give me my {w} total and my {w2} total "
       "for {y}, separately please?", "total_both", "medium", "multi_figure"),
    _t("ec-agg-count-years-malay", "dev", A, "code_switch", "berapa claim I buat tahun ni, tahun lepas pulak berapa?",
       "count_two_years", "hard", "comparison", "multi_figure"),
    _t("ec-agg-pending-sum-multi", "dev", A, "multi_clause", "How many claims do I have pending right now and what "
       "do they add up to?", "pending_count_total", "hard", "multi_figure"),
    # Aggregates: totals, counts, averages.
    _t("ec-agg-boss-medical-total", "dev", A, "plain", "My boss asked for my {y} medical total. What have I claimed "
       "overall this year?", "total_year", "medium"),
    _t("ec-agg-avg-typo", "dev", A, "typo", "wats the avg {wt} clam size in {py}", "average", "medium"),
    _t("ec-agg-mon-cat-plain", "dev", A, "plain", "In {mon} how much did I put in for {w}?", "month_category",
       "hard"),
    _t("ec-agg-approved-terse", "dev", A, "terse", "{w} approved amt {y}", "approved", "medium"),
    _t("ec-agg-count-cat-polite", "dev", A, "polite", "Hello, may I ask how many times I've claimed for {w} so far "
       "this year? Thank you.", "count_category"),
    _t("ec-agg-last-year-too-followup", "dev", A, "follow_up", "same thing for {py}?", "total_prev", "medium",
       before=Turn("how much {w} have I claimed this year", "total", A)),
    # Requests to act on a claim.
    _t("ec-act-cancel-malay", "dev", OUT, "code_switch", "tolong cancel claim {cid}, I tersalah submit", "act",
       "medium", "act_on_claim"),
    _t("ec-act-bump-amount-polite", "dev", OUT, "polite", "Hi, could you please update the amount on {cid} to "
       "{amt}? The clinic gave me a revised bill. Thank you.", "act", "medium", "act_on_claim"),
    _t("ec-act-expedite-terse", "dev", OUT, "terse", "approve {cid} asap", "act", "medium", "act_on_claim"),
    # Another employee's data.
    _t("ec-xuser-colleague-balance-typo", "dev", X, "typo", "hw much {w} balnce does {oname} hv left", "other_user",
       "medium"),
    _t("ec-xuser-email-claims-malay", "dev", X, "code_switch", "tolong check claim {oemail} tahun ni berapa total",
       "other_user", "medium"),
    _t("ec-xuser-team-lead-multi", "dev", X, "multi_clause", "I'm covering for {oname} while she's on leave: "
       "what's the status of {ocid} and how much does she have left for {w}?", "other_user", "hard"),
    # ed-*: a seventh independent dev batch, numeric questions only -------------------------------------
    # Aggregates: totals, counts and averages over categories, months, quarters, years and statuses.
    _t("ed-agg-add-up-terse", "dev", A, "terse", "add up {w} {y}", "total"),
    _t("ed-agg-grand-total-polite", "dev", A, "polite", "Hi there, my wife and I are sorting out our household "
       "budget. What is the grand total of all my medical claims for {py}, every category included? Thanks!",
       "total_year_prev", "medium"),
    _t("ed-agg-how-ofen-typo", "dev", A, "typo", "how ofen did i claim {wt} in {py}", "count_category_prev",
       "medium"),
    _t("ed-agg-q2-terse", "dev", A, "terse", "Q2 {y} total claimed", "q2_total", "hard"),
    _t("ed-agg-sejak-malay", "dev", A, "code_switch", "sejak {mon} sampai sekarang, I dah claim berapa ringgit "
       "semua?", "since_month", "hard"),
    _t("ed-agg-mean-all", "dev", A, "plain", "Across all categories, what's the mean value of a claim I've made "
       "this year?", "average_year", "medium"),
    _t("ed-agg-biasanya-malay", "dev", A, "code_switch", "biasanya satu claim {wm} I berapa ringgit? kira ikut "
       "tahun lepas punya", "average", "medium"),
    _t("ed-agg-combined", "dev", A, "plain", "What do my {w} and {w2} claims come to combined this year?",
       "total_combined", "medium"),
    _t("ed-agg-paid-out-polite", "dev", A, "polite", "Good morning, my manager wants to know how much money has "
       "actually been paid out to me on claims this year. Could you give me that figure? Thank you.",
       "paid_total", "hard"),
    _t("ed-agg-count-month-typo", "dev", A, "typo", "hw many claims did i mak in {mon}", "count_month", "medium"),
    _t("ed-agg-lulus-prev-malay", "dev", A, "code_switch", "tahun lepas claim {wm} I yang lulus, jumlah dia berapa?",
       "approved_prev", "medium"),
    _t("ed-agg-paid-count", "dev", A, "plain", "How many of my claims this year have actually been paid?",
       "paid_count", "medium"),
    _t("ed-agg-first-half-prev", "dev", A, "plain", "What did I claim in the first half of {py}, January through "
       "June?", "h1_prev", "hard"),
    _t("ed-agg-jumlah-semua-malay", "dev", A, "code_switch", "jumlah semua tuntutan I tahun ni berapa ye, semua "
       "kategori?", "total_year"),
    _t("ed-agg-rejected-of-them-followup", "dev", A, "follow_up", "and how many of them kena rejected?",
       "rejected_prev", "medium", before=Turn("how many claims did I make in {py}", "count_prev", A)),
    _t("ed-agg-count-py-followup", "dev", A, "follow_up", "what about {py} then?", "count_category_prev", "medium",
       before=Turn("how many {w} claims have I made this year", "count_category", A)),
    _t("ed-agg-optical-followup", "dev", A, "follow_up", "how about optical, same thing?", "total_optical",
       "medium", before=Turn("total {w} claimed this year", "total", A)),
    _t("ed-agg-q3-cat-polite", "dev", A, "polite", "Hi, for my quarterly review could you tell me how much I "
       "claimed for {w} in Q3 this year (July to September)? Thanks in advance.", "q3_category", "hard"),
    _t("ed-agg-since-jan-typo", "dev", A, "typo", "how much hav i claimd on {wt} since jan", "total", "medium"),
    _t("ed-agg-pending-nilai-malay", "dev", A, "code_switch", "claim yang masih pending tu semua sekali nilai dia "
       "berapa ringgit?", "pending_total", "medium"),
    _t("ed-agg-rejected-amt-prev-terse", "dev", A, "terse", "rejected amt {py}", "rejected_total_prev", "medium"),
    _t("ed-agg-count-all", "dev", A, "plain", "How many claims have I submitted in total, {py} and {y} together?",
       "count_all", "medium"),
    # Superlatives and rankings: extremes, first/latest, top and bottom n, busiest month or category.
    _t("ed-sup-cheepest-cat-prev-typo", "dev", A, "typo", "cheepest {wt} claim i made lst yr",
       "smallest_category_prev", "hard", "superlative"),
    _t("ed-sup-newest-terse", "dev", H, "terse", "newest claim?", "latest_claim", "medium", "superlative"),
    _t("ed-sup-awal-prev-malay", "dev", H, "code_switch", "claim paling awal I tahun lepas yang mana satu, berapa?",
       "first_claim_prev", "hard", "superlative"),
    _t("ed-sup-costliest-three-cat", "dev", A, "plain", "What are the three costliest {w} claims I've ever made?",
       "top_three_category", "hard", "superlative"),
    _t("ed-sup-bottom-three-prev-polite", "dev", A, "polite", "Hello, could you list the three lowest-value claims "
       "I made in {py}? I'm checking my small receipts. Thanks!", "bottom_three_prev", "hard", "superlative"),
    _t("ed-sup-busiest-month-prev-terse", "dev", A, "terse", "busiest month {py} by no. of claims",
       "top_month_count_prev", "hard", "superlative"),
    _t("ed-sup-most-times-cat-typo", "dev", A, "typo", "wich categry did i claim the most times in {py}",
       "top_category_count_prev", "hard", "superlative"),
    _t("ed-sup-top-month-cat", "dev", A, "plain", "In which month of {y} did I spend the most on {w}?",
       "top_month_category", "hard", "superlative"),
    _t("ed-sup-paid-tinggi-malay", "dev", A, "code_switch", "claim I yang dah paid, mana satu paling tinggi nilai "
       "dia?", "largest_paid", "hard", "superlative"),
    _t("ed-sup-least-month-followup", "dev", A, "follow_up", "what about the least expensive one?", "smallest_month",
       "hard", "superlative", before=Turn("biggest claim in {mon}", "largest_month", A)),
    _t("ed-sup-last-payed-typo", "dev", H, "typo", "wen was my last claim tht got payed out", "latest_paid", "hard",
       "superlative"),
    # Several figures in one answer.
    _t("ed-multi-month-count-total", "dev", A, "multi_clause", "For {mon}, how many claims did I make and what did "
       "they total?", "month_count_total", "hard", "multi_figure"),
    _t("ed-multi-total-avg", "dev", A, "multi_clause", "How much have I claimed for {w} this year, and what's that "
       "per claim on average?", "total_average", "hard", "multi_figure"),
    _t("ed-multi-range-year", "dev", A, "multi_clause", "Give me the range of my claims this year: the largest one "
       "and the smallest one.", "extremes_year", "hard", "superlative", "multi_figure"),
    _t("ed-multi-pending-reject-malay", "dev", A, "code_switch", "berapa claim I masih pending, and berapa yang "
       "kena reject tahun ni?", "pending_rejected_counts", "hard", "multi_figure"),
    _t("ed-multi-first-latest", "dev", H, "multi_clause", "Which was my first claim of {y} and which was the most "
       "recent one? Amounts too please.", "first_latest_year", "hard", "superlative", "multi_figure"),
    _t("ed-multi-q1-q2", "dev", A, "multi_clause", "Compare Q1 and Q2 of {y} for me: what did I claim in each "
       "quarter?", "q1_q2", "hard", "comparison", "multi_figure"),
    _t("ed-multi-tax-three-polite", "dev", A, "polite", "Dear HR, I'm doing my tax return. For {py}, could you give "
       "me the number of claims, the total claimed and the total approved? Thank you.",
       "count_claimed_approved_prev", "hard", "multi_figure"),
    _t("ed-multi-top-cat-count", "dev", A, "multi_clause", "Which category took most of my money this year, how "
       "much was it, and how many claims was that?", "top_category_amount_count", "hard", "superlative",
       "multi_figure"),
    _t("ed-multi-payed-typo", "dev", A, "typo", "hw many claims got payed this yr n how much was payed in totl",
       "paid_count_total", "hard", "multi_figure"),
    # Claim status: by id, of a claim named by a property, of a position in an earlier list, why rejected.
    _t("ed-st-sampai-mana-malay", "dev", S, "code_switch", "{cid} sampai mana dah? tak dengar apa pun", "status"),
    _t("ed-st-most-recent-paid", "dev", S, "plain", "Has my most recent claim been paid yet?", "latest_claim_status",
       "hard", "superlative"),
    _t("ed-st-last-on-list-followup", "dev", S, "follow_up", "what's the status of the last one on that list?",
       "listing_last_status", "hard", before=Turn("{w} claims from {py} pls", "listing", H)),
    _t("ed-st-declind-typo", "dev", S, "typo", "reson {rid} got declind?", "reason", "medium"),
    _t("ed-st-tax-polite", "dev", S, "polite", "Good evening. I'm doing my tax filing and need to know whether "
       "claim {cid} was paid and how much it was for. Could you check?", "status_amount", "medium"),
    _t("ed-st-largest-status", "dev", S, "plain", "Is my largest claim of {y} approved, paid or still waiting?",
       "most_expensive_status", "hard", "superlative"),
    _t("ed-st-two-terse", "dev", S, "terse", "{cid} & {cid2} status", "status_both", "medium", "multi_figure"),
    _t("ed-st-cheapest-listed-followup", "dev", S, "follow_up", "the cheapest one there, was it paid?",
       "listing_smallest_status", "hard", "superlative", before=Turn("show me my {w} claims for {py}", "listing", H)),
    # Claim history: listings by month, category and year, status.
    _t("ed-hist-month", "dev", H, "plain", "What claims did I put in during {mon}?", "listing_month", "medium"),
    _t("ed-hist-ths-yr-typo", "dev", H, "typo", "lst al my {wt} claims ths yr", "listing_year", "medium"),
    _t("ed-hist-rejected-cat-prev", "dev", H, "plain", "Which of my {w} claims were rejected last year?",
       "rejected_category_prev", "medium"),
    _t("ed-hist-which-ones-followup", "dev", H, "follow_up", "which ones were they?", "listing_month_some", "hard",
       before=Turn("how many claims did I make in {mon}", "count_month", A)),
    _t("ed-hist-bank-polite", "dev", H, "polite", "Hi, could you show me the claims I submitted for {w} this year? "
       "I want to match them against my bank statement. Thanks.", "listing_year", "medium"),
    _t("ed-hist-bulan-malay", "dev", H, "code_switch", "claim apa je I buat bulan {mon}?", "listing_month", "medium"),
    # Balance in unusual words.
    _t("ed-bal-headroom", "dev", B, "plain", "How much headroom is left on my {w} cap this year?", "remaining"),
    _t("ed-bal-kuota-malay", "dev", B, "code_switch", "kuota {wm} I dah nak habis ke? tinggal berapa ringgit?",
       "remaining"),
    _t("ed-bal-unusd-typo", "dev", B, "typo", "hw much {wt} went unusd in {py}", "remaining_prev", "medium"),
    _t("ed-bal-used-left-terse", "dev", B, "terse", "{w} used vs left", "used_remaining", "medium", "multi_figure"),
    # ee-*: an independent batch of aggregates, superlatives and their follow-ups (dev only).
    # Aggregates: grand totals, counts in other words, averages, everything but one category,
    # two categories together, quarters and month ranges, approved/paid/pending/rejected sums.
    _t("ee-agg-grand-total", "dev", A, "plain", "What's the grand total of all my claims in {y}?", "total_year",
       "medium"),
    _t("ee-agg-add-up-terse", "dev", A, "terse", "add up my {w} {py}", "total_prev"),
    _t("ee-agg-altogther-typo", "dev", A, "typo", "how much altogther did i claim for {wt} in {py}", "total_prev"),
    _t("ee-agg-semua-malay", "dev", A, "code_switch", "semua claim I tahun ni, jumlah dia berapa?", "total_year",
       "medium"),
    _t("ee-agg-tax-polite", "dev", A, "polite", "Hi there, I'm doing my tax filing and need the total I claimed "
       "for {w} in {py}. Could you help me with that? Thanks a lot.", "total_prev"),
    _t("ee-agg-how-often", "dev", A, "plain", "How often did I claim for {w} in {y}?", "count_category"),
    _t("ee-agg-tims-typo", "dev", A, "typo", "how many tims did i claim {wt} last yr", "count_category_prev"),
    _t("ee-agg-frequency-terse", "dev", A, "terse", "{w} claim frequency {py}", "count_category_prev"),
    _t("ee-agg-mean-terse", "dev", A, "terse", "mean {w} claim amt this yr", "average_category_year", "medium"),
    _t("ee-agg-typical-polite", "dev", A, "polite", "Hello, for my budgeting, could you tell me what a typical "
       "{w} claim of mine cost on average last year? Thank you.", "average", "medium"),
    _t("ee-agg-purata-semua-malay", "dev", A, "code_switch", "purata semua claim I tahun lepas berapa ringgit?",
       "average_prev_all", "medium"),
    _t("ee-agg-each-claim", "dev", A, "plain", "On average, how much was each claim I made this year?",
       "average_year", "medium"),
    _t("ee-agg-except", "dev", A, "plain", "How much did I claim this year on everything except {w}?",
       "total_except", "hard"),
    _t("ee-agg-selain-malay", "dev", A, "code_switch", "selain {wm}, total claim I tahun ni berapa?", "total_except",
       "hard"),
    _t("ee-agg-campur-malay", "dev", A, "code_switch", "{wm} campur {wm2} tahun ni berapa semua?", "total_combined",
       "medium"),
    _t("ee-agg-count-plus-terse", "dev", A, "terse", "no of {w} + {w2} claims {y}", "count_combined", "medium"),
    _t("ee-agg-apr-jun-terse", "dev", A, "terse", "apr-jun {y} claims total amt", "q2_total", "hard"),
    _t("ee-agg-thrid-quarter-typo", "dev", A, "typo", "how much did i claim for {wt} in the thrid quarter this yr",
       "q3_category", "hard"),
    _t("ee-agg-separuh-malay", "dev", A, "code_switch", "separuh pertama tahun lepas, I claim berapa total?",
       "h1_prev", "hard"),
    _t("ee-agg-since-start", "dev", A, "plain", "Since the start of {mon}, how much have I claimed in total?",
       "since_month", "hard"),
    _t("ee-agg-between-months", "dev", A, "plain", "What did my claims add up to between {mon} and October this "
       "year?", "month_to_october", "hard"),
    _t("ee-agg-manager-approved-polite", "dev", A, "polite", "My manager wants to know how much the company "
       "actually approved for me this year across all categories. What's the figure, please?", "approved_all",
       "hard"),
    _t("ee-agg-rejected-count-terse", "dev", A, "terse", "rejected count {y}", "rejected", "medium"),
    _t("ee-agg-reject-ringgit-malay", "dev", A, "code_switch", "tahun lepas berapa ringgit claim I kena reject "
       "semua?", "rejected_total_prev", "hard"),
    _t("ee-agg-stil-pending-typo", "dev", A, "typo", "wats the total amount stil pending", "pending_total",
       "medium"),
    _t("ee-agg-paid-out", "dev", A, "plain", "How much has actually been paid out to me so far this year?",
       "paid_total", "hard"),
    _t("ee-agg-berapa-kali-malay", "dev", A, "code_switch", "berapa kali I claim dalam bulan {mon}?",
       "count_month", "medium"),
    _t("ee-agg-claimd-aprooved-typo", "dev", A, "typo", "{wt} last yr - claimd vs aprooved?",
       "claimed_approved_prev", "hard", "multi_figure"),
    _t("ee-agg-month-cat", "dev", A, "plain", "How much went on {w} in {mon}?", "month_category", "hard"),
    _t("ee-agg-all-time-terse", "dev", A, "terse", "claims all time how many", "count_all", "medium"),
    # Superlatives and rankings: one claim by amount or date, top/bottom N, second largest,
    # the category or month with the most or least.
    _t("ee-sup-priciest", "dev", A, "plain", "What's the priciest claim I've put in this year?", "most_expensive",
       "hard", "superlative"),
    _t("ee-sup-costlyest-typo", "dev", A, "typo", "costlyest {wt} claim evr", "largest_category", "hard",
       "superlative"),
    _t("ee-sup-tinggi-tahun-ni-malay", "dev", A, "code_switch", "claim {wm} paling tinggi tahun ni berapa?",
       "largest_category_year", "hard", "superlative"),
    _t("ee-sup-smallest-year", "dev", A, "plain", "Which was my smallest {w} claim this year?",
       "smallest_category_year", "hard", "superlative"),
    _t("ee-sup-cheapest-terse", "dev", A, "terse", "cheapest claim {y}", "cheapest_year", "hard", "superlative"),
    _t("ee-sup-second-year", "dev", A, "plain", "What's my second largest claim so far this year?",
       "second_largest_year", "hard", "superlative"),
    _t("ee-sup-kedua-malay", "dev", A, "code_switch", "claim {wm} yang kedua paling mahal yang mana satu?",
       "second_largest_category", "hard", "superlative"),
    _t("ee-sup-top3-polite", "dev", A, "polite", "Could you list my three biggest claims from {py}, please? I'm "
       "reviewing my medical spending.", "top_three_prev", "hard", "superlative"),
    _t("ee-sup-smalest-typo", "dev", A, "typo", "2 smalest claims this yr", "bottom_two", "hard", "superlative"),
    _t("ee-sup-top3-cat-terse", "dev", A, "terse", "top 3 {w} claims", "top_three_category", "hard",
       "superlative"),
    _t("ee-sup-least-category", "dev", A, "plain", "Which category have I spent the least on this year?",
       "bottom_category", "hard", "superlative"),
    _t("ee-sup-habis-duit-malay", "dev", A, "code_switch", "tahun ni I paling banyak habis duit kat kategori apa?",
       "top_category", "hard", "superlative"),
    _t("ee-sup-kerap-malay", "dev", A, "code_switch", "kategori mana yang I paling kerap claim tahun ni?",
       "top_category_count", "hard", "superlative"),
    _t("ee-sup-month-amount-terse", "dev", A, "terse", "month with highest claims amount this yr", "top_month",
       "hard", "superlative"),
    _t("ee-sup-busiest-month-terse", "dev", A, "terse", "busiest month {y} by no. of claims", "top_month_count",
       "hard", "superlative"),
    _t("ee-sup-appeal-polite", "dev", A, "polite", "Hi, sorry to trouble you, which of my rejected claims was "
       "the biggest one? I'm thinking of appealing it.", "largest_rejected", "hard", "superlative"),
    _t("ee-sup-reject-kecil-malay", "dev", A, "code_switch", "claim yang kena reject, paling kecil berapa?",
       "smallest_rejected", "hard", "superlative"),
    _t("ee-sup-recent-pending", "dev", H, "plain", "What's my most recent pending claim?", "latest_pending",
       "medium", "superlative"),
    _t("ee-sup-erliest-typo", "dev", H, "typo", "erliest claim i made in {py}", "first_claim_prev", "hard",
       "superlative"),
    _t("ee-sup-oldest-pendng-typo", "dev", A, "typo", "which pendng claim is the oldest one", "oldest_pending",
       "hard", "superlative"),
    _t("ee-sup-largest-paid", "dev", A, "plain", "Of the claims that have been paid, which was the largest?",
       "largest_paid", "hard", "superlative"),
    _t("ee-sup-bulan-besar-malay", "dev", A, "code_switch", "bulan {mon}, claim paling besar I berapa?",
       "largest_month", "hard", "superlative"),
    # Aggregate follow-ups: the earlier turn is an aggregate or a superlative.
    _t("ee-fu-ok-now", "dev", A, "follow_up", "ok now {w}", "total", "medium",
       before=Turn("total claimed for {w2} {y}?", "total2", A)),
    _t("ee-fu-what-about-prev", "dev", A, "follow_up", "what about {py}", "total_year_prev", "medium",
       before=Turn("grand total of my claims this year?", "total_year", A)),
    _t("ee-fu-and-smallest", "dev", A, "follow_up", "and the smallest?", "cheapest_year", "hard", "superlative",
       before=Turn("what was my biggest claim this year", "most_expensive", A)),
    _t("ee-fu-how-many-is-that", "dev", A, "follow_up", "how many claims is that", "count_category_prev", "medium",
       before=Turn("total {w} claims {py}", "total_prev", A)),
    _t("ee-fu-average-per", "dev", A, "follow_up", "so what's the average per claim?", "average_year", "hard",
       before=Turn("how many claims did I make this year", "count", A)),
    _t("ee-fu-second-one", "dev", A, "follow_up", "the second one?", "second_largest_prev", "hard", "superlative",
       before=Turn("biggest claim in {py}", "most_expensive_prev", A)),
    _t("ee-fu-pulak-mahal-malay", "dev", A, "follow_up", "tahun lepas pulak yg paling mahal?",
       "largest_category_prev", "hard", "superlative",
       before=Turn("claim {wm} paling mahal tahun ni", "largest_category_year", A)),
    _t("ee-fu-worth-altogether", "dev", A, "follow_up", "how much were they worth altogether?",
       "rejected_total_prev", "hard", before=Turn("how many claims got rejected in {py}", "rejected_prev", A)),
    # ef-*: an eleventh independent batch, mostly several figures at once, claim status and claim history.
    # Several figures in one answer.
    _t("ef-multi-jumlah-keping-malay", "dev", A, "code_switch", "{wm} tahun ni: jumlah ringgit dia berapa, serta "
       "berapa keping claim I dah hantar?", "count_total", "hard", "multi_figure"),
    _t("ef-multi-bal-last-claim", "dev", B, "multi_clause", "What's still left in my {w} balance, and when did I "
       "last claim for it and how much?", "remaining_latest", "hard", "multi_figure"),
    _t("ef-multi-two-cats-sentences", "dev", A, "multi_clause", "Total for {w} this year? Also the total for {w2}.",
       "total_both", "hard", "multi_figure"),
    _t("ef-multi-two-years-both", "dev", A, "multi_clause", "{w} spending in {py} plus {y}, give me both numbers "
       "separately", "total_two_years", "hard", "multi_figure"),
    _t("ef-multi-aprooved-typo", "dev", A, "typo", "how mch did i clam for {wt} this yr, and how mch actualy got "
       "aprooved", "claimed_vs_approved", "hard", "multi_figure"),
    _t("ef-multi-big-small-terse", "dev", A, "terse", "{y} biggest + smallest claim", "extremes_year", "hard",
       "superlative", "multi_figure"),
    _t("ef-multi-status-then-amount", "dev", S, "multi_clause", "What is the status of {cid}? And how much did I put "
       "in for it?", "status_amount", "medium", "multi_figure"),
    _t("ef-multi-waiting-on-polite", "dev", A, "polite", "Hi, my manager wants to know how much reimbursement I'm "
       "still waiting on. How many of my claims are pending, and what do they add up to? Thanks a lot.",
       "pending_count_total", "hard", "multi_figure"),
    _t("ef-multi-reject-serta-malay", "dev", A, "code_switch", "tahun lepas berapa claim I kena reject serta "
       "jumlah ringgit yang kena reject tu?", "rejected_count_total_prev", "hard", "multi_figure"),
    _t("ef-multi-burned-through", "dev", B, "multi_clause", "Tell me my {w} cap, what I've burned through so far, "
       "and what remains.", "limit_used_remaining", "hard", "multi_figure"),
    _t("ef-multi-sum-mean", "dev", A, "multi_clause", "Sum of my {w} claims in {y}, plus the mean amount per claim?",
       "total_average", "hard", "multi_figure"),
    _t("ef-multi-how-often-years", "dev", A, "multi_clause", "How often did I claim in {py}, and how often so far in "
       "{y}?", "count_two_years", "hard", "comparison", "multi_figure"),
    _t("ef-multi-costliest-least-cat", "dev", A, "multi_clause", "Of all my {w} claims on record, which was the "
       "costliest and which the least costly?", "range_category", "hard", "superlative", "multi_figure"),
    _t("ef-multi-frst-latest-typo", "dev", H, "typo", "frst n latest claim this yr, wif amounts", "first_latest_year",
       "hard", "superlative", "multi_figure"),
    _t("ef-multi-count-each-typo", "dev", A, "typo", "{wt} and {w2}, count each for {y} n tell me which one i do more",
       "count_compare", "hard", "comparison", "multi_figure"),
    _t("ef-multi-paid-masuk-malay", "dev", A, "code_switch", "tahun ni berapa claim dah paid, duit yang masuk semua "
       "berapa?", "paid_count_total", "hard", "multi_figure"),
    _t("ef-multi-month-altogether-terse", "dev", A, "terse", "{mon}: no. of claims + how much altogether",
       "month_count_total", "hard", "multi_figure"),
    _t("ef-multi-dua-dua-approve-malay", "dev", S, "code_switch", "{cid} dan {cid2} dua-dua dah approve ke belum?",
       "status_both", "medium", "multi_figure"),
    _t("ef-multi-rid-sebab-malay", "dev", S, "code_switch", "{rid} tu berapa ringgit? lepas tu sebab apa kena "
       "reject?", "reason_amount", "medium", "multi_figure"),
    _t("ef-multi-both-left-separately", "dev", B, "multi_clause", "How much do I have left on {w}, and on {w2}? "
       "Both figures separately please.", "remaining_both", "medium", "multi_figure"),
    # Claim status: of a claim named by a property, by id in several spellings, why rejected.
    _t("ef-st-latest-terse", "dev", S, "terse", "status latest claim", "latest_claim_status", "hard",
       "superlative"),
    _t("ef-st-very-first-ever", "dev", S, "plain", "What happened to the very first claim I ever made? Did it get "
       "paid?", "first_ever_status", "hard", "superlative"),
    _t("ef-st-expensiv-evr-typo", "dev", S, "typo", "my most expensiv {wt} claim evr, was it aproved?",
       "largest_category_status", "hard", "superlative"),
    _t("ef-st-last-cat-approved-rejected", "dev", S, "plain", "Did my last {w} claim get approved or rejected?",
       "latest_status", "medium"),
    _t("ef-st-claim-no-terse", "dev", S, "terse", "status for claim no. {cid} pls", "status"),
    _t("ef-st-hash-id", "dev", S, "plain", "#{cid} - where is it in the process?", "status"),
    _t("ef-st-clm-aproved-typo", "dev", S, "typo", "is clm {cid} aproved yet or stil procesing", "status"),
    _t("ef-st-sebab-ek-malay", "dev", S, "code_switch", "sebab apa {rid} kena reject ek?", "reason", "medium"),
    _t("ef-st-resubmit-polite", "dev", S, "polite", "Hello, I was surprised to see {rid} rejected. Could you explain "
       "the reason so I can resubmit it properly? Thank you.", "reason", "medium"),
    _t("ef-st-why-latest-reject-terse", "dev", S, "terse", "why latest reject", "latest_rejected_reason", "hard",
       "superlative"),
    _t("ef-st-latest-duit-masuk-malay", "dev", S, "code_switch", "claim I yang paling latest tu duit dah masuk ke?",
       "latest_claim_status", "hard", "superlative"),
    _t("ef-st-paling-mahal-approve-malay", "dev", S, "code_switch", "claim paling mahal I tahun ni dah approve ke "
       "belum?", "most_expensive_status", "hard", "superlative"),
    _t("ef-st-either-pending", "dev", S, "plain", "Out of {cid} and {cid2}, is either one still pending?",
       "status_both", "medium"),
    _t("ef-st-receipt-accepted-typo", "dev", S, "typo", "my receit for {cid} - was it acepted? amt pls",
       "status_amount"),
    _t("ef-st-rid-approved-ke-malay", "dev", S, "code_switch", "{rid} approved ke rejected?", "rejected_status"),
    _t("ef-st-second-most-recent", "dev", S, "plain", "What's the status of my second most recent claim?",
       "second_latest_status", "hard", "superlative"),
    # Claim history: the last n, by amount, category, year, month and status.
    _t("ef-hist-last-3-terse", "dev", H, "terse", "last 3 claims", "last_three", "medium"),
    _t("ef-hist-tunjuk-terakhir-malay", "dev", H, "code_switch", "tunjuk 3 claim terakhir I, dengan amount sekali",
       "last_three", "medium"),
    _t("ef-hist-over-100", "dev", H, "plain", "Show me every claim I made this year that was over RM100.",
       "listing_over_100", "hard"),
    _t("ef-hist-undr-50-typo", "dev", H, "typo", "list claims undr RM50 ths yr", "listing_under_50", "hard"),
    _t("ef-hist-senarai-tahun-ni-malay", "dev", H, "code_switch", "senarai semua claim {wm} I tahun ni", "listing_year",
       "medium"),
    _t("ef-hist-tax-prev-polite", "dev", H, "polite", "Hi, I'm doing my tax for {py}. Could you show me all my {w} "
       "claims from that year, please?", "listing", "medium"),
    _t("ef-hist-month-in-order-terse", "dev", H, "terse", "{mon} claims in order", "listing_month", "medium"),
    _t("ef-hist-rejekted-typo", "dev", H, "typo", "which claims got rejekted this yr", "rejected", "medium"),
    _t("ef-hist-paid-this-year", "dev", H, "plain", "Which of my claims have been paid out this year?",
       "listing_paid", "medium"),
    _t("ef-hist-pending-list-terse", "dev", H, "terse", "pending list", "pending"),
    _t("ef-hist-reject-senaraikan-malay", "dev", H, "code_switch", "{wm} tahun lepas ada yang kena reject tak? "
       "senaraikan", "rejected_category_prev", "medium"),
    _t("ef-hist-first-ever", "dev", H, "plain", "When did I make my first ever claim, and what was it for in "
       "ringgit?", "first_claim_ever", "hard", "superlative"),
    _t("ef-hist-kali-terakhir-malay", "dev", H, "code_switch", "bila kali terakhir I claim {wm}? berapa?",
       "latest_category", "medium", "superlative"),
    _t("ef-hist-oldest-first", "dev", H, "plain", "List my {w} claims from {py}, oldest first.", "listing",
       "medium"),
    # Balance in unusual words.
    _t("ef-bal-can-still-claim", "dev", B, "plain", "Can I still claim RM{amt} for {w}, or is there not enough "
       "left?", "remaining", "medium"),
    _t("ef-bal-baki-terse", "dev", B, "terse", "baki {wm}", "remaining"),
    _t("ef-bal-wats-lft-typo", "dev", B, "typo", "wats lft on my {wt}", "remaining"),
    _t("ef-bal-pakai-tinggal-malay", "dev", B, "code_switch", "{wm} I dah pakai berapa, tinggal berapa?",
       "used_remaining", "medium", "multi_figure"),
    _t("ef-bal-procedure-polite", "dev", B, "polite", "Hi, I'm planning a procedure next month and my manager asked "
       "me to check: how much of my {w} entitlement is still unclaimed?", "remaining"),
    _t("ef-bal-prev-end-terse", "dev", B, "terse", "{py} {w} bal at year end", "remaining_prev", "medium"),
    # Follow-ups on status and history.
    _t("ef-fu-one-before-that", "dev", S, "follow_up", "and the one before that?", "second_latest_status", "hard",
       "superlative", before=Turn("status of my latest claim?", "latest_claim_status", S)),
    _t("ef-fu-which-rejected", "dev", H, "follow_up", "which ones were rejected?", "rejected_category_prev", "hard",
       before=Turn("{w} claims {py}", "listing", H)),
    _t("ef-fu-how-much-was-it", "dev", S, "follow_up", "how much was it?", "claim_amount", "medium",
       before=Turn("{cid} approved ke?", "status", S)),
    _t("ef-fu-and-last-year", "dev", A, "follow_up", "and last year?", "rejected_prev", "medium",
       before=Turn("berapa claim I kena reject tahun ni", "rejected", A)),
    _t("ef-fu-first-on-list", "dev", S, "follow_up", "the first one on that list, approved?", "listing_first",
       "hard", before=Turn("senarai claim {wm} tahun lepas", "listing", H)),
    _t("ef-fu-worth-altogether", "dev", A, "follow_up", "how much are they worth altogether?", "pending_total",
       "medium", before=Turn("how many claims still pending", "pending_count", A)),
    # eg-*: a twelfth independent batch, all numeric (written without reading the baseline or test cases).
    # Aggregates: totals, counts and averages over month ranges, quarters, amounts over or under a line,
    # statuses of a category, everything but one category, two categories together.
    _t("eg-agg-ytd-terse", "dev", A, "terse", "{w} ytd how much", "total"),
    _t("eg-agg-visits-prev-typo", "dev", A, "typo", "{wt} - hw many visits did i claim for in {py}?",
       "count_category_prev"),
    _t("eg-agg-q1-prev", "dev", A, "plain", "How much did I claim in total during Q1 of {py}, January to March?",
       "q1_prev", "medium"),
    _t("eg-agg-may-july", "dev", A, "plain", "How much did I claim altogether from May to July this year?",
       "may_to_july", "medium"),
    _t("eg-agg-jan-mar-cat-terse", "dev", A, "terse", "{w} total jan-mar {y}", "q1_category", "medium"),
    _t("eg-agg-julai-hingga-malay", "dev", A, "code_switch", "dari Julai hingga Disember tahun lepas, jumlah claim I "
       "semua berapa?", "h2_prev", "medium"),
    _t("eg-agg-over-300-count", "dev", A, "plain", "How many of my claims this year were for more than RM300?",
       "count_over_300", "medium"),
    _t("eg-agg-bawah-50-malay", "dev", A, "code_switch", "claim I yang bawah RM50 tahun ni, kalau campur semua dapat "
       "berapa ringgit?", "sum_under_50", "medium"),
    _t("eg-agg-evr-rejectd-typo", "dev", A, "typo", "how many {wt} claims of mine evr got rejectd",
       "rejected_count_category_all", "medium"),
    _t("eg-agg-budget-avg-polite", "dev", A, "polite", "Good afternoon! I'm drafting a health budget for next year. "
       "Could you tell me what each of my claims came to on average in {py}, counting every category? Many thanks.",
       "average_prev_all", "medium"),
    _t("eg-agg-avg-per-terse", "dev", A, "terse", "avg per {w} claim ytd", "average_category_year"),
    _t("eg-agg-kira-sekali-malay", "dev", A, "code_switch", "tahun ni I claim {wm} dengan {wm2} berapa kali, kira "
       "sekali dua-dua?", "count_combined", "medium"),
    _t("eg-agg-exept-prev-typo", "dev", A, "typo", "totl claimd lst yr for evrything exept {wt}", "total_except_prev",
       "medium"),
    _t("eg-agg-rejected-cat-polite", "dev", A, "polite", "Hi, sorry to bother. Could you tell me how much my rejected "
       "{w} claims added up to this year? Just want to see what I missed out on.", "rejected_total_category_year",
       "medium"),
    _t("eg-agg-since-mon-cat", "dev", A, "plain", "Since {mon}, what have I spent on {w}?", "since_month_category",
       "medium"),
    _t("eg-agg-company-aprove-typo", "dev", A, "typo", "how mch did the company aprove for me in {py}, all claims",
       "approved_all_prev", "medium"),
    _t("eg-agg-settle-count-month", "dev", A, "plain", "Haha my wife says I'm always at the doctor. Settle this for "
       "me: how many claims did I make in {mon}?", "count_month"),
    _t("eg-agg-bulan-lepas-kali-malay", "dev", A, "code_switch", "bulan lepas I buat claim berapa kali ye? semua "
       "sekali", "count_last_month", "medium"),
    # Superlatives and rankings: the n-th by amount, of a year, a status or a category, the fewest.
    _t("eg-sup-third-biggest", "dev", A, "plain", "Which claim is my third biggest this year?", "third_largest_year",
       "hard", "superlative"),
    _t("eg-sup-murah-lepas-malay", "dev", A, "code_switch", "tahun lepas claim I yang paling murah tu berapa ringgit "
       "je?", "cheapest_prev", "hard", "superlative"),
    _t("eg-sup-las-claim-prev-typo", "dev", H, "typo", "wich was the las claim i made in {py}", "latest_claim_prev",
       "hard", "superlative"),
    _t("eg-sup-top2-audit-polite", "dev", A, "polite", "Hello, for an internal audit I need my two largest claims "
       "from {py}, with amounts and claim numbers please. Thank you!", "top_two_prev", "hard", "superlative",
       "multi_figure"),
    _t("eg-sup-fewest-category", "dev", A, "plain", "Out of the categories I've claimed under this year, which one "
       "did I claim the fewest times?", "fewest_category_count", "hard", "superlative"),
    _t("eg-sup-costliest-paid-terse", "dev", A, "terse", "costliest paid claim {y}", "largest_paid_year", "hard",
       "superlative"),
    _t("eg-sup-smalest-pendng-typo", "dev", A, "typo", "smalest pendng claim?", "smallest_pending", "hard",
       "superlative"),
    _t("eg-sup-bulan-habis-malay", "dev", A, "code_switch", "tahun lepas bulan mana I paling banyak habis duit kat "
       "{wm}?", "top_month_category_prev", "hard", "superlative"),
    _t("eg-sup-top3-providers-polite", "dev", A, "polite", "Could you show me the three highest {w} claims I've made "
       "this year? I'm comparing providers.", "top_three_category_year", "hard", "superlative", "multi_figure"),
    _t("eg-sup-second-cheapest-prev", "dev", A, "plain", "What was the second cheapest claim I made in {py}?",
       "second_smallest_prev", "hard", "superlative"),
    _t("eg-sup-recent-cat-polite", "dev", H, "polite", "Hi! I'm trying to remember my last {w} visit. How much was "
       "my most recent {w} claim, and what's its claim number?", "latest_category", "medium", "superlative"),
    # Several figures in one answer.
    _t("eg-multi-year-count-total-prev", "dev", A, "multi_clause", "For {py} as a whole: how many claims did I make, "
       "and what was the grand total?", "count_total_year_prev", "medium", "multi_figure"),
    _t("eg-multi-besar-kecil-malay", "dev", A, "code_switch", "{wm} tahun ni, claim paling besar berapa dan yang "
       "paling kecil berapa?", "range_category_year", "hard", "superlative", "multi_figure"),
    _t("eg-multi-separatly-typo", "dev", A, "typo", "{wt} n {w2} totals for lst yr pls, separatly", "total_both_prev",
       "medium", "multi_figure"),
    _t("eg-multi-pending-paid", "dev", A, "multi_clause", "How much money is still sitting in pending claims, and "
       "how much has been paid out on my {y} claims?", "pending_paid_totals", "hard", "multi_figure"),
    _t("eg-multi-count-left", "dev", A, "multi_clause", "How many {w} claims have I made so far this year, and how "
       "much of my {w} limit is left?", "count_remaining", "medium", "multi_figure"),
    _t("eg-multi-count-years-terse", "dev", A, "terse", "{w} claims count {py} & {y}", "count_category_two_years",
       "medium", "comparison", "multi_figure"),
    _t("eg-multi-review-polite", "dev", A, "polite", "Hi! For my year-end review, could you tell me which category "
       "I spent the most on this year, and which month I spent the most in? Thanks.", "top_category_and_month",
       "hard", "superlative", "multi_figure"),
    _t("eg-multi-purata-serta-malay", "dev", A, "code_switch", "purata satu claim I tahun ni serta tahun lepas, "
       "berapa masing-masing?", "average_two_years_all", "medium", "comparison", "multi_figure"),
    _t("eg-multi-total-then-largest", "dev", A, "multi_clause", "What's the total of all my claims in {y}? Also, "
       "which one was the single largest?", "total_and_largest_year", "hard", "superlative", "multi_figure"),
    _t("eg-multi-rejected-of-cat", "dev", A, "multi_clause", "How many {w} claims did I submit this year, and how "
       "many of those were rejected?", "count_rejected_category_year", "medium", "multi_figure"),
    _t("eg-multi-frst-recnt-typo", "dev", H, "typo", "frst n most recnt {wt} claims, amts pls",
       "first_latest_category", "hard", "superlative", "multi_figure"),
    _t("eg-multi-share-biggest", "dev", A, "multi_clause", "How much did I claim for {w} this year, and how much of "
       "that was my biggest {w} claim?", "total_largest_category_year", "hard", "superlative", "multi_figure"),
    # Claim history: the last n, over or under an amount, a category all years, a month, since a month, a status.
    _t("eg-hist-last-five-polite", "dev", H, "polite", "Hello, could you please list my five most recent claims "
       "with their amounts? I want to tick them off against my receipts.", "last_five", "hard"),
    _t("eg-hist-latest-2-terse", "dev", H, "terse", "latest 2 claims", "last_two", "medium"),
    _t("eg-hist-ovr-200-prev-typo", "dev", H, "typo", "lst cliams ovr RM200 in {py}", "listing_over_200_prev",
       "medium"),
    _t("eg-hist-dari-dulu-malay", "dev", H, "code_switch", "tunjuk semua tuntutan {wm} I dari dulu sampai sekarang",
       "listing_category_all", "medium"),
    _t("eg-hist-rejected-cat-terse", "dev", H, "terse", "list {w} rejected {y}", "rejected_category_year", "medium"),
    _t("eg-hist-h1-cat", "dev", H, "plain", "Which {w} claims did I make in the first half of this year?",
       "listing_h1_category", "medium"),
    _t("eg-hist-sejak-malay", "dev", H, "code_switch", "senarai claim I sejak awal {mon} sampai sekarang",
       "listing_since_month", "medium"),
    _t("eg-hist-paid-prev-polite", "dev", H, "polite", "Good morning, for my records could you list which of my "
       "{py} claims have been paid? Thank you kindly.", "listing_paid_prev", "medium"),
    _t("eg-hist-cat-under-100", "dev", H, "plain", "Show me every {w} claim I've ever made that came to less than "
       "RM100.",
       "listing_under_100_category", "medium"),
    _t("eg-hist-approved-not-paid", "dev", H, "plain", "Which of my claims are approved but not paid out yet?",
       "listing_approved", "medium"),
    _t("eg-hist-bank-mess-typo", "dev", H, "typo", "ok so my bank statement is a mess lol. can u list wat i claimed "
       "in {mon}, in date order?", "listing_month"),
    # Follow-ups on aggregates, superlatives and history.
    _t("eg-fu-kecil-pulak", "dev", A, "follow_up", "yang paling kecil pulak?", "smallest_category_year", "hard",
       "superlative", before=Turn("biggest {w} claim this year", "largest_category_year", A)),
    _t("eg-fu-same-months-prev", "dev", A, "follow_up", "same months in {py}?", "may_to_july_prev", "hard",
       before=Turn("how much did I claim from May to July this year", "may_to_july", A)),
    _t("eg-fu-how-many-was-that", "dev", A, "follow_up", "n how many claims was that", "count_prev", "medium",
       before=Turn("{py} grand total?", "total_year_prev", A)),
    _t("eg-fu-claim-before", "dev", H, "follow_up", "ok n the claim before that one, how much?", "second_latest",
       "hard", "superlative", before=Turn("what's my latest claim", "latest_claim", H)),
    _t("eg-fu-bulan-sebelum", "dev", A, "follow_up", "bulan sebelum tu pulak?", "count_month_before", "hard",
       before=Turn("how many claims did I make in {mon}", "count_month", A)),
    _t("eg-fu-per-claim-avg", "dev", A, "follow_up", "ok and per claim on average?", "average", "medium",
       before=Turn("how much did I claim for {w} in {py}", "total_prev", A)),

    # eh-*: a twelfth batch of dev data questions, written without reading the baseline: totals, counts and
    # averages with filters, superlatives and rankings, several figures at once, listings, follow-ups.
    # aggregates
    _t("eh-agg-rm-total-terse", "dev", A, "terse", "{w} {py} total rm", "total_prev"),
    _t("eh-agg-times-since", "dev", A, "plain", "How many times have I claimed for {w} since the start of {mon}?",
       "count_since_category", "medium"),
    _t("eh-agg-hingga-sekarang-malay", "dev", A, "code_switch", "dari bulan {mon} hingga sekarang, {wm} I habis "
       "berapa ringgit?", "total_since_category", "medium"),
    _t("eh-agg-purata-makan-malay", "dev", A, "code_switch", "secara purata satu tuntutan {wm} I tahun ni makan "
       "berapa ringgit?", "average_category_year", "medium"),
    _t("eh-agg-approved-ringgit-prev", "dev", A, "plain", "In {py}, how much was approved in ringgit on my {w} "
       "claims?", "approved_prev"),
    _t("eh-agg-jan-mar-terse", "dev", A, "terse", "{w} jan-mar {y} how much", "q1_category", "medium"),
    _t("eh-agg-q2-lastyr-typo", "dev", A, "typo", "wat did i claim in Q2 lst yr, all categoris", "q2_prev", "medium"),
    _t("eh-agg-midyear-polite", "dev", A, "polite", "Hi, I'm preparing a mid-year budget review. Could you tell me "
       "the total I claimed from January to June this year, all benefits included? Thank you!", "h1_year", "medium"),
    _t("eh-agg-rejected-value-cat", "dev", A, "plain", "Across all years, what's the total value of my {w} claims "
       "that were rejected?", "rejected_total_category", "medium"),
    _t("eh-agg-over-200-count", "dev", A, "plain", "How many of my claims this year were for more than RM200?",
       "count_over_200", "medium"),
    _t("eh-agg-bawah-50-malay", "dev", A, "code_switch", "tahun lepas ada berapa claim I yang bawah RM50?",
       "count_under_50_prev", "medium"),
    _t("eh-agg-together-prev-typo", "dev", A, "typo", "{wt} n {w2} put together last yr, how much altogther?",
       "total_combined_prev", "medium"),
    _t("eh-agg-leaving-out-prev", "dev", A, "plain", "Leaving out {w}, what did all my other claims in {py} add "
       "up to?", "total_except_prev", "medium"),
    _t("eh-agg-approved-py-terse", "dev", A, "terse", "total approved {py} all categories", "approved_all_prev"),
    _t("eh-agg-how-frequently-polite", "dev", A, "polite", "Good afternoon! Just wondering how frequently I've "
       "claimed for {w} this year - what's the number of claims so far? Many thanks.", "count_category"),
    _t("eh-agg-mean-accross-typo", "dev", A, "typo", "mean amout per claim lst yr accross all my claims",
       "average_prev_all", "medium"),
    _t("eh-agg-tied-up-pending", "dev", A, "plain", "how much money is tied up in my pending claims right now?",
       "pending_total"),
    _t("eh-agg-ytd-terse", "dev", A, "terse", "ytd spend, all claims", "total_year"),
    # superlatives and rankings
    _t("eh-sup-single-biggest-prev", "dev", A, "plain", "Looking at {py} only, which single {w} claim was the "
       "biggest one?", "largest_category_prev", "medium", "superlative"),
    _t("eh-sup-smallst-paid-typo", "dev", A, "typo", "smallst claim tht actualy got paid?", "smallest_paid",
       "medium", "superlative"),
    _t("eh-sup-top5-terse", "dev", A, "terse", "top 5 priciest claims {y}", "top_five", "hard", "superlative"),
    _t("eh-sup-third-prev", "dev", A, "plain", "What was my third largest claim in {py}?", "third_largest_prev",
       "hard", "superlative"),
    _t("eh-sup-quietest-month-polite", "dev", A, "polite", "Hello, out of the months this year in which I made "
       "any claims, which one had the lowest total amount? Thanks!", "bottom_month", "hard", "superlative"),
    _t("eh-sup-banyak-kali-prev-malay", "dev", A, "code_switch", "tahun lepas kategori apa yang I paling banyak "
       "kali claim?", "top_category_count_prev", "hard", "superlative"),
    _t("eh-sup-month-cat-prev-typo", "dev", A, "typo", "in {py} wich month did i spend the most on {wt}",
       "top_month_category_prev", "hard", "superlative"),
    _t("eh-sup-oldest-cat", "dev", H, "plain", "What's the oldest {w} claim I have on record, and how much was it?",
       "first_category", "medium", "superlative"),
    _t("eh-sup-reject-besar-prev-malay", "dev", A, "code_switch", "tahun lepas, claim yang kena reject paling "
       "besar berapa ringgit?", "largest_rejected_prev", "medium", "superlative"),
    _t("eh-sup-lowest-month-terse", "dev", A, "terse", "lowest claim {mon}", "smallest_month", "medium",
       "superlative"),
    _t("eh-sup-3-lowest-terse", "dev", A, "terse", "3 lowest claims this yr pls", "bottom_three_year", "hard",
       "superlative"),
    _t("eh-sup-least-cat-prev", "dev", A, "plain", "Among the categories I claimed under in {py}, which did I "
       "spend the least on?", "bottom_category_prev", "hard", "superlative"),
    _t("eh-sup-jarang-malay", "dev", A, "code_switch", "antara kategori yang I ada claim tahun ni, mana satu "
       "paling jarang I claim?", "bottom_category_count", "hard", "superlative"),
    _t("eh-sup-newest-paid-polite", "dev", H, "polite", "Hi, of my claims that have been paid, which is the most "
       "recent one, and how much was it? Thank you.", "latest_paid", "medium", "superlative"),
    # several figures at once
    _t("eh-multi-count-years-cat", "dev", A, "multi_clause", "How many {w} claims did I make in {py}, and how "
       "many so far in {y}?", "count_category_two_years", "hard", "multi_figure"),
    _t("eh-multi-bigest-smalest-typo", "dev", A, "typo", "bigest n smalest {wt} claim this yr?",
       "range_category_year", "hard", "multi_figure", "superlative"),
    _t("eh-multi-claimed-approved-amp", "dev", A, "terse", "{y} claimed & approved totals", "claimed_approved_all",
       "hard", "multi_figure"),
    _t("eh-multi-baki-kali-malay", "dev", A, "code_switch", "baki {wm} I tinggal berapa, dan tahun ni dah claim "
       "berapa kali?", "remaining_count", "hard", "multi_figure"),
    _t("eh-multi-paid-rejected", "dev", A, "multi_clause", "This year, how much has been paid out to me, and how "
       "much worth of claims got rejected?", "paid_rejected_totals", "hard", "multi_figure"),
    _t("eh-multi-count-each-separately", "dev", A, "multi_clause", "Number of {w} claims this year, and number "
       "of {w2} claims - separately please.", "count_both", "hard", "multi_figure"),
    _t("eh-multi-total-mean-prev-polite", "dev", A, "polite", "Hi, for my records, could you give me the total of "
       "all my claims in {py} and the average amount per claim? Thanks.", "total_average_prev_all", "hard",
       "multi_figure"),
    _t("eh-multi-halves-prev", "dev", A, "multi_clause", "Split {py} in two for me: what did I claim from January "
       "to June, and what from July to December?", "halves_prev", "hard", "multi_figure"),
    _t("eh-multi-total-also-biggest", "dev", A, "multi_clause", "What have I claimed in total this year? Also, "
       "what was the single biggest claim?", "total_and_largest_year", "hard", "multi_figure", "superlative"),
    _t("eh-multi-lebih-500-malay", "dev", A, "code_switch", "tahun ni ada berapa claim I lebih RM500, dan jumlah "
       "semua tu berapa?", "count_total_over_500", "hard", "multi_figure"),
    _t("eh-multi-count-avg-terse", "dev", A, "terse", "{y}: no. of claims, avg per claim", "count_average_year",
       "hard", "multi_figure"),
    _t("eh-multi-three-figs-prev", "dev", A, "multi_clause", "For {w} in {py}: how many claims, the total, and "
       "the average per claim?", "count_total_average_prev", "hard", "multi_figure"),
    _t("eh-multi-pending-serta-paid-malay", "dev", A, "code_switch", "berapa claim I masih pending, serta berapa "
       "ringgit dah paid kat I tahun ni?", "pending_count_paid_total", "hard", "multi_figure"),
    # listings
    _t("eh-hist-reject-tahun-ni-malay", "dev", H, "code_switch", "tunjuk claim {wm} I yang kena reject tahun ni",
       "rejected_category_year", "medium"),
    _t("eh-hist-month-cat", "dev", H, "plain", "Can you show me the {w} claims I made in {mon}?",
       "listing_month_category", "medium"),
    _t("eh-hist-abov-300-typo", "dev", H, "typo", "list al claims abov RM300 this yr", "listing_over_300", "medium"),
    _t("eh-hist-last-5-terse", "dev", H, "terse", "last 5 claims w amounts", "last_five", "hard"),
    _t("eh-hist-status-pending-malay", "dev", H, "code_switch", "claim yang status pending, senaraikan semua",
       "pending"),
    _t("eh-hist-under-30-prev", "dev", H, "plain", "Which claims did I make in {py} that were under RM30?",
       "listing_under_30_prev", "medium"),
    _t("eh-hist-date-order-polite", "dev", H, "polite", "Hello, could you list my {w} claims from this year in "
       "date order, please? I'm matching them with my receipts.", "listing_year"),
    _t("eh-hist-since-typo", "dev", H, "typo", "shw my {wt} claims since {mon}", "listing_since_category", "medium"),
    _t("eh-hist-paid-cat-prev", "dev", H, "plain", "Which of my {w} claims from {py} were paid?",
       "listing_paid_category_prev", "medium"),
    _t("eh-hist-2-recent-terse", "dev", H, "terse", "my 2 most recent claims?", "last_two", "medium"),
    _t("eh-hist-lost-track-month", "dev", H, "polite", "Sorry if this is a silly question, but I lost track of "
       "{mon} - which claims do I have for that month?", "listing_month"),
    # follow-ups
    _t("eh-fu-py-and-count", "dev", A, "follow_up", "what about {py}, and how many claims was it?",
       "count_total_prev", "hard", "multi_figure", before=Turn("{w} spend this year?", "total", A)),
    _t("eh-fu-n-smallest", "dev", A, "follow_up", "n the smallest?", "smallest_of_several_prev", "medium",
       "superlative", before=Turn("biggest {w} claim in {py}", "largest_category_prev", A)),
    _t("eh-fu-how-many-is-that", "dev", A, "follow_up", "how many claims is that", "count_since_category", "medium",
       before=Turn("how much {w} have I claimed since {mon}?", "total_since_category", A)),
    _t("eh-fu-one-before", "dev", H, "follow_up", "the one before that?", "second_latest", "hard",
       before=Turn("what's my latest claim", "latest_claim", H)),
    _t("eh-fu-approved-of-it-prev", "dev", A, "follow_up", "ok, and how much of it was approved?",
       "approved_all_prev", "medium", before=Turn("grand total claimed in {py}?", "total_year_prev", A)),
    _t("eh-fu-top3-pulak-malay", "dev", A, "follow_up", "top 3 pulak?", "top_three_prev", "hard", "superlative",
       before=Turn("claim paling besar I tahun lepas", "most_expensive_prev", A)),
    _t("eh-fu-above-300", "dev", H, "follow_up", "which ones r above RM300?", "listing_over_300", "medium",
       before=Turn("how many claims did I make this year", "count", A)),
)

#: Intents whose answer comes from the user's own claims data.
DATA_INTENTS = (B, S, H, A)


def templates_for(split: str) -> list[Template]:
    """The templates of one split."""
    return [t for t in TEMPLATES if t.split == split]
