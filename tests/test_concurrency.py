"""20 concurrent chat sessions while a re-ingest rewrites summaries: no errors, and no
answer ever cites a half-written summary."""

from __future__ import annotations

import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import DATA

from assistant.api import build_engine
from assistant.models import Answer
from knowledge.embeddings import make_embeddings
from knowledge.ingest import run_ingest
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


def test_twenty_sessions_during_reingest(tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(DATA / "engine-library", library)
    config = Settings(
        _env_file=None,  # type: ignore[call-arg]
        library=LibrarySettings(directory=library),
        store=StoreSettings(path=tmp_path / "chroma"),
        retrieval={"snapshot_check_s": 0},  # type: ignore[arg-type]
    )
    embeddings = make_embeddings(config.embeddings)
    index = ChunkIndex.open(config)
    run_ingest(load_library(library), index, embeddings)
    engine = build_engine(config, use_configured_llm=False)
    engine.answer(QUESTIONS[0])  # load the snapshot before the sessions start
    originals = {
        sid: load_library(library).summaries[sid].important_considerations for sid in EDITED
    }
    allowed = {
        sid: {" ".join((text + MARK.format(v) * (v > 0)).split()) for v in range(4)}
        for sid, text in originals.items()
    }
    stop = threading.Event()

    def reingest() -> int:
        runs = 0
        for version in range(1, 4):
            for sid in EDITED:
                path = library / f"{sid}.md"
                text = path.read_text()
                old = originals[sid] + (MARK.format(version - 1) if version > 1 else "")
                path.write_text(text.replace(old, originals[sid] + MARK.format(version)))
            run_ingest(load_library(library), index, embeddings)
            runs += 1
        stop.set()
        return runs

    def session(n: int) -> list[Answer]:
        answers: list[Answer] = []
        history = []
        for i in range(50):
            answer = engine.answer(QUESTIONS[(n + i) % len(QUESTIONS)], history[-2:])
            answers.append(answer)
            history.append(answer.as_turn())
        return answers

    with ThreadPoolExecutor(max_workers=21) as pool:
        writer = pool.submit(reingest)
        sessions = [pool.submit(session, n) for n in range(20)]
        results = [a for future in sessions for a in future.result()]
        assert writer.result() == 3
    assert len(results) == 1000
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
