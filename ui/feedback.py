"""Answer feedback and the curation queue, in the application database (ui.database).

What people type (the question, a comment) is redacted of emails and phone numbers
before it is stored. The engine's answer and citations are stored as it produced them,
research figures included, less any typed detail the answer repeats. Feedback keeps the
answer's trace (the rule lines that decided it, JSON); rows saved before the trace was
kept have none. An abstention keeps its answer and trace too (rows logged before that
have neither).

The curation queue joins abstentions and answers marked "wrong study". The same question
is logged once per asking (asked again after a reload, by someone else, or marked "wrong
study" after it abstained), so the queue groups rows whose question reads the same into
one entry; staff actions (dismiss, resolve, link a summary) update every row of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from assistant.models import Answer
from ui.database import abstentions, feedback, transaction
from ui.redaction import personal_details, redact, scrub

CATEGORIES = ("wrong study", "not what I asked", "hard to understand", "unsafe", "other")
MAX_COMMENT_CHARS = 2000
#: What staff can do with a queue entry; ``None`` reopens it.
QUEUE_STATUSES = ("dismissed", "resolved")
_TABLES = {"abstentions": abstentions, "feedback": feedback}


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
        "trace": _trace_json(answer, typed),
    }
    with transaction(db) as connection:
        result = connection.execute(sa.insert(feedback).values(**row))
        return int(result.inserted_primary_key[0])  # type: ignore[index]


def _trace_json(answer: Answer, typed: dict[str, str]) -> str:
    # The trace quotes the question (carried words, rewrites): redacted like it.
    return json.dumps([redact(scrub(step.line(), typed)) for step in answer.trace])


def log_abstention(db: Engine, answer: Answer) -> None:
    """Remember a question the library could not answer, with the answer given and its
    trace, for the curation queue."""
    typed = personal_details(answer.question)
    row = {
        "created_at": now(),
        "question": redact(answer.question),
        "closest_topics": json.dumps(answer.closest_topics),
        "settings_hash": answer.settings_hash,
        "answer": scrub(answer.answer, typed),
        "trace": _trace_json(answer, typed),
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
    return [str(line) for line in json_list(row.get("trace"))]


@dataclass
class QueueEntry:
    """One question in the curation queue: the rows that ask it (newest first)."""

    question: str
    status: str  # "open", "dismissed" or "resolved"
    records: list[dict[str, Any]] = field(default_factory=list)

    @property
    def key(self) -> str:
        """A short stable name for the entry (widget keys)."""
        text = f"{self.status}|{question_key(self.question)}"
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    @property
    def reasons(self) -> list[str]:
        """Why it is queued ("abstained", "wrong study"), each once, newest first."""
        return list(dict.fromkeys(r["reason"] for r in self.records))

    @property
    def refs(self) -> list[tuple[str, int]]:
        """The stored rows, as (table, id)."""
        return [(r["source"], int(r["id"])) for r in self.records]

    @property
    def summary_id(self) -> str | None:
        """The summary staff linked it to (the latest link), if any."""
        return next((r["summary_id"] for r in self.records if r["summary_id"]), None)

    @property
    def last_at(self) -> str:
        """When it was last asked."""
        return str(self.records[0]["created_at"])


def question_key(question: str) -> str:
    """The question as the queue compares it: case, spacing and the punctuation around it
    ignored, so "Bake bread?" and "bake  bread" are one entry."""
    return re.sub(r"\s+", " ", question).strip(" \t?!.,;:'\"").casefold()


def _queue_rows() -> sa.Subquery:
    none = sa.cast(sa.null(), sa.Text)
    status = sa.func.coalesce
    return sa.union_all(
        sa.select(
            sa.literal("abstentions", sa.Text).label("source"),
            abstentions.c.id,
            abstentions.c.created_at,
            abstentions.c.question,
            sa.literal("abstained", sa.Text).label("reason"),
            abstentions.c.answer,
            none.label("citations"),
            abstentions.c.closest_topics,
            abstentions.c.trace,
            none.label("comment"),
            abstentions.c.settings_hash,
            status(abstentions.c.status, "open").label("status"),
            abstentions.c.summary_id,
        ),
        sa.select(
            sa.literal("feedback", sa.Text).label("source"),
            feedback.c.id,
            feedback.c.created_at,
            feedback.c.question,
            sa.literal("wrong study", sa.Text).label("reason"),
            feedback.c.answer,
            feedback.c.citations,
            none.label("closest_topics"),
            feedback.c.trace,
            feedback.c.comment,
            feedback.c.settings_hash,
            status(feedback.c.status, "open").label("status"),
            feedback.c.summary_id,
        ).where(feedback.c.category == "wrong study"),
    ).subquery()


def curation_queue(db: Engine, limit: int = 500, handled: bool = False) -> list[QueueEntry]:
    """Questions to act on (abstentions, and answers marked "wrong study"), one entry per
    question, the most recently asked first; ``handled`` lists the dismissed and resolved
    ones instead. ``limit`` counts stored rows, newest first."""
    rows = _queue_rows()
    wanted = rows.c.status != "open" if handled else rows.c.status == "open"
    query = (
        sa.select(rows)
        .where(wanted)
        .order_by(rows.c.created_at.desc(), rows.c.source, rows.c.id.desc())
        .limit(limit)
    )
    with transaction(db) as connection:
        found = [dict(row._mapping) for row in connection.execute(query)]
    entries: dict[tuple[str, str], QueueEntry] = {}
    for row in found:
        group = (row["status"], question_key(row["question"]))
        entry = entries.setdefault(group, QueueEntry(row["question"], row["status"]))
        entry.records.append(row)
    return list(entries.values())


def set_queue_status(db: Engine, refs: Iterable[tuple[str, int]], status: str | None) -> None:
    """Dismiss or resolve the rows of a queue entry (``None``: open it again)."""
    if status is not None and status not in QUEUE_STATUSES:
        raise ValueError(f"unknown queue status {status!r}")
    _update(db, refs, status=status, handled_at=now())


def link_summary(db: Engine, refs: Iterable[tuple[str, int]], summary_id: str | None) -> None:
    """Link the rows of a queue entry to the summary that answers them (``None``: unlink)."""
    _update(db, refs, summary_id=summary_id, handled_at=now())


def _update(db: Engine, refs: Iterable[tuple[str, int]], **values: object) -> None:
    ids: dict[str, list[int]] = {}
    for source, row_id in refs:
        ids.setdefault(source, []).append(int(row_id))
    with transaction(db) as connection:
        for source, wanted in ids.items():
            table = _TABLES[source]  # a KeyError for anything but the two tables
            connection.execute(sa.update(table).where(table.c.id.in_(wanted)).values(**values))


def json_list(text: str | None) -> list[Any]:
    """A stored JSON list (citations, closest topics); empty when absent or unreadable."""
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []
