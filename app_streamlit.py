"""Streamlit entry point: `workbench app`, or `streamlit run app_streamlit.py`.

The app lives in ``workbench/ui/``; this file only starts it.
"""

from workbench.ui.app import main

main()
