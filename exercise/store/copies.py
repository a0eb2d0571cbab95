"""Copies of a session file that hold everything, and checks that tell when a file alone does not.

A live session keeps its newest events in the WAL beside the file (`s.ttx-wal`) until a
checkpoint copies them in, so a plain `cp s.ttx` can silently miss them. `backup` goes through
SQLite's backup API, which reads a consistent snapshot while consoles keep writing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from exercise.store.atomic import WriteFailed, staged_session
from exercise.store.log import (
    NotASession,
    Presence,
    SessionFileError,
    SessionLog,
    connect,
    describe_error,
)


class BackupError(Exception):
    """The copy could not be made or did not check out; the message names the file."""


def backup(source: Path | str, target: Path | str) -> tuple[int, str]:
    """A consistent single-file copy of a (possibly live) session at `target`, verified before it is
    put in place: returns the copy's head (seq, hash). `target` must not exist."""
    source, target = Path(source), Path(target)
    if target.exists():
        raise BackupError(f"{target}: already exists; choose another file")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent}: no such folder")
    try:
        with staged_session(target) as temp:  # in place only once copied and verified
            _copy(source, temp)
            head = _verified(source, temp)
    except (WriteFailed, FileExistsError) as exc:
        raise BackupError(str(exc)) from None
    except OSError as exc:
        raise BackupError(describe_error(target, exc)) from None
    return head


def _copy(source: Path, temp: Path) -> None:
    try:
        with SessionLog(source, readonly=True) as log:
            out = sqlite3.connect(str(temp), isolation_level=None)  # a new file, no one else's
            try:
                log.db.backup(out)
                out.execute("PRAGMA journal_mode=DELETE")  # one file: nothing left beside it
                if out.execute("SELECT 1 FROM sqlite_master WHERE name='presence'").fetchone():
                    out.execute("DELETE FROM presence")  # no console has the copy open
            finally:
                out.close()
    except NotASession as exc:
        raise BackupError(str(exc)) from None
    except sqlite3.Error as exc:
        raise BackupError(describe_error(source, exc)) from None


def _verified(source: Path, temp: Path) -> tuple[int, str]:
    try:
        with SessionLog(temp, readonly=True) as copy:
            count, bad, reason = copy.verify()
            head = copy.tail()
    except SessionFileError as exc:
        raise BackupError(
            f"{source}: cannot be copied whole: {str(exc).removeprefix(f'{temp}: ')}"
        ) from None
    if bad is not None:
        raise BackupError(
            f"{source}: the copy does not verify (event {bad}: {reason}); nothing was kept"
        )
    return head


def standalone_problems(path: Path | str) -> list[str]:
    """What a copy of this file alone would miss: events only in its WAL, or consoles recorded open
    with no WAL beside it (a `cp` of a live session). Empty when the file holds everything.

    Run before any other connection to the file is open in this process: it reads the file
    without the WAL, through SQLite (never a plain open()).
    """
    path = Path(path)
    wal = Path(f"{path}-wal")
    try:
        in_file, open_rows = _file_alone(path)
    except sqlite3.Error as exc:
        return [describe_error(path, exc)]
    except SessionFileError as exc:
        return [str(exc)]
    if wal.exists():
        with SessionLog(path, readonly=True) as log:
            total = log.max_seq()
        if total > in_file:
            one = total == in_file + 1
            span = f"event {total} is" if one else f"events {in_file + 1}-{total} are"
            return [
                f"{span} only in {wal.name}, not yet in {path.name}: "
                f"a copy of {path.name} alone would lose them; copy it with 'ttx backup'"
            ]
        return []
    if open_rows:
        who = ", ".join(sorted({_console_name(p) for p in open_rows}))
        return [
            f"{path.name} says it is open ({who}) but no {wal.name} is beside it: "
            "if this is a copy of a live session, its newest events may be missing; "
            "copy live sessions with 'ttx backup'"
        ]
    return []


def _file_alone(path: Path) -> tuple[int, list[Presence]]:
    """(last seq, consoles recorded open) in the file itself, as a plain copy of it would hold."""
    alone = connect(path, "frozen")
    try:
        tables = {r[0] for r in alone.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "events" not in tables:  # a new session whose first events are still all in the WAL
            return 0, []
        in_file = alone.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]
        open_rows = (
            [
                Presence(*r)
                for r in alone.execute(
                    "SELECT console, role, host, pid, opened, seen, closed FROM presence "
                    "WHERE closed IS NULL"
                )
            ]
            if "presence" in tables
            else []
        )
        return in_file, open_rows
    finally:
        alone.close()


def _console_name(p: Presence) -> str:
    return f"{p.role} console"  # the facilitator console, the moscow console
