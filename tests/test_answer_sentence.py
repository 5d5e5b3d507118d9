"""A follow-up's detail found by meaning in the text of the summaries it leans on."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from conftest import FakeEmbeddings

from assistant import answer_sentence
from assistant.answer_sentence import SentenceNearness, nearest_answer
from assistant.engine import AnswerEngine
from assistant.models import Turn
from knowledge.embeddings import read_vector_cache, write_vector_cache


def test_a_sentence_is_added_only_when_nearer_than_every_chosen_one() -> None:
    closeness = {"the dose was 100 mg": 0.6, "fatigue fell": 0.3, "people were grouped": 0.2}

    def nearness(question: str, texts: Sequence[str]) -> list[float]:
        return [closeness[t] for t in texts]

    candidates = ["people were grouped", "the dose was 100 mg", "fatigue fell"]
    assert nearest_answer("what dose?", candidates, ["fatigue fell"], nearness) == (
        "the dose was 100 mg"
    )
    closeness["fatigue fell"] = 0.7  # the card already says more about it
    assert nearest_answer("what dose?", candidates, ["fatigue fell"], nearness) is None
    assert nearest_answer("what dose?", ["fatigue fell"], ["fatigue fell"], nearness) is None


def test_each_sentence_is_embedded_once_and_the_oldest_are_dropped() -> None:
    fake = FakeEmbeddings()
    near = SentenceNearness(fake, limit=3)
    first = near("dose of biotin", ["the dose was 100 mg of biotin", "fatigue fell"])
    again = near("dose of biotin", ["fatigue fell", "the dose was 100 mg of biotin"])
    assert fake.embedded == ["the dose was 100 mg of biotin", "fatigue fell"]
    assert first == [again[1], again[0]] and first[0] > first[1]
    near("x", ["a b", "c d"])  # over the limit: the oldest vector goes
    assert fake.embedded[-2:] == ["a b", "c d"]
    near("x", ["the dose was 100 mg of biotin"])
    assert fake.embedded[-1] == "the dose was 100 mg of biotin"


def test_with_a_cache_file_a_sentence_is_embedded_once_on_the_machine(tmp_path: Path) -> None:
    """A second process (another SentenceNearness on the same file) embeds only what the
    first did not; the file keeps the newest ``limit`` sentences."""
    cache = tmp_path / "sentences.npz"
    first_process = FakeEmbeddings()
    before = SentenceNearness(first_process, limit=3, cache=cache)
    said = before("dose of biotin", ["the dose was 100 mg of biotin", "fatigue fell"])
    before.flush()
    second_process = FakeEmbeddings()
    after = SentenceNearness(second_process, limit=3, cache=cache)
    assert after("dose of biotin", ["the dose was 100 mg of biotin", "fatigue fell"]) == said
    assert second_process.embedded == []
    after("x", ["a b", "c d"])
    assert second_process.embedded == ["a b", "c d"]
    after.flush()
    third_process = FakeEmbeddings()
    SentenceNearness(third_process, limit=3, cache=cache)("x", ["fatigue fell", "c d"])
    assert third_process.embedded == []


def test_the_cache_file_is_written_off_the_answer_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answer does not wait for the file: while a write is under way, further
    sentences are embedded and answered, and one later write keeps them all."""
    cache = tmp_path / "sentences.npz"
    started, release = threading.Event(), threading.Event()
    writes: list[set[str]] = []

    def slow_write(path: Path, known: dict[str, np.ndarray]) -> None:
        started.set()
        release.wait(5)
        writes.append(set(known))
        write_vector_cache(path, known)

    monkeypatch.setattr(answer_sentence, "write_vector_cache", slow_write)
    near = SentenceNearness(FakeEmbeddings(), cache=cache)
    near("x", ["fatigue fell"])
    assert started.wait(5) and not cache.exists()  # the answer came back mid-write
    near("x", ["a b"])
    near("x", ["c d"])  # both wait for one write
    release.set()
    near.flush()
    assert writes == [{"fatigue fell"}, {"fatigue fell", "a b", "c d"}]
    assert set(read_vector_cache(cache)) == {"fatigue fell", "a b", "c d"}


def test_an_unreadable_cache_file_only_costs_time(tmp_path: Path) -> None:
    cache = tmp_path / "sentences.npz"
    cache.write_text("not a numpy file")
    fake = FakeEmbeddings()
    assert len(SentenceNearness(fake, cache=cache)("x", ["fatigue fell"])) == 1
    assert fake.embedded == ["fatigue fell"]


def test_a_follow_up_gets_the_detail_its_summary_gives_beyond_the_card(
    bundled_engine: AnswerEngine,
) -> None:
    """SPI2's card says biotin did not help; its text gives the dose."""
    first = "did high dose biotin help progressive ms in the big trial?"
    cited = [c.summary_id for c in bundled_engine.answer(first).citations]
    assert cited[:1] == ["spi2-high-dose-biotin-progressive"]
    turn = Turn(question=first, standalone=first, cited_ids=cited)
    answer = bundled_engine.answer("what dose did they use?", history=[turn])
    assert "100 mg" in answer.answer and answer.citations[0].summary_id == cited[0]
    alone = bundled_engine.answer("what dose did they use?")
    assert "100 mg" not in alone.answer  # asked alone, nothing leans on SPI2


def test_the_card_fields_compete_for_a_follow_ups_detail(bundled_engine: AnswerEngine) -> None:
    """Who took part is on Covisep's card ("... 249 women"), not in a sentence of its text:
    "were most of them women?" gets that line."""
    first = "what made people with ms more likely to get severe covid in the french registry?"
    cited = [c.summary_id for c in bundled_engine.answer(first).citations]
    assert cited[:1] == ["covid19-outcomes-ms-covisep-louapre-2020"]
    turn = Turn(question=first, standalone=first, cited_ids=cited)
    answer = bundled_engine.answer("were most of them women?", history=[turn])
    assert "249 women" in answer.answer


def test_a_detail_in_a_sentence_that_leans_on_the_one_before_comes_with_it(
    bundled_engine: AnswerEngine,
) -> None:
    """MIST's group sizes are in "They were put into two groups of 55 by chance.", which
    needs the sentence before it; the answer quotes both, in order."""
    first = "did stem cell transplant beat ms drugs in the mist trial?"
    cited = [c.summary_id for c in bundled_engine.answer(first).citations]
    assert cited[:1] == ["mist-ahsct-vs-dmt-burt-2019"]
    turn = Turn(question=first, standalone=first, cited_ids=cited)
    answer = bundled_engine.answer("how many people were in each group?", history=[turn])
    body = answer.answer
    assert "They were put into two groups of 55 by chance." in body
    lead = body.index("They were put into two groups of 55")
    assert "110 adults" in body[:lead]  # the sentence it leans on comes right before it


def test_a_detail_follow_up_with_a_pointer_after_the_detail_still_points_back(
    bundled_engine: AnswerEngine,
) -> None:
    """In "which doses did they test in it?", "they" means the FREEDOMS trial, not the doses,
    so the turn is a follow-up and is answered from FREEDOMS."""
    first = "what did the FREEDOMS trial show for fingolimod against placebo?"
    cited = [c.summary_id for c in bundled_engine.answer(first).citations]
    assert cited[:1] == ["freedoms-fingolimod-placebo"]
    turn = Turn(question=first, standalone=first, cited_ids=cited)
    answer = bundled_engine.answer("which doses did they test in it?", history=[turn])
    assert [c.summary_id for c in answer.citations] == ["freedoms-fingolimod-placebo"]
    assert "0.5 mg" in answer.answer


def test_a_follow_ups_own_word_found_in_a_leaning_sentence_comes_with_the_one_before(
    bundled_engine: AnswerEngine,
) -> None:
    """TEMSO's nausea is only in "These included diarrhea, nausea, thinning hair ...",
    which leans on the sentence before it: both are quoted, in order. Thin hair is also in
    the card's harm finding, which the first answer quoted: asked about, it is said again."""
    first = bundled_engine.answer(
        "how well did teriflunomide do against a dummy pill in the temso trial?"
    )
    assert [c.summary_id for c in first.citations][:1] == ["temso-teriflunomide"]
    hair = bundled_engine.answer("did it make people's hair thin?", history=[first.as_turn()])
    assert "thin hair" in hair.body
    body = bundled_engine.answer("did it cause nausea?", history=[first.as_turn()]).answer
    assert "nausea" in body
    these = body.index("These included")
    assert body[:these].rstrip().endswith(".")  # the sentence it leans on, right before it


def test_a_detail_already_chosen_in_other_words_leads_instead_of_being_said_twice(
    bundled_engine: AnswerEngine,
) -> None:
    """OPERA's Key Takeaway gives the 46% and 47% that its card's main finding gives."""
    first = "i was just diagnosed with relapsing ms. do the drugs actually stop it getting worse?"
    turn = bundled_engine.answer(first).as_turn()
    assert "opera-ocrelizumab-relapsing-ms" in turn.cited_ids
    answer = bundled_engine.answer("sorry, how much did ocrevus cut relapses again?", [turn])
    assert answer.citations[0].summary_id == "opera-ocrelizumab-relapsing-ms"
    body = answer.answer.split("[1]")
    assert "46%" in body[0] and "47%" in body[0]  # the figures asked for open the answer
    assert sum("47%" in sentence for sentence in body) == 1


def test_a_question_of_its_own_naming_a_drug_is_told_its_summary_lacks_approval(
    bundled_engine: AnswerEngine,
) -> None:
    """SUNBEAM's summary says nothing on approval: "has ozanimod been approved for ms?" is
    told so, then gets the results. A long question's "where" is not asked of the study."""
    answer = bundled_engine.answer("has ozanimod been approved for ms?")
    assert answer.citations[0].summary_id == "sunbeam-ozanimod-vs-interferon"
    assert answer.answer.startswith("The summary “")
    assert "[1]" in answer.answer.split("approved or available")[1]  # results follow
    series = bundled_engine.answer(
        "in that case series where they added eculizumab or ravulizumab during bad NMOSD "
        "attacks, how long did they follow people afterward?"
    )
    assert "does not say where" not in series.answer


def test_a_question_of_its_own_asking_a_detail_of_the_study_it_names_gets_it_first(
    bundled_engine: AnswerEngine,
) -> None:
    """The detail asked leads, or the plain sentence that the summary does not give it;
    then the results. A yes-or-no question about a "high dose" drug asks for the results."""
    dose = bundled_engine.answer("what dose of clemastine did they use in the ReBUILD trial?")
    assert dose.citations[0].summary_id == "rebuild-clemastine-remyelination"
    assert "5.36 mg" in dose.answer.split("[1]")[0]
    assert ("own_detail", "lead") in [(s.rule, s.verdict) for s in dose.trace]  # --explain
    funder = bundled_engine.answer("who paid for MS-STAT2, the simvastatin trial in spms?")
    assert funder.answer.startswith("The summary “") and "does not say who paid" in funder.answer
    assert "hazard ratio" in funder.answer.split("[1]", 1)[1]  # the results follow
    assert ("own_detail", "missing") in [(s.rule, s.verdict) for s in funder.trace]
    result = bundled_engine.answer("did high dose biotin help progressive ms in the SPI2 trial?")
    assert "dummy pills" in result.answer.split("[1]")[0] and "mg" not in result.answer
    assert not any(s.rule == "own_detail" for s in result.trace)


def test_a_study_described_not_named_and_cited_alone_gives_the_detail_asked_first(
    bundled_engine: AnswerEngine,
) -> None:
    """The study is described ("the trial of low-dose injections into the bladder wall"),
    the search cites it alone, and the years it ran lead, before its results."""
    found = bundled_engine.answer(
        "when did the trial of low-dose injections into the bladder wall for MS bladder leaks run?"
    )
    assert [c.summary_id for c in found.citations] == [
        "low-dose-onabotulinumtoxina-bladder-ms-tullman-2018"
    ]
    assert "2012 to 2015" in found.answer.split("[1]")[0]
    assert ("own_detail", "lead") in [(s.rule, s.verdict) for s in found.trace]


def test_the_detail_a_question_of_its_own_asks_is_read_off_the_part_that_asks_it() -> None:
    from assistant.asked_detail import asks_for_kind, own_detail_asked

    found = own_detail_asked("In the AFFIRM trial what dose of natalizumab did people get?")
    assert found is not None and found[1].name == "dose"
    series = own_detail_asked(
        "the case series where doctors added eculizumab - which countries were the centres in?"
    )
    assert series is not None and series == ("which countries were the centres in", series[1])
    assert series[1].name == "place" and asks_for_kind(*series)
    assert own_detail_asked("is there a study where they tested ocrevus in older people?") is None
    assert own_detail_asked("did high dose biotin help progressive ms?") is None
    assert own_detail_asked("how much did ocrevus cut relapses?") is None  # the card's result
    assert own_detail_asked("has ozanimod been approved?") is None  # asked of the treatment
    age = own_detail_asked("what happened to people my age who came off their ms medicine?")
    assert age is not None and not asks_for_kind(*age)  # never claimed missing


def test_whether_a_drug_just_discussed_is_approved_leans_on_its_study(
    bundled_engine: AnswerEngine,
) -> None:
    first = bundled_engine.answer("did ozanimod beat interferon in the sunbeam trial?")
    turn = first.as_turn()
    answer = bundled_engine.answer("can my neurologist prescribe it?", [turn])
    assert [c.summary_id for c in answer.citations] == ["sunbeam-ozanimod-vs-interferon"]
    assert "does not say whether the treatment is approved or available" in answer.answer
