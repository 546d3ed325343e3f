"""Per-browser-session state, and the read-only resources shared by all sessions.

Only read-only objects are shared through ``st.cache_resource``: the claims store and the
knowledge index (``Resources``) and the ``ClaimsAssistant`` (prompt, model, baseline router).
Everything that belongs to one person — who is signed in, their assistant session (the tools
bound to them) and conversation — lives in ``st.session_state``, which Streamlit keeps per
browser session.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import streamlit as st

from workbench.agent import AssistantSession, ClaimsAssistant, Resources
from workbench.agent.memory import UserMemory
from workbench.claims import Employee
from workbench.config import Settings
from workbench.limits import Limiter, rate_limiter
from workbench.ui.access_codes import MAX_FAILED_SIGN_INS_PER_MINUTE, AccessCodes
from workbench.ui.feedback_store import FeedbackStore
from workbench.ui.transcript import AnswerLog

_USER = "wb_user"
_SESSION = "wb_session"
_CONVERSATION = "wb_conversation"
_STORES = "wb_stores"


@dataclass(frozen=True)
class SignedIn:
    """Who this browser session belongs to, and how they proved it."""

    employee: Employee
    method: str  # "access code" or "single sign-on"


@dataclass(frozen=True)
class AppStores:
    """The app's tables in ``settings.app_db`` (handles hold a path, not a connection)."""

    codes: AccessCodes
    questions: Limiter
    sign_in_failures: Limiter
    answers: AnswerLog
    feedback: FeedbackStore


def settings() -> Settings:
    """Settings from the environment and ``.env`` (cheap; read on every run)."""
    return Settings()


def stores(cfg: Settings) -> AppStores:
    """This session's handles on the app database (the tables are created once)."""
    key = (str(cfg.app_db), cfg.rate_limit_per_minute, cfg.memory_ttl_hours, cfg.redis_url)
    held = st.session_state.get(_STORES)
    if held is None or held[0] != key:
        held = (key, AppStores(
            codes=AccessCodes(cfg.app_db),
            # The same limiter as the API's (Redis when WORKBENCH_REDIS_URL is set).
            questions=rate_limiter(cfg, cfg.rate_limit_per_minute),
            sign_in_failures=rate_limiter(cfg, MAX_FAILED_SIGN_INS_PER_MINUTE),
            answers=AnswerLog(cfg.app_db, cfg.memory_ttl_hours),
            feedback=FeedbackStore(cfg.app_db)))
        st.session_state[_STORES] = held
    return held[1]


@st.cache_resource(show_spinner="Opening the claims database and the knowledge index …")
def _open_resources(claims_db: str, chroma_dir: str, _cfg: Settings) -> Resources:
    # Keyed on the paths (or the claims URL): the heavy, read-only part every session shares.
    return Resources.open(_cfg)


def resources(cfg: Settings) -> Resources:
    """The shared claims store and knowledge index (opened once per process and paths)."""
    return _open_resources(cfg.claims_db_url or str(cfg.claims_db), str(cfg.chroma_dir), cfg)


@st.cache_resource(show_spinner="Loading the assistant …")
def _build_assistant(settings_json: str, _cfg: Settings) -> ClaimsAssistant:
    # Keyed on every setting: a changed prompt version, model or path builds a new one.
    return ClaimsAssistant(_cfg, resources=resources(_cfg))


def assistant(cfg: Settings) -> ClaimsAssistant:
    """The shared assistant for the configured prompt version and model.

    It holds nothing about any user: ``assistant.session(user)`` binds the tools and memory.
    """
    return _build_assistant(f"{cfg.resolved_model} {cfg.model_dump_json()}", cfg)


def signed_in() -> SignedIn | None:
    """Who is signed in to this browser session, if anyone."""
    return st.session_state.get(_USER)


def start(user: SignedIn) -> None:
    """Bind this browser session to ``user``, dropping anything left from someone else."""
    clear()
    st.session_state[_USER] = user


def clear() -> None:
    """Forget everything about this browser session (sign-out)."""
    for key in list(st.session_state):
        del st.session_state[key]


def assistant_session(cfg: Settings, user: SignedIn) -> AssistantSession:
    """The signed-in user's assistant session, built once per browser session.

    It continues the user's latest unexpired conversation, so a reload shows the history.
    The session is bound to ``user`` when built; it is rebuilt if the user or the settings
    change, never re-pointed.
    """
    employee_id = user.employee.employee_id
    key = (employee_id, cfg.prompt_name, cfg.prompt_version, cfg.resolved_model, str(cfg.app_db))
    held = st.session_state.get(_SESSION)
    if held is None or held[0] != key:
        shared = assistant(cfg)
        conversation = (st.session_state.get(_CONVERSATION)
                        or _latest_conversation(shared, employee_id))
        session = shared.session(employee_id, conversation)
        held = (key, session)
        st.session_state[_SESSION] = held
        st.session_state[_CONVERSATION] = session.conversation_id
    session = held[1]
    if session.user.employee_id != employee_id:  # defence in depth: never serve another user
        clear()
        raise RuntimeError("assistant session bound to a different user; session cleared")
    return session


def new_conversation() -> None:
    """Start a fresh conversation on the next run (the old one stays in memory)."""
    st.session_state[_CONVERSATION] = UserMemory.new_conversation_id()
    st.session_state.pop(_SESSION, None)


def _latest_conversation(shared: ClaimsAssistant, employee_id: str) -> str | None:
    latest = shared.memory.for_user(employee_id).conversations()
    if latest and latest[0][1] >= time.time() - shared.memory.ttl_s:
        return latest[0][0]
    return None
