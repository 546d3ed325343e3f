"""Shared fixtures: isolated settings per test, one sample database per session, no network."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from workbench.claims import ClaimsStore, SampleSize, build_database
from workbench.config import Settings

_real_connect = socket.socket.connect


def _loopback_only(self, address):  # noqa: ANN001
    host = address[0] if isinstance(address, tuple) else None
    if host is not None:
        try:
            allowed = ipaddress.ip_address(host).is_loopback
        except ValueError:
            allowed = host == "localhost"
        if not allowed:
            raise OSError(f"tests may not use the network (tried {host})")
    return _real_connect(self, address)


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # optional: xdist may be absent or disabled
def pytest_xdist_make_scheduler(config, log):
    """With ``-n N --dist loadgroup``: unmarked tests go by file, marked ones by group, notebooks together.

    See ``workbench/testing/xdist_schedule.py`` for why. Other ``--dist`` modes keep xdist's own.
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from workbench.testing.xdist_schedule import FileAndGroupScheduling

    return FileAndGroupScheduling(config, log)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Tests pass offline: any connection off this machine fails loudly."""
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path_factory):
    """No test reads the developer's .env, API keys or the repo's data folder."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "WORKBENCH_MODEL", "WORKBENCH_OPENAI_API_KEY",
                 "WORKBENCH_REDIS_URL", "WORKBENCH_CHROMA_URL", "WORKBENCH_MLFLOW_TRACKING_URI",
                 "WORKBENCH_CLAIMS_DB_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


@pytest.fixture(scope="session")
def assurance():
    """Rows for docs/assurance.md: tests/security and tests/reliability record; written at session end."""
    from workbench.config import PROJECT_ROOT
    from workbench.testing.assurance import AssuranceLog

    static = PROJECT_ROOT / "tests" / "assurance_static.md"
    log = AssuranceLog(PROJECT_ROOT / "docs" / "assurance.md",
                       static.read_text(encoding="utf-8") if static.is_file() else "")
    yield log
    log.write()


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory):
    """The default-size sample database, built once per test session."""
    path = tmp_path_factory.mktemp("claims") / "claims.duckdb"
    build_database(path, SampleSize())
    return path


@pytest.fixture(scope="session")
def store(sample_db):
    """A read-only store over the session's sample database."""
    with ClaimsStore(sample_db) as s:
        yield s


@pytest.fixture(scope="session")
def postgres_cluster():
    """One throw-away PostgreSQL cluster on loopback for the session (skips when PostgreSQL is absent).

    Every test that needs PostgreSQL creates its own database in it (``create_database``).
    """
    pytest.importorskip("psycopg", reason="psycopg is not installed: pip install 'psycopg[binary]'")
    from workbench.testing.postgres import PostgresCluster, postgres_bin

    if postgres_bin() is None:
        pytest.skip("PostgreSQL is not installed (run `scripts/services.sh start`, which apt-installs it)")
    with PostgresCluster() as cluster:
        yield cluster


#: The role the PostgreSQL claims store logs in as in tests: it may only SELECT.
PG_READER = "claims_reader"


@pytest.fixture(scope="session")
def postgres_claims_url(postgres_cluster, sample_db) -> str:
    """The session's sample database copied into PostgreSQL; the URL logs in as a SELECT-only role."""
    import psycopg

    from workbench.claims.to_postgres import copy_to_postgres

    url = postgres_cluster.create_database("claims")
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"CREATE ROLE {PG_READER} LOGIN")  # fixed name
    copy_to_postgres(sample_db, url, reader=PG_READER)
    return url.replace(f"//{postgres_cluster.user}@", f"//{PG_READER}@")


@pytest.fixture(scope="session")
def postgres_store(postgres_claims_url):
    """A read-only store over the PostgreSQL copy of the session's sample database."""
    with ClaimsStore(postgres_claims_url) as s:
        yield s


@pytest.fixture(scope="session", params=["duckdb", "postgres"])
def any_store(request):
    """The session's sample data on each backend in turn: the DuckDB file, then its PostgreSQL copy."""
    return request.getfixturevalue("store" if request.param == "duckdb" else "postgres_store")


@pytest.fixture
def settings(tmp_path, sample_db) -> Settings:
    """Settings whose data folder is this test's tmp dir, with the session's claims DB."""
    return Settings(data_dir=tmp_path, claims_db=sample_db)


@pytest.fixture(scope="session")
def session_settings(tmp_path_factory, sample_db) -> Settings:
    """Settings with the sample DB and the real knowledge base ingested, shared by the session."""
    from workbench.knowledge import KnowledgeIndex

    s = Settings(data_dir=tmp_path_factory.mktemp("session-data"), claims_db=sample_db)
    KnowledgeIndex(s).ingest()
    return s


@pytest.fixture(scope="session")
def resources(session_settings):
    """Claims store and knowledge index over the session's data (read-only, shared)."""
    from workbench.agent import Resources

    return Resources.open(session_settings)


@pytest.fixture(scope="session")
def assistants(session_settings, resources):
    """Offline assistants for v1 and v2, keyed by version."""
    from workbench.agent import ClaimsAssistant

    return {v: ClaimsAssistant(session_settings, v, "offline", resources) for v in ("v1", "v2")}
