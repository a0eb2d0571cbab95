"""Where content files are, and a quick unchecked read of one folder (YAML only, no schemas)."""

from __future__ import annotations

import os
from pathlib import Path

from exercise.content.yamlio import ContentError, Document, read_document

FOLDERS = ("roles", "injects", "indicators", "scenarios", "sources")


def display_path(path: Path, root: Path) -> str:
    """The path as the user would type it: relative to the current folder when inside it."""
    absolute = os.path.abspath(path)
    here = os.getcwd()
    if absolute.startswith(here + os.sep):
        return absolute[len(here) + 1 :]
    return str(path)


def discover(root: Path, folders: tuple[str, ...] = FOLDERS) -> list[Path]:
    files: list[Path] = []
    for folder in folders:
        base = root / folder
        if base.is_dir():
            files.extend(
                sorted(p for p in base.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
            )
    return files


def peek(root: Path | str, folder: str) -> list[Document]:
    """The readable YAML documents of one folder, unchecked: enough to list what is there at once,
    while `load` checks everything. A file that cannot be read is left out (load reports it)."""
    root = Path(root)
    docs = []
    for path in discover(root, (folder,)):
        try:
            docs.append(read_document(path, display_path(path, root)))
        except ContentError:
            continue
    return docs
