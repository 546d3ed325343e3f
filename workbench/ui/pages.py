"""The pages of the app. Add a page by adding an ``st.Page`` to ``signed_in_pages``.

Each page is a function that runs for a signed-in user (``state.signed_in()`` is set);
``app.main`` shows only the sign-in page to anyone else.
"""

from __future__ import annotations

import streamlit as st

from workbench.ui.auth import sign_in_page
from workbench.ui.chat import chat_page
from workbench.ui.experiments import experiments_page


def signed_in_pages() -> list[st.Page]:
    """The pages a signed-in person can open; the first is the landing page."""
    return [
        st.Page(chat_page, title="Chat", icon=":material/chat:", url_path="chat", default=True),
        st.Page(experiments_page, title="Experiments", icon=":material/science:",
                url_path="experiments"),
    ]


def signed_out_pages() -> list[st.Page]:
    """What anyone not signed in can open: only the sign-in page."""
    return [st.Page(sign_in_page, title="Sign in", icon=":material/login:", url_path="sign-in",
                    default=True)]
