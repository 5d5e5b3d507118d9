"""The next step after "no summary" (issue #15 item 4): a kind sentence, the closest
topics as links, questions the library answers, and "did you mean"."""

from __future__ import annotations

from assistant.cli import render_answer
from assistant.engine import AnswerEngine
from assistant.models import Answer
from assistant.next_step import (
    TOPICS_LEAD,
    abstain_text,
    did_you_mean,
    likely_word,
    suggested_questions,
)
from assistant.question import analyse
from assistant.vocabulary import vocabulary_of
from knowledge.topics import STARTER_QUESTIONS, TOPICS
from ui.conversations import restored_answers, stored_turns
from ui.next_step import kind_text, topic_address, topic_links

BREAD = "How do I bake sourdough bread?"
#: "meditative" is an English word, so never corrected, two letters from the lexicon's
#: "meditate" ("meditations" was the example until the lexicon read plurals).
MISSPELT = "Does meditative practice help with MS?"
MINDFULNESS = "mindfulness-training-ms-quality-of-life-grossman-2010"


def topics_cited(engine: AnswerEngine, answer: Answer) -> set[str]:
    views = engine.retriever.corpus.summaries
    return {t for c in answer.citations for t in views[c.summary_id].topics}


def test_every_starter_question_is_answered_from_a_summary_of_its_topic(
    bundled_engine: AnswerEngine,
) -> None:
    # Every topic can be suggested, so every topic has a reviewed question...
    assert set(STARTER_QUESTIONS) == set(TOPICS)
    failures = []
    for topic, question in STARTER_QUESTIONS.items():
        answer = bundled_engine.answer(question)
        # ... and none leads to another "no summary", a safety route or a stray topic.
        if (
            answer.abstained
            or answer.safety != "none"
            or topic not in topics_cited(bundled_engine, answer)
        ):
            failures.append((topic, question, answer.abstained, answer.safety))
    assert failures == []


def test_an_abstention_is_kind_and_offers_topics_and_questions_that_work(
    engine: AnswerEngine,
) -> None:
    answer = engine.answer(BREAD)
    assert answer.abstained and answer.citations == []
    assert answer.body.startswith(abstain_text())
    assert "good question to ask" in answer.answer and "MS care team" in answer.answer
    present = {t for v in engine.retriever.corpus.summaries.values() for t in v.topics}
    assert 1 <= len(answer.closest_topics) <= 3 and set(answer.closest_topics) <= present
    assert f"{TOPICS_LEAD}{', '.join(answer.closest_topics)}." in answer.body
    # The fixture library has 6 summaries: only questions answered from it are offered.
    assert 2 <= len(answer.suggested_questions) <= 3
    by_question = {q: t for t, q in STARTER_QUESTIONS.items()}
    for question in answer.suggested_questions:
        followed = engine.answer(question)
        assert not followed.abstained and by_question[question] in topics_cited(engine, followed)
    assert answer.did_you_mean is None


def test_suggestions_skip_topics_whose_question_is_not_answered() -> None:
    answered = {STARTER_QUESTIONS["fatigue"]: frozenset({"fatigue"})}
    # "sleep" abstains, "pain" is answered from another topic only, "cannabis" too.
    answered[STARTER_QUESTIONS["pain"]] = frozenset({"mental health"})
    found = suggested_questions(
        ["sleep", "pain", "fatigue", "not a topic", "cannabis"], answered.get
    )
    assert found == [STARTER_QUESTIONS["fatigue"]]
    every = {q: frozenset({t}) for t, q in STARTER_QUESTIONS.items()}
    assert len(suggested_questions(list(TOPICS), every.get)) == 3


def test_did_you_mean_offers_the_library_word_and_the_question_it_answers(
    engine: AnswerEngine,
) -> None:
    answer = engine.answer(MISSPELT)
    assert answer.abstained
    assert answer.did_you_mean == "Does meditate practice help with MS?"
    followed = engine.answer(answer.did_you_mean)
    assert [c.summary_id for c in followed.citations] == [MINDFULNESS]
    assert any(step.rule == "did_you_mean" for step in answer.trace)


def test_did_you_mean_never_changes_a_known_or_everyday_word_nor_leads_nowhere(
    engine: AnswerEngine,
) -> None:
    vocabulary = vocabulary_of(engine.retriever.corpus)
    assert [w for w in vocabulary.words if likely_word(w, vocabulary)] == []
    # Everyday words are what they say, even one letter from a library word (pains/gains),
    # whatever the rewrite would cite.
    corpus = engine.retriever.corpus
    facts = analyse("Do bake, wine, pains, analyzed or charging matter?", vocabulary, corpus)
    assert did_you_mean(facts, vocabulary, lambda question: frozenset({"pain"})) is None
    # A rewrite that would abstain too is not offered: no other dead end.
    misspelt = analyse(MISSPELT, vocabulary, corpus)
    assert did_you_mean(misspelt, vocabulary, lambda question: None) is None
    assert did_you_mean(misspelt, vocabulary, lambda question: frozenset({"x"})) is not None


def test_the_next_step_survives_a_reload_redacted() -> None:
    typed = "Do meditatons help? mail jo@example.com"
    answer = Answer(
        question=typed,
        standalone_question=typed,
        answer=abstain_text(),
        body=abstain_text(),
        abstained=True,
        closest_topics=["mental health"],
        suggested_questions=[STARTER_QUESTIONS["mental health"]],
        did_you_mean="Do meditation help? mail jo@example.com",
        disclaimer="Not advice.",
    )
    [back] = restored_answers(stored_turns([answer]))
    assert back.suggested_questions == answer.suggested_questions
    assert back.closest_topics == ["mental health"]
    assert back.did_you_mean == "Do meditation help? mail [email removed]"
    plain = answer.model_copy(
        update={"did_you_mean": None, "question": "q", "standalone_question": "q"}
    )
    assert restored_answers(stored_turns([plain])) == [plain]


def test_the_terminal_and_the_chat_show_the_next_step(engine: AnswerEngine) -> None:
    answer = engine.answer(MISSPELT)
    printed = render_answer(answer)
    assert "Did you mean: Does meditate practice help with MS?" in printed
    assert "Questions the library can answer:" in printed
    for question in answer.suggested_questions:
        assert f"  - {question}" in printed
    # The topics line becomes links instead.
    assert kind_text(answer).startswith("That's a good question") and "\n" not in kind_text(answer)
    assert topic_address("pregnancy and women's health") == (
        "explore?topic=pregnancy%20and%20women%27s%20health"
    )
    assert topic_links(["fatigue", "mental health"]) == (
        "**Closest topics in the library:** [fatigue](explore?topic=fatigue), "
        "[mental health](explore?topic=mental%20health)"
    )


def test_closest_topics_are_useful_for_questions_the_library_lacks(
    bundled_engine: AnswerEngine,
) -> None:
    """The frozen sets of evals/topics: a useful topic among the 3 offered for at least
    as many questions as measured when the ranking moved to the question's topic words
    (12 of 20, 11 of 15; by the whole question 8 and 7). Set B is 10 since spelling keeps
    "cupping" as written (it was rewritten into a look-alike that happened to help)."""
    import yaml
    from conftest import REPO

    sets = yaml.safe_load((REPO / "evals" / "topics" / "closest-topics.yaml").read_text())
    for name, floor in (("set_a", 12), ("set_b", 10)):
        useful = 0
        for case in sets[name]:
            offered = bundled_engine.closest_topics(bundled_engine.dry_run(case["q"]), 3)
            useful += bool(set(offered) & set(case["ok"]))
        assert useful >= floor, f"{name}: {useful} of {len(sets[name])}"
