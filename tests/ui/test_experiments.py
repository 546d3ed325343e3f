"""The experiments page: how to create runs when there are none; the runs compared if any."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from ui_helpers import TIMEOUT_S, texts

from workbench.config import Settings
from workbench.evaluation.experiment import evaluate


def _experiments_script() -> None:
    from workbench.ui.experiments import experiments_page

    experiments_page()


def open_experiments() -> AppTest:
    """The experiments page on its own.

    ``AppTest.switch_page`` only opens file-based pages; the sign-in gate in front of this page
    is the one in front of the chat page, tested in test_app.py.
    """
    return AppTest.from_function(_experiments_script, default_timeout=TIMEOUT_S).run()


def test_without_runs_the_page_says_how_to_create_them(app_env):
    """An empty tracking store: a pointer to `workbench eval run`, no error."""
    at = open_experiments()
    assert not at.exception
    assert "There are no evaluation runs yet" in texts(at)
    assert "workbench eval run --suite smoke" in texts(at)


@pytest.fixture
def two_runs(app_env, resources):
    """Prompt v1 and v2 (offline) tracked over the first dev cases of the shipped smoke suite.

    The shipped suites are built from the default sample data, which is the session's claims DB,
    so the page is shown real runs without generating (and locking) a scratch copy of the suites.
    """
    settings = Settings()
    return [evaluate(settings, "smoke", version, "offline", concurrency=2, resources=resources,
                     limit=12, split="dev") for version in ("v1", "v2")]


@pytest.mark.slow
def test_runs_are_ranked_plotted_and_compared(two_runs):
    """The leaderboard has both variants; two Pareto plots; a paired comparison with verdicts."""
    at = open_experiments()
    assert not at.exception
    board = at.dataframe[0].value
    assert set(board["Variant"]) == {"v1 · offline baseline (no LLM)",
                                     "v2 · offline baseline (no LLM)"}
    assert board["Fully right"].between(0, 100).all()
    assert "gets the most questions fully right" in texts(at)
    assert len(at.get("image")) == 2, "accuracy vs cost and vs latency"
    comparison = next(d.value for d in at.dataframe if "Verdict for B" in d.value.columns)
    assert "Fully right (share)" in set(comparison["What"])
    assert "12 questions answered by both" in texts(at)
