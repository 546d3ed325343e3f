"""Fixtures for the Streamlit app tests: the app's environment, signed-up users, AppTest helpers.

The app reads its settings from ``WORKBENCH_*`` environment variables (as ``workbench app``
does). ``app_env`` points them at the session's claims DB and knowledge index, with an app
database (access codes, memory, rate limits, feedback) of the test's own.
"""

from __future__ import annotations

import pytest
from ui_helpers import CODE

from workbench.claims import Employee
from workbench.config import Settings
from workbench.ui.access_codes import AccessCodes


@pytest.fixture
def app_env(monkeypatch, session_settings, tmp_path) -> dict[str, str]:
    """``WORKBENCH_*`` variables for the app: session data, a fresh app DB, the offline model."""
    env = {
        "WORKBENCH_DATA_DIR": str(session_settings.data_dir),
        "WORKBENCH_CLAIMS_DB": str(session_settings.claims_db),
        "WORKBENCH_CHROMA_DIR": str(session_settings.chroma_dir),
        "WORKBENCH_CACHE_DIR": str(session_settings.cache_dir),
        "WORKBENCH_APP_DB": str(tmp_path / "app.sqlite"),
        "WORKBENCH_MLFLOW_TRACKING_URI": f"sqlite:///{tmp_path / 'mlflow.db'}",
        "WORKBENCH_MODEL": "offline",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@pytest.fixture
def app_settings(app_env) -> Settings:
    """The settings the app sees."""
    return Settings()


@pytest.fixture
def users(app_settings, resources) -> list[Employee]:
    """Two sample users, each with the access code ``CODE``."""
    codes = AccessCodes(app_settings.app_db)
    out = []
    for email in resources.store.users(2)["email"]:
        employee = resources.store.for_user(email).employee
        codes.set(employee, CODE)
        out.append(employee)
    return out
