"""The claims assistant as a DSPy program: a ReAct agent with typed outputs over the user's tools.

Why ``dspy.ReAct`` and not a fixed pipeline (classify intent → call one tool → answer): the
questions people ask mix needs. "Why was my last dental claim rejected, and can I appeal?" needs
a claim lookup *and* a policy search; "How much optical do I have left and what does it cover?"
needs balances and the policy; a follow-up ("and last year?") depends on the history. A fixed
route picks one tool per question and cannot recover from a wrong pick; ReAct lets the model
choose, see the observation and choose again, within ``MAX_ITERS`` steps. The offline baseline is
the fixed pipeline, so the two are compared on the same eval suites.

The signed-in user's tools are passed to each call (``program(question=..., tools=...)``), not
built into the program: the ReAct tools are proxies that call the ``UserTools`` of the current
call, so one program — and one compiled set of demos — serves every user, and the model's
choice of tool never reaches anyone else's data.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Literal, get_type_hints

import dspy

from workbench.agent.tools import UserTools
from workbench.prompts import INTENTS, Demo, PromptVersion

#: Tool calls per answer at most by default (a balance + policy question needs two or three);
#: ``Settings.max_tool_iters`` is what the assistant passes.
MAX_ITERS = 6
#: The ``UserTools`` methods the model may call.
TOOL_NAMES = ("get_balances", "search_claims", "get_claim", "claims_summary", "search_policy")

_CURRENT_TOOLS: ContextVar[UserTools | None] = ContextVar("current_user_tools", default=None)


class AnswerQuestion(dspy.Signature):
    """Answer the signed-in employee's question (replaced by the prompt version's instructions)."""

    question: str = dspy.InputField(desc="The employee's question.")
    history: str = dspy.InputField(
        desc="Earlier turns of this conversation, oldest first; may be empty.")
    answer: str = dspy.OutputField(
        desc="The reply to the employee, grounded in the tool results and retrieved passages.")
    intent: Literal[INTENTS] = dspy.OutputField(  # type: ignore[valid-type]
        desc="What was asked: balance, claim_status, claim_history, claim_aggregate, "
             "policy_coverage, how_to_claim, contacts, out_of_scope (not about benefits) or "
             "other_user (about another person's data).")
    refused: bool = dspy.OutputField(
        desc="true when the reply declines the request (another person's data, out of scope, "
             "a claim that is not the employee's); false otherwise.")
    cited: list[str] = dspy.OutputField(
        desc="chunk_id of every retrieved policy passage the answer relies on; [] when none.")


@contextlib.contextmanager
def bound_tools(tools: UserTools) -> Iterator[None]:
    """Make ``tools`` the ones the program's tool proxies call, for the enclosed block."""
    token = _CURRENT_TOOLS.set(tools)
    try:
        yield
    finally:
        _CURRENT_TOOLS.reset(token)


def _proxy(name: str) -> dspy.Tool:
    """A ReAct tool shaped like ``UserTools.<name>`` that calls the current call's ``UserTools``."""
    method = getattr(UserTools, name)

    def call(**kwargs):
        tools = _CURRENT_TOOLS.get()
        if tools is None:
            raise RuntimeError(f"{name} called outside a program call; pass tools=UserTools(...)")
        return getattr(tools, name)(**kwargs)

    signature = inspect.signature(method)
    call.__name__ = call.__qualname__ = name
    call.__doc__ = method.__doc__
    call.__signature__ = signature.replace(parameters=list(signature.parameters.values())[1:])
    call.__annotations__ = {k: v for k, v in get_type_hints(method).items() if k != "self"}
    return dspy.Tool(call)


def demo_example(demo: Demo) -> dspy.Example:
    """A prompt-file demo as a ``dspy.Example`` with ``question`` and ``history`` as inputs."""
    history = "\n".join(f"User: {t.question}\nAssistant: {t.answer}" for t in demo.history)
    fields = dict(question=demo.question, history=history, answer=demo.answer,
                  intent=demo.intent, refused=demo.refused, cited=list(demo.cited))
    if demo.trajectory:
        fields["trajectory"] = demo.trajectory
    return dspy.Example(**fields).with_inputs("question", "history", *(["trajectory"] if demo.trajectory else []))


_SIGNATURES: dict[str, type[dspy.Signature]] = {}


def _signature(prompt: PromptVersion) -> type[dspy.Signature]:
    """The signature with a prompt version's instructions, built once per prompt content.

    Building a signature makes pydantic models (~10 ms each on the CI machine), and a program
    is built for every session; signatures are immutable, so one per prompt hash is shared.
    """
    if prompt.content_hash not in _SIGNATURES:  # a race builds it twice, harmlessly
        _SIGNATURES[prompt.content_hash] = AnswerQuestion.with_instructions(prompt.instructions())
    return _SIGNATURES[prompt.content_hash]


class ClaimsProgram(dspy.Module):
    """``question, history, tools -> answer, intent, refused, cited`` for one prompt version.

    Args:
        prompt: The prompt version; its instructions (system text, rules, contacts) become the
            signature's instructions and its demos the answer step's demos, so its content is
            part of every LM request (and of every cache key).
        max_iters: Tool calls per answer at most.
    """

    def __init__(self, prompt: PromptVersion, max_iters: int = MAX_ITERS):
        super().__init__()
        self.prompt = prompt
        signature = _signature(prompt)
        self.agent = dspy.ReAct(signature, tools=[_proxy(n) for n in TOOL_NAMES], max_iters=max_iters)
        self.agent.extract.predict.demos = [demo_example(d) for d in prompt.llm.demos]

    def forward(self, question: str, history: str = "", tools: UserTools | None = None) -> dspy.Prediction:
        """Run the agent with ``tools`` bound.

        The prediction has the typed outputs and the ReAct ``trajectory``.

        Raises:
            ValueError: ``tools`` is missing.
        """
        if tools is None:
            raise ValueError("ClaimsProgram needs the signed-in user's tools: program(question=..., "
                             "tools=UserTools(...)).")
        with bound_tools(tools):
            return self.agent(question=question, history=history)
