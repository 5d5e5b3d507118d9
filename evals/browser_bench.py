"""`msra bench browser`: Enter -> first answer text visible, in Debian chromium (offline mode)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from evals.bench import free_port, wait_for_port

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
QUESTIONS = [
    "Does coffee change the risk of MS?",
    "Can exercise help with MS fatigue?",
    "Is breastfeeding linked to fewer relapses?",
    "What is PML?",
    "Does vitamin D help after a first attack?",
]


def first_text_ms(rounds: int = 3) -> list[float]:
    """Milliseconds from pressing Enter to the first streamed answer text, per question."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "msra"), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    times: list[float] = []
    try:
        wait_for_port(port, 60)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page()
            for question in QUESTIONS * rounds:
                # A fresh session per question: the figure is a new visitor's first answer.
                page.goto(f"http://127.0.0.1:{port}")
                box = page.get_by_placeholder("Ask a question about MS research")
                box.wait_for(timeout=60_000)
                box.fill(question)
                started = time.perf_counter()
                box.press("Enter")
                answer = page.locator("[data-testid='stChatMessage']").nth(1).locator("p").first
                answer.wait_for(timeout=60_000)
                times.append((time.perf_counter() - started) * 1000)
            browser.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return times


def report(times: list[float]) -> str:
    """One line of figures."""
    p50, p95 = np.percentile(times, [50, 95])
    figures = f"p50 {p50:.0f} ms, p95 {p95:.0f} ms over {len(times)} questions"
    return f"Enter -> first answer text: {figures}"
