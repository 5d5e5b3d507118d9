"""One analysis of a question, computed once per turn: :class:`QuestionFacts`.

Every later step (the follow-up rewrite, the rules that abstain, cite and order, the
composer) reads these facts instead of re-analysing the text. The library's own
vocabulary (:class:`Vocabulary`, built once per index snapshot) decides what is a
known word, what is a misspelling and what is a name.

A **name** is what the library calls one thing: a drug from the reviewed drug
vocabulary (generic, brand or alias), a study alias from front matter, a word the
library writes in capitals (ORATORIO, CARE-MS, NMOSD), or a word everyday English
barely uses (tolebrutinib, Wahls), as found in a summary's title, paper title, Key
Takeaway or evidence card. A question uses a capitals name that is also an everyday
word (OPERA, DEFINE, WAVES) only when it writes it in capitals or follows it with
"trial" or "study"; every other name in any case.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from wordfreq import top_n_list, zipf_frequency

from assistant.corpus import Corpus, SummaryView
from assistant.drugs import DRUGS
from assistant.models import Turn
from assistant.synonyms import SYNONYMS, strip_markup

Aspect = Literal[
    "effect", "harm", "who", "length", "size", "comparison", "cost", "cause", "outlook",
    "recent", "definition", "practical",
]  # fmt: skip

#: What each aspect sounds like, in order: the first that matches wins, "effect" otherwise.
_CUE_TEXT: tuple[tuple[Aspect, str], ...] = (
        ("harm", r"\b(side[- ]?effects?|safe|safety|harms?|harmful|downsides?|adverse|"
                 r"dangerous|(any|the|what are the) risks|safety problems?|reactions?)\b"),
        # The study's size, not a result ("how many people does it work for?").
        ("size", r"\bhow many (people|patients|participants|women|men|kids|children) "
                 r"(were (in|studied|tested|enrolled)|took part|(did|does) (they|the study|"
                 r"the trial|it) (test|study|include|enrol|enroll|recruit))\b|"
                 r"\bhow (big|large) (was|were) (it|the study|the trial|they)\b|\bsample size\b"),
        ("length", r"\bhow long\b|\bfollow(ed)?[- ]?up\b|\bhow many (years|months|weeks)\b|"
                   r"\b(did|does|do) (the )?(benefit|effect|it|that) (last|wear off|fade)\b|"
                   r"\blast(ed)?\b|\bfollowed\b"),
        ("who", r"\bwho (was|were|took part|is|are|was in|were in|got)\b|"
                r"\bwhat (kind|sort|type) of (people|patients)\b|\bwhich (people|patients)\b|"
                r"\bwho\b.*\b(studied|in (it|the study|the trial))\b"),
        ("comparison", r"\b(compare[sd]?|comparison|versus|vs\.?|better than|worse than|"
                       r"which is better)\b"),
        ("cost", r"\b(costs?|price|afford|insurance|expensive|pay for|money)\b"),
        ("recent", r"\b(newest|latest|most recent|recent(ly)?|new (research|studies|study|"
                   r"findings)|up[- ]to[- ]date)\b"),
        ("cause", r"\b(caus(e|es|ed|ing)|trigger(s|ed)?|hereditary|genetic|inherit\w*|"
                  r"risk of getting|get ms)\b"),
        ("outlook", r"\b(outlook|prognosis|life expectancy|lifespan|over time|long[- ]term|"
                    r"in the future|wheelchair)\b"),
        ("definition", r"^\s*what (is|are) (an? |the )?[\w-]+( [\w-]+)?\s*\??\s*$|\bwhat does "
                       r"[\w -]+ mean\b"),
        ("practical", r"\b(tips?|cope|coping|manage|managing|day to day|daily life|at work|"
                      r"travel|what can i do)\b"),
)  # fmt: skip
ASPECT_CUES: tuple[tuple[Aspect, re.Pattern[str]], ...] = tuple(
    (aspect, re.compile(pattern, re.IGNORECASE)) for aspect, pattern in _CUE_TEXT
)

_CUE = dict(ASPECT_CUES)
#: A study's own aspects: "what were the downsides?" asks more of the last answer's
#: studies, so these words are not a topic of their own.
_STUDY_ASPECTS = re.compile(
    "|".join(_CUE[a].pattern for a in ("harm", "size", "length", "who")), re.IGNORECASE
)
#: Aspects big enough to be a topic ("how much does ms cost people?").
TOPIC_ASPECTS = frozenset({"cost", "cause", "outlook", "definition", "practical"})
_SYNONYM_WORDS = frozenset(w for phrase in SYNONYMS for w in phrase.split())
#: Words that carry feeling or say who is asking, not what about: kept apart from the
#: subject, so "just diagnosed and terrified, is there a cure?" is about a cure.
FRAMING = re.compile(
    r"\b(i'?m|i am|i feel|feeling|so|really|very|a bit|kind of)?\s*(terrified|scared|afraid|"
    r"frightened|worried|nervous|panick?ing|freaking out|overwhelmed|embarrassed|frustrated|"
    r"devastated|heartbroken|dread(ing)?|hopeful|desperate)\b"
    r"|\b(i was |i'?ve been |i got |i have been )?(just|newly|recently) diagnosed"
    r"( (last|this) (week|month|year))?\b"
    r"|\bmy (sister|brother|mum|mom|mother|dad|father|husband|wife|partner|boyfriend|"
    r"girlfriend|(best )?friend|son|daughter|aunt|uncle|cousin|neighbou?r|grand\w+)"
    r"( (who )?(has|with) (ms|multiple sclerosis))?\b"
    r"|\b(honestly|please|thanks|thank you|sorry|be honest|tell me straight)\b",
    re.IGNORECASE,
)
#: A follow-up continues the last turn with an opener ("and ...", "what about ...").
CONTINUES = re.compile(
    r"^\s*(and|but|so|also|then|what about|how about|what else|any other|anything else)\b",
    re.IGNORECASE,
)
#: Or it refers back to what the last turn was about: a pronoun, "the trial", "do the ...".
REFERS_BACK = re.compile(
    r"\b(it|its|this|that|these|those|they|them|their|the (study|trial|drug|treatment|"
    r"research|results)|same)\b"
    r"|^\s*(do|does|did|is|are|was|were|what did) the\b"
    # "my infusions" in a conversation means the drug already named.
    r"|\b(my|his|her|our)\s+(infusions?|injections?|shots?|pills?|tablets?|doses?|drug|"
    r"medication|meds|treatment)\b",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*")
_CAPITALS = re.compile(r"\b[A-Z][A-Z0-9]{2,}(?:-[A-Z0-9]+)*\b")
_JOINER = re.compile(r"^[\s,.;:!?-]*((and|but|so)\b[\s,.;:!?-]*)?", re.IGNORECASE)
_STUDY_WORDS = frozenset({"trial", "trials", "study", "studies"})
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
#: Words at least this common in everyday English phrase a question rather than name its
#: topic ("took", "later", "came"); "pain" and "sleep" are just below.
TOPIC_ZIPF = 5.2
#: How many of the commonest English words join the library's as correction candidates.
ENGLISH_WORDS = 30_000


@dataclass(frozen=True)
class QuestionFacts:
    """Everything the engine needs to know about one question, computed once."""

    asked: str
    #: The question with misspellings corrected to the library's words.
    corrected: str
    corrections: dict[str, str]
    #: Names the question uses (lowercase), each with the summaries that carry it.
    names: dict[str, frozenset[str]]
    #: The drugs among ``names``, by generic name, each with the summaries that carry it.
    drugs: dict[str, frozenset[str]]
    #: Words naming what the question is about (not everyday, framing or generic MS words).
    subject: tuple[str, ...]
    #: Every content word outside framing, stopwords and generic MS words: what makes a
    #: turn a topic of its own ("how many people have pain?" is, "what about side
    #: effects?" is not).
    topic: tuple[str, ...]
    #: Uncommon subject words no summary uses: the library may lack the subject.
    gaps: tuple[str, ...]
    #: Phrases of feeling or framing ("just diagnosed", "my sister", "terrified").
    framing: tuple[str, ...]
    aspect: Aspect
    #: It opens by continuing the last turn ("and ...", "what about ...").
    continues: bool
    #: It refers back to the last turn's subject ("it", "the trial").
    refers_back: bool
    #: It asks for recent research (whatever its aspect): citations go newest first.
    asks_recent: bool
    #: It compares treatments: names two drugs or asks to compare.
    compares: bool

    @property
    def own_subject(self) -> bool:
        """True when the question names something of its own: a topic word, a name, or a
        subject-sized aspect (cost, causes, outlook...) rather than one of a study's
        aspects (its harms, who, how long, how many)."""
        return bool(self.topic or self.names) or self.aspect in TOPIC_ASPECTS

    @property
    def broad(self) -> bool:
        """No single study answers it: it names no drug, trial or other name."""
        return not self.names

    @property
    def unframed(self) -> str:
        """The corrected question with its feeling and framing words left out."""
        return unframed(self.corrected)

    def is_follow_up(self, history: Sequence[Turn]) -> bool:
        """A turn leans on the last one when it points back or names nothing of its own."""
        return bool(history) and (self.continues or self.refers_back or not self.own_subject)


@dataclass
class Vocabulary:
    """The library's words and names, built once per index snapshot."""

    words: Counter[str]
    #: The words of the summaries themselves (``words`` adds drug and synonym words).
    text_words: frozenset[str]
    names: dict[str, frozenset[str]]
    #: Capitals names that are everyday words too (OPERA): matched only as names.
    capitals_only: frozenset[str]
    drug_of: dict[str, str]
    #: Candidate corrections by word length (a correction is at most 2 letters off).
    choices: dict[int, list[str]] = field(default_factory=dict)

    def knows_nearly(self, word: str) -> bool:
        """True when the library's text uses a word one letter from this one ("safer"
        and "safe"): an inflection or a slip, not a subject the library lacks."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        near = [w for n in (len(word) - 1, len(word), len(word) + 1)
                for w in self.choices.get(n, ()) if w in self.text_words]  # fmt: skip
        return process.extractOne(word, near, scorer=OSA.distance, score_cutoff=1) is not None

    def correct(self, word: str) -> str | None:
        """The library word a misspelt word stands for, or None: a word the library knows,
        an everyday English word (as common as a name or more) and a word with no close
        spelling are left alone."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        if word in self.words or word in self.names or len(word) < 4 or not word.isalpha():
            return None
        if zipf_frequency(word, "en") >= NAME_ZIPF:
            return None
        limit = 1 if len(word) <= 5 else 2
        near = [w for n in range(len(word) - limit, len(word) + limit + 1)
                for w in self.choices.get(n, ())]  # fmt: skip
        found = process.extract(word, near, scorer=OSA.distance, score_cutoff=limit, limit=8)
        if not found:
            return None
        best = min(found, key=lambda hit: (hit[1], -self.words.get(hit[0], 0)))
        return str(best[0])


_vocabularies: weakref.WeakKeyDictionary[Corpus, Vocabulary] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def vocabulary_of(corpus: Corpus) -> Vocabulary:
    """The vocabulary of a corpus snapshot (built on first use, then shared)."""
    with _lock:
        found = _vocabularies.get(corpus)
        if found is None:
            found = build_vocabulary(corpus.summaries.values(), corpus)
            _vocabularies[corpus] = found
        return found


def _lead_text(view: SummaryView) -> str:
    """Where a summary says what it studied: its title, the paper's, its Key Takeaway."""
    paper = view.source.title if view.source else ""
    return " ".join([view.title, paper, view.section_text("key_takeaway")])


def _name_text(view: SummaryView) -> str:
    """Where a summary names things: its lead text and its card (trial names such as
    MIST are often only there)."""
    card = " ".join(f.text for f in view.card.findings) if view.card else ""
    return f"{_lead_text(view)} {card}"


def build_vocabulary(views: Iterable[SummaryView], corpus: Corpus) -> Vocabulary:
    """Words, names and drug names of the library (see the module docstring)."""
    views = list(views)
    words: Counter[str] = Counter()
    names: dict[str, set[str]] = defaultdict(set)
    capitals: dict[str, set[str]] = defaultdict(set)
    texts = {}
    for view in views:
        for chunk in view.chunks:
            words.update(_words(chunk.text))
        texts[view.id] = _name_text(view)
        words.update(_words(f"{texts[view.id]} {' '.join(view.topics)}"))
        for word in {w.lower() for w in _TOKEN.findall(texts[view.id])}:
            if len(word) > 3 and not word.isdigit() and zipf_frequency(word, "en") < NAME_ZIPF:
                names[word].add(view.id)
        for word in _CAPITALS.findall(texts[view.id]):
            capitals[word.lower()].add(view.id)
        for alias in view.aliases:
            names[alias.lower()].add(view.id)
    # A rare word in more than a tenth of the summaries is the field's vocabulary
    # ("relapsing", "infusions"), not the name of one thing.
    most = max(NAME_MAX_SUMMARIES, int(NAME_MAX_SHARE * len(texts)))
    names = defaultdict(set, {n: ids for n, ids in names.items() if len(ids) <= most})
    for name, ids in capitals.items():
        if len(ids) <= NAME_MAX_SUMMARIES:
            names[name] |= ids
    # A drug is carried by the summaries that study it, not those whose findings list it
    # among others (a safety-report study naming ten drugs studied none head to head).
    drug_of = _drug_names({view.id: _lead_text(view) for view in views}, names)
    text_words = frozenset(words)
    words.update({w: 1 for phrase in SYNONYMS for w in phrase.split()})
    words.update({w: 1 for name in drug_of for w in name.split()})
    everyday = {n for n in capitals if n in names and zipf_frequency(n, "en") >= NAME_ZIPF} - set(
        drug_of
    )
    # Everyday English words are candidates too, so "conection" becomes "connection" and
    # not the library's nearest word ("condition"); the library's win a tie.
    english = [w for w in top_n_list("en", ENGLISH_WORDS) if w.isalpha() and w not in words]
    return Vocabulary(
        words=words,
        text_words=text_words,
        names={k: frozenset(v) for k, v in names.items()},
        capitals_only=frozenset(everyday),
        drug_of=drug_of,
        choices=_by_length([w for w in words if len(w) >= 3 and w.isalpha()] + english),
    )


def _by_length(words: list[str]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = defaultdict(list)
    for word in words:
        grouped[len(word)].append(word)
    return dict(grouped)


def _words(text: str) -> list[str]:
    """Lowercase words of a text, hyphenated ones also as their parts (Epstein-Barr)."""
    found = [w.lower() for w in _TOKEN.findall(text)]
    return found + [part for w in found if "-" in w for part in w.split("-")]


def _drug_names(texts: dict[str, str], names: dict[str, set[str]]) -> dict[str, str]:
    """Every name of every drug in the reviewed vocabulary -> its generic name; each name
    also becomes a name of the summaries whose name text mentions the drug."""
    lowered = {sid: f" {' '.join(_TOKEN.findall(text.lower()))} " for sid, text in texts.items()}
    drug_of: dict[str, str] = {}
    for drug in DRUGS:
        carriers = {
            sid for sid, text in lowered.items() if any(f" {n} " in text for n in drug.names)
        }
        for name in drug.names:
            drug_of[name] = drug.generic
            names[name] |= carriers
    return drug_of


def unframed(text: str) -> str:
    """A text without its feeling and framing words (and the "and" that joined them)."""
    if not FRAMING.search(text):
        return text
    left = FRAMING.sub(" ", text)
    return _JOINER.sub("", left).strip() or text


def analyse(question: str, vocabulary: Vocabulary, corpus: Corpus) -> QuestionFacts:
    """The facts of one question (pure, given the snapshot's vocabulary)."""
    asked = strip_markup(" ".join(question.split()))
    corrected, corrections = _corrected(asked, vocabulary)
    plain = unframed(corrected)
    aspect = aspect_of(plain)
    names = _names_in(corrected, vocabulary)
    subject = _subject_words(plain, corpus, names)
    drugs: dict[str, frozenset[str]] = {}
    for name, ids in names.items():
        if name in vocabulary.drug_of:
            generic = vocabulary.drug_of[name]
            drugs[generic] = drugs.get(generic, frozenset()) | ids
    return QuestionFacts(
        asked=asked,
        corrected=corrected,
        corrections=corrections,
        names=names,
        drugs=drugs,
        subject=subject,
        topic=_topic_words(_STUDY_ASPECTS.sub(" ", plain), corpus, names),
        gaps=tuple(w for w in subject if _is_gap(w, vocabulary, corpus)),
        framing=tuple(m.group().strip() for m in FRAMING.finditer(corrected)),
        aspect=aspect,
        continues=bool(CONTINUES.search(plain)),
        refers_back=bool(REFERS_BACK.search(plain)),
        asks_recent=bool(_CUE["recent"].search(plain)),
        compares=len(drugs) >= 2 or bool(_CUE["comparison"].search(plain)),
    )


def named_summaries(facts: QuestionFacts) -> list[str]:
    """Summaries carrying a name the question uses, for names that at most
    ``NAME_MAX_SUMMARIES`` summaries carry (a name in many is no pointer)."""
    found = {sid for ids in facts.names.values() if len(ids) <= NAME_MAX_SUMMARIES for sid in ids}
    return sorted(found)


def aspect_of(text: str) -> Aspect:
    """The aspect a question asks about: the first cue in ``ASPECT_CUES`` it has."""
    return next((aspect for aspect, cue in ASPECT_CUES if cue.search(text)), "effect")


def _corrected(text: str, vocabulary: Vocabulary) -> tuple[str, dict[str, str]]:
    corrections: dict[str, str] = {}

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        better = vocabulary.correct(word.lower())
        if better is None:
            return word
        corrections[word.lower()] = better
        return better

    return _TOKEN.sub(fix, text), corrections


def _names_in(text: str, vocabulary: Vocabulary) -> dict[str, frozenset[str]]:
    tokens = _TOKEN.findall(text)
    found: dict[str, frozenset[str]] = {}
    for size in (3, 2, 1):
        for start in range(len(tokens) - size + 1):
            written = " ".join(tokens[start : start + size])
            name = written.lower()
            if name not in vocabulary.names or name in found:
                continue
            following = tokens[start + size].lower() if start + size < len(tokens) else ""
            if name in vocabulary.capitals_only and not (
                written.isupper() or following in _STUDY_WORDS
            ):
                continue
            found[name] = vocabulary.names[name]
    return found


def _topic_words(text: str, corpus: Corpus, names: dict[str, frozenset[str]]) -> tuple[str, ...]:
    """Content words that say what a turn is about: rarer than the everyday words that
    phrase a question ("took part", "came up", "a year later"), a name, or a word the
    synonym table knows ("kids")."""
    words = dict.fromkeys(w.lower() for w in _TOKEN.findall(text) if not w.isdigit())
    return tuple(
        w
        for w in words
        if len(w) > 2
        and corpus.stemmer.stemWord(w) not in corpus.generic
        and (w in names or w in _SYNONYM_WORDS or zipf_frequency(w, "en") < TOPIC_ZIPF)
    )


def _subject_words(text: str, corpus: Corpus, names: dict[str, frozenset[str]]) -> tuple[str, ...]:
    """Words rarer than everyday English that are not generic MS words; a name's words
    count as subject too."""
    words = dict.fromkeys(w.lower() for w in _TOKEN.findall(text) if len(w) > 3 and not w.isdigit())
    subject = [
        w
        for w in words
        if (w in names or zipf_frequency(w, "en") < SUBJECT_ZIPF)
        and corpus.stemmer.stemWord(w) not in corpus.generic
    ]
    return tuple(subject)


def _is_gap(word: str, vocabulary: Vocabulary, corpus: Corpus) -> bool:
    """An uncommon word no summary uses: not in the library's text (a drug the library
    never studied is a gap, though the drug vocabulary knows it), nor a synonym-table
    word (its library words are added to the search)."""
    if word in _SYNONYM_WORDS or vocabulary.names.get(word):
        return False
    if word in vocabulary.text_words or vocabulary.knows_nearly(word):
        return False
    if corpus.stemmer.stemWord(word) in corpus.idf:
        return False
    return zipf_frequency(word, "en") < UNCOMMON_ZIPF
