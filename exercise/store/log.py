"""One SQLite file per session: append-only events, each hashed onto the one before.

hash(n) = sha256(hash(n-1) + canonical_json({seq, at, kind, actor, payload})). WAL and
synchronous=FULL, so an acknowledged append survives a crash or power cut. Writers take the
write lock with BEGIN IMMEDIATE before reading the tail, so several consoles appending to one
file never interleave or fork the chain; a writer that meets the lock waits and retries.
"""

from __future__ import annotations

import os
import sqlite3
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from exercise.store.bell import ring
from exercise.store.chain import GENESIS, ChainCheck, canonical_json, chain_hash, decode_payload

FORMAT = "ttx-session"
BUSY_TIMEOUT_MS = 5000
PAGE_SIZE = 1024  # for new files; an older file keeps the page size it was made with
RETRY_SECONDS = 60.0
MIGRATIONS: list[str] = [
    # 1: the log itself
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE events (
        seq     INTEGER PRIMARY KEY,
        at      TEXT NOT NULL,
        kind    TEXT NOT NULL,
        actor   TEXT NOT NULL,
        payload TEXT NOT NULL,
        hash    TEXT NOT NULL
    );
    CREATE INDEX events_kind ON events(kind);
    """,
    # 2: nothing queries by kind (readers fold the whole log), and the index slowed every append
    """
    DROP INDEX IF EXISTS events_kind;
    """,
    # 3: (a cached state beside the log; dropped by 4, which keeps the log the only truth)
    """
    CREATE TABLE IF NOT EXISTS snapshot (id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL, hash TEXT NOT NULL, key TEXT NOT NULL, state BLOB NOT NULL);
    """,
    # 4: no cached state; the chain's head kept in the same transaction as every append, so a
    # cut tail is caught; which consoles have the file open, outside the chain (presence is not
    # an event)
    """
    DROP TABLE IF EXISTS snapshot;
    CREATE TABLE head (
        id   INTEGER PRIMARY KEY CHECK (id = 1),
        seq  INTEGER NOT NULL,
        hash TEXT NOT NULL
    );
    INSERT INTO head SELECT 1, seq, hash FROM events ORDER BY seq DESC LIMIT 1;
    CREATE TABLE presence (
        console TEXT PRIMARY KEY,
        role    TEXT NOT NULL,
        host    TEXT NOT NULL,
        pid     INTEGER NOT NULL,
        opened  REAL NOT NULL,
        seen    REAL NOT NULL,
        closed  REAL
    );
    """,
]


class SessionFileError(Exception):
    """A session file cannot be used as asked: the message names the file and says why."""


class NotASession(SessionFileError):
    """The file is not a ttx session log (or not one this ttx can read)."""


class Row(NamedTuple):
    """One event as stored. A named tuple: a replay makes one per event, and a tuple is made
    several times faster than a frozen dataclass."""

    seq: int
    at: str
    kind: str
    actor: str
    payload: str
    hash: str

    def data(self) -> dict[str, Any]:
        return decode_payload(self.payload)


@dataclass(frozen=True)
class Presence:
    """One console that has (or had) the file open: kept outside the chain."""

    console: str
    role: str
    host: str
    pid: int
    opened: float
    seen: float
    closed: float | None


def _retrying(fn: Callable[[], Any]) -> Any:
    deadline = time.monotonic() + RETRY_SECONDS
    delay = 0.005
    while True:
        try:
            return fn()
        except sqlite3.OperationalError as exc:
            msg = str(exc)
            if ("locked" not in msg and "busy" not in msg) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)


_DAMAGE = (
    "malformed",
    "not a database",
    "could not decode",
    "disk i/o",
    "corrupt",
    "database or disk is full",
)


class _Connection(sqlite3.Connection):
    """A connection whose damage and full-disk errors name the file in one line, wherever raised."""

    path = ""

    def execute(self, *args, **kwargs):
        try:
            return super().execute(*args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if any(word in str(exc).lower() for word in _DAMAGE):
                raise SessionFileError(describe_error(self.path, exc)) from None
            raise


def connect(path: Path, mode: str) -> sqlite3.Connection:
    """A connection through SQLite alone. mode: 'rw' (never creates), 'rwc', 'ro', or 'frozen'
    (read-only media: no locks, no -shm; safe only where nobody can write).

    Never open a session file any other way: closing any other descriptor of the file drops
    every POSIX lock this process holds on it, and another process may then delete the live WAL.
    """
    query = {"frozen": "mode=ro&immutable=1"}.get(mode, f"mode={mode}")
    uri = "file:" + urllib.parse.quote(str(path.absolute())) + "?" + query
    db = sqlite3.connect(
        uri,
        uri=True,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
        factory=_Connection,
    )
    db.path = str(path)
    db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return db


def describe_error(path: Path | str, exc: BaseException) -> str:
    """One line for a SQLite or OS error on a session file, in a user's words."""
    msg = str(exc).strip() or type(exc).__name__
    low = msg.lower()
    if isinstance(exc, OSError) and exc.strerror:
        msg, low = exc.strerror, exc.strerror.lower()
    if "not a database" in low:
        why = "not a session file (not SQLite)"
    elif "malformed" in low or "disk i/o" in low or "corrupt" in low or "could not decode" in low:
        why = f"the file is damaged ({msg}); restore it from a copy made with 'ttx backup'"
    elif "readonly" in low or "read-only" in low:
        why = (
            "the file or its folder is read-only; it can be checked, reported and reviewed, "
            "not played"
        )
    elif "full" in low:
        why = f"the disk is full ({msg}); nothing more was written"
    elif "no such table" in low or "no such column" in low:
        why = f"not a session file, or a damaged one ({msg})"
    elif "unable to open" in low:
        why = "cannot be opened (missing, unreadable, or its folder is not writable)"
    elif "too long" in low:
        why = "the path is too long"
    elif "locked" in low or "busy" in low:
        why = f"the file stayed locked by another process ({msg})"
    else:
        why = msg
    return f"{path}: {why}"


class SessionLog:
    """A connection to one session file. Not shared across threads: open one per thread.

    `readonly=True` never writes (no migration, no WAL change); a file on read-only media opens
    read-only by itself, so an archived session can still be verified, reported and reviewed.
    """

    def __init__(self, path: Path | str, *, create: bool = False, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        self._tables: set[str] | None = None
        if create:
            if self.path.exists() and self.path.stat().st_size > 0:
                raise FileExistsError(f"{self.path} already exists")
        elif not self.path.is_file():
            raise NotASession(f"{self.path}: no such session file")
        try:
            self.db = self._connect(create)
        except sqlite3.Error as exc:
            raise NotASession(describe_error(self.path, exc)) from None
        except SessionFileError as exc:
            raise NotASession(str(exc)) from None
        try:
            self._prepare(create)
        except sqlite3.Error as exc:
            self.db.close()
            raise NotASession(describe_error(self.path, exc)) from None
        except SessionFileError as exc:
            self.db.close()
            raise exc if isinstance(exc, NotASession) else NotASession(str(exc)) from None
        except BaseException:
            self.db.close()
            raise

    def _connect(self, create: bool) -> sqlite3.Connection:
        if create:
            return connect(self.path, "rwc")
        writable = os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)
        if writable:
            db = connect(self.path, "rw")
            if self.readonly:
                # Read-only by promise, not by open mode: no statement may write, yet the last
                # connection out still tidies SQLite's -wal and -shm away, as a console's does.
                db.execute("PRAGMA query_only=1")
            return db
        self.readonly = True
        db = connect(self.path, "ro")
        try:
            db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone()
            return db
        except sqlite3.OperationalError:
            # WAL needs a -shm beside the file; on read-only media nobody can be writing, so
            # the file is read as it lies.
            db.close()
            if os.access(self.path.parent, os.W_OK) and not _on_readonly_media(self.path):
                raise
            wal = Path(f"{self.path}-wal")
            if wal.exists() and wal.stat().st_size > 0:  # read as it lies, the file would miss them
                raise NotASession(
                    f"{self.path}: its newest events are in {wal.name}, which cannot be read on "
                    "read-only media; copy both files to a writable folder first"
                ) from None
            return connect(self.path, "frozen")

    def _prepare(self, create: bool) -> None:
        if create:
            # Small pages: every durable append writes its event's page and the head's page, so
            # the bytes each fsync waits for grow with the page size (4 KiB pages: ~1.5x slower).
            self.db.execute(f"PRAGMA page_size={PAGE_SIZE}")
            _retrying(lambda: self.db.execute("PRAGMA journal_mode=WAL"))
            self.db.execute("PRAGMA synchronous=FULL")
            self._migrate(create=True)
            return
        # Recognised through SQLite itself, before anything is written: a foreign or empty
        # file is refused untouched.
        self._check_format()
        if self.readonly:
            return
        self.db.execute("PRAGMA synchronous=FULL")
        if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            _retrying(lambda: self.db.execute("PRAGMA journal_mode=WAL"))
        self._migrate(create=False)

    # -- schema ---------------------------------------------------------------------------
    def _check_format(self) -> None:
        try:
            row = _retrying(
                lambda: self.db.execute("SELECT value FROM meta WHERE key='format'").fetchone()
            )
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                raise NotASession(f"{self.path}: not a session file") from None
            raise
        if not row or row[0] != FORMAT:
            raise NotASession(f"{self.path}: not a session file")
        version = self._version()
        if version > len(MIGRATIONS):
            raise NotASession(
                f"{self.path}: written by a newer ttx (format {version}; this ttx reads up to "
                f"{len(MIGRATIONS)}): upgrade ttx to open it"
            )

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back if anything in between fails."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    def _version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self, *, create: bool) -> None:
        def run() -> None:
            with self._write_lock():
                version = self._version()
                for number, sql in enumerate(MIGRATIONS, start=1):
                    if number > version:
                        for statement in filter(str.strip, sql.split(";")):
                            self.db.execute(statement)
                        self.db.execute(f"PRAGMA user_version={number}")
                if create:
                    self.db.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (FORMAT,))

        if create or self._version() < len(MIGRATIONS):
            _retrying(run)

    def _has_table(self, name: str) -> bool:
        # Read once: migrations ran when the file was opened, so only an older file opened read-only
        # lacks a table, and the schema does not change under an open log.
        if self._tables is None:
            self._tables = {
                r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        return name in self._tables

    # -- reading --------------------------------------------------------------------------
    def max_seq(self) -> int:
        return self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]

    def tail(self) -> tuple[int, str]:
        """(seq, hash) of the last event, (0, GENESIS) for an empty log."""
        row = self.db.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
        return (row[0], row[1]) if row else (0, GENESIS)

    def hash_at(self, seq: int) -> str | None:
        """The chain's hash after event `seq`, or None if there is no such event."""
        row = self.db.execute("SELECT hash FROM events WHERE seq = ?", (seq,)).fetchone()
        return row[0] if row else None

    def head(self) -> tuple[int, str] | None:
        """The chain's head as the appends recorded it (seq, hash); None in a file written before
        heads were kept."""
        if not self._has_table("head"):
            return None
        row = self.db.execute("SELECT seq, hash FROM head WHERE id = 1").fetchone()
        return (row[0], row[1]) if row else (-1, "")  # a head removed by hand: verify names it

    def data_version(self) -> int:
        """Changes whenever another connection commits: a cheap 'is there news?' check."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def rows(self, after: int = 0, upto: int | None = None) -> Iterator[Row]:
        try:
            yield from map(Row._make, self._select(after, upto))
        except sqlite3.DatabaseError as exc:  # damage shows where the rows are: named, in one line
            raise SessionFileError(describe_error(self.path, exc)) from None

    def tuples(self, after: int = 0, upto: int | None = None) -> Iterator[tuple]:
        """The rows as plain (seq, at, kind, actor, payload, hash) tuples: a replay's read,
        which makes no Row per event."""
        try:
            yield from self._select(after, upto)
        except sqlite3.DatabaseError as exc:
            raise SessionFileError(describe_error(self.path, exc)) from None

    def _select(self, after: int = 0, upto: int | None = None) -> sqlite3.Cursor:
        """The rows as plain tuples, in order (iterating may meet damage: sqlite3.DatabaseError)."""
        sql = "SELECT seq, at, kind, actor, payload, hash FROM events WHERE seq > ?"
        args: tuple[int, ...] = (after,)
        if upto is not None:
            sql += " AND seq <= ?"
            args = (after, upto)
        return self.db.execute(sql + " ORDER BY seq", args)

    @contextmanager
    def reading(self) -> Iterator[None]:
        """One read transaction: every query inside sees the same moment of the file, so rows
        read and the head read after them agree even while consoles append."""
        if self.db.in_transaction:  # already inside one (a write lock, an outer reading)
            yield
            return
        self.db.execute("BEGIN")
        try:
            yield
        except BaseException:
            with suppress(sqlite3.Error, SessionFileError):  # the first error is the one to tell
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")  # ends the read; nothing was written

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def presence(self) -> list[Presence]:
        if not self._has_table("presence"):
            return []
        return [
            Presence(*r)
            for r in self.db.execute(
                "SELECT console, role, host, pid, opened, seen, closed FROM presence "
                "ORDER BY opened"
            )
        ]

    # -- writing --------------------------------------------------------------------------
    def transact(self, fn: Callable[[int], list[tuple[str, str, dict, str]]]) -> list[Row]:
        """Under the write lock: fn(last_seq) returns (kind, actor, payload, at) rows to append.

        fn may read the log (to catch up) before deciding; it runs again if the lock is lost.
        Returns the appended rows once they are durable; the head moves in the same transaction.
        """

        def run() -> list[Row]:
            with self._write_lock():
                seq, prev = self.tail()
                new = fn(seq)
                out = []
                for kind, actor, payload, at in new:
                    seq += 1
                    text = canonical_json(payload)
                    prev = chain_hash(prev, seq, at, kind, actor, text)
                    self.db.execute(
                        "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
                        (seq, at, kind, actor, text, prev),
                    )
                    out.append(Row(seq, at, kind, actor, text, prev))
                if out:
                    self.db.execute("INSERT OR REPLACE INTO head VALUES (1, ?, ?)", (seq, prev))
            return out

        appended = _retrying(run)
        if appended:  # durable now: the consoles watching the file may look
            ring(self.path)
        return appended

    def append(self, kind: str, actor: str, payload: dict, at: str) -> Row:
        return self.transact(lambda _seq: [(kind, actor, payload, at)])[0]

    def copy_rows(self, rows: Iterable[Row]) -> Row | None:
        """Write rows of another log verbatim (same seq, at, kind, actor, payload, hash) into this
        empty log, in one transaction: a fork. The chain is recomputed as they go in, so a tampered
        or gappy source is refused (ValueError) and nothing is written. Returns the last row.
        """
        rows = list(rows)  # materialised: a retry after a lock must see them again

        def run() -> Row | None:
            with self._write_lock():
                if self.db.execute("SELECT 1 FROM events LIMIT 1").fetchone():
                    raise ValueError(f"{self.path}: not empty; rows are only copied into a new log")
                prev, last = GENESIS, None
                batch: list[tuple] = []
                for expected_seq, row in enumerate(rows, start=1):
                    if row.seq != expected_seq:
                        raise ValueError(f"event {row.seq}: sequence jumps from {expected_seq - 1}")
                    if (
                        chain_hash(prev, row.seq, row.at, row.kind, row.actor, row.payload)
                        != row.hash
                    ):
                        raise ValueError(f"event {row.seq} ({row.kind}) does not match its hash")
                    prev, last = row.hash, row
                    batch.append((row.seq, row.at, row.kind, row.actor, row.payload, row.hash))
                    if len(batch) >= 5000:
                        self.db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)", batch)
                        batch.clear()
                self.db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)", batch)
                if last is not None:
                    self.db.execute(
                        "INSERT OR REPLACE INTO head VALUES (1, ?, ?)", (last.seq, last.hash)
                    )
            return last

        return _retrying(run)

    def set_meta(self, key: str, value: str) -> None:
        _retrying(
            lambda: self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
        )

    # -- presence (outside the chain) -------------------------------------------------------
    def mark_open(self, console: str, role: str, host: str, pid: int, at: float) -> None:
        """Record a console as open, and checkpoint, so that even a plain copy of the file alone
        says a console had it open (see `copies.standalone_problems`)."""
        _retrying(
            lambda: self.db.execute(
                "INSERT OR REPLACE INTO presence VALUES (?, ?, ?, ?, ?, ?, NULL)",
                (console, role, host, pid, at, at),
            )
        )
        self.checkpoint()

    def mark_seen(self, console: str, at: float) -> None:
        _retrying(
            lambda: self.db.execute("UPDATE presence SET seen = ? WHERE console = ?", (at, console))
        )

    def mark_closed(self, console: str, at: float, gone: Iterable[str] = ()) -> int:
        """Record a console (and `gone`: consoles known to have died) as closed; returns how many
        consoles are still open."""

        def run() -> int:
            with self._write_lock():
                for name in (console, *gone):
                    self.db.execute(
                        "UPDATE presence SET closed = ?, seen = MAX(seen, ?) WHERE console = ? "
                        "AND closed IS NULL",
                        (at, at, name),
                    )
                return self.db.execute(
                    "SELECT COUNT(*) FROM presence WHERE closed IS NULL"
                ).fetchone()[0]

        return _retrying(run)

    def checkpoint(self, *, truncate: bool = False) -> bool:
        """Copy the WAL into the file (best effort, never waits on readers); True if all went in."""
        if self.readonly:
            return False
        try:
            busy, frames, done = self.db.execute(
                f"PRAGMA wal_checkpoint({'TRUNCATE' if truncate else 'PASSIVE'})"
            ).fetchone()
        except sqlite3.Error:
            return False
        return busy == 0 and frames == done

    # -- checking -------------------------------------------------------------------------
    def verify(self, visit: Callable[[Row], object] | None = None) -> tuple[int, int | None, str]:
        """(events checked, first bad seq or None, reason).

        `visit`, when given, sees each row as it is checked (up to the first bad one), so a
        caller that needs every row anyway reads the log once. The chain must also end where the
        head says it does: a cut tail or an appended one is named.
        """
        check = ChainCheck()
        with self.reading():
            if visit is None:
                self._check_columns(check)
            else:
                for row in self.rows():
                    visit(row)
                    if not check.see(row):
                        break
            return self.verdict(check)

    def _check_columns(self, check: ChainCheck) -> None:
        # Straight off the cursor, no Row and no generator between: those cost as much again as
        # the hashing, and `ttx verify` is meant to run near the speed of reading and hashing.
        try:
            for columns in self._select():
                if not check.see(columns):
                    return
        except sqlite3.DatabaseError as exc:
            raise SessionFileError(describe_error(self.path, exc)) from None

    def verdict(self, check: ChainCheck) -> tuple[int, int | None, str]:
        """What verify() says of the rows `check` saw: read in the same `reading()` as they were,
        so that the head is the one of those rows."""
        if check.bad is not None:
            return check.count, check.bad, check.reason
        return (check.count, *self._head_problem(check.count, check.prev))

    def _head_problem(self, last: int, last_hash: str) -> tuple[int | None, str]:
        """The log must end where the head recorded by the appends says it does."""
        if last == 0:
            return 0, "the log holds no events: a session log starts with its SessionStarted event"
        head = self.head()
        if head is None:  # written before heads were kept
            return None, ""
        seq, digest = head
        if seq < 0:
            return last, "the log has no head: the record of its last event was removed"
        if seq > last:
            missing = f"event {seq} is" if seq == last + 1 else f"events {last + 1}-{seq} are"
            return last + 1, (
                f"{missing} missing: the head records event {seq} ({digest[:12]}…) but the log "
                f"ends at {last}"
            )
        if seq < last:
            span = f"event {last} is" if last == seq + 1 else f"events {seq + 1}-{last} are"
            return seq + 1, (
                f"{span} not in the head: it records event {seq}, so they were added outside ttx"
            )
        if digest != last_hash:
            return seq, f"event {seq} is not the event the head records (the hashes differ)"
        return None, ""

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> SessionLog:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _on_readonly_media(path: Path) -> bool:
    try:
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def verify_file(path: Path | str) -> tuple[int, int | None, str]:
    with SessionLog(path, readonly=True) as log:
        return log.verify()
