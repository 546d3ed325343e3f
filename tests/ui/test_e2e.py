"""End to end: the app served by ``streamlit run``, driven in a real headless Chromium.

The browser is Debian's ``/usr/bin/chromium`` (``scripts/ensure_chromium.sh`` installs it),
started by Playwright with ``executable_path``: no browser is downloaded. The test skips,
saying why, only when no chromium binary can be found.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from ui_helpers import CODE

from workbench.config import PROJECT_ROOT
from workbench.ui.feedback_store import FeedbackStore
from workbench.ui.launch import LOOPBACK, streamlit_command

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
START_TIMEOUT_S = 90
#: Generous: other work on the machine can slow the first answer (the model loads).
UI_TIMEOUT_MS = 120_000
INJECTION = "<img src=x onerror=alert(1)> **bold** What documents do I need for a hospital claim?"


def chromium_path() -> str | None:
    """Debian's chromium (or ``$CHROMIUM``), if installed."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


@pytest.fixture
def served_app(app_env, users, tmp_path) -> Iterator[str]:
    """The app served on a free loopback port; yields its URL, stops it afterwards."""
    port = free_port()
    log = (tmp_path / "streamlit.log").open("w")
    env = {**os.environ, **app_env, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(streamlit_command(LOOPBACK, port), cwd=tmp_path, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://{LOOPBACK}:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}: "
                            f"{(tmp_path / 'streamlit.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer on {url} within {START_TIMEOUT_S} s")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture
def page(served_app):
    """A page in headless Debian chromium (skips only when chromium is not installed)."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("chromium not found at /usr/bin/chromium (or $CHROMIUM): run "
                    "scripts/ensure_chromium.sh (apt-get install chromium) to run this test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True,
                                    args=["--no-sandbox", "--disable-dev-shm-usage"])
        context = browser.new_context(viewport={"width": 1280, "height": 1400})
        page = context.new_page()
        page.set_default_timeout(UI_TIMEOUT_MS)
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.dialogs = dialogs
        yield page
        browser.close()


def test_sign_in_ask_see_sources_and_give_feedback_in_a_browser(page, served_app, users,
                                                                 app_settings):
    """Sign in, ask, open the sources, rate the answer and open the experiments page."""
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        _sign_in_ask_and_rate(page, served_app, users[0], app_settings)
        page.screenshot(path=str(ARTIFACTS / "chat_e2e.png"), full_page=True)
        _open_experiments(page)
    except BaseException:
        page.screenshot(path=str(ARTIFACTS / "e2e_failure.png"), full_page=True)
        raise


def _open_experiments(page) -> None:
    from playwright.sync_api import expect

    page.get_by_role("link", name="Experiments").click()
    expect(page.get_by_text("There are no evaluation runs yet", exact=False)).to_be_visible()
    expect(page.get_by_text("workbench eval run --suite smoke").first).to_be_visible()


def _sign_in_ask_and_rate(page, url, user, app_settings) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=UI_TIMEOUT_MS)
    page.goto(url)
    page.get_by_label("Work email").fill(user.email)
    page.get_by_label("Access code").fill(CODE)
    page.get_by_role("button", name="Sign in").click()

    chat = page.get_by_placeholder("Ask about your claims, balances or the benefits policy")
    expect(chat).to_be_visible()
    expect(page.get_by_text("no LLM").first).to_be_visible()
    chat.fill(INJECTION)
    chat.press("Enter")

    # The question is shown as typed: the tag and the asterisks are text, not markup.
    expect(page.get_by_text("<img src=x onerror=alert(1)> **bold**")).to_be_visible()
    assert page.locator("img[src='x']").count() == 0
    assert page.dialogs == [], "no script ran"

    sources = page.get_by_text("Sources (", exact=False).first
    expect(sources).to_be_visible()
    sources.click()
    expect(page.get_by_text("documents-required.md", exact=False).first).to_be_visible()
    expect(page.get_by_text("relevance", exact=False).first).to_be_visible()
    expect(page.get_by_text("no LLM: 0 tokens", exact=False)).to_be_visible()

    page.get_by_role("radio", name="Thumbs down").click()
    page.get_by_text("What should the answer have been?").click()
    page.get_by_label("Comment (optional)").fill("Too vague")
    page.get_by_label("Expected answer (optional)").fill("An itemised receipt and a claim form.")
    page.get_by_role("button", name="Save feedback").click()
    expect(page.get_by_text("Feedback saved.")).to_be_visible()

    [item] = FeedbackStore(app_settings.app_db).all()
    assert item.rating == "down" and item.user_email == user.email
    assert item.question == INJECTION and item.prompt == "claims_assistant@v2"
    assert item.model == "offline" and item.trace_id
    assert item.comment == "Too vague"
    assert item.expected_answer == "An itemised receipt and a claim form."
