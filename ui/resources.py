"""Long-lived resources of the app (settings, engine), built once per settings."""

from __future__ import annotations

import contextlib
import functools

import streamlit as st

from assistant.api import build_engine
from assistant.engine import AnswerEngine
from knowledge.errors import MSRAError
from knowledge.settings import Settings
from ui.access import SignInGuard


def settings() -> Settings:
    """The settings, read from the environment (MSRA_*) once per run."""
    return Settings()


@st.cache_resource(show_spinner="Loading the library…")
def _engine(configuration: str) -> AnswerEngine:
    # Keyed by the whole configuration (paths and hosts included, unlike the settings
    # hash shown with answers), so another library or store gets its own engine.
    engine = build_engine(settings())
    # Under the spinner, not on someone's first question. A store that is down now is
    # said so by the first question's answer, and loaded when it is back.
    with contextlib.suppress(MSRAError):
        engine.warm()
    return engine


def engine() -> AnswerEngine:
    """The shared answer engine (one per process; the engine is thread-safe)."""
    return _engine(settings().model_dump_json())


@functools.cache
def _guard(max_failures: int, lockout_s: float) -> SignInGuard:
    # Process-wide, not per Streamlit runtime: every browser session shares the count.
    return SignInGuard(max_failures, lockout_s)


def sign_in_guard() -> SignInGuard:
    """The process's count of failed staff sign-ins (shared by every browser session)."""
    config = settings().ui
    return _guard(config.staff_max_failures, config.staff_lockout_s)
