"""Scorers: the registry every run scores through, the exact scorers and the LLM-judged ones."""
