"""The app in a real browser: Debian chromium driven by Playwright, on 127.0.0.1
(fixtures and page helpers in browser_support.py)."""

from __future__ import annotations

import pytest
from browser_support import ask, caveats, new_page, shot

pytestmark = pytest.mark.browser


def test_chat_follow_up_and_feedback(browser: object, app_url: str) -> None:
    page = new_page(browser, app_url)
    ask(page, "Does drinking coffee change the risk of MS?")
    caveats(page).first.wait_for(timeout=60_000)  # type: ignore[attr-defined]
    assert (
        page.get_by_text("Heavy Coffee Drinking Linked to Lower Chance of Getting MS").count() >= 1
    )  # type: ignore[attr-defined]
    shot(page, "chat")
    page.get_by_role("button", name="What else does the research say about").first.click()  # type: ignore[attr-defined]
    caveats(page).nth(1).wait_for(timeout=60_000)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Send feedback").count()  # type: ignore[attr-defined]
    page.locator("[data-testid='stFeedback'] button").first.click()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Send feedback").first.click(timeout=30_000)  # type: ignore[attr-defined]
    page.get_by_text("Thank you for your feedback.").wait_for(timeout=30_000)  # type: ignore[attr-defined]


def test_xss_payload_renders_as_text(browser: object, app_url: str) -> None:
    page = new_page(browser, app_url)
    ask(page, "<img src=x onerror=alert(1)> <script>alert(2)</script> does coffee change MS risk?")
    caveats(page).first.wait_for(timeout=60_000)  # type: ignore[attr-defined]
    assert page.get_by_text("<script>alert(2)</script>", exact=False).count() >= 1  # type: ignore[attr-defined]
    assert page.locator("img[src='x']").count() == 0  # type: ignore[attr-defined]


def test_explorer_opens_a_summary(browser: object, app_url: str) -> None:
    page = new_page(browser, app_url)
    page.goto(f"{app_url}/explore")  # type: ignore[attr-defined]
    page.get_by_text("summaries in").first.wait_for(timeout=60_000)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Read the summary").first.click()  # type: ignore[attr-defined]
    page.get_by_text("You may also like").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    assert page.get_by_role("heading", name="Important Considerations").count() == 1  # type: ignore[attr-defined]
    shot(page, "explore")


def test_several_browser_sessions_at_once(browser: object, app_url: str) -> None:
    pages = [new_page(browser, app_url) for _ in range(3)]
    questions = [
        "Does drinking coffee change the risk of MS?",
        "Can older people with quiet MS stop their drugs?",
        "Does online therapy help low mood in MS?",
    ]
    for page, question in zip(pages, questions, strict=True):
        ask(page, question)  # all three sessions are waiting on the server at once
    for page in pages:
        caveats(page).first.wait_for(timeout=90_000)  # type: ignore[attr-defined]
        assert page.get_by_text("Search is unavailable").count() == 0  # type: ignore[attr-defined]


def test_no_request_leaves_the_machine(browser: object, app_url: str) -> None:
    """The offline app: every page of it loads with no request to anywhere but 127.0.0.1
    (Streamlit's Material icons used to fetch an SVG from fonts.gstatic.com)."""
    from urllib.parse import urlparse

    outside: list[str] = []
    page = browser.new_page(viewport={"width": 1100, "height": 900})  # type: ignore[attr-defined]

    def note(request: object) -> None:
        url = urlparse(request.url)  # type: ignore[attr-defined]
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname not in (
            "127.0.0.1",
            "localhost",
        ):
            outside.append(url.geturl())

    page.on("request", note)
    for path in ("", "/explore", "/staff"):
        page.goto(f"{app_url}{path}")
        page.wait_for_load_state("networkidle")
        page.get_by_role("navigation").first.wait_for(timeout=60_000)
    page.goto(app_url)
    page.get_by_placeholder("Ask a question about MS research").wait_for(timeout=60_000)
    ask(page, "does coffee lower the risk of ms?")
    page.get_by_text("Sources").first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.close()
    assert outside == []
