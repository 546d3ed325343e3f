"""The Streamlit app: page setup, the sign-in gate and the page navigation."""

from __future__ import annotations

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.ui import state
from workbench.ui.auth import account_sidebar, current_user, oidc_providers
from workbench.ui.pages import signed_in_pages, signed_out_pages


def main() -> None:
    """Run one script run of the app (Streamlit calls this on every interaction)."""
    st.set_page_config(page_title="Claims Assistant", page_icon=":material/chat:",
                       layout="centered")
    shared = None
    if oidc_providers() is not None:  # the provider's email is resolved in the claims DB
        try:
            shared = state.resources(state.settings())
        except WorkbenchError as exc:
            st.error(str(exc))
            st.stop()
    user = current_user(shared)
    if user is None:
        st.navigation(signed_out_pages(), position="hidden").run()
        return
    account_sidebar(user)
    st.navigation(signed_in_pages(), position="sidebar").run()
