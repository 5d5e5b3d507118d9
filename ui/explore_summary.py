"""One summary in the explorer: its page, its shareable address, and the short script
that brings its title into view when it opens."""

from __future__ import annotations

import html
import json
from collections.abc import Callable

import streamlit as st

from assistant.corpus import SummaryView
from knowledge.models import SECTION_TITLES
from knowledge.render import at_a_glance
from ui import assets, resources
from ui.display import escape_markdown
from ui.explore_address import summary_address

# Fixed files only: nothing from the library reaches a script. copy.js (the chat's)
# copies the hidden field beside a copy button: the clipboard API where the page is a
# secure context (127.0.0.1 is), else a selection and the browser's copy command.
# explore.js brings a fixed target into view after a view changes: Streamlit keeps the
# scroll position of the page it replaces, so a summary opened from far down a list of
# results would open mid-page. TARGET, BLOCK and FOCUS are filled in with JSON of fixed
# selectors and words.
# chat.css is on every page already (ui/app.py).
_STYLE = assets.style("explore.css")
_COPY_SCRIPT = assets.script("copy.js")
_PLACE_SCRIPT = assets.script("reader.js", "explore.js")
#: The container holding "Back to the library" and the summary's title (its CSS class
#: is ``st-key-`` and the key).
TOP_KEY = "msra-summary-top"
#: The id of the hidden field holding the summary's address.
LINK_FIELD = "msra-summary-link"


def style() -> None:
    """The explorer's fixed styles (the copy button's, a margin under the app's header)."""
    st.html(_STYLE)


def summary_page(
    view: SummaryView, back: Callable[[], None], open_summary: Callable[[str], None]
) -> None:
    """A summary's page: back, title, shareable address, evidence, sections, related."""
    with st.container(key=TOP_KEY):
        st.button("← Back to the library", on_click=back)
        st.title(view.title)
    st.caption(badge(view))
    _copy_link(view.id)
    if view.card is not None:
        st.header("At a glance")
        st.markdown(at_a_glance(view.card))
    for name, title in SECTION_TITLES.items():
        st.header(title, divider=name == "important_considerations")
        text = view.section_text(name)
        if name == "important_considerations":
            st.warning(escape_markdown(text))
        else:
            st.markdown(escape_markdown(text))
    st.markdown("**Article topics:** " + escape_markdown(", ".join(view.topics)))
    if view.source and view.source.url.startswith(("https://", "http://")):
        st.markdown(
            f"**Original paper:** [{escape_markdown(view.source.title)}](<{view.source.url}>)"
        )
    _related(view, open_summary)


def _copy_link(summary_id: str) -> None:
    """A button copying the summary's own address (``?s=`` only, not the search it was
    opened from); the address is escaped into a hidden field."""
    address = summary_address(st.context.url, summary_id)
    st.html(
        f'<div class="msra-copy-row"><button type="button" class="msra-copy" '
        f'data-copy="{LINK_FIELD}">Copy link to this summary</button>'
        f'<span class="msra-copied" role="status"></span>'
        f'<textarea id="{LINK_FIELD}" hidden readonly aria-hidden="true">'
        f"{html.escape(address)}</textarea></div>"
    )
    st.html(_COPY_SCRIPT, unsafe_allow_javascript=True)


def _related(view: SummaryView, open_summary: Callable[[str], None]) -> None:
    engine = resources.engine()
    summaries = engine.retriever.corpus.summaries
    related = [sid for sid in engine.related_ids(view.id, view.topics) if sid in summaries]
    if not related:
        return
    st.header("You may also like")
    for sid in related:
        other = summaries[sid]
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(other.title)}**  \n{badge(other)}")
            st.button("Read the summary", key=f"related-{sid}", on_click=open_summary, args=(sid,))


def badge(view: SummaryView) -> str:
    """Date, design, size and ratings of a summary, escaped, in one line."""
    size = view.source.sample_size if view.source else None
    parts = [
        view.published.strftime("%B %-d, %Y"),
        (view.study_type or "design not given").capitalize()
        + (f", {size:,} people" if size else ""),
        f"credibility {view.credibility}/5" if view.credibility else "not yet rated",
        f"interest {view.interest}/5" if view.interest else "",
    ]
    return escape_markdown(" · ".join(p for p in parts if p))


def bring_into_view(target: str, block: str, focus: str) -> None:
    """Bring the element ``target`` (a fixed CSS selector) into view at ``block``
    (scrollIntoView's), and move the keyboard focus to its ``focus`` element (a fixed
    selector inside it; "" for none) when the focus was lost with the old view."""
    turn = st.session_state["explore_turn"] = st.session_state.get("explore_turn", 0) + 1
    filled = {
        "TARGET": target,
        "BLOCK": block,
        "FOCUS": focus,
        "TURN": turn,
    }
    script = _PLACE_SCRIPT
    for name, value in filled.items():
        script = script.replace(name, json.dumps(value).replace("<", "\\u003c"))
    st.html(script, unsafe_allow_javascript=True)
