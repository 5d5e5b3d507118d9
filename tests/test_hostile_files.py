"""Hostile entries in the library folder: devices, FIFOs, links leaving the folder, files
that lie about their size. Only regular files inside the folder are read, and at most
``max_bytes + 1`` bytes of them; every refusal is a ``path:1: file:`` problem."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import FakeEmbeddings

from knowledge.ingest import run_ingest
from knowledge.library import load_library
from knowledge.library_format import ParseResult, read_summary_file
from knowledge.settings import Settings
from knowledge.store import ChunkIndex

OBESITY_ID = "adolescent-obesity-ms-risk-nurses-health-munger-2009"


def without_hanging(read: Callable[[], Any], fifo: Path) -> Any:
    """Run ``read`` in a thread; if it blocks on ``fifo``, unblock it (open the write end,
    so the reader sees end of file) and fail instead of hanging the test run."""
    result: list[Any] = []
    worker = threading.Thread(target=lambda: result.append(read()), daemon=True)
    worker.start()
    worker.join(60)  # a guard against a hang, not a measurement
    hung = worker.is_alive()
    if hung:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join()
    assert not hung, f"reading {fifo} blocked"
    return result[0]


def only_problem(result: ParseResult) -> str:
    assert result.summary is None and len(result.problems) == 1
    problem = result.problems[0]
    assert (problem.line, problem.field) == (1, "file")
    return str(problem)


def test_a_link_to_dev_zero_is_refused_not_read(library_dir: Path) -> None:
    (library_dir / "zero.md").symlink_to("/dev/zero")
    loaded = load_library(library_dir)
    assert list(loaded.summaries) == [OBESITY_ID]
    assert loaded.invalid_files == [str(library_dir / "zero.md")]
    assert str(loaded.problems[0]).startswith(f"{library_dir / 'zero.md'}:1: file: ")


def test_a_device_is_refused_even_inside_the_root(tmp_path: Path) -> None:
    link = tmp_path / "zero.md"
    link.symlink_to("/dev/zero")
    message = only_problem(read_summary_file(link, root=Path("/")))
    assert "a character device, not a regular file" in message


def test_a_fifo_in_the_library_does_not_hang_ingest(library_dir: Path) -> None:
    fifo = library_dir / "pipe.md"
    os.mkfifo(fifo)
    loaded = without_hanging(lambda: load_library(library_dir), fifo)
    assert list(loaded.summaries) == [OBESITY_ID]
    assert loaded.invalid_files == [str(fifo)]
    assert str(loaded.problems[0]) == f"{fifo}:1: file: a FIFO (named pipe), not a regular file"


def test_a_fifo_swapped_in_after_the_check_does_not_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "swapped.md"
    path.write_text("---\n")
    real_stat = os.stat
    swapped: list[bool] = []

    def stat_then_swap(target: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        status = real_stat(target, *args, **kwargs)
        if os.fspath(target) == str(path) and not swapped:
            swapped.append(True)
            path.unlink()  # the file becomes a FIFO between the check and the open
            os.mkfifo(path)
        return status

    monkeypatch.setattr(os, "stat", stat_then_swap)
    result = without_hanging(lambda: read_summary_file(path), path)
    assert swapped
    assert "a FIFO (named pipe), not a regular file" in only_problem(result)


def test_a_link_leaving_the_library_is_refused(library_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "second-summary.md").write_text(
        (library_dir / f"{OBESITY_ID}.md").read_text().replace(OBESITY_ID, "second-summary")
    )
    link = library_dir / "second-summary.md"
    link.symlink_to(outside / "second-summary.md")
    loaded = load_library(library_dir)
    assert list(loaded.summaries) == [OBESITY_ID]
    assert loaded.invalid_files == [str(link)]
    message = str(loaded.problems[0])
    assert message.startswith(f"{link}:1: file: a link to {outside / 'second-summary.md'}")
    assert "outside the folder" in message


def test_a_link_inside_the_library_is_read(library_dir: Path) -> None:
    kept = library_dir / "kept"
    kept.mkdir()
    (library_dir / f"{OBESITY_ID}.md").rename(kept / f"{OBESITY_ID}.md")
    (library_dir / f"{OBESITY_ID}.md").symlink_to(kept / f"{OBESITY_ID}.md")
    loaded = load_library(library_dir)
    assert list(loaded.summaries) == [OBESITY_ID] and not loaded.problems


def test_a_folder_named_like_a_summary_is_refused(library_dir: Path) -> None:
    (library_dir / "folder.md").mkdir()
    loaded = load_library(library_dir)
    assert str(loaded.problems[0]) == (
        f"{library_dir / 'folder.md'}:1: file: a folder, not a regular file"
    )


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs Linux procfs")
def test_the_limit_holds_for_a_file_that_reports_size_zero() -> None:
    # procfs files are regular files whose st_size is 0 whatever they hold; the limit
    # must apply to the bytes read, not to the size the file reports.
    assert os.stat("/proc/self/maps").st_size == 0
    message = only_problem(read_summary_file(Path("/proc/self/maps"), max_bytes=100))
    assert message.endswith("file: more than 100 bytes, over the 100-byte limit")


def test_a_refused_file_keeps_its_indexed_version(
    settings: Settings, fake_embeddings: FakeEmbeddings, tmp_path: Path
) -> None:
    library = settings.library.directory
    run_ingest(load_library(library), ChunkIndex.open(settings), fake_embeddings)
    original = library / f"{OBESITY_ID}.md"
    outside = tmp_path / "outside.md"
    outside.write_text(original.read_text().replace("memory can be wrong", "REPLACED TEXT"))
    original.unlink()
    original.symlink_to(outside)
    report = run_ingest(load_library(library), ChunkIndex.open(settings), fake_embeddings)
    assert (report.invalid, report.updated, report.removed) == (1, 0, 0)
    texts = [c.text for c in ChunkIndex.open(settings).chunks({"summary_id": OBESITY_ID})]
    assert texts and not any("REPLACED TEXT" in t for t in texts)
