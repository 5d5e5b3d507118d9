"""The caregiver's explorer: topics, search, filters and summary pages."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import streamlit as st

from assistant.corpus import SummaryView
from assistant.models import Filters
from knowledge.errors import MSRAError, StoreUnavailableError
from knowledge.models import SECTION_TITLES, STUDY_TYPES
from knowledge.render import at_a_glance
from knowledge.topics import TOPICS
from ui import resources
from ui.display import escape_markdown


def page() -> None:
    """Render the explorer, or one summary when one is open."""
    try:
        corpus = resources.engine().retriever.corpus
    except MSRAError as exc:
        st.error(exc.user_message())
        return
    opened = st.session_state.get("open_summary")
    if opened and opened in corpus.summaries:
        _summary_page(corpus.summaries[opened])
        return
    st.title("Explore the research library")
    counts = Counter(t for view in corpus.summaries.values() for t in view.topics)
    st.markdown(f"{len(corpus.summaries)} summaries in {len(counts)} topics.")
    filters, query = _filters(counts)
    try:
        views = _matching(query, filters)
    except StoreUnavailableError:
        st.error("Search is unavailable right now. Please try again in a moment.")
        return
    st.subheader(f"{len(views)} summaries")
    for view in views[:100]:
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(view.title)}**  \n{_badge(view)}")
            st.markdown(escape_markdown(view.section_text("key_takeaway")))
            st.button("Read the summary", key=f"open-{view.id}", on_click=_open, args=(view.id,))


def _filters(counts: Counter[str]) -> tuple[Filters, str]:
    query = st.text_input("Search the summaries", placeholder="e.g. fatigue and exercise")
    topics = st.pills(
        "Topics",
        [t for t in TOPICS if counts[t]],
        selection_mode="multi",
        format_func=lambda t: f"{t} ({counts[t]})",
        key="topic_pills",
    )
    with st.expander("More filters"):
        since = st.date_input("Published after", value=None, min_value=dt.date(1990, 1, 1))
        credibility = st.slider("Minimum credibility", 1, 5, 1)
        designs = st.multiselect("Study design", STUDY_TYPES)
    filters = Filters(
        topics=list(topics or []),
        published_from=since if isinstance(since, dt.date) else None,
        min_credibility=credibility if credibility > 1 else None,
        study_types=list(designs),
    )
    return filters, query.strip()


def _matching(query: str, filters: Filters) -> list[SummaryView]:
    engine = resources.engine()
    if query:
        found = engine.retriever.retrieve(query, filters)
        return [
            item.view
            for item in found.summaries
            if item.similarity >= engine.settings.retrieval.abstain_below
        ]
    from assistant.corpus import passes

    views = [v for v in engine.retriever.corpus.summaries.values() if passes(v, filters)]
    return sorted(views, key=lambda v: v.published, reverse=True)


def _badge(view: SummaryView) -> str:
    size = view.source.sample_size if view.source else None
    parts = [
        view.published.strftime("%B %-d, %Y"),
        (view.study_type or "design not given").capitalize()
        + (f", {size:,} people" if size else ""),
        f"credibility {view.credibility}/5" if view.credibility else "not yet rated",
        f"interest {view.interest}/5" if view.interest else "",
    ]
    return escape_markdown(" · ".join(p for p in parts if p))


def _open(summary_id: str) -> None:
    st.session_state.open_summary = summary_id


def _close() -> None:
    st.session_state.open_summary = None


def _summary_page(view: SummaryView) -> None:
    st.button("← Back to the library", on_click=_close)
    st.title(view.title)
    st.caption(_badge(view))
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
    engine = resources.engine()
    related = [
        sid
        for sid in engine.related_ids(view.id, view.topics)
        if sid in engine.retriever.corpus.summaries
    ]
    if related:
        st.header("You may also like")
        for sid in related:
            other = engine.retriever.corpus.summaries[sid]
            with st.container(border=True):
                st.markdown(f"**{escape_markdown(other.title)}**  \n{_badge(other)}")
                st.button("Read the summary", key=f"related-{sid}", on_click=_open, args=(sid,))
