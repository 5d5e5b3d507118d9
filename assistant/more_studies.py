"""A follow-up asking for the library's other studies on what was just answered: "are
there other studies on this?", "any other research on natalizumab?", "anything newer?".

It points back, as "it" does. What it is about is its own subject words when it has them
("any other pregnancy studies?"); else the drug it asks about ("that drug": the drug of the
question the last answer was about, or the first drug the last answer's lead study names
in its title); else the subject words of that question. A name only one summary carries is
that study's name ("what did the PRIMS study find?"): its subject is then what the study's
title names (``title_subject``). The studies on it are those whose lead text (title, paper title,
Key Takeaway: where a summary says what it studied) uses one of those words, other than the
studies the last answer cited, and for "newer" those dated after the newest of them. When
none is left, the answer says the library has no other (or no newer) summary on it.
Pure functions over the corpus and its vocabulary.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wordfreq import zipf_frequency

from assistant.corpus import Corpus, SummaryView
from assistant.vocabulary import TOKEN, UNCOMMON_ZIPF, Vocabulary, lead_text
from assistant.word_class import only_names, word_classes

if TYPE_CHECKING:  # question.py reads ``more_asked`` from here
    from assistant.question import QuestionFacts

_STUDIES = r"(?:stud(?:y|ies)|research|trials?|papers?|evidence|articles?|summar(?:y|ies))"
_MORE = re.compile(
    rf"\b(?:other|more|further|similar|related|newer|more recent|latest)\s+"
    rf"(?:[a-z-]+\s+){{0,2}}?{_STUDIES}\b"
    r"|\banything (?:else|newer|more recent)\b|\bany newer\b",
    re.IGNORECASE,
)
_NEWER = re.compile(r"\b(?:newer|more recent|latest)\b", re.IGNORECASE)
#: The turn asks about the drug itself ("other studies on that drug?").
_THE_DRUG = re.compile(r"\b(?:drugs?|medicines?|medications?|meds|treatments?|pills?)\b", re.I)


@dataclass(frozen=True)
class MoreAsked:
    """A turn asking for other studies on the last answer's subject."""

    newer: bool
    #: The words that asked for more ("other", "studies", "newer"): no subject of its own.
    words: frozenset[str]
    #: It asks about the drug ("more research on this drug?").
    drug: bool


def more_asked(text: str) -> MoreAsked | None:
    """What a turn asks for more of, or None when it does not ask for other studies."""
    found = _MORE.search(text)
    if found is None:
        return None
    words = frozenset(w.lower() for w in TOKEN.findall(found.group()))
    return MoreAsked(bool(_NEWER.search(found.group())), words, bool(_THE_DRUG.search(text)))


def title_drug(view: SummaryView, vocabulary: Vocabulary) -> str:
    """The first drug a summary's title names (its generic name), or "" for none: a title
    names the drug it studied first ("Ocrelizumab Cut Relapses More Than Interferon")."""
    for word in TOKEN.findall(view.title.lower()):
        if word in vocabulary.drug_of:
            return vocabulary.drug_of[word]
    return ""


def title_subject(view: SummaryView) -> list[str]:
    """What a summary's title says the study was about: its words the English lexicon
    does not know ("Epstein", "Barr"), else those that can only be nouns ("pregnancy",
    "birth")."""
    words = [w for w in re.findall(r"[a-z]{4,}", view.title.lower())]
    unknown = [w for w in words if not word_classes(w) and zipf_frequency(w, "en") < UNCOMMON_ZIPF]
    return unknown or [w for w in words if only_names(w)]


def subject_of_more(
    facts: QuestionFacts, asked: QuestionFacts, lead: SummaryView, vocabulary: Vocabulary
) -> list[str]:
    """What a turn asking for other studies is about: its own subject words; else the drug
    it asks about ("this drug": the drug of ``asked``, the question the last answer was
    about, or the first drug the title of ``lead``, that answer's first study, names); else
    the drugs, or else the subject words, of ``asked``, a study's own name (one only one
    summary carries) replaced by what the lead study's title names."""
    assert facts.more is not None
    own = [w for w in facts.subject if w not in facts.more.words]
    if own:
        return [*own, *facts.drugs]
    drug = next(iter(asked.drugs), "") or title_drug(lead, vocabulary)
    if facts.more.drug and drug:
        return [drug]
    if asked.drugs:  # the drugs it asked about, not what it asked of them
        return list(asked.drugs)
    words = [w for w in asked.subject if len(asked.names.get(w, ())) != 1]
    return words or title_subject(lead)


def studies_on(
    words: Iterable[str],
    corpus: Corpus,
    leave_out: Sequence[str],
    newer_than: SummaryView | None = None,
) -> list[str]:
    """The summaries whose lead text uses one of ``words`` (by stem; a word at least a
    tenth of the lead texts use says nothing of the subject), other than ``leave_out``,
    and dated after ``newer_than`` when given; newest first."""
    stems = set(corpus.stemmer.stemWords([w.lower() for w in words])) - corpus.generic
    leads = _lead_stems(corpus)
    common = {s for s in stems if sum(s in terms for terms in leads.values()) * 10 >= len(leads)}
    stems -= common
    found = [
        corpus.summaries[i]
        for i, terms in leads.items()
        if terms & stems and i not in leave_out
        and (newer_than is None or corpus.summaries[i].published > newer_than.published)
    ]  # fmt: skip
    return [view.id for view in sorted(found, key=lambda v: v.published, reverse=True)]


#: Each snapshot's lead-text stems, kept while the snapshot is (as its vocabulary is).
_LEADS: weakref.WeakKeyDictionary[Corpus, dict[str, frozenset[str]]] = weakref.WeakKeyDictionary()
_LEADS_LOCK = threading.Lock()


def _lead_stems(corpus: Corpus) -> dict[str, frozenset[str]]:
    """Each summary's lead-text stems, made once per library snapshot."""
    with _LEADS_LOCK:
        found = _LEADS.get(corpus)
        if found is None:
            found = {i: frozenset(corpus.terms(lead_text(v))) for i, v in corpus.summaries.items()}
            _LEADS[corpus] = found
        return found


def none_left(newer: bool, cited: int) -> str:
    """The answer when the library has no other (or no newer) summary on the subject."""
    them = "the one" if cited == 1 else "the ones"
    if newer:
        return f"The library has no summary on this newer than {them} in the last answer."
    return f"The library has no other summary on this than {them} in the last answer."
