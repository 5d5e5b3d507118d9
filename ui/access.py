"""Staff sign-in: a password, a limit on wrong tries, and sign-ins that expire.

Pure and thread-safe: one ``SignInGuard`` per process counts failed tries per key (a
browser session and a client address, so neither a new tab nor a new address resets
the count) and locks a key out for a while after too many.

A sign-in is a signed, expiring token (``StaffTokens``) that the staff page keeps in its
address, so a reload (a new Streamlit session) stays signed in until it expires. The
token is an HMAC-SHA256 over its expiry, a random nonce and the client address, keyed by
a server-side secret and the staff password: it cannot be forged or extended, it stops
working when the password changes, it is refused from another client address, and
signing out revokes it. The secret is ``MSRA_UI__STAFF_TOKEN_SECRET`` when set (shared by
replicas, kept across restarts), else random per process (a restart signs staff out).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
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


#: Tokens longer than this are not even parsed.
_MAX_TOKEN_CHARS = 200


@dataclass
class StaffTokens:
    """Issues and checks staff sign-in tokens: ``<expiry>.<nonce>.<mac>``, all URL-safe."""

    secret: bytes
    lifetime_s: float
    clock: Callable[[], float] = time.time  # wall clock: expiries are absolute times
    _revoked: dict[str, float] = field(default_factory=dict)  # nonce -> its expiry
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def issue(self, password: str, address: str) -> str:
        """A new token for a right password, valid ``lifetime_s`` from now."""
        expires = int(self.clock() + self.lifetime_s)
        nonce = secrets.token_urlsafe(12)
        return f"{expires}.{nonce}.{self._mac(password, address, expires, nonce)}"

    def remaining_s(self, token: object, password: str, address: str) -> float:
        """Seconds ``token`` stays valid for this password and address (0: not valid)."""
        parsed = _parse(token)
        if parsed is None or not password:
            return 0.0
        expires, nonce, mac = parsed
        expected = self._mac(password, address, expires, nonce)
        left = expires - self.clock()
        with self._lock:
            revoked = nonce in self._revoked
        if not hmac.compare_digest(mac, expected) or revoked or left > self.lifetime_s:
            return 0.0
        return max(0.0, left)

    def revoke(self, token: object) -> None:
        """Sign a token out for good (until this process ends); drops expired ones."""
        parsed = _parse(token)
        now = self.clock()
        with self._lock:
            for nonce, expires in list(self._revoked.items()):
                if expires < now:
                    del self._revoked[nonce]
            if parsed is not None:
                self._revoked[parsed[1]] = float(parsed[0])

    def _mac(self, password: str, address: str, expires: int, nonce: str) -> str:
        # The password is part of the key: changing it signs every token out.
        key = hmac.new(self.secret, b"staff-token\0" + password.encode(), hashlib.sha256)
        message = f"{expires}\0{nonce}\0{address}".encode()
        digest = hmac.new(key.digest(), message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _parse(token: object) -> tuple[int, str, str] | None:
    if not isinstance(token, str) or len(token) > _MAX_TOKEN_CHARS:
        return None
    parts = token.split(".")
    if len(parts) != 3 or not (parts[0].isascii() and parts[0].isdigit()):
        return None
    return int(parts[0]), parts[1], parts[2]


@functools.cache
def process_tokens(lifetime_s: float, secret: str | None = None) -> StaffTokens:
    """The process's token keeper. With the configured ``secret``, every process that
    shares it accepts the same tokens; without one, a random secret is made at first
    use, so tokens last until they expire or the process restarts. (A sign-out is
    remembered by the process that saw it only.)"""
    key = hashlib.sha256(secret.encode()).digest() if secret else secrets.token_bytes(32)
    return StaffTokens(key, lifetime_s)
