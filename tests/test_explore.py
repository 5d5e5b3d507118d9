"""The explorer (issue #15): its addresses, its search (the chat's retrieval plus topics)
and the page through AppTest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import use_app_environment
from streamlit.testing.v1 import AppTest

from assistant.drugs import DRUGS
from assistant.library_search import browse_library, named_topics, search_library
from assistant.models import Filters
from knowledge.settings import Settings
from ui.explore_address import View, params_of, summary_address, view_of

COFFEE = "coffee-consumption-ms-risk-hedstrom-2016"


# --- addresses -------------------------------------------------------------------------


def test_a_view_survives_its_address() -> None:
    view = View(
        summary="some-summary",
        topics=("fatigue", "sleep"),
        query="fatigue and exercise",
        since=dt.date(2020, 1, 31),
        credibility=3,
        designs=("meta-analysis",),
    )
    assert params_of(view) == {
        "s": ["some-summary"],
        "topic": ["fatigue", "sleep"],
        "q": ["fatigue and exercise"],
        "since": ["2020-01-31"],
        "credibility": ["3"],
        "design": ["meta-analysis"],
    }
    assert view_of(params_of(view)) == view
    assert params_of(View()) == {} and not View().searching


def test_an_address_with_nonsense_in_it_reads_as_what_it_can() -> None:
    view = view_of(
        {
            "s": [""],
            "topic": ["fatigue", "fatigue", " "],
            "q": ["  lots   of\tspace " + "x" * 500],
            "since": ["yesterday"],
            "credibility": ["9"],
            "design": ["astrology", "meta-analysis"],
        }
    )
    assert view.summary is None and view.topics == ("fatigue",)
    assert view.query.startswith("lots of space x") and len(view.query) == 200
    assert (view.since, view.credibility, view.designs) == (None, 1, ("meta-analysis",))


def test_back_to_the_library_keeps_the_search() -> None:
    searched = View(topics=("fatigue",), query="exercise", credibility=4)
    assert searched.opening("x").library() == searched
    assert searched.opening("x").summary == "x"
    assert searched.without_topics() == View(query="exercise", credibility=4)


def test_a_summary_address_is_the_page_with_only_the_summary() -> None:
    page = "http://127.0.0.1:8501/explore"
    assert summary_address(page, "a-b") == f"{page}?s=a-b"
    assert summary_address(f"{page}?q=x#top", "a b&c") == f"{page}?s=a+b%26c"
    assert summary_address(None, "a") == "?s=a"


# --- search over the bundled library -----------------------------------------------------


def topic_ids(engine: Any, topic: str) -> set[str]:
    summaries = engine.retriever.corpus.summaries
    return {sid for sid, view in summaries.items() if topic in view.topics}


def found_ids(engine: Any, query: str, filters: Filters | None = None) -> list[str]:
    found = search_library(engine.retriever, query, filters or Filters())
    return [view.id for view in found.summaries]


@pytest.mark.parametrize(
    ("query", "topic"),
    [
        ("pregnancy", "pregnancy and women's health"),
        ("fatigue", "fatigue"),
        ("fatigeu", "fatigue"),  # misspelt
        ("tired", "fatigue"),  # an everyday word for it
    ],
)
def test_a_search_naming_a_topic_finds_the_topics_summaries(
    bundled_engine: Any, query: str, topic: str
) -> None:
    expected = topic_ids(bundled_engine, topic)
    assert len(expected) >= 6
    found = found_ids(bundled_engine, query)
    assert len(found) == len(set(found))
    assert set(found) == expected


@pytest.mark.parametrize("query", ["tysabri", "Tysabri", "natalizumab"])
def test_a_brand_name_finds_the_drugs_summaries(bundled_engine: Any, query: str) -> None:
    """Every summary of the drug's topic, and otherwise only summaries that name it."""
    corpus = bundled_engine.retriever.corpus
    expected = topic_ids(bundled_engine, "natalizumab")
    found = set(found_ids(bundled_engine, query))
    assert expected <= found
    assert all(corpus.mentions_all(sid, ["natalizumab"]) for sid in found - expected)
    assert "tysabri" in next(d for d in DRUGS if d.generic == "natalizumab").brands


def test_a_search_ranks_what_it_retrieves_first(bundled_engine: Any) -> None:
    found = search_library(bundled_engine.retriever, "coffee", Filters())
    assert found.summaries[0].title.startswith("Heavy Coffee Drinking")
    assert found.topics == ["diet and lifestyle"]
    assert found_ids(bundled_engine, "fatigeu")[:3] == found_ids(bundled_engine, "fatigue")[:3]
    spelled = search_library(bundled_engine.retriever, "fatigeu", Filters())
    assert spelled.corrections == {"fatigeu": "fatigue"}


def test_a_search_keeps_to_the_filters(bundled_engine: Any) -> None:
    summaries = bundled_engine.retriever.corpus.summaries
    strict = Filters(min_credibility=5)
    found = found_ids(bundled_engine, "fatigue", strict)
    expected = {s for s in topic_ids(bundled_engine, "fatigue") if summaries[s].credibility == 5}
    assert set(found) == expected
    # Words that name nothing find nothing (not the whole library).
    assert found_ids(bundled_engine, "the and of") == []


def test_only_a_topic_holding_every_word_is_named(bundled_engine: Any) -> None:
    corpus = bundled_engine.retriever.corpus
    assert named_topics("fatigue and exercise", corpus) == []
    assert named_topics("kids", corpus) == ["children and teens"]
    assert named_topics("brain fog", corpus) == ["cognition"]
    assert named_topics("menopause", corpus) == ["pregnancy and women's health"]
    assert named_topics("multiple sclerosis treatment", corpus) == []


def test_browsing_lists_newest_first(bundled_engine: Any) -> None:
    corpus = bundled_engine.retriever.corpus
    listed = browse_library(corpus, Filters(topics=["fatigue"]))
    assert {v.id for v in listed} == topic_ids(bundled_engine, "fatigue")
    assert [v.published for v in listed] == sorted((v.published for v in listed), reverse=True)


# --- the page ----------------------------------------------------------------------------


@pytest.fixture
def ui_env(engine_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_app_environment(
        monkeypatch, engine_settings, tmp_path, f"sqlite:///{tmp_path / 'feedback.sqlite3'}"
    )


def run_explore() -> None:
    from ui import explore

    explore.page()


def explorer(**params: str | list[str]) -> AppTest:
    at = AppTest.from_function(run_explore, default_timeout=180)
    at.query_params.update(params)
    return at.run()


def texts(at: AppTest) -> str:
    return "\n".join(e.value for e in [*at.markdown, *at.info, *at.caption])


def test_an_address_opens_its_summary(ui_env: None) -> None:
    at = explorer(s=COFFEE, q="coffee")
    assert not at.exception
    assert at.title[0].value == "Heavy Coffee Drinking Linked to Lower Chance of Getting MS"
    back = next(b for b in at.button if b.label.endswith("Back to the library"))
    back.click().run()
    assert at.query_params == {"q": "coffee"}
    assert at.text_input(key="explore_q").value == "coffee"
    assert at.header[0].value == "2 summaries found"


def test_unknown_summaries_and_topics_get_a_kind_sentence(ui_env: None) -> None:
    at = explorer(s="no-such-summary", topic=["no such topic", "mental health"])
    assert not at.exception
    shown = texts(at)
    assert "We could not find that summary" in shown
    assert "The library has no topic called “no such topic”" in shown
    assert at.header[0].value == "2 summaries found"  # the known topic still applies
    at = explorer(topic="no such topic")
    assert "The library has no topic called “no such topic”" in texts(at)
    assert at.header[0].value == "Newest summaries"


def test_choices_write_the_address(ui_env: None) -> None:
    at = explorer()
    assert at.header[0].value == "Newest summaries"
    at.text_input(key="explore_q").set_value("coffee").run()
    assert at.query_params == {"q": "coffee"}
    at.button(key=f"open-{COFFEE}").click().run()
    assert at.query_params == {"s": COFFEE, "q": "coffee"}
    at = explorer(topic="mental health")
    next(b for b in at.button if b.label == "Clear the chosen topics").click().run()
    assert at.query_params == {} and at.header[0].value == "Newest summaries"
