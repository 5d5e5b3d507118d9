"""Pure display helpers: escaping, cards, transcripts (storage: test_database.py)."""

from __future__ import annotations

from conftest import citation

from assistant.evidence import at_a_glance
from assistant.models import Answer, EvidenceRow
from assistant.safety_answers import DECISION_NOTICE, crisis_answer
from knowledge.models import EvidenceCard
from ui.display import (
    answer_markdown,
    citation_card,
    escape_markdown,
    evidence_badge,
    evidence_table_markdown,
    markdown_html,
    original_paper_link,
    source_card,
    transcript_html,
    transcript_markdown,
)


def answer(**changes: object) -> Answer:
    data: dict[str, object] = dict(
        question="Does coffee help? mail me at jo@example.com or +1 555 123 4567",
        standalone_question="Does coffee help?",
        answer="Coffee drinkers had lower odds. [1]",
        body="Coffee drinkers had lower odds. [1]",
        citations=[citation()],
        disclaimer="Not advice.",
        settings_hash="abc",
    )
    data.update(changes)
    return Answer.model_validate(data)


def test_escaping_defuses_html_and_links() -> None:
    hostile = "<script>alert(1)</script> [click](javascript:alert(2)) **bold** # heading"
    escaped = escape_markdown(hostile)
    assert "<script>" not in escaped and "](" not in escaped
    assert "\\<script\\>" in escaped and "\\*\\*bold\\*\\*" in escaped


def test_answer_markers_survive_escaping() -> None:
    assert answer_markdown("It helped [1]. Also [2].") == "It helped **[1]**\\. Also **[2]**\\."


def test_evidence_badge_in_plain_words() -> None:
    assert evidence_badge(citation()) == "Randomized controlled trial, 316 people, credibility 4/5"
    assert evidence_badge(citation(sample_size=None, credibility=None, study_type=None)) == (
        "Study design not given, not yet rated"
    )


def test_citation_card_shows_caveats_and_a_safe_link() -> None:
    card = citation_card(citation(title="<b>x</b>"))
    assert "**Important considerations:** Memory can be wrong\\." in card
    assert "(<https://pubmed.ncbi.nlm.nih.gov/1/>)" in card and "<b>" not in card
    assert "javascript" not in citation_card(citation(url="javascript:alert(1)"))


def test_transcripts_carry_sources_caveats_and_questions() -> None:
    md = transcript_markdown([answer()])
    assert "Important considerations: Memory can be wrong." in md
    assert "Questions to ask my neurologist or MS nurse" in md and "“Coffee and MS”" in md
    page = transcript_html([answer(question="<script>x</script>")])
    assert "<script>x" not in page and "&lt;script&gt;" in page
    assert page.startswith("<!doctype html>")


def test_the_evidence_table_reaches_chat_and_handoff_escaped() -> None:
    row = EvidenceRow(
        n=1,
        study="Coffee <b>and</b> MS",
        design="cohort study",
        people="6,739 people",
        compared="heavy against no coffee",
        main_result="Heavy coffee drinkers had lower odds of MS.",
        length="one visit",
    )
    chat = evidence_table_markdown([row, row.model_copy(update={"n": 2})])
    assert chat.splitlines()[0].startswith("|  | \\[1\\] Coffee")
    assert chat.splitlines()[2] == "| Design | cohort study | cohort study |"
    assert "<b>" not in chat
    with_table = answer(evidence_table=[row])
    assert "| People | 6,739 people |" in transcript_markdown([with_table])
    page = transcript_html([with_table])
    assert "<th>[1] Coffee &lt;b&gt;and&lt;/b&gt; MS</th>" in page


EVIDENCE = EvidenceCard.model_validate(
    {
        "population": "6,739 adults in Sweden",
        "compared": "heavy against no coffee",
        "length": "one visit",
        "findings": [
            {"aspect": "main", "text": "Heavy coffee drinkers had lower odds of MS."},
            {"aspect": "limitation", "text": "People had to <b>remember</b> their coffee."},
            {"aspect": "who", "text": "Only Swedish adults took part."},
        ],
    }
)
#: The passage the engine gives a citation of a summary with a card.
GLANCE = at_a_glance(EVIDENCE)


def test_answer_markers_link_to_their_turns_source_cards() -> None:
    shown = answer_markdown("It helped [1]. Also [2].", turn=1)
    assert '[**[1]**](#source-2-1 "Source 1")' in shown
    assert '[**[2]**](#source-2-2 "Source 2")' in shown
    assert source_card(citation(n=2), turn=1).anchor == "source-2-2"
    # Library text cannot forge a link: its brackets and parentheses stay escaped.
    forged = answer_markdown("[evil](https://x.example) [1]", turn=0)
    assert "](https://x" not in forged and "(#source-1-1" in forged


def test_the_card_shows_the_study_at_a_glance_not_the_answer_again() -> None:
    card = citation_card(
        citation(passage=GLANCE), answer_body="Coffee drinkers had lower odds. [1]"
    )
    assert "**At a glance**" in card
    assert "Who was studied: 6,739 adults in Sweden  " in card
    assert "Compared: heavy against no coffee  " in card and "How long: one visit" in card
    assert "People:" not in card and "\n> " not in card
    # A passage that only repeats the answer's words is not shown a second time.
    repeated = citation_card(citation(), answer_body="Coffee drinkers had lower odds. [1]")
    assert "lower odds" not in repeated and "At a glance" not in repeated
    extra = citation_card(citation(passage="Tea was not studied."), answer_body="Coffee. [1]")
    assert "**From the summary:** Tea was not studied\\." in extra


def test_with_the_evidence_card_only_unquoted_findings_are_added() -> None:
    shown = source_card(citation(), 0, EVIDENCE, "Heavy coffee drinkers had lower odds of MS. [1]")
    assert shown.heading == "\\[1\\] Coffee and MS"
    assert "Who was studied: 6,739 adults in Sweden" in shown.body
    assert "lower odds of MS" not in shown.body  # already in the answer
    assert "- **Limitation:** People had to \\<b\\>remember\\</b\\> their coffee\\." in shown.body
    assert "- **Who it applies to:** Only Swedish adults took part\\." in shown.body


def test_original_paper_names_hosts_other_than_doi_org_and_pubmed() -> None:
    assert original_paper_link(citation()) == (
        "Original paper: [Coffee paper](<https://pubmed.ncbi.nlm.nih.gov/1/>)"
    )
    doi = citation(url="https://doi.org/10.1056/NEJMoa1606468")
    assert original_paper_link(doi).startswith("Original paper: [")
    mirror = citation(url="https://journaljams.org/study/freedoms-2010.html")
    assert original_paper_link(mirror).startswith("Original paper (journaljams\\.org): [")
    plain = citation(url="http://www.mediatum.ub.tum.de/1379373")
    assert "Original paper (mediatum\\.ub\\.tum\\.de)" in citation_card(plain)
    for bad in ("javascript:alert(1)", "https://x.org/a>b", "http://[::1", None):
        assert original_paper_link(citation(url=bad)) == ""


def test_the_handoff_page_fits_a_phone_and_renders_the_apps_markdown() -> None:
    decision = answer(
        notice=DECISION_NOTICE,
        body="Take *this* <script>x</script> literally. [1]",
        carried="Taken as a follow-up about coffee",
        brand_line="The studies use the generic name: Mayzent is siponimod.",
    )
    page = transcript_html([decision])
    assert "<meta name='viewport' content='width=device-width, initial-scale=1'>" in page
    assert "<strong>Starting, stopping, switching" in page and "**" not in page
    assert "<p><i>Not advice.</i></p>" in page and "*Not advice" not in page
    assert "<p><i>Taken as a follow-up about coffee</i></p>" in page
    assert "<p><i>The studies use the generic name: Mayzent is siponimod.</i></p>" in page
    # The answer text is shown as text: its asterisks and markup are not interpreted.
    assert "Take *this* &lt;script&gt;x&lt;/script&gt; literally. [1]" in page
    assert ">Original paper</a>" in page
    mirror = answer(citations=[citation(url="https://journaljams.org/s.html")])
    assert ">Original paper (journaljams.org)</a>" in transcript_html([mirror])


def test_a_fixed_answer_keeps_its_lists_in_the_handoff() -> None:
    crisis = answer(notice=crisis_answer("us", "other"), body="", citations=[])
    page = transcript_html([crisis]).replace("\n", "")
    assert "<li><strong>Crisis lines help people who are worried about someone else too:" in page
    assert "<ul><li><strong>In the US:</strong> call or text <strong>988</strong>" in page
    assert "- " not in page and "**" not in page


def test_markdown_html_lets_no_markup_through() -> None:
    shown = markdown_html("**<img src=x onerror=alert(1)>** and *<a href=y>z</a>*")
    assert "<img" not in shown and "<a " not in shown
    assert "<strong>&lt;img src=x onerror=alert(1)&gt;</strong>" in shown
    assert markdown_html("snake_case_name [x](https://e.example)") == (
        "<p>snake_case_name [x](https://e.example)</p>"
    )
