"""The chunker: no text lost, ids deterministic, sections respected."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.chunking import chunk_summary, chunk_version, pack_sentences, split_sentences
from knowledge.models import SECTION_TITLES, Source, Summary

words = st.text(alphabet="abcdefghij XYZ,;0123456789", min_size=1, max_size=40)
sentences = st.lists(
    st.builds(
        lambda w, end: f"{w.strip() or 'x'}{end}", words, st.sampled_from([".", "!", "?", ""])
    ),
    min_size=1,
    max_size=25,
)


def make_summary(**sections: str) -> Summary:
    texts = {name: sections.get(name, f"{name} text.") for name in SECTION_TITLES}
    return Summary(
        id="test-summary",
        title="A test",
        published=dt.date(2024, 1, 1),
        credibility=3,
        interest=3,
        topics=["fatigue"],
        source=Source(title="T", url="https://example.org/x", study_type="cohort study"),
        **texts,
    )


@given(sentences, st.integers(min_value=200, max_value=1200))
@settings(max_examples=150, deadline=None)
def test_no_text_lost_and_ids_stable(parts: list[str], max_chars: int) -> None:
    text = " ".join(parts)
    summary = make_summary(what_they_found=text)
    chunks = chunk_summary(summary, max_chars)
    found = [c for c in chunks if c.section == "what_they_found"]
    assert " ".join(c.text for c in found) == " ".join(text.split())
    version = chunk_version(summary, max_chars)
    assert [c.id for c in found] == [
        f"test-summary#what_they_found-{n}@{version}" for n in range(len(found))
    ]
    assert [c.id for c in chunk_summary(summary, max_chars)] == [c.id for c in chunks]
    for chunk in found:
        assert len(chunk.text) <= max_chars or len(split_sentences(chunk.text)) == 1


def test_one_chunk_per_short_section_in_order() -> None:
    chunks = chunk_summary(make_summary())
    assert [c.section for c in chunks] == list(SECTION_TITLES)
    assert all(c.n == 0 and c.summary_id == "test-summary" for c in chunks)
    assert chunks[0].topics == ["fatigue"] and chunks[0].study_type == "cohort study"


def test_long_section_splits_on_sentence_boundaries() -> None:
    text = " ".join(f"Sentence number {i} says something useful." for i in range(60))
    chunks = chunk_summary(make_summary(what_they_found=text), max_chars=300)
    found = [c for c in chunks if c.section == "what_they_found"]
    assert len(found) > 5
    assert all(c.text.endswith(".") and len(c.text) <= 300 for c in found)


def test_split_sentences_keeps_decimals_together() -> None:
    assert split_sentences("Risk was 2.25 times higher. Next one!  Third?") == [
        "Risk was 2.25 times higher.",
        "Next one!",
        "Third?",
    ]


def test_pack_sentences_never_cuts_a_long_sentence() -> None:
    assert pack_sentences(["a" * 50, "b" * 10], 20) == ["a" * 50, "b" * 10]
