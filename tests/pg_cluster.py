"""A throwaway PostgreSQL cluster for the tests: initdb into a temporary folder, then
``pg_ctl start`` listening on 127.0.0.1 (and a socket in that folder) only.

Debian's postgresql package (``make postgres``) puts initdb and pg_ctl in
/usr/lib/postgresql/VERSION/bin, off the PATH. initdb refuses to run as root, so as
root every server command runs as the ``postgres`` user (or ``nobody``) via runuser.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from evals.bench import free_port

SUPERUSER = "msra"


class PostgresUnavailable(Exception):
    """PostgreSQL is not installed, or cannot run as an unprivileged user here; the
    message says why (the tests' skip reason)."""


class PostgresFailed(RuntimeError):
    """An installed PostgreSQL failed (initdb, start, stop): a test error, not a skip."""


def find_bindir() -> Path:
    """The folder holding initdb and pg_ctl: on the PATH, else Debian's newest version."""
    found = shutil.which("initdb")
    candidates = [Path(found).resolve().parent] if found else []
    versions = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(
        versions, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, reverse=True
    )
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    raise PostgresUnavailable(
        "PostgreSQL is not installed (no initdb/pg_ctl on the PATH or in "
        "/usr/lib/postgresql/*/bin); `make postgres` installs Debian's package"
    )


def _run_as() -> str | None:
    """The unprivileged user to run the server as when we are root; None otherwise."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        if shutil.which("runuser") is None:
            raise PostgresUnavailable(
                "running as root and runuser is missing (initdb refuses root)"
            )
        return name
    raise PostgresUnavailable("running as root with no postgres or nobody user for initdb")


class PostgresCluster:
    """One cluster in its own temporary folder, on a free port of 127.0.0.1."""

    def __init__(self) -> None:
        self.bindir = find_bindir()
        self.user = _run_as()
        self.folder = Path(tempfile.mkdtemp(prefix="msra-pg-"))
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self.data = self.folder / "data"
        self.port = free_port()
        self._databases = 0
        try:
            self._pg(
                "initdb",
                "-D",
                str(self.data),
                "-U",
                SUPERUSER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
            )
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise

    def _pg(self, program: str, *args: str) -> None:
        command = [str(self.bindir / program), *args]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, cwd=self.folder, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise PostgresFailed(f"{program} failed: {(done.stderr or done.stdout).strip()}")

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = f"-k {self.folder} -h 127.0.0.1 -p {self.port} -F"
        self._pg(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self) -> None:
        """Stop the server (fast shutdown: open sessions are cut)."""
        self._pg("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")

    def remove(self) -> None:
        """Stop the server if it runs, and delete the cluster's folder."""
        with contextlib.suppress(PostgresFailed):  # already stopped
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of ``database`` in this cluster."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database; returns its SQLAlchemy URL."""
        import psycopg

        self._databases += 1
        name = f"msra_test_{self._databases}"
        dsn = f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)
