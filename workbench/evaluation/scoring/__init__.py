"""Scorers: the registry every run scores through, and the scorers by concept.

``registry`` (``Score``, ``ScoringContext``, ``@scorer``), ``exact`` (numbers, intent, tools,
refusal, strings), ``leakage``, ``retrieval`` (hit@k, recall, MRR, citation), ``ragas_metrics``
and ``judge`` (the LLM judge); ``scorers`` registers them all.
"""
