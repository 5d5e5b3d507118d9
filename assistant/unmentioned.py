"""What a question asks about a treatment that its cited summaries never mention.

"does kesimpta cause hair loss?" cites the ASCLEPIOS summary, which says nothing of hair.
Its results alone would read as the answer; the answer first says plainly 'The summary
“…” does not mention “hair loss”.' (the same for a follow-up, "does it cause weight
gain?", of the summaries it leans on). The asker's words are quoted: a summary may say the
thing in words the library's lay-word table does not know ("fits" for "seizures").

Pure functions over the question's analysis and the summaries' texts; the thing asked
about is read from the question's grammar (``assistant.asked_things``). A thing counts as
mentioned when any of its words (its rarer nouns, when it has any), in any of its forms,
or a library word the lay-word table gives for it, is in a summary's text, title and card
included, stemmed as the search stems it, or a sentence says it in other words. A claim is
made only when every summary it names lacks the thing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from assistant.acting import Terms
from assistant.answer_sentence import Nearness
from assistant.asked_things import asked_things, asks_what_it_does
from assistant.aspects import Aspect
from assistant.audiences import PROFILES
from assistant.compose import summary_texts
from assistant.corpus import COMMON_SHARE, SummaryView
from assistant.models import Audience
from assistant.question import QuestionFacts, drug_summaries
from assistant.retrieval import RetrievedSummary
from assistant.synonyms import expand_query
from assistant.thing_words import DETERMINERS
from assistant.vocabulary import TOKEN
from assistant.word_class import compound_parts, lemmas, word_classes
from knowledge.chunking import split_sentences

#: The share of the library's summaries that use a stemmed word.
Share = Callable[[str], float]

#: A sentence this near a thing (cosine, the bundled model) says it in other words the
#: lay-word table lacks ("Three people died." for "deaths"; "sleepy" and "drowsy" sit
#: lower, at 0.28, among true absences at 0.09 to 0.36): no claim that it is not mentioned.
SAID_OTHERWISE = 0.5


def unmentioned(
    things: Sequence[str], texts: Sequence[str], terms: Terms, share: Share | None = None
) -> list[str]:
    """The things none of ``texts`` mentions. A thing is mentioned when any of its words,
    in any of its forms, or a library word for it ("ppms": primary progressive MS), is
    in the texts (read as the search reads them): "hair fall" is, beside "hair thinning".
    With ``share`` (the share of the library's summaries using a stemmed word), a thing
    with nouns fewer than ``COMMON_SHARE`` of them use is mentioned only by those: "heart
    rate" is not mentioned by "relapse rate", "another trial" is by "trial". A claim that
    a summary lacks something misleads; a missed one leaves the results."""
    said = {t for text in texts for t in terms(text)}
    return [thing for thing in things if not _mentioned(thing, said, terms, share)]


def _mentioned(thing: str, said: set[str], terms: Terms, share: Share | None) -> bool:
    words = TOKEN.findall(expand_query(thing).lower())
    # "eyesight" is mentioned by "the eye": a compound by its parts.
    words += [part for word in words for part in compound_parts(word)]
    stems = {word: {t for form in (word, *lemmas(word)) for t in terms(form)} for word in words}
    counted = list(stems.values())
    if share is not None:
        # "rate" in "heart rate": only its rarer naming words count, when it has any.
        rare = [found for word, found in stems.items() if _rare_noun(word, found, share)]
        counted = rare or counted
    return any(found & said for found in counted)


def _rare_noun(word: str, stems: set[str], share: Share) -> bool:
    """A noun fewer than ``COMMON_SHARE`` of the summaries use ("heart", not "rate")."""
    naming = "NOUN" in word_classes(word) and word not in DETERMINERS
    return naming and bool(stems) and max(map(share, stems)) < COMMON_SHARE


def unmentioned_sentence(titles: Sequence[str], things: Sequence[str]) -> str:
    """'The summary “…” does not mention “hair loss”.' ('The summaries “…” and “…” do
    not mention ...')."""
    quoted = [f"“{title}”" for title in titles]
    named = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
    # The asker's own words, quoted: the summary may say it in others ("seizure").
    what = " or ".join(f"“{thing}”" for thing in things)
    if len(quoted) == 1:
        return f"The summary {named} does not mention {what}."
    return f"The summaries {named} do not mention {what}."


def unmentioned_line(
    facts: QuestionFacts,
    views: Sequence[SummaryView],
    terms: Terms,
    unused: Collection[str] = (),
    share: Share | None = None,
    nearness: Nearness | None = None,
) -> str:
    """The sentence saying that ``views`` (the summaries an answer leans on) mention none
    of the things the question asks about, or "" when one of them mentions any. With
    ``nearness``, a thing one of their sentences says in other words is mentioned too."""
    if not views:  # checked first: most answers name no drug and lean on nothing
        return ""
    things = asked_things(facts, unused)
    if not things:
        return ""
    texts = [text for view in views for text in summary_texts(view)]
    missing = unmentioned(things, texts, terms, share)
    if missing and nearness is not None:
        sentences = [sentence for text in texts for sentence in split_sentences(text)]
        missing = [t for t in missing if not _said_otherwise(t, sentences, nearness)]
    return unmentioned_sentence([v.title for v in views], missing) if missing else ""


def _said_otherwise(thing: str, sentences: Sequence[str], nearness: Nearness) -> bool:
    """Whether a sentence is at least ``SAID_OTHERWISE`` near the thing."""
    return max(nearness(thing, sentences), default=-1.0) >= SAID_OTHERWISE


def unmentioned_lead(
    facts: QuestionFacts,
    chosen: Sequence[RetrievedSummary],
    leaned_on: Collection[str],
    follow_up: bool,
    terms: Terms,
    audience: Audience = "patient",
    unused: Collection[str] = (),
    share: Share | None = None,
    nearness: Nearness | None = None,
) -> tuple[str, frozenset[str]]:
    """The lead sentence and the ids of the summaries it names: for a follow-up, the
    cited summaries it leans on; for a question of its own, those naming or reporting on a
    drug it names ("Is herpes zoster more likely with Mavenclad?" weighs the shingles
    reports on cladribine, not only the trial that calls it Mavenclad).
    ("", empty) when there is no such summary or one of them mentions what is asked, and
    for clinicians, whose technical words the plain summaries often put otherwise."""
    if PROFILES[audience].capitals_gaps_only:
        return "", frozenset()
    if follow_up:
        about = [item for item in chosen if item.view.id in leaned_on] or list(chosen)
    else:
        named = drug_summaries(facts) | facts.reported_by | facts.class_reports
        about = [item for item in chosen if item.view.id in named]
    views = [item.view for item in about]
    line = unmentioned_line(facts, views, terms, unused, share, nearness)
    return (line, frozenset(item.view.id for item in about)) if line else ("", frozenset())


def answered_aspect(facts: QuestionFacts, lead: str) -> Aspect:
    """The aspect the answer gives after its lead: when it says the summaries do not
    mention what the question asks a treatment does to something ("does ocrevus make you
    lose your hair?"), what they report of harms, not their main results; otherwise the
    question's own."""
    if lead and facts.aspect == "effect" and asks_what_it_does(facts):
        return "harm"
    return facts.aspect
