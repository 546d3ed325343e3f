"""A scripted, in-process OpenAI-compatible server for testing the LLM path offline.

``FakeOpenAI`` serves ``POST /v1/chat/completions`` on 127.0.0.1 (a free port) from a thread::

    with FakeOpenAI() as fake:
        settings = settings.with_overrides(openai_base_url=fake.base_url)
        ...                       # run the agent with model "openai/gpt-4o-mini"
        assert fake.calls == 3    # HTTP requests received
        fake.fail_next(429, times=2)
        fake.delay_next(2.0)      # longer than the client's timeout

Replies come from, in order: an injected fault, the ``script(...)`` queue, then the responder.
The default responder, ``claims_agent_reply``, plays a small rule-based agent in DSPy's
ChatAdapter format: for a ``dspy.ReAct`` step it picks a tool from the question's words (a
balance question calls ``get_balances``), then ``finish``; for the final step it writes an answer
from the tool observation in the trajectory, so a figure in the answer really came from the tool,
with the typed outputs (intent from the tool, refused, the cited chunk id of a policy search).
Every completion carries ``usage`` (about four characters per token, as for English text).
"""

from __future__ import annotations

import ast
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["FakeOpenAI", "answer_reply", "claims_agent_reply", "fields_reply", "parse_observation", "parse_request",
           "react_reply"]

#: Turns a request body into the assistant message content.
Responder = Callable[[dict], str]

_HEADER = re.compile(r"\[\[ ## (\w+) ## \]\]")
_REQUESTED = re.compile(r"`\[\[ ## (\w+) ## \]\]`")


@dataclass
class _Fault:
    status: int | None = None  # HTTP error status to return
    delay_s: float = 0.0  # seconds to wait before answering
    retry_after: float | None = None  # Retry-After header sent with the error
    raw: str | None = None  # a 200 reply whose body is this text (e.g. malformed JSON)


class FakeOpenAI:
    """A fake OpenAI chat-completions server with scripted replies and fault injection.

    Args:
        responder: Makes the reply content from the request body when nothing is scripted;
            defaults to ``claims_agent_reply``.
    """

    def __init__(self, responder: Responder | None = None):
        self.responder = responder or claims_agent_reply
        self.requests: list[dict] = []
        self._script: deque[str] = deque()
        self._faults: deque[_Fault] = deque()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> FakeOpenAI:
        """Start serving on a free loopback port."""
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        server.daemon_threads = True
        server.block_on_close = False
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, args=(0.05,),
                                        name="fake-openai", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving (delayed replies are abandoned)."""
        self._stop.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what tests read and set ---------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL, e.g. ``http://127.0.0.1:54321/v1``."""
        if self._server is None:
            raise RuntimeError("FakeOpenAI is not running; use it as a context manager.")
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    @property
    def calls(self) -> int:
        """Chat-completion requests received, failed ones included."""
        return len(self.requests)

    def script(self, *contents: str) -> None:
        """Queue reply contents, used (once each, in order) before the responder."""
        with self._lock:
            self._script.extend(contents)

    def fail_next(self, status: int = 500, times: int = 1, retry_after: float | None = None) -> None:
        """Answer the next ``times`` requests with HTTP ``status`` (e.g. 429 or 500).

        ``retry_after`` adds a ``Retry-After`` header (seconds) to those errors.
        """
        with self._lock:
            self._faults.extend(_Fault(status=status, retry_after=retry_after) for _ in range(times))

    def raw_next(self, body: str, times: int = 1) -> None:
        """Answer the next ``times`` requests with HTTP 200 and ``body`` as is (malformed JSON)."""
        with self._lock:
            self._faults.extend(_Fault(raw=body) for _ in range(times))

    def delay_next(self, seconds: float, times: int = 1) -> None:
        """Wait ``seconds`` before answering the next ``times`` requests (to cause timeouts)."""
        with self._lock:
            self._faults.extend(_Fault(delay_s=seconds) for _ in range(times))

    def reset(self) -> None:
        """Forget received requests, the script and pending faults."""
        with self._lock:
            self.requests.clear()
            self._script.clear()
            self._faults.clear()

    # -- serving -------------------------------------------------------------------------------

    def _respond(self, body: dict) -> tuple[int, dict | str, dict[str, str]]:
        with self._lock:
            self.requests.append(body)
            fault = self._faults.popleft() if self._faults else None
            failing = fault is not None and (fault.status is not None or fault.raw is not None)
            scripted = self._script.popleft() if self._script and not failing else None
        if fault and fault.delay_s:
            self._stop.wait(fault.delay_s)
        if fault and fault.raw is not None:
            return 200, fault.raw, {}
        if fault and fault.status:
            headers = {"Retry-After": f"{fault.retry_after:g}"} if fault.retry_after is not None else {}
            return fault.status, _error_body(fault.status), headers
        content = scripted if scripted is not None else self.responder(body)
        return 200, _completion(body, content, len(self.requests)), {}


def _handler_for(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Reply at once: with Nagle on, the body segment waits for the client's delayed ACK of
        # the headers (about 40 ms a request on Linux loopback), which dominated LLM-path tests.
        disable_nagle_algorithm = True

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if self.path.rstrip("/") not in ("/v1/chat/completions", "/chat/completions"):
                return self._send(404, {"error": {"message": f"no route {self.path}"}})
            try:
                body = json.loads(raw or b"{}")
            except json.JSONDecodeError:
                return self._send(400, {"error": {"message": "body is not JSON"}})
            self._send(*fake._respond(body))

        def _send(self, status: int, payload: dict | str, headers: dict[str, str] | None = None) -> None:
            data = (payload if isinstance(payload, str) else json.dumps(payload)).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test): nothing to answer

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet in tests
            pass

    return Handler


def _completion(body: dict, content: str, number: int) -> dict:
    prompt_chars = sum(len(_text(m.get("content"))) for m in body.get("messages", []))
    prompt_tokens, completion_tokens = max(1, prompt_chars // 4), max(1, len(content) // 4)
    return {
        "id": f"chatcmpl-fake-{number}", "object": "chat.completion", "created": int(time.time()),
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


def _error_body(status: int) -> dict:
    kind = {429: "rate_limit_exceeded", 401: "invalid_api_key"}.get(status, "server_error")
    return {"error": {"message": f"fake error {status} ({kind})", "type": kind, "code": kind}}


def _text(content: Any) -> str:
    if isinstance(content, list):  # content parts
        return " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return str(content or "")


# -- replies in DSPy's ChatAdapter format --------------------------------------------------------

def fields_reply(**fields: Any) -> str:
    """A ChatAdapter reply: each field under its ``[[ ## name ## ]]`` header, then completed."""
    parts = [f"[[ ## {name} ## ]]\n{value if isinstance(value, str) else json.dumps(value)}"
             for name, value in fields.items()]
    return "\n\n".join([*parts, "[[ ## completed ## ]]"])


def answer_reply(wanted: list[str], answer: str, reasoning: str = "ok", intent: str = "balance",
                 refused: bool = False, cited: list[str] = ()) -> str:
    """The answer step's reply with every requested field well formed (typed ones included)."""
    values = {"answer": answer, "intent": intent, "refused": refused, "cited": list(cited)}
    return fields_reply(**{name: values.get(name, reasoning) for name in wanted})


def react_reply(thought: str, tool: str, args: dict | None = None) -> str:
    """One ``dspy.ReAct`` step: a thought and the tool to call next with its arguments."""
    return fields_reply(next_thought=thought, next_tool_name=tool, next_tool_args=args or {})


def parse_request(body: dict) -> tuple[dict[str, str], list[str]]:
    """The input fields of the last user message, and the output fields it asks for."""
    user = next((_text(m.get("content")) for m in reversed(body.get("messages", []))
                 if m.get("role") == "user"), "")
    head, _, requirements = user.partition("Respond with the corresponding output fields")
    pieces = _HEADER.split(head)
    inputs = {pieces[i]: pieces[i + 1].strip() for i in range(1, len(pieces) - 1, 2)}
    return inputs, _REQUESTED.findall(requirements)


_CATEGORIES = {"dental": "DENTAL", "optical": "OPTICAL", "gp": "GP", "specialist": "SPECIALIST",
               "hospital": "HOSPITAL", "screening": "SCREENING", "wellness": "WELLNESS",
               "mental": "MENTAL_HEALTH"}
_CLAIM_ID = re.compile(r"\bCLM\d+\b", re.IGNORECASE)


def claims_agent_reply(body: dict) -> str:
    """A rule-based stand-in for an LLM driving the claims agent through ChatAdapter fields."""
    inputs, wanted = parse_request(body)
    question = inputs.get("question", "")
    if "next_tool_name" in wanted:
        if "tool_name_0" in inputs:  # one tool call is enough for these rules
            return react_reply("I have what I need to answer.", "finish")
        tool, args = _choose_tool(question)
        return react_reply(f"I should call {tool}." if tool != "finish" else "No tool needed.",
                           tool, args)
    if "answer" in wanted:
        tool = inputs.get("tool_name_0", "")
        other = _about_someone_else(question)
        data = parse_observation(inputs.get("observation_0"))
        outputs = {
            "reasoning": "Answered from the tool result.",
            "answer": _OTHER_USER_REPLY if other else _answer_from(inputs.get("observation_0"), tool),
            "intent": "other_user" if other else _TOOL_INTENTS.get(tool, "out_of_scope"),
            "refused": other or tool not in _TOOL_INTENTS,
            "cited": [data[0]["chunk_id"]] if tool == "search_policy" and data else [],
        }
        return fields_reply(**{name: outputs.get(name, "ok") for name in wanted})
    return fields_reply(**{name: "ok" for name in wanted})


_TOOL_INTENTS = {"get_balances": "balance", "get_claim": "claim_status",
                 "search_claims": "claim_history", "claims_summary": "claim_aggregate",
                 "search_policy": "policy_coverage"}


_OTHER_USER_REPLY = "I can only share information about your own claims and balances."


def _about_someone_else(question: str) -> bool:
    words = set(re.findall(r"[a-z]+", question.lower()))
    return "@" in question or bool(words & {"colleague", "manager", "teammate", "everyone",
                                            "employee", "his", "her", "their"})


def _choose_tool(question: str) -> tuple[str, dict]:
    words = set(re.findall(r"[a-z]+", question.lower()))
    if _about_someone_else(question):
        return "finish", {}
    category = next((code for word, code in _CATEGORIES.items() if word in words), None)
    if match := _CLAIM_ID.search(question):
        return "get_claim", {"claim_id": match.group().upper()}
    if "balance" in words or "left" in words or "remaining" in words:
        return "get_balances", {"category": category} if category else {}
    if words & {"claims", "claim", "history"}:
        return "search_claims", {"category": category} if category else {}
    if words & {"cover", "covered", "policy", "how", "exclude", "excluded", "deadline"}:
        return "search_policy", {"query": question}
    return "finish", {}


def parse_observation(text: str | None) -> Any:
    """A tool result as DSPy wrote it into the trajectory (JSON, or list items in «…»)."""
    text = (text or "").strip()
    items = re.findall(r"«(.*?)»", text, re.DOTALL)
    try:
        return [ast.literal_eval(item) for item in items] if items else json.loads(text)
    except (ValueError, SyntaxError, TypeError):
        try:
            return ast.literal_eval(text)
        except (ValueError, SyntaxError, TypeError):
            return None


def _answer_from(observation: str | None, tool: str) -> str:
    data = parse_observation(observation)
    if data is None:
        return "Sorry, I can only help with your benefits claims, balances and the benefits policy."
    if tool == "get_balances" and isinstance(data, list) and data:
        return " ".join(f"{b['category_name']} ({b['benefit_year']}): annual limit MYR "
                        f"{b['annual_limit']:,.2f}; used MYR {b['used']:,.2f}; remaining MYR "
                        f"{b['remaining']:,.2f}." for b in data)
    if tool == "get_claim" and isinstance(data, dict) and "claim_id" in data:
        return f"Claim {data['claim_id']} is {data['status']}."
    if tool == "search_claims" and isinstance(data, dict):
        return f"You have {data.get('count', 0)} matching claim(s)."
    if tool == "search_policy" and isinstance(data, list) and data:
        top = data[0]
        return f"{top['text'].strip()} [{top['document']} › {top['section']}]"
    if isinstance(data, dict) and "error" in data:
        return f"I couldn't look that up: {data['error']}"
    return "I couldn't find that in your records."
