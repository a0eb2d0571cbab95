"""Where an export is built and how it is put in place: whole or not at all.

Everything is written under a temporary folder beside the target (the same file system, so a
rename puts it in place at once), named like store.atomic's temporary files
(`.NAME.tmp-PID-RANDOM`); a kill, a full disk or a damaged session part-way leaves the old
output, or none, never a half one. A folder left by a process that is gone is removed the next
time anything is exported to NAME.

A folder of CSV files replaces an earlier export's folder by two renames (the old one aside,
the new one in), then the old one is removed: a crash between the two leaves the new export
under its temporary name and the old one under `.NAME.old-...`, both whole.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import IO, Self

from exercise.store.atomic import process_alive, remove_stale, sync_folder, temp_path


class OutputRefused(ValueError):
    """The output cannot be written where asked; the message names it and says why."""


def _real(target: Path | str) -> Path:
    # Through a symlink: what it names is replaced, the link stays (as store.atomic does).
    return Path(os.path.realpath(target))


def is_stream(target: Path | str) -> bool:
    """A device or a pipe (/dev/stdout, /dev/null): written to as it is, never replaced."""
    try:
        mode = os.stat(target).st_mode  # through links, /dev/stdout's to a pipe too
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _remove_stale_folders(target: Path) -> None:
    for prefix in (f".{target.name}.tmp-", f".{target.name}.old-"):
        try:
            names = [e.name for e in os.scandir(target.parent) if e.name.startswith(prefix)]
        except OSError:
            return
        for name in names:
            pid = name[len(prefix) :].split("-", 1)[0]
            if pid.isdigit() and not process_alive(int(pid)):
                shutil.rmtree(target.parent / name, ignore_errors=True)


@contextmanager
def staging(target: Path | str) -> Iterator[Path]:
    """A new, empty folder beside `target` to build the export in; removed afterwards, whatever
    happens (what is published from it has been moved out by then)."""
    real = _real(target)
    if is_stream(target):
        # Nothing is renamed onto a device or a pipe: the export is built wherever temporary
        # files go, then written to it.
        with tempfile.TemporaryDirectory(prefix="ttx-export-") as elsewhere:
            yield Path(elsewhere)
        return
    remove_stale(real)
    _remove_stale_folders(real)
    stage = temp_path(real)
    stage.mkdir()
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def publish_file(built: Path, target: Path | str) -> None:
    """Put the finished file `built` (inside the staging folder) in place of `target`."""
    if is_stream(target):
        with open(built, "rb") as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst)
        return
    real = _real(target)
    with open(built, "rb+") as fh:
        os.fsync(fh.fileno())
    with suppress(FileNotFoundError):  # the new file keeps the old one's permissions
        os.chmod(built, stat.S_IMODE(real.stat().st_mode))
    os.replace(built, real)
    sync_folder(real.parent)


def check_folder_target(target: Path | str, ours: Iterable[str]) -> None:
    """Refuse to replace a folder that holds anything but files named `ours` (an earlier export
    of CSV files): the export replaces the whole folder."""
    real = _real(target)
    if not real.exists():
        return
    if not real.is_dir():
        raise OutputRefused(f"{target}: exists and is not a folder; a CSV export is a folder")
    allowed = set(ours)
    others = sorted(e.name for e in os.scandir(real) if e.name not in allowed or not e.is_file())
    if others:
        shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
        raise OutputRefused(
            f"{target}: holds files that are not an export's ({shown}); give a new or empty folder"
        )


def publish_folder(built: Path, target: Path | str) -> None:
    """Put the finished folder `built` in place of `target` (absent, empty, or an earlier
    export's folder: see check_folder_target)."""
    real = _real(target)
    for entry in os.scandir(built):
        with open(entry.path, "rb+") as fh:
            os.fsync(fh.fileno())
    sync_folder(built)
    if not real.exists():
        os.rename(built, real)
        sync_folder(real.parent)
        return
    old = real.with_name(f".{real.name}.old-{os.getpid()}-{os.urandom(4).hex()}")
    os.rename(real, old)
    try:
        os.rename(built, real)
    except BaseException:
        with suppress(OSError):
            os.rename(old, real)
        raise
    sync_folder(real.parent)
    shutil.rmtree(old, ignore_errors=True)


class OpenFiles:
    """Files kept open between calls (one per table, say), closed together when the block ends."""

    def __init__(self) -> None:
        self.stack = ExitStack()

    def open(self, path: Path, encoding: str, newline: str) -> IO[str]:
        return self.stack.enter_context(open(path, "w", encoding=encoding, newline=newline))

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stack.close()
