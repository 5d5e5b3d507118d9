"""Everyday and brand names people use, mapped to the words the library uses.

Reviewed tables. A brand name is replaced by its generic name in the question
("is Briumvi better than Aubagio?" is asked as "is ublituximab better than
teriflunomide?"): the embedding model knows generic names far better. Everyday
words keep their place and the library's words are appended, so "mono" also
finds the Epstein-Barr summaries.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, RootModel

from assistant.drugs import BRAND_QUERIES
from knowledge.errors import LibraryError, Problem
from knowledge.yaml_files import line_of, validate_yaml_node

#: Brand name -> generic name, from the one reviewed drug vocabulary (assistant/drugs.py).
BRAND_NAMES: dict[str, str] = BRAND_QUERIES
#: The reviewed lexicon of everyday words (``assistant/lexicon/everyday.yaml``).
LEXICON = Path(__file__).resolve().parent / "lexicon" / "everyday.yaml"


class EverydayGroup(BaseModel):
    """Everyday phrases that mean what a few of the library's words say."""

    model_config = ConfigDict(extra="forbid")

    library: str = Field(
        description="The library's words for them; empty for phrases that only carry "
        'feeling or colour and name no subject ("doing my head in").'
    )
    everyday: list[Annotated[str, Field(min_length=1, pattern=r"^[^A-Z]+$")]] = Field(
        min_length=1, description="Lowercase phrases people write that no summary does."
    )


def load_lexicon(file: Path) -> dict[str, str]:
    """Everyday phrase -> the library's words, from a reviewed lexicon file; raises
    :class:`LibraryError` naming the line of every problem (a phrase in two groups
    too)."""
    groups, problems, node = validate_yaml_node(file, _LexiconFile)
    if groups is None:
        raise LibraryError(problems, hint=_LEXICON_HINT)
    table: dict[str, str] = {}
    for i, group in enumerate(groups.root):
        for j, phrase in enumerate(group.everyday):
            if phrase in table:
                line = line_of(node, (i, "everyday", j))
                why = f"{phrase!r} is in two groups"
                problems.append(Problem(str(file), line, "everyday", why))
            table[phrase] = group.library
    if problems:
        raise LibraryError(problems, hint=_LEXICON_HINT)
    return table


_LEXICON_HINT = "Fix the listed lines of the everyday-words lexicon."
_LexiconFile = RootModel[list[EverydayGroup]]
EVERYDAY_WORDS: dict[str, str] = load_lexicon(LEXICON)
SYNONYMS = BRAND_NAMES | EVERYDAY_WORDS


_SEPARATOR = re.compile(r"[\s-]+")
_JOINED = r"[\s-]+"


def phrase_pattern(phrase: str, table: Collection[str] = ()) -> str:
    """A regex for a lexicon phrase as people write it: its words joined by spaces or
    hyphens alike ("hair-and-nails vitamin", "flare up"), its last word also plural
    ("chilled vests") unless the ``table`` has the plural as a phrase of its own ("jabs")."""
    words = [re.escape(w) for w in _SEPARATOR.split(phrase.strip()) if w]
    plural = f"{phrase}s" not in table and f"{phrase}es" not in table
    return r"\b" + _JOINED.join(words) + (r"(?:e?s)?\b" if plural else r"\b")


class _Phrases:
    """A table's phrase patterns, indexed by their first word: a text is searched only
    with the patterns whose first word it has (in the singular or plural), in table
    order. Searching every pattern of the lexicon took 0.8 ms a call, several calls an
    answer."""

    def __init__(self, table: dict[str, str]) -> None:
        self.entries = [
            (re.compile(phrase_pattern(k, table), re.IGNORECASE), v) for k, v in table.items()
        ]
        self.by_first: dict[str, list[int]] = {}
        for i, phrase in enumerate(table):
            self.by_first.setdefault(_WORD.findall(phrase.lower())[0], []).append(i)

    def in_text(self, text: str) -> list[tuple[re.Pattern[str], str]]:
        """The patterns that may match ``text`` (each still to be searched), in order."""
        words = set(_WORD.findall(text.lower()))
        words |= {w.split("'")[0] for w in words}  # "neuro's" opens with "neuro"
        words |= {w[:-1] for w in words if w.endswith("s")}
        words |= {w[:-2] for w in words if w.endswith("es")}
        found = sorted(i for w in words for i in self.by_first.get(w, ()))
        return [self.entries[i] for i in found]


_WORD = re.compile(r"[a-z0-9']+")


_BRANDS = _Phrases(BRAND_NAMES)
_EVERYDAY = _Phrases(EVERYDAY_WORDS)


def _any_of(phrases: list[str]) -> re.Pattern[str]:
    """One pattern for all the phrases, longest first (so "the change" wins over a word
    of it); it matches nothing when there are none."""
    ordered = sorted(phrases, key=len, reverse=True)
    known = set(phrases)
    alternatives = "|".join(phrase_pattern(p, known) for p in ordered) or "(?!)"
    return re.compile(f"(?:{alternatives})", re.IGNORECASE)


_COLOUR = _any_of([p for p, library in EVERYDAY_WORDS.items() if not library])


def lexicon_words_in(text: str) -> frozenset[str]:
    """The words of the everyday phrases and brand names the text uses that the lexicon
    maps to library words: the lexicon reads them, so none is a subject the library
    lacks. A word of a phrase counts only inside it ("hill" in "over the hill")."""
    found = [*_BRANDS.in_text(text), *_EVERYDAY.in_text(text)]
    return frozenset(
        w
        for pattern, library in found
        if library
        for m in pattern.finditer(text)
        for w in _SEPARATOR.split(m.group().lower())
        if w
    )


def without_colour(text: str) -> str:
    """The text without the lexicon's phrases that only carry feeling or colour ("doing
    my head in", "bits and bobs"): they name no subject."""
    return _COLOUR.sub(" ", text)


#: Markup and what replaces it (a markdown link keeps its label).
_MARKUP = [
    # Script and style elements hold code, not words: dropped whole, content included.
    (re.compile(r"<(script|style)\b[^>]{0,300}>.*?</\1\s*>", re.IGNORECASE | re.DOTALL), " "),
    (re.compile(r"<\|?[a-z_]+\|?>", re.IGNORECASE), " "),  # chat-template tokens
    (re.compile(r"<[^>]{0,300}>"), " "),  # HTML tags
    (re.compile(r"\[([^\]]{0,200})\]\([^)]{0,300}\)"), r"\1"),  # markdown links
    (re.compile(r"\b(?:https?|javascript|data):\S*", re.IGNORECASE), " "),  # (script) URLs
]


def strip_markup(text: str) -> str:
    """The words of a question without HTML, links or template tokens (they are shown to
    the reader escaped, but must not steer retrieval)."""
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    return " ".join(text.split()) or text


def expand_query(question: str) -> str:
    """The question with brand names replaced by generic names, plus the library's words
    for any everyday words in it."""
    for pattern, generic in _BRANDS.in_text(question):
        question = pattern.sub(generic, question)
    extra = [v for pattern, v in _EVERYDAY.in_text(question) if v and pattern.search(question)]
    return f"{question} ({'; '.join(dict.fromkeys(extra))})" if extra else question
