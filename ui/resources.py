"""Long-lived resources of the app (settings, engine), built once per settings."""

from __future__ import annotations

import hmac

import streamlit as st

from assistant.api import build_engine
from assistant.engine import AnswerEngine
from knowledge.settings import Settings


def settings() -> Settings:
    """The settings, read from the environment (MSRA_*) once per run."""
    return Settings()


@st.cache_resource(show_spinner="Loading the library…")
def _engine(settings_hash: str) -> AnswerEngine:
    # Keyed by the settings hash so a changed configuration gets a fresh engine.
    return build_engine(settings())


def engine() -> AnswerEngine:
    """The shared answer engine (one per process; the engine is thread-safe)."""
    return _engine(settings().settings_hash())


def password_ok(given: str, expected: str) -> bool:
    """Compare a typed password with the configured one in constant time."""
    return hmac.compare_digest(given.encode(), expected.encode())
