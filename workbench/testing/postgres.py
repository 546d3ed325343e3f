"""A throw-away PostgreSQL cluster on a free loopback port, for integration tests and benchmarks.

Uses the distribution's server binaries (Debian's ``postgresql`` package, which
``scripts/services.sh start`` installs). The cluster lives in a fresh temporary folder, trusts
loopback connections for the ``workbench`` role, and is stopped and deleted on exit.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from workbench.errors import WorkbenchError


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL server's ``bin`` folder, or None when there is none."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresCluster:
    """A private cluster: ``with PostgresCluster() as pg: url = pg.create_database("claims")``."""

    def __init__(self, user: str = "workbench"):
        self.bin_dir = postgres_bin()
        if self.bin_dir is None:
            raise WorkbenchError("PostgreSQL is not installed: run `scripts/services.sh start` "
                                 "(it apt-installs postgresql) or install it yourself.")
        self.user = user
        self.port = 0
        self.home: Path | None = None
        # postgres refuses to run as root: run the server as the postgres system user then.
        self._as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    @property
    def data(self) -> Path:
        """The cluster's data folder."""
        assert self.home is not None, "the cluster is not started"
        return self.home / "data"

    def start(self) -> PostgresCluster:
        """Create a new cluster (initdb) and start it on a free loopback port (waits until it accepts connections)."""
        # Not under pytest's tmp folder: that is private to root, and the server runs as postgres.
        self.home = Path(tempfile.mkdtemp(prefix="workbench-pg-"))
        self.data.mkdir()
        if self._as_user:
            shutil.chown(self.home, "postgres")
            shutil.chown(self.data, "postgres")
        try:
            subprocess.run([*self._as_user, str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", self.user,
                            "--auth=trust"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            self.port = _free_port()
            subprocess.run([*self._as_user, str(self.bin_dir / "pg_ctl"), "-D", str(self.data),
                            "-l", str(self.data / "log"), "-w", "-t", "60",
                            "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.data}", "start"],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except subprocess.CalledProcessError as exc:
            self.stop()
            raise WorkbenchError(f"PostgreSQL did not start: {exc.stderr.decode(errors='replace').strip()}") from exc
        return self

    def url(self, database: str = "postgres") -> str:
        """A ``postgresql://`` URL for ``database`` on this cluster."""
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create an empty database (its name must be a plain identifier) and return its URL."""
        import psycopg

        if not name.isidentifier():
            raise WorkbenchError(f"database name {name!r} must be a plain identifier")
        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"')  # name checked above
        return self.url(name)

    def stop(self) -> None:
        """Stop the server and delete the cluster."""
        if self.home is None:
            return
        if (self.data / "postmaster.pid").exists():
            subprocess.run([*self._as_user, str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast",
                            "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        shutil.rmtree(self.home, ignore_errors=True)
        self.home = None

    def __enter__(self) -> PostgresCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
