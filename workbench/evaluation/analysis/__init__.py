"""Analysis of finished runs: summaries, paired statistics, comparisons, failures, reports, plots."""
