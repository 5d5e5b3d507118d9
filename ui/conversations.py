"""Saved conversations in the application database, one row per browser session key.

Each turn keeps the question redacted of typed emails and phone numbers, the answer as
the engine wrote it (less any typed detail it repeats) and the cited summary ids. It also
keeps the whole answer (``full``), redacted the same way, so a reload can show the
conversation again with its source cards.

The session key travels in the page address (``?c=...``): a random, unguessable token
(:func:`new_session_key`), never anything the person typed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from collections.abc import Sequence
from typing import Any

import pydantic
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from assistant.models import Answer
from ui.database import conversations, transaction
from ui.feedback import now
from ui.redaction import personal_details, redact, scrub

#: 24 URL-safe characters from 18 random bytes (144 bits): too many to guess.
_KEY_BYTES = 18
_KEY = re.compile(r"[A-Za-z0-9_-]{24,64}")
#: Answer fields that quote what the person typed: redacted, like the question.
_TYPED_FIELDS = ("question", "standalone_question", "carried", "did_you_mean")


def new_session_key() -> str:
    """A fresh random key for a browser session's conversation."""
    return secrets.token_urlsafe(_KEY_BYTES)


def valid_session_key(value: object) -> bool:
    """Whether ``value`` looks like a key :func:`new_session_key` made (anything else in
    the address is ignored, not looked up)."""
    return isinstance(value, str) and _KEY.fullmatch(value) is not None


def stored_turns(answers: Sequence[Answer]) -> list[dict[str, Any]]:
    """The turns of a conversation as they are stored."""
    turns = []
    for answer in answers:
        typed = personal_details(answer.question)
        turns.append(
            {
                "question": redact(answer.question),
                "answer": scrub(answer.answer, typed),
                "citations": [c.summary_id for c in answer.citations],
                "safety": answer.safety,
                "mode": answer.mode,
                "full": _redacted_answer(answer, typed),
            }
        )
    return turns


def _redacted_answer(answer: Answer, typed: dict[str, str]) -> dict[str, Any]:
    """The whole answer as JSON data: every text scrubbed of the details typed in the
    question; the fields (and trace reasons) that quote the person redacted like it."""
    data: dict[str, Any] = _scrub_all(answer.model_dump(mode="json"), typed)
    for name in _TYPED_FIELDS:
        if data[name] is not None:
            data[name] = redact(data[name])
    for step in data["trace"]:
        step["reason"] = redact(step["reason"])
    return data


def _scrub_all(value: Any, typed: dict[str, str]) -> Any:
    if isinstance(value, str):
        return scrub(value, typed)
    if isinstance(value, list):
        return [_scrub_all(item, typed) for item in value]
    if isinstance(value, dict):
        return {key: _scrub_all(item, typed) for key, item in value.items()}
    return value


def restored_answers(turns: Sequence[dict[str, Any]]) -> list[Answer]:
    """The answers of stored ``turns``, in order. Rows saved before whole answers were
    kept, or that no longer read as an answer, restore nothing (a partial conversation
    would give follow-ups the wrong history)."""
    try:
        return [Answer.model_validate(turn["full"]) for turn in turns]
    except (KeyError, TypeError, pydantic.ValidationError):
        return []


def save_conversation(
    db: Engine, session_key: str, answers: Sequence[Answer], keep_for: dt.timedelta
) -> None:
    """Store (or replace) the conversation of ``session_key``. A new conversation also
    deletes those untouched for longer than ``keep_for``: the purge runs once per
    conversation, not per answer, and needs no scheduler."""
    turns = json.dumps(stored_turns(answers))
    stamp = now()
    update = (
        sa.update(conversations)
        .where(conversations.c.session_key == session_key)
        .values(turns=turns, updated_at=stamp)
    )
    with transaction(db) as connection:
        if connection.execute(update).rowcount:
            return
    insert = sa.insert(conversations).values(
        session_key=session_key, created_at=stamp, updated_at=stamp, turns=turns
    )
    try:
        with transaction(db) as connection:
            connection.execute(insert)
    except sa.exc.IntegrityError:  # another replica saved the same session first
        with transaction(db) as connection:
            connection.execute(update)
        return
    purge_conversations(db, keep_for)


def purge_conversations(db: Engine, older_than: dt.timedelta) -> int:
    """Delete the conversations untouched for longer than ``older_than``; how many."""
    query = sa.delete(conversations).where(conversations.c.updated_at < _cutoff(older_than))
    with transaction(db) as connection:
        return int(connection.execute(query).rowcount)


def _cutoff(age: dt.timedelta) -> str:
    # ISO 8601 UTC text to the second, as ui.feedback.now writes it: sorts as time.
    return (dt.datetime.now(dt.UTC) - age).isoformat(timespec="seconds")


def load_conversation(
    db: Engine, session_key: str, max_age: dt.timedelta | None = None
) -> list[dict[str, Any]]:
    """The stored turns of ``session_key``; none when nothing was saved (or, with
    ``max_age``, nothing since then)."""
    query = sa.select(conversations.c.turns).where(conversations.c.session_key == session_key)
    if max_age is not None:
        query = query.where(conversations.c.updated_at >= _cutoff(max_age))
    with transaction(db) as connection:
        turns = connection.execute(query).scalar_one_or_none()
    return list(json.loads(turns)) if turns else []


def delete_conversation(db: Engine, session_key: str) -> None:
    """Forget the conversation of ``session_key`` ("New conversation")."""
    query = sa.delete(conversations).where(conversations.c.session_key == session_key)
    with transaction(db) as connection:
        connection.execute(query)
