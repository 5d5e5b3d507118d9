"""Incremental ingest against a real embedded Chroma store, with fake embeddings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DATA, FakeEmbeddings

from knowledge.chunking import chunk_summary
from knowledge.errors import IngestConflictError, LibraryError
from knowledge.ingest import run_ingest
from knowledge.library import load_library
from knowledge.settings import Settings
from knowledge.store import ChunkIndex

OBESITY_ID = "adolescent-obesity-ms-risk-nurses-health-munger-2009"


def ingest(settings: Settings, embeddings: FakeEmbeddings, strict: bool = False):  # type: ignore[no-untyped-def]
    library = load_library(settings.library.directory)
    return run_ingest(library, ChunkIndex.open(settings), embeddings, strict=strict)


def expected_chunk_ids(directory: Path) -> set[str]:
    library = load_library(directory)
    return {c.id for s in library.summaries.values() for c in chunk_summary(s)}


def make_second_summary(directory: Path) -> None:
    text = (directory / f"{OBESITY_ID}.md").read_text()
    text = text.replace(f"id: {OBESITY_ID}", "id: second-summary")
    (directory / "second-summary.md").write_text(text.replace("Teen Obesity", "Second"))


def test_first_run_adds_second_run_embeds_nothing(
    settings: Settings, fake_embeddings: FakeEmbeddings
) -> None:
    make_second_summary(settings.library.directory)
    first = ingest(settings, fake_embeddings)
    assert (first.added, first.unchanged, first.chunks_total) == (2, 0, 8)
    assert first.chunks_embedded == 8
    fake_embeddings.embedded.clear()
    second = ingest(settings, fake_embeddings)
    assert (second.added, second.updated, second.unchanged, second.chunks_written) == (0, 0, 2, 0)
    assert fake_embeddings.embedded == []


def test_edit_reembeds_only_the_changed_section(
    settings: Settings, fake_embeddings: FakeEmbeddings
) -> None:
    ingest(settings, fake_embeddings)
    path = settings.library.directory / f"{OBESITY_ID}.md"
    path.write_text(path.read_text().replace("memory can be wrong", "memory is not always right"))
    fake_embeddings.embedded.clear()
    report = ingest(settings, fake_embeddings)
    assert report.updated == 1
    assert len(fake_embeddings.embedded) == 1
    assert "memory is not always right" in fake_embeddings.embedded[0]
    index = ChunkIndex.open(settings)
    texts = [c.text for c in index.chunks({"summary_id": OBESITY_ID})]
    assert any("memory is not always right" in t for t in texts)


def test_an_edit_is_published_beside_the_version_readers_hold(
    settings: Settings, fake_embeddings: FakeEmbeddings
) -> None:
    """A reader of the published version keeps every chunk of it while the next is
    written, after it is published, and after any number of later ingests for as long as
    it may still hold it (``keep_retired_s``); the first ingest after that deletes it."""
    index = ChunkIndex.open(settings)
    library = settings.library.directory
    ingest(settings, fake_embeddings)
    first = index.version()
    old_texts = sorted(c.text for c in index.iter_chunks(first))
    path = library / f"{OBESITY_ID}.md"
    path.write_text(path.read_text().replace("memory can be wrong", "memory is not always right"))
    ingest(settings, fake_embeddings)
    second = index.version()
    assert second > first
    assert sorted(c.text for c in index.iter_chunks(first)) == old_texts
    assert any("not always right" in c.text for c in index.iter_chunks(second))
    both = index.count()
    for before, after in [("not always right", "sometimes wrong"), ("sometimes", "at times")]:
        path.write_text(path.read_text().replace(before, after))
        ingest(settings, fake_embeddings)
    assert sorted(c.text for c in index.iter_chunks(first)) == old_texts, (
        "a reader still on the first version finds all of it, two ingests later"
    )
    run_ingest(load_library(library), index, fake_embeddings, keep_retired_s=0.0)
    assert not any("memory can be wrong" in c.text for c in index.iter_chunks(first)), (
        "the first ingest once no reader can hold it deletes it"
    )
    assert index.count() == len(list(index.iter_chunks())) < both, "only the published one is left"


class IngestMidway(FakeEmbeddings):
    """Embeddings that, at their second call, let another ingest run to the end."""

    def __init__(self, other: Callable[[], object]) -> None:
        super().__init__()
        self.other: Callable[[], object] | None = other
        self.calls = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        if self.calls == 2 and self.other is not None:
            self.other()
        return super().embed_documents(texts)


def test_two_ingests_at_once_never_publish_a_broken_version(
    settings: Settings, fake_embeddings: FakeEmbeddings
) -> None:
    """The second ingest finds the first one's chunks unpublished and deletes them; the
    first must then not publish a version whose chunks are gone."""
    index = ChunkIndex.open(settings)
    ingest(settings, fake_embeddings)
    path = settings.library.directory / f"{OBESITY_ID}.md"
    path.write_text(path.read_text().replace("memory can be wrong", "memory is not always right"))
    make_second_summary(settings.library.directory)
    library = load_library(settings.library.directory)

    def other_ingest() -> None:
        path.write_text(path.read_text().replace("not always right", "sometimes wrong"))
        ingest(settings, FakeEmbeddings())

    with pytest.raises(IngestConflictError):
        run_ingest(library, index, IngestMidway(other_ingest), batch_summaries=1)
    published = {c.id for c in index.iter_chunks()}
    assert published == expected_chunk_ids(settings.library.directory)


def test_removed_file_is_deleted_from_index(
    settings: Settings, fake_embeddings: FakeEmbeddings
) -> None:
    make_second_summary(settings.library.directory)
    ingest(settings, fake_embeddings)
    (settings.library.directory / "second-summary.md").unlink()
    report = ingest(settings, fake_embeddings)
    assert report.removed == 1
    assert set(ChunkIndex.open(settings).manifest()) == {OBESITY_ID}


def test_invalid_edit_keeps_the_indexed_version(
    settings: Settings, fake_embeddings: FakeEmbeddings
) -> None:
    make_second_summary(settings.library.directory)
    ingest(settings, fake_embeddings)
    path = settings.library.directory / "second-summary.md"
    path.write_text(path.read_text().replace("credibility: 4", "credibility: 9"))
    report = ingest(settings, fake_embeddings)
    assert (report.invalid, report.removed) == (1, 0)
    assert any("second-summary.md:5: credibility:" in p for p in report.problems)
    assert set(ChunkIndex.open(settings).manifest()) == {OBESITY_ID, "second-summary"}


def test_strict_run_writes_nothing_when_a_file_is_bad(
    settings: Settings, fake_embeddings: FakeEmbeddings
) -> None:
    (settings.library.directory / "bad-fields.md").write_text(
        (DATA / "broken" / "bad-fields.md").read_text()
    )
    with pytest.raises(LibraryError) as caught:
        ingest(settings, fake_embeddings, strict=True)
    assert "Nothing was written" in caught.value.hint
    assert ChunkIndex.open(settings).count() == 0
    report = ingest(settings, fake_embeddings)
    assert (report.added, report.invalid) == (1, 1)


def test_empty_library_folder_does_not_wipe_the_index(
    settings: Settings, fake_embeddings: FakeEmbeddings
) -> None:
    ingest(settings, fake_embeddings)
    for path in settings.library.directory.glob("*.md"):
        path.unlink()
    with pytest.raises(LibraryError, match="refusing to empty the index"):
        ingest(settings, fake_embeddings)
    assert ChunkIndex.open(settings).count() == 4


class ExplodingEmbeddings(FakeEmbeddings):
    """Fails on the n-th call, like a process killed mid-ingest."""

    def __init__(self, fail_on_call: int) -> None:
        super().__init__()
        self.calls = 0
        self.fail_on_call = fail_on_call

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        if self.calls == self.fail_on_call:
            raise RuntimeError("killed")
        return super().embed_documents(texts)


def test_interrupted_ingest_converges(settings: Settings) -> None:
    for n in range(5):
        text = (settings.library.directory / f"{OBESITY_ID}.md").read_text()
        (settings.library.directory / f"copy-{n}.md").write_text(
            text.replace(f"id: {OBESITY_ID}", f"id: copy-{n}")
        )
    library = load_library(settings.library.directory)
    index = ChunkIndex.open(settings)
    with pytest.raises(RuntimeError):
        run_ingest(library, index, ExplodingEmbeddings(fail_on_call=2), batch_summaries=2)
    assert 0 < index.count() < 24
    report = run_ingest(library, index, FakeEmbeddings(), batch_summaries=2)
    assert report.added + report.unchanged == 6
    manifest = index.manifest()
    assert {cid for entry in manifest.values() for cid in entry.chunk_ids} == expected_chunk_ids(
        settings.library.directory
    )
    again = run_ingest(library, index, FakeEmbeddings())
    assert again.unchanged == 6 and again.chunks_written == 0


def test_a_chunk_deleted_during_a_search_is_no_hit(
    settings: Settings, fake_embeddings: FakeEmbeddings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chroma returns a deleted chunk's id without its record when an ingest deletes it
    between the vector search and the record fetch (seen during re-ingests)."""
    ingest(settings, fake_embeddings)
    index = ChunkIndex.open(settings)
    vector = fake_embeddings.embed_query("teen obesity")
    real = index.collection.query
    found = real(query_embeddings=[vector], n_results=3, include=["documents"])["ids"][0]

    def racing(**kwargs: object) -> dict[str, list[list[object]]]:
        result = real(**kwargs)  # type: ignore[arg-type]
        result["documents"][0][0] = result["metadatas"][0][0] = None  # type: ignore[index]
        return result  # type: ignore[return-value]

    monkeypatch.setattr(index.collection, "query", racing)
    hits = index.query(vector, 3)
    assert [h.chunk.id for h in hits] == found[1:]
