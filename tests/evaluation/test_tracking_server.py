"""Eval runs logged to an MLflow tracking server whose backend store is PostgreSQL, and compared from it.

The fixtures start a private PostgreSQL cluster (Debian's `postgresql`; `scripts/services.sh
start` installs it) and `mlflow server` on free loopback ports, and stop both afterwards.
Without PostgreSQL or psycopg the test skips and says why.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
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


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@pytest.fixture(scope="module")
def postgres_url():
    """A throw-away PostgreSQL cluster on loopback with an ``mlflow`` database."""
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (run `scripts/services.sh start`, which apt-installs it)")
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []  # postgres refuses root
    # Not under pytest's tmp folder: that is private to root, and the server runs as postgres.
    home = Path(tempfile.mkdtemp(prefix="workbench-pg-"))
    data = home / "data"
    data.mkdir()
    if as_user:
        shutil.chown(home, "postgres")
        shutil.chown(data, "postgres")
    subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(data), "-U", "workbench", "--auth=trust"],
                   check=True, stdout=subprocess.DEVNULL)
    port = _free_port()
    subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(data / "log"), "-w", "-t", "60",
                    "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {data}", "start"],
                   check=True, stdout=subprocess.DEVNULL)
    try:
        with psycopg.connect(f"postgresql://workbench@127.0.0.1:{port}/postgres", autocommit=True) as con:
            con.execute("CREATE DATABASE mlflow")
        yield f"postgresql+psycopg://workbench@127.0.0.1:{port}/mlflow"
    finally:
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
                       stdout=subprocess.DEVNULL, check=False)
        shutil.rmtree(home, ignore_errors=True)


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
