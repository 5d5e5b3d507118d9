"""20 concurrent chat sessions while a re-ingest rewrites summaries: no errors, no
answer cites a half-written summary, and every answer is one that a single published
version of the library gives (no answer mixes two versions)."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import DATA

from assistant.api import build_engine
from assistant.models import Answer
from knowledge.embeddings import make_embeddings
from knowledge.ingest import ingest_library
from knowledge.library import load_library
from knowledge.settings import LibrarySettings, Settings, StoreSettings
from knowledge.store import ChunkIndex

pytestmark = pytest.mark.slow
QUESTIONS = [
    "Does coffee lower MS risk?",
    "Can older people stop their MS drugs?",
    "Does online therapy help depression in MS?",
    "Does siponimod help secondary progressive MS?",
    "Was teen obesity linked to MS?",
    "Does mindfulness improve quality of life?",
    "how much did they drink?",
    "How do I bake bread?",
]
EDITED = ["coffee-consumption-ms-risk-hedstrom-2016", "discoms-stopping-dmt-older-adults"]
MARK = " This sentence marks edit version {}."


class MarkedLibrary:
    """The test library, with the edited summaries' caveats marked with a version."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        loaded = load_library(folder)
        self.originals = {sid: loaded.summaries[sid].important_considerations for sid in EDITED}
        self.version = 0

    def text(self, sid: str, version: int) -> str:
        return self.originals[sid] + (MARK.format(version) if version else "")

    def write(self, version: int) -> None:
        for sid in EDITED:
            path = self.folder / f"{sid}.md"
            current = self.text(sid, self.version)
            path.write_text(path.read_text().replace(current, self.text(sid, version)))
        self.version = version


def _cited(answer: Answer) -> tuple[str, ...]:
    return tuple(c.summary_id for c in answer.citations)


def test_twenty_sessions_during_reingest(tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(DATA / "engine-library", library)
    config = Settings(
        _env_file=None,  # type: ignore[call-arg]
        library=LibrarySettings(directory=library),
        store=StoreSettings(path=tmp_path / "chroma"),
        retrieval={"snapshot_check_s": 1},  # type: ignore[arg-type]
    )
    embeddings = make_embeddings(config.embeddings)
    index = ChunkIndex.open(config)
    engine = build_engine(config, use_configured_llm=False)
    marked = MarkedLibrary(library)
    # What each version of the library answers, one version at a time.
    expected: dict[str, set[tuple[str, ...]]] = {q: set() for q in QUESTIONS}
    for version in (1, 2, 3, 0):
        marked.write(version)
        ingest_library(config, index, embeddings)
        engine.retriever.refresh()
        for question in QUESTIONS:
            expected[question].add(_cited(engine.answer(question)))
    allowed = {sid: {" ".join(marked.text(sid, v).split()) for v in range(4)} for sid in EDITED}

    def reingest() -> int:
        for version in range(1, 4):
            marked.write(version)
            ingest_library(config, index, embeddings)
        return 3

    def session(n: int) -> list[Answer]:
        return [engine.answer(QUESTIONS[(n + i) % len(QUESTIONS)]) for i in range(50)]

    with ThreadPoolExecutor(max_workers=21) as pool:
        writer = pool.submit(reingest)
        sessions = [pool.submit(session, n) for n in range(20)]
        results = [a for future in sessions for a in future.result()]  # re-raises any error
        assert writer.result() == 3
    assert len(results) == 1000
    mixed = [
        (a.question, _cited(a), sorted(expected[a.question]))
        for a in results
        if _cited(a) not in expected[a.question]
    ]
    assert mixed == [], "answers no single library version would give"
    for answer in results:
        for citation in answer.citations:
            if citation.summary_id in allowed:
                assert citation.caveats in allowed[citation.summary_id], (
                    "a half-written summary was cited"
                )
    cited_versions = {
        c.caveats[-30:] for a in results for c in a.citations if c.summary_id == EDITED[0]
    }
    assert len(cited_versions) >= 2, "answers saw the edits while they happened"
