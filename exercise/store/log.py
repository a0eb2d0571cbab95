"""One SQLite file per session: append-only events, each hashed onto the one before.

hash(n) = sha256(hash(n-1) + canonical_json({seq, at, kind, actor, payload})). WAL and
synchronous=FULL, so an acknowledged append survives a crash or power cut. Writers take the
write lock with BEGIN IMMEDIATE before reading the tail, so several consoles appending to one
file never interleave or fork the chain; a writer that meets the lock waits and retries.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = "ttx-session"
GENESIS = "0" * 64
BUSY_TIMEOUT_MS = 5000
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
    # 3: a cached state beside the log, so a console opens without replaying it; never part of the
    # chain, and only trusted while the event it was taken after still carries the same hash
    """
    CREATE TABLE snapshot (
        id    INTEGER PRIMARY KEY CHECK (id = 1),
        seq   INTEGER NOT NULL,
        hash  TEXT NOT NULL,
        key   TEXT NOT NULL,
        state BLOB NOT NULL
    );
    """,
]


class NotASession(Exception):
    """The file is not a ttx session log."""


@dataclass(frozen=True)
class Row:
    seq: int
    at: str
    kind: str
    actor: str
    payload: str
    hash: str

    def data(self) -> dict[str, Any]:
        return json.loads(self.payload)


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev: str, seq: int, at: str, kind: str, actor: str, payload_json: str) -> str:
    # Equal to canonical_json of the whole event, assembled without re-serialising the payload.
    body = (f'{{"actor":{canonical_json(actor)},"at":{canonical_json(at)},"kind":{canonical_json(kind)},'
            f'"payload":{payload_json},"seq":{seq}}}')
    return _sha256((prev + body).encode("utf-8")).hexdigest()


def _sha256(data: bytes):
    global _sha256
    from hashlib import sha256 as _sha256  # on the first append or check: opening a log needs none

    return _sha256(data)


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


class SessionLog:
    """A connection to one session file. Not shared across threads: open one per thread."""

    def __init__(self, path: Path | str, *, create: bool = False):
        self.path = Path(path)
        if create:
            if self.path.exists() and self.path.stat().st_size > 0:
                raise FileExistsError(f"{self.path} already exists")
        elif not self.path.is_file():
            raise NotASession(f"{self.path}: no such session file")
        if not create:
            with open(self.path, "rb") as fh:
                head = fh.read(16)
            if head and head != b"SQLite format 3\x00":
                raise NotASession(f"{self.path}: not a session file (not SQLite)")
        try:
            self.db = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                      check_same_thread=False)
            self.db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            _retrying(lambda: self.db.execute("PRAGMA journal_mode=WAL"))
            self.db.execute("PRAGMA synchronous=FULL")
            if create:
                self._migrate(create=True)
            else:
                self._check_format()
                self._migrate(create=False)
        except sqlite3.DatabaseError as exc:
            raise NotASession(f"{self.path}: not a session file ({exc})") from None

    # -- schema ---------------------------------------------------------------------------
    def _check_format(self) -> None:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key='format'").fetchone()
        except sqlite3.OperationalError:
            raise NotASession(f"{self.path}: not a session file") from None
        if not row or row[0] != FORMAT:
            raise NotASession(f"{self.path}: not a session file")

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

    # -- reading --------------------------------------------------------------------------
    def max_seq(self) -> int:
        return self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]

    def data_version(self) -> int:
        """Changes whenever another connection commits: a cheap 'is there news?' check."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def rows(self, after: int = 0, upto: int | None = None) -> Iterator[Row]:
        sql = "SELECT seq, at, kind, actor, payload, hash FROM events WHERE seq > ?"
        args: tuple = (after,)
        if upto is not None:
            sql += " AND seq <= ?"
            args = (after, upto)
        for r in self.db.execute(sql + " ORDER BY seq", args):
            yield Row(*r)

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def snapshot(self, key: str) -> tuple[int, bytes] | None:
        """(seq, blob) of the cached state, if it was made by `key` and its event is unchanged."""
        row = self.db.execute(
            "SELECT s.seq, s.state FROM snapshot s JOIN events e ON e.seq = s.seq AND e.hash = s.hash"
            " WHERE s.key = ?", (key,)).fetchone()
        return (row[0], bytes(row[1])) if row else None

    # -- writing --------------------------------------------------------------------------
    def transact(self, fn: Callable[[int], list[tuple[str, str, dict, str]]]) -> list[Row]:
        """Under the write lock: fn(last_seq) returns (kind, actor, payload, at) rows to append.

        fn may read the log (to catch up) before deciding; it runs again if the lock is lost.
        Returns the appended rows once they are durable.
        """

        def run() -> list[Row]:
            with self._write_lock():
                tail = self.db.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
                seq, prev = tail if tail else (0, GENESIS)
                new = fn(seq)
                out = []
                for kind, actor, payload, at in new:
                    seq += 1
                    text = canonical_json(payload)
                    prev = chain_hash(prev, seq, at, kind, actor, text)
                    self.db.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)", (seq, at, kind, actor, text, prev))
                    out.append(Row(seq, at, kind, actor, text, prev))
            return out

        return _retrying(run)

    def append(self, kind: str, actor: str, payload: dict, at: str) -> Row:
        return self.transact(lambda _seq: [(kind, actor, payload, at)])[0]

    def copy_rows(self, rows: Iterable[Row]) -> Row | None:
        """Write rows of another log verbatim (same seq, at, kind, actor, payload, hash) into this
        empty log, in one transaction: a fork. The chain is recomputed as they go in, so a
        tampered or gappy source is refused (ValueError) and nothing is written. Returns the last row.
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
                    if chain_hash(prev, row.seq, row.at, row.kind, row.actor, row.payload) != row.hash:
                        raise ValueError(f"event {row.seq} ({row.kind}) does not match its hash")
                    prev, last = row.hash, row
                    batch.append((row.seq, row.at, row.kind, row.actor, row.payload, row.hash))
                    if len(batch) >= 5000:
                        self.db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)", batch)
                        batch.clear()
                self.db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)", batch)
            return last

        return _retrying(run)

    def save_snapshot(self, seq: int, key: str, blob: bytes) -> bool:
        """Cache the state after event `seq`. Only a cache: when the file is busy or read-only it
        is skipped (False), and the next save, or a replay, does as well."""

        try:
            with self._write_lock():
                row = self.db.execute("SELECT hash FROM events WHERE seq = ?", (seq,)).fetchone()
                if row:
                    self.db.execute("INSERT OR REPLACE INTO snapshot VALUES (1, ?, ?, ?, ?)",
                                    (seq, row[0], key, blob))
        except sqlite3.Error:
            return False
        return bool(row)

    def drop_snapshot(self) -> None:
        _retrying(lambda: self.db.execute("DELETE FROM snapshot"))

    def set_meta(self, key: str, value: str) -> None:
        _retrying(lambda: self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value)))

    # -- checking -------------------------------------------------------------------------
    def verify(self, visit: Callable[[Row], object] | None = None) -> tuple[int, int | None, str]:
        """(events checked, first bad seq or None, reason).

        `visit`, when given, sees each row as it is checked (up to the first bad one), so a
        caller that needs every row anyway reads the log once.
        """
        prev = GENESIS
        count = 0
        for expected_seq, row in enumerate(self.rows(), start=1):
            count = expected_seq
            if visit is not None:
                visit(row)
            if row.seq != expected_seq:
                return count, row.seq, f"sequence jumps from {expected_seq - 1} to {row.seq}"
            want = chain_hash(prev, row.seq, row.at, row.kind, row.actor, row.payload)
            if want != row.hash:
                return count, row.seq, "hash does not match its content and the chain before it"
            prev = row.hash
        return count, None, ""

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> SessionLog:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def verify_file(path: Path | str) -> tuple[int, int | None, str]:
    with SessionLog(path) as log:
        return log.verify()
