"""The `msra` command as a person runs it: real model, real embedded store."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DATA

from knowledge.chunking import chunk_summary
from knowledge.library import load_library
from knowledge.settings import LibrarySettings, Settings, StoreSettings
from knowledge.store import ChunkIndex

MSRA = str(Path(sys.executable).parent / "msra")


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([MSRA, *args], env=env, capture_output=True, text=True, timeout=300)


def cli_env(library: Path, store: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MSRA_")}
    env.update(MSRA_LIBRARY__DIRECTORY=str(library), MSRA_STORE__PATH=str(store))
    return env


def settings_for(library: Path, tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        library=LibrarySettings(directory=library),
        store=StoreSettings(path=tmp_path / "store"),
    )


def test_ingest_reports_bad_files_and_indexes_the_rest(library_dir: Path, tmp_path: Path) -> None:
    shutil.copy(DATA / "broken" / "bad-fields.md", library_dir)
    env = cli_env(library_dir, tmp_path / "store")
    result = run(["ingest", "--no-progress"], env)
    assert result.returncode == 1
    assert f"{library_dir / 'bad-fields.md'}:5: credibility:" in result.stderr
    assert "added 1, updated 0, unchanged 0, removed 0, invalid 1" in result.stdout
    strict = run(["ingest", "--strict", "--no-progress"], env)
    assert strict.returncode == 2 and "Nothing was written (--strict)" in strict.stderr
    shown = run(["library", "show", "adolescent-obesity-ms-risk-nurses-health-munger-2009"], env)
    assert shown.returncode == 0
    assert "## Important Considerations" in shown.stdout and "Credibility 4/5" in shown.stdout


def test_import_pages_writes_a_valid_draft(tmp_path: Path) -> None:
    env = cli_env(tmp_path / "lib", tmp_path / "store")
    result = run(
        ["import-pages", str(DATA / "summary-page-example.txt"), "--out", str(tmp_path / "lib")],
        env,
    )
    assert result.returncode == 0, result.stderr
    assert "5 review flags" in result.stdout
    loaded = load_library(tmp_path / "lib")
    # A valid draft, held out of the index until its review flags are resolved.
    draft = tmp_path / "lib" / "how-immune-and-nervous-systems-shape-ms-care.md"
    assert loaded.summaries == {} and loaded.held_files == [str(draft)]
    assert all("held for review: open flag" in p.message for p in loaded.problems)
    again = run(
        ["import-pages", str(DATA / "summary-page-example.txt"), "--out", str(tmp_path / "lib")],
        env,
    )
    assert "exists, skipped" in again.stderr


@pytest.mark.slow
def test_kill_9_mid_ingest_converges(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    source = (
        DATA / "library" / "adolescent-obesity-ms-risk-nurses-health-munger-2009.md"
    ).read_text()
    for n in range(30):
        text = source.replace(
            "id: adolescent-obesity-ms-risk-nurses-health-munger-2009", f"id: copy-{n:02d}"
        )
        (library / f"copy-{n:02d}.md").write_text(
            text.replace("Teen Obesity", f"Copy {n} of Teen Obesity")
        )
    env = cli_env(library, tmp_path / "store")
    rng = random.Random(7)
    for _ in range(10):  # ten kill -9 trials at random points of an ingest
        process = subprocess.Popen(
            [MSRA, "ingest", "--no-progress"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(1.0, 4.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        # Whatever state the kill left, the index never holds a chunk of an unknown summary.
        partial = ChunkIndex.open(settings_for(library, tmp_path)).manifest()
        assert set(partial) <= {f"copy-{n:02d}" for n in range(30)}
    assert run(["ingest", "--no-progress"], env).returncode == 0
    settings = settings_for(library, tmp_path)
    expected = {c.id for s in load_library(library).summaries.values() for c in chunk_summary(s)}
    manifest = ChunkIndex.open(settings).manifest()
    assert {cid for entry in manifest.values() for cid in entry.chunk_ids} == expected
    assert len(manifest) == 30


def test_stopping_serve_stops_the_web_server(tmp_path: Path) -> None:
    """`msra serve` becomes the Streamlit process: stopping it leaves nothing listening."""
    import socket

    from conftest import free_port, wait_for_port

    port = free_port()
    env = cli_env(DATA / "engine-library", tmp_path / "store")
    process = subprocess.Popen(
        [MSRA, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, 60)
    finally:
        process.terminate()
    process.wait(timeout=15)  # the signal alone stops it: no kill needed
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
