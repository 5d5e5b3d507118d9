"""The offline composer: which sentences of a cited summary make the answer."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.answer_type import answer_type
from assistant.aspects import aspect_of
from assistant.compose import compose_extractive, lacks_detail
from assistant.corpus import Corpus, complete_summaries
from assistant.retrieval import RetrievedSummary
from assistant.summary_sentences import said_by
from knowledge.chunking import chunk_summary, split_sentences
from knowledge.library import load_library
from knowledge.models import Summary

LIBRARY = Path(__file__).parent / "data" / "engine-library"
COFFEE = "coffee-consumption-ms-risk-hedstrom-2016"
SIPONIMOD = "expand-siponimod-spms"


def retrieved(*summaries: Summary) -> tuple[list[RetrievedSummary], Corpus]:
    """The summaries as retrieval would hand them to the composer, best first."""
    chunks = [c for s in summaries for c in chunk_summary(s)]
    corpus = Corpus(chunks)
    views = complete_summaries(chunks)
    items = [
        RetrievedSummary(views[s.id], 1.0, 0.8, views[s.id].chunks[0], views[s.id].chunks)
        for s in summaries
    ]
    return items, corpus


def library_summary(summary_id: str) -> Summary:
    return load_library(LIBRARY).summaries[summary_id]


def coffee_answer(found: str, question: str) -> list[str]:
    """The first paragraph of a patient answer from the coffee summary with another
    What They Found section."""
    coffee = library_summary(COFFEE)
    items, corpus = retrieved(coffee.model_copy(update={"what_they_found": found}))
    body = compose_extractive(
        items, question, corpus.terms, corpus.idf, "patient", aspect_of(question)
    ).body
    return paragraphs(body)[0]


def paragraphs(body: str) -> list[list[str]]:
    """Each paragraph's sentences, without their [n] markers."""
    return [
        [s.strip() for s in re.split(r"\s*\[\d+\]\s*", para) if s.strip()]
        for para in body.split("\n\n")
    ]


def test_every_cited_summary_opens_with_its_key_takeaway() -> None:
    coffee, siponimod = library_summary(COFFEE), library_summary(SIPONIMOD)
    items, corpus = retrieved(coffee, siponimod)
    composed = compose_extractive(
        items, "does coffee or a pill change MS?", corpus.terms, corpus.idf, "patient"
    )
    body, passages = composed.body, composed.passages
    first, second = paragraphs(body)
    assert first[0] == split_sentences(coffee.key_takeaway)[0]
    assert second == [split_sentences(siponimod.key_takeaway)[0]]
    assert passages[2] == second[0]


def test_a_glossary_sentence_loses_to_a_result() -> None:
    found = (
        "Coffee is a drink made from roasted beans. "
        "People who drank the most coffee had lower odds of getting MS."
    )
    sentences = coffee_answer(found, "does drinking coffee lower the odds of MS?")
    assert "People who drank the most coffee had lower odds of getting MS." in sentences
    assert "Coffee is a drink made from roasted beans." not in sentences


def test_a_sentence_leaning_on_it_is_never_quoted_alone() -> None:
    found = (
        "The team also used a combined test of walking and thinking. "
        "Heavy coffee drinkers did better on it. "
        "Coffee drinkers had lower odds of MS in both groups studied."
    )
    sentences = coffee_answer(found, "did coffee drinkers do better?")
    # The most relevant sentence by its words, but "it" means nothing without the one before.
    assert "Heavy coffee drinkers did better on it." not in sentences
    assert "Coffee drinkers had lower odds of MS in both groups studied." in sentences


def test_this_or_these_pointing_back_is_never_quoted_alone() -> None:
    found = (
        "The team also recorded walking speed. "
        "Heavy coffee drinkers did better on this combined test. "
        "Coffee drinkers had lower odds of MS in this study."
    )
    sentences = coffee_answer(found, "did heavy coffee drinkers do better on the combined test?")
    assert "Heavy coffee drinkers did better on this combined test." not in sentences
    # "this study" is the summary's own study: the sentence stands alone.
    assert "Coffee drinkers had lower odds of MS in this study." in sentences


def test_a_leaning_sentence_follows_the_one_it_leans_on_once_that_is_in() -> None:
    found = (
        "The team also used a combined test of walking and thinking. "
        "Heavy coffee drinkers did better on it."
    )
    question = "did heavy coffee drinkers do better on the combined test of walking and thinking?"
    sentences = coffee_answer(found, question)
    leaning = sentences.index("Heavy coffee drinkers did better on it.")
    assert sentences[leaning - 1] == "The team also used a combined test of walking and thinking."


def test_a_sentence_that_only_repeats_the_chosen_ones_is_skipped() -> None:
    found = (
        "People who drank coffee were less likely to get MS. "
        "Coffee drinkers had lower odds of MS in both groups studied."
    )
    sentences = coffee_answer(found, "were people who drank coffee less likely to get MS?")
    # Every word of the first is already in the Key Takeaway, which always leads.
    assert "People who drank coffee were less likely to get MS." not in sentences
    assert "Coffee drinkers had lower odds of MS in both groups studied." in sentences


def test_a_sentence_restating_a_chosen_number_is_skipped() -> None:
    found = (
        "A total of 6,739 people took part in the coffee studies. "
        "Overall 6,739 people were in the coffee studies."
    )
    coffee = library_summary(COFFEE)
    items, corpus = retrieved(coffee.model_copy(update={"what_they_found": found}))
    question = "how many people were in the coffee studies?"
    # Clinicians' budget has room for every sentence here, so only the rule can drop one.
    body = compose_extractive(
        items, question, corpus.terms, corpus.idf, "clinician", aspect_of(question)
    ).body
    sentences = paragraphs(body)[0]
    restated = {
        "A total of 6,739 people took part in the coffee studies.",
        "Overall 6,739 people were in the coffee studies.",
    }
    assert len(restated & set(sentences)) == 1


SHRINKAGE = "Brain shrinkage was slowed by 23%."


def siponimod_paragraphs(question: str, focus: str, first: Summary) -> list[list[str]]:
    """The patient answer's paragraphs when ``first`` leads and siponimod may follow."""
    siponimod = library_summary(SIPONIMOD)
    order = [first] if first.id == SIPONIMOD else [first, siponimod]
    items, corpus = retrieved(*order)
    # The engine reads the aspect from the turn's own words (the follow-up's, if any).
    aspect = aspect_of(focus or question)
    composed = compose_extractive(
        items, question, corpus.terms, corpus.idf, "patient", aspect, focus=focus
    )
    body = composed.body
    return paragraphs(body)


def test_a_follow_up_quotes_what_a_later_lead_leaves_out() -> None:
    coffee = library_summary(COFFEE)
    question = "coffee pill MS: what about brain shrinkage?"
    plain = siponimod_paragraphs(question, "", coffee)
    followed = siponimod_paragraphs(question, "what about brain shrinkage?", coffee)
    lead = split_sentences(library_summary(SIPONIMOD).key_takeaway)[0]
    assert plain[1] == [lead]
    assert followed[1] == [lead, SHRINKAGE]
    assert followed[0] == plain[0]  # the coffee summary has no such sentence


def test_the_first_summary_swaps_a_pick_for_the_follow_up_aspect() -> None:
    siponimod = library_summary(SIPONIMOD)
    # The same retrieval question both times, so only the follow-up's own words differ.
    question = "siponimod pill for secondary progressive MS"
    plain = siponimod_paragraphs(question, "", siponimod)
    followed = siponimod_paragraphs(question, "and brain shrinkage?", siponimod)
    assert SHRINKAGE not in plain[0]
    assert SHRINKAGE in followed[0]
    assert len(followed[0]) == len(plain[0]) == 3


def test_a_follow_up_aspect_that_leans_on_its_neighbour_is_not_quoted() -> None:
    coffee = library_summary(COFFEE)
    followed = siponimod_paragraphs(
        "coffee pill MS: and walking speed?", "and walking speed?", coffee
    )
    assert all("walking speed" not in sentence for sentence in followed[1])


def _lacks(summary: Summary, question: str) -> str:
    items, _ = retrieved(summary)
    return lacks_detail(items[0].view, answer_type(question))


def test_a_detail_nothing_in_the_summary_gives_is_said_to_be_missing() -> None:
    """ "who paid?" of a summary that names no funder anywhere gets one plain sentence, not
    other findings that would read as the answer."""
    coffee = library_summary(COFFEE)
    assert _lacks(coffee, "who paid for it?") == (
        f"The summary “{coffee.title}” does not say who paid for the study."
    )
    # The siponimod caveats name the maker that paid: not missing, though not quoted.
    assert _lacks(library_summary(SIPONIMOD), "was it funded by the drug company?") == ""
    # A question form too often about something else claims nothing ("when did they feel
    # better?" does not ask for a year), nor does a question with no kind of detail.
    assert _lacks(coffee, "when did they feel better?") == ""
    assert _lacks(coffee, "did it help?") == ""


def test_when_a_study_was_run_and_how_often_a_drug_was_given_can_be_missing() -> None:
    """ "what years did the trial run?" asks the study's own dates, which a summary may
    not give; a year anywhere in it ("up to March 2010") keeps the claim back."""
    coffee = library_summary(COFFEE)
    for question in ("what years did the trial run?", "when was the study done?"):
        assert _lacks(coffee, question) == (
            f"The summary “{coffee.title}” does not say when the study was run."
        )
    dated = coffee.model_copy(update={"key_takeaway": "People were followed up to March 2010."})
    assert _lacks(dated, "what years did the trial run?") == ""
    assert _lacks(coffee, "how often did they take it?") == ""  # "cups a day"
    discoms = library_summary("discoms-stopping-dmt-older-adults")
    assert _lacks(discoms, "how often did they take it?") == (
        f"The summary “{discoms.title}” does not say how often the treatment was given."
    )


def test_a_missing_detail_is_claimed_only_when_no_word_may_speak_of_it() -> None:
    """The looser words guard the claim: a nationality is a place, "did not finish" is
    about people leaving, "two doses" is a dose, though no pattern picks them as answers."""
    plain = "People who drank more coffee had lower odds of MS. These are group results."
    coffee = library_summary(COFFEE).model_copy(
        update={
            "card": None,
            "key_takeaway": "Coffee was linked to lower odds of MS.",
            "who_should_care": "People who like coffee.",
            "important_considerations": "People recalled what they drank.",
        }
    )

    def lacks(text: str, question: str) -> str:
        return _lacks(coffee.model_copy(update={"what_they_found": text}), question)

    assert lacks(plain + " The study was run in Sweden.", "where was it done?") == ""
    assert lacks(plain, "where was it done?").endswith("does not say where the study was run.")
    assert lacks(plain + " It used a Swedish registry.", "where was it done?") == ""
    assert lacks(plain, "how many dropped out?").endswith("left the study.")
    assert lacks(plain + " In all, 12 people did not finish.", "how many dropped out?") == ""
    assert lacks(plain, "what dose?").endswith("does not give a dose.")
    assert lacks(plain + " Everyone had two doses.", "what dose?") == ""


def test_whether_a_treatment_is_approved_is_a_detail_a_summary_can_lack() -> None:
    """Research summaries rarely say whether a drug is approved where the reader lives;
    one that speaks of approval anywhere (its caveats too) is never said to lack it."""
    discoms = library_summary("discoms-stopping-dmt-older-adults")
    assert _lacks(discoms, "is it available on the nhs?") == (
        f"The summary “{discoms.title}” does not say whether the treatment is approved or "
        "available."
    )
    approved = discoms.model_copy(update={"important_considerations": "It is not approved."})
    assert _lacks(approved, "has it been approved?") == ""


def test_two_figures_in_common_are_the_same_result_however_worded() -> None:
    chosen = [
        "In SUNBEAM, few had grave side effects.",
        "In the OPERA trials, relapses fell from 0.29 to 0.16 a year, a drop of 46% and 47%.",
    ]
    takeaway = "Ocrelizumab lowered the yearly relapse rate by 46% and 47% against interferon."
    assert said_by(takeaway, chosen) == chosen[1]
    # Figures spread over several chosen sentences say something new together.
    assert said_by("People took 1.0 mg or 0.5 mg.", ["0.5 mg cut relapses.", "1.0 mg too."]) is None
    # Counts, weeks and years are shared by different results.
    nova = "In NOVA, 4.3% on drips each 6 weeks and 4.1% each 4 weeks had new spots."
    assert said_by("Attacks were the same with drips each 6 weeks as each 4 weeks.", [nova]) is None
