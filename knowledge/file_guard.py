"""Read a file only if it is a regular file, inside its folder, and small enough.

A library folder (or a page handed to the importer) may hold anything: a symlink to
``/dev/zero`` (``st_size`` 0, endless bytes), a FIFO (``open`` blocks until a writer
comes), a link to a file outside the folder, or a file whose reported size is wrong
(procfs). So the path is resolved and checked, opened without following a link and
without blocking, checked again on the open descriptor (a swap between the check and
the open changes nothing), and read for at most ``max_bytes + 1`` bytes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from knowledge.errors import MSRAError

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
#: O_NONBLOCK: opening a FIFO swapped in after the check returns at once instead of
#: waiting for a writer. O_NOFOLLOW: a link swapped in for the resolved file is refused.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_CHUNK = 65_536


class FileRefusedError(MSRAError):
    """A file that was not read: not a regular file, outside its folder, too large or
    unreadable. The message says which."""

    default_hint = (
        "Keep only regular files in the library folder (no links leading out of it, no "
        "pipes or devices), each under MSRA_LIBRARY__MAX_FILE_BYTES."
    )


def read_regular_file(path: Path, max_bytes: int, root: Path | None = None) -> bytes:
    """The bytes of ``path`` if what it resolves to is a regular file (inside ``root``,
    when given) of at most ``max_bytes`` bytes; raises :class:`FileRefusedError`."""
    target = Path(os.path.realpath(path))
    if root is not None and not target.is_relative_to(os.path.realpath(root)):
        how = "a link to" if path.is_symlink() else "resolves to"
        raise FileRefusedError(f"{how} {target}, outside the folder {root}: not read")
    try:
        _require_regular(os.stat(target))  # before opening: opening a device can act
        descriptor = os.open(target, _OPEN_FLAGS)
    except OSError as exc:
        raise FileRefusedError(f"cannot read: {exc.strerror or exc}") from exc
    try:
        status = os.fstat(descriptor)
        _require_regular(status)
        if status.st_size > max_bytes:
            raise FileRefusedError(f"{status.st_size} bytes is over the {max_bytes}-byte limit")
        raw = _read_at_most(descriptor, max_bytes + 1)
    except OSError as exc:
        raise FileRefusedError(f"cannot read: {exc.strerror or exc}") from exc
    finally:
        os.close(descriptor)
    if len(raw) > max_bytes:  # the reported size was wrong (procfs reports 0)
        raise FileRefusedError(f"more than {max_bytes} bytes, over the {max_bytes}-byte limit")
    return raw


def _require_regular(status: os.stat_result) -> None:
    if not stat.S_ISREG(status.st_mode):
        kind = next((name for test, name in _KINDS if test(status.st_mode)), "a special file")
        raise FileRefusedError(f"{kind}, not a regular file")


def _read_at_most(descriptor: int, limit: int) -> bytes:
    """Up to ``limit`` bytes from ``descriptor``: never more, whatever the file holds."""
    parts: list[bytes] = []
    left = limit
    while left > 0:
        part = os.read(descriptor, min(_CHUNK, left))
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)
