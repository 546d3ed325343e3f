"""The claims assistant as a DSPy program: a ReAct agent over the signed-in user's tools.

Why ``dspy.ReAct`` and not a fixed pipeline (classify intent → call one tool → answer): the
questions people ask mix needs. "Why was my last dental claim rejected, and can I appeal?" needs
a claim lookup *and* a policy search; "How much optical do I have left and what does it cover?"
needs balances and the policy; a follow-up ("and last year?") depends on the history. A fixed
route picks one tool per question and cannot recover from a wrong pick; ReAct lets the model
choose, see the observation and choose again, within ``MAX_ITERS`` steps. The offline baseline is
the fixed pipeline, so the two are compared on the same eval suites. The tools are the only
source of data and are bound to the signed-in user, so the model's freedom to choose does not
reach anyone else's data.
"""

from __future__ import annotations

import dspy

from workbench.agent.tools import UserTools
from workbench.prompts import PromptVersion

#: Tool calls per answer at most by default (a balance + policy question needs two or three);
#: ``Settings.max_tool_iters`` is what the assistant passes.
MAX_ITERS = 6


class AnswerQuestion(dspy.Signature):
    """Answer the signed-in employee's question (replaced by the prompt version's instructions)."""

    question: str = dspy.InputField(desc="The employee's question.")
    history: str = dspy.InputField(
        desc="Earlier turns of this conversation, oldest first; may be empty.")
    answer: str = dspy.OutputField(
        desc="The reply to the employee, grounded in the tool results and retrieved passages.")


class ClaimsProgram(dspy.Module):
    """``question, history -> answer`` with the prompt version's instructions and the user's tools.

    Args:
        prompt: The prompt version; its instructions, rules, contacts and examples become the
            signature's instructions, so its content hash is part of every LM request (and of
            every cache key).
        tools: The tools bound to the signed-in user.
        max_iters: Tool calls per answer at most.
    """

    def __init__(self, prompt: PromptVersion, tools: UserTools, max_iters: int = MAX_ITERS):
        super().__init__()
        self.prompt = prompt
        signature = AnswerQuestion.with_instructions(prompt.instructions())
        self.agent = dspy.ReAct(signature, tools=[dspy.Tool(f) for f in tools.functions()],
                                max_iters=max_iters)

    def forward(self, question: str, history: str = "") -> dspy.Prediction:
        """Run the agent; the prediction has ``answer`` and the ReAct ``trajectory``."""
        return self.agent(question=question, history=history)
