"""Turning text into safe Streamlit markdown, and the one-line answer footer.

Whatever a person types is shown as typed: every character that markdown, Streamlit's
extensions (``:red[...]``, ``:material/icon:``, ``$math$``) or HTML would interpret is
escaped, so ``<img onerror=...>``, ``![](http://tracker)`` or ``**bold**`` appear literally.
"""

from __future__ import annotations

import re

from workbench.config import OFFLINE_MODEL

# CommonMark lets a backslash escape any ASCII punctuation character.
_PUNCTUATION = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")


def escape_markdown(text: str) -> str:
    """``text`` as markdown that renders exactly as ``text`` (line breaks kept)."""
    escaped = _PUNCTUATION.sub(r"\\\1", text)
    # A blank line would start a new paragraph; two trailing spaces make a hard line break.
    return "  \n".join(escaped.splitlines()) or " "


def answer_markdown(answer: str) -> str:
    """An answer as markdown, with raw HTML, images and links shown as text.

    Answers are formatted markdown (lists, bold), but an LLM can be talked into echoing a
    question, and the baseline quotes retrieved policy text, so nothing in one may load a remote
    image, inject HTML or become a clickable link (a planted ``[log in](https://…)``).
    """
    return defang_urls(answer.replace("<", "&lt;").replace("![", "!\\[").replace("](", "\\]("))


def defang_urls(text: str) -> str:
    """``text`` with every URL made unclickable: ``https://a.example/x`` → ``https[:]//a[.]example/x``.

    Escaping is not enough: Streamlit's markdown turns a URL into a link even when its
    characters are backslash-escaped, so text from the knowledge base or a model could carry a
    clickable phishing link. The address stays readable.
    """
    return _URL.sub(_defang, text)


# A URL with a scheme, or a www. address (the forms markdown auto-links).
_URL = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|www\.)[^\s)\]]*", re.IGNORECASE)


def _defang(match: re.Match) -> str:
    url = match.group()
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    host, slash, path = rest.partition("/")
    return (f"{scheme}[:]//" if sep else "") + host.replace(".", "[.]") + slash + path


def shorten(text: str, limit: int = 400) -> str:
    """``text`` on one line, cut at a word boundary near ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"


def footer(timings: dict[str, float], usage: dict, model: str) -> str:
    """Latency, tokens and cost of one answer, e.g. ``1.2 s · 1,234 tokens · $0.00042``."""
    total = timings.get("total_s")
    latency = "latency unknown" if total is None else (
        f"{total * 1000:,.0f} ms" if total < 1 else f"{total:,.1f} s")
    if model == OFFLINE_MODEL:
        return f"{latency} · no LLM: 0 tokens · no LLM cost"
    prompt, completion = usage.get("prompt_tokens") or 0, usage.get("completion_tokens") or 0
    tokens = f"{prompt + completion:,} tokens ({prompt:,} in, {completion:,} out)"
    if usage.get("cache_hits"):
        tokens += f", {usage['cache_hits']} cached"
    cost = usage.get("cost_usd")
    return f"{latency} · {tokens} · " + ("cost unknown" if cost is None else f"${cost:.5f}")
