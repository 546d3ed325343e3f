"""Markdown, HTML and script in a question and in knowledge-base text stay inert in the Streamlit app.

The app is served by ``streamlit run`` on loopback over a knowledge index that holds the planted
document of ``test_injection.py``, and driven in Debian's headless chromium (as tests/ui/test_e2e.py).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request

import pytest
from test_injection import INJECTED_DOC

from workbench.config import PROJECT_ROOT, Settings
from workbench.knowledge import KnowledgeIndex
from workbench.ui.access_codes import AccessCodes
from workbench.ui.launch import LOOPBACK, streamlit_command

pytestmark = [pytest.mark.security, pytest.mark.e2e, pytest.mark.slow]

CODE = "correct-horse-1"
START_TIMEOUT_S = 120
UI_TIMEOUT_MS = 180_000
QUESTION = ("What documents do I need for a dental claim? <img src=x onerror=alert(1)> "
            "![t](https://attacker.example/q.png) <script>alert(2)</script>")


def _chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


@pytest.fixture
def poisoned_app(monkeypatch, session_settings, store, tmp_path):
    """The app on loopback over a poisoned index; yields (url, email)."""
    if _chromium() is None:
        pytest.skip("chromium not found at /usr/bin/chromium (or $CHROMIUM): run scripts/ensure_chromium.sh")
    kb = tmp_path / "kb"
    kb.mkdir()
    shutil.copy(PROJECT_ROOT / "knowledge_base" / "documents-required.md", kb)
    (kb / "dental-updated-rules.md").write_text(INJECTED_DOC, encoding="utf-8")
    env = {"WORKBENCH_DATA_DIR": str(tmp_path / "data"), "WORKBENCH_CLAIMS_DB": str(session_settings.claims_db),
           "WORKBENCH_CHROMA_DIR": str(tmp_path / "chroma"), "WORKBENCH_KNOWLEDGE_DIR": str(kb),
           "WORKBENCH_APP_DB": str(tmp_path / "app.sqlite"), "WORKBENCH_MODEL": "offline",
           "WORKBENCH_MLFLOW_TRACKING_URI": f"sqlite:///{tmp_path / 'mlflow.db'}"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = Settings()
    KnowledgeIndex(settings).ingest()
    email = store.users(1).email[0]
    AccessCodes(settings.app_db).set(store.for_user(email).employee, CODE)
    port = _free_port()
    log = (tmp_path / "streamlit.log").open("w")
    proc = subprocess.Popen(streamlit_command(LOOPBACK, port), cwd=tmp_path, stdout=log,
                            stderr=subprocess.STDOUT, env={**os.environ, **env, "HF_HUB_OFFLINE": "1"})
    url = f"http://{LOOPBACK}:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited: {(tmp_path / 'streamlit.log').read_text()[-1500:]}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer within {START_TIMEOUT_S} s")
            time.sleep(0.5)
        yield url, email
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_markup_in_questions_and_kb_text_is_shown_as_text(poisoned_app, assurance):
    from playwright.sync_api import expect, sync_playwright

    url, email = poisoned_app
    outside, dialogs = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), headless=True,
                                    args=["--no-sandbox", "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1280, "height": 1600})
        page.set_default_timeout(UI_TIMEOUT_MS)
        expect.set_options(timeout=UI_TIMEOUT_MS)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: outside.append(r.url)
                if urllib.parse.urlsplit(r.url).hostname not in (LOOPBACK, "localhost", None) else None)
        page.goto(url)
        page.get_by_label("Work email").fill(email)
        page.get_by_label("Access code").fill(CODE)
        page.get_by_role("button", name="Sign in").click()
        chat = page.get_by_placeholder("Ask about your claims, balances or the benefits policy")
        chat.fill(QUESTION)
        chat.press("Enter")
        expect(page.get_by_text("<img src=x onerror=alert(1)>", exact=False).first).to_be_visible()
        page.get_by_text("Sources (", exact=False).first.click()
        expect(page.get_by_text("dental-updated-rules.md", exact=False).first).to_be_visible()
        planted_visible = page.get_by_text("ignore previous rules", exact=False).count() > 0
        live_images = page.locator("img[src='x'], img[src*='attacker.example']").count()
        links = page.locator("a[href*='attacker.example']")
        links_out = links.count()
        link_info = [(links.nth(i).get_attribute("href"), links.nth(i).inner_text(),
                      links.nth(i).evaluate("a => a.parentElement.innerText.slice(0, 300)"))
                     for i in range(links_out)]
        scripts = page.locator("script:text('alert')").count()
        browser.close()
    checks = {"question shown as text": True, "planted KB text shown as text": planted_visible,
              "no image from the question or the KB": live_images == 0,
              # The asker's own typed URL may show as a link (their text, their session); nothing
              # from the knowledge base or the answer may.
              "no link planted in the KB": not [h for h, _, _ in link_info if "/q.png" not in (h or "")],
              "no script ran": not dialogs and scripts == 0,
              "no request to a planted URL": not [u for u in outside if "attacker.example" in u]}
    others = sorted({urllib.parse.urlsplit(u).hostname for u in outside} - {"attacker.example"})
    notes = [f"Streamlit itself fetched from: {', '.join(others)}"] if others else []
    if links_out:
        notes.append("the URL typed in the question itself is shown as a link")
    assurance.record("2 Injection", "markdown/HTML/script in a question and in KB text stay inert in the "
                     "Streamlit app (headless chromium)", "; ".join(checks), len(checks), sum(checks.values()),
                     "LLM05", note="; ".join(notes))
    assert all(checks.values()), (checks, outside, dialogs, link_info)
