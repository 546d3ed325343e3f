"""One API "worker" for the multiprocess metrics test: count requests, then show /metrics.

    python metrics_worker.py DATA_DIR CLAIMS_DB N [--wait]

Sends N requests to /healthz through the real app (no lifespan: the assistant is not needed),
prints "ready" and, with --wait, waits for a line on stdin; then prints the /metrics text.
PROMETHEUS_MULTIPROC_DIR comes from the environment, as it does for uvicorn workers.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from workbench.config import Settings
from workbench.service.app import create_app


def main() -> None:
    data_dir, claims_db, n = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    client = TestClient(create_app(Settings(data_dir=data_dir, claims_db=claims_db), log_stream=io.StringIO()))
    for _ in range(n):
        assert client.get("/healthz").status_code == 200
    print("ready", flush=True)
    if "--wait" in sys.argv:
        sys.stdin.readline()
    print(client.get("/metrics").text, flush=True)


if __name__ == "__main__":
    main()
