"""The knowledge index through a Chroma server (`chroma run`) on loopback, as several processes use it.

The fixture starts the chroma CLI that the installed chromadb ships, on a free loopback port,
and stops it afterwards; without it the test skips and says so.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from workbench.config import Settings
from workbench.errors import ConfigError
from workbench.knowledge import KnowledgeIndex


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    """A private Chroma server for this module."""
    binary = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if binary is None:
        pytest.skip("the `chroma` command is not installed (it comes with the chromadb package)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen([binary, "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            pytest.fail("chroma run did not answer within 60 s")
        time.sleep(0.3)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.mark.slow
def test_index_through_a_chroma_server_is_shared_by_every_client(tmp_path, chroma_url):
    first = KnowledgeIndex(Settings(data_dir=tmp_path / "a", chroma_url=chroma_url))
    report = first.ingest()
    assert report.added > 0 and first.count() == report.added
    assert not (tmp_path / "a" / "chroma").exists(), "nothing is written to the local folder"
    other = KnowledgeIndex(Settings(data_dir=tmp_path / "b", chroma_url=chroma_url))  # another process
    assert other.count() == report.added
    assert other.ingest().embedded == 0, "a second client re-embeds nothing"
    hits = other.search("Is teeth whitening covered?", k=3)
    assert len(hits) == 3 and hits[0].score >= hits[-1].score


def test_a_bad_chroma_url_names_the_setting(tmp_path):
    with pytest.raises(ConfigError, match="WORKBENCH_CHROMA_URL"):
        _ = KnowledgeIndex(Settings(data_dir=tmp_path, chroma_url="127.0.0.1:8000")).collection
