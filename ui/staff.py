"""The staff desk: feedback, the curation queue, and re-ingesting the library."""

from __future__ import annotations

import math
import secrets
import time
from collections.abc import Mapping
from importlib.metadata import entry_points
from typing import Any

import streamlit as st

from assistant.corpus import SummaryView
from knowledge.card_drafts import approve_draft, pending_drafts
from knowledge.errors import MSRAError
from knowledge.render import escape_markdown
from ui import resources
from ui.access import password_ok, session_alive
from ui.database import database
from ui.feedback import curation_queue, list_feedback, trace_lines

#: Feedback items listed one by one, with why each answer was given (the latest first).
ITEMS_SHOWN = 50


def page() -> None:
    """Render the staff page behind its password (off when no password is set)."""
    st.title("Staff desk")
    expected = resources.settings().ui.staff_password
    if expected is None:
        st.info("The staff page is off. Set MSRA_UI__STAFF_PASSWORD to turn it on.")
        return
    if not _signed_in(expected.get_secret_value()):
        return
    evals_tab, feedback_tab, queue_tab, library_tab = st.tabs(
        ["Evals", "Feedback", "Curation queue", "Library"]
    )
    with evals_tab:
        _plugin_panels("evals")
    with feedback_tab:
        _feedback()
    with queue_tab:
        _queue()
    with library_tab:
        _library()


def _signed_in(expected: str) -> bool:
    """True for a live staff session; otherwise the sign-in form, with wrong tries
    limited per browser session and per client address."""
    config = resources.settings().ui
    if session_alive(st.session_state.get("staff_since"), time.monotonic(), config.staff_session_s):
        return True
    st.session_state.pop("staff_since", None)
    guard = resources.sign_in_guard()
    session = st.session_state.setdefault("staff_key", secrets.token_hex(8))
    keys = [f"session:{session}", f"address:{_client_address()}"]
    with st.form("staff-login"):
        given = st.text_input("Staff password", type="password")
        if st.form_submit_button("Sign in"):
            wait = guard.wait_s(keys)
            if wait > 0:
                st.error(f"Too many wrong passwords. Try again in {math.ceil(wait / 60)} min.")
            elif password_ok(given, expected):
                guard.succeeded(keys)
                st.session_state.staff_since = time.monotonic()
                st.rerun()
            else:
                guard.failed(keys)
                st.error("That password is not right.")
    return False


def _client_address() -> str:
    """The browser's address as Streamlit sees it ("unknown" when it cannot tell)."""
    address = getattr(st.context, "ip_address", None)
    return address if isinstance(address, str) and address else "unknown"


def _plugin_panels(name: str) -> None:
    """Panels other layers contribute (entry-point group ``msra.staff_panels``), so the UI
    never imports them: the evals layer adds its report here."""
    panels = [e for e in entry_points(group="msra.staff_panels") if e.name == name]
    if not panels:
        st.write(f"No {name} panel is installed.")
    for entry in panels:
        entry.load()(resources.settings(), resources.engine())


def _feedback() -> None:
    try:
        rows = list_feedback(database(resources.settings().ui.database_url))
    except MSRAError as exc:  # the database is down: say so, keep the other tabs working
        st.error(exc.user_message())
        return
    if not rows:
        st.write("No feedback yet.")
        return
    helpful = sum(r["helpful"] for r in rows)
    st.metric("Answers marked helpful", f"{helpful} of {len(rows)}")
    st.dataframe(
        rows,
        column_order=[
            "created_at",
            "helpful",
            "category",
            "question",
            "comment",
            "mode",
            "settings_hash",
        ],
    )
    st.subheader("Feedback items")
    st.caption(f"The latest {min(len(rows), ITEMS_SHOWN)}, each with why the answer was given.")
    for row in rows[:ITEMS_SHOWN]:
        _feedback_item(row)


def _feedback_item(row: dict[str, Any]) -> None:
    """One piece of feedback, with the answer's trace beside it (rows saved before the
    trace was kept show none). Everything stored was redacted; it is escaped here."""
    rating = "Helpful" if row["helpful"] else "Not helpful"
    with st.container(border=True):
        details = [row["created_at"], rating, row["category"] or "no category", row["mode"]]
        st.caption(escape_markdown(" · ".join(str(d) for d in details)))
        st.markdown(f"**Q:** {escape_markdown(row['question'])}")
        if row["comment"]:
            st.markdown(f"> {escape_markdown(row['comment'])}")
        lines = trace_lines(row)
        if lines:
            with st.expander("Why this answer"):
                st.markdown("\n".join(f"1. {escape_markdown(line)}" for line in lines))


def _queue() -> None:
    try:
        rows = curation_queue(database(resources.settings().ui.database_url))
    except MSRAError as exc:
        st.error(exc.user_message())
        return
    st.write("Questions the library could not answer, and answers marked “wrong study”.")
    if rows:
        st.dataframe(rows)
    else:
        st.write("The queue is empty.")


def _library() -> None:
    engine = resources.engine()
    st.metric("Summaries answering questions", len(engine.retriever.corpus.summaries))
    _evidence_cards(engine.retriever.corpus.summaries)
    # Same process as the UI, so no second writer touches the embedded store.
    if st.button("Re-ingest the library"):
        from knowledge.ingest import ingest_library

        retriever = engine.retriever
        try:
            with st.spinner("Indexing…"):
                report = ingest_library(resources.settings(), retriever.index, retriever.embeddings)
                retriever.refresh()
        except MSRAError as exc:
            st.error(exc.user_message())
            return
        st.success("\n\n".join(report.lines()))
        for problem in report.problems:
            st.warning(problem)


def _evidence_cards(summaries: Mapping[str, SummaryView]) -> None:
    """Summaries that need an evidence card (answers quote them instead), and model
    drafts waiting for review: each is published only when staff approve it."""
    missing = sorted(sid for sid, view in summaries.items() if view.card is None)
    st.subheader("Evidence cards")
    if missing:
        st.write("Needs an evidence card: " + escape_markdown(", ".join(missing)))
    else:
        st.write("Every indexed summary has an evidence card.")
    library = resources.settings().library
    for summary_id in pending_drafts(library.card_drafts):
        with st.container(border=True):
            st.markdown(f"**Draft card:** {escape_markdown(summary_id)}")
            st.code((library.card_drafts / f"{summary_id}.yaml").read_text(encoding="utf-8"))
            if st.button("Approve and publish", key=f"approve-{summary_id}"):
                try:
                    approve_draft(
                        library.directory, library.card_drafts, library.fact_sheets, summary_id
                    )
                except MSRAError as exc:
                    st.error(exc.user_message())
                else:
                    st.success(f"Published. Re-ingest to use the card of {summary_id}.")
