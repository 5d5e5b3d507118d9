"""The patient's chat page."""

from __future__ import annotations

import contextlib
import time
from collections import deque
from collections.abc import Iterator

import streamlit as st

from assistant.models import Answer, Audience, Notice
from knowledge.errors import InputError, MSRAError, StoreUnavailableError
from ui import resources
from ui.database import database
from ui.display import (
    answer_markdown,
    citation_card,
    escape_markdown,
    evidence_table_markdown,
    transcript_html,
    transcript_markdown,
)
from ui.feedback import CATEGORIES, log_abstention, save_feedback

ABOUT = (
    "This assistant answers questions from a library of plain-language summaries of published MS "
    "research. It shows which summaries it used and what to keep in mind about each. It is **not** "
    "a doctor, does not know your situation, and cannot give personal medical advice. "
    "For decisions "
    "about your care, talk with your MS team. In an emergency, call your local emergency number."
)
AUDIENCES: dict[str, Audience] = {
    "Person with MS": "patient",
    "Caregiver or family": "caregiver",
    "Clinician": "clinician",
}


def page() -> None:
    """Render the chat page."""
    state = st.session_state
    state.setdefault("answers", [])
    state.setdefault("feedback_sent", set())
    _sidebar()
    st.title("Ask about MS research")
    st.info(ABOUT)
    for i, answer in enumerate(state.answers):
        _render_turn(i, answer, last=i == len(state.answers) - 1)
    typed = st.chat_input("Ask a question about MS research")
    question = typed or state.pop("pending_question", None)
    if question:
        _ask(question)
    if state.answers:
        _pinned_notice(state.answers[-1])
        _downloads(state.answers)


def _sidebar() -> None:
    with st.sidebar:
        label = st.radio("I am a…", list(AUDIENCES), key="audience_label")
        st.session_state.audience = AUDIENCES[label]
        if st.button("New conversation"):
            _new_conversation()
            st.rerun()


def _render_turn(i: int, answer: Answer, last: bool) -> None:
    with st.chat_message("user"):
        st.markdown(escape_markdown(answer.question))
    with st.chat_message("assistant"):
        _render_answer(answer)
        if answer.carried:
            st.button(
                "Ask as a new question",
                key=f"anew-{i}",
                type="tertiary",
                help="Answer this question on its own, as the start of a new conversation.",
                on_click=_ask_anew,
                args=(answer.question,),
            )
        if last and answer.follow_ups:
            st.markdown("**You could also ask:**")
            for j, follow_up in enumerate(answer.follow_ups):
                st.button(follow_up, key=f"follow-{i}-{j}", on_click=_queue, args=(follow_up,))
        _feedback(i, answer)


def _render_answer(answer: Answer) -> None:
    if answer.safety in ("crisis", "emergency", "urgent", "medical_decision"):
        st.error(answer.notice)  # our own fixed text: shown first and prominently
    elif answer.notice:
        st.warning(answer.notice)
    if answer.carried:
        # Earlier turns shaped this answer: say so in one short line (issue #11).
        st.caption(f"*{escape_markdown(answer.carried)}*")
    if answer.body:
        st.markdown(answer_markdown(answer.body))
    if answer.evidence_table:
        st.markdown("**The studies side by side**")
        st.markdown(evidence_table_markdown(answer.evidence_table))
    st.caption(answer.disclaimer)
    if answer.citations:
        st.markdown("**Sources**")
        for citation in answer.citations:
            with st.container(border=True):
                st.markdown(citation_card(citation))


def _pinned_notice(answer: Answer) -> None:
    """The last answer's urgent or decision notice again, where the view rests after an
    answer (the bottom), so it cannot be scrolled past."""
    if answer.safety in ("urgent", "medical_decision") and answer.notice:
        st.error(answer.notice)


def _queue(question: str) -> None:
    st.session_state.pending_question = question


def _ask_anew(question: str) -> None:
    """Start a new conversation from ``question``: earlier turns are dropped, so it is
    answered on its own."""
    _new_conversation()
    _queue(question)


def _new_conversation() -> None:
    st.session_state.answers = []
    st.session_state.feedback_sent = set()


def _feedback(i: int, answer: Answer) -> None:
    if i in st.session_state.feedback_sent:
        st.caption("Thank you for your feedback.")
        return
    rating = st.feedback("thumbs", key=f"thumbs-{i}")
    if rating is None:
        return
    with st.form(key=f"feedback-form-{i}"):
        category = st.selectbox(
            "What was the problem?" if rating == 0 else "Anything to add?",
            ["(none)", *CATEGORIES],
            key=f"category-{i}",
        )
        comment = st.text_input(
            "Comment (optional; please leave out personal details)", key=f"comment-{i}"
        )
        if st.form_submit_button("Send feedback"):
            chosen = None if category == "(none)" else category
            try:
                db = database(resources.settings().ui.database_url)
                save_feedback(db, answer, rating == 1, chosen, comment)
            except MSRAError as exc:  # the database is down: say so; the form stays
                st.warning(exc.user_message())
                return
            st.session_state.feedback_sent.add(i)
            st.rerun()


def _rate_limited() -> bool:
    limit = resources.settings().limits.requests_per_minute
    recent: deque[float] = st.session_state.setdefault("recent_requests", deque())
    now = time.monotonic()
    while recent and now - recent[0] > 60:
        recent.popleft()
    if len(recent) >= limit:
        return True
    recent.append(now)
    return False


def _ask(question: str) -> None:
    with st.chat_message("user"):
        st.markdown(escape_markdown(question))
    if _rate_limited():
        st.warning(
            "You have asked many questions in the last minute. Please wait a moment and try again."
        )
        return
    history = [a.as_turn() for a in st.session_state.answers]
    holder: list[Answer] = []
    try:
        with st.chat_message("assistant"):
            stream = resources.engine().stream(question, history, st.session_state.audience)
            st.write_stream(_text_pieces(_notice_first(stream), holder))
    except StoreUnavailableError:
        st.error("Search is unavailable right now. Please try again in a moment.")
        return
    except InputError as exc:
        st.warning(exc.user_message())
        return
    except MSRAError as exc:
        st.error(exc.user_message())
        return
    answer = holder[0]
    if answer.abstained:
        # The curation queue misses this question while the database is down; the person
        # still gets the answer.
        with contextlib.suppress(MSRAError):
            log_abstention(database(resources.settings().ui.database_url), answer)
    st.session_state.answers.append(answer)
    st.rerun()


def _notice_first(stream: Iterator[str | Answer]) -> Iterator[str | Answer]:
    """Show a decision or urgent notice as an alert before any answer text streams."""
    for piece in stream:
        if isinstance(piece, Notice):
            st.error(piece)  # our own fixed text, above everything else
            continue
        yield piece


def _text_pieces(stream: Iterator[str | Answer], holder: list[Answer]) -> Iterator[str]:
    """Escaped text pieces for st.write_stream; the final Answer goes into ``holder``."""
    for piece in stream:
        if isinstance(piece, Answer):
            holder.append(piece)
        else:
            yield escape_markdown(piece)


def _downloads(answers: list[Answer]) -> None:
    st.divider()
    st.markdown(
        "**Take to my appointment**: download this conversation with its sources, caveats "
        "and questions to ask."
    )
    left, right = st.columns(2)
    left.download_button(
        "Download as a printable page (HTML)",
        transcript_html(answers),
        "ms-research-questions.html",
        "text/html",
    )
    right.download_button(
        "Download as text (Markdown)",
        transcript_markdown(answers),
        "ms-research-questions.md",
        "text/markdown",
    )
