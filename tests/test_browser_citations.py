"""Citations a reader can follow, in a real browser (issue #15, item 5; item 9's handoff).

Each ``[n]`` of an answer links to its own source card (a second answer's [1] goes to the
second answer's card, not the first's); the card shows the study at a glance instead of
repeating the answer; "Original paper" names any host that is not doi.org or PubMed; the
printable handoff fits a phone and shows no raw Markdown.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from browser_support import DESKTOP, PHONE, ask, caveats, new_page
from conftest import REPO, citation, free_port, stop_process, wait_for_port

from assistant.models import Answer, EvidenceRow
from assistant.safety_answers import DECISION_NOTICE
from ui.display import CANONICAL_HOSTS, transcript_html

pytestmark = pytest.mark.browser

#: Two answers rendered the way the chat page renders them (ui/chat.py), each citing a
#: [1], with filler between each answer and its sources so a jump is a real scroll.
HARNESS = textwrap.dedent(
    """
    import datetime as dt

    import streamlit as st

    from assistant.models import Citation
    from ui.display import answer_markdown, source_card

    def cited(title: str) -> Citation:
        return Citation(
            n=1, summary_id=title, title=title, url="https://journaljams.org/s.html",
            doi=None, pmid=None, source_title="Paper", fact_sheet=None,
            published=dt.date(2020, 1, 1), credibility=4, interest=3,
            study_type="cohort study", sample_size=10,
            passage="People: ten adults. Compared: nothing. Length: one year.",
            caveats="Small study.",
        )

    for turn, title in enumerate(["First study", "Second study"]):
        with st.chat_message("assistant"):
            st.markdown(answer_markdown(f"What {title} found. [1]", turn))
            for line in range(25):
                st.write(f"Filler {turn}.{line}")
            shown = source_card(cited(title), turn, None, "")
            with st.container(border=True):
                st.subheader(shown.heading, anchor=shown.anchor)
                st.markdown(shown.body)
    """
)


@pytest.fixture(scope="module")
def harness_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The two-answer page above under `streamlit run`, on 127.0.0.1."""
    script = tmp_path_factory.mktemp("citations") / "two_answers.py"
    script.write_text(HARNESS, encoding="utf-8")
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    command += ["--browser.gatherUsageStats", "false"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("MSRA_")}
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for_port(port, timeout=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(process)


def in_view(page: object, selector: str) -> bool:
    """Whether the element's top edge is on screen (below Streamlit's header bar)."""
    box = page.locator(selector).bounding_box()  # type: ignore[attr-defined]
    height = page.viewport_size["height"]  # type: ignore[attr-defined]
    return box is not None and 0 <= box["y"] < height - 40


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_each_marker_jumps_to_its_own_answers_source_card(
    browser: object, harness_url: str, viewport: dict[str, int]
) -> None:
    page = browser.new_page(viewport=viewport)  # type: ignore[attr-defined]
    page.goto(harness_url)
    page.locator("h3#source-2-1").wait_for(timeout=60_000)
    assert page.locator("h3#source-1-1").inner_text().startswith("[1] First study")
    assert page.locator("a[title='Source 1']").first.inner_text() == "[1]"
    assert not in_view(page, "h3#source-2-1")
    page.locator("a[href='#source-2-1'][title='Source 1']").click()
    page.wait_for_timeout(500)  # the scroll is instant; let layout settle
    assert in_view(page, "h3#source-2-1")
    assert page.locator("h3#source-2-1").inner_text().startswith("[1] Second study")
    assert not in_view(page, "h3#source-1-1")  # not the first answer's card of the same [1]
    assert page.url.endswith("#source-2-1")  # same page, no new tab
    page.close()


def test_the_chat_links_markers_to_cards_that_do_not_repeat_the_answer(
    browser: object, app_url: str
) -> None:
    page = new_page(browser, app_url)
    ask(page, "Does drinking coffee change the risk of MS?")
    marker = page.locator("a[href='#source-1-1'][title='Source 1']").first  # type: ignore[attr-defined]
    marker.wait_for(timeout=60_000)
    said = marker.locator("xpath=ancestor::p[1]").inner_text().split("[1]")[0].strip()
    assert len(said) > 20  # the answer's first sentence
    # The source card: the bordered block around its "Important considerations".
    first_caveats = caveats(page).first
    card = first_caveats.locator("xpath=ancestor::div[@data-testid='stVerticalBlock'][1]")
    text = card.inner_text()
    assert marker.inner_text() == "[1]"
    assert said not in text  # the card does not repeat the answer word for word
    assert page.locator("[data-testid='stChatMessage'] blockquote").count() == 0  # type: ignore[attr-defined]
    paper = card.locator("a[href^='http']").first
    host = (urlsplit(paper.get_attribute("href")).hostname or "").removeprefix("www.")
    if host in CANONICAL_HOSTS:
        assert "Original paper:" in text
    else:
        assert f"Original paper ({host}):" in text
    # The page first brings the answer's start into view (ui/chat.py); a reader clicks
    # [1] after that has settled.
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => { const h = document.getElementById('answer-1');"
        " return h && h.getBoundingClientRect().top >= 0; }",
        timeout=30_000,
    )
    page.wait_for_timeout(2000)  # type: ignore[attr-defined]
    before = page.locator("#source-1-1").bounding_box()["y"]  # type: ignore[attr-defined]
    marker.click()  # [1] in the answer goes to this answer's first source card
    page.wait_for_timeout(500)  # type: ignore[attr-defined]
    after = page.locator("#source-1-1").bounding_box()["y"]  # type: ignore[attr-defined]
    assert before > 150 and 0 <= after < 150  # moved up to the top of the view
    assert page.locator("#source-1-1").inner_text().startswith("[1] Heavy Coffee Drinking")  # type: ignore[attr-defined]
    page.close()  # type: ignore[attr-defined]


def test_the_printable_handoff_fits_a_phone_without_raw_markdown(browser: object) -> None:
    row = EvidenceRow(
        n=1,
        study="A study with a long title " * 3,
        design="randomized controlled trial",
        people="732 adults aged 18 to 55 with primary progressive MS " * 2,
        compared="ocrelizumab against placebo",
        main_result="Worsening hit 32.9% on ocrelizumab and 39.3% on placebo.",
        length="at least 120 weeks",
    )
    answer = Answer(
        question="Should I stop my drug?",
        standalone_question="Should I stop my drug?",
        answer="",
        notice=DECISION_NOTICE,
        body="Worsening hit 32.9% on ocrelizumab. [1]",
        citations=[citation(url="https://journaljams.org/study/oratorio-2017.html")],
        evidence_table=[row, row.model_copy(update={"n": 2}), row.model_copy(update={"n": 3})],
        disclaimer="Research information, not personal medical advice.",
    )
    # A phone browser lays a page out 980 px wide unless its viewport tag says otherwise.
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_content(transcript_html([answer]))
    assert page.evaluate("window.innerWidth") == PHONE["width"]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # the page fits; only the table scrolls sideways
    shown = page.locator("body").inner_text()
    assert "**" not in shown and "*Research" not in shown
    assert page.locator("strong", has_text="decision for you and your MS care team").count() == 1
    assert page.get_by_role("link", name="Original paper (journaljams.org)").count() == 1
    context.close()
