"""FILE... arguments of the commands that read many sessions at once (ttx export, ttx cohort):
each one there, each one once, and an output that is none of them."""

from __future__ import annotations

import os
from pathlib import Path

from exercise.cli.commands import UserError


def session_files(names: list[str]) -> list[tuple[Path, str]]:
    """(path, session id) of each FILE, in the order given. UserError names a file that is not
    there, or one given twice (by two names, a link, or twice the same name)."""
    from exercise.review.export_read import session_ids

    seen: dict[tuple[int, int], str] = {}
    paths = []
    for name in names:
        path = Path(name)
        try:
            st = path.stat()
        except OSError:
            raise UserError(f"{name}: no such session file") from None
        if not path.is_file():
            raise UserError(f"{name}: not a session file (a folder?)")
        key = (st.st_dev, st.st_ino)
        if key in seen:
            again = "twice" if seen[key] == name else f"twice (also as {seen[key]})"
            raise UserError(f"{name}: given {again}; each session counts once")
        seen[key] = name
        paths.append(path)
    return list(zip(paths, session_ids(paths), strict=True))


def check_output(output: str, files: list[tuple[Path, str]], folder_ok: bool = False) -> None:
    """Refuse an OUT whose folder is missing, that is a folder (unless `folder_ok`), or that
    is one of the sessions being read."""
    out = Path(output)
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise UserError(f"-o {output}: no such folder {parent}")
    if out.is_dir() and not folder_ok:
        raise UserError(f"-o {output}: is a folder; give a file name")
    if not out.exists():
        return
    for path, _ in files:
        if os.path.samefile(out, path):
            raise UserError(f"-o {output}: is the session file {path}; give another name")
