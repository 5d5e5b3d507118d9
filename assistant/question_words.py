"""The words of a question read against the library: corrections, names, topic and
subject words, and the words no summary uses (for :func:`assistant.question.analyse`).

Pure functions over the snapshot's :class:`Vocabulary` and :class:`Corpus`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from wordfreq import zipf_frequency

from assistant.corpus import Corpus
from assistant.shorthand import is_contraction, written_out
from assistant.vocabulary import (
    SUBJECT_ZIPF,
    TOKEN,
    UNCOMMON_ZIPF,
    Vocabulary,
    mixed_case,
    name_limit,
)
from assistant.word_class import can_name, only_describes, only_names
from knowledge.topics import TOPICS

#: Words at least this common in everyday English phrase a question rather than name its
#: topic ("took", "later", "came"); "pain" and "sleep" are just below.
TOPIC_ZIPF = 5.2
_TOPIC_NAME_WORDS = frozenset(w for name in TOPICS for w in re.findall(r"[a-z]+", name.lower()))
_STUDY_WORDS = frozenset({"trial", "trials", "study", "studies"})


def picks_out(word: str, names: dict[str, frozenset[str]], corpus: Corpus) -> bool:
    """Whether a word picks out one subject of the library, as a name does: a name the
    summaries carry, or a word a few of them use ("vest", "mindfulness"), not the field's
    vocabulary ("pill", "relapses": more than a tenth of them) nor a word none uses
    ("mums"). A compound picks one out when a part does ("epstein-barr")."""
    if names.get(word):
        return True
    if "-" in word:
        return any(picks_out(part, names, corpus) for part in word.split("-") if part)
    users = corpus.summaries_using(word)
    return 0 < users <= name_limit(len(corpus.summaries))


def describes(
    word: str, names: dict[str, frozenset[str]], vocabulary: Vocabulary, corpus: Corpus
) -> bool:
    """A word the summaries use, but never to say what one is about: it describes a study
    ("involved", "range"). A name or a word no summary uses is a subject of its own."""
    stem = corpus.stemmer.stemWord(word)
    return word not in names and stem in corpus.idf and stem not in vocabulary.lead_stems


def naming(topic: tuple[str, ...], describing: tuple[str, ...]) -> tuple[str, ...]:
    """The topic words that name something: words that can be nouns, other than those
    that only describe a study ("is there any evidence for that?"); not verbs ("has
    anything been reported?")."""
    return tuple(w for w in topic if w not in describing and can_name(w))


def own_topic(topic: tuple[str, ...], names: dict[str, frozenset[str]]) -> tuple[str, ...]:
    """The topic words that are no word of a name it uses."""
    name_words = words_of_names(names)
    return tuple(w for w in topic if w not in name_words)


def words_of_names(names: Iterable[str]) -> frozenset[str]:
    """Every word of the names a question uses ("sativex spray": both words)."""
    return frozenset(w for name in names for w in name.split())


def corrected_text(text: str, vocabulary: Vocabulary) -> tuple[str, dict[str, str]]:
    """The question with shorthand written out and misspellings corrected to the
    library's words, and the corrections made (shorthand is not one: nothing to show)."""
    corrections: dict[str, str] = {}

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        better = vocabulary.correct(word.lower())
        if better is None or (_written_as_name(match) and better not in vocabulary.names):
            return word
        corrections[word.lower()] = better
        return better

    return TOKEN.sub(fix, written_out(text)), corrections


def _written_as_name(match: re.Match[str]) -> bool:
    """A word written in capitals ("HBOT", "ACTH"), or with a capital where no sentence
    starts ("the Ozempic jab"), is a name: it may be a misspelt name the library uses
    ("Alemtuzamab"), never a slip for an everyday word ("hot", "olympic")."""
    word = match.group()
    if len(word) > 1 and word.isupper():
        return True
    before = match.string[: match.start()].rstrip()
    return word[:1].isupper() and bool(before) and before[-1] not in ".!?:;\"'("


def names_in(text: str, vocabulary: Vocabulary) -> dict[str, frozenset[str]]:
    """The names the text uses, longest first (three words, two, one), each with the
    summaries that carry it; a capitals name that is also an everyday word only as a name
    is written (in capitals, or before "trial" or "study")."""
    tokens = TOKEN.findall(text)
    found: dict[str, frozenset[str]] = {}
    for size in (3, 2, 1):
        for start in range(len(tokens) - size + 1):
            written = " ".join(tokens[start : start + size])
            name = written.lower()
            if name not in vocabulary.names or name in found:
                continue
            following = tokens[start + size].lower() if start + size < len(tokens) else ""
            if name in vocabulary.capitals_only and not (
                written.isupper() or mixed_case(written) or following in _STUDY_WORDS
            ):
                continue
            found[name] = vocabulary.names[name]
    return found


def topic_words(
    text: str, corpus: Corpus, names: dict[str, frozenset[str]], read: frozenset[str]
) -> tuple[str, ...]:
    """Content words that say what a turn is about: rarer than the everyday words that
    phrase a question ("took part", "came up", "a year later"), a name, a word of an
    everyday phrase the lexicon reads here (``read``: "kids"), or a word of the
    library's topic names ("women")."""
    return tuple(
        w
        for w in _content_words(text, corpus, shortest=3)
        if w in names or w in read or w in _TOPIC_NAME_WORDS or zipf_frequency(w, "en") < TOPIC_ZIPF
    )


def subject_words(text: str, corpus: Corpus, names: dict[str, frozenset[str]]) -> tuple[str, ...]:
    """Words rarer than everyday English that are not generic MS words; a name's words
    count as subject too. A word of three letters counts only when uncommon: most are
    everyday words ("leg", "arm", "tea"), but the uncommon ones name what is asked
    ("tms", "fes", "cbd", "ivf", "flu", "jab"), and a question about TMS for depression
    was answered with the depression studies. Never one that opens with a digit (an age
    or a dose: "34f", "20mg")."""
    return tuple(
        w
        for w in _content_words(text, corpus, shortest=3)
        if w in names
        or (len(w) > 3 and zipf_frequency(w, "en") < SUBJECT_ZIPF)
        or (len(w) == 3 and not w[0].isdigit() and zipf_frequency(w, "en") < UNCOMMON_ZIPF)
    )


def _content_words(text: str, corpus: Corpus, shortest: int) -> list[str]:
    """The text's distinct lowercase words of at least ``shortest`` letters, in order,
    without bare numbers and generic MS words (stemmed, as BM25 sees them)."""
    words = dict.fromkeys(w.lower() for w in TOKEN.findall(text))
    return [
        w
        for w in words
        if len(w) >= shortest
        and not w.isdigit()
        and not is_contraction(w)
        and corpus.stemmer.stemWord(w) not in corpus.generic
    ]


def is_gap(word: str, vocabulary: Vocabulary, corpus: Corpus, read: frozenset[str]) -> bool:
    """A word no summary uses that names a subject: not in the library's text (a drug the
    library never studied is a gap, though the drug vocabulary knows it), nor a word of an
    everyday phrase the lexicon reads in this question (``read``: its library words are
    added to the search). Uncommon words count,
    but for those only ever adjectives or adverbs ("wobbly", "lifelong": they describe);
    so do everyday words only ever nouns ("alcohol", "dairy", "pollution"), rarer than the
    everyday words that phrase a question. A compound no summary writes is a gap only when
    one of its parts is ("liquid-cooled" vests are cooling vests; "gluten-free" is about
    gluten)."""
    if word in read or vocabulary.names.get(word):
        return False
    if "-" in word and word not in vocabulary.text_words:
        return any(is_gap(part, vocabulary, corpus, read) for part in word.split("-") if part)
    if word in vocabulary.text_words or vocabulary.knows_nearly(word):
        return False
    if corpus.stemmer.stemWord(word) in corpus.idf or only_describes(word):
        return False
    zipf = zipf_frequency(word, "en")
    return zipf < UNCOMMON_ZIPF or (zipf < TOPIC_ZIPF and only_names(word))
