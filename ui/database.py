"""The application database: feedback, the curation queue and saved conversations.

One SQLAlchemy engine per database URL and process (``MSRA_UI__DATABASE_URL``). SQLite
by default: one file, created readable by its owner only, since it holds what people
typed. PostgreSQL (``postgresql://user:password@host/name``) when several UI replicas
must share their records. The schema is created on first use, and tables made by an
earlier version gain the columns added since (old rows keep NULL there).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from pydantic import SecretStr
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.schema import CreateTable

from knowledge.errors import ConfigError, MSRAError

metadata = sa.MetaData()

feedback = sa.Table(
    "feedback",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.Text, nullable=False),  # ISO 8601, UTC: sorts as text
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("answer", sa.Text, nullable=False),
    sa.Column("citations", sa.Text, nullable=False),  # JSON list
    sa.Column("settings_hash", sa.Text, nullable=False),
    sa.Column("mode", sa.Text, nullable=False),
    sa.Column("safety", sa.Text, nullable=False),
    sa.Column("helpful", sa.Integer, nullable=False),  # 0/1, as older SQLite files hold it
    sa.Column("category", sa.Text),
    sa.Column("comment", sa.Text),
    sa.Column("trace", sa.Text),  # JSON list of rule lines; NULL in rows saved before it
    # The curation queue's actions on a "wrong study" answer (NULL: still open).
    sa.Column("status", sa.Text),  # "dismissed" or "resolved"
    sa.Column("summary_id", sa.Text),  # the summary staff linked the entry to
    sa.Column("handled_at", sa.Text),
)

abstentions = sa.Table(
    "abstentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("closest_topics", sa.Text, nullable=False),  # JSON list
    sa.Column("settings_hash", sa.Text, nullable=False),
    # Added with the queue's actions; NULL in rows logged before them.
    sa.Column("answer", sa.Text),
    sa.Column("trace", sa.Text),  # JSON list of rule lines
    sa.Column("status", sa.Text),  # "dismissed" or "resolved"; NULL: still open
    sa.Column("summary_id", sa.Text),
    sa.Column("handled_at", sa.Text),
)

conversations = sa.Table(
    "conversations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session_key", sa.String(128), nullable=False, unique=True),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
    sa.Column("turns", sa.Text, nullable=False),  # JSON list, typed details redacted
)

#: Any fixed number: replicas starting together take this PostgreSQL advisory lock in turn
#: to create the schema (concurrent CREATE TABLE IF NOT EXISTS can still collide there).
_SCHEMA_LOCK = 0x4D535241
#: Seconds to wait for a connection (PostgreSQL) or another writer's lock (SQLite).
CONNECT_TIMEOUT_S = 10.0
_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


class DatabaseUnavailableError(MSRAError):
    """The application database cannot be reached or written right now."""

    default_hint = (
        "Feedback and the curation queue are unavailable right now; check that the database "
        "in MSRA_UI__DATABASE_URL is running, then try again."
    )


def database(url: str | SecretStr) -> Engine:
    """The process's engine for ``url``, with the schema in place (built on first use;
    a failed first use is retried on the next call)."""
    text = url.get_secret_value() if isinstance(url, SecretStr) else url
    with _ENGINES_LOCK:
        engine = _ENGINES.get(text)
        if engine is None:
            engine = _ENGINES[text] = _open(text)
    return engine


def close_all() -> None:
    """Dispose of every engine opened so far (tests, and a clean shutdown)."""
    with _ENGINES_LOCK:
        engines = list(_ENGINES.values())
        _ENGINES.clear()
    for engine in engines:
        engine.dispose()


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction, committed on exit; an unreachable database is a
    :class:`DatabaseUnavailableError` naming it (password hidden)."""
    try:
        with engine.begin() as connection:
            yield connection
    except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
        raise _unavailable(engine.url, exc) from exc


def _open(text: str) -> Engine:
    url = _parse(text)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        _private_file(Path(url.database))
    try:
        # pre_ping: a replica outlives a PostgreSQL restart without a failed request.
        engine = sa.create_engine(url, pool_pre_ping=True, connect_args=_connect_args(url))
    except (sa.exc.NoSuchModuleError, ImportError) as exc:
        raise ConfigError(
            f"MSRA_UI__DATABASE_URL: no database driver for {url.drivername!r}",
            hint="Use sqlite:///path/to/file.sqlite3 or postgresql://user:password@host/name.",
        ) from exc
    try:
        with transaction(engine) as connection:
            _create_schema(connection)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _connect_args(url: URL) -> dict[str, Any]:
    if url.get_backend_name() == "sqlite":
        return {"timeout": CONNECT_TIMEOUT_S}  # waiting for another writer's lock
    if url.get_backend_name() == "postgresql" and "connect_timeout" not in url.query:
        # libpq waits forever on a server that accepts but never answers.
        return {"connect_timeout": max(1, round(CONNECT_TIMEOUT_S))}
    return {}


def _parse(text: str) -> URL:
    try:
        return sa.make_url(text)
    except sa.exc.ArgumentError as exc:
        raise ConfigError(
            "MSRA_UI__DATABASE_URL is not a database URL",
            hint="Use sqlite:///path/to/file.sqlite3 or postgresql://user:password@host/name.",
        ) from exc


def _private_file(path: Path) -> None:
    """Create the SQLite file readable and writable by its owner only (SQLite itself
    would create it 0644), and tighten a file made by an earlier version."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
        os.chmod(path, 0o600)
    except OSError as exc:
        raise ConfigError(
            f"MSRA_UI__DATABASE_URL: cannot create the SQLite file {path}: {exc.strerror}",
            hint="Point MSRA_UI__DATABASE_URL at a writable folder, e.g. sqlite:///data/msra.sqlite3.",
        ) from exc


def _create_schema(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        # Held to the end of this transaction: the next replica waits, then finds the tables.
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
    for table in metadata.sorted_tables:
        connection.execute(CreateTable(table, if_not_exists=True))
    _add_missing_columns(connection)


def _add_missing_columns(connection: Connection) -> None:
    """Columns added since a table was made (``feedback.trace``, the queue's ``status``,
    ``summary_id`` and ``handled_at``, ``abstentions.answer`` and ``trace``), added as
    NULL-able so stored rows keep their values."""
    inspector = sa.inspect(connection)
    for table in metadata.sorted_tables:
        present = {column["name"] for column in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in present:
                continue
            kind = column.type.compile(dialect=connection.dialect)
            # Names come from the metadata above, never from input.
            statement = f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'
            try:
                connection.execute(sa.text(statement))
            # PostgreSQL replicas wait on the schema lock; SQLite ones may race, and a
            # failed statement there leaves the transaction usable.
            except sa.exc.OperationalError as exc:
                if "duplicate column" not in str(exc):
                    raise


def _unavailable(url: URL, exc: Exception) -> DatabaseUnavailableError:
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else "error"
    where = url.render_as_string(hide_password=True)
    return DatabaseUnavailableError(f"cannot reach the database at {where}: {reason}")
