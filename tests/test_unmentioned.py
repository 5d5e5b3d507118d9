"""What a question asks of a treatment that its cited summaries never mention is said
plainly first (assistant/unmentioned.py), and the grader checks such a claim on its own
(evals/absence.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.asked_things import asked_things, asks_what_it_does
from assistant.compose import summary_texts
from assistant.corpus import Corpus
from assistant.engine import AnswerEngine
from assistant.question import QuestionFacts, analyse
from assistant.unmentioned import unmentioned, unmentioned_sentence
from assistant.vocabulary import vocabulary_of
from evals.absence import true_absence

Analyse = Callable[[str], QuestionFacts]
OFATUMUMAB = "asclepios-ofatumumab-vs-teriflunomide"
CLADRIBINE = "clarity-cladribine-tablets"
SHINGLES_REPORTS = "herpes-zoster-reports-ms-dmts-faers-balshi-2025"


@pytest.fixture(scope="module")
def corpus(bundled_engine: AnswerEngine) -> Corpus:
    return bundled_engine.retriever.corpus


@pytest.fixture(scope="module")
def facts(corpus: Corpus) -> Analyse:
    vocabulary = vocabulary_of(corpus)
    return lambda question: analyse(question, vocabulary, corpus)


def test_the_thing_asked_is_what_the_treatment_is_asked_to_do(facts: Analyse) -> None:
    assert asked_things(facts("does kesimpta cause hair loss?")) == ["hair loss"]
    assert asked_things(facts("does it raise the risk of infections?")) == ["infections"]
    assert asked_things(facts("does it raise blood pressure?")) == ["blood pressure"]
    assert asked_things(facts("can ampyra affect your kidneys")) == ["kidneys"]
    # Quantity and harm in general come between the effect and the thing.
    assert asked_things(facts("can gilenya cause problems with your eyes?")) == ["eyes"]
    reactions = facts("did the kesimpta shots cause a lot of injection reactions?")
    assert "lot" not in " ".join(asked_things(reactions))
    assert asked_things(facts("does it make your hair fall out")) == ["hair fall"]
    # Framing and context are not asked of the drug: no claim that a summary lacks them.
    assert asked_things(facts("my bladder is a nightmare, do the botox injections help?")) == []
    # What it makes the person is asked, though it describes: ReBUILD says "drowsy".
    assert asked_things(facts("does clemastine make you drowsy?")) == ["drowsy"]
    # "make" and "give" act on someone: "make sense" and "make a difference" ask nothing.
    assert asked_things(facts("does ocrevus make sense for someone like me?")) == []
    assert asked_things(facts("did kesimpta make a difference to walking?")) == []


@pytest.mark.parametrize(
    ("question", "things"),
    [
        ("is hair loss a problem with it?", ["hair loss"]),
        ("any shingles on that drug?", ["shingles"]),
        ("is weight gain a thing with it?", ["weight gain"]),
        ("any liver trouble on that?", ["liver"]),
        ("does it help with sleep too?", ["sleep"]),
        # Who does something is followed by a verb, not a thing: no claim.
        ("can you drive on it?", []),
        ("did people stick with it?", []),
        # Everyday words and harms in general name no thing.
        ("are infections more common on it?", ["infections"]),
        ("any side effects with it?", []),
        ("any catches with it?", []),
        ("is that normal on this drug?", []),
        # A question word asks for a value: what is measured is no thing asked whether.
        ("what were the percentages who got worse on it?", []),
        # The effect ends the thing.
        ("does caffeine mess with it?", ["caffeine"]),
        ("is acne a known side effect of it?", ["acne"]),
        # The treatment named instead of pointed at, a few words after what joins it.
        ("can i drink alcohol while taking tecfidera?", ["alcohol"]),
        ("is exercise safe while on lemtrada?", ["exercise"]),
        ("is it ok to have grapefruit juice with the high dose simvastatin?", ["grapefruit juice"]),
        # The nearest joining word joins: "weight" comes before "from briumvi".
        ("has anyone put on weight from briumvi infusions?", ["weight"]),
        ("what were the relapse rates on ocrevus?", []),
        ("did people stick with ocrevus?", []),
        # "of" after a named drug ends a noun phrase: nothing is asked with it as object.
        ("is there any evidence that taking big doses of vitamin d helps?", []),
    ],
)
def test_what_is_asked_with_the_treatment_as_its_object_is_a_thing(
    facts: Analyse, question: str, things: list[str]
) -> None:
    """ "is hair loss a problem with it?" asks about hair loss on the drug pointed at (or
    named): the topic words before it are the things asked, not a verb after who does it."""
    assert asked_things(facts(question)) == things


def test_words_no_summary_uses_count_when_the_selection_read_them_as_asked_of_the_drug(
    facts: Analyse,
) -> None:
    question = facts("is mavenclad a type of chemo?")
    assert asked_things(question) == []
    assert asked_things(question, unused=("chemo",)) == ["chemo"]


@pytest.mark.parametrize(
    ("question", "things"),
    [
        # The treatment acts on a thing led by a possessive or "the".
        ("does gilenya slow your heart", ["heart"]),
        ("will aubagio thin my hair?", ["hair"]),
        ("is it hard on the liver?", ["liver"]),
        # A verb after whom an effect acts on is passed: the thing is what it acts on.
        ("does ocrevus make you lose your hair", ["hair"]),
        # What it works for is asked through the other readings, not a thing led by "your".
        ("does it work for your ms?", []),
        # "they" is the treatment only in a state; a question word asks for a value.
        ("are they hard on your liver?", ["liver"]),
        ("when did they do the study?", []),
        # A noun before "of" is a part of what follows.
        ("did it get approved off the back of that?", []),
        ("does it slow the growth of your hair", ["hair"]),
        # A thing set beside a named drug with "and", the terse way to ask.
        ("natalizumab and breastfeeding?", ["breastfeeding"]),
        ("tecfidera and shingles - is there a link?", ["shingles"]),
        ("how do ocrevus and kesimpta compare?", []),
        ("my neuro wants me on ocrevus and i'm scared", []),
        ("My wife just started Tysabri and the nurse keeps going on about it. Why?", []),
        # "and" joining a verb of the clause before: no thing set beside the drug.
        ("my sister is on gilenya and uses sunbeds a lot, is that ok?", []),
        # What the thing does is not the thing.
        ("does aubagio stop the contraceptive pill working?", ["contraceptive pill"]),
        # A noun that is also a verb names the thing before a particle.
        ("does it cause swelling at the back of the eye?", ["swelling"]),
    ],
)
def test_the_thing_a_treatment_is_asked_to_act_on(
    facts: Analyse, question: str, things: list[str]
) -> None:
    assert asked_things(facts(question)) == things


def test_words_most_summaries_use_neither_mention_a_thing_nor_make_it_missing(
    corpus: Corpus,
) -> None:
    relapse_rate = ["The yearly relapse rate fell."]
    # "rate" alone does not mention a heart rate; by any word, it would.
    assert unmentioned(["heart rate"], relapse_rate, corpus.terms) == []
    assert unmentioned(["heart rate"], relapse_rate, corpus.terms, corpus.share_using) == [
        "heart rate"
    ]
    # A closed compound is mentioned by its parts: "eyesight" by "the eye".
    eye = ["Some had swelling at the back of the eye."]
    assert unmentioned(["eyesight"], eye, corpus.terms, corpus.share_using) == []
    # A word that is no noun ("another") never stands in for the thing's common noun.
    trial = ["This was a randomized trial."]
    assert unmentioned(["another trial"], trial, corpus.terms, corpus.share_using) == []
    assert corpus.share_using(corpus.terms("trial")[0]) >= 0.15


def test_a_thing_is_mentioned_by_any_of_its_words_forms_or_library_words(
    corpus: Corpus,
) -> None:
    texts = ["Side effects included stomach upset and hair thinning.", "Kidney tests were normal."]
    assert unmentioned(["hair fall", "kidneys", "weight gain"], texts, corpus.terms) == [
        "weight gain"
    ]
    ppms = ["People with primary progressive MS took part."]
    assert unmentioned(["ppms"], ppms, corpus.terms) == []  # the lay-word table's words


def test_the_sentence_quotes_the_titles_and_the_askers_words() -> None:
    assert unmentioned_sentence(["A"], ["hair loss"]) == (
        "The summary “A” does not mention “hair loss”."
    )
    assert unmentioned_sentence(["A", "B", "C"], ["x", "y"]) == (
        "The summaries “A”, “B” and “C” do not mention “x” or “y”."
    )


def test_a_question_naming_a_drug_is_told_what_its_summary_does_not_mention(
    bundled_engine: AnswerEngine,
) -> None:
    answer = bundled_engine.answer("does kesimpta cause hair loss?")
    assert [c.summary_id for c in answer.citations] == [OFATUMUMAB]
    first = answer.body.split("\n\n")[0]
    assert first.startswith("The summary “Monthly Ofatumumab Shots Beat")
    assert "does not mention “hair loss”. [1]" in first
    eyes = bundled_engine.answer("does fingolimod affect your eyes?")
    assert "not mention" not in eyes.answer and "eye" in eyes.body  # the summary says


@pytest.mark.parametrize(
    ("question", "done_to"),
    [
        ("does ocrevus make you lose your hair", True),
        ("is it hard on the liver?", True),
        ("does it make you tired?", True),
        # Help with something, or something asked beside it, is not done to it.
        ("does it help with sleep too?", False),
        ("does fampyra do anything for the nerve pain in my legs?", False),
        ("can i drink alcohol on ocrevus?", False),
    ],
)
def test_what_a_treatment_does_to_something_is_told_from_what_it_helps_with(
    facts: Analyse, question: str, done_to: bool
) -> None:
    assert asks_what_it_does(facts(question)) is done_to


def test_after_saying_what_is_not_mentioned_the_answer_gives_the_harms_reported(
    bundled_engine: AnswerEngine,
) -> None:
    """ "does ocrevus make you lose your hair?": no summary mentions hair; what follows
    is what they report of harms (drip reactions, infections, cancers), not relapse rates."""
    answer = bundled_engine.answer("does ocrevus make you lose your hair?")
    first, *rest = answer.body.split("\n\n")
    assert "do not mention “hair”" in first
    after = " ".join(rest)
    assert "reactions to the drip" in after and "cancer" in after
    assert "relapses a year" not in after


def test_a_word_no_summary_uses_asked_of_a_named_drug_is_answered_not_abstained(
    bundled_engine: AnswerEngine,
) -> None:
    """ "can i drink alcohol on ocrevus?" had "no summary on this"; the library has the
    drug's summaries, and says they do not mention alcohol. A follow-up then leans on
    them."""
    answer = bundled_engine.answer("can i drink alcohol on ocrevus?")
    assert not answer.abstained and "do not mention “alcohol”" in answer.body
    assert any(
        s.rule == "missing_subject" and s.verdict == "asked of the drug" for s in answer.trace
    )
    then = bundled_engine.answer("what were its side effects then?", history=[answer.as_turn()])
    assert then.citations and not then.abstained
    # A clinician's unknown trial name is still a study the library lacks.
    sentinel = bundled_engine.answer(
        "What did SENTINEL show for natalizumab add-on?", audience="clinician"
    )
    assert sentinel.abstained


def test_a_follow_up_is_told_what_the_studies_it_leans_on_do_not_mention(
    bundled_engine: AnswerEngine,
) -> None:
    first = bundled_engine.answer("how well did ocrevus do against interferon in the opera trials?")
    answer = bundled_engine.answer("does it cause weight gain?", history=[first.as_turn()])
    assert "not mention “weight gain”" in answer.body.split("\n\n")[0]


def test_the_grader_checks_a_claim_of_absence_against_the_cited_summaries(
    corpus: Corpus,
) -> None:
    view = corpus.summaries[OFATUMUMAB]
    title = view.title
    assert true_absence(f"The summary “{title}” does not mention “hair loss”.", [view])
    assert not true_absence(f"The summary “{title}” does not mention “infections”.", [view])
    assert not true_absence("The summary “Another” does not mention “hair loss”.", [view])
    assert not true_absence("Hair loss was rare.", [view])
    # A word that measures ("rate") counts only alone: a relapse rate is no heart rate.
    assert "rate" in " ".join(summary_texts(view)).lower()
    assert "heart" not in " ".join(summary_texts(view)).lower()
    assert true_absence(f"The summary “{title}” does not mention “heart rate”.", [view])
    assert not true_absence(f"The summary “{title}” does not mention “rate”.", [view])


def test_a_thing_asked_with_the_drug_named_is_weighed_against_every_summary_on_the_drug(
    bundled_engine: AnswerEngine, facts: Analyse
) -> None:
    """ "is exercise safe while on lemtrada?" names the drug where "with it" points at it:
    the answer says its summary does not mention exercise. The claim weighs every cited
    summary on the drug, not only those using the brand name: the shingles reports name
    cladribine, so nothing is said to be missing from "herpes zoster ... with Mavenclad". A
    sentence that tells ("Dad's on Ocrevus and ...") asks nothing of the drug."""
    exercise = bundled_engine.answer("is exercise safe while on lemtrada?")
    assert "does not mention “exercise”. [1]" in exercise.body.split("\n\n")[0]
    zoster = bundled_engine.answer("Is herpes zoster more likely with Mavenclad?")
    assert {c.summary_id for c in zoster.citations} >= {CLADRIBINE, SHINGLES_REPORTS}
    assert "not mention" not in zoster.body
    told = facts("Dad's on Ocrevus and his neighbour has just had shingles. Is that common?")
    assert asked_things(told) == []


@pytest.mark.parametrize(
    ("question", "things"),
    [
        ("any liver problems?", ["liver"]),
        ("were there any serious infections?", ["infections"]),
        ("did anyone get heart problems?", ["heart"]),
        ("any good banana bread recipe?", []),
    ],
)
def test_what_a_turn_asks_happened_is_a_thing(
    facts: Analyse, question: str, things: list[str]
) -> None:
    """A turn asking whether something happened, with no scope of its own, asks it of the
    trial just cited: the thing is the noun phrase after its opener."""
    assert asked_things(facts(question)) == things


def test_a_turn_asking_whether_something_happened_is_told_what_the_trial_does_not_mention(
    bundled_engine: AnswerEngine,
) -> None:
    first = bundled_engine.answer("is siponimod any good for secondary progressive ms?")
    answer = bundled_engine.answer("any liver problems?", history=[first.as_turn()])
    assert [c.summary_id for c in answer.citations] == ["expand-siponimod-spms"]
    lead = answer.body.split("\n\n")[0]
    assert "does not mention “liver”" in lead
    assert true_absence(
        lead.split(" [1]")[0], [bundled_engine.retriever.corpus.summaries["expand-siponimod-spms"]]
    )
