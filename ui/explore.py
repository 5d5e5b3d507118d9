"""The caregiver's explorer: search, results, topics and filters, and summary pages.

The address is the page's state (scheme: ``ui.explore_address``). Every choice (a
search, a topic, a filter, opening or leaving a summary) writes the address, and
Streamlit adds a browser history entry for it; Back and Forward change the address and
Streamlit (1.67 syncs ``st.query_params`` on a same-page back/forward) reruns the page
with it, which is then shown with its search text and choices put back in the widgets.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import streamlit as st

from assistant.corpus import Corpus, SummaryView
from assistant.library_search import browse_library, search_library
from assistant.models import Filters
from knowledge.errors import MSRAError, StoreUnavailableError
from knowledge.models import STUDY_TYPES
from knowledge.topics import TOPICS
from ui import resources
from ui.display import escape_markdown
from ui.explore_address import KEYS, MAX_QUERY_CHARS, View, params_of, view_of
from ui.explore_summary import TOP_KEY, badge, bring_into_view, style, summary_page

#: Results shown at most (a search rarely finds more; a filter alone may).
MAX_SHOWN = 100
#: Newest summaries shown before anything is searched or chosen.
NEWEST = 10
#: The results' container, and the card of the summary just left (fixed keys: their
#: CSS classes are what explore.js brings into view).
RESULTS_KEY = "msra-results"
LAST_OPENED_KEY = "msra-last-opened"
_WIDGETS = {
    "q": "explore_q",
    "topics": "explore_topics",
    "since": "explore_since",
    "credibility": "explore_credibility",
    "designs": "explore_designs",
    "open": "explore_topics_open",
}


def page() -> None:
    """Render the explorer: one summary when the address opens one, else the library."""
    try:
        corpus = resources.engine().retriever.corpus
    except MSRAError as exc:
        st.error(exc.user_message())
        return
    view, changed = _current_view()
    style()
    shown = corpus.summaries.get(view.summary or "")
    if shown is not None:
        summary_page(shown, _back, _open)
    else:
        _library(corpus, view, changed)
    _place(view, shown)


def _current_view() -> tuple[View, bool]:
    """The view to show, and whether it differs from the last run's: a choice made in
    this run (written to the address now), else the address (a new page, Back or
    Forward, an address typed or followed) or, coming back from another page to a bare
    /explore (switching pages clears the address), the view left there."""
    state = st.session_state
    address = view_of({key: st.query_params.get_all(key) for key in KEYS})
    before: View | None = state.get("explore_view")
    if state.pop("explore_push", False) and before is not None:
        view = before
    elif address == state.get("explore_address"):
        view = address
    elif before is not None and _arrived() and address == View():
        view = before
    else:
        view = address
    if view != address:
        others = {k: st.query_params.get_all(k) for k in st.query_params if k not in KEYS}
        st.query_params.from_dict(others | params_of(view))
    state.explore_view, state.explore_address = view, view
    return view, view != state.get("explore_last_run_view")


def _arrived() -> bool:
    """True when the last run showed another page (see ui.app)."""
    return bool(st.session_state.get("msra_last_page") != st.session_state.get("msra_page"))


def _go(view: View) -> None:
    """Show ``view`` on this run and write its address (a widget or button callback)."""
    st.session_state.explore_view = view
    st.session_state.explore_push = True


def _open(summary_id: str) -> None:
    _go(st.session_state.explore_view.opening(summary_id))


def _back() -> None:
    _go(st.session_state.explore_view.library())


def _chosen() -> None:
    """The search box, a topic or a filter changed: search with them."""
    state = st.session_state
    since = state.get(_WIDGETS["since"])
    _go(
        View(
            topics=tuple(state.get(_WIDGETS["topics"]) or ()),
            query=" ".join((state.get(_WIDGETS["q"]) or "").split()),
            since=since if isinstance(since, dt.date) else None,
            credibility=int(state.get(_WIDGETS["credibility"]) or 1),
            designs=tuple(state.get(_WIDGETS["designs"]) or ()),
        )
    )


def _library(corpus: Corpus, view: View, changed: bool) -> None:
    counts = Counter(t for summary in corpus.summaries.values() for t in summary.topics)
    # Topics the library lacks are named in a note, and otherwise ignored.
    active = view.with_topics([t for t in view.topics if counts[t]])
    _fill_widgets(active, changed)
    st.title("Explore the research library")
    st.markdown(f"{len(corpus.summaries)} summaries in {len(counts)} topics.")
    _kind_notes(view, active, corpus)
    st.text_input(
        "Search the summaries",
        placeholder="e.g. fatigue and exercise",
        max_chars=MAX_QUERY_CHARS,
        key=_WIDGETS["q"],
        on_change=_chosen,
    )
    _more_filters(active)
    # Results come first; with nothing searched yet, the topics are the way in.
    if not active.searching:
        _topics(counts)
    with st.container(key=RESULTS_KEY):
        _results(corpus, active)
    if active.searching:
        _topics(counts)


def _fill_widgets(view: View, changed: bool) -> None:
    """Put the view's search and choices in the widgets (they are not drawn while a
    summary is open, and Back or Forward brings another view's)."""
    state = st.session_state
    state[_WIDGETS["q"]] = view.query
    state[_WIDGETS["topics"]] = list(view.topics)
    state[_WIDGETS["since"]] = view.since
    state[_WIDGETS["credibility"]] = view.credibility
    state[_WIDGETS["designs"]] = list(view.designs)
    if changed or _WIDGETS["open"] not in state:
        # The topics fold away below the results while a search or topic is shown.
        state[_WIDGETS["open"]] = not view.searching


def _kind_notes(view: View, active: View, corpus: Corpus) -> None:
    """Say so, kindly, when the address names a summary or topic the library lacks."""
    if view.summary and view.summary not in corpus.summaries:
        st.info(
            "We could not find that summary. The link may be incomplete, or the summary "
            "may have been replaced. You can search the library below."
        )
    unknown = [t for t in view.topics if t not in active.topics]
    if unknown:
        names = ", ".join(f"“{escape_markdown(t[:80])}”" for t in unknown[:5])
        st.info(f"The library has no topic called {names}. Its topics are listed below.")


def _more_filters(view: View) -> None:
    filtered = bool(view.since or view.designs) or view.credibility > 1
    with st.expander("More filters", expanded=filtered):
        st.date_input(
            "Published after",
            min_value=dt.date(1990, 1, 1),
            key=_WIDGETS["since"],
            on_change=_chosen,
        )
        st.slider("Minimum credibility", 1, 5, key=_WIDGETS["credibility"], on_change=_chosen)
        st.multiselect("Study design", STUDY_TYPES, key=_WIDGETS["designs"], on_change=_chosen)


def _results(corpus: Corpus, view: View) -> None:
    filters = Filters(
        topics=list(view.topics),
        published_from=view.since,
        min_credibility=view.credibility if view.credibility > 1 else None,
        study_types=list(view.designs),
    )
    if not view.searching:
        st.header("Newest summaries")
        st.caption("Search, or choose a topic above, to find more.")
        _cards(browse_library(corpus, filters)[:NEWEST])
        return
    try:
        found, topics, corrections = _search(corpus, view, filters)
    except StoreUnavailableError:
        st.error("Search is unavailable right now. Please try again in a moment.")
        return
    except MSRAError as exc:
        st.error(exc.user_message())
        return
    st.header(f"{len(found) or 'No'} {'summary' if len(found) == 1 else 'summaries'} found")
    _reading(view, filters, corrections, [t for t in topics if _any_on(found, t)])
    if not found:
        st.markdown("Try fewer or other words, or choose a topic below.")
    _cards(found[:MAX_SHOWN])


def _reading(view: View, filters: Filters, corrections: dict[str, str], named: list[str]) -> None:
    """How the search was read (spelling, topics it names) and the topics chosen (they
    are folded away below the results), with a way to drop them."""
    if corrections:
        fixed = ", ".join(f"“{escape_markdown(b)}”" for b in dict.fromkeys(corrections.values()))
        st.caption(f"Showing results for {fixed}.")
    if named:
        names = ", ".join(f"“{escape_markdown(t)}”" for t in named)
        st.caption(f"Includes every summary on the topic {names}.")
    if filters.topics:
        st.markdown("**Chosen topics:** " + escape_markdown(", ".join(filters.topics)))
        st.button("Clear the chosen topics", on_click=_go, args=(view.without_topics(),))


def _any_on(views: list[SummaryView], topic: str) -> bool:
    return any(topic in v.topics for v in views)


def _search(
    corpus: Corpus, view: View, filters: Filters
) -> tuple[list[SummaryView], list[str], dict[str, str]]:
    """The view's summaries (kept for the session's last search: a rerun that changes
    nothing, like opening the topics, does not search again)."""
    if not view.query:
        return browse_library(corpus, filters), [], {}
    key = (id(corpus), view.query, filters.model_dump_json())
    cached = st.session_state.get("explore_search")
    if cached is None or cached[0] != key:
        found = search_library(resources.engine().retriever, view.query, filters)
        ids = [summary.id for summary in found.summaries]
        cached = st.session_state.explore_search = (key, ids, found.topics, found.corrections)
    _, ids, topics, corrections = cached
    return [corpus.summaries[i] for i in ids if i in corpus.summaries], topics, corrections


def _cards(views: list[SummaryView]) -> None:
    last = st.session_state.get("explore_left")
    for summary in views:
        key = LAST_OPENED_KEY if summary.id == last else None
        with st.container(border=True, key=key):
            st.subheader(escape_markdown(summary.title), anchor=False)
            st.caption(badge(summary))
            st.markdown(escape_markdown(summary.section_text("key_takeaway")))
            st.button(
                "Read the summary", key=f"open-{summary.id}", on_click=_open, args=(summary.id,)
            )


def _topics(counts: Counter[str]) -> None:
    label = f"Browse by topic ({len(counts)} topics)"
    with st.expander(label, key=_WIDGETS["open"], on_change="rerun"):
        st.pills(
            "Choose one or more topics",
            [t for t in TOPICS if counts[t]],
            selection_mode="multi",
            format_func=lambda t: f"{t} ({counts[t]})",
            key=_WIDGETS["topics"],
            on_change=_chosen,
        )


def _place(view: View, shown: SummaryView | None) -> None:
    """After the view changed: a summary opens at its title; back in the library, the
    summary just left (or the results, after a new search) is brought into view."""
    state = st.session_state
    before: View | None = state.get("explore_last_run_view")
    state.explore_last_run_view = view
    if before is None or before == view:
        return
    if shown is not None:
        bring_into_view(f".st-key-{TOP_KEY}", "start", "h1")
        state.explore_left = shown.id
    elif before.summary:
        bring_into_view(f".st-key-{LAST_OPENED_KEY}", "center", "button")
    else:
        state.explore_left = None
        bring_into_view(f".st-key-{RESULTS_KEY}", "nearest", "h2")
