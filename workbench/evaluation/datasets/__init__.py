"""Eval cases: the schema of a suite row, loading and writing suites, and their generation."""
