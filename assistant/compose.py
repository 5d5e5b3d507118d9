"""The offline composer: an answer made only of sentences from cited summaries.

Pure functions. It picks the most relevant sentences of Key Takeaway and What
They Found (and Who Should Care for caregivers) from the top summaries, keeps
each summary's sentences in their own order, and marks each with [n].
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.models import Audience
from assistant.retrieval import RetrievedSummary
from knowledge.chunking import split_sentences
from knowledge.models import SectionName

_DIGIT = re.compile(r"\d")
#: A number on its own: not the digits of a name such as CD29 or MD1003.
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?!\w)")
#: A pronoun in the first few words, or "it"/"them" anywhere ("did better on it"), also
#: means the sentence leans on the one before.
_EARLY_PRONOUN = re.compile(r"^(\S+\s+){0,3}(its|they|their)\b|\b(it|them)\b", re.IGNORECASE)
#: So does "this"/"these" before anything but the study itself ("did better on this
#: combined test"): the thing it points at was named in an earlier sentence.
_POINTS_BACK = re.compile(
    r"\b(this|these) (?!(study|studies|trial|trials|review|analysis|research|large|small|"
    r"summary|paper|survey)\b)\w+",
    re.IGNORECASE,
)
#: Sentences that only make sense after the one before them.
_ANAPHORIC = re.compile(
    r"^(it|its|this|that|these|those|they|their|them|such|both|either|neither|none|the other|"
    r"he|she|his|her|there|here|also|so|but|and|yet|still|however|instead|then|middle|"
    r"the rest|the same|another|one (was|of|group)|in (another|one|the other)|"
    r"(in|on|at|for|with|from|by|after|during|of|among) (this|that|these|those|both|all|them))\b",
    re.IGNORECASE,
)
#: A glossary sentence ("Myelin is the coating around nerve fibres.") explains a word; it
#: helps beside a result but never answers a question on its own.
_DEFINITION = re.compile(
    r"^(an?\s+|the\s+)?[\w'()-]+(\s+[\w'()-]+){0,4}\s+(is|are|means|refers to)\s+"
    r"(an?|the|when|how|what|spots|signs|attacks|drugs|medicines|cells)\b",
    re.IGNORECASE,
)
DEFINITION_PENALTY = 0.8
_CAREGIVER = re.compile(r"\b(caregiver|carer|family|families|partner|loved one|support)", re.I)
#: Sentences longer than this many words are penalised for patients and caregivers.
PLAIN_WORDS = 12
LONG_SENTENCE_PENALTY = 0.12
#: Sentences taken from the first summary and from each further one, per audience.
BUDGET: dict[Audience, tuple[int, int]] = {
    "patient": (3, 1),
    "caregiver": (3, 2),
    "clinician": (4, 2),
}
#: In a follow-up, each summary quotes its sentence that carries the follow-up's own words,
#: worth this much idf, that its lead lacks ("what about side effects?" after a vitamin D
#: question): the lead alone would repeat the topic and miss what was asked.
ASPECT_IDF = 2.4


@dataclass(frozen=True)
class Sentence:
    """A candidate sentence of one summary, with where it came from."""

    text: str
    section: SectionName
    position: int


def candidate_sentences(item: RetrievedSummary, audience: Audience) -> list[Sentence]:
    """The sentences an answer may quote from one summary."""
    sections: list[SectionName] = ["key_takeaway", "what_they_found"]
    if audience == "caregiver":
        sections.append("who_should_care")
    found = []
    for section in sections:
        for position, text in enumerate(split_sentences(item.view.section_text(section))):
            if section == "who_should_care" and not _CAREGIVER.search(text):
                continue
            found.append(Sentence(text, section, position))
    return found


def sentence_score(
    sentence: Sentence,
    query_terms: set[str],
    terms: Callable[[str], list[str]],
    idf: dict[str, float],
    audience: Audience,
) -> float:
    """Relevance of a sentence: shared rare words, a lead bonus, audience preferences."""
    words = terms(sentence.text)
    overlap = sum(idf.get(t, 1.0) for t in set(words) & query_terms)
    score = overlap / math.sqrt(max(len(words), 4))
    if sentence.section == "key_takeaway":
        score += 0.6 if sentence.position == 0 else 0.2
    if audience == "clinician" and _DIGIT.search(sentence.text):
        score += 0.5
    if sentence.section == "who_should_care":
        score += 0.3
    is_lead = sentence.section == "key_takeaway" and sentence.position == 0
    if _DEFINITION.match(sentence.text) and not is_lead:
        score -= DEFINITION_PENALTY
    if audience != "clinician":
        # Plain answers: long sentences read harder, so they must earn their place.
        score -= LONG_SENTENCE_PENALTY * max(0, len(sentence.text.split()) - PLAIN_WORDS)
    return score


def _leans(sentence: Sentence) -> bool:
    text = sentence.text
    return bool(_ANAPHORIC.match(text) or _EARLY_PRONOUN.search(text) or _POINTS_BACK.search(text))


def aspect_sentence(
    candidates: list[Sentence],
    focus_terms: set[str],
    terms: Callable[[str], list[str]],
    idf: dict[str, float],
) -> Sentence | None:
    """The sentence past the lead that best answers what the lead leaves out, if any.

    Only self-contained, non-glossary sentences qualify, since it is quoted right after
    the lead, without the sentences between them.
    """
    if not focus_terms or len(candidates) < 2:
        return None
    missing = focus_terms - set(terms(candidates[0].text))

    def weight(sentence: Sentence) -> float:
        return sum(idf.get(t, 1.0) for t in missing & set(terms(sentence.text)))

    usable = [s for s in candidates[1:] if not _leans(s) and not _DEFINITION.match(s.text)]
    best = max(usable, key=weight, default=None)
    return best if best is not None and weight(best) >= ASPECT_IDF else None


def pick_sentences(
    candidates: list[Sentence],
    budget: int,
    query_terms: set[str],
    terms: Callable[[str], list[str]],
    idf: dict[str, float],
    audience: Audience,
) -> list[Sentence]:
    """The summary's lead sentence plus the best others, back in reading order.

    The Key Takeaway's first sentence always comes first: it stands on its own, where a
    lone sentence from the middle of a summary often leans on what came before. A sentence
    that leans on the one before it ("It shrank by 9.4%") is only taken with that one.
    """
    if not candidates:
        return []
    ranked = sorted(candidates, key=lambda s: -sentence_score(s, query_terms, terms, idf, audience))
    chosen: list[Sentence] = [candidates[0]]

    def usable(sentence: Sentence) -> bool:
        position = candidates.index(sentence)
        return not (
            sentence in chosen
            or (_leans(sentence) and (position == 0 or candidates[position - 1] not in chosen))
            or repeats(sentence, chosen, terms)
        )

    # Best usable sentence first, again after each pick: a sentence that leans on the one
    # before becomes usable once that one is in.
    while len(chosen) < budget:
        best = next((s for s in ranked if usable(s)), None)
        if best is None:
            break
        chosen.append(best)
    return sorted(chosen, key=candidates.index)


def repeats(sentence: Sentence, chosen: list[Sentence], terms: Callable[[str], list[str]]) -> bool:
    """Whether the chosen sentences already say this one: they use every content word of
    it ("Most worsening happened without any relapse." after a lead that said so), or
    every number of it and at least half its words ("The total yearly cost was $85.4
    billion." after "MS cost the US an estimated $85.4 billion")."""
    said = {t for s in chosen for t in terms(s.text)}
    words = set(terms(sentence.text))
    if words <= said:
        return True
    numbers = set(_NUMBER.findall(sentence.text))
    said_numbers = {n for s in chosen for n in _NUMBER.findall(s.text)}
    return bool(numbers) and numbers <= said_numbers and 2 * len(words & said) >= len(words)


def compose_extractive(
    items: Sequence[RetrievedSummary],
    question: str,
    terms: Callable[[str], list[str]],
    idf: dict[str, float],
    audience: Audience,
    focus: str = "",
) -> tuple[str, dict[int, str]]:
    """An answer of quoted sentences with [n] markers, and each citation's passage.

    ``focus`` is a follow-up's own words; see ``ASPECT_IDF``.
    """
    query_terms = set(terms(question))
    focus_terms = set(terms(focus))
    first, rest = BUDGET[audience]
    paragraphs: list[str] = []
    passages: dict[int, str] = {}
    for n, item in enumerate(items, start=1):
        budget = first if n == 1 else rest
        candidates = candidate_sentences(item, audience)
        chosen = pick_sentences(candidates, budget, query_terms, terms, idf, audience)
        aspect = aspect_sentence(candidates, focus_terms, terms, idf)
        if chosen and aspect is not None and aspect not in chosen:
            # The first summary swaps its weakest pick for the aspect; later ones add it.
            if n == 1:
                chosen = pick_sentences(candidates, budget - 1, query_terms, terms, idf, audience)
            chosen = sorted([*chosen, aspect], key=candidates.index)
        if not chosen:
            continue
        paragraphs.append(" ".join(f"{s.text} [{n}]" for s in chosen))
        passages[n] = " ".join(s.text for s in chosen)
    return "\n\n".join(paragraphs), passages
