"""Staff sign-in: password check, lockout after wrong tries, session expiry."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from knowledge.settings import UISettings
from ui.access import SignInGuard, password_ok, session_alive


def test_an_empty_configured_password_never_matches() -> None:
    assert not password_ok("", "")
    assert password_ok("pw", "pw") and not password_ok("pw ", "pw")


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_password_setting_turns_the_page_off(value: str) -> None:
    assert UISettings(staff_password=SecretStr(value)).staff_password is None
    assert UISettings(staff_password=SecretStr("x")).staff_password is not None


def test_a_key_is_locked_after_too_many_failures_then_released() -> None:
    now = [100.0]
    guard = SignInGuard(max_failures=3, lockout_s=60, clock=lambda: now[0])
    keys = ["session:a", "address:1.2.3.4"]
    for _ in range(2):
        guard.failed(keys)
    assert guard.wait_s(keys) == 0
    guard.failed(keys)
    assert guard.wait_s(keys) == 60
    # Another session from the same address waits too; another address does not.
    assert guard.wait_s(["session:b", "address:1.2.3.4"]) == 60
    assert guard.wait_s(["session:c", "address:5.6.7.8"]) == 0
    now[0] += 61
    assert guard.wait_s(keys) == 0


def test_a_right_password_clears_the_count() -> None:
    guard = SignInGuard(max_failures=2, lockout_s=60)
    guard.failed(["k"])
    guard.succeeded(["k"])
    guard.failed(["k"])
    assert guard.wait_s(["k"]) == 0


def test_sessions_expire() -> None:
    assert session_alive(10.0, 20.0, session_s=60)
    assert not session_alive(10.0, 80.0, session_s=60)
    assert not session_alive(None, 20.0, session_s=60)
