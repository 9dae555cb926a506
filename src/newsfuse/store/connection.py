"""The SQLite connection under a `Store`: a busy timeout, and SQLite's own errors turned into ours.

Every `sqlite3.OperationalError` ("database is locked", "attempt to write a readonly database",
"disk I/O error") that a statement on this connection raises becomes one `StoreError` naming the
store, so the CLI prints one line and exits 2 instead of a traceback. Constraint errors
(`IntegrityError`) stay what they are: they are bugs, not conditions of the file.
"""

from __future__ import annotations

import os
import sqlite3

from newsfuse.errors import ConfigError, StoreError

BUSY_TIMEOUT = 30.0  # seconds a statement waits for another process's write lock before failing
BUSY_TIMEOUT_ENV = "NEWSFUSE_BUSY_TIMEOUT"


def busy_timeout() -> float:
    """Seconds to wait for a busy store: NEWSFUSE_BUSY_TIMEOUT, or 30."""
    raw = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    if not raw:
        return BUSY_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        raise ConfigError(f"{BUSY_TIMEOUT_ENV}={raw!r} is not a number of seconds", setting=BUSY_TIMEOUT_ENV) from None
    if seconds < 0:
        raise ConfigError(f"{BUSY_TIMEOUT_ENV}={raw!r} is negative", setting=BUSY_TIMEOUT_ENV)
    return seconds


def store_error(path: str, exc: sqlite3.Error, timeout: float | None = None) -> StoreError:
    """One line that says what is wrong with the store file, from SQLite's message."""
    text = str(exc)
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        waited = f" for {timeout:g} s" if timeout is not None else ""
        message = (f"the store {path} is busy: another process held its write lock{waited} "
                   f"(set {BUSY_TIMEOUT_ENV} to wait longer) ({text})")
    elif "readonly" in lowered or "read-only" in lowered:
        message = f"the store {path} cannot be written here: {text}"
    elif "disk i/o" in lowered or "unable to open" in lowered or "disk is full" in lowered:
        message = f"cannot read or write the store {path}: {text}"
    elif type(exc) is sqlite3.DatabaseError:
        message = f"{path} is not a readable newsfuse store: {text}"
    else:
        message = f"the store {path}: {text}"
    return StoreError(message, path=path)


def _converts(exc: sqlite3.Error) -> bool:
    # OperationalError: conditions of the file (locked, read-only, I/O); a bare DatabaseError: not a
    # database or a damaged one. IntegrityError, ProgrammingError and the like are left alone.
    return isinstance(exc, sqlite3.OperationalError) or type(exc) is sqlite3.DatabaseError


class StoreCursor(sqlite3.Cursor):
    # Iteration is not wrapped (it would cost a Python call per row): a statement meets the file's
    # conditions when it starts, in `execute`, which is.
    def execute(self, sql, parameters=()):
        try:
            return super().execute(sql, parameters)
        except sqlite3.Error as exc:
            raise self.connection.convert(exc) from exc

    def executemany(self, sql, seq_of_parameters):
        try:
            return super().executemany(sql, seq_of_parameters)
        except sqlite3.Error as exc:
            raise self.connection.convert(exc) from exc

    def fetchone(self):
        try:
            return super().fetchone()
        except sqlite3.Error as exc:
            raise self.connection.convert(exc) from exc

    def fetchall(self):
        try:
            return super().fetchall()
        except sqlite3.Error as exc:
            raise self.connection.convert(exc) from exc


class StoreConnection(sqlite3.Connection):
    """A connection whose statements raise `StoreError` for the file's conditions."""

    store_path = ""
    timeout: float | None = None

    def convert(self, exc: sqlite3.Error) -> BaseException:
        return store_error(self.store_path, exc, self.timeout) if _converts(exc) else exc

    def cursor(self, factory=None):
        return super().cursor(factory or StoreCursor)

    def execute(self, sql, parameters=()):
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql, seq_of_parameters):
        return self.cursor().executemany(sql, seq_of_parameters)

    def commit(self):
        try:
            super().commit()
        except sqlite3.Error as exc:
            raise self.convert(exc) from exc


def connect(path: str) -> StoreConnection:
    """Open (or create) the SQLite file: WAL, foreign keys on, and a busy timeout before any write."""
    timeout = busy_timeout()
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=timeout, factory=StoreConnection)
    except sqlite3.Error as exc:
        raise store_error(path, exc, timeout) from exc
    conn.store_path = path
    conn.timeout = timeout
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn
