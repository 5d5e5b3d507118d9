"""Which classes an English word can belong to (noun, verb, adjective, adverb), from
lemminflect's lexicon: no context, no model, nothing downloaded.

The question's analysis asks it one thing: whether an unused word can name a subject the
library lacks. A word that is only ever an adjective or adverb ("wobbly", "lifelong",
"terribly") describes; it names nothing. A word that is only ever a noun ("alcohol",
"dairy", "pollution") names a thing even when everyday English uses it often. Another of
its forms in the library's text ("safer" and "safe") means the library has it.
"""

from __future__ import annotations

from functools import lru_cache

from lemminflect import getAllLemmas

_DESCRIBING = frozenset({"ADJ", "ADV"})
#: Indefinite pronouns, which the lexicon files as nouns: a closed class of grammar.
PRONOUNS = frozenset(
    f"{head}{tail}" for head in ("any", "some", "every", "no") for tail in ("body", "one", "thing")
)


def word_classes(word: str) -> frozenset[str]:
    """The classes the lexicon gives a word (empty for a word it lacks, such as "tattoo"
    or a drug name)."""
    return frozenset(_lemmas(word.lower()))


def lemmas(word: str) -> frozenset[str]:
    """The word's dictionary forms in every class it can take ("safer" -> "safe")."""
    return frozenset(form for forms in _lemmas(word.lower()).values() for form in forms)


@lru_cache(maxsize=65536)
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    return dict(getAllLemmas(word))


def only_describes(word: str) -> bool:
    """True for a word the lexicon knows only as an adjective or adverb."""
    classes = word_classes(word)
    return bool(classes) and classes <= _DESCRIBING


def only_names(word: str) -> bool:
    """True for a word the lexicon knows only as a noun (not a pronoun it files as one)."""
    return word_classes(word) == {"NOUN"} and word.lower() not in PRONOUNS


def only_verb(word: str) -> bool:
    """True for a word the lexicon knows only as a verb ("put", "lose")."""
    return word_classes(word) == {"VERB"}


def is_pronoun(word: str) -> bool:
    """An indefinite pronoun ("anybody", "everyone"), which the lexicon files as a noun."""
    return word.lower() in PRONOUNS


def can_name(word: str) -> bool:
    """True for a word the lexicon knows as a noun, or does not know at all (a drug
    name, "tattoo"): a word that can name a thing."""
    classes = word_classes(word)
    return not classes or "NOUN" in classes


def compound_parts(word: str) -> tuple[str, ...]:
    """The two nouns a closed compound is made of ("eyesight": "eye", "sight"; "heartbeat":
    "heart", "beat"), or () when it splits into no two nouns the lexicon knows ("infections"
    is no "infect" and "ions": each part must be a noun, the last of four letters or more)."""
    word = word.lower()
    for cut in range(3, len(word) - 3):
        head, tail = word[:cut], word[cut:]
        if "NOUN" in word_classes(head) and "NOUN" in word_classes(tail):
            return head, tail
    return ()
