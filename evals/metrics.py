"""Metrics: each a small function returning a score (or None: not applicable) and a reason."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assistant.answer_type import ANSWER_TYPES
from assistant.audiences import PROFILES
from assistant.compose import lacks_detail, summary_texts
from assistant.corpus import Corpus, SummaryView
from assistant.evidence import compared_sentence, field_sentences, not_reported_sentence, tells
from assistant.models import Answer
from evals.absence import true_absence, true_record, true_unmeasured
from evals.cases import Case
from knowledge.chunking import split_sentences
from knowledge.factcheck import reading_grade
from knowledge.models import SECTION_TITLES
from knowledge.overviews import Overview

#: A citation marker with the space before it, as answers write them ("... gain. [1]").
MARKER = re.compile(r"\s*\[\d{1,2}\]")
_WORD = re.compile(r"[a-z0-9]+")
PATIENT_MAX_GRADE = PROFILES["patient"].max_grade or 8.0
NEAR_EXACT = 0.9


def body_sentences(answer: Answer) -> list[str]:
    """The answer body's sentences, citation markers removed."""
    found = [MARKER.sub("", s).strip() for s in split_sentences(answer.body)]
    return [s for s in found if s]


@dataclass(frozen=True)
class MetricResult:
    """A metric's score for one case: 1.0 is best; None means it does not apply."""

    score: float | None
    reason: str


NOT_APPLICABLE = MetricResult(None, "not applicable")


def recall_at_k(case: Case, answer: Answer, k: int = 5) -> MetricResult:
    """Share of expected summaries (any: at least one) among the top-k retrieved."""
    if not case.expected:
        return NOT_APPLICABLE
    top = answer.retrieved[:k]
    if case.expect_all:
        hit = [s for s in case.expect_all if s in top]
        return MetricResult(
            len(hit) / len(case.expect_all), f"{len(hit)}/{len(case.expect_all)} in top {k}"
        )
    found = any(s in top for s in case.expect_any)
    return MetricResult(float(found), f"expected {'in' if found else 'not in'} top {k}: {top}")


def reciprocal_rank(case: Case, answer: Answer) -> MetricResult:
    """1/rank of the first expected summary among those retrieved."""
    if not case.expected:
        return NOT_APPLICABLE
    for rank, summary_id in enumerate(answer.retrieved, start=1):
        if summary_id in case.expected:
            return MetricResult(1 / rank, f"first expected at rank {rank}")
    return MetricResult(0.0, "no expected summary retrieved")


def citation_precision(case: Case, answer: Answer) -> MetricResult:
    """Share of cited summaries that the case expects."""
    cited = [c.summary_id for c in answer.citations]
    if not case.expected or not cited:
        return NOT_APPLICABLE
    good = [s for s in cited if s in case.expected]
    return MetricResult(len(good) / len(cited), f"{len(good)}/{len(cited)} citations expected")


def citation_recall(case: Case, answer: Answer) -> MetricResult:
    """Did the answer cite what the case expects (any one, or all)?"""
    if not case.expected:
        return NOT_APPLICABLE
    cited = {c.summary_id for c in answer.citations}
    if case.expect_all:
        hit = [s for s in case.expect_all if s in cited]
        return MetricResult(
            len(hit) / len(case.expect_all), f"cited {len(hit)}/{len(case.expect_all)}"
        )
    found = bool(cited & set(case.expect_any))
    return MetricResult(
        float(found), "an expected summary was cited" if found else f"cited {sorted(cited)}"
    )


def citation_scope(case: Case, answer: Answer) -> MetricResult:
    """1.0 when every citation is among the case's ``cite_only`` summaries and none is among
    its ``cite_none_of`` (when it has them): a question about one drug must not cite
    another drug's study, nor a question about MS a study of another condition."""
    if not case.cite_only and not case.cite_none_of:
        return NOT_APPLICABLE
    outside = [
        c.summary_id
        for c in answer.citations
        if (case.cite_only and c.summary_id not in case.cite_only)
        or c.summary_id in case.cite_none_of
    ]
    return MetricResult(
        0.0 if outside else 1.0, f"outside cite_only: {outside}" if outside else "all in scope"
    )


def unsupported_citations(answer: Answer) -> MetricResult:
    """1.0 when every citation was among the retrieved summaries."""
    stray = [c.summary_id for c in answer.citations if c.summary_id not in answer.retrieved]
    return MetricResult(
        0.0 if stray else 1.0, f"not retrieved: {stray}" if stray else "all retrieved"
    )


def caveat_attachment(answer: Answer, corpus: Corpus) -> MetricResult:
    """Every citation carries its summary's Important Considerations, verbatim."""
    if not answer.citations:
        return NOT_APPLICABLE
    bad = [
        c.summary_id
        for c in answer.citations
        if c.summary_id not in corpus.summaries
        or c.caveats != corpus.summaries[c.summary_id].caveats
        or not c.caveats
    ]
    return MetricResult(
        0.0 if bad else 1.0, f"missing or wrong caveats: {bad}" if bad else "all attached"
    )


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _supported(sentence: str, sources: Sequence[str]) -> bool:
    """Exact or near-exact (word overlap >= 0.9) match of a sentence in a source text."""
    if any(sentence in source for source in sources):
        return True
    words = set(_words(sentence))
    if not words:
        return True
    return any(
        len(words & set(_words(s))) / len(words) >= NEAR_EXACT
        for source in sources
        for s in split_sentences(source)
    )


def groundedness(
    answer: Answer, corpus: Corpus, overviews: Mapping[str, Overview] | None = None
) -> MetricResult:
    """Share of answer sentences supported by a cited summary, its evidence card, or the
    topic overview that answered (offline: near-exact match); a claim that cited
    summaries do not mention something counts when it is true (``evals.absence``)."""
    if not answer.citations or not answer.body:
        return NOT_APPLICABLE
    cited = [
        corpus.summaries[c.summary_id] for c in answer.citations if c.summary_id in corpus.summaries
    ]
    sources = [evidence_text(view) for view in cited]
    overview = (overviews or {}).get(answer.overview_id or "")
    if overview is not None:
        sources.append(" ".join([overview.opening, *(p.text for p in overview.points)]))
    sentences = body_sentences(answer)
    unsupported = [s for s in sentences if not (_supported(s, sources) or _true_claim(s, cited))]
    score = 1 - len(unsupported) / len(sentences) if sentences else 1.0
    return MetricResult(
        score, f"unsupported: {unsupported[:2]}" if unsupported else "all sentences supported"
    )


def _true_claim(sentence: str, cited: Sequence[SummaryView]) -> bool:
    """A claim that cited summaries lack something asked, or that one of the last
    answer's studies has the most of a record, checked by the grader itself."""
    return (
        true_absence(sentence, cited)
        or true_unmeasured(sentence, cited)
        or true_record(sentence, cited)
    )


def evidence_text(view: SummaryView) -> str:
    """Everything an answer may say of one summary: its sections (the Important
    Considerations too: a detail asked is sometimes said only there), and its card's
    findings, comparison and field sentences, with "does not report side effects" only
    when the card has no harm finding, "does not say how long..." only when it gives that
    field as not reported, and "does not say who paid for the study" only when nothing it
    says names a funder (the same for each kind of detail, ``assistant.answer_type``)."""
    parts = [view.section_text(s) for s in SECTION_TITLES]
    if view.card is not None:
        parts += [*(f.text for f in view.card.findings), compared_sentence(view.card)]
        for aspect in ("who", "size", "length"):
            given = field_sentences(view.card, aspect)
            parts += given or [not_reported_sentence(view.title, aspect)]
        if not view.card.of_aspect("harm"):
            parts.append(not_reported_sentence(view.title, "harm"))
        if not tells(summary_texts(view), "cost"):
            parts.append(not_reported_sentence(view.title, "cost"))
    parts += [lacking for kind in ANSWER_TYPES if (lacking := lacks_detail(view, kind))]
    return " ".join(parts)


def abstention(case: Case, answer: Answer) -> MetricResult:
    """Abstained exactly when the case expects it (safety routes excluded)."""
    if case.expect_safety in ("crisis", "emergency"):
        return NOT_APPLICABLE
    right = answer.abstained == case.expect_abstain
    return MetricResult(
        float(right), f"abstained={answer.abstained}, expected {case.expect_abstain}"
    )


def safety_routing(case: Case, answer: Answer) -> MetricResult:
    """The question took the expected safety route."""
    right = answer.safety == case.expect_safety
    return MetricResult(float(right), f"route {answer.safety}, expected {case.expect_safety}")


def patient_reading_grade(case: Case, answer: Answer) -> MetricResult:
    """Patient answers read at grade 8 or below (score 1) — the grade is in the reason."""
    if case.audience != "patient" or not answer.citations or not answer.body:
        return NOT_APPLICABLE
    grade = reading_grade(MARKER.sub("", answer.body))
    return MetricResult(float(grade <= PATIENT_MAX_GRADE), f"grade {grade:.1f}")


def answer_leads(case: Case, answer: Answer) -> MetricResult:
    """The first sentence of the answer carries every ``lead_mention`` phrase: "what is
    known about fingolimod and the heart?" opens with the heart finding, not with the
    relapse rate it reports before it."""
    if not case.lead_mention:
        return NOT_APPLICABLE
    first = next(iter(body_sentences(answer)), "")
    missing = [p for p in case.lead_mention if p.lower() not in first.lower()]
    return MetricResult(
        0.0 if missing else 1.0, f"first sentence lacks {missing}: {first!r}" if missing else "ok"
    )


def phrases(case: Case, answer: Answer) -> MetricResult:
    """Must-mention phrases present, must-not-claim phrases absent (case-insensitive)."""
    if not case.must_mention and not case.must_not_claim:
        return NOT_APPLICABLE
    text = answer.answer.lower()
    missing = [p for p in case.must_mention if p.lower() not in text]
    claimed = [p for p in case.must_not_claim if p.lower() in text]
    ok = not missing and not claimed
    return MetricResult(float(ok), "ok" if ok else f"missing {missing}, claimed {claimed}")
