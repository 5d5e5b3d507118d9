"""What the chat box refuses, said as sentences with a next step: questions too long,
empty or not text, too many turns or too many questions a minute (issue #15, item 8)."""

from __future__ import annotations

import time
from collections import deque

import streamlit as st

from assistant.triage_step import question_text
from knowledge.errors import InputError, MSRAError
from ui import resources


def refusal(question: str) -> str | None:
    """Why ``question`` cannot be asked now, as a sentence with a next step; None when
    it can (and then it counts towards the rate limit)."""
    limits = resources.settings().limits
    try:
        text = question_text(question)
    except InputError:
        return (
            "That question has characters that are not text. Retype it, or paste it as plain text."
        )
    if not text:
        return (
            "That message is empty. Type a question about MS research, for example "
            "“Does exercise help with fatigue?”, and send it."
        )
    if len(text) > limits.max_question_chars:
        return (
            f"That question is {len(text):,} characters long; the limit is "
            f"{limits.max_question_chars:,}. Shorten it and send it again."
        )
    if len(st.session_state.answers) >= limits.max_turns:
        return (
            f"This conversation has reached {limits.max_turns} questions. Start a new "
            "conversation (the button is in the sidebar) and ask it there."
        )
    if _rate_limited():
        return (
            f"You have sent {count(limits.requests_per_minute, 'question')} in the last "
            "minute, the most the assistant takes. Wait a minute, then send your question again."
        )
    return None


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


def count(n: int, noun: str) -> str:
    """'1 source', '3 sources'."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def error_sentence(exc: MSRAError) -> str:
    """An error's message and hint as plain sentences: 'The question is empty. Type …'."""
    message = exc.message.strip().rstrip(".")
    message = message[:1].upper() + message[1:]
    hint = exc.hint.strip()
    return f"{message}. {hint[:1].upper() + hint[1:]}"
