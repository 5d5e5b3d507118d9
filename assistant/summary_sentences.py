"""Sentences of one summary: which may be quoted, how relevant each is, which to pick.

Pure functions over a summary's sections, shared by the offline composer
(``assistant.compose``) and the detail search of follow-ups.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from assistant.audiences import PROFILES
from assistant.models import Audience
from assistant.retrieval import RetrievedSummary
from knowledge.cards import POINTS_BACK
from knowledge.chunking import split_sentences
from knowledge.models import SectionName

_DIGIT = re.compile(r"\d")
#: A number on its own: not the digits of a name such as CD29 or MD1003.
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?!\w)")
#: A measured figure: a percentage or a number with a decimal point ("46%", "0.91").
_FIGURE = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+%?|%)")
#: A pronoun in the first few words, or "it"/"them" anywhere ("did better on it"), also
#: means the sentence leans on the one before.
_EARLY_PRONOUN = re.compile(r"^(\S+\s+){0,3}(its|they|their)\b|\b(it|them)\b", re.IGNORECASE)
#: So does an opening phrase that ends on "this", "that" or "so" ("Because of that,", "On
#: top of that,", "Even so,"): what it refers to is the sentence before.
_OPENS_ON_BEFORE = re.compile(r"^(\S+\s+){0,3}(this|that|these|those|so)\s*,", re.IGNORECASE)
#: So does "this"/"these" before anything but the study itself ("did better on this
#: combined test"): the thing it points at was named in an earlier sentence.
_THIS_THING = re.compile(
    r"\b(this|these) (?!(study|studies|trial|trials|review|analysis|research|large|small|"
    r"summary|paper|survey)\b)\w+",
    re.IGNORECASE,
)
#: A sentence whose "It" or "This" can only be the study: it says what kind of study it
#: was or whom it took in ("This was a cohort study, meaning ...", "It included 243 people
#: from a German study called EmBioProMS."). Summaries describe a study in a run of such
#: sentences ("Of them, 135 had ... Their median age was 55.5"); the run's context starts
#: there, as it would at the paragraph's start, which the chunks no longer mark.
_THE_STUDY = re.compile(
    r"^(It|This)( study| trial| survey| review)? (was an? [\w ,-]{0,40}?\b(study|trial|"
    r"survey|review|analysis|registry|series)\b|(included|enrolled|recruited|had|followed|"
    r"covered|pooled|used) (about |around |nearly |almost |over |more than )?(\d|everyone\b|"
    r"(\S+ ){0,2}(people|adults|children|women|men|patients|participants|volunteers)\b))"
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
#: Sentences longer than this many words are penalised for plain-reading audiences.
PLAIN_WORDS = 12
LONG_SENTENCE_PENALTY = 0.12
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


def section_sentences(item: RetrievedSummary, section: SectionName) -> list[Sentence]:
    """The sentences of one section of a summary, each with its place in the section."""
    text = item.view.section_text(section)
    return [Sentence(t, section, position) for position, t in enumerate(split_sentences(text))]


def candidate_sentences(item: RetrievedSummary, audience: Audience) -> list[Sentence]:
    """The sentences an answer may quote from one summary."""
    return [
        sentence
        for section in PROFILES[audience].sections
        for sentence in section_sentences(item, section)
        if section != "who_should_care" or _CAREGIVER.search(sentence.text)
    ]


def caveat_sentences(item: RetrievedSummary) -> list[str]:
    """The sentences of a summary's Important Considerations that stand alone: a detail
    asked of the study ("who paid for it?") is often said only there."""
    said = section_sentences(item, "important_considerations")
    return [s.text for s in said if stands_alone(s)]


def sentence_score(
    sentence: Sentence,
    query_terms: set[str],
    terms: Callable[[str], list[str]],
    idf: dict[str, float],
    audience: Audience,
) -> float:
    """Relevance of a sentence: shared rare words, a lead bonus, audience preferences."""
    words = terms(sentence.text)
    # fsum: a plain sum over a set depends on the set's order, which differs between
    # processes, and so would a tie between two sentences.
    overlap = math.fsum(idf.get(t, 1.0) for t in set(words) & query_terms)
    score = overlap / math.sqrt(max(len(words), 4))
    if sentence.section == "key_takeaway":
        score += 0.6 if sentence.position == 0 else 0.2
    if PROFILES[audience].prefers_numbers and _DIGIT.search(sentence.text):
        score += 0.5
    if sentence.section == "who_should_care":
        score += 0.3
    is_lead = sentence.section == "key_takeaway" and sentence.position == 0
    if _DEFINITION.match(sentence.text) and not is_lead:
        score -= DEFINITION_PENALTY
    if PROFILES[audience].plain:
        # Plain answers: long sentences read harder, so they must earn their place.
        score -= LONG_SENTENCE_PENALTY * max(0, len(sentence.text.split()) - PLAIN_WORDS)
    return score


def stands_alone(sentence: Sentence) -> bool:
    """Whether a sentence can be quoted without the ones before it: it does not lean on
    them, and it is not a glossary line."""
    return not _leans(sentence) and not _DEFINITION.match(sentence.text)


def _leans(sentence: Sentence) -> bool:
    text = sentence.text
    return bool(
        POINTS_BACK.match(text)
        or _OPENS_ON_BEFORE.match(text)
        or _EARLY_PRONOUN.search(text)
        or _THIS_THING.search(text)
    )


def aspect_sentence(
    candidates: list[Sentence],
    focus_terms: set[str],
    terms: Callable[[str], list[str]],
    idf: dict[str, float],
    with_before: bool = False,
    unsaid_only: Collection[str] = (),
) -> list[Sentence]:
    """The sentence past the lead that best answers what the lead leaves out, if any.

    Only self-contained, non-glossary sentences qualify, since it is quoted right after
    the lead, without the sentences between them; ``with_before`` also lets one that
    leans on the sentence before it qualify, returned after that one ("These included
    diarrhea, nausea, thinning hair ..."). None of ``unsaid_only`` (what earlier turns
    quoted) qualifies: said again, it answers nothing new.
    """
    if not focus_terms or len(candidates) < 2:
        return []
    missing = focus_terms - set(terms(candidates[0].text))

    def weight(index: int) -> float:
        return math.fsum(idf.get(t, 1.0) for t in missing & set(terms(candidates[index].text)))

    usable = [
        i
        for i in range(1, len(candidates))
        if candidates[i].text not in unsaid_only
        and (
            stands_alone(candidates[i])
            or (with_before and follows(candidates[i - 1], candidates[i]))
        )
    ]
    best = max(usable, key=weight, default=None)
    if best is None or weight(best) < ASPECT_IDF:
        return []
    found = candidates[best]
    return [candidates[best - 1], found] if _leans(found) else [found]


def follows(before: Sentence, sentence: Sentence) -> bool:
    """Whether ``sentence`` leans on ``before`` and may be quoted right after it: it is no
    glossary line, and ``before``, in the same section, stands alone."""
    return (
        _leans(sentence)
        and not _DEFINITION.match(sentence.text)
        and before.section == sentence.section
        and stands_alone(before)
    )


def quoted_with_context(sentences: Sequence[Sentence], most: int = 3) -> list[str]:
    """Each sentence that leans on those before it, quoted with them, back to one that
    stands alone or to its section's first sentence ("This was a randomised trial. It
    included 1,346 adults at 152 centers.": a section's opening "This" or "It" is the
    study), when that takes at most ``most`` sentences in all; a section's opening that
    leans, alone ("This was a randomized trial at 19 MS centers in the US.")."""
    quoted = []
    for i, sentence in enumerate(sentences):
        if not _leans(sentence) or _DEFINITION.match(sentence.text):
            continue
        if sentence.position == 0:
            quoted.append(sentence.text)
            continue
        start = _context_start(sentences, i, most)
        if start is not None:
            quoted.append(" ".join(s.text for s in sentences[start : i + 1]))
    return quoted


def _context_start(sentences: Sequence[Sentence], i: int, most: int) -> int | None:
    """Where the context of the leaning sentence ``i`` starts, or None beyond ``most``: at
    one that stands alone, its section's first, or one whose "It" or "This" is the study
    (``_THE_STUDY``)."""
    for start in range(i - 1, max(i - most, -1), -1):
        before = sentences[start]
        if before.section != sentences[i].section:
            return None
        if stands_alone(before) or before.position == 0 or _THE_STUDY.match(before.text):
            return start
    return None


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
            or repeats(sentence.text, [s.text for s in chosen], terms)
        )

    # Best usable sentence first, again after each pick: a sentence that leans on the one
    # before becomes usable once that one is in.
    while len(chosen) < budget:
        best = next((s for s in ranked if usable(s)), None)
        if best is None:
            break
        chosen.append(best)
    return sorted(chosen, key=candidates.index)


def said_by(sentence: str, chosen: Sequence[str]) -> str | None:
    """The chosen sentence that gives every measured figure of this one (a percentage or a
    number with a decimal point), when it has two or more: two such figures in common are
    one result, however it is worded ("lowered the yearly relapse rate by 46% and 47%" is
    said by "... a drop of 46% in one trial and 47% in the other"). Counts, weeks and
    years are shared by different results ("drips each 6 weeks" and "each 4 weeks")."""
    figures = {m.rstrip("%") for m in _FIGURE.findall(sentence)}
    if len(figures) < 2:
        return None
    return next((text for text in chosen if figures <= set(_NUMBER.findall(text))), None)


def numbers_said_by(sentence: str, other: str) -> bool:
    """Whether ``other`` gives every number of ``sentence``, which has two or more: of two
    sentences that give the number asked, "People studied: 1,882 adults aged 18 to 55"
    says nothing that "They had 1,882 people aged 18 to 55" does not."""
    numbers = set(_NUMBER.findall(sentence))
    return len(numbers) >= 2 and numbers <= set(_NUMBER.findall(other))


def repeats(sentence: str, chosen: Sequence[str], terms: Callable[[str], list[str]]) -> bool:
    """Whether the chosen sentences already say this one: they use every content word of
    it ("Most worsening happened without any relapse." after a lead that said so), or
    every number of it and at least half its words ("The total yearly cost was $85.4
    billion." after "MS cost the US an estimated $85.4 billion")."""
    said = {t for text in chosen for t in terms(text)}
    words = set(terms(sentence))
    if words <= said:
        return True
    numbers = set(_NUMBER.findall(sentence))
    said_numbers = {n for text in chosen for n in _NUMBER.findall(text)}
    return bool(numbers) and numbers <= said_numbers and 2 * len(words & said) >= len(words)
