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
def _engine(configuration: str) -> AnswerEngine:
    # Keyed by the whole configuration (paths and hosts included, unlike the settings
    # hash shown with answers), so another library or store gets its own engine.
    engine = build_engine(settings())
    engine.triage.model()  # under the spinner, not on someone's first question
    return engine


def engine() -> AnswerEngine:
    """The shared answer engine (one per process; the engine is thread-safe)."""
    return _engine(settings().model_dump_json())


def password_ok(given: str, expected: str) -> bool:
    """Compare a typed password with the configured one in constant time."""
    return hmac.compare_digest(given.encode(), expected.encode())
