"""Periods that span months: quarters, halves, "since March", "from Feb to May".

A question can name its period as more than one month at once:

- a **quarter**: "Q2 2026", "the first quarter", "suku pertama" (glossed "first quarter");
- a **half** of a year: "the first half of 2025", "H2";
- a **month range**: "from Feb to May", "January through June", "Jan–Mar", "between March and June";
- a start up to today: "since March", "sejak March sampai sekarang" (glossed "since March until now");
- the last few months: "in the last 3 months" (the months before this one, and this month so far).

``spans`` reads every such period a (canonical, see ``entities.canonical``) question names, in
the order named, each as one date range with a label the answer can name it by. A quarter or half
without a year is in the year the question names, else this year; "since jan" without a year is
this year (the latest such month up to today). The cues are written from how people ask, fit on
the dev split only.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from workbench.agent.wording import MEASURES, money

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
# A month's name or its usual short form ("sept", "feb.").
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_YEAR = r"(?:,?\s+(?:of\s+)?(20\d\d))?"
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "final": 4}
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "nine": 9, "twelve": 12}
_QUARTER_RE = re.compile(rf"\bq([1-4])\b{_YEAR}"
                         rf"|\b(first|1st|second|2nd|third|3rd|fourth|4th|final) quarter\b{_YEAR}", re.I)
# "last quarter" is the quarter before this one (not the fourth); "this quarter" the one under way.
_NEAR_QUARTER_RE = re.compile(r"\b(last|previous|this|current) quarter\b", re.I)
_HALF_RE = re.compile(rf"\bh([12])\b{_YEAR}|\b(first|1st|second|2nd) half\b{_YEAR}", re.I)
# "from Feb to May", "January through June", "Jan-Mar 2025", "between March and June".
_RANGE_RE = re.compile(rf"(?:\b(from|between)\s+)?\b{_MONTH}{_YEAR}\s*"
                       rf"(?:\bto\b|\buntil\b|\btill\b|\bthrough\b|\bthru\b|\bsampai\b|\bhingga\b|-|–|—|"
                       rf"(?<=\s)and\b)\s*{_MONTH}{_YEAR}\b", re.I)
_SINCE_RE = re.compile(rf"\bsince\s+(?:the\s+(?:start|beginning)\s+of\s+)?{_MONTH}{_YEAR}\b|"
                       # "from October until now", "dari bulan Mac hingga sekarang" (→ "from month March until now")
                       rf"\b(?:(?:from|starting)\s+)?(?:the\s+(?:start|beginning)\s+of\s+)?(?:(?:the\s+)?month\s+(?:of\s+)?)?"
                       rf"{_MONTH}{_YEAR}\s*(?:until|till|til|to|up to|through|thru|-|–)\s+"
                       rf"(?:now|today|the present|present|date|this month)\b|"
                       # "from March onwards", "March to date", "Mac sampai hari ini" (→ "March until today")
                       rf"\b(?:from\s+)?{_MONTH}{_YEAR}\s+(?:onwards?|to date|till date|until date)\b|"
                       rf"\bfrom\s+{_MONTH}{_YEAR}\s+on\b", re.I)
_LAST_MONTHS_RE = re.compile(r"\b(?:last|past|previous)\s+(\d{1,2}|one|two|three|four|five|six|nine|twelve)\s+"
                             r"months\b", re.I)
_THIS_YEAR_RE = re.compile(r"\b(?:this|current) (?:benefit )?year\b|\bso far\b|\byear to date\b|\bytd\b", re.I)
_LAST_YEAR_RE = re.compile(r"\b(?:last|previous|prior) (?:benefit )?year\b", re.I)
# Several periods weighed or asked each ("compare Q1 and Q2", "Q3 vs Q4").
COMPARED = re.compile(r"\bvs\.?\b|\bversus\b|\bagainst\b|\bcompar\w*|\bthan\b|\bdifferen\w*|"
                      r"\bmore\b|\bless\b|\bhigher\b|\blower\b", re.I)


@dataclass(frozen=True)
class Span:
    """One period: its first and last day, and how an answer names it ("Q2 2026")."""

    start: date
    end: date
    label: str

    @property
    def phrase(self) -> str:
        """The label with its preposition, to follow a noun ("claims in Q2 2026", "claims since 1 March 2026")."""
        return self.label if self.label.startswith(("since ", "from ")) else f"in {self.label}"


def spans(question: str, today: date) -> tuple[Span, ...]:
    """Every period spanning months the question names, in the order named (each once).

    Args:
        question: The canonical question.
        today: The date "now", "since …" and "this year" are measured from.
    """
    year = _year_named(question, today)
    found: list[tuple[int, Span]] = []
    taken: list[tuple[int, int]] = []  # text already read as a period ("Q1 and Q2" is no month range)

    def add(m: re.Match, span: Span | None) -> None:
        if span and span.start <= span.end and not any(a < m.end() and m.start() < b for a, b in taken):
            found.append((m.start(), span))
            taken.append((m.start(), m.end()))

    quarters = list(_QUARTER_RE.finditer(question))
    # "Q1 and Q2 of 2026": the year after the last quarter is every quarter's year
    shared = next((int(m.group(2) or m.group(4)) for m in reversed(quarters) if m.group(2) or m.group(4)), year)
    for m in quarters:
        q = int(m.group(1)) if m.group(1) else _ORDINALS[m.group(3).lower()]
        y = int(m.group(2) or m.group(4) or shared)
        add(m, Span(date(y, 3 * q - 2, 1), _month_end(y, 3 * q), f"Q{q} {y}"))
    for m in _NEAR_QUARTER_RE.finditer(question):
        index = today.year * 4 + (today.month - 1) // 3 - (m.group(1).lower() in ("last", "previous"))
        y, q = divmod(index, 4)
        add(m, Span(date(y, 3 * q + 1, 1), min(today, _month_end(y, 3 * q + 3)), f"Q{q + 1} {y}"))
    for m in _HALF_RE.finditer(question):
        h = int(m.group(1)) if m.group(1) else _ORDINALS[m.group(3).lower()]
        y = int(m.group(2) or m.group(4) or year)
        add(m, Span(date(y, 6 * h - 5, 1), _month_end(y, 6 * h), f"the {('first', 'second')[h - 1]} half of {y}"))
    for m in _RANGE_RE.finditer(question):
        if re.search(r"\band\b", m.group(0), re.I) and (m.group(1) or "").lower() != "between":
            continue  # "March and June" are two months; "between March and June" is a range
        add(m, _range(m, year))
    for m in _SINCE_RE.finditer(question):
        first = _month(next(g for g in m.groups()[0::2] if g))
        named_year = next((g for g in m.groups()[1::2] if g), None)
        y = int(named_year) if named_year else (today.year if first <= today.month else today.year - 1)
        add(m, Span(date(y, first, 1), today, f"since 1 {_MONTHS[first - 1].title()} {y}"))
    for m in _LAST_MONTHS_RE.finditer(question):
        n = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1).lower()]
        if 1 <= n <= 24:
            months = today.year * 12 + today.month - 1 - (n - 1)
            start = date(months // 12, months % 12 + 1, 1)
            add(m, Span(start, today, f"from {start:%B %Y} to {today.day} {today:%B %Y}"))
    out = [span for _, span in sorted(found, key=lambda x: x[0])]
    # "in Q3 this year (July to September)": the same period said twice is one period
    return tuple(_distinct(out))


def without(question: str) -> str:
    """The question with its period phrases blanked, so "first" in "first half" is no ranking word."""
    for rx in (_QUARTER_RE, _NEAR_QUARTER_RE, _HALF_RE):
        question = rx.sub(" ", question)
    return question


def answer(question: str, each: tuple[Span, ...], metric: str, field: str, category: str | None,
           status: str | None, tools, fill) -> str:
    """One figure per period ("Q1 2026: …; Q2 2026: …"), and the gap when they are weighed.

    Args:
        question: The canonical question (a comparison word adds the gap).
        each: The periods, in the order asked.
        metric: sum, count or avg.
        field: amount_claimed or amount_approved.
        category: Category code to filter on, or None.
        status: Status to filter on, or None.
        tools: The user's tools.
        fill: Fills a template of the prompt version by name.
    """
    figures = []
    for span in each:
        rows = tools.claims_summary(metric, field, None, category, status, None,
                                    span.start.isoformat(), span.end.isoformat())
        if isinstance(rows, dict):  # a tool error: say so in the answer
            return rows["error"]
        value = rows[0]["value"] if rows else 0.0
        claims = rows[0]["claims"] if rows else 0
        shown = (f"{int(value)} claim(s)" if metric == "count"
                 else f"MYR {money(value)} across {claims} claim(s)")
        figures.append((span, value, shown))
    what = " ".join(w for w in (status, category.replace("_", " ").lower() if category else None) if w)
    lines = "; ".join(f"{MEASURES[(metric, field)]}{' for ' + what if what else ''} {span.phrase}: {shown}"
                      for span, _, shown in figures)
    verdict = ""
    if len(figures) >= 2 and COMPARED.search(question):
        (a, va, _), (b, vb, _) = figures[0], figures[1]
        if round(va, 2) == round(vb, 2):
            verdict = "They are the same."
        else:
            gap = f"{int(abs(va - vb))} claim(s)" if metric == "count" else f"MYR {money(abs(va - vb))}"
            verdict = f"More {(a if va > vb else b).phrase}, by {gap}."
    return fill("figures", lines=lines, verdict=verdict).strip()


# A follow-up that moves the earlier period by a month ("the month before that?", "bulan sebelum tu"
# glossed "month before that", "and the following month?"); "last month" alone is the calendar's.
_MONTH_BEFORE_RE = re.compile(r"\b(month|quarter) (?:before|prior|earlier)\b|\b(?:preceding|prior) (month|quarter)\b",
                              re.I)
_MONTH_AFTER_RE = re.compile(r"\b(month|quarter) (?:after|later)\b|\b(?:following|subsequent) (month|quarter)\b",
                             re.I)


def moved(question: str, year: int | None, start: date | None, earlier_start: date | None,
          earlier_end: date | None) -> Span | None:
    """The earlier turn's period moved as a follow-up asks, or ``None`` when it moves nothing.

    - a year alone ("same months in 2025?", "and last year?" after "from May to July"): the same
      months (days) in that year;
    - the month (quarter) before or after ("bulan sebelum tu pulak?" after "in July"): June, across a
      new year too.

    Args:
        question: The canonical follow-up.
        year: The year the follow-up names itself (``None``: none).
        start: The start date the follow-up names itself (``None``: none).
        earlier_start: The earlier turn's first day (``None``: it named no dates).
        earlier_end: The earlier turn's last day.
    """
    if earlier_start is None or earlier_end is None:
        return None
    if step := _MONTH_BEFORE_RE.search(question) or _MONTH_AFTER_RE.search(question):
        months = 3 if "quarter" in step.group(0).lower() else 1  # "the quarter before" moves by three months
        return _shifted(earlier_start, earlier_end, -months if step.re is _MONTH_BEFORE_RE else months)
    if year and start is None and year != earlier_start.year:
        return _shifted(earlier_start, earlier_end, 12 * (year - earlier_start.year))
    return None


def _shifted(start: date, end: date, months: int) -> Span:
    """The span ``months`` later (earlier when negative); a month's last day stays its last day."""
    def move(d: date, last: bool) -> date:
        index = d.year * 12 + d.month - 1 + months
        y, m = divmod(index, 12)
        day = monthrange(y, m + 1)[1] if last else min(d.day, monthrange(y, m + 1)[1])
        return date(y, m + 1, day)

    new_start = move(start, False)
    new_end = move(end, end.day == monthrange(end.year, end.month)[1])
    if (new_start.year, new_start.month) == (new_end.year, new_end.month) and new_start.day == 1:
        label = f"{new_start:%B %Y}"
    elif new_start.year == new_end.year:
        label = f"from {new_start:%B} to {new_end:%B %Y}"
    else:
        label = f"from {new_start:%B %Y} to {new_end:%B %Y}"
    return Span(new_start, new_end, label)


def _distinct(out: list[Span]) -> list[Span]:
    """The spans with a later one covering the same dates as an earlier one dropped."""
    kept: list[Span] = []
    for span in out:
        if all((span.start, span.end) != (k.start, k.end) for k in kept):
            kept.append(span)
    return kept


def _range(m: re.Match, year: int) -> Span | None:
    """The span of a month range match ("Feb to May 2025"): a year after either month applies to both."""
    first, last = _month(m.group(2)), _month(m.group(4))
    y_last = int(m.group(5)) if m.group(5) else (int(m.group(3)) if m.group(3) else year)
    y_first = int(m.group(3)) if m.group(3) else (y_last if first <= last else y_last - 1)
    if y_first == y_last:
        label = f"from {_MONTHS[first - 1].title()} to {_MONTHS[last - 1].title()} {y_last}"
    else:
        label = f"from {_MONTHS[first - 1].title()} {y_first} to {_MONTHS[last - 1].title()} {y_last}"
    return Span(date(y_first, first, 1), _month_end(y_last, last), label)


def _year_named(question: str, today: date) -> int:
    """The year a period without one is in: a year the question names, "last year", else this year."""
    if years := re.findall(r"\b(20\d\d)\b", question):
        return int(years[0])
    if _LAST_YEAR_RE.search(question) and not _THIS_YEAR_RE.search(question):
        return today.year - 1
    return today.year


def _month(name: str) -> int:
    return next(i for i, full in enumerate(_MONTHS, 1) if full.startswith(name.lower().rstrip(".")[:3]))


def _month_end(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])
