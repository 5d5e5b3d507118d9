"""The app's fixed files in ui/static: nothing in them carries text from a question, the
library or a model."""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"


def script(*names: str) -> str:
    """One ``<script>`` element holding the named static files, in order."""
    return "<script>{}</script>".format("".join(_read(name) for name in names))


def style(*names: str) -> str:
    """One ``<style>`` element holding the named static files, in order."""
    return "<style>{}</style>".format("".join(_read(name) for name in names))


def _read(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")
