"""Test helpers that ship with the package (the eval tests and notebooks use them too)."""

from workbench.testing.fake_openai import FakeOpenAI

__all__ = ["FakeOpenAI"]
