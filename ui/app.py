"""Streamlit entry point: `msra serve` (or `streamlit run ui/app.py`)."""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run` puts this file's folder, not the project, on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st

from ui import chat, explore, staff

# Icons ship with the app: Streamlit's ":material/...:" icons make the browser fetch SVGs
# from fonts.gstatic.com, and the app must work (and stay private) with no internet.
ICON = Path(__file__).resolve().parent / "static" / "icon.png"
st.set_page_config(page_title="MS Research Assistant", page_icon=str(ICON), layout="centered")
# The app's CSS on every page: readable captions and a visible keyboard focus ring.
st.html(ICON.parent / "chat.css")
navigation = st.navigation(
    [
        st.Page(chat.page, title="Ask", url_path="ask", default=True),
        st.Page(explore.page, title="Explore", url_path="explore"),
        st.Page(staff.page, title="Staff", url_path="staff"),
    ]
)
# Which page the last run showed: switching pages clears the address, so the explorer
# puts back the search it had when someone returns to it from another page.
st.session_state["msra_last_page"] = st.session_state.get("msra_page")
st.session_state["msra_page"] = navigation.url_path
navigation.run()
