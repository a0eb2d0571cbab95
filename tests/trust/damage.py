"""Damaged and foreign session files, made from a good one: the red-team's corpus."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path


def _truncate(at: float) -> Callable[[Path], None]:
    def damage(p: Path) -> None:
        size = p.stat().st_size
        os.truncate(p, int(size * at))

    return damage


def _flip(seed: int, count: int) -> Callable[[Path], None]:
    def damage(p: Path) -> None:
        rng = random.Random(seed)
        data = bytearray(p.read_bytes())
        for _ in range(count):
            i = rng.randrange(100, len(data))  # past the header: the file still looks like SQLite
            data[i] ^= 1 << rng.randrange(8)
        p.write_bytes(bytes(data))

    return damage


def _zero_page(page: int) -> Callable[[Path], None]:
    def damage(p: Path) -> None:
        data = bytearray(p.read_bytes())
        size = 4096
        data[page * size : (page + 1) * size] = bytes(size)
        p.write_bytes(bytes(data))

    return damage


def _sql(*statements: str) -> Callable[[Path], None]:
    def damage(p: Path) -> None:
        db = sqlite3.connect(p)
        for s in statements:
            db.execute(s)
        db.commit()
        db.close()

    return damage


def _replace(content: bytes) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(content)


DAMAGES: dict[str, Callable[[Path], None]] = {
    "empty": _replace(b""),
    "text": _replace(b"hello, not a database\n"),
    "header only": _replace(b"SQLite format 3\x00" + bytes(84)),
    "truncated 10%": _truncate(0.10),
    "truncated 50%": _truncate(0.5),
    "truncated 90%": _truncate(0.9),
    "flipped bits": _flip(1, 40),
    "flipped bits 2": _flip(2, 400),
    "zeroed page 2": _zero_page(1),
    "zeroed last page": _zero_page(-1),
    "other database": _sql("DROP TABLE events", "DROP TABLE meta"),
    "no events table": _sql("DROP TABLE events"),
    "wrong format": _sql("UPDATE meta SET value='something-else' WHERE key='format'"),
    "newer version": _sql("PRAGMA user_version=99"),
    "events without columns": _sql(
        "DROP TABLE events", "CREATE TABLE events (seq INTEGER PRIMARY KEY)"
    ),
    "payload not json": _sql("UPDATE events SET payload='{not json' WHERE seq=3"),
    "payload wrong fields": _sql("UPDATE events SET payload='{\"x\":1}' WHERE seq=3"),
    "unknown event kind": _sql("UPDATE events SET kind='Nonsense' WHERE seq=3"),
    "empty log": _sql("DELETE FROM events", "DELETE FROM head"),
    "number for a time": _sql("UPDATE events SET at=42 WHERE seq=2"),
}


def make(good: Path, folder: Path, name: str) -> Path:
    target = folder / (name.replace(" ", "-").replace("%", "pc") + ".ttx")
    shutil.copy(good, target)
    DAMAGES[name](target)
    return target


# Every command that opens a session file, as a user types it: (file, scratch folder) -> argv.
COMMANDS: dict[str, Callable[[str, Path], list[str]]] = {
    "verify": lambda f, t: ["verify", f],
    "report": lambda f, t: ["report", f, "--format", "md", "-o", str(t / "aar.md")],
    "codes": lambda f, t: ["codes", f],
    "backup": lambda f, t: ["backup", f, str(t / "copy.ttx")],
    "fork": lambda f, t: ["fork", f, "--at", "2", "--session", str(t / "fork.ttx")],
    "compare": lambda f, t: ["compare", f, f],
    "play --resume": lambda f, t: ["play", "--resume", f],
    "team": lambda f, t: ["team", f, "--role", "moscow"],
    "observe": lambda f, t: ["observe", f],
    "review": lambda f, t: ["review", f],
    "print": lambda f, t: ["print", f, "-o", str(t / "pack.html")],
    "whatif": lambda f, t: ["whatif", f, "--runs", "1", "--workers", "1"],
    "export": lambda f, t: ["export", f, "--format", "csv", "-o", str(t / "tables")],
    "cohort": lambda f, t: ["cohort", f, "-o", str(t / "cohort.md")],
}
CONSOLES = {"play --resume", "team", "observe", "review"}
# Rows that still read as events: only verify can tell (the chain); consoles may open them and
# mark themselves open in them.
READABLE = {"number for a time", "unknown event kind"}
