"""The Ask page in a real browser (issue #15), at desktop and phone width: the view
shows an answer's start, a reload brings the conversation back, the answer copies as
plain text, a live region announces it, and a refused question stays in the box."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import DESKTOP, PHONE, ask, new_page, shot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COFFEE = "Does drinking coffee change the risk of MS?"
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}


def settled_top(page: Any, selector: str) -> float:
    """The element's top in the viewport once it has stayed put for a moment (the view
    is still moving while a reloaded page finishes drawing)."""
    tops: list[float] = []
    for _ in range(80):
        tops.append(
            page.evaluate(f"document.querySelector({selector!r}).getBoundingClientRect().top")
        )
        if len(tops) >= 6 and max(tops[-6:]) - min(tops[-6:]) < 1:
            return tops[-1]
        page.wait_for_timeout(250)
    raise AssertionError(f"{selector} kept moving: {tops[-6:]}")


def assert_in_view(page: Any, selector: str, viewport: dict[str, int]) -> None:
    top = settled_top(page, selector)
    # Its start near the top of the screen (below Streamlit's header), not scrolled past.
    assert 0 <= top <= viewport["height"] / 3, f"{selector} top at {top}px"


@pytest.mark.parametrize("width", list(WIDTHS))
def test_answer_start_in_view_copied_announced_and_kept_over_a_reload(
    browser: object, app_url: str, width: str
) -> None:
    viewport = WIDTHS[width]
    page: Any = new_page(browser, app_url, viewport=viewport)
    ask(page, COFFEE)
    live = page.locator("#msra-live")
    expect(live).to_have_text("Answer 1 is ready, with 1 source.", timeout=90_000)
    assert live.get_attribute("role") == "status" and live.get_attribute("aria-live") == "polite"
    assert_in_view(page, "#answer-1", viewport)
    assert page.get_by_role("heading", name=f"Answer 1: {COFFEE}").count() == 1
    assert page.get_by_role("heading", name="Sources").count() == 1
    shot(page, f"chat-{width}")

    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    page.get_by_role("button", name="Copy answer 1 and its sources").click()
    page.get_by_text("Copied.").wait_for(timeout=10_000)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(f"Question: {COFFEE}\n")
    assert "Sources:\n[1] Heavy Coffee Drinking Linked to Lower Chance of Getting MS" in copied

    assert "?c=" in page.url and "coffee" not in page.url.lower()
    page.reload()
    expect(live).to_contain_text("Your conversation is back: 1 answer.", timeout=60_000)
    assert_in_view(page, "#answer-1", viewport)
    assert page.get_by_text("Heavy Coffee Drinking Linked to Lower Chance of Getting MS").count()


def test_a_refused_question_stays_in_the_box_and_new_conversation_forgets(
    browser: object, app_url: str
) -> None:
    page: Any = new_page(browser, app_url)
    essay = "word " * 4000
    ask(page, essay)
    page.locator(".st-key-refusal").get_by_text("That question is 19,999 characters long").wait_for(
        timeout=60_000
    )
    box = page.get_by_placeholder("Ask a question about MS research")
    expect(box).to_have_value(essay, timeout=10_000)
    assert page.locator("[data-testid='stChatMessage']").count() == 0  # no giant bubble

    ask(page, COFFEE)
    page.locator("#answer-1").wait_for(timeout=90_000)
    page.get_by_role("button", name="New conversation").click()
    page.locator("#answer-1").wait_for(state="detached", timeout=30_000)
    page.reload()
    page.get_by_placeholder("Ask a question about MS research").wait_for(timeout=60_000)
    page.wait_for_timeout(1500)  # a restored conversation would be drawn by now
    assert page.locator("#answer-1").count() == 0
