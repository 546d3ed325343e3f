"""The Streamlit front end: sign-in, the chat page with its feedback, and the experiments page.

``app_streamlit.py`` only calls ``workbench.ui.app.main()``. Modules that import Streamlit
(``app``, ``pages``, ``auth``, ``chat``, ``feedback``, ``experiments``, ``state``) are kept
apart from the plain-Python ones the CLI and tests also use (``access_codes``, ``ratelimit``,
``transcript``, ``appdb``, ``formatting``, ``launch``), so this package imports nothing on
its own.
"""
