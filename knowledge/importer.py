"""Import the website's summary pages (text or HTML) into library files.

The page layout is the one in ``shared/seeds/summary-page-example.txt``. What a
page does not show (ratings, date, source) is never invented: the draft gets a
``review`` flag for the editor instead. "You May Also Like" and the site's
boilerplate are dropped: related articles are computed, not hand-kept. HTML is
reduced to the visible article text (:mod:`knowledge.page_html`).

A page either becomes a draft that passes the library's format check (and its size
limit), or is refused with a :class:`PageError` that says why; nothing else is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from knowledge.errors import MSRAError
from knowledge.file_guard import FileRefusedError, read_regular_file
from knowledge.files import write_atomically
from knowledge.library_format import parse_summary, render_summary
from knowledge.models import SECTION_TITLES, Summary
from knowledge.page_html import html_to_text
from knowledge.topics import TOPICS

#: A saved page is its text plus markup and scripts; far more than any site page, but a
#: wrong file (a disk image, a log) is refused before it fills memory.
MAX_PAGE_BYTES = 8 * 1024 * 1024
_STOP_HEADINGS = ("you may also like", "understanding ms research")
_RATING = re.compile(r"^(credibility|interest)\s*:?\s*(\d)(?:\s*/\s*5)?\s*$", re.I)
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_PAPER_LINK = re.compile(r"https?://(?:pubmed\.ncbi\.nlm\.nih\.gov|doi\.org|dx\.doi\.org)/\S+")
#: Control characters (terminal escapes, NUL) and invisible direction or zero-width marks.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069\ufeff]")
#: Markdown heading marks: "## Key Takeaway" is the heading, and no line of a draft's
#: section may start with "## " (the library format would read it as a heading).
_MARKDOWN_HEADING = re.compile(r"^(?:#+(?:\s+|$))+")
#: Latin letters that Unicode does not decompose into ASCII ones.
_LATIN = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_MAX_SLUG = 100
_MAX_FLAG_CHARS = 300
#: Words in the site's topic line that map to our vocabulary (editor confirms).
TOPIC_HINTS: dict[str, str] = {
    "glial": "immune system and brain biology",
    "neuroimmune": "immune system and brain biology",
    "oligodendrocyte": "immune system and brain biology",
    "microglia": "immune system and brain biology",
    "demyelination": "immune system and brain biology",
    "remyelination": "remyelination and repair",
    "relapse": "relapses",
    "fatigue": "fatigue",
    "mri": "mri and imaging",
    "vitamin d": "vitamin d and sunlight",
    "pregnan": "pregnancy and women's health",
    "nmosd": "nmosd",
    "mogad": "mogad",
    "optic neuritis": "optic neuritis and the eye",
    "gut": "gut microbiome",
    "exercise": "exercise and rehabilitation",
    "diet": "diet and lifestyle",
    "vaccin": "vaccines",
    "covid": "covid-19",
    "depress": "mental health",
    "cognit": "cognition",
}
_SECTION_BY_HEADING = {title.lower(): name for name, title in SECTION_TITLES.items()}
_HEADING_OF: dict[str, str] = {name: title for name, title in SECTION_TITLES.items()}


class PageError(MSRAError, ValueError):
    """A page that cannot become a draft library file; the message says why. Also a
    ValueError, as the validation errors it reports are."""

    default_hint = "Fix the page (or save it again from the site) and import it again."


@dataclass(frozen=True)
class ImportedPage:
    """A page written as a draft library file."""

    path: Path
    summary: Summary


def slugify(title: str) -> str:
    """A library id from a title: lowercase ASCII words joined by hyphens, accents dropped
    (é -> e). A title with letters that have no ASCII spelling (Cyrillic, Chinese) gets
    ``summary-`` and a hash of the title, and one too short or too long for an id gets
    the hash appended, so different titles never share an id."""
    title = unicodedata.normalize("NFC", " ".join(title.split()))
    decomposed = unicodedata.normalize("NFKD", title.lower())
    latin = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_LATIN)
    slug = re.sub(r"[^a-z0-9]+", "-", latin).strip("-")
    digest = hashlib.sha256(title.encode("utf-8")).hexdigest()[:8]
    if any(c.isalnum() and not c.isascii() for c in latin):
        return f"summary-{digest}"
    if 3 <= len(slug) <= _MAX_SLUG:
        return slug
    return f"{slug[: _MAX_SLUG - 9].rstrip('-') or 'summary'}-{digest}"


def map_site_topics(raw: str) -> list[str]:
    """Vocabulary topics suggested by the site's topic line (for the editor to confirm)."""
    lowered = raw.lower()
    found = [topic for hint, topic in TOPIC_HINTS.items() if hint in lowered]
    return sorted(dict.fromkeys(found), key=list(TOPICS).index)


def page_lines(text: str) -> list[str]:
    """A page's lines, stripped of control characters, invisible marks and Markdown
    heading marks (every Unicode line break ends a line)."""
    lines = (_INVISIBLE.sub("", line.replace("\t", " ")).strip() for line in text.splitlines())
    return [_MARKDOWN_HEADING.sub("", line) for line in lines]


def _title_of(lines: list[str]) -> str:
    """The first line with a letter or digit; refused when there is none before the
    first section heading."""
    title = next((line for line in lines if any(c.isalnum() for c in line)), "")
    if not title:
        raise PageError("no title: the page has no line of text")
    if title.lower().rstrip(":") in _SECTION_BY_HEADING:
        raise PageError(f"no title before the {title!r} heading")
    return title


def _date(line: str) -> dt.date | None:
    match = _DATE.match(line)
    try:
        return dt.date(int(match[3]), int(match[1]), int(match[2])) if match else None
    except ValueError:  # 13/45/2026 is not a date
        return None


def parse_page_text(text: str, today: dt.date, links: list[str] | None = None) -> Summary:
    """Turn one page's text into a draft summary with review flags; raises
    :class:`PageError` when the page cannot make a valid draft."""
    lines = page_lines(text)
    title = _title_of(lines)
    fields: dict[str, list[str]] = {}
    ratings: dict[str, int] = {}
    current: str | None = None
    published: dt.date | None = None
    topics_raw = ""
    for number, line in enumerate(lines, start=1):
        lowered = line.lower().rstrip(":")
        if lowered in _STOP_HEADINGS:
            break
        if lowered in _SECTION_BY_HEADING:
            current = _SECTION_BY_HEADING[lowered]
            if current in fields:
                heading = _HEADING_OF[current]
                raise PageError(f"the heading {heading!r} appears twice (line {number})")
            fields[current] = []
        elif lowered.startswith("article topics"):
            current = "topics"
            topics_raw = line.split(":", 1)[1].strip() if ":" in line else ""
        elif current == "topics" and line:
            topics_raw = f"{topics_raw} {line}".strip()
        elif (match := _RATING.match(line)) and current is None:
            ratings[match.group(1).lower()] = int(match.group(2))
        elif current is None and published is None and (date := _date(line)):
            published = date
        elif current in SECTION_TITLES and line:
            fields[current].append(line)
    return _draft(title, fields, ratings, published, topics_raw, links or [], today)


def _draft(
    title: str,
    fields: dict[str, list[str]],
    ratings: dict[str, int],
    published: dt.date | None,
    topics_raw: str,
    links: list[str],
    today: dt.date,
) -> Summary:
    review = [
        f"{name} not shown on the page: rate it"
        for name in ("credibility", "interest")
        if name not in ratings
    ]
    if published is None:
        review.append(f"date not shown on the page: set to the import date {today.isoformat()}")
    topics = map_site_topics(topics_raw)
    shown = topics_raw if len(topics_raw) <= _MAX_FLAG_CHARS else topics_raw[:_MAX_FLAG_CHARS] + "…"
    review.append(f"topics suggested from the site's topic line {shown!r}: confirm")
    paper = next((m.group() for link in links for m in [_PAPER_LINK.match(link)] if m), None)
    review.append(
        "source not shown on the page: add it" + (f" (page links to {paper})" if paper else "")
    )
    data: dict[str, object] = {
        "id": slugify(title),
        "title": title,
        "published": published or today,
        "credibility": ratings.get("credibility"),
        "interest": ratings.get("interest"),
        "topics": topics,
        "review": review,
        **{name: "\n\n".join(fields.get(name, [])) for name in SECTION_TITLES},
    }
    try:
        return Summary.model_validate(data)
    except ValidationError as exc:
        raise PageError("; ".join(_reason(error) for error in exc.errors())) from exc


def _reason(error: ErrorDetails) -> str:
    """One validation error of a draft in the page's terms."""
    loc = [str(part) for part in error["loc"]]
    if loc and loc[0] in _HEADING_OF:
        return f"no text under a {_HEADING_OF[loc[0]]!r} heading"
    return f"{'.'.join(loc) or 'page'}: {error['msg']}"


def read_page(page: Path, max_bytes: int = MAX_PAGE_BYTES) -> tuple[str, list[str]]:
    """A page's text and link targets (HTML reduced to its visible article text); only a
    regular file of at most ``max_bytes`` is read."""
    try:
        raw = read_regular_file(page, max_bytes)
    except FileRefusedError as exc:
        raise PageError(exc.message) from exc
    text = raw.decode("utf-8-sig", errors="replace")
    return html_to_text(text) if page.suffix.lower() in {".html", ".htm"} else (text, [])


def draft_text(summary: Summary, max_file_bytes: int) -> str:
    """The library file of a draft, checked as an ingest will check it: refused over the
    library's size limit, or if the format check would find any problem."""
    text = render_summary(summary)
    size = len(text.encode("utf-8", errors="replace"))
    if size > max_file_bytes:
        raise PageError(
            f"the draft would be {size} bytes, over the {max_file_bytes}-byte limit "
            "of a library file (MSRA_LIBRARY__MAX_FILE_BYTES)"
        )
    problems = parse_summary(text, f"{summary.id}.md").problems
    if problems:
        raise PageError(f"the draft would not pass the format check: {problems[0]}")
    return text


def import_page(
    page: Path, target: Path, today: dt.date, max_file_bytes: int, overwrite: bool = False
) -> ImportedPage:
    """Import one page as a draft file in ``target``; raises :class:`PageError` (and writes
    nothing) when the page cannot make a valid draft or the draft's file exists."""
    text, links = read_page(page)
    summary = parse_page_text(text, today, links)
    rendered = draft_text(summary, max_file_bytes)
    destination = target / f"{summary.id}.md"
    if os.path.lexists(destination) and not overwrite:
        raise PageError(f"{destination} exists, skipped (use --overwrite)")
    try:
        # A new file renamed over the old name: a link at that name is replaced, not
        # followed, and a reader never sees half a draft.
        write_atomically(destination, lambda part: part.write_text(rendered, encoding="utf-8"))
    except OSError as exc:
        raise PageError(f"cannot write {destination}: {exc.strerror or exc}") from exc
    return ImportedPage(destination, summary)
