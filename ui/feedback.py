"""Answer feedback and the curation queue, in the application database (ui.database).

What people type (the question, a comment) is redacted of emails and phone numbers
before it is stored. The engine's answer and citations are stored as it produced them,
research figures included, less any typed detail the answer repeats. Feedback keeps the
answer's trace (the rule lines that decided it, JSON); rows saved before the trace was
kept have none.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from assistant.models import Answer
from ui.database import abstentions, feedback, transaction
from ui.redaction import personal_details, redact, scrub

CATEGORIES = ("wrong study", "not what I asked", "hard to understand", "unsafe", "other")
MAX_COMMENT_CHARS = 2000


def now() -> str:
    """The current time as stored: ISO 8601 in UTC, to the second (sorts as text)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def save_feedback(
    db: Engine, answer: Answer, helpful: bool, category: str | None = None, comment: str = ""
) -> int:
    """Store one piece of feedback with the answer's citations, settings hash and trace;
    returns its id."""
    if category is not None and category not in CATEGORIES:
        raise ValueError(f"unknown feedback category {category!r}")
    typed = personal_details(answer.question) | personal_details(comment)
    citations = [{"n": c.n, "summary_id": c.summary_id, "title": c.title} for c in answer.citations]
    row = {
        "created_at": now(),
        "question": redact(answer.question),
        "answer": scrub(answer.answer, typed),
        "citations": json.dumps(citations),
        "settings_hash": answer.settings_hash,
        "mode": answer.mode,
        "safety": answer.safety,
        "helpful": int(helpful),
        "category": category,
        "comment": redact(comment.strip())[:MAX_COMMENT_CHARS],
        # The trace quotes the question (carried words, rewrites): redacted like it.
        "trace": json.dumps([redact(scrub(step.line(), typed)) for step in answer.trace]),
    }
    with transaction(db) as connection:
        result = connection.execute(sa.insert(feedback).values(**row))
        return int(result.inserted_primary_key[0])  # type: ignore[index]


def log_abstention(db: Engine, answer: Answer) -> None:
    """Remember a question the library could not answer, for the curation queue."""
    row = {
        "created_at": now(),
        "question": redact(answer.question),
        "closest_topics": json.dumps(answer.closest_topics),
        "settings_hash": answer.settings_hash,
    }
    with transaction(db) as connection:
        connection.execute(sa.insert(abstentions).values(**row))


def list_feedback(db: Engine, limit: int = 500) -> list[dict[str, Any]]:
    """Most recent feedback first."""
    query = sa.select(feedback).order_by(feedback.c.id.desc()).limit(limit)
    with transaction(db) as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def trace_lines(row: dict[str, Any]) -> list[str]:
    """The rule lines stored with a feedback row, in order; none for a row saved before
    the trace was kept (or one whose trace cannot be read)."""
    try:
        lines = json.loads(row.get("trace") or "[]")
    except ValueError:
        return []
    if not isinstance(lines, list):
        return []
    return [str(line) for line in lines]


def curation_queue(db: Engine, limit: int = 500) -> list[dict[str, Any]]:
    """Questions to act on: abstentions, and answers marked 'wrong study'; newest first."""
    queue = sa.union_all(
        sa.select(
            abstentions.c.created_at,
            abstentions.c.question,
            sa.literal("abstained", sa.Text).label("reason"),
            abstentions.c.closest_topics.label("detail"),
        ),
        sa.select(
            feedback.c.created_at,
            feedback.c.question,
            sa.literal("wrong study", sa.Text).label("reason"),
            feedback.c.citations.label("detail"),
        ).where(feedback.c.category == "wrong study"),
    ).subquery()
    query = sa.select(queue).order_by(queue.c.created_at.desc()).limit(limit)
    with transaction(db) as connection:
        return [dict(row._mapping) for row in connection.execute(query)]
