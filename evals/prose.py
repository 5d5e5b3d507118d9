"""How answers read: sentences that lean on missing context, repeats, lost qualifiers,
earlier topics carried into a new one.

Answers are quoted one sentence at a time, so a sentence that points back ("On
placebo, 60.9% did.") or a Key Takeaway whose "but" is dropped changes what a
reader takes away, and a result said twice in other words wastes the reader's
attention. Repeats and carried topics fail a case (see ``PASS_METRICS``); the others
inform.
"""

from __future__ import annotations

import itertools
import re

from assistant.corpus import Corpus
from assistant.models import Answer
from evals.cases import Case
from evals.metrics import MARKER, NOT_APPLICABLE, MetricResult, body_sentences
from knowledge.cards import points_back
from knowledge.chunking import split_sentences
from knowledge.models import SECTION_TITLES

_CITED = re.compile(r"\[(\d{1,2})\]")
_CITED_RUN = re.compile(r"(.*?)((?:\s*\[\d{1,2}\])+)", re.DOTALL)
#: A pronoun among the first words also leaves the sentence without its own subject.
_EARLY_PRONOUN = re.compile(r"^(\S+\s+){0,3}(it|its|they|their|them)\b", re.IGNORECASE)
#: So does an opening phrase ending on a demonstrative ("Because of that,", "Even so,").
_OPENS_ON_BEFORE = re.compile(r"^(\S+\s+){0,3}(this|that|these|those|so)\s*,", re.IGNORECASE)
#: A measured figure: a percentage or a number with a decimal point ("46%", "0.91"). The
#: grader keeps its own definition (as the composer's ``said_by`` has), so it checks the
#: composer rather than restating it.
_FIGURE = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+%?|%)")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?!\w)")
#: Words that carry a Key Takeaway's qualifier: the result's limit or what did not change.
_QUALIFIER = re.compile(
    r"\b(but|however|although|though|not|no|only|modest(ly)?|small|slightly|a little|a bit|"
    r"about the same|chance|unclear|uncertain)\b",
    re.IGNORECASE,
)


def leans_on_context(sentence: str) -> bool:
    """Whether a sentence opens by pointing back or has a pronoun for its subject."""
    return (
        points_back(sentence)
        or bool(_EARLY_PRONOUN.match(sentence))
        or bool(_OPENS_ON_BEFORE.match(sentence))
    )


def leaning_sentences(answer: Answer, corpus: Corpus) -> MetricResult:
    """Share of body sentences that stand alone (1.0 = none leans on missing context). A
    sentence quoted right after the one it follows in a cited summary ("The trial had
    110 adults. They were put into two groups of 55.") has its context with it."""
    sentences = body_sentences(answer)
    if not sentences or not answer.citations:
        return NOT_APPLICABLE
    follows = _consecutive(answer, corpus)
    leaning = [
        s
        for i, s in enumerate(sentences)
        if leans_on_context(s) and (i == 0 or (sentences[i - 1], s) not in follows)
    ]
    return MetricResult(
        1 - len(leaning) / len(sentences), f"leaning: {leaning[:2]}" if leaning else "none"
    )


def _consecutive(answer: Answer, corpus: Corpus) -> set[tuple[str, str]]:
    """Pairs of sentences that follow each other in a cited summary's text."""
    pairs: set[tuple[str, str]] = set()
    for citation in answer.citations:
        view = corpus.summaries.get(citation.summary_id)
        if view is None:
            continue
        for section in SECTION_TITLES:
            text = split_sentences(view.section_text(section))
            pairs |= set(itertools.pairwise(text))
    return pairs


def repeated_sentences(answer: Answer, previous: Answer | None) -> MetricResult:
    """1.0 unless the answer says a sentence twice or replays the previous turn: more than
    half its sentences were said there. A follow-up that asks again for what was said
    ("side effects?" after an answer that gave the one harm finding) is answered with that
    finding again, which is the answer, not a replay."""
    sentences = body_sentences(answer)
    if not sentences or not answer.citations:
        return NOT_APPLICABLE
    earlier = set(body_sentences(previous)) if previous is not None else set()
    twice = [s for i, s in enumerate(sentences) if s in sentences[:i]]
    replayed = [s for s in sentences if s in earlier]
    if twice or 2 * len(replayed) > len(sentences):
        return MetricResult(0.0, f"repeated: {(twice or replayed)[:2]}")
    return MetricResult(1.0, f"said before, as asked again: {replayed[:2]}" if replayed else "none")


def results_once(answer: Answer) -> MetricResult:
    """1.0 unless a result is said twice in other words: a sentence whose two or more
    measured figures an earlier sentence of its paragraph (one cited summary, as answers
    are laid out) gave ("... by 46% and 47% ..." after "... a drop of 46% in one trial and
    47% in the other.")."""
    if not body_sentences(answer) or not answer.citations:
        return NOT_APPLICABLE
    repeated = []
    for paragraph in answer.body.split("\n\n"):
        said: list[set[str]] = []
        for sentence in split_sentences(MARKER.sub("", paragraph)):
            figures = {m.rstrip("%") for m in _FIGURE.findall(sentence)}
            if len(figures) >= 2 and any(figures <= numbers for numbers in said):
                repeated.append(sentence)
            said.append(set(_NUMBER.findall(sentence)))
    return MetricResult(
        0.0 if repeated else 1.0, f"said again: {repeated[:2]}" if repeated else "none"
    )


def carried_over(case: Case, answer: Answer, previous: Answer | None) -> MetricResult:
    """For a turn that changes the subject (tag ``topic_shift``): 1.0 when it cites nothing
    the previous answer cited that the case does not expect, i.e. no earlier topic carried."""
    if "topic_shift" not in case.tags or previous is None or not answer.citations:
        return NOT_APPLICABLE
    before = {c.summary_id for c in previous.citations}
    carried = [
        c.summary_id
        for c in answer.citations
        if c.summary_id in before and c.summary_id not in case.expected
    ]
    return MetricResult(0.0 if carried else 1.0, f"carried over: {carried}" if carried else "none")


def qualifiers_kept(answer: Answer, corpus: Corpus) -> MetricResult:
    """1.0 when every cited summary whose Key Takeaway carries a qualifier ("but", "not",
    "modestly") is quoted with one; the reason lists the summaries quoted without it."""
    if not answer.citations or not answer.body:
        return NOT_APPLICABLE
    by_n: dict[int, list[str]] = {}
    # Markers follow the text they cite ("... a modest gain. [1] Next ..."), so each run
    # of text up to a group of markers belongs to those markers.
    for found in _CITED_RUN.finditer(answer.body):
        for n in _CITED.findall(found.group(2)):
            by_n.setdefault(int(n), []).append(found.group(1))
    qualified = [
        c
        for c in answer.citations
        if c.summary_id in corpus.summaries
        and _QUALIFIER.search(corpus.summaries[c.summary_id].section_text("key_takeaway"))
    ]
    if not qualified:
        return NOT_APPLICABLE
    lost = [c.summary_id for c in qualified if not _QUALIFIER.search(" ".join(by_n.get(c.n, [])))]
    return MetricResult(0.0 if lost else 1.0, f"qualifier missing: {lost}" if lost else "kept")
