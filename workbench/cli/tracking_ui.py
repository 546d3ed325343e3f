"""`workbench ui`: open the MLflow UI on the workbench's tracking store."""

from __future__ import annotations

import subprocess
import sys

import typer

from workbench.cli._common import console, settings


def ui(port: int = typer.Option(5000, "--port", help="Port on 127.0.0.1."),
       host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on.")) -> None:
    """Open the MLflow UI (runs, metrics, artifacts, traces, prompts) on the tracking store."""
    uri = settings().mlflow_tracking_uri
    console.print(f"MLflow UI for {uri} at http://{host}:{port} (Ctrl-C stops it)")
    raise typer.Exit(subprocess.call([sys.executable, "-m", "mlflow", "ui", "--backend-store-uri", uri,
                                      "--host", host, "--port", str(port)]))
