"""Every benchmark runs at its tiny size and writes its results file (no timing assertions)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ["startup", "datagen", "concurrency", "overhead", "cache", "ingest"]


@pytest.mark.slow
@pytest.mark.parametrize("name", BENCHMARKS)
def test_benchmark_runs_at_tiny_size(name, session_settings, tmp_path):
    # The benchmarks read WORKBENCH_* like the CLI: point them at the session's claims and a copy
    # of its index (Chroma is not process-safe: a benchmark process opening the session's own index
    # left this process's client failing policy searches in the tests that ran after it).
    chroma = tmp_path / "chroma"
    shutil.copytree(session_settings.chroma_dir, chroma)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT),
           "WORKBENCH_DATA_DIR": str(tmp_path / "data"),
           "WORKBENCH_CLAIMS_DB": str(session_settings.claims_db),
           "WORKBENCH_CHROMA_DIR": str(chroma),
           "WORKBENCH_MLFLOW_TRACKING_URI": f"sqlite:///{tmp_path / 'mlflow.db'}"}
    results = ROOT / "benchmarks" / "results" / f"{name}.json"
    before = results.read_text() if results.is_file() else None
    try:
        done = subprocess.run([sys.executable, "-m", f"benchmarks.{name}", "--tiny"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=1800)
        assert done.returncode == 0, done.stderr[-3000:]
        written = json.loads(results.read_text())
        assert written["benchmark"] == name and written["rows"]
        assert written["machine"]["cores"] >= 1
    finally:  # the committed figures are the full-size ones; a tiny run must not replace them
        if before is not None:
            results.write_text(before)
