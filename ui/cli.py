"""`msra serve`: start the Streamlit app on 127.0.0.1."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from knowledge.settings import Settings

APP = Path(__file__).resolve().parent / "app.py"


def streamlit_command(host: str, port: int) -> list[str]:
    """The `streamlit run` command line: local address, no usage statistics, readable text."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.address",
        host,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--theme.baseFontSize",
        "18",
        "--client.toolbarMode",
        "viewer",
    ]


def register(root: typer.Typer) -> None:
    """Add `serve` to the root CLI."""

    @root.command("serve")
    def serve(
        port: Annotated[int | None, typer.Option(help="Port (default from settings).")] = None,
    ) -> None:
        """Start the web app (http://127.0.0.1:8501 by default)."""
        config = Settings()
        chosen = port or config.ui.port
        _prepare_triage(config)
        typer.echo(f"MS Research Assistant: http://{config.ui.host}:{chosen}  (Ctrl-C to stop)")
        # Streamlit replaces this process rather than running as its child, so stopping
        # `msra serve` (Ctrl-C, SIGTERM from a supervisor or a test) stops the server too
        # instead of leaving it orphaned and listening.
        command = streamlit_command(config.ui.host, chosen)
        sys.stdout.flush()
        os.execv(command[0], command)


def _prepare_triage(config: Settings) -> None:
    """Embed and calibrate the safety triage's bank into its cache before the app starts
    (about half a minute the first time on 2 cores, then read back in a second or two)."""
    if not config.safety.classifier:
        return
    from assistant.triage import SafetyTriage
    from knowledge.embeddings import OnnxMiniLMEmbeddings

    typer.echo("Preparing the safety triage…")
    SafetyTriage(config.safety, OnnxMiniLMEmbeddings()).prepare()
