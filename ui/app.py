"""Streamlit entry point: `msra serve` (or `streamlit run ui/app.py`)."""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run` puts this file's folder, not the project, on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st

from ui import chat, explore, staff

st.set_page_config(
    page_title="MS Research Assistant", page_icon=":material/neurology:", layout="centered"
)
navigation = st.navigation(
    [
        st.Page(chat.page, title="Ask", icon=":material/chat:", url_path="ask", default=True),
        st.Page(explore.page, title="Explore", icon=":material/library_books:", url_path="explore"),
        st.Page(
            staff.page, title="Staff", icon=":material/admin_panel_settings:", url_path="staff"
        ),
    ]
)
navigation.run()
