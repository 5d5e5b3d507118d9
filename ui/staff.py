"""The staff desk: feedback, the curation queue, and re-ingesting the library."""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable, Mapping
from importlib.metadata import entry_points
from typing import Any

import streamlit as st
from sqlalchemy.engine import Engine

from assistant.corpus import SummaryView
from knowledge.card_drafts import approve_draft, pending_drafts
from knowledge.errors import MSRAError
from knowledge.render import escape_markdown
from ui import resources
from ui.access import StaffTokens, password_ok, process_tokens
from ui.database import database
from ui.feedback import (
    QueueEntry,
    curation_queue,
    json_list,
    link_summary,
    list_feedback,
    set_queue_status,
    trace_lines,
)

#: Feedback items listed one by one, with why each answer was given (the latest first).
ITEMS_SHOWN = 50
#: Queue entries listed, and stored answers shown in each entry's "Answer and trace".
ENTRIES_SHOWN = 50
RECORDS_SHOWN = 3
#: The query parameter holding the signed sign-in token, so a reload stays signed in.
TOKEN_PARAM = "staff"


def page() -> None:
    """Render the staff page behind its password (off when no password is set)."""
    st.title("Staff desk")
    expected = resources.settings().ui.staff_password
    if expected is None:
        st.info("The staff page is off. Set MSRA_UI__STAFF_PASSWORD to turn it on.")
        return
    if not _signed_in(expected.get_secret_value()):
        return
    if st.button("Sign out", help="Sign out here and forget this sign-in."):
        _sign_out()
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
    """True with a valid sign-in token (kept in the session and the page address, so a
    reload stays signed in until it expires); otherwise the sign-in form, with wrong
    tries limited per browser session and per client address."""
    if _valid_token(expected):
        return True
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
                token = _tokens().issue(expected, _client_address())
                st.session_state.staff_token = token
                st.query_params[TOKEN_PARAM] = token
                st.rerun()
            else:
                guard.failed(keys)
                st.error("That password is not right.")
    return False


def _tokens() -> StaffTokens:
    ui = resources.settings().ui
    secret = ui.staff_token_secret.get_secret_value() if ui.staff_token_secret else None
    return process_tokens(ui.staff_session_s, secret)


def _valid_token(expected: str) -> bool:
    """Whether the session or the address holds a live token; keeps the one found in
    both (an address without it after moving between pages gets it back) and drops
    an expired, revoked or forged one."""
    address = _client_address()
    for token in (st.session_state.get("staff_token"), st.query_params.get(TOKEN_PARAM)):
        if isinstance(token, str) and _tokens().remaining_s(token, expected, address) > 0:
            st.session_state.staff_token = token
            if st.query_params.get(TOKEN_PARAM) != token:
                st.query_params[TOKEN_PARAM] = token
            return True
    st.session_state.pop("staff_token", None)
    st.query_params.pop(TOKEN_PARAM, None)
    return False


def _sign_out() -> None:
    """Revoke the token, forget it here and in the address, and show the sign-in form."""
    _tokens().revoke(st.session_state.pop("staff_token", None))
    st.query_params.pop(TOKEN_PARAM, None)
    st.rerun()


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
        db = database(resources.settings().ui.database_url)
        entries = curation_queue(db)
        handled = curation_queue(db, handled=True)
    except MSRAError as exc:
        st.error(exc.user_message())
        return
    notice = st.session_state.pop("queue_notice", None)
    if notice:
        st.success(escape_markdown(notice))
    st.write(
        "Questions the library could not answer, and answers marked “wrong study”: "
        "one entry per question, however often it was asked."
    )
    titles = _summary_titles()
    if not entries:
        st.write("The queue is empty.")
    for entry in entries[:ENTRIES_SHOWN]:
        _queue_entry(db, entry, titles)
    if handled:
        with st.expander(f"Dismissed and resolved ({len(handled)})"):
            for entry in handled[:ENTRIES_SHOWN]:
                _handled_entry(db, entry, titles)


def _summary_titles() -> dict[str, str]:
    """Every indexed summary's title by id, in title order (for the link picker)."""
    summaries = resources.engine().retriever.corpus.summaries
    return dict(sorted(((sid, v.title) for sid, v in summaries.items()), key=lambda x: x[1]))


def _queue_entry(db: Engine, entry: QueueEntry, titles: Mapping[str, str]) -> None:
    """One open question: what was asked, the stored answers with their trace, and the
    actions (link a summary, mark resolved, dismiss)."""
    with st.container(border=True):
        _entry_header(entry, titles)
        _entry_records(entry)
        ids = list(titles)
        linked = entry.summary_id
        choice = st.selectbox(
            "Summary that answers it",
            ids,
            index=ids.index(linked) if linked is not None and linked in titles else None,
            format_func=lambda sid: f"{titles[sid]} ({sid})",
            placeholder="Choose a summary",
            key=f"link-choice-{entry.key}",
        )
        link, resolve, dismiss = st.columns(3)
        if link.button("Link summary", key=f"link-{entry.key}", disabled=choice is None):
            _act(entry, "Linked", lambda: link_summary(db, entry.refs, choice))
        if resolve.button("Mark resolved", key=f"resolve-{entry.key}"):
            _act(entry, "Resolved", lambda: set_queue_status(db, entry.refs, "resolved"))
        if dismiss.button("Dismiss", key=f"dismiss-{entry.key}"):
            _act(entry, "Dismissed", lambda: set_queue_status(db, entry.refs, "dismissed"))


def _handled_entry(db: Engine, entry: QueueEntry, titles: Mapping[str, str]) -> None:
    with st.container(border=True):
        _entry_header(entry, titles)
        if st.button("Reopen", key=f"reopen-{entry.key}"):
            _act(entry, "Reopened", lambda: set_queue_status(db, entry.refs, None))


def _entry_header(entry: QueueEntry, titles: Mapping[str, str]) -> None:
    times = "once" if len(entry.records) == 1 else f"{len(entry.records)} times"
    details = [f"asked {times}", ", ".join(entry.reasons), f"last {entry.last_at}"]
    if entry.status != "open":
        details.insert(0, entry.status)
    st.caption(escape_markdown(" · ".join(details)))
    st.markdown(f"**Q:** {escape_markdown(entry.question)}")
    if entry.summary_id:
        title = titles.get(entry.summary_id, "not in the library now")
        st.markdown(escape_markdown(f"Linked summary: {title} ({entry.summary_id})"))


def _entry_records(entry: QueueEntry) -> None:
    """The stored answers of an entry (the latest few), each with why it was given."""
    with st.expander("Answer and trace"):
        for record in entry.records[:RECORDS_SHOWN]:
            _record(record)


def _record(record: Mapping[str, Any]) -> None:
    st.caption(
        escape_markdown(f"{record['created_at']} · {record['reason']} · {record['settings_hash']}")
    )
    st.markdown(f"**Q:** {escape_markdown(record['question'])}")
    if record["answer"]:
        st.markdown(escape_markdown(record["answer"]))
    else:
        st.caption("The answer was not stored (logged before answers were kept).")
    cited = [f"[{c.get('n')}] {c.get('title')} ({c.get('summary_id')})" for c in _dicts(record)]
    if cited:
        st.markdown("**Sources:** " + escape_markdown("; ".join(cited)))
    topics = [str(t) for t in json_list(record["closest_topics"])]
    if topics:
        st.markdown("**Closest topics:** " + escape_markdown(", ".join(topics)))
    if record["comment"]:
        st.markdown(f"> {escape_markdown(record['comment'])}")
    lines = trace_lines(dict(record))
    if lines:
        st.markdown("**Why:**\n" + "\n".join(f"1. {escape_markdown(line)}" for line in lines))


def _dicts(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [c for c in json_list(record["citations"]) if isinstance(c, dict)]


def _act(entry: QueueEntry, done: str, action: Callable[[], None]) -> None:
    """Run a queue action; say what was done after the rerun, or why it failed."""
    try:
        action()
    except MSRAError as exc:
        st.error(exc.user_message())
        return
    st.session_state.queue_notice = f"{done}: {entry.question}"
    st.rerun()


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
