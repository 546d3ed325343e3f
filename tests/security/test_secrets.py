"""Secrets and privacy: a planted API key never appears in anything written; emails stay out of logs;
Streamlit's shared caches hold nothing user-specific."""

from __future__ import annotations

import inspect
import json
import logging
import re
from pathlib import Path

import httpx
import openai
import pytest

from workbench.agent import ClaimsAssistant
from workbench.agent.lm import OpenAICompatibleLM, redact
from workbench.config import PROJECT_ROOT, Settings
from workbench.evaluation.datasets.lock import write_lock
from workbench.evaluation.experiment import evaluate
from workbench.testing import FakeOpenAI

pytestmark = pytest.mark.security

SECTION = "9 Secrets and privacy"
KEY = "sk-assurancePLANTED0123456789abcdefXYZ"


def _written_files(*roots: Path) -> list[Path]:
    return [p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()]


@pytest.mark.slow
def test_a_planted_api_key_appears_in_nothing_written(monkeypatch, tmp_path, sample_db, resources, caplog,
                                                       capfd, assurance):
    caplog.set_level(logging.DEBUG)
    datasets = tmp_path / "datasets"
    datasets.mkdir()
    smoke = (PROJECT_ROOT / "eval" / "datasets" / "smoke.jsonl").read_text(encoding="utf-8").splitlines()
    (datasets / "mini.jsonl").write_text("\n".join(smoke[:4]) + "\n", encoding="utf-8")
    write_lock(datasets, ("mini",))  # the scratch suite's test cases are sealed on purpose
    with FakeOpenAI() as fake:
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        monkeypatch.setenv("WORKBENCH_OPENAI_BASE_URL", fake.base_url)
        settings = Settings(data_dir=tmp_path / "data", claims_db=sample_db, datasets_dir=datasets,
                            chroma_dir=resources.index.settings.chroma_dir, llm_max_retries=0)
        assert settings.openai_api_key.get_secret_value() == KEY
        fake.fail_next(500, times=3)  # the first case fails: its error is recorded too
        report = evaluate(settings, "mini", "v2", "openai/gpt-4o-mini", concurrency=1, resources=resources)
        assert report.rows["error"].notna().any() and report.rows["error"].isna().any()
        # An interactive answer and an error message, for the logs.
        assistant = ClaimsAssistant(settings, "v2", "openai/gpt-4o-mini", resources)
        assistant.session(report.rows["user"].iloc[0]).ask("What is my dental balance?")
    out = capfd.readouterr()
    files = _written_files(tmp_path, Path.cwd())
    places = {str(p): p.read_bytes() for p in files}
    places["captured logs"] = caplog.text.encode()
    places["stdout/stderr"] = (out.out + out.err).encode()
    places["error rows"] = json.dumps(report.rows["error"].dropna().tolist()).encode()
    found = [name for name, data in places.items() if KEY.encode() in data]
    assurance.record(SECTION, "a planted API key appears in no log, MLflow param, trace, report, cache or "
                     "error message", "an eval run (one case failing) and an answer with the key set; every "
                     "file written, the captured logs and output are searched", len(places),
                     len(places) - len(found), "LLM02")
    assert len(files) > 5, "nothing was written: the search is void"
    assert not found, found


def test_error_messages_redact_the_key(assurance):
    lm = OpenAICompatibleLM("openai/gpt-4o-mini", api_key=KEY, base_url="http://127.0.0.1:9/v1")
    request = httpx.Request("POST", "http://127.0.0.1:9/v1/chat/completions")
    errors = [
        openai.AuthenticationError(f"Incorrect API key provided: {KEY}", response=httpx.Response(401, request=request),
                                   body=None),
        openai.InternalServerError(f"proxy said: bearer {KEY} rejected", response=httpx.Response(500, request=request),
                                   body=None),
        openai.RateLimitError("key sk-someOtherKey12345678 over quota", response=httpx.Response(429, request=request),
                              body=None),
    ]
    messages = [lm._failure(exc, 1) for exc in errors]
    clean = [m for m in messages if KEY not in m and "sk-someOtherKey" not in m and "[redacted]" in m]
    assurance.record(SECTION, "LLM error messages redact API keys (the configured one and any sk-… token)",
                     "authentication, server and rate-limit errors whose text carries a key", len(errors),
                     len(clean), "LLM02")
    assert len(clean) == len(errors), messages
    assert redact("no secrets here") == "no secrets here"


def test_emails_stay_out_of_logs(assistants, user_pool, caplog, assurance):
    caplog.set_level(logging.DEBUG)
    for email in user_pool[:5]:
        assistants["v2"].ask(email, "What is my dental balance?")
    emails = [e for e in user_pool if e in caplog.text]
    from workbench.ui import chat

    source = inspect.getsource(chat)
    logged_with_email = re.findall(r"_log\.\w+\([^)]*email[^)]*\)", source)
    checks = [not emails, not logged_with_email]
    assurance.record(SECTION, "user emails never written to logs (logs name the employee id only)",
                     "log records while answering five users; the app's log calls", len(checks), sum(checks),
                     "LLM02")
    assert all(checks), (emails, logged_with_email)


def test_streamlit_shared_caches_hold_nothing_user_specific(assistants, user_pool, assurance):
    import workbench.ui as ui_package

    cached = []
    for path in sorted(Path(ui_package.__file__).parent.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        for match in re.finditer(r"@st\.cache_(?:data|resource)[^\n]*\n(?:@[^\n]*\n)*def (\w+)\(([^)]*)\)", source):
            cached.append((path.name, match.group(1), match.group(2)))
    personal = re.compile(r"\b(user|email|employee|employee_id|session|question|conversation)\b")
    bad = [c for c in cached if personal.search(c[2])]
    # The shared assistant, after sessions for several users, holds no user, tools or memory of one.
    from workbench.agent.memory import UserMemory
    from workbench.agent.tools import UserTools
    from workbench.claims import Employee, UserClaims

    assistant = assistants["v2"]
    for email in user_pool[:3]:
        assistant.session(email).ask("What is my dental balance?")
    held = [name for obj in (assistant, assistant.resources) for name, value in vars(obj).items()
            if isinstance(value, Employee | UserClaims | UserTools | UserMemory)]
    assurance.record(SECTION, "Streamlit's shared caches (st.cache_data/st.cache_resource) take no user "
                     "input and the shared assistant holds no user", f"{len(cached)} cached functions in "
                     "workbench/ui; the shared assistant's attributes after three users' sessions",
                     len(cached) + 1, len(cached) - len(bad) + (not held), "LLM02")
    assert cached and not bad and not held, (bad, held)
