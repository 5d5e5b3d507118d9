"""Answer feedback and the curation queue, in SQLite (one small file, thread-safe use).

Every text is redacted of typed personal details before it is stored.
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
    comment TEXT
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
        with connection:
            yield connection


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def save_feedback(
    path: Path, answer: Answer, helpful: bool, category: str | None = None, comment: str = ""
) -> int:
    """Store one piece of feedback with the answer's citations and settings hash."""
    if category is not None and category not in CATEGORIES:
        raise ValueError(f"unknown feedback category {category!r}")
    citations = [{"n": c.n, "summary_id": c.summary_id, "title": c.title} for c in answer.citations]
    with connect(path) as db:
        cursor = db.execute(
            "INSERT INTO feedback (created_at, question, answer, citations, settings_hash, mode,"
            " safety, helpful, category, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
