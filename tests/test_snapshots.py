"""Snapshots ingest writes beside the store: readers load them instead of rebuilding."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO, FakeEmbeddings

from assistant import triage, vocabulary
from assistant.corpus import Corpus
from assistant.engine import AnswerEngine
from assistant.retrieval import HybridRetriever
from knowledge.ingest import ingest_library
from knowledge.lexical import KEEP, gc_paused
from knowledge.models import EvidenceCard, Source
from knowledge.settings import Settings
from knowledge.store import ChunkIndex, snapshot_folder

OBESITY_ID = "adolescent-obesity-ms-risk-nurses-health-munger-2009"
QUERIES = ["teen obesity and ms risk", "body mass index in girls", "vitamin d"]


def add_copies(directory: Path, count: int) -> None:
    text = (directory / f"{OBESITY_ID}.md").read_text()
    for n in range(count):
        copy = text.replace(f"id: {OBESITY_ID}", f"id: copy-{n}")
        (directory / f"copy-{n}.md").write_text(copy.replace("Teen Obesity", f"Copy {n}"))


def reader(settings: Settings, index: ChunkIndex) -> HybridRetriever:
    folder = snapshot_folder(settings)
    return HybridRetriever(index, FakeEmbeddings(), settings.retrieval, snapshots=folder)


def test_a_reader_loads_the_snapshot_ingest_wrote(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_copies(settings.library.directory, 3)
    index = ChunkIndex.open(settings)
    ingest_library(settings, index, FakeEmbeddings())
    from_store = Corpus(index.iter_chunks())

    def no_store_reads(*args: object, **kwargs: object) -> None:
        raise AssertionError("the snapshot was rebuilt from the store")

    monkeypatch.setattr(index, "iter_chunks", no_store_reads)
    loaded = reader(settings, index).corpus
    assert len(loaded.chunks) > len(loaded.summaries) > 1
    assert list(loaded.chunks) == list(from_store.chunks), "every field of every chunk"
    assert loaded.idf == from_store.idf
    assert loaded.chunk_index == from_store.chunk_index
    for query in QUERIES:
        assert [(c.id, s) for c, s in loaded.lexical(query, 5)] == [
            (c.id, s) for c, s in from_store.lexical(query, 5)
        ]


def test_a_file_that_turned_invalid_keeps_its_version_in_the_snapshot(
    settings: Settings,
) -> None:
    add_copies(settings.library.directory, 2)
    index = ChunkIndex.open(settings)
    ingest_library(settings, index, FakeEmbeddings())
    (settings.library.directory / "copy-0.md").write_text("---\nid: [broken\n")
    (settings.library.directory / "copy-1.md").unlink()  # so this run publishes
    report = ingest_library(settings, index, FakeEmbeddings())
    assert report.invalid == 1 and report.removed == 1
    loaded = reader(settings, index).corpus
    assert set(loaded.summaries) == {OBESITY_ID, "copy-0"}


@pytest.mark.parametrize(
    "damage",
    [
        lambda line: "not json",
        lambda line: line.replace('"what_they_found", 0,', '"what_they_found", -1,', 1),
        lambda line: line.replace('"what_they_found", 0,', '"what_they_found", "0",', 1),
        lambda line: line.replace('"what_they_found", 0,', '"not_a_section", 0,', 1),
        # The header every summary is listed by is validated when the snapshot is read.
        lambda line: line.replace('"published": "', '"published": "x', 1),
        lambda line: line.replace('"title": "', '"title": ["', 1).replace('",', '"],', 1),
    ],
)
def test_an_unreadable_snapshot_is_rebuilt_from_the_store(
    settings: Settings, damage: Callable[[str], str]
) -> None:
    index = ChunkIndex.open(settings)
    ingest_library(settings, index, FakeEmbeddings())
    folder = snapshot_folder(settings)
    assert folder is not None
    lines = folder / str(index.version()) / "summaries.jsonl"
    first, *rest = lines.read_text().splitlines()
    assert damage(first) != first
    lines.write_text("\n".join([damage(first), *rest]) + "\n")
    loaded = reader(settings, index).corpus
    assert list(loaded.chunks) == list(Corpus(index.iter_chunks()).chunks)


def test_only_the_newest_snapshots_are_kept(settings: Settings) -> None:
    index = ChunkIndex.open(settings)
    for n in range(KEEP + 2):
        add_copies(settings.library.directory, n + 1)  # each run adds one summary
        ingest_library(settings, index, FakeEmbeddings())
    folder = snapshot_folder(settings)
    assert folder is not None
    kept = sorted(int(p.name) for p in folder.iterdir())
    assert len(kept) == KEEP and kept[-1] == index.version()


def test_a_server_without_a_shared_folder_has_no_snapshots(settings: Settings) -> None:
    remote = settings.model_copy(
        update={"store": settings.store.model_copy(update={"host": "127.0.0.1"})}
    )
    assert snapshot_folder(remote) is None
    shared = remote.model_copy(
        update={"store": remote.store.model_copy(update={"snapshots": Path("/srv/snap")})}
    )
    assert snapshot_folder(shared) == Path("/srv/snap") / snapshot_folder(settings).name  # type: ignore[union-attr]


def test_the_vocabulary_is_built_once_per_snapshot_and_loaded_after(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_copies(settings.library.directory, 2)
    index = ChunkIndex.open(settings)
    ingest_library(settings, index, FakeEmbeddings())
    first = reader(settings, index).corpus
    built = vocabulary.vocabulary_of(first)
    assert first.folder is not None
    saved = list(first.folder.glob("vocabulary-*.json"))
    assert len(saved) == 1

    def no_build(*args: object) -> None:
        raise AssertionError("the saved vocabulary was built again")

    monkeypatch.setattr(vocabulary, "build_vocabulary", no_build)
    again = reader(settings, index).corpus
    assert again is not first and vocabulary.vocabulary_of(again) == built
    assert "copy" in built.words and built.names

    saved[0].write_text('{"words": [')  # unreadable: built again, not an error
    monkeypatch.undo()
    third = reader(settings, index).corpus
    assert vocabulary.vocabulary_of(third) == built


def test_ingest_saves_the_vocabulary_so_no_reader_builds_it(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_copies(settings.library.directory, 2)
    index = ChunkIndex.open(settings)
    report = ingest_library(settings, index, FakeEmbeddings())
    folder = snapshot_folder(settings)
    assert folder is not None and report.prepared_s > 0
    assert len(list((folder / str(index.version())).glob("vocabulary-*.json"))) == 1

    def no_build(*args: object) -> None:
        raise AssertionError("a reader built the vocabulary ingest should have saved")

    monkeypatch.setattr(vocabulary, "build_vocabulary", no_build)
    assert "copy" in vocabulary.vocabulary_of(reader(settings, index).corpus).words
    ingest_library(settings, index, FakeEmbeddings())  # nothing changed: nothing rebuilt


def test_a_failing_reader_hook_does_not_fail_the_ingest(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(vocabulary, "prepare_snapshot", broken)
    index = ChunkIndex.open(settings)
    report = ingest_library(settings, index, FakeEmbeddings())
    assert report.added and "preparing assistant for readers failed" in caplog.text
    assert reader(settings, index).corpus.summaries  # readers build it themselves


def test_a_warm_engine_answers_without_loading_anything(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = ChunkIndex.open(settings)
    ingest_library(settings, index, FakeEmbeddings())
    engine = AnswerEngine(settings, reader(settings, index))
    engine.warm()

    def no_load(*args: object) -> None:
        raise AssertionError("the first answer loaded what warm() should have")

    monkeypatch.setattr(vocabulary, "build_vocabulary", no_load)
    monkeypatch.setattr(vocabulary, "load_vocabulary", no_load)
    monkeypatch.setattr(engine.retriever, "_load", no_load)
    monkeypatch.setattr(triage, "shared_model", no_load)
    answer = engine.answer("Does teen obesity change MS risk?")
    assert answer.citations


def test_a_reader_makes_chunks_only_for_the_summaries_it_reads(settings: Settings) -> None:
    add_copies(settings.library.directory, 4)
    index = ChunkIndex.open(settings)
    ingest_library(settings, index, FakeEmbeddings())
    corpus = reader(settings, index).corpus
    views = corpus.summaries.values()
    assert len(views) == 5 and not any(v.given for v in views), "nothing made at start"
    hits = corpus.lexical("teen obesity", 2)
    made = {v.id for v in views if v.given}
    assert made == {c.summary_id for c, _ in hits} and 1 <= len(made) < 5
    assert corpus.chunks[len(corpus.chunks) - 1] is corpus.chunks[-1] is list(corpus.chunks)[-1]


def test_a_reader_validates_a_card_and_source_only_when_they_are_read(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A snapshot lists every summary from its header; the card and source (most of a
    summary's validation) wait until something reads them, and are validated once."""
    coffee = "coffee-consumption-ms-risk-hedstrom-2016.md"
    shutil.copy(REPO / "knowledge" / "library" / coffee, settings.library.directory)
    index = ChunkIndex.open(settings)
    ingest_library(settings, index, FakeEmbeddings())
    validated: list[str] = []
    for model in (EvidenceCard, Source):
        real = model.model_validate_json

        def counted(
            data: str | bytes, real: Callable[..., object] = real, name: str = model.__name__
        ) -> object:
            validated.append(name)
            return real(data)

        monkeypatch.setattr(model, "model_validate_json", counted)
    corpus = reader(settings, index).corpus
    view = corpus.summaries[coffee.removesuffix(".md")]
    assert view.title and view.published and validated == []
    assert view.card is not None and view.source is not None
    assert view.card is view.card and view.source is view.source
    assert sorted(validated) == ["EvidenceCard", "Source"]


def test_the_collector_is_paused_while_a_snapshot_loads(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading makes millions of objects that all stay alive; collections during it, or
    after it, only rescan them: they are frozen out of later collections. The
    collector's state is restored after, on failure too."""
    index = ChunkIndex.open(settings)
    ingest_library(settings, index, FakeEmbeddings())
    from knowledge.lexical import read_snapshot

    seen: list[bool] = []

    def spy(folder: Path, version: int) -> object:
        seen.append(gc.isenabled())
        return read_snapshot(folder, version)

    monkeypatch.setattr("assistant.retrieval.read_snapshot", spy)
    corpus = reader(settings, index).corpus
    assert corpus.summaries and seen == [False]
    assert gc.isenabled()
    loaded = next(iter(corpus.summaries.values()))
    assert gc.is_tracked(loaded) and gc.get_freeze_count() > len(corpus.summaries)
    assert not any(o is loaded for o in gc.get_objects()), "collections scan the snapshot"
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled(), "a caller that had paused it keeps it paused"
    finally:
        gc.enable()


def test_a_reader_of_a_store_with_nothing_indexed_says_to_ingest(settings: Settings) -> None:
    """An empty store is a setup step, not a library with no summary on the question;
    chunks written but never published (as the benchmark writes them) are still read."""
    from knowledge.chunking import chunk_summary
    from knowledge.errors import LibraryNotIndexedError
    from knowledge.library import load_library

    index = ChunkIndex.open(settings)
    with pytest.raises(LibraryNotIndexedError, match="has not been indexed"):
        reader(settings, index).refresh()
    summary = load_library(settings.library.directory).summaries[OBESITY_ID]
    chunks = chunk_summary(summary)
    index.upsert(chunks, np.asarray(FakeEmbeddings().embed_documents([c.text for c in chunks])))
    assert index.version() == 0
    assert OBESITY_ID in reader(settings, index).corpus.summaries
