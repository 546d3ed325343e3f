"""The claims assistant: user-bound tools, the offline baseline, the DSPy program, LM backends, memory."""

from workbench.agent.assistant import AgentResult, AssistantSession, ClaimsAssistant, Resources

__all__ = ["AgentResult", "AssistantSession", "ClaimsAssistant", "Resources"]
