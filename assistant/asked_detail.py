"""The detail a question asks of a study, found by meaning in anything its summary says.

An evidence card answers the main result, harms, who took part and for how long. A
question often asks something else of the study: "how many centres?", "what style of
yoga?", "what did the control group get?", "who paid for it?". The answer is then a
sentence of the summary's prose, its comparison, or its Important Considerations, in
words a word match cannot reach ("centres" for "centers", "style" for "Iyengar yoga").
The bundled embedding model places the question near the sentence that answers it, so
that sentence leads the summary's part of the answer when it is nearer the question than
every sentence the card gave (``assistant.answer_sentence.nearest_answer``).

When to look: a follow-up about the studies it leans on looks when it asks for the main
result (its own words are what it asks of them), a kind of detail
(``assistant.answer_type``), or words, beyond the names it uses and the words that told its
aspect, that none of the card's chosen sentences carries. A follow-up the card's sentences
cover is answered by them. A question of its own looks only when a part of it asks a kind
of detail of the study it names ("what dose of clemastine did they use in ReBUILD?",
``own_detail_asked``), and then only at the sentences of that study carrying the kind: a
summary's sentences are embedded on first use, and looking at all of them for every
question of its own took the answer's p95 at 10,000 summaries from about 50 to 225-260 ms
(docs/answers.md).

Pure functions over a summary's texts; the nearness function is passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from assistant.answer_sentence import Detail, nearest_answer
from assistant.answer_type import AnswerType, answer_type, carries
from assistant.asked_measure import AskedMeasure, asked_measure, lacks_measure
from assistant.aspects import QUESTION_WORD, asks_yes_or_no, parts_that_ask
from assistant.corpus import SummaryView
from assistant.evidence import compared_sentence, field_sentences
from assistant.models import Audience
from assistant.question import QuestionFacts
from assistant.question_words import words_of_names
from assistant.retrieval import RetrievedSummary
from assistant.summary_sentences import (
    candidate_sentences,
    caveat_sentences,
    numbers_said_by,
    quoted_with_context,
    repeats,
    said_by,
    stands_alone,
)

Terms = Callable[[str], list[str]]


def own_detail_asked(question: str) -> tuple[str, AnswerType] | None:
    """The part of a question of its own that asks a kind of detail of the study it names,
    and that kind: "In the AFFIRM trial what dose of natalizumab did people get?" asks a
    dose. Read off the parts that ask, but not those asking yes or no ("did high dose
    biotin help?" asks for the result, whatever kind its words name), so that a "where"
    joining a part that only names the study ("the case series where doctors added
    eculizumab - which countries?") is not taken for the question. Only kinds a summary can
    be said to lack, or whose card line answers them (what the study compared): a count or
    a "when" in a question of its own is as often the study's main result ("how much did
    it cut relapses?"), which the card gives, and a treatment's approval is asked of the
    treatment (``compose._lacking_first``)."""
    for part in parts_that_ask(question):
        if asks_yes_or_no(part):
            continue
        kind = answer_type(part)
        if kind is not None and (kind.missing or kind.from_card) and not kind.asked_of_last:
            return part, kind
    return None


def asks_for_kind(part: str, kind: AnswerType) -> bool:
    """Whether a question word asks for the kind itself: it opens the kind's words or comes
    at most three words before them ("who paid", "what dose of clemastine", "which
    countries were the centres in"), not "what happened to people my age". Said before a
    summary is claimed to lack a detail: a false "does not say" misleads."""
    found = kind.asks.search(part)
    if found is None:
        return False
    for wh in QUESTION_WORD.finditer(part):
        if wh.start() == found.start():
            return True
        if wh.end() <= found.start() and len(part[wh.end() : found.start()].split()) <= 3:
            return True
    return False


def asked_words(facts: QuestionFacts) -> tuple[str, ...]:
    """A turn's topic words beyond the names it uses and the words that told its aspect:
    what it asks of a study ("centres" in "how many centres in the sunbeam trial?")."""
    known = words_of_names(facts.names) | set(facts.aspect_words)
    return tuple(w for w in facts.topic if w not in known)


def asked_beyond(asked: Collection[str], chosen: Sequence[str], terms: Terms) -> set[str]:
    """The question's own words (as the search stems them) that no chosen sentence carries:
    what it asks that the card's lines do not answer."""
    said = {t for text in chosen for t in terms(text)}
    return {t for word in asked for t in terms(word)} - said


def detail_candidates(item: RetrievedSummary, audience: Audience, wide: bool = False) -> list[str]:
    """The sentences that may answer a detail asked of a study: those of the summary's text
    that stand alone, and the card's who and length lines ("how many people").

    ``wide`` (when the answer is being composed) adds what a detail is often in: the
    card's findings not yet quoted, and a sentence that leans on those before it, quoted
    with them ("This was a randomized trial. It included 1,346 adults at 152 centers.")."""
    sentences = candidate_sentences(item, audience)
    candidates = [s.text for s in sentences if stands_alone(s)]
    card = item.view.card
    if wide:
        candidates += quoted_with_context(sentences)
        if card is not None:
            candidates += [f.text for f in card.findings if f.text not in candidates]
    if card is not None:
        candidates += [s for aspect in ("who", "length") for s in field_sentences(card, aspect)]
    return candidates


def fallback_candidates(item: RetrievedSummary) -> list[str]:
    """Where a detail is looked for when nothing else the summary says answers: the card's
    comparison ("what did the control group get?") and the Important Considerations ("who
    paid for it?"). They come whole with every citation, and they say much about a study
    in general words ("The patients came from specialist centres"), so they answer only
    when its text and findings do not."""
    card = item.view.card
    return [*([compared_sentence(card)] if card is not None else []), *caveat_sentences(item)]


def _nearest_said(
    item: RetrievedSummary,
    asked: str,
    chosen: list[str],
    audience: Audience,
    detail: Detail,
    kind: AnswerType | None,
    floor: float = -1.0,
) -> str | None:
    """The sentence of the summary that answers ``asked`` (``nearest_answer``): from its
    text and card first, from its comparison and considerations only when none does; for
    a kind its card has a line for (what the study compared), that line."""
    card = item.view.card
    if kind is not None and kind.from_card and card is not None:
        return compared_sentence(card)
    for candidates in (detail_candidates(item, audience, wide=True), fallback_candidates(item)):
        found = nearest_answer(asked, candidates, chosen, detail.nearness, kind, floor)
        if found is not None:
            return found
    return None


def with_detail(
    item: RetrievedSummary,
    chosen: list[str],
    asked: str,
    kind: AnswerType | None,
    audience: Audience,
    terms: Terms,
    detail: Detail,
    floor: float = -1.0,
) -> list[str]:
    """The card's sentences with the answer to what was asked first (one sentence the
    summary says, not said already), when one is nearer ``asked`` than every chosen one
    and than ``floor``."""
    found = _nearest_said(item, asked, chosen, audience, detail, kind, floor)
    if found is None:
        return chosen
    # The answer already chosen in other words leads instead of being said twice.
    same = said_by(found, chosen)
    if same is not None:
        return [same, *(s for s in chosen if s != same)]
    if repeats(found, chosen, terms):
        return chosen
    # A chosen sentence whose measured figures the found one gives too is said by it.
    return [found, *(s for s in chosen if said_by(s, [found]) is None)]


@dataclass(frozen=True)
class MeasureAsked:
    """A number asked in a turn (``assistant.asked_measure``), and of which cited
    summaries."""

    measure: AskedMeasure
    #: Per summary it is asked of, the sentence saying it lacks the number, or "" when it
    #: gives it. It is asked of each summary a follow-up leans on, or of the first a
    #: question of its own names (the others share only a drug's name: "how many centres
    #: were in the NOVA trial?" is not asked of AFFIRM).
    lacks: Mapping[str, str]
    rank: Callable[[list[str]], list[float]]
    audience: Audience

    def answer(self, item: RetrievedSummary, chosen: list[str]) -> list[str] | None:
        """The chosen sentences led by the number asked (``measure_first``), or by the
        plain sentence that the summary does not give it, then what the card says of the
        aspect (a count of centres is not given, the people who took part are). None when
        it is not asked of this summary, when it gives it only where no quotable sentence
        does, or when it lacks it but another summary asked gives it ("how many points?"
        of three is answered by the one that gives it): other rules answer."""
        line = self.lacks.get(item.view.id)
        if line is None:
            return None
        if not line:
            return measure_first(item, chosen, self.measure, self.audience, self.rank)
        if not self.measure.said_missing:
            return None
        return [line, *chosen] if all(self.lacks.values()) else None


def measure_asked(
    question: str,
    items: Sequence[RetrievedSummary],
    leaned_on: Collection[str],
    named: Collection[str],
    texts_of: Callable[[SummaryView], list[str]],
    rank: Callable[[list[str]], list[float]],
    audience: Audience,
) -> MeasureAsked | None:
    """The number ``question`` asks, of the summaries it is asked of (``leaned_on`` for a
    follow-up, else the first of ``named``, those a question of its own names), or None."""
    measure = asked_measure(question)
    if measure is None:
        return None
    first_named = next((item.view.id for item in items if item.view.id in named), None)
    of = frozenset(leaned_on) or frozenset([first_named] if first_named else [])
    lacks = {
        item.view.id: lacks_measure(item.view.title, texts_of(item.view), measure)
        for item in items
        if item.view.id in of
    }
    return MeasureAsked(measure, lacks, rank, audience)


def measure_first(
    item: RetrievedSummary,
    chosen: list[str],
    measure: AskedMeasure,
    audience: Audience,
    rank: Callable[[list[str]], list[float]],
) -> list[str] | None:
    """The chosen sentences led by the one of all the summary says that gives the number
    ``measure`` asks and that ``rank`` scores highest ("It took place at 89 MS centers in
    11 countries."; "The typical (median) age was 34." over "adults aged 18 to 55"); the
    comparison and considerations only when nothing else gives it. None when nothing
    quotable does."""
    said = list(dict.fromkeys([*chosen, *detail_candidates(item, audience, wide=True)]))
    # What counts the thing in its own words before what counts anyone ("mailed to 11,400
    # members" for surveys before "2,375 people").
    pools = (
        [t for t in said if measure.gives(t, loose=False)],
        [t for t in said if measure.gives(t)],
    )
    candidates = next((pool for pool in pools if pool), None) or [
        text for text in fallback_candidates(item) if measure.gives(text)
    ]
    if not candidates:
        return None
    card = item.view.card
    if measure.may_be_people and card is not None:
        # The card's length line answers how long; a count of people it carries ("6,466
        # weeks of follow-up in total, across all 73 people") is the people line's to give.
        lengths = set(field_sentences(card, "length"))
        candidates = [text for text in candidates if text not in lengths] or candidates
    scores = rank(candidates)
    best = candidates[max(range(len(candidates)), key=lambda i: (scores[i], -i))]
    if best in chosen:
        return [best, *(s for s in chosen if s != best)]
    # A chosen sentence whose numbers it all gives is said already (the card's people
    # line: "243 people ... (135 with primary and 108 with secondary progressive MS)").
    return [
        best,
        *(s for s in chosen if said_by(s, [best]) is None and not numbers_said_by(s, best)),
    ]


def parts_asking_details(items: Sequence[RetrievedSummary], detail: Detail) -> dict[int, list[str]]:
    """Per cited summary (numbered from 1), the parts of a question of several parts that
    ask it a kind of detail ("... and who paid for it?"). A part with no subject of its own
    beyond the detail asks it of the first summary, the question's subject; one with its
    own ("and how many gene changes raise the risk?") asks the summary whose title is
    nearest it."""
    asked: dict[int, list[str]] = {}
    titles = [item.view.title for item in items]
    for part in detail.parts:
        if answer_type(part.text) is None or not items:
            continue
        n = 1
        if len(items) > 1 and part.topic:
            nearness = list(detail.nearness(part.text, titles))
            n = 1 + max(range(len(items)), key=nearness.__getitem__)
        asked.setdefault(n, []).append(part.text)
    return asked


def with_part_detail(
    item: RetrievedSummary,
    chosen: list[str],
    part: str,
    audience: Audience,
    terms: Terms,
    detail: Detail,
) -> list[str]:
    """The chosen sentences, then the one of the summary's text that answers ``part``
    when none of them gives its kind of detail (the maker that paid, the place)."""
    kind = answer_type(part)
    if kind is None or any(carries(s, kind) for s in chosen):
        return chosen
    found = _nearest_said(item, part, chosen, audience, detail, kind)
    if found is None or repeats(found, chosen, terms):
        return chosen
    return [*chosen, found]
