"""Accessibility to WCAG 2.2 AA in a real browser (issue #15 item 7), at desktop and phone
width: axe-core finds no serious or critical violation on any page, every visible piece of
text has at least AA contrast, every control shows where the keyboard focus is, and a
question can be sent and a summary opened with the keyboard alone.

The checks live in a11y_support.py (axe-core is installed by `make axe`, part of
`make test`); the app and browser fixtures in browser_support.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from a11y_support import (
    AXE,
    axe_violations,
    contrast_offenders,
    covered_by,
    focus_ring,
    focused_control,
)
from browser_support import DESKTOP, PHONE, ask, new_page
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COFFEE = "Does drinking coffee change the risk of MS?"
#: Answered with "no summary" (the staff tests ask a different unanswerable question).
UNANSWERED = "What is the best sourdough starter for rye bread?"
SUMMARY_ID = "coffee-consumption-ms-risk-hedstrom-2016"
SUMMARY_TITLE = "Heavy Coffee Drinking Linked to Lower Chance of Getting MS"
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
STAFF_TABS = ["Evals", "Feedback", "Curation queue", "Library"]


#: A faded (stale) element of the last run, or the "running" status (its icons): the
#: status widget alone may also be the "source file changed" prompt, which stays.
BUSY = (
    '[data-stale="true"], [data-testid="stStatusWidgetRunningIcon"],'
    ' [data-testid="stStatusWidgetRunningManIcon"]'
)


def settle(page: Any) -> None:
    """Wait until Streamlit has been idle for 0.5 s: nothing drawn faded as stale (it
    would fail contrast for a moment) and no "running" status, which shows only once a
    run has lasted a moment."""
    page.evaluate("window.msraIdleSince = null")
    page.wait_for_function(
        """busy => {
          if (document.querySelector(busy)) { window.msraIdleSince = null; return false; }
          window.msraIdleSince = window.msraIdleSince || Date.now();
          return Date.now() - window.msraIdleSince > 500;
        }""",
        arg=BUSY,
        polling=100,
        timeout=60_000,
    )


def live_says(page: Any, pattern: str) -> None:
    """Wait for the polite live region to announce ``pattern`` (the app's own sentence
    after each answer or refusal)."""
    expect(page.locator("#msra-live")).to_have_text(re.compile(pattern), timeout=90_000)


def open_summary(page: Any, app_url: str) -> None:
    """A summary by its address."""
    page.goto(f"{app_url}/explore?s={SUMMARY_ID}")
    page.get_by_role("heading", name=SUMMARY_TITLE).wait_for(timeout=60_000)
    page.get_by_text("You may also like").wait_for(timeout=30_000)


def walk(page: Any, app_url: str, scan: Callable[[str], None]) -> None:
    """Every page of the app in one browser tab, ``scan`` called on each view."""
    settle(page)
    scan("Ask, empty")
    ask(page, COFFEE)
    live_says(page, r"Answer 1 is ready, with 1 source")
    page.get_by_role("button", name="Download as text (Markdown)").wait_for(timeout=30_000)
    settle(page)
    scan("Ask, an answer with sources, follow-ups and downloads")
    ask(page, UNANSWERED)
    live_says(page, r"Answer 2 is ready, with 0 sources")
    settle(page)
    scan("Ask, no summary answers the question")
    ask(page, "word " * 250)
    page.locator(".st-key-refusal").wait_for(timeout=60_000)
    settle(page)
    scan("Ask, a refused (too long) question")
    page.goto(f"{app_url}/explore")
    page.get_by_text("summaries in").first.wait_for(timeout=60_000)
    settle(page)
    scan("Explore")
    open_summary(page, app_url)
    settle(page)
    scan("Explore, a summary open")
    page.goto(f"{app_url}/staff")
    page.get_by_label("Staff password").wait_for(timeout=60_000)
    settle(page)
    scan("Staff sign-in")
    page.get_by_label("Staff password").fill("staff-secret")
    page.get_by_role("button", name="Sign in").click()
    for tab in STAFF_TABS:
        page.get_by_role("tab", name=tab).click(timeout=30_000)
        settle(page)
        scan(f"Staff desk, {tab} tab")


@pytest.fixture(scope="module")
def findings(browser: object, app_url: str) -> Callable[[str], dict[str, dict[str, list[str]]]]:
    """Per width, per view: axe's serious and critical violations and the text below its
    contrast ratio (each width walked once, by whichever test asks first)."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make axe` (part of `make test`)")
    walked: dict[str, dict[str, dict[str, list[str]]]] = {}

    def at(width: str) -> dict[str, dict[str, list[str]]]:
        if width not in walked:
            page: Any = new_page(browser, app_url, viewport=WIDTHS[width])
            views: dict[str, dict[str, list[str]]] = {}

            def scan(view: str) -> None:
                measured, low = contrast_offenders(page)
                assert measured >= 3, f"{view}: only {measured} pieces of text measured"
                views[view] = {"axe": axe_violations(page), "contrast": low}

            walk(page, app_url, scan)
            page.close()
            walked[width] = views
        return walked[width]

    return at


def listing(views: dict[str, dict[str, list[str]]], kind: str) -> str:
    return "\n".join(f"{view}: {line}" for view, found in views.items() for line in found[kind])


@pytest.mark.parametrize("width", list(WIDTHS))
def test_axe_finds_no_serious_violation_on_any_page(
    findings: Callable[[str], dict[str, dict[str, list[str]]]], width: str
) -> None:
    views = findings(width)
    assert len(views) == 7 + len(STAFF_TABS)
    assert not listing(views, "axe"), "axe (WCAG 2.2 A/AA):\n" + listing(views, "axe")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_all_visible_text_has_aa_contrast(
    findings: Callable[[str], dict[str, dict[str, list[str]]]], width: str
) -> None:
    views = findings(width)
    assert not listing(views, "contrast"), "below WCAG AA:\n" + listing(views, "contrast")


def tab_to(
    page: Any, wanted: Callable[[str], bool], seen: list[str], key: str = "Tab", limit: int = 60
) -> str:
    """Press Tab (or ``key``) until the focused control is ``wanted``, checking that every
    control on the way shows its focus and is not hidden; the controls passed go into
    ``seen``."""
    for _ in range(limit):
        page.keyboard.press(key)
        control = focused_control(page)
        if control.startswith("body"):  # focus left the page's last control: next Tab
            continue
        seen.append(control)
        assert focus_ring(page), f"no visible focus on {control} (after {seen[:-1]})"
        hidden = covered_by(page)
        assert not hidden, f"{control} has focus but is hidden by {hidden}"
        if wanted(control):
            return control
    raise AssertionError(f"not reached in {limit} Tabs; focus went to {seen}")


def chat_box(control: str) -> bool:
    return control.startswith("textarea in stChatInput")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_keyboard_alone_sends_a_question_and_opens_a_summary(
    browser: object, app_url: str, width: str
) -> None:
    page: Any = new_page(browser, app_url, viewport=WIDTHS[width])
    settle(page)
    tab_to(page, chat_box, [])
    page.keyboard.type(COFFEE)
    page.keyboard.press("Enter")
    live_says(page, r"Answer 1 is ready, with 1 source")
    settle(page)
    # Every control of the answered page, round to the chat box again.
    answered: list[str] = []
    tab_to(page, chat_box, answered)
    for control in ("Copy answer 1", "What else does the research say", "Thumbs up", "Download"):
        assert any(control in c for c in answered), f"{control} not reached by Tab: {answered}"

    # To Explore by its link in the sidebar. On a phone the sidebar is opened first; its
    # links come before the button that opens it, so Shift+Tab goes back into it.
    # There it stays open over the page: Shift+Tab on to its "Collapse sidebar" button.
    explore = 'stSidebarNavLink "Explore"'
    link = tab_to(page, lambda c: explore in c or "stExpandSidebarButton" in c, [])
    if "stExpandSidebarButton" in link:
        page.keyboard.press("Enter")
        tab_to(page, lambda c: explore in c, [], key="Shift+Tab")
    page.keyboard.press("Enter")
    page.get_by_text("summaries in").first.wait_for(timeout=60_000)
    settle(page)
    if "stExpandSidebarButton" in link:
        tab_to(page, lambda c: '"Collapse sidebar"' in c, [], key="Shift+Tab")
        page.keyboard.press("Enter")
    tab_to(page, lambda c: '"Read the summary"' in c, [])
    title = page.evaluate(
        "document.activeElement.closest('[data-testid=\"stVerticalBlock\"]')"
        ".innerText.split('\\n')[0]"
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible(timeout=30_000)
