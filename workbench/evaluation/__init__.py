"""Evaluation of the claims assistant, one sub-package per concept.

* ``datasets/``: the eval-case schema, suite files, splits and the test-split lock, generation.
* ``scoring/``: the scorer registry, the exact scorers and the LLM-judged (ragas) ones.
* ``running/``: the runner that answers and scores cases concurrently, with timeouts and resume.
* ``analysis/``: summaries, paired statistics, comparisons, failures, reports and plots.
* ``tracking``: MLflow runs; ``gate``: the CI regression gate; ``experiment``: the functions
  notebooks and the CLI call to run, track and compare.
"""
