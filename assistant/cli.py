"""`msra ask` and `msra chat`: the answer engine from the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage

from assistant.evidence import table_markdown
from assistant.models import Answer, Audience, Turn
from knowledge.errors import ConfigError, InputError, LibraryError
from knowledge.settings import Settings


def render_answer(answer: Answer) -> str:
    """An answer as terminal text: the answer, then each source with its caveats."""
    lines = [answer.answer, ""]
    if answer.evidence_table:
        lines += ["The studies side by side:", table_markdown(answer.evidence_table), ""]
    for c in answer.citations:
        design = ", ".join(
            x for x in (c.study_type, f"{c.sample_size:,} people" if c.sample_size else None) if x
        )
        lines += [
            f"[{c.n}] {c.title} ({c.published}) — {design}; credibility {c.credibility}/5",
            f"    {c.url or ''}",
            f"    Important considerations: {c.caveats}",
            "",
        ]
    if answer.did_you_mean:
        lines += [f"Did you mean: {answer.did_you_mean}", ""]
    if answer.suggested_questions:
        lines += [
            "Questions the library can answer:",
            *[f"  - {q}" for q in answer.suggested_questions],
        ]
    if answer.follow_ups:
        lines += [answer.follow_ups_heading(), *[f"  - {q}" for q in answer.follow_ups]]
    return "\n".join(lines).rstrip()


def printable(text: str) -> str:
    """Text safe to print to a terminal: no escape sequences or other control characters
    (a pasted question must not move the cursor or recolour the screen), and no lone
    surrogates (which a terminal cannot print)."""
    from assistant.triage_step import CONTROL_CHARS

    clean = CONTROL_CHARS.sub("", text)
    return clean.encode("utf-8", "replace").decode("utf-8")


def render_trace(answer: Answer) -> str:
    """The rules that decided an answer, in order, one per line."""
    steps = [f"  {n}. {step.line()}" for n, step in enumerate(answer.trace, start=1)]
    return "\n".join(["Why this answer:", *steps])


def register(root: typer.Typer) -> None:
    """Add `ask`, `chat` and `library draft-card` to the root CLI."""
    from knowledge.cli import library_app

    @library_app.command("draft-card")
    def draft_card_command(
        summary_id: Annotated[str, typer.Argument(help="The summary to draft a card for.")],
    ) -> None:
        """Draft an evidence card with the configured chat model, for staff to review."""
        from assistant.llm import make_chat_model

        config = Settings()
        model = make_chat_model(config.llm)
        if model is None:
            raise ConfigError(
                "drafting a card needs a chat model, and none is configured",
                hint="Set MSRA_LLM__PROVIDER and MSRA_LLM__MODEL, or write the card by hand.",
            )
        path = draft_card(model, config, summary_id)
        typer.echo(f"draft written to {path}; review it, then `msra library approve-card`")

    @root.command("ask")
    def ask(
        questions: Annotated[
            list[str], typer.Argument(help="Successive turns of one conversation.")
        ],
        audience: Annotated[str, typer.Option(help="patient, caregiver or clinician.")] = "patient",
        as_json: Annotated[
            bool, typer.Option("--json", help="One JSON object per turn per line.")
        ] = False,
        explain: Annotated[
            bool, typer.Option("--explain", help="Also print the rules that decided each answer.")
        ] = False,
    ) -> None:
        """Ask one or more questions (later ones are follow-ups of earlier ones)."""
        from assistant.api import default_engine

        engine = default_engine(Settings())
        history: list[Turn] = []
        for question in questions:
            reply = engine.answer(question, history, _audience(audience))
            history.append(reply.as_turn())
            if as_json:
                typer.echo(reply.model_dump_json())
            else:
                # With several turns, say which question each answer belongs to.
                heading = f"> {printable(question)}\n\n" if len(questions) > 1 else ""
                typer.echo(printable(heading + render_answer(reply)) + "\n")
                if explain:
                    typer.echo(render_trace(reply) + "\n")

    @root.command("chat")
    def chat(
        audience: Annotated[str, typer.Option(help="patient, caregiver or clinician.")] = "patient",
    ) -> None:
        """An interactive conversation in the terminal (empty line or Ctrl-D to quit)."""
        from assistant.api import default_engine

        engine = default_engine(Settings())
        history: list[Turn] = []
        typer.echo("Ask about MS research. This is research information, not medical advice.")
        while True:
            try:
                question = input("\nyou> ").strip()
            except EOFError:
                return
            if not question:
                return
            try:
                reply = engine.answer(question, history, _audience(audience))
            except InputError as exc:
                typer.echo(exc.user_message())
                continue
            history.append(reply.as_turn())
            typer.echo("\n" + printable(render_answer(reply)))


def draft_card(model: BaseChatModel, config: Settings, summary_id: str) -> Path:
    """Ask ``model`` for a card draft of one summary and save it for review."""
    from knowledge.card_drafts import draft_prompt, parse_draft, write_draft
    from knowledge.factcheck import load_fact_sheets
    from knowledge.library_format import read_summary_file

    library = config.library
    parsed = read_summary_file(library.directory / f"{summary_id}.md")
    if parsed.summary is None:
        raise LibraryError(parsed.problems)
    summary = parsed.summary
    sheet = load_fact_sheets(library.fact_sheets).get(
        summary.source.fact_sheet if summary.source and summary.source.fact_sheet else ""
    )
    if sheet is None:
        raise InputError(f"{summary_id} has no fact sheet to draft from")
    reply = model.invoke([HumanMessage(draft_prompt(summary, sheet))])
    card = parse_draft(
        reply.text if isinstance(reply.text, str) else str(reply.content), model_name(model)
    )
    return write_draft(library.card_drafts, summary_id, card)


def model_name(model: BaseChatModel) -> str:
    """A label for the model, used where its output is reported."""
    return str(
        getattr(model, "model_name", None) or getattr(model, "model", None) or type(model).__name__
    )


def _audience(value: str) -> Audience:
    if value not in ("patient", "caregiver", "clinician"):
        raise typer.BadParameter("audience must be patient, caregiver or clinician")
    return value  # type: ignore[return-value]
