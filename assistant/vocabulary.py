"""The library's own vocabulary, built once per index snapshot: its words, its names
and candidate corrections for misspelt words (see ``assistant.question`` for what a
name is and how a question uses one).

Building it reads every chunk (about 1 s per 1,000 summaries), so the first process to
build a snapshot's vocabulary saves it in that snapshot's folder and the next ones load
it. The file's name holds a hash of this module, the drug and synonym vocabularies and
wordfreq's version, so a change to any of them builds it afresh.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import threading
import weakref
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from breame.spelling import get_american_spelling, get_british_spelling
from wordfreq import top_n_list, zipf_frequency

from assistant import drugs, synonyms
from assistant.corpus import Corpus, SummaryView
from assistant.drugs import DRUGS
from assistant.synonyms import SYNONYMS
from assistant.word_class import lemmas
from knowledge.lexical import read_snapshot, stemmer

TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*")
_CAPITALS = re.compile(r"\b[A-Z][A-Z0-9]{2,}(?:-[A-Z0-9]+)*\b")
_PARTS = re.compile(r"[-' ]")
SYNONYM_WORDS = frozenset(w for phrase in SYNONYMS for w in phrase.split())
#: Words rarer than this in everyday English (wordfreq's Zipf scale) name a subject; a
#: question's word rarer still that no summary uses means the subject may be missing.
SUBJECT_ZIPF = 4.8
UNCOMMON_ZIPF = 4.2
#: Rarer still are names (drugs, trials, diseases: tolebrutinib, HERCULES, NMOSD); a name
#: in the titles of at most this many summaries points at them when the embedding (which
#: barely knows such names) finds nothing.
NAME_ZIPF = 3.0
NAME_MAX_SUMMARIES = 3
NAME_MAX_SHARE = 0.1
#: Rarer than this, a word is a misspelling or a coinage rather than English.
KNOWN_WORD_ZIPF = 2.5
#: A word English uses is corrected only into one this much commoner (Zipf is log10: 100x).
SLIP_MARGIN_ZIPF = 2.0
#: How many of the commonest English words join the library's as correction candidates.
ENGLISH_WORDS = 30_000


def name_limit(summaries: int) -> int:
    """How many of a library's summaries a word may be in and still name one thing: a
    rare word in more than a tenth of them is the field's vocabulary ("relapsing",
    "infusions"), not the name of one thing (at least ``NAME_MAX_SUMMARIES``)."""
    return max(NAME_MAX_SUMMARIES, int(NAME_MAX_SHARE * summaries))


def mixed_case(written: str) -> bool:
    """Whether a word is written with a capital inside one of its parts, as trial names
    are (N-MOmentum, SAkuraStar, CogEx, McDonald); "MS's" and "High-Dose" are not."""
    return any(
        any(c.islower() for c in part) and any(c.isupper() for c in part[1:])
        for part in _PARTS.split(written)
    )


@dataclass
class Vocabulary:
    """The library's words and names, built once per index snapshot."""

    words: Counter[str]
    #: The words of the summaries themselves (``words`` adds drug and synonym words).
    text_words: frozenset[str]
    names: dict[str, frozenset[str]]
    #: Capitals names that are everyday words too (OPERA, DEFINE: as common as
    #: ``UNCOMMON_ZIPF``): matched only when written as names. CBT or MIST match in any case.
    capitals_only: frozenset[str]
    drug_of: dict[str, str]
    #: Each drug (generic name) -> the summaries that report something about it: those
    #: whose title, Key Takeaway, What They Found or card findings name it (a safety-report
    #: study of ten drugs reports on each; a caveat naming a drug the study did not give
    #: does not).
    drug_reports: dict[str, frozenset[str]] = field(default_factory=dict)
    #: Candidate corrections by word length (a correction is at most 2 letters off).
    choices: dict[int, list[str]] = field(default_factory=dict)
    #: The library's own text words by length (for ``knows_nearly``).
    text_choices: dict[int, list[str]] = field(default_factory=dict)
    #: The stems of what the summaries say they are about: their titles, the papers'
    #: titles, their Key Takeaways and topics. A word the library uses only elsewhere
    #: ("involved", "range", "exactly") describes a study; it is no subject of its own.
    lead_stems: frozenset[str] = frozenset()

    def knows_nearly(self, word: str) -> bool:
        """True when the library's text uses another form of this word ("safer" and
        "safe"), its other national spelling ("tumour" and "tumor") or a word it may be a
        slip for: one letter off, and far commoner in English if the word is English at
        all (``_far_commoner``, the test spelling correction uses). A real word one letter
        from a library word ("wine" and "wide", "dairy" and "daily") is its own word, and
        may name a subject the library lacks."""
        if any(form in self.text_words for form in lemmas(word) | {other_spelling(word)}):
            return True
        near = self.near(word, 1, self.text_choices)
        accept = functools.partial(_far_commoner, own=english_rarity(word))
        return self.closest(word, near, 1, accept) is not None

    def near(self, word: str, limit: int, choices: dict[int, list[str]] | None = None) -> list[str]:
        """The candidates (``choices``; the correction candidates by default) whose length
        is within ``limit`` letters of ``word``'s, shortest first."""
        pool = self.choices if choices is None else choices
        return [w for n in range(len(word) - limit, len(word) + limit + 1) for w in pool.get(n, ())]

    def closest(
        self, word: str, near: list[str], limit: int, accept: Callable[[str], bool] | None = None
    ) -> str | None:
        """Of ``near``, the word at most ``limit`` edits from ``word`` (among the 8 nearest,
        those ``accept`` lets through): fewest edits, then the one the library uses most."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        found = process.extract(word, near, scorer=OSA.distance, score_cutoff=limit, limit=8)
        if accept is not None:
            found = [hit for hit in found if accept(hit[0])]
        if not found:
            return None
        best = min(found, key=lambda hit: (hit[1], -self.words.get(hit[0], 0)))
        return str(best[0])

    def correct(self, word: str) -> str | None:
        """The library word a misspelt word stands for, or None: a word the library knows,
        an English word (``KNOWN_WORD_ZIPF`` or commoner: "snore" and "carer" are not
        slips for "score" and "care") and a word with no close spelling are left alone."""
        if word in self.words or word in self.names or len(word) < 4 or not word.isalpha():
            return None
        if zipf_frequency(word, "en") >= KNOWN_WORD_ZIPF:
            return None
        # A word English uses at all, however rarely (numbness, shivery, diplopia), may be
        # a slip of one letter, but is never rewritten into a word two letters off
        # (numbers, slavery, diploma). Only a word English never uses (sleeep) may be.
        own = english_rarity(word)  # once per word, not once per candidate
        limit = 1 if len(word) <= 5 or own > 0 else 2
        accept = functools.partial(_far_commoner, own=own)
        return self.closest(word, self.near(word, limit), limit, accept)


def other_spelling(word: str) -> str:
    """The word's American spelling if it is British ("anaemia" -> "anemia"), its British
    spelling if it is American, else the word (breame's tables of dual spellings)."""
    american = str(get_american_spelling(word))
    return american if american != word.lower() else str(get_british_spelling(word))


def _far_commoner(candidate: str, own: float) -> bool:
    """Whether a word English uses at all may be a slip for ``candidate``: only when the
    candidate is far commoner. A common misspelling is (excercise, ballance, medecine:
    100x rarer than the word meant); a rare real word is not (hyperbaric, slurred,
    paresthesia, bloating were rewritten into hyperbolic, blurred, anesthesia, boating).
    A word English never uses (sleeep) may be a slip for any library word. ``own`` is the
    word's ``english_rarity``."""
    return own == 0 or zipf_frequency(candidate, "en") - own >= SLIP_MARGIN_ZIPF


def english_rarity(word: str) -> float:
    """How common a word is in English (wordfreq's Zipf scale), counting its dictionary
    forms: "droopier" and "sweatier" are rarer than "droopy" and "sweaty", but no less
    English (rewritten into "trooper" and "sweater" when read alone)."""
    return max((zipf_frequency(form, "en") for form in lemmas(word) | {word}), default=0.0)


_vocabularies: weakref.WeakKeyDictionary[Corpus, Vocabulary] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def vocabulary_of(corpus: Corpus) -> Vocabulary:
    """The vocabulary of a corpus snapshot (loaded from the snapshot's folder, or built
    on first use and saved there, then shared)."""
    with _lock:
        found = _vocabularies.get(corpus)
        if found is None:
            saved = corpus.folder / _file_name() if corpus.folder else None
            found = load_vocabulary(saved) if saved else None
            if found is None:
                found = build_vocabulary(corpus.summaries.values())
                if saved:
                    save_vocabulary(found, saved)
            _vocabularies[corpus] = found
        return found


def prepare_snapshot(snapshots: Path, version: int) -> None:
    """Ingest's ``msra.snapshot_ready`` hook: build the vocabulary of the snapshot of
    ``version`` and save it there, so no reader process builds it on its first question
    (about 70 s at 100,000 summaries). Nothing to do when it is saved already."""
    if (snapshots / str(version) / _file_name()).is_file():
        return
    snapshot = read_snapshot(snapshots, version)
    if snapshot is not None:
        vocabulary_of(Corpus.from_snapshot(snapshot))


@functools.cache
def _file_name() -> str:
    """``vocabulary-<hash>.json``: the hash covers everything the vocabulary is built
    from besides the snapshot itself."""
    digest = hashlib.sha256(version("wordfreq").encode())
    for module in (__file__, drugs.__file__, synonyms.__file__, synonyms.LEXICON):
        digest.update(Path(module).read_bytes())
    return f"vocabulary-{digest.hexdigest()[:16]}.json"


def save_vocabulary(vocabulary: Vocabulary, path: Path) -> None:
    """Write ``vocabulary`` to ``path`` whole or not at all; a folder this process may
    not write to only means the next process builds it again."""
    data = {
        "words": dict(vocabulary.words),
        "text_words": sorted(vocabulary.text_words),
        "names": {name: sorted(ids) for name, ids in vocabulary.names.items()},
        "capitals_only": sorted(vocabulary.capitals_only),
        "drug_of": vocabulary.drug_of,
        "drug_reports": {drug: sorted(ids) for drug, ids in vocabulary.drug_reports.items()},
        "choices": vocabulary.choices,
        "text_choices": vocabulary.text_choices,
        "lead_stems": sorted(vocabulary.lead_stems),
    }
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        partial.write_text(json.dumps(data), encoding="utf-8")
        partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)


def load_vocabulary(path: Path) -> Vocabulary | None:
    """The vocabulary saved at ``path``, or None when there is none or it is unreadable."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return Vocabulary(
            words=Counter(data["words"]),
            text_words=frozenset(data["text_words"]),
            names={name: frozenset(ids) for name, ids in data["names"].items()},
            capitals_only=frozenset(data["capitals_only"]),
            drug_of=dict(data["drug_of"]),
            drug_reports={drug: frozenset(ids) for drug, ids in data["drug_reports"].items()},
            choices={int(n): list(words) for n, words in data["choices"].items()},
            text_choices={int(n): list(words) for n, words in data["text_choices"].items()},
            lead_stems=frozenset(data["lead_stems"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def lead_text(view: SummaryView) -> str:
    """Where a summary says what it studied: its title, the paper's, its Key Takeaway."""
    paper = view.source.title if view.source else ""
    return " ".join([view.title, paper, view.section_text("key_takeaway")])


def _report_text(view: SummaryView) -> str:
    """Where a summary says what it found: its name text and What They Found."""
    return f"{_name_text(view)} {view.section_text('what_they_found')}"


def _name_text(view: SummaryView) -> str:
    """Where a summary names things: its lead text, its card (trial names such as MIST
    are often only there) and its id, which carries the first author's name ("the Foley
    meta-analysis" is pain-prevalence-ms-meta-analysis-foley-2013)."""
    card = " ".join(f.text for f in view.card.findings) if view.card else ""
    return f"{lead_text(view)} {card} {view.id.replace('-', ' ')}"


def build_vocabulary(views: Iterable[SummaryView]) -> Vocabulary:
    """Words, names and drug names of the library (see the module docstring)."""
    views = list(views)
    words: Counter[str] = Counter()
    names: dict[str, set[str]] = defaultdict(set)
    capitals: dict[str, set[str]] = defaultdict(set)
    mixed: dict[str, set[str]] = defaultdict(set)
    texts = {}
    rare = _rarity()
    for view in views:
        for chunk in view.chunks:
            words.update(_words(chunk.text))
        texts[view.id] = _name_text(view)
        words.update(_words(f"{texts[view.id]} {' '.join(view.topics)}"))
        for word in set(" ".join(TOKEN.findall(texts[view.id])).lower().split()):
            if (
                len(word) > 3
                and not word.isdigit()
                and word not in SYNONYM_WORDS  # everyday words ("tiredness"), not names
                and rare(word) < NAME_ZIPF
            ):
                names[word].add(view.id)
        for word in _CAPITALS.findall(texts[view.id]):
            capitals[word.lower()].add(view.id)
        for word in filter(mixed_case, TOKEN.findall(texts[view.id])):
            mixed[word.lower()].add(view.id)
        for alias in view.aliases:
            names[alias.lower()].add(view.id)
    most = name_limit(len(texts))
    names = defaultdict(set, {n: ids for n, ids in names.items() if len(ids) <= most})
    for name, ids in [*capitals.items(), *mixed.items()]:
        if len(ids) <= NAME_MAX_SUMMARIES:
            names[name] |= ids
    # A drug is carried by the summaries that study it, not those whose findings list it
    # among others (a safety-report study naming ten drugs studied none head to head).
    leads = {view.id: lead_text(view) for view in views}
    drug_of = _drug_names(leads, names)
    text_words = frozenset(words)
    words.update(dict.fromkeys(SYNONYM_WORDS, 1))
    words.update({w: 1 for name in drug_of for w in name.split()})
    # A mixed-case name that is an English word at all (ReBUILD) is everyday too: "how do
    # I rebuild my strength?" names no trial.
    everyday = {n for n in capitals if n in names and zipf_frequency(n, "en") >= UNCOMMON_ZIPF} | {
        n for n in mixed if n in names and zipf_frequency(n, "en") >= KNOWN_WORD_ZIPF
    }
    everyday -= set(drug_of)
    # Everyday English words are candidates too, so "conection" becomes "connection" and
    # not the library's nearest word ("condition"); the library's win a tie.
    english = [w for w in top_n_list("en", ENGLISH_WORDS) if w.isalpha() and w not in words]
    return Vocabulary(
        words=words,
        text_words=text_words,
        names={k: frozenset(v) for k, v in names.items()},
        capitals_only=frozenset(everyday),
        drug_of=drug_of,
        drug_reports=_drug_reports({view.id: _report_text(view) for view in views}),
        choices=_by_length([w for w in words if len(w) >= 3 and w.isalpha()] + english),
        text_choices=_by_length([w for w in text_words if len(w) >= 3 and w.isalpha()]),
        lead_stems=_lead_stems(views, leads),
    )


def _lead_stems(views: list[SummaryView], leads: dict[str, str]) -> frozenset[str]:
    """The stems of the words of each summary's lead text (``leads``, by id) and topics."""
    words = {w for view in views for w in _words(f"{leads[view.id]} {' '.join(view.topics)}")}
    return frozenset(stemmer().stemWords(sorted(words)))


def _by_length(words: list[str]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = defaultdict(list)
    for word in words:
        grouped[len(word)].append(word)
    return dict(grouped)


def words_of(text: str) -> set[str]:
    """The distinct lower-case words of a text."""
    return {w.lower() for w in TOKEN.findall(text)}


def _words(text: str) -> list[str]:
    """Lowercase words of a text, hyphenated ones also as their parts (Epstein-Barr)."""
    # The words are ASCII, so lowering them joined is the same as one by one, and faster.
    found = " ".join(TOKEN.findall(text)).lower().split()
    return found + [part for w in found if "-" in w for part in w.split("-")]


def _mentions(lowered: dict[str, str], wanted: set[str]) -> dict[str, set[str]]:
    """Which texts (lowercase words joined by single spaces) use each wanted name: a
    one-word name is looked up in each text's set of words, a longer one searched for."""
    found: dict[str, set[str]] = {name: set() for name in wanted}
    single = {n for n in wanted if " " not in n}
    for sid, text in lowered.items():
        for name in single.intersection(text.split()):
            found[name].add(sid)
        for name in wanted - single:
            if f" {name} " in text:
                found[name].add(sid)
    return found


def _drug_reports(texts: dict[str, str]) -> dict[str, frozenset[str]]:
    """Each drug of the reviewed vocabulary -> the texts naming it by any of its names,
    hyphenated mentions too ("natalizumab-related")."""
    lowered = {sid: f" {' '.join(_words(text))} " for sid, text in texts.items()}
    mentions = _mentions(lowered, {n for drug in DRUGS for n in drug.names})
    return {drug.generic: frozenset().union(*(mentions[n] for n in drug.names)) for drug in DRUGS}


def _rarity() -> Any:
    """wordfreq's Zipf frequency in English, remembered per word (a library uses each
    word many times)."""
    return functools.lru_cache(maxsize=None)(lambda word: zipf_frequency(word, "en"))


def _drug_names(texts: dict[str, str], names: dict[str, set[str]]) -> dict[str, str]:
    """Every name of every drug in the reviewed vocabulary -> its generic name; each name
    also becomes a name of the summaries whose name text mentions the drug."""
    lowered = {sid: f" {' '.join(TOKEN.findall(text.lower()))} " for sid, text in texts.items()}
    mentions = _mentions(lowered, {n for drug in DRUGS for n in drug.names})
    drug_of: dict[str, str] = {}
    for drug in DRUGS:
        carriers = set().union(*(mentions[n] for n in drug.names))
        for name in drug.names:
            drug_of[name] = drug.generic
            # The drug vocabulary decides a drug's carriers, so its brand and generic names
            # point at the same studies.
            names[name] = set(carriers)
    return drug_of
