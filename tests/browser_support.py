"""The app in a real browser, shared by every browser test module: one `msra serve` on
127.0.0.1 for the whole session, Debian chromium driven by Playwright, and page helpers.

Screenshots go to test-artifacts/ (and, with MSRA_DOCS_SCREENSHOTS=1, to docs/).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, free_port, stop_process, wait_for_port

from knowledge.settings import Settings

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def app_url(engine_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`msra serve` over the engine fixture library on a free port, stopped after the
    session."""
    yield from _serve(engine_settings, tmp_path_factory)


@pytest.fixture(scope="session")
def bundled_app_url(bundled_engine: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`msra serve` over the bundled library (indexed once per session), for journeys
    that need its 109 summaries and 50 topics."""
    yield from _serve(bundled_engine.settings, tmp_path_factory)


def _serve(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MSRA_")}
    env.update(
        MSRA_LIBRARY__DIRECTORY=str(settings.library.directory),
        MSRA_STORE__PATH=str(settings.store.path),
        MSRA_UI__DATABASE_URL=f"sqlite:///{tmp_path_factory.mktemp('ui') / 'msra.sqlite3'}",
        MSRA_UI__STAFF_PASSWORD="staff-secret",
        MSRA_EVALS__CASES_DIR=str(REPO / "tests" / "data" / "eval-cases"),
        MSRA_EVALS__RUNS_DIR=str(tmp_path_factory.mktemp("eval-runs")),
    )
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "msra"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
    )
    try:
        wait_for_port(port, timeout=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(process)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Chromium for one test module. Not for the session: Playwright's sync API keeps an
    event loop running in this thread while it is open, and later tests call asyncio.run."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run `make browsers` (part of `make test`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


def shot(page: object, name: str) -> None:
    """A full-page screenshot in test-artifacts/ (and docs/ when asked)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    if os.environ.get("MSRA_DOCS_SCREENSHOTS") == "1":
        shutil.copy(path, REPO / "docs" / f"screenshot-{name}.png")


DESKTOP = {"width": 1100, "height": 900}
PHONE = {"width": 390, "height": 844}


def new_page(browser: object, url: str, viewport: dict[str, int] = DESKTOP) -> object:
    """A page on ``url`` that fails the test if a script opens a dialog."""
    page = browser.new_page(viewport=viewport)  # type: ignore[attr-defined]
    page.on("dialog", lambda dialog: pytest.fail(f"a script ran: {dialog.message}"))
    page.goto(url)
    page.get_by_placeholder("Ask a question about MS research").wait_for(timeout=60_000)
    return page


def ask(page: object, question: str) -> None:
    """Type ``question`` in the chat box and press Enter."""
    box = page.get_by_placeholder("Ask a question about MS research")  # type: ignore[attr-defined]
    box.fill(question)
    box.press("Enter")


def caveats(page: object) -> Any:
    """The visible "Important considerations:" of every source card on the page (the
    copy button's hidden text holds the same words)."""
    return page.get_by_text("Important considerations:").filter(visible=True)  # type: ignore[attr-defined]
