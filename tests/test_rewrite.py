"""The offline follow-up rewrite (the ``follow_up`` rule): what carries over from the
previous turn."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.corpus import Corpus
from assistant.engine import AnswerEngine
from assistant.models import Turn
from assistant.question import QuestionFacts, analyse
from assistant.rewrite import Carry, in_conversation, rewrite_offline
from assistant.vocabulary import vocabulary_of
from knowledge.chunking import chunk_summary
from knowledge.library import load_library

LIBRARY = Path(__file__).parent / "data" / "engine-library"

#: Earlier turns that were answered (their citations are what a follow-up leans on).
CITED = ["a-cited-summary"]
OCREVUS = Turn(
    question="my neurologist wants me on ocrevus instead of my interferon shots?",
    standalone="my neurologist wants me on ocrelizumab instead of my interferon shots?",
    cited_ids=CITED,
)

Analyse = Callable[[str], QuestionFacts]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    """The engine fixture library as a corpus."""
    summaries = load_library(LIBRARY).summaries.values()
    return Corpus(c for s in summaries for c in chunk_summary(s))


@pytest.fixture(scope="module")
def facts_of(corpus: Corpus) -> Analyse:
    """The question analysis over the engine fixture library."""
    vocabulary = vocabulary_of(corpus)
    return lambda text: analyse(text, vocabulary, corpus)


def rewrite(facts_of: Analyse, question: str, history: list[Turn]) -> Carry:
    return rewrite_offline(facts_of(question), history, facts_of)


def test_a_standalone_question_is_left_alone(facts_of: Analyse) -> None:
    question = "Does coffee lower the risk of MS?"
    carry = rewrite(facts_of, question, [OCREVUS])
    assert carry.standalone == question and carry.carried == ""
    assert (carry.step.rule, carry.step.verdict) == ("follow_up", "new topic")
    first = rewrite(facts_of, "did it help?", [])
    assert first.standalone == "did it help?" and first.carried == ""
    assert first.step.reason == "no earlier turn"


def test_a_leaning_follow_up_carries_the_previous_topic(facts_of: Analyse) -> None:
    carry = rewrite(facts_of, "did it reduce relapses?", [OCREVUS])
    topic = " ".join(facts_of(OCREVUS.standalone).topic)
    assert "ocrelizumab" in topic and "interferon" in topic
    assert carry.whole and carry.carried == topic
    assert carry.standalone == f"{topic}: did it reduce relapses?"
    assert carry.step.verdict == "carry topic" and "it refers back" in carry.step.reason


def test_an_opener_with_a_new_subject_carries_only_the_names(facts_of: Analyse) -> None:
    carry = rewrite(facts_of, "and what about people with primary progressive?", [OCREVUS])
    assert not carry.whole and carry.step.verdict == "carry names"
    assert carry.standalone == (
        "ocrelizumab interferon: and what about people with primary progressive?"
    )


def test_an_opener_after_a_turn_without_names_keeps_the_whole_topic(facts_of: Analyse) -> None:
    previous = Turn(question="Do men get worse faster than women?", cited_ids=CITED)
    carry = rewrite(facts_of, "what about primary progressive?", [previous])
    topic = " ".join(facts_of(previous.question).topic)
    assert topic and carry.whole
    assert carry.standalone == f"{topic}: what about primary progressive?"


@pytest.mark.parametrize(
    ("question", "names_only"),
    [
        ("and what about people with primary progressive?", True),
        ("what about children under ten?", True),
        ("what about it?", False),
        ("did it help relapses?", False),
    ],
)
def test_what_an_opener_or_a_pointer_back_carries(
    facts_of: Analyse, question: str, names_only: bool
) -> None:
    carry = rewrite(facts_of, question, [OCREVUS])
    assert carry.carried  # every one of them leans on the last turn
    assert carry.whole is not names_only


@pytest.mark.parametrize(
    "question",
    [
        "Does coffee lower the risk of MS?",
        "does mindfulness help depression?",
        "is siponimod any good for secondary progressive ms?",
    ],
)
def test_a_turn_with_its_own_subject_and_no_pointer_back_carries_nothing(
    facts_of: Analyse, question: str
) -> None:
    carry = rewrite(facts_of, question, [OCREVUS])
    assert carry.carried == "" and carry.standalone == question
    assert carry.step.verdict == "new topic"


def test_a_turn_naming_nothing_of_its_own_carries_the_topic(facts_of: Analyse) -> None:
    carry = rewrite(facts_of, "what were the side effects?", [OCREVUS])
    assert carry.whole and "ocrelizumab" in carry.carried
    assert carry.step.reason.startswith("it names nothing of its own")


def test_what_about_carries_the_topic_not_the_last_aspect(facts_of: Analyse) -> None:
    exercise = Turn(
        question="does exercise help?",
        standalone="helps MS fatigue: does exercise help?",
        cited_ids=CITED,
    )
    sibling = rewrite(facts_of, "what about medication?", [exercise])
    assert sibling.standalone == "fatigue: what about medication?"
    # A pronoun still means the last aspect.
    pointer = rewrite(facts_of, "did it help walking?", [exercise])
    assert pointer.standalone == "fatigue exercise: did it help walking?"


def test_my_infusions_means_the_drug_already_named(facts_of: Analyse) -> None:
    tysabri = Turn(question="I'm on Tysabri", standalone="I'm on natalizumab", cited_ids=CITED)
    carry = rewrite(facts_of, "can I space out my infusions?", [tysabri])
    assert carry.whole and carry.carried == "natalizumab"
    assert carry.standalone.startswith("natalizumab: can I space out my infusion")


def test_after_an_answer_that_cited_nothing_a_new_subject_is_a_new_topic(
    facts_of: Analyse,
) -> None:
    abstained = Turn(question="will she end up in a wheelchair?", standalone="wheelchair?")
    carry = rewrite(facts_of, "what about coffee, does it help?", [abstained])
    assert carry.carried == "" and carry.step.verdict == "new topic"
    assert "cited nothing" in carry.step.reason
    # With nothing of its own, it still leans on the last turn (and abstains like it).
    assert rewrite(facts_of, "does it help?", [abstained]).carried == "wheelchair"


def test_words_the_last_answers_summaries_use_ask_more_of_them(
    facts_of: Analyse, corpus: Corpus
) -> None:
    """ "who funded?" after an answer citing EXPAND (funded by its maker) asks about that
    trial ("funded" asks for a kind of detail, so it names no subject); a topic word the
    cited summary does not use, or a name, is a subject of its own."""
    expand = Turn(
        question="does siponimod slow disability in secondary progressive ms?",
        standalone="does siponimod slow disability in secondary progressive ms?",
        cited_ids=["expand-siponimod-spms"],
    )
    funded = in_conversation(facts_of("who funded?"), [expand], corpus)
    assert not funded.own_subject
    carry = rewrite_offline(funded, [expand], facts_of)
    assert carry.whole and "siponimod" in carry.carried
    assert carry.step.reason.startswith("it names nothing of its own")
    alone = in_conversation(facts_of("who funded?"), [], corpus)
    assert alone.known_from_last == ()
    for other in ("does mindfulness help depression?", "what about ocrelizumab?"):
        facts = in_conversation(facts_of(other), [expand], corpus)
        assert facts.own_subject, other
    coffee = in_conversation(facts_of("does coffee lower the risk?"), [expand], corpus)
    assert rewrite_offline(coffee, [expand], facts_of).step.verdict == "new topic"


def test_a_name_the_last_answers_summaries_carry_asks_more_of_them(
    facts_of: Analyse, corpus: Corpus
) -> None:
    """ "how much siponimod did they get?" after an EXPAND answer names what EXPAND is
    about: it leans on that study (once it was read as a new topic and searched anew). A
    name no cited summary carries is still a subject of its own."""
    expand = Turn(
        question="does siponimod slow disability in secondary progressive ms?",
        standalone="does siponimod slow disability in secondary progressive ms?",
        cited_ids=["expand-siponimod-spms"],
    )
    dose = in_conversation(facts_of("how much siponimod did they get?"), [expand], corpus)
    assert dose.own_names == () and not dose.own_subject
    assert rewrite_offline(dose, [expand], facts_of).step.verdict == "carry topic"
    other = in_conversation(facts_of("how much ocrelizumab did they get?"), [expand], corpus)
    assert other.own_names == ("ocrelizumab",) and other.own_subject


def test_a_detail_asked_in_between_is_not_carried_as_the_subject(facts_of: Analyse) -> None:
    """A third turn leans on the subject the second turn leaned on, not on the detail the
    second turn asked ("paid", "drug company"); a turn with a topic of its own keeps its
    words whatever they ask ("do men get worse faster than women?" is about sex)."""
    first = "does siponimod slow disability in secondary progressive ms?"
    paid = Turn(
        question="was it paid for by the drug company?",
        standalone="siponimod secondary progressive: was it paid for by the drug company?",
        cited_ids=["expand-siponimod-spms"],
        topic_question=first,
    )
    carry = rewrite(facts_of, "what dose did they use?", [paid])
    assert "siponimod" in carry.carried
    assert not {"paid", "drug", "company"} & set(carry.carried.split())
    own = Turn(question="was it paid for by the drug company?", cited_ids=CITED)
    assert "paid" in rewrite(facts_of, "what dose did they use?", [own]).carried


@pytest.mark.parametrize(
    "question", ["any side effects tho", "how many ppl were in it lol", "wat did it do tbh"]
)
def test_texting_shorthand_is_no_subject_of_its_own(facts_of: Analyse, question: str) -> None:
    """ "tho", "lol" or "ppl" read as rare words once made a follow-up a new topic, which
    then found nothing; written out or dropped, the turn asks more of the last study."""
    facts = facts_of(question)
    assert not set(facts.topic) & {"tho", "ppl", "lol", "wat", "tbh"}
    assert facts.corrections == {}
    expand = Turn(question="does siponimod slow disability?", cited_ids=["expand-siponimod-spms"])
    assert rewrite(facts_of, question, [expand]).step.verdict == "carry topic"


def test_a_kind_of_detail_the_last_answers_summaries_give_asks_more_of_them(
    facts_of: Analyse, corpus: Corpus
) -> None:
    """ "sponsor?" or "drop outs?" after EXPAND (paid for by its maker) asks about that
    trial though the summary never says "sponsor"; "dose used?" after a coffee study,
    which gives no dose, names a subject of its own."""
    expand = Turn(question="does siponimod slow spms?", cited_ids=["expand-siponimod-spms"])
    for terse in ("sponsor?", "who paid for it?"):
        facts = in_conversation(facts_of(terse), [expand], corpus)
        assert not facts.own_subject, terse
    coffee = Turn(
        question="does coffee change ms risk?",
        cited_ids=["coffee-consumption-ms-risk-hedstrom-2016"],
    )
    assert in_conversation(facts_of("dose used?"), [coffee], corpus).own_subject


def test_an_aspect_the_last_answers_summaries_report_asks_more_of_them(
    facts_of: Analyse, corpus: Corpus
) -> None:
    """ "long term?" is a subject-sized aspect (the outlook) on its own; after DISCOMS, whose
    summary speaks of the long term, it asks about that trial."""
    discoms = Turn(
        question="is it safe to stop ms drugs after 55?",
        standalone="is it safe to stop ms drugs after 55?",
        cited_ids=["discoms-stopping-dmt-older-adults"],
    )
    expand = discoms.model_copy(update={"cited_ids": ["expand-siponimod-spms"]})
    after_discoms = in_conversation(facts_of("long term?"), [discoms], corpus)
    assert after_discoms.aspect == "outlook" and not after_discoms.own_subject
    assert in_conversation(facts_of("long term?"), [expand], corpus).own_subject


@pytest.mark.parametrize(
    "question",
    ["ages?", "where was it done?", "mostly women?", "how many people", "which countries"],
)
def test_in_a_conversation_a_turn_about_the_people_studied_asks_who_took_part(
    facts_of: Analyse, corpus: Corpus, question: str
) -> None:
    """The card's population line says who took part: how many, their ages and sex, where
    they lived. Alone, or with a subject of its own, a turn is read as before."""
    expand = Turn(
        question="does siponimod slow disability in secondary progressive ms?",
        standalone="does siponimod slow disability in secondary progressive ms?",
        cited_ids=["expand-siponimod-spms"],
    )
    facts = in_conversation(facts_of(question), [expand], corpus)
    assert facts.aspect == "who" and not facts.own_subject
    assert facts_of(question).aspect != "who"
    for general in ("is ms more common in women?", "where is ms most common in the world?"):
        assert in_conversation(facts_of(general), [expand], corpus).aspect != "who", general


@pytest.mark.parametrize(
    ("question", "points_back"),
    [
        ("what are rim lesions and why do they matter?", False),
        ("what about satralizumab, does it work on its own?", False),
        ("is there a blood test that flags who will get worse?", False),
        ("did people actually stick with it?", True),
        ("did anyone die or get really sick from it?", True),
        ("does it help walking?", True),
        ("and the trial, how long was it?", True),
        # A pointer in the clause of the thing asked about means the last turn's drug.
        ("is hair loss a problem with it?", True),
        ("any safety worries with it?", True),
        # A time and "worth it" point at nothing said.
        ("is the new ipad worth it or should i wait", False),
        ("whos playing at glastonbury this year", False),
    ],
)
def test_a_pointer_means_what_the_turn_named_before_it(
    facts_of: Analyse, question: str, points_back: bool
) -> None:
    """A pronoun after a name or an uncommon word of the turn's own means that word; after
    everyday words, which are as often verbs ("stick", "sick"), it points at the last turn."""
    assert facts_of(question).refers_back is points_back
    carry = rewrite(facts_of, question, [OCREVUS])
    assert (carry.carried != "") is points_back or facts_of(question).continues


def test_a_name_of_its_own_takes_the_place_of_the_last_turns_names(
    facts_of: Analyse,
) -> None:
    """ "what about siponimod?" asks the same of another drug: the last turn's names stay
    behind, what was asked of them is carried, and the last answer gets no extra vote."""
    safe = Turn(question="is ocrevus safe for progressive ms?", cited_ids=CITED)
    carry = rewrite(facts_of, "what about siponimod?", [safe])
    assert "ocrevus" not in carry.carried and "progressive" in carry.carried
    assert not carry.whole and carry.step.verdict == "carry what was asked"
    assert carry.standalone.endswith(": what about siponimod?")
    alone = rewrite(facts_of, "and siponimod?", [Turn(question="is ocrevus ok?", cited_ids=CITED)])
    assert alone.carried == "" and alone.step.verdict == "new topic"
    # A pointer back still means the last turn's drug.
    assert "ocrevus" in rewrite(facts_of, "is it better than siponimod?", [safe]).carried


def test_a_turn_weighing_the_last_two_subjects_carries_both(facts_of: Analyse) -> None:
    """ "which one is safer?" after a turn on ocrevus and one on siponimod asks about both,
    as alternatives, and leans on both turns' citations; after a single subject, or when
    it names its own, it does not."""
    two = [
        Turn(question="does ocrevus work?", cited_ids=["ocrevus-study"]),
        Turn(question="what about siponimod?", cited_ids=["siponimod-study"]),
    ]
    carry = rewrite(facts_of, "which one is safer?", two)
    assert carry.standalone == "ocrevus or siponimod: which one is safer?"
    assert (carry.step.verdict, carry.leans_on) == ("carry names", 2)
    assert facts_of(carry.standalone).compared == ("ocrelizumab", "siponimod")
    one = rewrite(facts_of, "which one is safer?", two[:1])
    assert one.leans_on == 1 and "siponimod" not in one.standalone
    own = rewrite(facts_of, "which one is safer, coffee or tea?", two)
    assert own.leans_on == 1 and "ocrevus" not in own.standalone
    back = rewrite(facts_of, "are the side effects worse on the first one or the second?", two)
    assert back.leans_on == 2


def test_words_that_only_describe_a_study_ask_more_of_the_last_one(
    facts_of: Analyse, corpus: Corpus
) -> None:
    """ "age range?" after EXPAND asks about EXPAND, though its summary never says
    "range": the library's summaries use the word, but none says it is about a range
    (``Vocabulary.lead_stems``), so it names no subject of its own. A subject a summary is
    about ("coffee") is one, and so is a turn whose words ask nothing a study reports ("who
    won the cup final?"): a new topic, carrying nothing."""
    expand = Turn(question="does siponimod slow spms?", cited_ids=["expand-siponimod-spms"])
    ranged = in_conversation(facts_of("age range?"), [expand], corpus)
    assert ranged.describing == ("range",) and ranged.known_from_last == ()
    assert ranged.own_words and not ranged.own_subject
    carry = rewrite_offline(ranged, [expand], facts_of)
    assert carry.step.verdict == "carry topic" and "siponimod" in carry.carried
    for own in ("does coffee lower the risk?", "who won the cup final?"):
        facts = in_conversation(facts_of(own), [expand], corpus)
        assert facts.own_subject, own
        assert rewrite_offline(facts, [expand], facts_of).step.verdict == "new topic", own


def test_a_word_whose_library_words_the_last_summaries_use_asks_more_of_them(
    facts_of: Analyse, corpus: Corpus
) -> None:
    """ "were any kids in it?" after the teen obesity study, whose summary says "children",
    asks about that study: the lay-word table's words for "kids" count as the word. After
    a study that never speaks of children, "kids" is still a subject of its own."""
    teens = Turn(
        question="does being overweight as a teen raise ms risk?",
        cited_ids=["adolescent-obesity-ms-risk-nurses-health-munger-2009"],
    )
    kids = in_conversation(facts_of("how old were the kids"), [teens], corpus)
    assert "kids" in kids.known_from_last and not kids.own_subject
    expand = Turn(question="does siponimod slow spms?", cited_ids=["expand-siponimod-spms"])
    assert in_conversation(facts_of("how old were the kids"), [expand], corpus).own_subject


@pytest.mark.parametrize(
    "question",
    [
        "any infections?",
        "were there any serious infections?",
        "did anyone get shingles?",
        "did people lose hair?",
        "any thyroid problems?",
    ],
)
def test_asking_whether_something_happened_without_saying_where_asks_the_last_study(
    facts_of: Analyse, question: str
) -> None:
    """A harm or event with no scope of its own happened, or not, in the trial just
    discussed: the whole topic is carried and the last studies lead."""
    carry = rewrite(facts_of, question, [OCREVUS])
    assert carry.whole and "ocrelizumab" in carry.carried
    assert not carry.leads
    assert carry.step.reason.startswith("it refers back")


@pytest.mark.parametrize(
    "question",
    [
        "any research on sleep problems in ms?",
        "are infections common in people with ms?",
        "did anyone study yoga for tiredness?",
        "any tips for growing tomatoes on a small balcony",
        "any good banana bread recipe?",
    ],
)
def test_a_question_with_a_scope_of_its_own_is_not_asked_of_the_last_study(
    facts_of: Analyse, question: str
) -> None:
    """The disease named, a preposition's own scope, research asked for, or more than a
    short noun phrase after "any": a question of its own."""
    assert not facts_of(question).asks_whether
    assert rewrite(facts_of, question, [OCREVUS]).step.verdict == "new topic"


def test_a_figure_asked_of_the_people_studied_leans_on_the_last_study(
    bundled_engine: AnswerEngine,
) -> None:
    """ "average age?" after a GEMINI answer asks who took part in GEMINI: "average" says how
    the age is given and is no subject of its own."""
    first = bundled_engine.answer(
        "how did tolebrutinib do against teriflunomide in the gemini trials?"
    )
    assert first.citations[0].summary_id == "gemini-tolebrutinib-vs-teriflunomide"
    answer = bundled_engine.answer("average age?", history=[first.as_turn()])
    assert answer.trace[1].verdict != "new topic"
    assert [c.summary_id for c in answer.citations] == ["gemini-tolebrutinib-vs-teriflunomide"]
    assert "36.5" in answer.body


@pytest.mark.parametrize(
    "question",
    [
        "what causes ms?",
        "what treatments are there for multiple sclerosis",
        "whats the best drug for ms",
        "how long do people with ms live?",
    ],
)
def test_a_question_about_the_disease_itself_is_a_new_topic(
    facts_of: Analyse, question: str
) -> None:
    """A turn whose only subject is MS asks about MS, not about the drug just discussed:
    the broad question is searched (and routed) as if asked first."""
    carry = rewrite(facts_of, question, [OCREVUS])
    assert carry.carried == "" and carry.step.verdict == "new topic"


@pytest.mark.parametrize(
    "question",
    [
        "does it work in progressive ms?",  # a pointer back
        "and for people with relapsing ms?",  # it continues the last turn
        "how many people with ms took part?",  # asks of the study just cited
        "how long were the people with ms followed?",
    ],
)
def test_naming_the_disease_in_a_follow_up_still_leans_on_the_last_turn(
    facts_of: Analyse, question: str
) -> None:
    assert "ocrelizumab" in rewrite(facts_of, question, [OCREVUS]).carried


def test_a_demonstrative_before_a_new_thing_introduces_it(facts_of: Analyse) -> None:
    """ "that study on coffee", "those mindfulness courses" name a subject the turn brings
    (heard of elsewhere), so they start a new topic; a pointer after it means it."""
    for question in (
        "that study on coffee and ms, what did it find?",
        "those mindfulness courses, do they help with mood?",
        "this coffee link everyone talks about, is it real?",
    ):
        facts = facts_of(question)
        assert not facts.refers_back, question
        carry = rewrite(facts_of, question, [OCREVUS])
        assert carry.carried == "" and carry.step.verdict == "new topic", question


def test_a_demonstrative_before_what_the_last_answer_used_points_back(
    facts_of: Analyse, corpus: Corpus
) -> None:
    """After an answer on the coffee study, "those coffee drinkers" are the study's; and a
    word of the field's vocabulary (here "treatment" and "people", which most of the six
    summaries use; "pill" in the full library) never introduces a thing."""
    coffee = Turn(
        question="does coffee lower the risk of ms?",
        cited_ids=["coffee-consumption-ms-risk-hedstrom-2016"],
    )
    question = "how much did those coffee drinkers have a day?"
    facts = in_conversation(facts_of(question), [coffee], corpus)
    assert "coffee" in facts.introduced and facts.refers_to_last([coffee])
    # The thing ends at a verb: "those people stopped" determines "people" alone.
    for pointing in (
        "did that treatment help?",
        "were those people on it for years?",
        "how many of those people stopped?",
    ):
        assert facts_of(pointing).refers_back and not facts_of(pointing).introduced, pointing
