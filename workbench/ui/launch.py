"""How to start the app: the ``streamlit run`` command of ``workbench app`` and the e2e test."""

from __future__ import annotations

import sys
from pathlib import Path

from workbench.config import PROJECT_ROOT

APP_SCRIPT = PROJECT_ROOT / "app_streamlit.py"
LOOPBACK = "127.0.0.1"


def streamlit_command(host: str = LOOPBACK, port: int = 8501, headless: bool = True,
                      script: Path = APP_SCRIPT, watch: bool = False) -> list[str]:
    """The argv that serves the app on ``host:port`` (loopback unless told otherwise).

    Usage statistics are off (the app must run offline), the toolbar hides developer options,
    and the file watcher is off unless ``watch`` (it is only useful while editing the code).
    """
    return [sys.executable, "-m", "streamlit", "run", str(script),
            "--server.address", host, "--server.port", str(port),
            "--server.headless", str(headless).lower(),
            "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal",
            "--server.fileWatcherType", "auto" if watch else "none"]
