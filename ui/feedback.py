"""Answer feedback and the curation queue, in SQLite (one small file, thread-safe use).

Every text is redacted of typed personal details before it is stored. Feedback keeps
the answer's trace (the rule lines that decided it, JSON); rows saved before the trace
was kept have none.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from assistant.models import Answer
from ui.display import redact

CATEGORIES = ("wrong study", "not what I asked", "hard to understand", "unsafe", "other")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    settings_hash TEXT NOT NULL,
    mode TEXT NOT NULL,
    safety TEXT NOT NULL,
    helpful INTEGER NOT NULL,
    category TEXT,
    comment TEXT,
    trace TEXT
);
CREATE TABLE IF NOT EXISTS abstentions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    closest_topics TEXT NOT NULL,
    settings_hash TEXT NOT NULL
);
"""


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection with the schema in place, committed and closed on exit."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=10)) as connection:
        connection.row_factory = sqlite3.Row
        connection.executescript(_SCHEMA)
        _migrate(connection)
        with connection:
            yield connection


def _migrate(connection: sqlite3.Connection) -> None:
    """Bring a feedback file made by an earlier version up to date; old rows keep NULL
    where a newer column has no value for them."""
    columns = {row["name"] for row in connection.execute("PRAGMA table_info(feedback)")}
    if "trace" not in columns:
        try:
            with connection:
                connection.execute("ALTER TABLE feedback ADD COLUMN trace TEXT")
        except sqlite3.OperationalError as exc:  # another process added it first
            if "duplicate column" not in str(exc):
                raise


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def save_feedback(
    path: Path, answer: Answer, helpful: bool, category: str | None = None, comment: str = ""
) -> int:
    """Store one piece of feedback with the answer's citations, settings hash and trace."""
    if category is not None and category not in CATEGORIES:
        raise ValueError(f"unknown feedback category {category!r}")
    citations = [{"n": c.n, "summary_id": c.summary_id, "title": c.title} for c in answer.citations]
    trace = [redact(step.line()) for step in answer.trace]
    with connect(path) as db:
        cursor = db.execute(
            "INSERT INTO feedback (created_at, question, answer, citations, settings_hash, mode,"
            " safety, helpful, category, comment, trace)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                _now(),
                redact(answer.question),
                redact(answer.answer),
                json.dumps(citations),
                answer.settings_hash,
                answer.mode,
                answer.safety,
                int(helpful),
                category,
                redact(comment.strip())[:2000],
                json.dumps(trace),
            ),
        )
        return int(cursor.lastrowid or 0)


def log_abstention(path: Path, answer: Answer) -> None:
    """Remember a question the library could not answer, for the curation queue."""
    with connect(path) as db:
        db.execute(
            "INSERT INTO abstentions (created_at, question, closest_topics, settings_hash)"
            " VALUES (?, ?, ?, ?)",
            (
                _now(),
                redact(answer.question),
                json.dumps(answer.closest_topics),
                answer.settings_hash,
            ),
        )


def list_feedback(path: Path, limit: int = 500) -> list[dict[str, Any]]:
    """Most recent feedback first."""
    with connect(path) as db:
        rows = db.execute("SELECT * FROM feedback ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
    return [dict(row) for row in rows]


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


def curation_queue(path: Path, limit: int = 500) -> list[dict[str, Any]]:
    """Questions to act on: abstentions, and answers marked 'wrong study'."""
    with connect(path) as db:
        rows = db.execute(
            "SELECT created_at, question, 'abstained' AS reason, closest_topics AS detail"
            " FROM abstentions UNION ALL"
            " SELECT created_at, question, 'wrong study' AS reason, citations AS detail"
            " FROM feedback WHERE category = 'wrong study'"
            " ORDER BY created_at DESC LIMIT ?",
            (limit,),
        ).fetchall()
    return [dict(row) for row in rows]
