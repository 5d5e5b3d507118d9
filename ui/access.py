"""Staff sign-in: a password, a limit on wrong tries, and sessions that expire.

Pure and thread-safe: one ``SignInGuard`` per process counts failed tries per key (a
browser session and a client address, so neither a new tab nor a new address resets
the count) and locks a key out for a while after too many.
"""

from __future__ import annotations

import hmac
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


def password_ok(given: str, expected: str) -> bool:
    """Compare a typed password with the configured one in constant time; an empty
    configured password never matches."""
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


@dataclass
class SignInGuard:
    """Failed sign-ins per key; a key with ``max_failures`` in a row is locked out for
    ``lockout_s`` seconds."""

    max_failures: int
    lockout_s: float
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, int] = field(default_factory=dict)
    _locked_until: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_s(self, keys: Iterable[str]) -> float:
        """Seconds until any of these keys may try again (0 when none is locked)."""
        now = self.clock()
        with self._lock:
            waits = [self._locked_until.get(key, 0.0) - now for key in keys]
        return max([0.0, *waits])

    def failed(self, keys: Iterable[str]) -> None:
        """Count a wrong password for every key; lock those that reach the limit."""
        with self._lock:
            for key in keys:
                self._failures[key] = self._failures.get(key, 0) + 1
                if self._failures[key] >= self.max_failures:
                    self._locked_until[key] = self.clock() + self.lockout_s
                    self._failures[key] = 0

    def succeeded(self, keys: Iterable[str]) -> None:
        """A right password clears the keys' count."""
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


def session_alive(signed_in_at: float | None, now: float, session_s: float) -> bool:
    """Whether a staff session that began at ``signed_in_at`` is still valid."""
    return signed_in_at is not None and now - signed_in_at < session_s
