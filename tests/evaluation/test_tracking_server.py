"""Eval runs logged to an MLflow tracking server whose backend store is PostgreSQL, and compared from it.

The fixtures use the session's private PostgreSQL cluster (``postgres_cluster`` in tests/conftest.py;
Debian's `postgresql`, which `scripts/services.sh start` installs) and start `mlflow server` on a
free loopback port, and stop both afterwards.
Without PostgreSQL or psycopg the test skips and says why.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed: pip install 'psycopg[binary]'")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url(postgres_cluster):
    """An ``mlflow`` database in the session's throw-away PostgreSQL cluster (tests/conftest.py)."""
    return postgres_cluster.create_database("mlflow").replace("postgresql://", "postgresql+psycopg://")


@pytest.fixture(scope="module")
def tracking_server(postgres_url, tmp_path_factory):
    """`mlflow server` with the PostgreSQL backend store and a local artifact folder."""
    mlflow_bin = Path(sys.executable).parent / "mlflow"
    port = _free_port()
    artifacts = tmp_path_factory.mktemp("mlflow-artifacts")
    log = (tmp_path_factory.mktemp("mlflow-log") / "server.log").open("wb")
    proc = subprocess.Popen([str(mlflow_bin), "server", "--backend-store-uri", postgres_url,
                             "--artifacts-destination", str(artifacts), "--host", "127.0.0.1",
                             "--port", str(port), "--workers", "1"], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # first start creates the schema in PostgreSQL
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            pytest.fail(f"mlflow server did not start within 180 s (see {log.name})")
        time.sleep(1)
    yield url
    proc.terminate()
    proc.wait(timeout=30)


@pytest.mark.slow
def test_eval_runs_log_to_the_server_and_compare_reads_from_it(tracking_server, postgres_url, settings,
                                                               session_settings, monkeypatch):
    from workbench.cli import app

    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("WORKBENCH_CLAIMS_DB", str(settings.claims_db))
    monkeypatch.setenv("WORKBENCH_CHROMA_DIR", str(session_settings.chroma_dir))
    monkeypatch.setenv("WORKBENCH_MLFLOW_TRACKING_URI", tracking_server)
    runner = CliRunner()
    for version in ("v1", "v2"):
        result = runner.invoke(app, ["eval", "run", "--suite", "smoke", "--prompt", version, "--model", "offline",
                                     "--limit", "6", "--concurrency", "2"])
        assert result.exit_code == 0, result.output
    with psycopg.connect(postgres_url.replace("+psycopg", "")) as con:
        run_ids = [r[0] for r in con.execute("SELECT run_uuid FROM runs ORDER BY start_time").fetchall()]
    assert len(run_ids) == 2, "both runs are rows in PostgreSQL"
    compared = runner.invoke(app, ["eval", "compare", *run_ids])
    assert compared.exit_code == 0, compared.output
    assert "v1" in compared.output and "v2" in compared.output
