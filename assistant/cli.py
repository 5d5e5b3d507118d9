"""`msra ask` and `msra chat`: the answer engine from the terminal."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.models import Answer, Audience, Turn
from knowledge.errors import InputError
from knowledge.settings import Settings


def render_answer(answer: Answer) -> str:
    """An answer as terminal text: the answer, then each source with its caveats."""
    lines = [answer.answer, ""]
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
    if answer.follow_ups:
        lines += ["You could also ask:", *[f"  - {q}" for q in answer.follow_ups]]
    return "\n".join(lines).rstrip()


def register(root: typer.Typer) -> None:
    """Add `ask` and `chat` to the root CLI."""

    @root.command("ask")
    def ask(
        questions: Annotated[
            list[str], typer.Argument(help="Successive turns of one conversation.")
        ],
        audience: Annotated[str, typer.Option(help="patient, caregiver or clinician.")] = "patient",
        as_json: Annotated[
            bool, typer.Option("--json", help="One JSON object per turn per line.")
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
                heading = f"> {question}\n\n" if len(questions) > 1 else ""
                typer.echo(heading + render_answer(reply) + "\n")

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
            typer.echo("\n" + render_answer(reply))


def _audience(value: str) -> Audience:
    if value not in ("patient", "caregiver", "clinician"):
        raise typer.BadParameter("audience must be patient, caregiver or clinician")
    return value  # type: ignore[return-value]
