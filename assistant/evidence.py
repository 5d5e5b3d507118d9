"""Answers composed from evidence cards: the findings that answer what was asked.

Pure functions. A card's findings stand alone (they name their subject, carry
their comparison and keep their qualifier), so they can be quoted one at a time.
The question's aspect picks them: side-effect questions get harm findings, "who"
and "how long" get the card's fields, anything else gets the main result with its
balancing finding right after it. When a cited summary has nothing on the aspect
asked, the answer says so in one sentence instead of answering something else.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.aspects import Aspect
from assistant.models import EvidenceRow
from assistant.retrieval import RetrievedSummary
from knowledge.factcheck import reading_grade
from knowledge.models import EvidenceCard, Finding

QuestionAspect = Literal["harm", "limitation", "who", "length", "size", "cost", "effect"]

#: The finding aspects that answer each question aspect, best first.
ANSWERED_BY: dict[QuestionAspect, tuple[str, ...]] = {
    "harm": ("harm",),
    "limitation": ("limitation",),
    "who": ("who",),
    "length": (),
    "size": (),
    "cost": (),
    "effect": ("main",),
}
#: Aspects no finding's label carries, told by its words instead: a cost is a result.
TOLD_BY_WORDS: dict[QuestionAspect, re.Pattern[str]] = {
    "cost": re.compile(
        r"\b(costs?|costly|price[ds]?|money|spend\w*|insurance|afford\w*|expensive|cheaper|"
        r"euros?|dollars?)\b|[€$£]",
        re.IGNORECASE,
    ),
}
#: What a summary lacks, said plainly when its card has nothing on the aspect asked.
NOT_REPORTED: dict[QuestionAspect, str] = {
    "harm": "does not report side effects or harms",
    "limitation": "does not say what limits its results",
    "who": "does not say more about who took part",
    "length": "does not say how long people were followed",
    "size": "does not say how many people took part",
    "cost": "does not report costs or prices",
    "effect": "does not report a main result",
}
#: A follow-up's words must weigh this much (summed idf) in a finding for it to count as
#: what the follow-up asks for; the same bar as the quoting fallback's ``ASPECT_IDF``.
FOCUS_RELEVANCE = 2.4
#: How a card says that the paper does not give a field.
NOT_GIVEN = "not reported"
#: Findings that balance a main result: what did not differ, and what limits it.
BALANCING = ("no_difference", "limitation")


def covers(card: EvidenceCard | None, aspect: Aspect) -> bool:
    """Whether a summary's card answers an aspect: its fields say who, how many and how
    long; a finding of the right kind answers harms and effects."""
    wanted = compose_aspect(aspect)
    if card is None:
        return False
    if wanted in ("who", "size", "length"):
        return bool(field_sentences(card, wanted))
    return any(answers_aspect(f, wanted) for f in card.findings)


def answers_aspect(finding: Finding, aspect: QuestionAspect) -> bool:
    """Whether a finding answers an aspect: by its label, or (a cost) by its words."""
    words = TOLD_BY_WORDS.get(aspect)
    return finding.aspect in ANSWERED_BY[aspect] or bool(words and words.search(finding.text))


def tells(texts: Sequence[str], aspect: QuestionAspect) -> bool:
    """Whether any of a summary's texts speaks of an aspect told by words (a cost), so
    that the summary is never said to lack it; False for the aspects cards label."""
    words = TOLD_BY_WORDS.get(aspect)
    return words is not None and any(words.search(text) for text in texts)


def compose_aspect(aspect: Aspect) -> QuestionAspect:
    """The aspect a card answers for a question's aspect: harms, who, how long and how
    many have their own findings or fields; every other aspect gets the main result."""
    return aspect if aspect in ANSWERED_BY else "effect"


@dataclass(frozen=True)
class CardPick:
    """The sentences one summary contributes, and whether it lacked the aspect asked."""

    sentences: list[str]
    lacks_aspect: bool


def field_sentences(card: EvidenceCard, aspect: QuestionAspect) -> list[str]:
    """The card's own fields as sentences, for "who", "how many" and "how long"; none for
    a field the card gives as not reported (the summary lacks it: said so in a follow-up
    that asks, never quoted as an answer)."""
    value = {"who": card.population, "size": card.population, "length": card.length}.get(aspect)
    if value is None or value.lower().startswith(NOT_GIVEN):
        return []
    label = "Length of the study" if aspect == "length" else "People studied"
    return [f"{label}: {value}."]


def pick_findings(
    card: EvidenceCard,
    aspect: QuestionAspect,
    budget: int,
    quoted: Collection[str] = (),
    relevance: Callable[[str], float] = lambda text: 0.0,
    focused: bool = False,
) -> CardPick:
    """The findings (and field sentences) one summary contributes to an answer.

    The main result comes with its balancing finding right after it, so a "but" is never
    dropped; further findings follow by ``relevance`` to the question's own words (a
    question about the liver gets the liver finding), then in card order. In a follow-up
    (``focused``), findings that carry the follow-up's words come first, since they are
    what it asks for ("and heart problems?"). Findings already quoted earlier in the
    conversation (``quoted``) are left out, so a follow-up adds what is new, unless they
    are all the card has on the aspect asked, or one carries the follow-up's words more
    than any new finding does: then it is said again, as the answer to what is asked again.
    """
    fresh = [f for f in card.findings if f.text not in quoted]
    asked = [f for f in fresh if answers_aspect(f, aspect)]
    fields = [s for s in field_sentences(card, aspect) if s not in quoted]
    if aspect != "effect" and not asked and not fields:
        # Whether a summary lacks an aspect is a fact about its card, not about what was
        # quoted before: a harm asked for again is quoted again, never called unreported.
        asked = [f for f in card.findings if answers_aspect(f, aspect)]
        fields = field_sentences(card, aspect)
    if aspect in TOLD_BY_WORDS:
        # Told by words, the findings on it are of every label: the main result first,
        # a caveat that happens to name costs last.
        asked.sort(key=lambda f: (f.aspect != "main", f.aspect in BALANCING))
    if focused:
        asked += carrying_words(card.findings, fresh, asked, relevance)
    lacks = aspect != "effect" and not asked and not fields
    if aspect == "effect" and not (focused and asked):
        chosen = _main_with_balance(fresh, budget, relevance)
        return CardPick([f.text for f in chosen], False)
    if lacks:
        return CardPick([f.text for f in _main_with_balance(fresh, budget, relevance)], True)
    if fields and not focused:
        # A question of its own gets the field beside the main result, never instead of
        # it: "does CBT help my tiredness, and does the effect last?" is answered with
        # the result and the trial's length, not with "Length of the study: 52 weeks."
        main = [f.text for f in _main_with_balance(fresh, budget, relevance)]
        return CardPick(fields + main, False)
    picked = (fields + [f.text for f in asked])[: max(budget, len(fields))]
    if aspect == "effect" and all(text in quoted for text in picked) and len(picked) < budget:
        # A result asked for again comes with what the card has left, so the answer adds
        # something to the turn that said it ("so what % survived?").
        picked += [f.text for f in _main_with_balance(fresh, budget - len(picked), relevance)]
    return CardPick(picked, False)


def carrying_words(
    findings: Sequence[Finding],
    fresh: Sequence[Finding],
    asked: Sequence[Finding],
    relevance: Callable[[str], float],
) -> list[Finding]:
    """The findings not in ``asked`` that carry a follow-up's own words, in card order:
    the new ones, and, first, one already quoted when it carries them more than every new
    one ("what was the relapse rate on it again?" is answered with that rate, not with
    whatever the card has left)."""
    # Each finding's relevance is computed once: it tokenises the finding's text.
    scored = [(relevance(f.text), f) for f in findings if f not in asked]
    carrying = [(score, f) for score, f in scored if score >= FOCUS_RELEVANCE]
    if not carrying:
        return []
    best = max(carrying, key=lambda pair: (pair[0], pair[1] in fresh))[1]
    again = [] if best in fresh else [best]
    return again + [f for _, f in carrying if f in fresh]


def _main_with_balance(
    findings: list[Finding], budget: int, relevance: Callable[[str], float]
) -> list[Finding]:
    """The main result, its balancing finding, then the most relevant further findings."""
    main = [f for f in findings if f.aspect == "main"][:1]
    balance = [f for f in findings if f.aspect in BALANCING][:1]
    rest = [f for f in findings if f not in main and f not in balance and f.aspect != "design"]
    # Most relevant first; plainer first among equals, as a reader takes in a short
    # sentence more easily (sorting is stable, so ties keep card order).
    rest.sort(key=lambda f: (-relevance(f.text), _grade(f.text)))
    chosen = (main + balance + rest)[: max(budget, 1)]
    if not chosen and findings:
        chosen = findings[:1]
    return chosen


@functools.lru_cache(maxsize=4096)
def _grade(text: str) -> float:
    """Reading grade of a finding (cached: findings are few and asked about often)."""
    return reading_grade(text)


def compared_sentence(card: EvidenceCard) -> str:
    """The card's comparison as a sentence ("what did the control group get?")."""
    return f"What was compared: {card.compared}."


def not_reported_sentence(title: str, aspect: QuestionAspect) -> str:
    """One plain sentence saying what a cited summary lacks."""
    return f"The summary “{title}” {NOT_REPORTED[aspect]}."


def at_a_glance(card: EvidenceCard) -> str:
    """The card's who / compared / how long, as one line for a citation's source card."""
    return f"People: {card.population}. Compared: {card.compared}. Length: {card.length}."


#: Designs that compare groups; an answer citing two or more of them gets a table.
_COMPARATIVE = ("randomized controlled trial", "trial extension", "meta-analysis")


def evidence_table(
    cited: list[tuple[int, RetrievedSummary]], comparison: bool
) -> list[EvidenceRow]:
    """One row per cited study with a card, when the question compares treatments or two
    or more cited studies are trials; else no table."""
    rows = [
        EvidenceRow(
            n=n,
            study=item.view.title,
            design=item.view.study_type or "not given",
            people=item.view.card.population,
            compared=item.view.card.compared,
            main_result=item.view.card.of_aspect("main")[0].text,
            length=item.view.card.length,
        )
        for n, item in cited
        if item.view.card is not None and item.view.card.of_aspect("main")
    ]
    trials = sum(1 for _, item in cited if item.view.study_type in _COMPARATIVE)
    return rows if len(rows) >= 2 and (comparison or trials >= 2) else []


#: What the table shows of each study, one line each; studies are its columns, so two or
#: three studies fit a chat bubble or a phone without scrolling sideways.
TABLE_LINES = ("Design", "People", "Compared with", "Main result", "Length")


def table_cells(row: EvidenceRow) -> list[str]:
    """One study's cells, in ``TABLE_LINES`` order."""
    return [row.design, row.people, row.compared, row.main_result, row.length]


def table_grid(rows: Sequence[EvidenceRow]) -> tuple[list[str], list[list[str]]]:
    """The table as a header (one study per column) and one line per ``TABLE_LINES``."""
    header = ["", *(f"[{row.n}] {row.study}" for row in rows)]
    cells = [table_cells(row) for row in rows]
    lines = [[label, *(c[i] for c in cells)] for i, label in enumerate(TABLE_LINES)]
    return header, lines


def table_markdown(
    rows: Sequence[EvidenceRow], escape: Callable[[str], str] = lambda text: text
) -> str:
    """The evidence table as Markdown (chat, CLI and the appointment handoff); ``escape``
    makes cells safe where Markdown is rendered."""
    header, lines = table_grid(rows)

    def line(cells: list[str]) -> str:
        # A "|" inside a cell would end it; library text has none, but it is untrusted.
        return "| " + " | ".join(escape(c.replace("|", "/")) for c in cells) + " |"

    return "\n".join([line(header), "|" + "---|" * len(header), *map(line, lines)])


def passage_of(item: RetrievedSummary) -> str:
    """What a citation's source card shows beside the answer: the card at a glance (the
    findings themselves are in the answer), or the Key Takeaway without a card."""
    card = item.view.card
    return at_a_glance(card) if card is not None else item.view.section_text("key_takeaway")


def also_asked(
    item: RetrievedSummary,
    answered: QuestionAspect,
    aspects: Sequence[Aspect],
    chosen: list[str],
    quoted: Collection[str],
) -> list[str]:
    """The sentences chosen for the ``answered`` aspect, with what the card says on each
    other aspect the question asks, in the order asked: its main result with the finding
    that balances it, or one harm, who or length line; or that it does not report it."""
    card = item.view.card
    wanted = list(dict.fromkeys(compose_aspect(a) for a in aspects))
    if card is None or answered not in wanted:
        return chosen
    parts: list[str] = []
    for aspect in wanted:
        if aspect == answered:
            parts += [s for s in chosen if s not in parts]
            continue
        pick = pick_findings(card, aspect, 2, quoted)
        if pick.lacks_aspect:
            said = [not_reported_sentence(item.view.title, aspect)]
        else:
            said = pick.sentences[: 2 if aspect == "effect" else 1]
        if said and said[0] in chosen:
            # What was chosen already gives this aspect's answer (the main result of a
            # cost study): it comes here, before the rest, never after its caveat.
            parts += [s for s in chosen if s not in parts]
        parts += [s for s in said if s not in chosen and s not in parts]
    return parts
