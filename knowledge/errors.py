"""The project's exception tree.

Every error the product raises on purpose is an :class:`MSRAError` carrying a
``hint``: one sentence telling a person what to do about it. The CLI and the UI
turn these into messages at the edge; nothing in the middle prints.
"""

from __future__ import annotations

from dataclasses import dataclass


class MSRAError(Exception):
    """Base of every deliberate error, with a user-facing hint."""

    default_hint = "See the README for setup and configuration."

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint or self.default_hint

    def user_message(self) -> str:
        """The message and the hint, as shown to a person."""
        return f"{self.message}\nHint: {self.hint}"


class ConfigError(MSRAError):
    """A setting is missing, malformed or points at something unusable."""

    default_hint = "Check your MSRA_* environment variables or .env file (see README)."


@dataclass(frozen=True)
class Problem:
    """One problem found in one library file, located to a line and field."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class LibraryError(MSRAError):
    """One or more library files are invalid; carries every problem found."""

    default_hint = "Fix the listed lines; valid files are still indexed unless --strict is set."

    def __init__(self, problems: list[Problem], hint: str | None = None) -> None:
        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the library:\n{lines}", hint)


class EmbeddingError(MSRAError):
    """The embedding model could not be loaded or run."""

    default_hint = "Run `make run` (or `make install`) to install the offline embedding model."


class StoreError(MSRAError):
    """The vector store could not be reached or written."""

    default_hint = "Check that the Chroma server is running, or unset MSRA_STORE__HOST."


class IngestConflictError(StoreError):
    """Another ingest published a version while this one ran; this one published nothing."""

    default_hint = "Run one ingest at a time; run this one again to include both."


class StoreUnavailableError(StoreError):
    """The search index is unreachable right now (server down, network error)."""

    default_hint = "Search is unavailable right now; try again in a moment."


class LibraryNotIndexedError(StoreError):
    """The store holds no published library version: nothing has been ingested yet."""

    default_hint = "Run `msra ingest` (or `make run`, which does it first), then ask again."


class LLMError(MSRAError):
    """The configured chat model failed after its retries."""

    default_hint = "Check MSRA_LLM__* settings; the offline answer is used meanwhile."


class InputError(MSRAError):
    """A user's request is outside the allowed limits (length, rate, turns)."""

    default_hint = "Shorten the question or wait a moment, then try again."
