"""Saved conversations in the application database, one row per browser session key.

Each turn keeps the question redacted of typed emails and phone numbers, the answer as
the engine wrote it (less any typed detail it repeats) and the cited summary ids.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from assistant.models import Answer
from ui.database import conversations, transaction
from ui.feedback import now
from ui.redaction import personal_details, redact, scrub


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
            }
        )
    return turns


def save_conversation(db: Engine, session_key: str, answers: Sequence[Answer]) -> None:
    """Store (or replace) the conversation of ``session_key``."""
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


def load_conversation(db: Engine, session_key: str) -> list[dict[str, Any]]:
    """The stored turns of ``session_key``; none when nothing was saved."""
    query = sa.select(conversations.c.turns).where(conversations.c.session_key == session_key)
    with transaction(db) as connection:
        turns = connection.execute(query).scalar_one_or_none()
    return list(json.loads(turns)) if turns else []
