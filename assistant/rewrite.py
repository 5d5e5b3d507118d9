"""The ``follow_up`` rule: make each question stand alone before retrieval.

A turn leans on the last one only when it points back ("did it reduce relapses?",
"the trial", "what about side effects?") or names nothing of its own; a turn with a
subject of its own starts a new topic and carries nothing. A turn with its own subject
after an answer that cited nothing is a new topic too. A leaning turn carries the
last turn's topic words, or only its names (drugs, trials) when it brings a subject of
its own ("and what about primary progressive?" after a question on ocrelizumab); a name of
its own takes the place of the last turn's names ("and lemtrada?" after a Tysabri question).
With a chat model, a history-aware rewrite is tried first (see ``assistant.llm``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.answer_type import AnswerType, carries
from assistant.aspects import STUDY_ASPECTS
from assistant.corpus import Corpus, SummaryView
from assistant.models import Step, Turn
from assistant.pointers import THE_DISEASE
from assistant.question import QuestionFacts
from assistant.synonyms import expand_query
from assistant.vocabulary import TOKEN
from knowledge.models import SECTION_TITLES

MAX_FOCUS_WORDS = 12
#: "What about X?" asks for a sibling of the last aspect, so it carries the topic the last
#: turn carried, not that turn's own aspect ("fatigue: does exercise help?" -> "what about
#: medication?" carries "fatigue", not "exercise").
_SIBLING = re.compile(r"^\s*(and\s+)?(what|how)\s+about\b", re.IGNORECASE)
#: A turn asking to weigh two things it does not name ("which one is safer?", "how do
#: they compare?", "are the side effects worse on the first one?").
_PICK = re.compile(
    r"\b(which (one|ones|of (them|those|these|the two|both))|which is (better|safer|best|"
    r"safest|worse)|either (one|of (them|those))|both of (them|those)|the (first|second|"
    r"other) one|each other|how do (they|those|these|the two) compare)\b",
    re.IGNORECASE,
)
_OR = re.compile(r"\bor\b", re.IGNORECASE)


@dataclass(frozen=True)
class Carry:
    """What a turn takes from the conversation before it."""

    #: The question as retrieval sees it: the carried words, a colon, the question.
    standalone: str
    #: The words carried from the last turn ("" for a new topic).
    carried: str
    #: True when the last turn's whole topic was carried, not just its names.
    whole: bool
    step: Step
    #: The turn's own subject leads (it has one and does not point back): what was
    #: carried may narrow the search, but what it cites must be about its own subject.
    leads: bool = False
    #: How many earlier turns' citations it leans on (two when it weighs their subjects).
    leans_on: int = 1


def rewrite_offline(
    facts: QuestionFacts,
    history: Sequence[Turn],
    facts_of: Callable[[str], QuestionFacts],
) -> Carry:
    """The turn as a standalone question; ``facts_of`` analyses the last turn's question,
    whose topic words (or only its names) are carried."""
    question = facts.corrected
    picked = _pick_between(facts, history, facts_of)
    if picked is not None:
        return picked
    if not facts.is_follow_up(history):
        reason = (
            "no earlier turn"
            if not history
            else "the asker starts a new topic"
            if facts.starts_new
            else "it has a subject of its own"
        )
        return _new_topic(question, reason)
    if not history[-1].cited_ids and facts.own_subject:
        # The last answer found nothing in the library: there is no topic to lean on.
        return _new_topic(question, "it has a subject of its own; the last answer cited nothing")
    previous = history[-1].standalone or history[-1].question
    if _SIBLING.match(question) and ": " in previous:
        previous = previous.split(": ", 1)[0]
    before = facts_of(previous)
    names = list(before.names)
    refers = facts.refers_to_last(history)
    if facts.own_names and not refers:
        return _in_place_of_names(facts, before, question)
    # A turn that only continues ("what about primary progressive?") with a subject of its
    # own keeps the last turn's names; one that refers back ("did it help walking?") or
    # names nothing keeps its whole topic.
    whole = refers or not facts.own_subject or not names
    last = history[-1]
    leaned = last.topic_question not in ("", last.question)
    subject = _subject_of(before) if leaned else list(before.topic)
    focus = subject[:MAX_FOCUS_WORDS] if whole else names
    why = (
        "it refers back" if refers
        else "it continues the last turn" if facts.continues
        else "it names nothing of its own"
    )  # fmt: skip
    carried = " ".join(focus)
    step = Step(
        rule="follow_up",
        verdict="carry topic" if whole else "carry names",
        reason=f"{why}; carried: {carried or 'nothing'}",
    )
    leads = facts.own_subject and not refers
    return Carry(f"{carried}: {question}" if carried else question, carried, whole, step, leads)


#: The kinds of detail that a card's population line gives: who took part, how many,
#: their ages and sex, where they lived.
_PARTICIPANT_DETAILS = frozenset({"people", "age", "sex", "place"})


def in_conversation(facts: QuestionFacts, history: Sequence[Turn], corpus: Corpus) -> QuestionFacts:
    """The facts with the topic and aspect words the last answer's summaries use marked
    as known from it: a turn naming nothing else ("how many volunteers?", "who paid?",
    "cost per person?") asks more of the studies just cited, as does a turn whose names
    they all carry ("how much vitamin d did they get?" after D-Lay). A turn with a name of
    its own is left as it is. A turn asking only about the people studied ("ages?", "where
    was this?", "mostly women?") asks who took part in them."""
    if not history:
        return facts
    cited = [i for i in history[-1].cited_ids if i in corpus.summaries]
    used = frozenset().union(*(corpus.summary_terms(i) for i in cited))
    if facts.names:
        # "how much vitamin d did they get?" after D-Lay asks a detail of D-Lay; a name no
        # study just cited carries ("and lemtrada?") is a subject of its own, and so is a
        # question of its own about the same names ("how does kesimpta compare to aubagio?"
        # asked again is searched again, not read as asking more of the last studies).
        asks_of_a_study = facts.detail_kind is not None or facts.aspect in STUDY_ASPECTS
        carried = (_carried(n, ids, cited, used, facts, corpus) for n, ids in facts.names.items())
        if not asks_of_a_study or not all(carried):
            return facts
    else:
        facts = _about_participants(facts)
    words = dict.fromkeys([*facts.topic, *facts.aspect_words])
    if not words:
        return facts
    known = tuple(w for w in words if _used_by(w, used, corpus))
    known += tuple(facts.names)
    known += tuple(w for w in _detail_words(facts, cited, corpus) if w in words)
    return dataclasses.replace(facts, known_from_last=known) if known else facts


def _used_by(word: str, used: frozenset[str], corpus: Corpus) -> bool:
    """Whether the summaries whose stems ``used`` holds use the word, or a library word
    the lay-word table gives for it ("kids": children)."""
    if corpus.stemmer.stemWord(word) in used:
        return True
    library_words = expand_query(word)
    return library_words != word and bool(set(corpus.terms(library_words)) & used)


def _carried(
    name: str,
    carriers: frozenset[str],
    cited: Sequence[str],
    used: frozenset[str],
    facts: QuestionFacts,
    corpus: Corpus,
) -> bool:
    """Whether a name the turn uses is one the studies just cited carry: by the library's
    names ("vitamin d" for D-Lay), or, for a name that is no drug, in their own words
    ("the drips" after OPERA, whose text says drips, though a natalizumab title names
    them). A drug only in a cited study's caveats ("not compared with ocrelizumab") is a
    subject of its own."""
    if carriers & set(cited):
        return True
    words = corpus.terms(name)
    return not facts.drugs and bool(words) and set(words) <= used


def _detail_words(facts: QuestionFacts, cited: Sequence[str], corpus: Corpus) -> list[str]:
    """The words asking for a kind of detail ("funded by who", "drop outs", "dosing?") when
    a summary the last answer cited gives that kind (its maker paid; 12% left), or the kind
    is only ever asked of a treatment just named (whether it is approved): they ask more of
    it. When none gives it ("dose used?" after a coffee study), they stay."""
    kind = facts.detail_kind
    if kind is None:
        return []
    if not kind.asked_of_last and not any(_gives(corpus.summaries[i], kind) for i in cited):
        return []
    return _asking_words(facts)


def _gives(view: SummaryView, kind: AnswerType) -> bool:
    """Whether a summary gives a kind of detail: its text carries one, or its card has the
    line made for it (what the study compared)."""
    return (kind.from_card and view.card is not None) or carries(_full_text(view), kind)


def _subject_of(facts: QuestionFacts) -> list[str]:
    """The topic words of a turn that leaned on an earlier one, without those asking its
    kind of detail: after "oratorio: was it paid for by the drug company?", "what dose did
    they use?" asks about ORATORIO, not about paying drug companies. (A turn with a topic
    of its own keeps them: "do men get worse faster than women?" is about sex.)"""
    asking = set(_asking_words(facts))
    return [w for w in facts.topic if w.lower() not in asking]


def _asking_words(facts: QuestionFacts) -> list[str]:
    """The words of the phrases that ask for the turn's kind of detail, lowercased."""
    return [w for phrase in _detail_phrases(facts) for w in TOKEN.findall(phrase)]


def _detail_phrases(facts: QuestionFacts) -> list[str]:
    """The phrases of the turn that ask for its kind of detail, lowercased."""
    kind = facts.detail_kind
    return [m.group().lower() for m in kind.asks.finditer(facts.unframed)] if kind else []


def _full_text(view: SummaryView) -> str:
    """A summary's sections and card findings, as one text."""
    card = [f.text for f in view.card.findings] if view.card else []
    return " ".join([*(view.section_text(s) for s in SECTION_TITLES), *card])


def _about_participants(facts: QuestionFacts) -> QuestionFacts:
    """The facts read as asking who took part, when the turn's only topic words are about
    the people studied (its aspect otherwise the default, the effect)."""
    kind = facts.detail_kind
    if kind is None or kind.name not in _PARTICIPANT_DETAILS:
        return facts
    told = _detail_phrases(facts)
    # In the order asked (a set's order would vary from run to run).
    said = tuple(dict.fromkeys(w for phrase in told for w in phrase.split()))
    if facts.aspect != "effect" or not said or not set(facts.topic) <= set(said):
        return facts
    if THE_DISEASE.search(facts.unframed):
        return facts
    return dataclasses.replace(facts, aspect="who", aspect_words=said, topic=())


def _in_place_of_names(facts: QuestionFacts, before: QuestionFacts, question: str) -> Carry:
    """A continuing turn that names a drug or trial of its own puts it in place of the last
    turn's names ("is tysabri safe?" -> "what about ocrevus?"): it keeps what was asked of
    them (the other topic words and the aspect), never the names, which would turn it into
    a comparison nobody asked for."""
    named = {word for name in before.names for word in name.lower().split()}
    kept = [w for w in (*before.topic, *before.aspect_words) if w.lower() not in named]
    own = set(facts.topic) | set(facts.aspect_words)
    focus = list(dict.fromkeys(w for w in kept if w not in own))[:MAX_FOCUS_WORDS]
    if not focus:
        return _new_topic(question, "it names its own in place of the last turn's names")
    carried = " ".join(focus)
    step = Step(
        rule="follow_up",
        verdict="carry what was asked",
        reason=f"it names its own in place of the last turn's names; carried: {carried}",
    )
    return Carry(f"{carried}: {question}", carried, False, step, leads=True)


def _pick_between(
    facts: QuestionFacts, history: Sequence[Turn], facts_of: Callable[[str], QuestionFacts]
) -> Carry | None:
    """A turn that asks to weigh two things it does not name ("which one is safer?" after
    a question on ocrevus and one on kesimpta) carries the subjects of the last two turns
    that had different ones, as alternatives: "ocrevus or kesimpta: which one is safer?".
    Each turn's subject is the names it used, or else its topic words. None when the
    conversation had only one subject, or the turn names its own, or offers its own
    alternatives ("which one is safer, coffee or tea?")."""
    pick = _PICK.search(facts.corrected)
    if facts.names or pick is None:
        return None
    # "which one ..., X or Y?" offers its own; "the first one or the second" points back.
    if pick.group().lower().startswith("which") and _OR.search(facts.corrected):
        return None
    subjects: list[str] = []
    for turn in reversed(history):
        asked = facts_of(turn.question)
        subject = " ".join(asked.names or asked.topic)
        if turn.cited_ids and subject and subject not in subjects:
            subjects.append(subject)
        if len(subjects) == 2:
            break
    if len(subjects) < 2:
        return None
    carried = " or ".join(reversed(subjects))
    step = Step(
        rule="follow_up",
        verdict="carry names",
        reason=f"it weighs the last two subjects against each other; carried: {carried}",
    )
    return Carry(f"{carried}: {facts.corrected}", carried, False, step, leans_on=2)


def _new_topic(question: str, reason: str) -> Carry:
    return Carry(question, "", False, Step(rule="follow_up", verdict="new topic", reason=reason))
