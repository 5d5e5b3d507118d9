"""Import the website's summary pages (text or HTML) into library files.

The page layout is the one in ``shared/seeds/summary-page-example.txt``. What a
page does not show (ratings, date, source) is never invented: the draft gets a
``review`` flag for the editor instead. "You May Also Like" and the site's
boilerplate are dropped: related articles are computed, not hand-kept.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from typing import ClassVar

from knowledge.models import SECTION_TITLES, Summary
from knowledge.topics import TOPICS

_STOP_HEADINGS = ("you may also like", "understanding ms research")
_RATING = re.compile(r"^(credibility|interest)\s*:?\s*(\d)(?:\s*/\s*5)?\s*$", re.I)
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_PAPER_LINK = re.compile(r"https?://(?:pubmed\.ncbi\.nlm\.nih\.gov|doi\.org|dx\.doi\.org)/\S+")
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


class _TextExtractor(HTMLParser):
    """HTML to text, one block element per line, keeping link targets."""

    _BLOCKS: ClassVar[set[str]] = {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "li",
        "br",
        "section",
        "article",
        "span",
    }

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        if tag in self._BLOCKS:
            self.parts.append("\n")
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            # Line breaks inside HTML text are just spaces; blocks make the lines.
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> tuple[str, list[str]]:
    """Visible text of an HTML page (a line per block) and its link targets."""
    parser = _TextExtractor()
    parser.feed(html)
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line), parser.links


def slugify(title: str) -> str:
    """A library id from a title: lowercase words joined by hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:100].rstrip("-") or "untitled-summary"


def map_site_topics(raw: str) -> list[str]:
    """Vocabulary topics suggested by the site's topic line (for the editor to confirm)."""
    lowered = raw.lower()
    found = [topic for hint, topic in TOPIC_HINTS.items() if hint in lowered]
    return sorted(dict.fromkeys(found), key=list(TOPICS).index)


def parse_page_text(text: str, today: dt.date, links: list[str] | None = None) -> Summary:
    """Turn one page's text into a draft summary with review flags."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    title = next((line for line in lines if line), "")
    fields: dict[str, list[str]] = {}
    ratings: dict[str, int] = {}
    current: str | None = None
    published: dt.date | None = None
    topics_raw = ""
    for line in lines:
        lowered = line.lower().rstrip(":")
        if lowered in _STOP_HEADINGS:
            break
        if lowered in _SECTION_BY_HEADING:
            current = _SECTION_BY_HEADING[lowered]
            fields[current] = []
        elif lowered.startswith("article topics"):
            current = "topics"
            topics_raw = line.split(":", 1)[1].strip() if ":" in line else ""
        elif current == "topics" and line:
            topics_raw = f"{topics_raw} {line}".strip()
        elif (match := _RATING.match(line)) and current is None:
            ratings[match.group(1).lower()] = int(match.group(2))
        elif (date := _DATE.match(line)) and current is None and published is None:
            published = dt.date(int(date.group(3)), int(date.group(1)), int(date.group(2)))
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
    review.append(f"topics suggested from the site's topic line {topics_raw!r}: confirm")
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
    return Summary.model_validate(data)
