"""Sign-in: the access-code form (embedded default) or the OIDC provider (``st.login``).

When ``.streamlit/secrets.toml`` has an ``[auth]`` section, people sign in with that
OpenID Connect provider and their verified email picks the employee; the access-code form is
not offered. Otherwise the form checks an email and access code against the hashed codes in
the app database. Either way, the result is the only place the signed-in identity comes from.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from workbench.agent import Resources
from workbench.errors import UnknownUserError, WorkbenchError
from workbench.ui import state
from workbench.ui.access_codes import SignInError, authenticate
from workbench.ui.formatting import escape_markdown
from workbench.ui.state import SignedIn

SSO = "single sign-on"
ACCESS_CODE = "access code"


def oidc_providers() -> list[str] | None:
    """None unless ``[auth]`` is configured; else its named providers ([] = just one)."""
    section = st.secrets.get("auth") if st.secrets.load_if_toml_exists() else None
    if not section:
        return None
    return [name for name, value in section.items() if isinstance(value, Mapping)]


def current_user(shared: Resources | None) -> SignedIn | None:
    """Who is signed in, after syncing with the OIDC identity when OIDC is configured."""
    user = state.signed_in()
    if oidc_providers() is None:
        return user
    if not st.user.is_logged_in:
        if user is not None:  # the provider's session ended: so does ours
            state.clear()
        return None
    email = str(st.user.get("email") or "")
    if user is not None and user.employee.email.lower() == email.lower():
        return user
    if shared is None:
        return None
    if st.user.get("email_verified") is False:
        _sso_refused(f"Your provider has not verified {email}; verify it there and sign in again.")
    try:
        employee = shared.store.for_user(email).employee
    except UnknownUserError:
        _sso_refused(f"You are signed in as {email}, but no employee has that email in the "
                     "claims database.")
    state.start(SignedIn(employee, SSO))
    return state.signed_in()


def _sso_refused(message: str) -> None:
    st.error(message)
    if st.button("Sign out", key="sso_refused_sign_out"):
        st.logout()
    st.stop()


def sign_in_page() -> None:
    """The page shown to anyone not signed in."""
    cfg = state.settings()
    st.title("Claims Assistant")
    st.write("Ask about **your own** claims, benefit balances and the benefits policy. "
             "Sign in to start.")
    providers = oidc_providers()
    if providers is not None:
        for provider in providers or [None]:
            label = f"Sign in with {provider}" if provider else "Sign in"
            if st.button(label, type="primary", key=f"login_{provider or 'default'}"):
                st.login(provider)
        return
    try:
        shared = state.resources(cfg)
    except WorkbenchError as exc:
        st.error(str(exc))
        return
    app = state.stores(cfg)
    with st.form("sign_in"):
        email = st.text_input("Work email", key="sign_in_email",
                              placeholder="firstname.lastname@example.com")
        code = st.text_input("Access code", key="sign_in_code", type="password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        try:
            employee = authenticate(app.codes, shared.store, app.sign_in_failures, email, code)
        except SignInError as exc:
            st.error(str(exc))
        else:
            state.start(SignedIn(employee, ACCESS_CODE))
            st.rerun()
    if app.codes.count() == 0:
        st.info("No access codes are set yet. Whoever runs this app can set them with "
                "`workbench users demo-codes` (every sample user) or "
                "`workbench users set-code EMAIL`.")


def account_sidebar(user: SignedIn) -> None:
    """Who is signed in, and the sign-out button."""
    e = user.employee
    with st.sidebar:
        st.markdown(f"**{escape_markdown(e.full_name)}**  \n{escape_markdown(e.email)}")
        st.caption(f"{e.employee_id} · grade {e.grade} · signed in with {user.method}")
        if st.button("Sign out", key="sign_out", icon=":material/logout:"):
            state.clear()
            if user.method == SSO:
                st.logout()
            st.rerun()
