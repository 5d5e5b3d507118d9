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
word (OPERA, DEFINE, WAVES; not CBT or MIST) only when it writes it in capitals or follows it with
"trial" or "study"; every other name in any case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.acting import acting_things
from assistant.answer_type import AnswerType, answer_type
from assistant.aspects import (
    CUES,
    STUDY_ASPECT_WORDS,
    STUDY_ASPECTS,
    TOPIC_ASPECTS,
    AskedPart,
    Aspect,
    asked_parts,
    aspect_of,
    aspects_of,
    several_aspects,
)
from assistant.corpus import Corpus
from assistant.models import Turn
from assistant.more_studies import MoreAsked, more_asked
from assistant.pick import Pick, pick_of
from assistant.pointers import (
    ASKS_WHETHER,
    CONTINUES,
    DEFINITE,
    NEW_TOPIC,
    THE_DISEASE,
    introduced,
    referents,
    refers_back,
)
from assistant.question_drugs import (
    class_reports,
    drug_mentions,
    named_as_alternatives,
    reported_by,
)
from assistant.question_words import (
    corrected_text,
    describes,
    is_gap,
    names_in,
    naming,
    own_topic,
    picks_out,
    subject_words,
    topic_words,
)
from assistant.synonyms import lexicon_words_in, strip_markup, without_colour
from assistant.told import asking_part
from assistant.vocabulary import (
    NAME_MAX_SUMMARIES,
    TOKEN,
    Vocabulary,
    words_of,
)

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
    r"|\b(honestly|please|thanks|thank you|sorry|be honest|tell me straight)\b"
    r"|" + NEW_TOPIC.pattern,
    re.IGNORECASE,
)
_JOINER = re.compile(r"^[\s,.;:!?-]*((and|but|so)\b[\s,.;:!?-]*)?", re.IGNORECASE)


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
    #: The summaries that report something about a drug the question names (see
    #: ``Vocabulary.drug_reports``).
    reported_by: frozenset[str]
    #: Words naming what the question is about (not everyday, framing or generic MS words).
    subject: tuple[str, ...]
    #: Every content word outside framing, stopwords and generic MS words: what makes a
    #: turn a topic of its own ("how many people have pain?" is, "what about side
    #: effects?" is not).
    topic: tuple[str, ...]
    #: Uncommon subject words no summary uses: the library may lack the subject.
    gaps: tuple[str, ...]
    #: The sentences that ask, when the others only set the scene (``assistant.told``);
    #: empty otherwise.
    asking: str
    #: Phrases of feeling or framing ("just diagnosed", "my sister", "terrified").
    framing: tuple[str, ...]
    aspect: Aspect
    #: It opens by continuing the last turn ("and ...", "what about ...").
    continues: bool
    #: It refers back to the last turn's subject ("it", "the trial").
    refers_back: bool
    #: It asks whether something happened with no scope of its own ("any infections?",
    #: "did anyone die?"; not "any research on sleep in ms?": ``pointers.ASKS_WHETHER``):
    #: in a conversation, of the studies just cited.
    asks_whether: bool
    #: The asker says it starts a new topic ("new topic.", "unrelated, but ...").
    starts_new: bool
    #: The noun of an opening "do the ...", which refers back if the last turn used it.
    definite: str
    #: It asks for recent research (whatever its aspect): citations go newest first.
    asks_recent: bool
    #: It compares treatments: asks to compare, or names two drugs as alternatives.
    compares: bool
    #: The drugs it weighs against each other (generic names): those it names when it
    #: compares; none for "can vitamin D help if I'm on ocrevus?", which adds one to the
    #: other.
    compared: tuple[str, ...] = ()
    #: The summaries about the group of MS drugs it asks about when it names no drug
    #: ("do the ms pills mess with your liver?": the MS pills' studies).
    class_reports: frozenset[str] = frozenset()
    #: The words that told its aspect ("cost" in "cost per person?").
    aspect_words: tuple[str, ...] = ()
    #: The kind of detail it asks of a study ("where was it run?": a place), if any.
    detail_kind: AnswerType | None = None
    #: The aspect each of its parts asks, in the order asked ("is ocrevus any good and
    #: what are the side effects?": the effect, then the harms); empty when it has one.
    aspects: tuple[Aspect, ...] = ()
    #: Its parts that ask something, in order, when it has several ("did it work? and who
    #: paid for it"): each asks its own detail of the study (empty when it has one).
    parts: tuple[AskedPart, ...] = ()
    #: In a conversation, its topic and aspect words that the last answer's summaries use:
    #: they ask more of those studies ("how many volunteers?", "cost per person?"), not
    #: about a subject of their own.
    known_from_last: tuple[str, ...] = ()
    #: The things it asks to act, each as its naming words ("Do fish oil supplements
    #: reduce relapses?": fish, oil, supplements), one tuple per alternative.
    acting: tuple[tuple[str, ...], ...] = ()
    #: Its topic words that only describe a study ("how many centres were involved?",
    #: "age range?", "what was the response rate?"): the summaries use them, but none
    #: says it is about them (``Vocabulary.lead_stems``). They name no subject of its own.
    describing: tuple[str, ...] = ()
    #: It asks which of the studies just cited ("which one was the biggest?"), if it does.
    pick: Pick | None = None
    #: It asks for other (or newer) studies on what was just answered, if it does.
    more: MoreAsked | None = None
    #: It names the disease itself ("ms", "multiple sclerosis").
    names_the_disease: bool = False
    #: The things it names after a demonstrative ("that epstein-barr virus link"): a
    #: pointer back when the last answer spoke of them, a subject of its own otherwise.
    introduced: tuple[str, ...] = ()

    @property
    def asked_subject(self) -> tuple[str, ...]:
        """Its subject words in the sentences that ask, when others only set the scene
        (``asking``); empty otherwise."""
        asked = words_of(self.asking)
        return tuple(w for w in self.subject if w in asked)

    @property
    def own_topic(self) -> tuple[str, ...]:
        """Its topic words other than those the last answer's summaries use and those
        that only describe a study."""
        known = {*self.known_from_last, *self.describing}
        return tuple(w for w in self.topic if w not in known)

    @property
    def own_subject(self) -> bool:
        """True when the question names something of its own: a topic word (other than
        those the last answer's summaries use, and those that only describe a study), a
        name, or a subject-sized aspect (cost, causes, outlook...) rather than one of a
        study's aspects (its harms, who, how long, how many). Words that only describe a
        study ask more of the last one ("age range?"), unless the turn asks nothing a study
        reports ("who won the cup?")."""
        if self.own_topic or self.own_names or self._sized:
            return True
        return self.own_words and not self.asks_of_a_study

    @property
    def own_words(self) -> bool:
        """Whether it uses a topic word or name the last answer's summaries do not, even
        one that only describes a study, or asks a subject-sized aspect: the strict reading
        of "names something of its own", for safety triage."""
        return (
            bool(self.own_names)
            or any(w not in self.known_from_last for w in self.topic)
            or self._sized
        )

    @property
    def _sized(self) -> bool:
        """It asks a subject-sized aspect whose words the last answer's summaries do not
        all use."""
        return self.aspect in TOPIC_ASPECTS and not (
            self.aspect_words and set(self.known_from_last) >= set(self.aspect_words)
        )

    @property
    def own_names(self) -> tuple[str, ...]:
        """Its names other than those the last answer's summaries carry."""
        return tuple(n for n in self.names if n not in self.known_from_last)

    @property
    def broad(self) -> bool:
        """No single study answers it: it names no drug, trial or other name that a summary
        carries (a drug the library never studied names no study)."""
        return not any(self.names.values())

    @property
    def unframed(self) -> str:
        """The corrected question with its feeling and framing words left out."""
        return unframed(self.corrected)

    def refers_to_last(self, history: Sequence[Turn]) -> bool:
        """It refers back: a pronoun, "the X" where the last turn spoke of X, or asking
        whether something happened without saying where."""
        if not history or self.refers_back or self.asks_whether:
            return bool(history)
        if self.introduced and not self._introduces_its_own:
            return True  # "do those vests help everyone?" after a cooling-vest answer
        if self.picks_from(history) or self.asks_more_of(history):
            return True
        last = history[-1]
        said = " ".join([last.standalone or last.question, *last.quoted]).lower()
        return bool(self.definite) and self.definite[:5].lower() in said

    @property
    def _introduces_its_own(self) -> bool:
        """A thing it names after a demonstrative is one the last answer's summaries do
        not use ("that statin trial" after a biotin answer), so it is no pointer back."""
        known = set(self.known_from_last)
        return any(w not in known for w in self.introduced if w in self.topic or w in self.names)

    def picks_from(self, history: Sequence[Turn]) -> bool:
        """It asks which of the studies the last answer cited: "which" points at them
        ("which one was the biggest?"), or leads a verb and the turn names nothing the
        last answer's summaries do not use ("which had more infections?"); never when it
        names something of its own ("which one is safer, ocrevus or kesimpta?")."""
        if self.pick is None or not history or not history[-1].cited_ids or self.own_names:
            return False
        return self.pick.pointing or not [w for w in self.own_topic if w not in self.pick.words]

    def asks_more_of(self, history: Sequence[Turn]) -> bool:
        """It asks for the library's other studies on what the last answer was about
        ("are there other studies on this?", "any other research on natalizumab?",
        "anything newer?"), naming nothing the last answer's summaries do not use."""
        if self.more is None or not history or not history[-1].cited_ids:
            return False
        if self.pick is not None and self.pick.place is not None:
            return False  # "more on study 3" names one of them: a pick
        # A name the last answer's studies carry ("natalizumab" after AFFIRM) is theirs.
        cited = set(history[-1].cited_ids)
        if any(not ids & cited for ids in self.names.values()):
            return False
        return not [w for w in self.own_topic if w not in self.more.words and w not in self.names]

    @property
    def asks_of_a_study(self) -> bool:
        """It asks something a study reports: a detail (its ages, places, funder...), one
        of a study's aspects (harms, who, how long), or a word the last answer's
        summaries use."""
        return (
            bool(self.known_from_last)
            or self.detail_kind is not None
            or self.aspect in STUDY_ASPECTS
        )

    @property
    def about_the_disease(self) -> bool:
        """It asks about MS itself ("what causes ms?", "what treatments are there for
        ms?"): it names the disease and asks no detail or aspect of a study ("how many
        people with ms took part?" asks of the one just cited)."""
        return (
            self.names_the_disease and self.detail_kind is None and self.aspect not in STUDY_ASPECTS
        )

    def is_follow_up(self, history: Sequence[Turn]) -> bool:
        """A turn leans on the last one when it refers back, continues it, or names
        nothing of its own; never when the asker says it starts a new topic. A turn that
        names only the disease has the disease as its subject ("what causes ms?" after an
        exercise answer asks about MS, not about exercise)."""
        own = self.own_subject or self.about_the_disease
        return (
            bool(history)
            and not self.starts_new
            and (self.continues or self.refers_to_last(history) or not own)
        )


def unframed(text: str) -> str:
    """A text without its feeling and framing words (and the "and" that joined them),
    and without the lexicon's phrases of colour (``synonyms.without_colour``)."""
    coloured = without_colour(text)
    if not FRAMING.search(coloured):
        return " ".join(coloured.split()) if coloured != text else text
    left = FRAMING.sub(" ", coloured)
    return _JOINER.sub("", left).strip() or text


def _asks_whether_unscoped(text: str, names: dict[str, frozenset[str]]) -> bool:
    """It asks whether something happened or was seen, naming neither the disease nor a
    name: where, only the conversation says."""
    return bool(ASKS_WHETHER.search(text)) and not names and not THE_DISEASE.search(text)


def _with_topic(part: str, topic: tuple[str, ...]) -> AskedPart:
    words = words_of(part)
    return AskedPart(part, tuple(w for w in topic if w in words))


def analyse(question: str, vocabulary: Vocabulary, corpus: Corpus) -> QuestionFacts:
    """The facts of one question (pure, given the snapshot's vocabulary)."""
    asked = strip_markup(" ".join(question.split()))
    corrected, corrections = corrected_text(asked, vocabulary)
    plain = unframed(corrected)
    aspect = aspect_of(plain)
    cue = CUES.get(aspect)
    told = cue.search(plain) if cue else None
    names = names_in(corrected, vocabulary)
    read = lexicon_words_in(corrected)
    subject = subject_words(plain, corpus, names)
    # The detail a question asks of a study ("which doses did they test?") is not what a
    # pointer after it means: "they" still points at the last turn's study.
    kind = answer_type(plain)
    asked_for = kind.asks.search(plain) if kind else None
    detail = words_of(asked_for.group()) if asked_for else set()
    topic = topic_words(STUDY_ASPECT_WORDS.sub(" ", plain), corpus, names, read)
    pointed = referents(tuple(w for w in subject if w not in detail), names)
    things = tuple(w for w in dict.fromkeys([*topic, *names]) if picks_out(w, names, corpus))
    drugs: dict[str, frozenset[str]] = {}
    for name, ids in names.items():
        if name in vocabulary.drug_of:
            generic = vocabulary.drug_of[name]
            drugs[generic] = drugs.get(generic, frozenset()) | ids
    mentions = drug_mentions(corrected, names, vocabulary)
    compares = bool(CUES["comparison"].search(plain)) or named_as_alternatives(mentions, corrected)
    describing = tuple(w for w in topic if describes(w, names, vocabulary, corpus))
    return QuestionFacts(
        asked=asked,
        corrected=corrected,
        corrections=corrections,
        names=names,
        drugs=drugs,
        reported_by=reported_by(mentions, drugs, own_topic(topic, names), vocabulary),
        subject=subject,
        topic=topic,
        gaps=tuple(w for w in subject if is_gap(w, vocabulary, corpus, read)),
        asking=asking_part(corrected, subject, topic, names, naming(topic, describing)),
        framing=tuple(m.group().strip() for m in FRAMING.finditer(corrected)),
        aspect=aspect,
        aspects=several_aspects(aspect, aspects_of(plain)),
        parts=tuple(_with_topic(p, topic) for p in asked_parts(plain)),
        detail_kind=kind,
        aspect_words=tuple(w.lower() for w in TOKEN.findall(told.group())) if told else (),
        continues=bool(CONTINUES.search(plain)),
        asks_whether=_asks_whether_unscoped(plain, names),
        starts_new=bool(NEW_TOPIC.search(corrected)),
        # On the words as asked: "do the ..." after framing words is not an opener.
        refers_back=refers_back(corrected, topic, pointed, things),
        introduced=introduced(corrected, things),
        definite=definite.group(2) if (definite := DEFINITE.match(corrected)) else "",
        asks_recent=bool(CUES["recent"].search(plain)),
        compares=compares,
        compared=tuple(sorted(drugs)) if compares else (),
        class_reports=frozenset() if drugs else class_reports(corrected, vocabulary, corpus),
        acting=acting_things(plain),
        describing=describing,
        pick=pick_of(corrected),
        more=more_asked(corrected),
        names_the_disease=bool(THE_DISEASE.search(plain)),
    )


def named_summaries(facts: QuestionFacts) -> list[str]:
    """Summaries carrying a name the question uses, for names that at most
    ``NAME_MAX_SUMMARIES`` summaries carry (a name in many is no pointer)."""
    found = {sid for ids in facts.names.values() if len(ids) <= NAME_MAX_SUMMARIES for sid in ids}
    return sorted(found)


def asked_about(facts: QuestionFacts) -> frozenset[str]:
    """Summaries a question asks about by name: those carrying a name it uses
    (``carrying_summaries``) and those about the group of MS drugs it names ("do the ms
    pills mess with your liver?"), each of which is said to lack what it asks, if it does."""
    return carrying_summaries(facts) | facts.class_reports


def carrying_summaries(facts: QuestionFacts) -> frozenset[str]:
    """Summaries carrying any name the question uses, however many carry it (a drug, a
    trial): those it asks about by name. ``named_summaries`` keeps only rare names."""
    return frozenset(sid for ids in facts.names.values() for sid in ids)


def drug_summaries(facts: QuestionFacts) -> frozenset[str]:
    """Summaries carrying a drug the question names, under any of its names."""
    return frozenset(sid for ids in facts.drugs.values() for sid in ids)
