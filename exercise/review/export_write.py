"""`ttx export`: sessions' tables written as CSV, XLSX or JSON Lines, whole or not at all.

Sessions are read one at a time (read once each: export_read) and each table's rows go
straight to that table's part file in a staging folder, so a thousand sessions take no more
memory than the largest of them; the output is put in place only once every session has been
read and every part written (export_files).

- csv: one file per table (`decisions.csv`...), UTF-8 with a byte-order mark (Excel's "CSV
  UTF-8") and CRLF line ends, in a folder (what R, pandas and a spreadsheet open one by one)
  or, for an OUT ending in .zip, in one zip archive (one file to pass around).
- xlsx: one sheet per table (export_xlsx).
- jsonl: one JSON object per line, its `table` field first, then the table's columns; text
  exactly as written (no spreadsheet reads it).

Spreadsheet injection: in CSV a text cell that a spreadsheet would run as a formula (it starts
with = + - @, a tab or a carriage return) gets a leading apostrophe, as `ttx msel export`
does; in XLSX such text is stored as text, marked so that editing it keeps it text.
"""

from __future__ import annotations

import csv
import json
import math
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring
from pathlib import Path
from typing import IO, Any, Protocol

from exercise.content.msel_columns import neutralise
from exercise.review.export_files import (
    OpenFiles,
    check_folder_target,
    publish_file,
    publish_folder,
    staging,
)
from exercise.review.export_read import read_session
from exercise.review.export_tables import BOOL, DICTIONARY, Cell, Table, dictionary_rows

FORMATS = ("csv", "xlsx", "jsonl")
_SEPARATORS = re.compile("[\x85\u2028\u2029]")


@dataclass(frozen=True)
class Exported:
    """What an export wrote: rows per table, and the sessions whose chain did not verify."""

    rows: dict[str, int]
    unverified: tuple[tuple[str, str], ...]  # (file, why)


class Sink(Protocol):
    """Where the rows go: `add` a table's rows (any number of times), `finish` once after the
    last, and the files it holds open are closed when its block ends, whatever happened."""

    def add(self, table: Table, rows: Sequence[tuple[Cell, ...]]) -> None: ...

    def finish(self) -> None: ...

    def __enter__(self) -> Sink: ...

    def __exit__(self, *exc: object) -> None: ...


def is_zip(target: Path | str) -> bool:
    return Path(target).suffix.lower() == ".zip"


def folder_names(tables: Sequence[Table]) -> list[str]:
    """The files a CSV folder export holds: one per table, and the data dictionary."""
    return [f"{t.name}.csv" for t in (*tables, DICTIONARY)]


def check_target(fmt: str, target: Path | str) -> None:
    """Before any work: refuse a CSV folder that is not an export's (OutputRefused)."""
    from exercise.review.export_tables import TABLES

    if fmt == "csv" and not is_zip(target):
        check_folder_target(target, folder_names(TABLES))


def export(
    files: Sequence[tuple[Path, str]], tables: Sequence[Table], fmt: str, target: Path | str
) -> Exported:
    """Read each (file, session id) and write the chosen tables to `target`. SessionFileError
    names a file that cannot be read; OSError an output that cannot be written; ValueError a
    value the format cannot hold. Nothing is left at `target` unless all of it was written."""
    check_target(fmt, target)
    counts = {t.name: 0 for t in tables}
    unverified: list[tuple[str, str]] = []
    with staging(target) as stage, _sink(fmt, stage, target, tables) as sink:
        for path, sid in files:
            s = read_session(path, sid)
            if not s.chain.verified:
                why = f"event {s.chain.first_bad}: {s.chain.reason}" if s.chain.reason else ""
                unverified.append((str(path), why or "the chain's head does not match"))
            for t in tables:
                rows = list(t.rows(s))
                counts[t.name] += len(rows)
                sink.add(t, rows)
            del s  # the next session is read with this one's rows let go
        sink.add(DICTIONARY, list(dictionary_rows(tables)))
        sink.finish()
        if fmt == "csv" and not is_zip(target):
            publish_folder(stage / "csv", target)
        else:
            publish_file(stage / "out", target)
    return Exported(counts, tuple(unverified))


def _sink(fmt: str, stage: Path, target: Path | str, tables: Sequence[Table]) -> Sink:
    if fmt == "csv":
        return CsvSink(stage, tables, zipped=is_zip(target))
    if fmt == "jsonl":
        return JsonlSink(stage / "out")
    if fmt == "xlsx":
        from exercise.review.export_xlsx import XlsxSink

        return XlsxSink(stage, tables)
    raise ValueError(f"{fmt}: not an export format ({', '.join(FORMATS)})")


# -- CSV ------------------------------------------------------------------------------------------


_RISKY = frozenset("=+-@\t\r'")  # first characters of text a spreadsheet might run


def _csv_cells(table: Table) -> Callable[[tuple[Cell, ...]], Sequence[Cell]]:
    """A row as the CSV holds it: formula-like text neutralised, booleans as true/false, None
    empty (the csv module writes None as an empty field)."""
    bools = [n for n, c in enumerate(table.columns) if c.type == BOOL]
    risky = _RISKY

    def cells(row: tuple[Cell, ...]) -> Sequence[Cell]:
        # Only text whose first character could start a formula goes through neutralise().
        out = [neutralise(v) if type(v) is str and v[:1] in risky else v for v in row]
        for n in bools:
            v = out[n]
            if v is not None:
                out[n] = "true" if v else "false"
        return out

    return cells


class CsvSink(OpenFiles):
    """One CSV file per table in `stage/csv`; zipped into `stage/out` when finished, if asked."""

    def __init__(self, stage: Path, tables: Sequence[Table], zipped: bool):
        super().__init__()
        self.folder = stage / "csv"
        self.folder.mkdir()
        self.out = stage / "out"
        self.zipped = zipped
        self.files: dict[str, IO[str]] = {}
        self.writers: dict[str, tuple[object, Callable]] = {}
        for t in (*tables, DICTIONARY):
            # The byte-order mark by hand: the utf-8-sig codec would encode each row in Python.
            fh = self.open(self.folder / f"{t.name}.csv", "utf-8", "")
            fh.write("\ufeff")
            self.files[t.name] = fh
            writer = csv.writer(fh, lineterminator="\r\n")
            writer.writerow([c.name for c in t.columns])
            self.writers[t.name] = (writer, _csv_cells(t))

    def add(self, table: Table, rows: Sequence[tuple[Cell, ...]]) -> None:
        writer, cells = self.writers[table.name]
        writer.writerows(map(cells, rows))  # type: ignore[attr-defined]

    def finish(self) -> None:
        self.stack.close()
        if not self.zipped:
            return
        with zipfile.ZipFile(self.out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for name in self.files:
                archive.write(self.folder / f"{name}.csv", f"{name}.csv")


# -- JSON Lines -----------------------------------------------------------------------------------


def _json_converters() -> tuple[dict[type, Callable[[Any], str]], Callable[[Any], str]]:
    """A value's JSON by its type, each through a C function where there is one: one encoder
    call per row costs twice the whole export's budget for a long session. The second is for
    any other value (a hand-edited log's)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode

    def number(v: float) -> str:
        return repr(v) if math.isfinite(v) else "null"  # JSON has no NaN or infinity

    return {
        str: encode_basestring,
        int: int.__repr__,
        float: number,
        bool: lambda v: "true" if v else "false",
        type(None): lambda v: "null",
    }, encode


class JsonlSink(OpenFiles):
    """Every row of every table in one file, one object a line: {"table": ..., columns...}."""

    def __init__(self, out: Path):
        super().__init__()
        self.fh = self.open(out, "utf-8", "\n")
        self.convert, self.other = _json_converters()

    def add(self, table: Table, rows: Sequence[tuple[Cell, ...]]) -> None:
        keys = [encode_basestring(c.name) + ":" for c in table.columns]
        head = '{"table":' + encode_basestring(table.name) + ","
        convert, other = self.convert, self.other
        for start in range(0, len(rows), 5000):
            lines = [
                head
                + ",".join(
                    [k + convert.get(type(v), other)(v) for k, v in zip(keys, row, strict=True)]
                )
                + "}\n"
                for row in rows[start : start + 5000]
            ]
            chunk = "".join(lines)
            # JSON allows these line separators raw, but tools that split lines on them
            # (Python's splitlines, JavaScript) would cut a row in two; escaped, they are the
            # same text. They can only be inside strings: the rest of a line is ours.
            if _SEPARATORS.search(chunk):
                chunk = _SEPARATORS.sub(lambda m: f"\\u{ord(m.group()):04x}", chunk)
            self.fh.write(chunk)

    def finish(self) -> None:
        self.stack.close()
