"""The explorer's addresses: what the page shows, as URL query parameters and back (pure).

The scheme other pages and helpers rely on: ``?s=<summary id>`` opens a summary;
``?topic=<topic name>`` (repeatable) chooses topics; ``?q=<text>`` is a search; the
filters add ``since`` (YYYY-MM-DD), ``credibility`` (2-5) and ``design`` (repeatable).
A summary's address keeps the search it was opened from, so "Back to the library"
returns to it even after a reload. Values that mean nothing (a malformed date, a
design the library does not use) are left out; topic names are kept as given, so the
page can say kindly which ones it does not know.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from knowledge.models import STUDY_TYPES

#: The Explore page's address, relative to the app, so a link works under any base path.
EXPLORE = "explore"
#: The query parameters the explorer owns (others, like the chat's "c", are left alone).
KEYS = ("s", "topic", "q", "since", "credibility", "design")
#: Longest search kept from an address (the chat's question limit is larger; a search
#: is a few words).
MAX_QUERY_CHARS = 200
#: At most this many topics or designs are read from an address.
MAX_CHOICES = 60


@dataclass(frozen=True)
class View:
    """What the explorer shows: one summary (over a search), or the search's results."""

    summary: str | None = None
    topics: tuple[str, ...] = ()
    query: str = ""
    since: dt.date | None = None
    credibility: int = 1
    designs: tuple[str, ...] = ()

    @property
    def searching(self) -> bool:
        """True when a search, a topic or a filter narrows the library."""
        return bool(self.query or self.topics or self.since or self.designs) or (
            self.credibility > 1
        )

    def library(self) -> View:
        """The same search and filters, with no summary open."""
        return View(None, self.topics, self.query, self.since, self.credibility, self.designs)

    def without_topics(self) -> View:
        """The same search and filters, with no topic chosen (and no summary open)."""
        return self.with_topics(())

    def with_topics(self, topics: Iterable[str]) -> View:
        """The same search and filters, with ``topics`` chosen (and no summary open)."""
        return View(None, tuple(topics), self.query, self.since, self.credibility, self.designs)

    def opening(self, summary_id: str) -> View:
        """The same search and filters, with ``summary_id`` open."""
        return View(summary_id, self.topics, self.query, self.since, self.credibility, self.designs)


def view_of(params: Mapping[str, Sequence[str]]) -> View:
    """The view an address asks for (``params``: each key's values, as given)."""

    def first(key: str) -> str:
        values = params.get(key) or [""]
        return values[0].strip()

    return View(
        summary=first("s") or None,
        topics=_distinct(t.strip() for t in params.get("topic", ()) if t.strip()),
        query=" ".join(first("q").split())[:MAX_QUERY_CHARS],
        since=_date(first("since")),
        credibility=_credibility(first("credibility")),
        designs=_distinct(d for d in params.get("design", ()) if d in STUDY_TYPES),
    )


def params_of(view: View) -> dict[str, list[str]]:
    """The query parameters of a view, in the scheme's order, without empty ones."""
    params = {
        "s": [view.summary] if view.summary else [],
        "topic": list(view.topics),
        "q": [view.query] if view.query else [],
        "since": [view.since.isoformat()] if view.since else [],
        "credibility": [str(view.credibility)] if view.credibility > 1 else [],
        "design": list(view.designs),
    }
    return {key: values for key, values in params.items() if values}


def summary_address(page_url: str | None, summary_id: str) -> str:
    """The address that opens one summary and nothing else, for sharing: the page's own
    URL (without its query) with ``?s=``; relative when the page URL is unknown."""
    base = (page_url or "").split("?", 1)[0].split("#", 1)[0]
    return f"{base}?{urlencode({'s': summary_id})}"


def topic_address(topic: str) -> str:
    """The Explore page showing one topic, for links from other pages:
    ``explore?topic=<topic, URL-encoded>``."""
    return f"{EXPLORE}?topic={quote(topic, safe='')}"


def _distinct(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))[:MAX_CHOICES]


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _credibility(text: str) -> int:
    return int(text) if text in {"2", "3", "4", "5"} else 1
