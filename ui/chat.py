"""The patient's chat page."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import NoReturn

import streamlit as st

from assistant.models import Answer, Audience, Notice
from knowledge.errors import MSRAError, StoreUnavailableError
from knowledge.render import shortened
from ui import assets, resources
from ui.chat_input import count, error_sentence
from ui.chat_input import refusal as refusal_of
from ui.chat_session import db, new_conversation, restore, save
from ui.display import (
    answer_markdown,
    escape_markdown,
    evidence_table_markdown,
    source_card,
)
from ui.feedback import CATEGORIES, log_abstention, save_feedback
from ui.next_step import render_next_step, render_suggestions
from ui.takeaway import copy_button, downloads

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
PLACEHOLDER = "Ask a question about MS research"
#: Characters of the question shown in an answer's heading.
HEADING_CHARS = 60

# Fixed markup only, kept in ui/static: nothing in it carries text from a question, the
# library or a model. copy.js copies the hidden text beside a copy button (the clipboard
# API needs a secure context, which 127.0.0.1 is; elsewhere it falls back to a selection
# and the browser's copy command). after_answer.js brings the answer's start (or a
# refusal) into view and announces it in a polite live region kept outside Streamlit's
# tree, so it exists before its text changes (a region created with its text is often
# not read); TARGET, BLOCK and MESSAGE are filled in with JSON of fixed text and numbers.
# Streamlit's chat view sticks to the bottom while its content still grows and pulls the
# view down again, so the script places it until it stays put, and never after the
# reader moves it.
_COPY_SCRIPT = assets.script("copy.js")
_AFTER_SCRIPT = assets.script("reader.js", "after_answer.js")


def page() -> None:
    """Render the chat page."""
    state = st.session_state
    state.setdefault("answers", [])
    state.setdefault("feedback_sent", set())
    restore()
    _sidebar()
    st.title("Ask about MS research")
    st.info(ABOUT)
    for i, answer in enumerate(state.answers):
        _render_turn(i, answer, last=i == len(state.answers) - 1)
    question = _checked_question()
    st.chat_input(PLACEHOLDER, key="question_box", on_submit=_submitted)
    if question:
        _ask(question)
    if state.answers:
        _pinned_notice(state.answers[-1])
        downloads(state.answers)
        st.html(_COPY_SCRIPT, unsafe_allow_javascript=True)
    _after_render(state.pop("after_render", None))


def _checked_question() -> str | None:
    """The question to answer in this run, if any: sent from the chat box or a follow-up
    button, and within the limits. Otherwise the reason it was not answered (now, or by
    the last run's error) is shown instead, with the text back in the box."""
    state = st.session_state
    question: str | None = state.pop("pending_question", None)
    refusal: str | None = state.pop("refused", None)
    kept: str = state.pop("refused_text", "")
    if question is not None:
        refusal = refusal_of(question)
        if refusal is not None:
            kept, question = question, None
    if refusal is not None:
        _show_refusal(refusal, kept)
    return question


def _submitted() -> None:
    """The chat box's text becomes the question of this run (checked in :func:`page`)."""
    st.session_state.pending_question = st.session_state.question_box or ""


def _sidebar() -> None:
    with st.sidebar:
        label = st.radio("I am a…", list(AUDIENCES), key="audience_label")
        st.session_state.audience = AUDIENCES[label]
        if st.button("New conversation"):
            new_conversation()
            st.rerun()


def _render_turn(i: int, answer: Answer, last: bool) -> None:
    with st.chat_message("user"):
        st.markdown(escape_markdown(answer.question))
    with st.chat_message("assistant"):
        # A heading per answer (for screen readers' heading lists), with a stable id the
        # view is brought to after the answer arrives.
        st.header(answer_heading(i, answer), anchor=f"answer-{i + 1}")
        _render_answer(i, answer, last)
        copy_button(i, answer)
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
            st.markdown(f"**{answer.follow_ups_heading()}**")
            for j, follow_up in enumerate(answer.follow_ups):
                st.button(follow_up, key=f"follow-{i}-{j}", on_click=_queue, args=(follow_up,))
        _feedback(i, answer)


def answer_heading(i: int, answer: Answer) -> str:
    """'Answer 2: Does coffee change the risk of MS?' (the question shortened, escaped)."""
    return f"Answer {i + 1}: {escape_markdown(shortened(answer.question, HEADING_CHARS))}"


def _render_answer(i: int, answer: Answer, last: bool = False) -> None:
    if answer.safety in ("crisis", "emergency", "urgent", "medical_decision"):
        st.error(answer.notice)  # our own fixed text: shown first and prominently
    elif answer.notice:
        st.warning(answer.notice)
    if answer.carried:
        # Earlier turns shaped this answer: say so in one short line (issue #11).
        st.caption(f"*{escape_markdown(answer.carried)}*")
    if answer.brand_line:
        st.caption(escape_markdown(answer.brand_line))
    if answer.abstained:  # a kind word, topic links, questions to ask instead
        render_next_step(i, answer, last, _queue)
    elif answer.body:
        st.markdown(answer_markdown(answer.body, i))  # each [n] links to its card below
        render_suggestions(i, answer, last, _queue)  # a greeting offers questions
    if answer.evidence_table:
        st.subheader("The studies side by side", anchor=False)
        st.markdown(evidence_table_markdown(answer.evidence_table))
    st.caption(answer.disclaimer)
    if answer.citations:
        st.subheader("Sources", anchor=False)
        for citation in answer.citations:
            shown = source_card(citation, i, citation.card, answer.body)
            with st.container(border=True):
                st.subheader(shown.heading, anchor=shown.anchor)
                st.markdown(shown.body)


def _pinned_notice(answer: Answer) -> None:
    """The last answer's urgent or decision notice again, above the downloads, so a reader
    who scrolls down to the follow-ups and downloads still has it in view."""
    if answer.safety in ("urgent", "medical_decision") and answer.notice:
        st.error(answer.notice)


def _queue(question: str) -> None:
    st.session_state.pending_question = question


def _ask_anew(question: str) -> None:
    """Start a new conversation from ``question``: earlier turns are dropped, so it is
    answered on its own."""
    new_conversation()
    _queue(question)


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
                save_feedback(db(), answer, rating == 1, chosen, comment)
            except MSRAError as exc:  # the database is down: say so; the form stays
                st.warning(exc.user_message())
                return
            st.session_state.feedback_sent.add(i)
            st.rerun()


def _show_refusal(sentence: str, typed: str) -> None:
    """The sentence where the next answer would be, with no bubble for the question; the
    typed text goes back into the chat box (Streamlit empties it on sending)."""
    if typed.strip():
        st.session_state.question_box = typed
    with st.container(key="refusal"):
        st.warning(sentence)
    st.session_state.after_render = (".st-key-refusal", sentence, "nearest")


def _ask(question: str) -> None:
    with st.chat_message("user"):
        st.markdown(escape_markdown(question))
    history = [a.as_turn() for a in st.session_state.answers]
    holder: list[Answer] = []
    try:
        with st.chat_message("assistant"):
            stream = resources.engine().stream(question, history, st.session_state.audience)
            st.write_stream(_text_pieces(_notice_first(stream), holder))
    except StoreUnavailableError:
        _refuse_after(
            "Search is unavailable right now. Wait a moment, then send your question again.",
            question,
        )
    except MSRAError as exc:
        _refuse_after(error_sentence(exc), question)
    answer = holder[0]
    if answer.abstained:
        # The curation queue misses this question while the database is down; the person
        # still gets the answer.
        with contextlib.suppress(MSRAError):
            log_abstention(db(), answer)
    st.session_state.answers.append(answer)
    save()
    n = len(st.session_state.answers)
    st.session_state.after_render = (
        f"#answer-{n}",
        f"Answer {n} is ready, with {count(len(answer.citations), 'source')}.",
        "start",
    )
    st.rerun()


def _refuse_after(sentence: str, question: str) -> NoReturn:
    """An error while answering: shown like a refusal on a fresh run (no half-drawn
    bubbles), with the question back in the chat box."""
    st.session_state.refused = sentence
    st.session_state.refused_text = question
    st.rerun()


def _after_render(target: tuple[str, str, str] | None) -> None:
    """After an answer (or a refusal, or a restored conversation): bring its start into
    view and announce it. ``target`` is a CSS selector, a sentence and where in the view
    (scrollIntoView's block), all built here from fixed text and numbers; JSON-encoded,
    with '<' escaped so no '</script>'."""
    if target is None:
        return
    selector, message, block = (json.dumps(part).replace("<", "\\u003c") for part in target)
    script = _AFTER_SCRIPT.replace("TARGET", selector).replace("MESSAGE", message)
    script = script.replace("BLOCK", block)
    st.html(script, unsafe_allow_javascript=True)


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
