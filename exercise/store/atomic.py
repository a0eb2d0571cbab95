"""Files that appear whole or not at all.

A new file is built under a temporary name in the target's own folder (the same file system, so
the rename is atomic) and renamed into place only when it is complete and on disk. A kill, a full
disk or a crash leaves the old file, or none, never a half one; an old file is never truncated.

Temporary names are `.NAME.tmp-PID-RANDOM`. One whose process is gone (it was killed) is removed,
with its SQLite sidecars, the next time anything is written to NAME.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from exercise.store.log import NotASession, describe_error

SIDECARS = ("-wal", "-shm", "-journal")
_CHUNK = 1 << 20
# A folder's fsync is not supported everywhere; where it is not, the rename still happened.
_NO_FOLDER_SYNC = {
    errno.EINVAL,
    errno.ENOTSUP,
    errno.EOPNOTSUPP,
    errno.EBADF,
    errno.EACCES,
    errno.EPERM,
}
# A file system without hard links: publish with an exists-check and a rename instead.
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS}


class WriteFailed(OSError):
    """A file could not be written in full; the message names it (the user's name, not the
    temporary one) and says why. Nothing was left behind under either name."""


def temp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.tmp-{os.getpid()}-{os.urandom(4).hex()}")


def write_atomic(path: Path | str, data: str | bytes, encoding: str = "utf-8") -> None:
    """Replace `path` with `data` all at once. OSError (full disk, unwritable folder) leaves the
    old file as it was. A device or pipe (/dev/stdout, /dev/null) is simply written to."""
    target = Path(
        os.path.realpath(path)
    )  # through a symlink: the link stays, what it names is replaced
    payload = data.encode(encoding) if isinstance(data, str) else data
    old = _stat(target)
    if old is not None and not stat.S_ISREG(old.st_mode):
        with open(target, "wb") as fh:
            fh.write(payload)
        return
    remove_stale(target)
    temp = temp_path(target)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        try:
            if old is not None:
                os.fchmod(fd, stat.S_IMODE(old.st_mode))
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view[:_CHUNK]) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    sync_folder(target.parent)


@contextmanager
def staged_session(target: Path | str) -> Iterator[Path]:
    """A temporary path beside `target` for building a new session file (SQLite creates it).

    When the block ends without error the file is renamed to `target`; otherwise it is removed
    with its -wal/-shm/-journal. The block must close every connection to it first: the -wal is
    named after the file, so an open one would be orphaned by the rename. `target` is never
    replaced: if it (or a leftover -wal or -journal of that name) exists, FileExistsError, whose
    message names it.
    SQLite errors, and NotASession from a file that could not be created, become WriteFailed.
    """
    target = Path(target)
    remove_stale(target)
    temp = temp_path(target)
    try:
        yield temp
        _publish(temp, target)
    except BaseException as exc:
        discard(temp)
        if isinstance(exc, (sqlite3.Error, NotASession)):
            raise WriteFailed(_user_words(exc, temp, target)) from None
        if isinstance(exc, OSError) and not isinstance(exc, (FileExistsError, WriteFailed)):
            raise WriteFailed(f"{target}: {exc.strerror or exc}") from None
        raise
    sync_folder(target.parent)


def _user_words(exc: BaseException, temp: Path, target: Path) -> str:
    if isinstance(exc, sqlite3.Error):
        return describe_error(target, exc)
    return str(exc).replace(str(temp), str(target))


def _publish(temp: Path, target: Path) -> None:
    if Path(f"{temp}-wal").exists() or Path(f"{temp}-journal").exists():
        raise RuntimeError(
            f"{temp}: a connection is still open; close it before the file is put in place"
        )
    Path(f"{temp}-shm").unlink(missing_ok=True)
    for suffix in ("-wal", "-journal"):
        # SQLite would read the frames of an old -wal, or roll back a hot -journal, of this name
        # into the new file (an empty one holds nothing).
        leftover = _stat(Path(f"{target}{suffix}"))
        if leftover is not None and leftover.st_size > 0:
            raise FileExistsError(
                f"{target}{suffix}: left over from an earlier session file of that name; "
                "move it away, or choose another name"
            )
    # No fsync of our own: SQLite (synchronous=FULL) synced the file when its last connection
    # checkpointed the WAL on close, and opening it here would break the house rule.
    exists = FileExistsError(f"{target}: already exists; choose another name")
    try:
        os.link(temp, target)  # unlike a rename, never replaces a file that appeared meanwhile
    except FileExistsError:
        raise exists from None
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        if os.path.lexists(target):
            raise exists from None
        os.replace(temp, target)
        return
    temp.unlink()


def discard(temp: Path) -> None:
    """Remove a temporary file and its SQLite sidecars, whatever is there."""
    for suffix in ("", *SIDECARS):
        with suppress(OSError):  # else removed by the next write to the same name
            Path(f"{temp}{suffix}").unlink(missing_ok=True)


def remove_stale(target: Path) -> None:
    """Remove the temporary files of `target` left by processes that are gone."""
    prefix = f".{target.name}.tmp-"
    try:
        with os.scandir(target.parent) as entries:
            names = [e.name for e in entries if e.name.startswith(prefix)]
    except OSError:
        return
    for name in names:
        pid = name[len(prefix) :].split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            with suppress(OSError):
                (target.parent / name).unlink(missing_ok=True)


def process_alive(pid: int) -> bool:
    """Whether a process of this machine still runs (this one does)."""
    if pid <= 0 or pid == os.getpid():
        return pid > 0
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def sync_folder(folder: Path) -> None:
    """fsync a folder, so a rename in it survives a power cut."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _NO_FOLDER_SYNC:
            raise
    finally:
        os.close(fd)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None
