"""Staff sign-in: password check, lockout after wrong tries, signed expiring tokens."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from knowledge.settings import UISettings
from ui.access import SignInGuard, StaffTokens, password_ok, process_tokens


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


def tokens(now: list[float], secret: bytes = b"k" * 32) -> StaffTokens:
    return StaffTokens(secret, lifetime_s=8 * 3600, clock=lambda: now[0])


def test_a_token_lasts_its_lifetime_then_expires() -> None:
    now = [1_000_000.0]
    keeper = tokens(now)
    token = keeper.issue("pw", "1.2.3.4")
    assert keeper.remaining_s(token, "pw", "1.2.3.4") == 8 * 3600
    now[0] += 8 * 3600 - 1
    assert keeper.remaining_s(token, "pw", "1.2.3.4") == 1
    now[0] += 1
    assert keeper.remaining_s(token, "pw", "1.2.3.4") == 0


def test_a_token_cannot_be_forged_extended_or_moved() -> None:
    now = [1_000_000.0]
    keeper = tokens(now)
    token = keeper.issue("pw", "1.2.3.4")
    expires, nonce, mac = token.split(".")
    later = f"{int(expires) + 3600}.{nonce}.{mac}"
    assert keeper.remaining_s(later, "pw", "1.2.3.4") == 0  # a longer expiry breaks the MAC
    assert keeper.remaining_s(token, "pw", "5.6.7.8") == 0  # another client address
    assert keeper.remaining_s(token, "new password", "1.2.3.4") == 0  # the password changed
    assert tokens(now, b"x" * 32).remaining_s(token, "pw", "1.2.3.4") == 0  # a restart
    assert keeper.remaining_s(token, "", "1.2.3.4") == 0
    for junk in [None, "", "a.b", "a.b.c", "\u00b2.n.m", f"{expires}.{nonce}.x" * 40, token + "."]:
        assert keeper.remaining_s(junk, "pw", "1.2.3.4") == 0


def test_signing_out_revokes_only_that_token() -> None:
    now = [1_000_000.0]
    keeper = tokens(now)
    first, second = keeper.issue("pw", "a"), keeper.issue("pw", "a")
    keeper.revoke(first)
    keeper.revoke("not a token")
    assert keeper.remaining_s(first, "pw", "a") == 0 and keeper.remaining_s(second, "pw", "a") > 0
    now[0] += 9 * 3600
    keeper.revoke(None)  # expired revocations are dropped: the list does not grow forever
    assert keeper._revoked == {}  # type: ignore[attr-defined]


def test_each_process_has_one_keeper_with_a_random_secret() -> None:
    assert process_tokens(60.0) is process_tokens(60.0)
    assert len(process_tokens(60.0).secret) == 32


def test_a_configured_secret_is_shared_by_replicas_and_restarts() -> None:
    secret = "s" * 32
    first = StaffTokens(process_tokens(60.0, secret).secret, 60.0)  # one replica
    process_tokens.cache_clear()  # a restart, or another replica
    second = process_tokens(60.0, secret)
    token = first.issue("pw", "10.0.0.1")
    assert second.remaining_s(token, "pw", "10.0.0.1") > 0
    assert process_tokens(60.0).remaining_s(token, "pw", "10.0.0.1") == 0  # random secret
    other = process_tokens(60.0, "t" * 32)
    assert other.remaining_s(token, "pw", "10.0.0.1") == 0


@pytest.mark.parametrize("value", ["", "short"])
def test_a_token_secret_is_unset_or_long(value: str) -> None:
    if value:
        with pytest.raises(ValueError, match=r"(?s)staff_token_secret.*at least 32 characters"):
            UISettings(staff_token_secret=SecretStr(value))
    else:
        assert UISettings(staff_token_secret=SecretStr(value)).staff_token_secret is None
