"""The thing a question asks to act is read from its grammar (assistant/acting.py); when no
summary names it, the question abstains instead of citing studies that share its outcome
words (assistant/missing_subject.py)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pytest

from assistant.acting import Terms, Together, acting_things, as_asked, unstudied
from assistant.corpus import Corpus
from assistant.engine import AnswerEngine


@pytest.mark.parametrize(
    ("question", "things"),
    [
        ("Do fish oil supplements reduce MS relapses?", [("fish", "oil", "supplements")]),
        # The doing is not the thing: "eating", "owning", "going on".
        ("Does eating eggs make MS lesions worse?", [("eggs",)]),
        ("Does owning a cat raise the risk of getting MS?", [("cat",)]),
        ("would going on HRT help with my MS symptoms?", [("hrt",)]),
        # Alone, the doing is the thing.
        ("Does knitting slow the progression of hand disability?", [("knitting",)]),
        # "that", "whether", "if" open a phrase as an auxiliary does.
        ("I read that red meat makes MS worse, is that true?", [("red", "meat")]),
        ("is a vegan diet good for ms fatigue?", [("vegan", "diet")]),
        # What follows a preposition or a person says where or for whom.
        ("can the aspartame in diet fizzy drinks cause ms?", [("aspartame",)]),
        ("can the hpv jab they give teenage girls cause ms?", [("hpv", "jab")]),
        # Amounts and kinds name nothing; alternatives are read apart.
        ("does drinking lots of coffee lower your risk?", [("coffee",)]),
        ("Is there proof that meditation-type classes help?", [("meditation", "classes")]),
        (
            "does ivf or fertility treatment bring on relapses?",
            [("ivf",), ("fertility", "treatment")],
        ),
    ],
)
def test_the_thing_asked_to_act_is_read_from_grammar(
    question: str, things: list[tuple[str, ...]]
) -> None:
    assert list(acting_things(question)) == things


@pytest.mark.parametrize(
    "question",
    [
        "can they wipe out your immune system and reboot it?",  # a person acts
        "does it help fatigue?",  # a pointer, not a thing
        "is there anything in someone's past that makes ms more likely?",
        "how many people took part?",  # no effect
        "My fatigue makes me cry.",  # no opener: a statement
    ],
)
def test_questions_asking_nothing_of_a_thing_have_none(question: str) -> None:
    assert acting_things(question) == ()


def _library(*summaries: set[str]) -> tuple[Terms, Together]:
    """A toy library's search terms and its together-check (words as their own stems)."""

    def terms(text: str) -> list[str]:
        return [w for w in text.lower().split() if len(w) > 1]

    def together(words: Sequence[Collection[str]]) -> bool:
        return any(all(set(forms) & summary for forms in words) for summary in summaries)

    return terms, together


def test_a_thing_is_studied_when_one_summary_uses_all_its_words() -> None:
    terms, together = _library({"cooling", "vest", "heat"}, {"oil", "relapses"}, {"hair"})
    assert unstudied([("cooling", "vest")], terms, together) == []
    # Words in different summaries, or not at all, are not the thing.
    assert unstudied([("fish", "oil")], terms, together) == [("fish", "oil")]
    assert unstudied([("hair", "oil")], terms, together) == [("hair", "oil")]
    # An everyday last word no summary uses is the asker's word for the kind.
    assert unstudied([("cooling", "jacket")], terms, together) == []
    assert unstudied([("cranberry", "juice")], terms, together) == [("cranberry", "juice")]
    # Either alternative studied is enough.
    assert unstudied([("ivf",), ("cooling",)], terms, together) == []


def test_the_lay_word_table_gives_library_words_for_a_thing() -> None:
    terms, together = _library({"vaccine", "relapses"}, {"vitamin", "relapses"})
    assert unstudied([("jab",)], terms, together) == []
    assert unstudied([("hpv",)], terms, together) == [("hpv",)]
    assert unstudied([("vit", "d", "tablets")], terms, together) == []


def test_the_corpus_finds_words_used_together_in_one_summary(bundled_engine: AnswerEngine) -> None:
    corpus: Corpus = bundled_engine.retriever.corpus
    stems = [set(corpus.terms(w)) for w in ("cooling", "garment")]
    assert corpus.uses_together(stems)
    assert not corpus.uses_together([set(corpus.terms("acupuncture"))])
    assert not corpus.uses_together([set(corpus.terms("fish")), set(corpus.terms("oil"))])


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("Do fish oil supplements reduce MS relapses?", "fish oil supplements"),
        ("Does owning a cat raise the risk of getting MS?", "cat"),
        ("does cranberry juice stop the water infections i keep getting?", "cranberry juice"),
        ("Would a TENS machine help with MS nerve pain?", "TENS machine"),  # as written
        # A drug the vocabulary knows that no summary studies is no name the library has.
        ("how well does baclofen work for MS spasms?", "baclofen"),
    ],
)
def test_a_thing_no_summary_names_abstains_saying_so(
    bundled_engine: AnswerEngine, question: str, thing: str
) -> None:
    answer = bundled_engine.answer(question)
    assert answer.abstained and answer.citations == []
    assert f"No summary in the library looks at “{thing}” yet" in answer.body
    assert any(
        s.rule == "missing_subject" and "the thing it asks to act" in s.reason for s in answer.trace
    )


def test_the_thing_is_quoted_as_the_question_writes_it() -> None:
    question = "Do omega-3 fish oil capsules help?"
    assert as_asked(question, ("omega", "fish", "oil", "capsules")) == "omega-3 fish oil capsules"
    assert as_asked("Does a TENS machine help?", ("tens", "machine")) == "TENS machine"
    assert as_asked("Is it good?", ("zinc",)) == "zinc"  # not found: its words


def test_a_thing_asked_of_a_named_drug_is_answered_with_what_its_summaries_lack(
    bundled_engine: AnswerEngine,
) -> None:
    answer = bundled_engine.answer("does alcohol affect ocrevus?")
    assert not answer.abstained and "not mention “alcohol”" in answer.body
