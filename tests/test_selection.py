"""Which retrieved summaries an answer cites: comparisons, recency, missing subjects."""

from __future__ import annotations

from pathlib import Path

from assistant.corpus import Corpus, complete_summaries
from assistant.missing_subject import Decision, missing_subject
from assistant.models import Audience
from assistant.question import QuestionFacts, analyse
from assistant.retrieval import Retrieval, RetrievedSummary
from assistant.selection import (
    about_named_drugs,
    answers_first,
    compared_apart,
    cover_compared,
    newest_first,
    select_summaries,
)
from assistant.vocabulary import vocabulary_of
from knowledge.chunking import chunk_summary
from knowledge.library import load_library
from knowledge.models import Summary
from knowledge.settings import RetrievalSettings

LIBRARY = Path(__file__).parent / "data" / "engine-library"


def drug_summaries() -> list[Summary]:
    """Four fixture summaries whose Key Takeaways name drugs: three on siponimod, then one
    on natalizumab."""
    library = load_library(LIBRARY).summaries
    # Summaries that name no drug anywhere else, so each lead decides what it carries.
    base = [
        library[i]
        for i in (
            "adolescent-obesity-ms-risk-nurses-health-munger-2009",
            "amiria-internet-cbt-depression-ms-gold-2023",
            "coffee-consumption-ms-risk-hedstrom-2016",
            "mindfulness-training-ms-quality-of-life-grossman-2010",
        )
    ]
    leads = [
        "Siponimod slowed disability worsening.",
        "Siponimod lowered the yearly relapse rate.",
        "Siponimod slowed brain shrinkage.",
        "Natalizumab cut new brain lesions.",
    ]
    return [
        s.model_copy(update={"key_takeaway": lead}) for s, lead in zip(base, leads, strict=True)
    ]


def ranked(summaries: list[Summary]) -> tuple[Retrieval, Corpus]:
    """A retrieval that found the summaries in this order, with its corpus."""
    chunks = [c for s in summaries for c in chunk_summary(s)]
    views = complete_summaries(chunks)
    found = [
        RetrievedSummary(views[s.id], 1.0 - i / 10, 0.6, views[s.id].chunks[0])
        for i, s in enumerate(summaries)
    ]
    return Retrieval(found, [], 1.0), Corpus(chunks)


def facts(question: str, corpus: Corpus) -> QuestionFacts:
    return analyse(question, vocabulary_of(corpus), corpus)


def ids(items: list[RetrievedSummary]) -> list[str]:
    return [s.view.id for s in items]


def cover(
    top: list[RetrievedSummary], retrieval: Retrieval, question: str, corpus: Corpus
) -> tuple[list[RetrievedSummary], Decision]:
    decision = Decision()
    cited = cover_compared(top, retrieval, facts(question, corpus), RetrievalSettings(), decision)
    return cited, decision


def test_a_comparison_cites_a_study_of_each_drug() -> None:
    summaries = drug_summaries()
    retrieval, corpus = ranked(summaries)
    top3 = retrieval.summaries[:3]
    cited, decision = cover(top3, retrieval, "is siponimod or natalizumab better?", corpus)
    assert ids(cited) == [summaries[0].id, summaries[1].id, summaries[3].id]
    assert [(s.rule, s.verdict) for s in decision.steps] == [("cover_compared", "cite")]


def test_brand_names_compare_as_their_drugs() -> None:
    summaries = drug_summaries()
    retrieval, corpus = ranked(summaries)
    asked = facts("is mayzent or tysabri better?", corpus)
    assert set(asked.drugs) == {"siponimod", "natalizumab"} and asked.compares
    cited, _ = cover(retrieval.summaries[:3], retrieval, "is mayzent or tysabri better?", corpus)
    assert ids(cited) == [summaries[0].id, summaries[1].id, summaries[3].id]


def test_a_question_about_one_drug_keeps_its_best_matches() -> None:
    retrieval, corpus = ranked(drug_summaries())
    top3 = retrieval.summaries[:3]
    cited, decision = cover(top3, retrieval, "does siponimod help?", corpus)
    assert cited == top3 and decision.steps == []


def test_a_question_naming_a_drug_cites_only_summaries_reporting_on_it() -> None:
    """A summary that reports on a named drug (in its lead or What They Found, hyphenated
    too) stays; one that shares the question's other words, or names the drug only in a
    caveat, is cut, with the reason on the trace."""
    siponimod, natalizumab, caveat_only, _ = drug_summaries()
    natalizumab = natalizumab.model_copy(
        update={
            "key_takeaway": "Walking speed rose in a rehabilitation study.",
            "what_they_found": "Natalizumab-treated people walked faster after a year.",
        }
    )
    caveat_only = caveat_only.model_copy(
        update={
            "key_takeaway": "Walking training made people walk faster.",
            "important_considerations": "The training was not compared with siponimod.",
        }
    )
    retrieval, corpus = ranked([siponimod, natalizumab, caveat_only])
    chosen = retrieval.summaries
    for question, kept in [
        ("does mayzent help walking?", [siponimod.id]),
        ("does tysabri help walking?", [natalizumab.id]),
        ("does walking training help?", ids(chosen)),  # names no drug: left as it is
    ]:
        decision = Decision()
        assert ids(about_named_drugs(chosen, facts(question, corpus), decision)) == kept
        cut = [s.view.id for s in chosen if s.view.id not in kept]
        assert [(s.rule, s.verdict) for s in decision.steps] == (
            [("named_drugs", "cut")] if cut else []
        )
        assert all(sid in decision.steps[0].reason for sid in cut)


def test_drugs_no_cited_study_compared_are_named() -> None:
    summaries = drug_summaries()
    retrieval, corpus = ranked(summaries)
    cited = [retrieval.summaries[0], retrieval.summaries[3]]
    question = facts("is siponimod or natalizumab better?", corpus)
    assert compared_apart(cited, question, corpus) == ["natalizumab", "siponimod"]
    assert compared_apart(cited, facts("does siponimod help?", corpus), corpus) == []
    assert compared_apart([], question, corpus) == []  # an abstention cites nothing


def test_a_study_of_both_drugs_is_cited_first_and_needs_no_note() -> None:
    summaries = drug_summaries()
    head_to_head = summaries[3].model_copy(
        update={"key_takeaway": "Natalizumab and siponimod were compared head to head."}
    )
    retrieval, corpus = ranked([*summaries[:3], head_to_head])
    question = "is siponimod or natalizumab better?"
    top3 = retrieval.summaries[:3]
    cited, decision = cover(top3, retrieval, question, corpus)
    assert ids(cited) == [head_to_head.id, summaries[0].id, summaries[1].id]
    assert decision.steps[0].verdict == "cite first"
    assert compared_apart(cited, facts(question, corpus), corpus) == []


def test_a_cited_study_naming_both_drugs_anywhere_needs_no_note() -> None:
    summaries = drug_summaries()
    both = summaries[0].model_copy(
        update={"what_they_found": "Some people had taken natalizumab before. " * 2}
    )
    retrieval, corpus = ranked([both, *summaries[1:]])
    question = facts("is siponimod or natalizumab better?", corpus)
    assert compared_apart([retrieval.summaries[0]], question, corpus) == []
    assert compared_apart([retrieval.summaries[1]], question, corpus) == [
        "natalizumab",
        "siponimod",
    ]


def test_recent_research_questions_cite_the_newest_first() -> None:
    retrieval, corpus = ranked(drug_summaries())
    found = retrieval.summaries
    newest = sorted(found, key=lambda s: s.view.published, reverse=True)
    assert newest != found  # the fixture's ranking is not already by date
    for question, expected in [
        ("any recent studies on siponimod?", newest),
        ("what is the latest on siponimod?", newest),
        ("does siponimod help?", found),
    ]:
        decision = Decision()
        assert newest_first(found, facts(question, corpus), decision) == expected, question
        assert bool(decision.steps) is (expected is newest)


def test_a_trial_name_in_capitals_no_summary_uses_is_missing_even_for_clinicians() -> None:
    retrieval, corpus = ranked(drug_summaries())
    config = RetrievalSettings()

    def misses(question: str, audience: Audience) -> bool:
        decision = Decision()
        missing = missing_subject(
            retrieval, facts(question, corpus), audience, corpus, config, decision
        )
        assert bool(decision.steps) is (missing or bool(decision.asked_of_drug))
        return missing

    missing = "What did the ZORBLAX trial show for siponimod?"
    assert misses(missing, "clinician")
    assert misses(missing, "patient")  # a trial name in capitals: a study the library lacks
    # Clinicians' lower-case technical words are not taken as a missing subject.
    technical = "What did the zorblax trial show for siponimod?"
    assert not misses(technical, "clinician")
    # For a patient, a lower-case word no summary uses is asked of the drug named: the
    # answer says the siponimod summary does not mention it (assistant/unmentioned.py).
    assert not misses(technical, "patient")
    assert misses("What did the ZORBLAX trial show?", "patient")  # no drug named


def test_the_rules_leave_a_trace_of_why() -> None:
    retrieval, corpus = ranked(drug_summaries())
    config = RetrievalSettings()
    missing = select_summaries(
        retrieval, facts("What did the ZORBLAX trial show?", corpus), "patient", corpus, config
    )
    assert missing.cited == []
    assert [(s.rule, s.verdict) for s in missing.steps] == [("missing_subject", "abstain")]
    assert "zorblax" in missing.steps[0].reason
    found = select_summaries(
        retrieval, facts("did siponimod slow disability?", corpus), "patient", corpus, config
    )
    # The three siponimod studies, each cited by the close_enough rule with its reason.
    assert ids(found.cited) == ids(retrieval.summaries[:3])
    assert [(s.rule, s.verdict) for s in found.steps] == [("close_enough", "cite")] * 3
    assert all(
        s.reason.startswith(c.view.id) for s, c in zip(found.steps, found.cited, strict=True)
    )
    nothing = select_summaries(
        Retrieval([], [], 1.0), facts("does siponimod help?", corpus), "patient", corpus, config
    )
    assert nothing.cited == [] and nothing.steps[0].rule == "too_far"


def test_summaries_reporting_what_is_asked_are_cited_first() -> None:
    """Of two ocrelizumab studies, the one whose findings report infections comes first
    for a question about infections, whatever their rank; a question both answer keeps
    the ranked order."""
    from knowledge.settings import Settings

    library = load_library(Settings(_env_file=None).library.directory).summaries  # type: ignore[call-arg]
    chunks = [c for s in library.values() for c in chunk_summary(s)]
    views, corpus = complete_summaries(chunks), Corpus(chunks)
    order = ["veloce-ocrelizumab-vaccine-responses-bar-or-2020", "opera-ocrelizumab-relapsing-ms"]
    found = [RetrievedSummary(views[i], 0.6, 0.6, views[i].chunks[0]) for i in order]
    decision = Decision()
    cited = answers_first(found, facts("does ocrevus cause infections?", corpus), corpus, decision)
    assert ids(cited) == order[::-1]
    assert [(s.rule, s.verdict) for s in decision.steps] == [("answers_first", "order")]
    assert "infect" in decision.steps[0].reason
    kept = answers_first(found, facts("does ocrevus work?", corpus), corpus, Decision())
    assert ids(kept) == order
    # Generic words ("does", "mean", "get") ask nothing of a finding: they once put the
    # mimicry lab study before the risk study that ranked first.
    mono = ["ebv-ms-risk-us-military-bjornevik-2022", "ebna1-glialcam-molecular-mimicry-lanz-2022"]
    ranked = [RetrievedSummary(views[i], 0.6, 0.6, views[i].chunks[0]) for i in mono]
    asked = facts("i had mono when i was 16. does that mean im going to get MS?", corpus)
    assert ids(answers_first(ranked, asked, corpus, Decision())) == mono


def test_what_a_follow_up_asks_of_the_carried_drug_is_weighed_without_the_carried_words() -> None:
    """ "grapefruit ok with it?" after a siponimod answer is searched with siponimod's words
    carried; those words are not its subject. Weighed against its own words, grapefruit,
    which no summary uses, is what it asks of the drug: the answer says the summaries do
    not mention it, and nothing is abstained."""
    retrieval, corpus = ranked(drug_summaries())
    config = RetrievalSettings()
    searched = facts("siponimod secondary progressive disability: grapefruit ok with it?", corpus)
    own = facts("grapefruit ok with it?", corpus)
    carried_only = select_summaries(retrieval, searched, "patient", corpus, config)
    assert carried_only.asked_of_drug == () and carried_only.cited
    decision = select_summaries(retrieval, searched, "patient", corpus, config, own)
    assert decision.asked_of_drug == ("grapefruit",) and decision.cited
    assert ("missing_subject", "asked of the drug") in [(s.rule, s.verdict) for s in decision.steps]
    # A turn of its own with an unused word and no drug carried still abstains.
    alone = facts("grapefruit ok for ms?", corpus)
    assert select_summaries(retrieval, alone, "patient", corpus, config, alone).cited == []


def test_a_follow_ups_carried_words_are_not_weighed_again_as_missing() -> None:
    """The words carried from the last turn were weighed when it was answered: words no
    summary uses among them ("zorblax quibbet") do not make the follow-up "who paid for
    it?" abstain as missing, as they would a question of its own."""
    retrieval, corpus = ranked(drug_summaries())
    config = RetrievalSettings()
    searched = facts("zorblax quibbet: who paid for it?", corpus)
    alone = select_summaries(retrieval, searched, "patient", corpus, config)
    assert [s.rule for s in alone.steps] == ["missing_subject"]
    own = facts("who paid for it?", corpus)
    decision = select_summaries(retrieval, searched, "patient", corpus, config, own)
    assert "missing_subject" not in [s.rule for s in decision.steps]
