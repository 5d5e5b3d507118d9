"""The chat page's conversation across reloads: restored from, and saved under, the random
key in the page address (see ``ui.conversations`` for what is stored and for how long)."""

from __future__ import annotations

import contextlib
import datetime as dt

import streamlit as st
from sqlalchemy.engine import Engine

from knowledge.errors import MSRAError
from ui import resources
from ui.chat_input import count
from ui.conversations import (
    delete_conversation,
    load_conversation,
    new_session_key,
    restored_answers,
    save_conversation,
    valid_session_key,
)
from ui.database import database

#: The address's query parameter holding the conversation's random key (see
#: ui.conversations.new_session_key): never the question itself.
QUERY_KEY = "c"


def db() -> Engine:
    """The application database (feedback, the curation queue, conversations)."""
    return database(resources.settings().ui.database_url)


def restore() -> None:
    """On a browser session's first run, the conversation saved under the address's key
    (a reload, or a bookmark of this session); a missing or malformed key starts afresh."""
    state = st.session_state
    if "conversation_key" in state:
        return
    given = st.query_params.get(QUERY_KEY)
    if not valid_session_key(given):
        state.conversation_key = new_session_key()
        return
    state.conversation_key = given
    try:
        answers = restored_answers(load_conversation(db(), str(given), _kept_for()))
    except MSRAError:  # the database is down: an empty page, not an error
        return
    if answers:
        state.answers = answers
        state.after_render = (
            f"#answer-{len(answers)}",
            f"Your conversation is back: {count(len(answers), 'answer')}. The last one is shown.",
            "start",
        )


def save() -> None:
    """Keep the conversation for a reload, under the key in the address."""
    key = st.session_state.conversation_key
    with contextlib.suppress(MSRAError):  # the database is down: the page still works
        save_conversation(db(), key, st.session_state.answers, _kept_for())
    # Set after an answer only, not on every run: setting it adds a browser history
    # entry, and doing it on every run would undo the reader's Back button.
    st.query_params[QUERY_KEY] = key


def new_conversation() -> None:
    """Forget the conversation, on the page and in the database ("New conversation")."""
    st.session_state.answers = []
    st.session_state.feedback_sent = set()
    key = st.session_state.get("conversation_key")
    if key is not None:
        with contextlib.suppress(MSRAError):  # the database is down: nothing to forget
            delete_conversation(db(), key)


def _kept_for() -> dt.timedelta:
    return dt.timedelta(days=resources.settings().ui.conversation_days)
