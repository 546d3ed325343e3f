"""A scripted oracle LLM for validity tests: it answers each eval case with its expected facts.

``CaseOracle`` is a ``FakeOpenAI`` responder that plays the claims program (``dspy.ReAct`` steps
and the final typed answer, in DSPy's ChatAdapter format) for the case it is told it is
serving. It makes the case's expected tool calls (a policy search for each reference section,
queried by the section's heading), then answers with the expected figures, must-include strings
and reference answer, the expected intent and refusal, and cites the retrieved chunks that belong
to a reference section. So it shows what the scorers give an agent that does everything right
through the real LLM code path: the ceiling. Its modes break one thing at a time (mutation
tests): ``dont_know`` answers "I don't know." to everything, ``never_refuse`` never declines,
``parrot`` copies the tool results into the answer.

Cases are served one at a time: ``oracle.serving(case)`` (e.g. as the runner's per-case
``trace`` hook with concurrency 1) says which case the next requests belong to, since many
cases share a question and the request does not name the user.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Literal

from workbench.testing.fake_openai import fields_reply, parse_observation, parse_request, react_reply

Mode = Literal["oracle", "dont_know", "never_refuse", "parrot"]
_CLAIM_ID = re.compile(r"\bCLM\d+\b", re.IGNORECASE)


class CaseOracle:
    """Responder that answers the case being served with its expected facts.

    Args:
        mode: ``oracle`` (everything right) or one deliberate fault (see the module docstring).
    """

    def __init__(self, mode: Mode = "oracle"):
        self.mode = mode
        self.case = None

    @contextlib.contextmanager
    def serving(self, case) -> Iterator[tuple[None, None]]:
        """Serve ``case`` for the enclosed block (yields the runner's ``(span, record)`` pair)."""
        self.case = case
        try:
            yield None, None
        finally:
            self.case = None

    def __call__(self, body: dict) -> str:
        """The reply content for one chat-completions request."""
        if self.case is None:
            raise RuntimeError("CaseOracle got a request outside oracle.serving(case)")
        inputs, wanted = parse_request(body)
        if "next_tool_name" in wanted:
            step = sum(1 for k in inputs if k.startswith("tool_name_"))
            plan = [] if self.mode == "dont_know" else self.plan()
            if step < len(plan):
                tool, args = plan[step]
                return react_reply(f"I need {tool}.", tool, args)
            return react_reply("I have what I need.", "finish")
        outputs = self.outputs(inputs)
        return fields_reply(**{name: outputs.get(name, "ok") for name in wanted})

    def plan(self) -> list[tuple[str, dict]]:
        """The tool calls the case expects, with arguments that reach the expected data."""
        expected = self.case.expected
        calls: list[tuple[str, dict]] = []
        for tool in expected.tools:
            if tool == "search_policy":
                continue
            if tool == "get_claim":
                # A follow-up ("why tho") names its claim only in the earlier turn, as a real
                # conversation would; the latest turn that names one is the one it refers to.
                found = _CLAIM_ID.search(self.case.question) or next(
                    (m for s in expected.must_include if (m := _CLAIM_ID.search(s))), None) or next(
                    (m for t in reversed(self.case.history) if (m := _CLAIM_ID.search(t.question + t.answer))),
                    None)
                calls.append((tool, {"claim_id": found.group().upper() if found else "CLM0000000"}))
            else:
                calls.append((tool, {}))
        headings = [ref.partition("#")[2] or ref.partition("#")[0] for ref in expected.reference_sections]
        if "search_policy" in expected.tools and not headings:
            headings = [self.case.question]
        calls += [("search_policy", {"query": h}) for h in headings]
        return calls

    def outputs(self, inputs: dict[str, str]) -> dict:
        """The typed answer fields for the case."""
        case, expected = self.case, self.case.expected
        refused = expected.refusal and self.mode != "never_refuse"
        return {"reasoning": "Answered from the case's expected facts.",
                "answer": self.answer(inputs), "intent": expected.intent or case.intent,
                "refused": refused, "cited": self.cited(inputs)}

    def answer(self, inputs: dict[str, str]) -> str:
        """An answer stating every expected fact (or the mode's fault)."""
        expected = self.case.expected
        if self.mode == "dont_know":
            return "I don't know."
        parts = []
        if expected.refusal and self.mode != "never_refuse":
            parts.append("I can't help with that request.")
        if expected.reference_answer:
            parts.append(expected.reference_answer)
        parts += [s for s in expected.must_include if s.lower() not in " ".join(parts).lower()]
        if expected.numbers:
            parts.append("Figures: " + ", ".join(_figure(x) for x in expected.numbers) + ".")
        if self.mode == "parrot":
            parts += [inputs[k] for k in sorted(inputs) if k.startswith("observation_")]
        return " ".join(parts) or "Here is what I found."

    def cited(self, inputs: dict[str, str]) -> list[str]:
        """Chunk ids of retrieved passages that belong to a reference section."""
        from workbench.evaluation.scoring.registry import same_section

        refs = self.case.expected.reference_sections
        out = []
        for key in sorted(k for k in inputs if k.startswith("observation_")):
            data = parse_observation(inputs[key])
            for hit in data if isinstance(data, list) else []:
                if isinstance(hit, dict) and "chunk_id" in hit and any(
                        same_section(r, hit["document"], hit["section"]) for r in refs):
                    out.append(hit["chunk_id"])
        return list(dict.fromkeys(out))


def _figure(x: float) -> str:
    if x == 0:
        return "0 (none)"
    return f"{x:,.0f}" if float(x).is_integer() else f"MYR {x:,.2f}"

