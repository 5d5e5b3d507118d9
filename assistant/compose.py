"""The offline composer: an answer made only of sentences from cited summaries.

Pure functions. A summary with an evidence card contributes the card's findings
that answer the question's aspect (see ``assistant.evidence``). One without a
card falls back to quoting: the most relevant sentences of Key Takeaway and What
They Found (and Who Should Care for caregivers), in their own order. Each
sentence is marked with [n].
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from wordfreq import zipf_frequency

from assistant.answer_sentence import Detail
from assistant.answer_type import AnswerType, answer_type
from assistant.asked_detail import (
    asked_beyond,
    asks_for_kind,
    measure_asked,
    own_detail_asked,
    parts_asking_details,
    with_detail,
    with_part_detail,
)
from assistant.aspects import Aspect
from assistant.audiences import PROFILES
from assistant.corpus import SummaryView
from assistant.evidence import (
    FOCUS_RELEVANCE,
    also_asked,
    at_a_glance,
    compose_aspect,
    not_reported_sentence,
    pick_findings,
    tells,
)
from assistant.models import Audience, Step
from assistant.retrieval import RetrievedSummary
from assistant.summary_sentences import (
    aspect_sentence,
    candidate_sentences,
    pick_sentences,
    said_by,
)
from assistant.vocabulary import TOKEN
from knowledge.models import EvidenceCard

#: A question's words at least this common in English (go, down, help, make, people)
#: phrase it; they never name what it asks of a study beyond its main result.
CONCERN_ZIPF = 5.7


@dataclass(frozen=True)
class Composed:
    """An offline answer: body with [n] markers, each citation's passage, what was quoted."""

    body: str
    passages: dict[int, str]
    quoted: list[str]
    #: The composing rules that changed what a summary says first, for the answer's trace.
    steps: tuple[Step, ...] = ()


def compose_extractive(
    items: Sequence[RetrievedSummary],
    question: str,
    terms: Callable[[str], list[str]],
    idf: dict[str, float],
    audience: Audience,
    aspect: Aspect = "effect",
    focus: str = "",
    quoted: Collection[str] = (),
    detail: Detail | None = None,
    aspects: Sequence[Aspect] = (),
    named: Collection[str] = (),
    unmentioned: tuple[str, Collection[str]] = ("", ()),
    asked_words: Collection[str] = (),
) -> Composed:
    """An answer with [n] markers from the cited summaries' evidence cards, or, for a
    summary without a card, from its quoted sentences.

    ``aspect`` is what the turn asks about (from its own words); ``focus`` is a
    follow-up's own words, and a cited summary with nothing on its aspect says so.
    ``quoted`` holds what earlier turns already quoted, so it is not said again.
    ``detail``, for a follow-up, adds to each summary it leans on the sentence of its
    text that answers the follow-up when the card does not (``assistant.answer_sentence``).
    ``aspects`` holds what each part of a question with several asks, in order: the first
    summary answers each of them too, in that order (``also_asked``).
    ``named`` holds the summaries carrying a name the question uses: asked of its own about
    one of them ("how much does ocrevus cost?", "has ozanimod been approved?"), a summary
    with nothing on the aspect, or on the drug's approval, says so too, as it would in a
    follow-up, before its main result.
    ``unmentioned`` is a sentence saying what the question asks that the named summaries
    never mention (``assistant.unmentioned``), with their ids: it leads, marked with them.
    ``asked_words`` are the turn's own words beyond the names it uses and the words that
    told its aspect: in a follow-up whose card sentences carry none of them, the sentence
    of a summary it leans on nearest the follow-up leads (``assistant.asked_detail``).
    """
    card_aspect = compose_aspect(aspect)
    asked_terms = set(terms(focus or question))
    kind = answer_type(focus) if focus else None

    def relevance(text: str) -> float:
        return math.fsum(idf.get(t, 1.0) for t in asked_terms & set(terms(text)))

    def beyond(chosen: list[str]) -> bool:
        return bool(asked_beyond(asked_words, chosen, terms))

    paragraphs: list[str] = []
    passages: dict[int, str] = {}
    # The lead is said first: no paragraph says it again (a definition quoted from a summary).
    said: list[str] = [unmentioned[0]] if unmentioned[0] else []
    details_asked = parts_asking_details(items, detail) if detail else {}
    leaned_on = detail.leaned_on if focus and detail is not None else frozenset()

    def rank(texts: list[str]) -> list[float]:
        if detail is not None and focus:
            return list(detail.nearness(focus, texts))
        return [relevance(text) for text in texts]

    measuring = measure_asked(
        focus or question, items, leaned_on, () if focus else named, summary_texts, rank, audience
    )
    # A question of its own asking a kind of detail of the study it names first.
    own_detail = None if focus or detail is None else own_detail_asked(question)
    # The study it names, or the one study it describes and cites ("the Dutch study on CBT
    # for MS tiredness"): a question of its own asks its detail of that study.
    first_named = next((item.view.id for item in items if item.view.id in named), None)
    if first_named is None and len(items) == 1:
        first_named = items[0].view.id
    steps: list[Step] = []
    for n, item in enumerate(items, start=1):
        card = item.view.card
        measured: list[str] | None = None
        if card is not None:
            budget = PROFILES[audience].findings[0 if n == 1 else 1]
            pick = pick_findings(card, card_aspect, budget, quoted, relevance, bool(focus))
            chosen = pick.sentences
            lacks = pick.lacks_aspect and not tells(summary_texts(item.view), card_aspect)
            if lacks and (focus or item.view.id in named):
                chosen = [not_reported_sentence(item.view.title, card_aspect), *chosen]
            elif measuring is not None and (measured := measuring.answer(item, chosen)):
                chosen = measured
            elif (
                focus
                # The card's own aspects answer the others, unless the detail asked is
                # of a kind their lines do not carry ("men or women?" of "who"), or the
                # follow-up asks words they do not carry ("how many centres?").
                and ((asks_card := card_aspect == "effect" or kind is not None) or beyond(chosen))
                and detail is not None
                and item.view.id in detail.leaned_on
            ):
                missing = lacks_detail(item.view, kind)
                floor = -1.0 if asks_card else detail.floor
                chosen = [missing] if missing else with_detail(
                    item, chosen, focus, kind, audience, terms, detail, floor
                )  # fmt: skip
            elif own_detail is not None and item.view.id == first_named:
                assert detail is not None
                led, step = _detail_first(item, chosen, own_detail, audience, terms, detail)
                steps += [step] if step else []
                chosen = led
            elif not focus and item.view.id in named:
                chosen = _lacking_first(item.view, question, chosen)
            if n == 1 and aspects:
                chosen = also_asked(item, card_aspect, aspects, chosen, quoted)
            elif not focus and measured is None:
                chosen = _asked_first(card, chosen, question, terms, idf, quoted)
            chosen += _gap_sentence(item, chosen, asked_terms, terms, idf, audience)
            for part in details_asked.get(n, []):
                assert detail is not None
                chosen = with_part_detail(item, chosen, part, audience, terms, detail)
            passage = at_a_glance(card)
        else:
            quoting = _quoted_sentences(item, n, question, focus, terms, idf, audience, quoted)
            # What an earlier turn quoted is not said again (when something else is left).
            chosen = [s for s in quoting if s not in quoted] or quoting
            passage = " ".join(chosen)
        chosen = [s for s in chosen if s not in said]
        if not chosen:
            if item.view.id in unmentioned[1]:
                passages[n] = passage  # the lead alone says what it is cited for
            continue
        said += chosen
        paragraphs.append(" ".join(f"{s} [{n}]" for s in chosen))
        passages[n] = passage
    body = "\n\n".join(_led_by(unmentioned, items, passages, paragraphs))
    return Composed(body, passages, said, tuple(steps))


def _led_by(
    lead: tuple[str, Collection[str]],
    items: Sequence[RetrievedSummary],
    passages: dict[int, str],
    paragraphs: list[str],
) -> list[str]:
    """The paragraphs, led by a sentence about summaries it names, marked with their
    numbers; left out unless every summary it names is cited (a claim about a summary
    the answer does not cite is not checkable by the reader)."""
    sentence, ids = lead
    numbers = [n for n, item in enumerate(items, start=1) if item.view.id in ids]
    if not sentence or not numbers or any(n not in passages for n in numbers):
        return paragraphs
    return [f"{sentence} {''.join(f'[{n}]' for n in numbers)}", *paragraphs]


def _asked_first(
    card: EvidenceCard,
    chosen: list[str],
    question: str,
    terms: Callable[[str], list[str]],
    idf: dict[str, float],
    quoted: Collection[str],
) -> list[str]:
    """The card's finding on what the question asks beyond the study's main result, first:
    "what is known about fingolimod and the heart?" opens with the slow heartbeat, then
    the relapse rate. That finding carries words of the question that the main result
    lacks, worth ``FOCUS_RELEVANCE``; the commonest English words do not count ("did
    relapses go down" is not asking about "going back on milder drugs")."""
    main = next((f.text for f in card.findings if f.aspect == "main"), "")
    own = " ".join(w for w in TOKEN.findall(question) if zipf_frequency(w, "en") < CONCERN_ZIPF)
    beyond = set(terms(own)) - set(terms(main))

    def weight(text: str) -> float:
        return math.fsum(idf.get(t, 1.0) for t in beyond & set(terms(text)))

    # A finding said in an earlier turn leads again when it is what the question asks
    # ("how many hours of summer sun counted as a lot?"); the rest of the answer is new.
    findings = [f.text for f in card.findings if f.aspect != "design"]
    best = max(findings, key=lambda text: (weight(text), text not in quoted), default=None)
    if not chosen or best is None or best == chosen[0] or weight(best) < FOCUS_RELEVANCE:
        return chosen
    return [best, *(s for s in chosen if s != best)]


def lacks_detail(view: SummaryView, kind: AnswerType | None) -> str:
    """ "The summary “…” does not say who paid for the study." when a follow-up asks a
    kind of detail that nothing the summary says carries (its title, sections, caveats
    and card), else "". Any other finding in its place would read as the answer to what
    was asked. The paper's own title is left out: written in title case, it reads as a
    place to the place pattern ("in Primary Progressive ..."), and in this library it
    carries no detail the summary's text lacks."""
    if kind is None or not kind.missing:
        return ""
    if any(kind.mentioned_in(text) for text in summary_texts(view)):
        return ""
    return f"The summary “{view.title}” {kind.missing}."


def _detail_first(
    item: RetrievedSummary,
    chosen: list[str],
    asked: tuple[str, AnswerType],
    audience: Audience,
    terms: Callable[[str], list[str]],
    detail: Detail,
) -> tuple[list[str], Step | None]:
    """For a question of its own asking a kind of detail of the study it names ("who paid
    for MS-STAT2?"), the sentence of the summary that gives it, or the plain sentence that
    the summary does not say it, then the results: the card's main result alone reads as
    the answer to something else. Only sentences carrying the kind are embedded (a few),
    so a question of its own stays within its latency (``assistant.asked_detail``). With
    the ``own_detail`` rule's line for the trace when either leads."""
    part, kind = asked
    reason = f"{kind.name} asked of {item.view.id}"
    missing = lacks_detail(item.view, kind) if asks_for_kind(part, kind) else ""
    if missing:
        return [missing, *chosen], Step(rule="own_detail", verdict="missing", reason=reason)
    led = with_detail(item, chosen, part, kind, audience, terms, detail)
    if led[0] in chosen:
        return led, None
    return led, Step(rule="own_detail", verdict="lead", reason=reason)


def _lacking_first(view: SummaryView, question: str, chosen: list[str]) -> list[str]:
    """For a question of its own naming a study ("has ozanimod been approved?"), the
    sentence saying its summary lacks the kind asked, then the results; only for a kind
    asked of the treatment itself (approval): in a long question, "where" and "how often"
    are as often about something else ("in that series where they added ...")."""
    kind = answer_type(question)
    missing = lacks_detail(view, kind) if kind is not None and kind.asked_of_last else ""
    return [missing, *chosen] if missing else chosen


def summary_texts(view: SummaryView) -> list[str]:
    """Everything a summary says, text by text: its title, its chunks and its card's fields
    and findings (a claim that it lacks something is checked against all of them)."""
    card = view.card
    texts = [view.title, *(chunk.text for chunk in view.chunks)]
    if card is not None:
        texts += [card.population, card.compared, card.length, *(f.text for f in card.findings)]
    return texts


def _gap_sentence(
    item: RetrievedSummary,
    chosen: list[str],
    asked_terms: set[str],
    terms: Callable[[str], list[str]],
    idf: dict[str, float],
    audience: Audience,
) -> list[str]:
    """A summary sentence that carries what the question asks and the card's findings
    leave out ("the HR for 12-week CDP"), when one stands alone; else nothing."""
    covered = {t for text in chosen for t in terms(text)}
    candidates = candidate_sentences(item, audience)
    gap = aspect_sentence(candidates, asked_terms - covered, terms, idf, with_before=True)
    if not gap or any(s.text in chosen for s in gap):
        return []
    text = " ".join(s.text for s in gap)
    return [] if said_by(text, chosen) else [text]


def _quoted_sentences(
    item: RetrievedSummary,
    n: int,
    question: str,
    focus: str,
    terms: Callable[[str], list[str]],
    idf: dict[str, float],
    audience: Audience,
    quoted: Collection[str] = (),
) -> list[str]:
    """The fallback for a summary without an evidence card: its best sentences, quoted.
    The sentence answering a follow-up's ``focus`` is one an earlier turn did not quote
    (``quoted``): said again, it would answer nothing new."""
    query_terms = set(terms(question))
    first, rest = PROFILES[audience].sentences
    budget = first if n == 1 else rest
    candidates = candidate_sentences(item, audience)
    chosen = pick_sentences(candidates, budget, query_terms, terms, idf, audience)
    unsaid = [c for c in candidates if c.text not in quoted]
    if focus and unsaid and all(c.text in quoted for c in chosen):
        # A follow-up whose best sentences were all said: the best of those not said yet.
        chosen = pick_sentences(unsaid, budget, set(terms(focus)), terms, idf, audience)
    found = aspect_sentence(candidates, set(terms(focus)), terms, idf, unsaid_only=quoted)
    aspect = found[0] if found else None
    if chosen and aspect is not None and aspect not in chosen:
        # The first summary swaps its weakest pick for the aspect; later ones add it.
        if n == 1:
            chosen = pick_sentences(candidates, budget - 1, query_terms, terms, idf, audience)
        chosen = sorted([*chosen, aspect], key=candidates.index)
    return [s.text for s in chosen]
