"""Answers composed from evidence cards: the aspect asked picks the findings."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FakeEmbeddings

from assistant.aspects import aspect_of
from assistant.compose import compose_extractive
from assistant.corpus import Corpus, complete_summaries
from assistant.engine import AnswerEngine
from assistant.evidence import (
    also_asked,
    compose_aspect,
    covers,
    evidence_table,
    pick_findings,
    table_markdown,
    tells,
)
from assistant.llm import source_block
from assistant.overview_route import as_implied
from assistant.retrieval import RetrievedSummary
from knowledge.chunking import chunk_summary
from knowledge.library import load_library
from knowledge.models import EvidenceCard, Finding, Summary
from knowledge.render import escape_markdown
from knowledge.settings import Settings

SUMMARIES = load_library(Settings(_env_file=None).library.directory).summaries  # type: ignore[call-arg]
ASCLEPIOS = "asclepios-ofatumumab-vs-teriflunomide"
OPERA = "opera-ocrelizumab-relapsing-ms"
COFFEE = "coffee-consumption-ms-risk-hedstrom-2016"


def retrieved(*summaries: Summary) -> tuple[list[RetrievedSummary], Corpus]:
    """The summaries as retrieval would hand them to the composer, best first."""
    chunks = [c for s in summaries for c in chunk_summary(s)]
    views = complete_summaries(chunks)
    items = [
        RetrievedSummary(views[s.id], 1.0, 0.8, views[s.id].chunks[0], views[s.id].chunks)
        for s in summaries
    ]
    return items, Corpus(chunks)


CARD = EvidenceCard(
    population="300 adults with relapsing MS",
    compared="drug X against placebo",
    length="2 years",
    findings=[
        Finding(aspect="benefit", text="Drug X also cut new MRI spots against placebo."),
        Finding(aspect="main", text="Drug X cut relapses against placebo."),
        Finding(aspect="harm", text="Drug X caused more headaches than placebo."),
        Finding(aspect="no_difference", text="Drug X did not slow disability against placebo."),
        Finding(aspect="design", text="The drug X trial ran in 12 countries."),
    ],
)


@pytest.mark.parametrize(
    ("question", "aspect"),
    [
        ("what about side effects?", "harm"),
        ("is it safe?", "harm"),
        ("who was in the study?", "who"),
        ("how long did they follow people?", "length"),
        ("how many people were in it?", "size"),
        ("how much does ocrevus cost?", "cost"),
        ("does ocrevus work?", "effect"),
        ("i had optic neuritis last year, does ocrevus work?", "effect"),  # a time, not a length
        ("does obesity raise the risk of ms?", "effect"),
    ],
)
def test_the_question_aspect_comes_from_its_words(question: str, aspect: str) -> None:
    assert aspect_of(question) == aspect
    assert compose_aspect(aspect_of(question)) == aspect


@pytest.mark.parametrize(
    ("question", "aspect"),
    [
        ("how long do people with ms live?", "outlook"),
        ("how long do you survive with multiple sclerosis", "outlook"),
        ("do women with ms live longer than men?", "outlook"),
        ("how long did the trial run?", "length"),
        ("how long were people followed?", "length"),
    ],
)
def test_how_long_people_live_asks_the_outlook_not_a_studys_length(
    question: str, aspect: str
) -> None:
    assert aspect_of(question) == aspect


@pytest.mark.parametrize(
    ("question", "aspect"),
    [
        ("what causes ms?", "cause"),
        ("is kesimpta better than aubagio?", "comparison"),
        ("what is the latest research on fatigue?", "recent"),
    ],
)
def test_aspects_without_card_fields_are_answered_with_the_main_result(
    question: str, aspect: str
) -> None:
    assert aspect_of(question) == aspect
    assert compose_aspect(aspect) == "effect"


def test_the_main_result_comes_first_with_its_balancing_finding_after_it() -> None:
    pick = pick_findings(CARD, "effect", budget=2)
    assert pick.sentences == [
        "Drug X cut relapses against placebo.",
        "Drug X did not slow disability against placebo.",
    ]


def test_side_effect_questions_get_harm_findings_and_a_lack_is_reported() -> None:
    assert pick_findings(CARD, "harm", budget=3).sentences == [
        "Drug X caused more headaches than placebo."
    ]
    no_harm = CARD.model_copy(update={"findings": [f for f in CARD.findings if f.aspect != "harm"]})
    pick = pick_findings(no_harm, "harm", budget=3)
    assert pick.lacks_aspect
    assert pick.sentences[0] == "Drug X cut relapses against placebo."


def test_who_and_how_long_answer_from_the_card_fields() -> None:
    who = pick_findings(CARD, "who", 2, focused=True).sentences
    assert who[0] == "People studied: 300 adults with relapsing MS."
    length = pick_findings(CARD, "length", 2, focused=True).sentences
    assert length == ["Length of the study: 2 years."]


def test_a_question_of_its_own_gets_the_field_beside_the_main_result() -> None:
    # "does CBT help my tiredness, and does the effect last?" was answered with the
    # trial's length alone; a new question gets the result too.
    sentences = pick_findings(CARD, "length", 2).sentences
    assert sentences[0] == "Length of the study: 2 years."
    assert "Drug X cut relapses against placebo." in sentences


def test_a_field_given_as_not_reported_is_never_quoted_as_an_answer() -> None:
    unknown = CARD.model_copy(update={"length": "not reported"})
    assert not covers(unknown, "length") and covers(CARD, "length")
    follow_up = pick_findings(unknown, "length", 2, focused=True)
    assert follow_up.lacks_aspect  # the answer says the summary does not say
    assert not any("not reported" in s for s in follow_up.sentences)
    first_turn = pick_findings(unknown, "length", 2).sentences
    assert first_turn[0] == "Drug X cut relapses against placebo."


def test_findings_quoted_earlier_are_not_quoted_again() -> None:
    first = pick_findings(CARD, "effect", budget=2).sentences
    again = pick_findings(CARD, "effect", budget=2, quoted=first).sentences
    assert not set(first) & set(again)


def test_a_finding_asked_for_again_is_said_again_and_nothing_else_is() -> None:
    """ "what was the relapse cut on it again?" after an answer that gave it: the finding
    that carries the follow-up's words is the answer, though it was quoted; findings that
    only the earlier answer gave are not repeated with it."""
    first = pick_findings(CARD, "effect", budget=2).sentences
    assert "Drug X cut relapses against placebo." in first

    def relevance(text: str) -> float:
        return 3.0 if "relapses" in text else 0.0

    again = pick_findings(CARD, "effect", 2, quoted=first, relevance=relevance, focused=True)
    assert again.sentences[0] == "Drug X cut relapses against placebo."
    assert len(again.sentences) == 2  # with something new beside it, not a replay
    assert not set(again.sentences[1:]) & set(first)


def test_a_new_finding_carrying_the_words_wins_over_one_said_before() -> None:
    first = pick_findings(CARD, "effect", budget=2).sentences

    def relevance(text: str) -> float:  # both carry the words, the quoted one no more
        return 3.0 if "placebo" in text else 0.0

    again = pick_findings(CARD, "effect", 3, quoted=first, relevance=relevance, focused=True)
    assert again.sentences and not set(again.sentences) & set(first)


def test_a_question_of_its_own_asking_what_was_said_before_gets_it_first() -> None:
    """ "how many hours of summer sun a week counted as a lot?" after an answer that said
    "over 10 hours a week": that finding opens the answer again, not a caveat."""
    sun = SUMMARIES["sun-exposure-life-course-ms-risk-tremlett-2018"]
    assert sun.card is not None
    hours = next(f.text for f in sun.card.findings if "10 hours" in f.text)
    items, corpus = retrieved(sun)
    question = "how many hours of summer sun a week counted as a lot for those girls?"
    composed = compose_extractive(
        items, question, corpus.terms, corpus.idf, "patient", quoted=[hours]
    )
    assert composed.body.startswith(hours)


@pytest.mark.parametrize("aspect", ["harm", "who", "length", "size"])
def test_an_aspect_quoted_before_is_said_again_never_called_unreported(aspect: str) -> None:
    # "what did the trial show?" quoted the harm finding; "side effects?" asked next must
    # not be told the summary reports none (a false statement about the research).
    on_aspect = pick_findings(CARD, aspect, budget=3, focused=True).sentences  # type: ignore[arg-type]
    earlier = pick_findings(CARD, aspect, budget=3).sentences  # type: ignore[arg-type]
    assert set(on_aspect) <= set(earlier)
    again = pick_findings(CARD, aspect, budget=3, quoted=earlier, focused=True)  # type: ignore[arg-type]
    assert not again.lacks_aspect
    assert set(on_aspect) <= set(again.sentences)


def test_a_follow_up_on_an_aspect_the_card_lacks_says_so_first() -> None:
    coffee = SUMMARIES[COFFEE]
    assert coffee.card is not None and not coffee.card.of_aspect("harm")
    items, corpus = retrieved(coffee)
    focus = "side effects"
    composed = compose_extractive(
        items, "coffee ms risk side effects", corpus.terms, corpus.idf, "patient",
        aspect=aspect_of(focus), focus=focus,
    )  # fmt: skip
    assert composed.body.startswith(f"The summary “{coffee.title}” does not report side effects")


def test_a_question_naming_a_study_is_told_what_it_lacks_but_not_one_naming_nothing() -> None:
    """ "how much does ocrevus cost?" was answered with OPERA's relapse figures, which read
    as the answer. Asked of its own about a summary it names, a summary with nothing on
    the aspect says so first, as in a follow-up; a question naming no study does not
    turn every cited summary into a list of what it lacks."""
    opera = SUMMARIES[OPERA]
    items, corpus = retrieved(opera)
    question = "how much does ocrevus cost?"

    def body(named: frozenset[str]) -> str:
        return compose_extractive(
            items, question, corpus.terms, corpus.idf, "patient", aspect_of(question),
            named=named,
        ).body  # fmt: skip

    lacks = f"The summary “{opera.title}” does not report costs or prices."
    assert body(frozenset({OPERA})).startswith(lacks)
    assert lacks not in body(frozenset())


def test_a_second_aspect_answered_in_part_by_the_first_never_leads_with_its_caveat() -> None:
    """ "is most of the cost the medical bills or something else?" asks costs and the main
    result: the cost findings include the main result, so the main result's caveat must
    come after it, not first."""
    costs = CARD.model_copy(
        update={
            "findings": [
                Finding(aspect="main", text="Drug X cost 100 dollars a year."),
                Finding(aspect="limitation", text="The drug X costs came from a survey."),
            ]
        }
    )
    items, _ = retrieved(SUMMARIES[OPERA].model_copy(update={"card": costs}))
    item = items[0]
    chosen = pick_findings(costs, "cost", 2).sentences
    assert chosen[0] == "Drug X cost 100 dollars a year."
    both = also_asked(item, "cost", ["effect", "cost"], chosen, ())
    assert both[0] == "Drug X cost 100 dollars a year."


def test_a_summary_whose_text_speaks_of_costs_is_never_said_to_lack_them() -> None:
    """Costs are told by a finding's words, not its label, and a claim of absence is
    checked against everything the summary says (its chunks as well as its card)."""
    costs = CARD.model_copy(
        update={"findings": [*CARD.findings, Finding(aspect="result", text="Drug X cost less.")]}
    )
    assert covers(costs, "cost") and not covers(CARD, "cost")
    assert pick_findings(costs, "cost", 2).sentences[0] == "Drug X cost less."
    assert tells(["The yearly price was high."], "cost")
    assert not tells(["The yearly price was high."], "harm")


@pytest.mark.parametrize(
    ("question", "first_aspect"),
    [
        ("what is known about fingolimod and the heart?", "harm"),
        ("did fingolimod cut relapses in the freedoms trial?", "main"),
        # Common words ("go", "down") name no concern of their own.
        ("did relapses go down on fingolimod?", "main"),
    ],
)
def test_a_finding_on_what_the_question_asks_beyond_the_main_result_comes_first(
    question: str, first_aspect: str
) -> None:
    freedoms = SUMMARIES["freedoms-fingolimod-placebo"]
    assert freedoms.card is not None
    items, _ = retrieved(freedoms)
    # Word weights from the whole library, as in the product.
    _, corpus = retrieved(*SUMMARIES.values())
    composed = compose_extractive(items, question, corpus.terms, corpus.idf, "patient")
    first = next(f for f in freedoms.card.findings if f.aspect == first_aspect)
    assert composed.body.startswith(first.text)
    main = next(f.text for f in freedoms.card.findings if f.aspect == "main")
    assert main in composed.body  # the main result is still said


def test_card_answers_pass_the_card_at_a_glance_as_the_citation_passage() -> None:
    asclepios = SUMMARIES[ASCLEPIOS]
    items, corpus = retrieved(asclepios)
    composed = compose_extractive(items, "kesimpta vs aubagio", corpus.terms, corpus.idf, "patient")
    assert composed.passages[1].startswith("People: 1,882 adults")
    assert composed.passages[1] not in composed.body
    assert composed.quoted and all(q in composed.body for q in composed.quoted)


def test_two_cited_trials_get_an_evidence_table_one_does_not() -> None:
    items, _ = retrieved(SUMMARIES[OPERA], SUMMARIES[ASCLEPIOS])
    rows = evidence_table(list(enumerate(items, start=1)), comparison=False)
    assert [r.n for r in rows] == [1, 2]
    assert rows[1].main_result.startswith("In the ASCLEPIOS trials")
    assert evidence_table([(1, items[0])], comparison=True) == []
    observational, _ = retrieved(SUMMARIES[COFFEE], SUMMARIES[ASCLEPIOS])
    assert evidence_table(list(enumerate(observational, 1)), comparison=False) == []
    assert len(evidence_table(list(enumerate(observational, 1)), comparison=True)) == 2


def test_the_table_escapes_untrusted_cells() -> None:
    items, _ = retrieved(SUMMARIES[OPERA], SUMMARIES[ASCLEPIOS])
    rows = evidence_table(list(enumerate(items, start=1)), comparison=True)
    hostile = rows[0].model_copy(update={"study": "[click](http://x) | <b>"})
    text = table_markdown([hostile, rows[1]], escape=escape_markdown)
    assert "[click](http" not in text and "<b>" not in text
    lines = text.splitlines()
    assert lines[0].count(" | ") == 2  # one column per study, the pipe added none
    assert lines[2].startswith("| Design | randomized controlled trial |")


def test_a_chat_model_gets_the_cards_of_the_cited_summaries() -> None:
    items, _ = retrieved(SUMMARIES[ASCLEPIOS])
    block = source_block(items)
    assert "People: 1,882 adults" in block
    assert "- (harm) Shot reactions hit 20.2%" in block
    assert "What they found:" not in block


def test_a_broad_question_gets_its_overview_with_caveats(bundled_engine: AnswerEngine) -> None:
    answer = bundled_engine.answer("is there a cure for ms yet?")
    assert answer.overview_id == "overview-cure"
    assert answer.body.startswith("No study in this library shows a cure for MS")
    assert len(answer.citations) >= 3
    corpus = bundled_engine.retriever.corpus
    for citation in answer.citations:
        assert citation.caveats == corpus.summaries[citation.summary_id].caveats
        assert citation.summary_id in answer.retrieved
        assert f"[{citation.n}]" in answer.body


def test_a_study_nearer_than_the_topic_overview_answers_instead(
    bundled_engine: AnswerEngine,
) -> None:
    """A question as near a topic overview as a broad one can be, but nearer still to
    one study, is that study's question; a broad one on the same topic keeps the
    overview."""
    salt = bundled_engine.answer("does eating a lot of salt lead to more ms relapses?")
    assert salt.overview_id is None
    assert salt.citations[0].summary_id == "sodium-intake-ms-activity-benefit-fitzgerald-2017"
    step = next(s for s in salt.trace if s.rule == "broad_route")
    assert step.verdict == "no" and "than a study" in step.reason
    assert bundled_engine.answer("is a high salt diet bad for ms?").overview_id == "overview-diet"


def test_an_overview_speaking_of_none_of_the_subject_and_citing_none_found_is_no_answer(
    bundled_engine: AnswerEngine,
) -> None:
    """ "how is ms diagnosed" came as near the cure overview's phrasing (0.81) as a
    question about a cure does, and got "No study in this library shows a cure for MS";
    that overview never speaks of diagnosis nor cites the diagnosis studies found."""
    diagnosed = bundled_engine.answer("how is ms diagnosed")
    assert diagnosed.overview_id is None
    assert "mcdonald-criteria-2017-revisions-thompson-2018" in [
        c.summary_id for c in diagnosed.citations
    ]
    step = next(s for s in diagnosed.trace if s.rule == "broad_route")
    assert step.verdict == "no" and "speaks of none of diagnosed" in step.reason
    assert bundled_engine.answer("can ms be cured yet?").overview_id == "overview-cure"
    # Slang the overview never uses: it still answers, citing the study found nearest.
    geezer = bundled_engine.answer("will my ms get worse cos i'm a geezer?")
    assert geezer.overview_id == "overview-outlook"
    # Slang the lexicon reads ("bloke": men) asks the study of men and women instead.
    bloke = bundled_engine.answer("will my ms get worse quicker cos i'm a bloke?")
    assert bloke.overview_id is None
    assert bloke.citations[0].summary_id == "male-sex-faster-disability-msbase-ribbons-2015"


def test_a_treatment_added_to_another_is_not_a_comparison(bundled_engine: AnswerEngine) -> None:
    """ "can vitamin d help if im on ocrevus?" asks about vitamin D for someone on
    ocrelizumab: no note that the studies cannot compare the two directly."""
    added = bundled_engine.answer("can vitamin d help if im on ocrevus?")
    assert "cannot compare the two directly" not in added.answer
    assert any("vitamin-d" in c.summary_id for c in added.citations)
    compared = bundled_engine.answer("is tysabri or ocrevus better?")
    assert "cannot compare the two directly" in compared.answer


@pytest.mark.parametrize(
    ("question", "overview"),
    [
        ("is there a cure", "overview-cure"),
        ("what treatments are there", "overview-treatments-work"),
        ("what causes it?", "overview-causes"),
    ],
)
def test_a_broad_question_leaving_ms_unsaid_is_read_as_about_ms(
    bundled_engine: AnswerEngine, monkeypatch: pytest.MonkeyPatch, question: str, overview: str
) -> None:
    """On a site about MS, "is there a cure" asks about a cure for MS. The overviews'
    phrasings name MS, and the question alone came under their threshold (0.60 for the
    cure overview) and abstained; read with the implied subject it gets the overview."""
    assert bundled_engine.answer(question).overview_id == overview
    settings = bundled_engine.settings
    retrieval = settings.retrieval.model_copy(update={"implied_subject": ""})
    monkeypatch.setattr(
        bundled_engine, "settings", settings.model_copy(update={"retrieval": retrieval})
    )
    assert bundled_engine.answer(question).overview_id is None


def test_the_implied_subject_is_added_only_when_no_condition_is_named() -> None:
    assert as_implied("is there a cure", "ms") == "is there a cure (ms)"
    for named in ("is there a cure for ms", "is multiple sclerosis curable", "is nmosd curable"):
        assert as_implied(named, "ms") == named
    assert as_implied("is there a cure", "") == "is there a cure"


def test_a_broad_question_about_a_thing_no_summary_names_gets_no_overview(
    bundled_engine: AnswerEngine,
) -> None:
    """ "does acupuncture help?" came near the exercise overview (0.60) with no study near:
    that overview is not about acupuncture, and the answer says the library lacks it."""
    answer = bundled_engine.answer("does acupuncture help?")
    assert answer.overview_id is None and not answer.citations
    step = next(s for s in answer.trace if s.rule == "broad_route")
    assert "no summary names acupuncture" in step.reason


def test_a_question_naming_a_drug_is_not_broad(bundled_engine: AnswerEngine) -> None:
    answer = bundled_engine.answer("does ocrelizumab cure ms?")
    assert answer.overview_id is None
    assert answer.citations[0].summary_id in {
        "opera-ocrelizumab-relapsing-ms",
        "oratorio-ocrelizumab-ppms",
    }


def test_a_follow_up_adds_what_is_new_instead_of_repeating(bundled_engine: AnswerEngine) -> None:
    first = bundled_engine.answer("how does kesimpta compare to aubagio?")
    second = bundled_engine.answer("what about side effects?", [first.as_turn()])
    assert second.citations[0].summary_id == ASCLEPIOS
    assert "Shot reactions" in second.body
    assert not set(first.quoted) & set(second.quoted)
    again = bundled_engine.answer(
        "how does kesimpta compare to aubagio?", [first.as_turn(), second.as_turn()]
    )
    assert again.body == first.body  # asked again: said again


def test_comparing_two_trials_shows_an_evidence_table(bundled_engine: AnswerEngine) -> None:
    answer = bundled_engine.answer("ocrelizumab versus ofatumumab")
    assert len(answer.evidence_table) >= 2
    assert {r.n for r in answer.evidence_table} <= {c.n for c in answer.citations}


def test_a_follow_up_with_no_subject_of_its_own_is_answered_from_the_last_turn(
    bundled_engine: AnswerEngine,
) -> None:
    first = bundled_engine.answer("tell me about natalizumab")
    second = bundled_engine.answer("what are the side effects?", [first.as_turn()])
    assert not second.abstained  # it used to say "no summary"
    assert [c.summary_id for c in second.citations] == [c.summary_id for c in first.citations]
    assert all(c.summary_id in second.retrieved for c in second.citations)
    harms = {
        f.text
        for c in second.citations
        for f in SUMMARIES[c.summary_id].card.findings  # type: ignore[union-attr]
        if f.aspect == "harm"
    }
    assert harms and any(h in second.body for h in harms)


def test_overview_phrasings_are_embedded_once_across_starts(tmp_path: Path) -> None:
    """Every process start used to embed the overviews' phrasings again (0.6 s)."""
    from assistant.overview_route import OverviewIndex
    from knowledge.overviews import load_overviews

    overviews = list(load_overviews(Settings().library.overviews).overviews.values())
    first, again = FakeEmbeddings(), FakeEmbeddings()
    started = OverviewIndex(overviews, first, tmp_path)
    restarted = OverviewIndex(overviews, again, tmp_path)
    assert len(first.embedded) > len(overviews) and again.embedded == []
    asked = [first.embed_query(overviews[1].questions[0])]
    match = started.nearest(asked)
    assert match is not None and match == restarted.nearest(asked)
    assert match.overview.id == overviews[1].id


def test_asking_for_the_treatment_options_gets_the_treatments_overview(
    bundled_engine: AnswerEngine,
) -> None:
    """The commonest question after a diagnosis: not a cure, not whatever shares a word
    (it once cited a study of stopping drugs after 55)."""
    answer = bundled_engine.answer(
        "my wife was just diagnosed with relapsing ms, what are her treatment options?"
    )
    assert answer.overview_id == "overview-treatments-work"
    cited = [c.summary_id for c in answer.citations]
    assert "discoms-stopping-dmt-older-adults" not in cited
    # She has relapsing MS: the point on progressive-MS trials is left out, the rest stay.
    assert "opera-ocrelizumab-relapsing-ms" in cited and "temso-teriflunomide" in cited
    assert not {"oratorio-ocrelizumab-ppms", "spi2-high-dose-biotin-progressive"} & set(cited)
    assert "progressive MS a bit" not in answer.answer
    asked = bundled_engine.answer("what treatments are there for ms?")
    assert "oratorio-ocrelizumab-ppms" in [c.summary_id for c in asked.citations]


@pytest.mark.parametrize(
    ("question", "kept", "left_out"),
    [
        ("what treatments are there for ppms?", {"oratorio-ocrelizumab-ppms"},
         {"expand-siponimod-spms", "hercules-tolebrutinib-nrspms"}),
        # "progressive" alone is both progressive kinds: nothing is left out.
        ("what treatments are there for progressive ms?",
         {"oratorio-ocrelizumab-ppms", "expand-siponimod-spms"}, set()),
    ],
)  # fmt: skip
def test_an_overview_answer_keeps_the_points_on_the_kind_of_ms_asked(
    bundled_engine: AnswerEngine, question: str, kept: set[str], left_out: set[str]
) -> None:
    answer = bundled_engine.answer(question)
    cited = {c.summary_id for c in answer.citations}
    assert answer.overview_id == "overview-progressive-ms"
    assert kept <= cited and not left_out & cited
    assert any(
        step.rule == "broad_route" and step.verdict == "narrowed" for step in answer.trace
    ) == bool(left_out)


def test_asking_what_one_can_do_oneself_gets_the_self_care_overview(
    bundled_engine: AnswerEngine,
) -> None:
    """ "what can i do myself to stay well?" had no overview and got "no summary"."""
    answer = bundled_engine.answer("what can i do myself to stay well with ms?")
    assert answer.overview_id == "overview-self-care"
    cited = {c.summary_id for c in answer.citations}
    assert {"exercise-balance-walking-fatigue-meta-analysis-du-2024"} <= cited
    assert answer.body.startswith("No study here tests a whole healthy way of life")


def test_an_overview_with_no_point_on_the_kind_asked_is_given_whole() -> None:
    """Leaving out every point would leave an opening with nothing cited."""
    from assistant.overview_route import points_for
    from knowledge.overviews import load_overviews

    overview = load_overviews(Settings().library.overviews).overviews["overview-progressive-ms"]
    relapsing = points_for(overview, "i have relapsing ms, what helps?", {})
    assert relapsing == list(overview.points)
