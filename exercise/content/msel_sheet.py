"""A sheet read into rows of text, and the CSV reader and writer (the XLSX ones: msel_xlsx).

A sheet comes from someone else's machine, so it is bounded before it is parsed: at most
MAX_BYTES on disk, MAX_ROWS rows, MAX_COLUMNS columns and MAX_CELL characters a cell (Excel's
own limit). Every refusal is one line naming the file, and the row where there is one.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path
from typing import NamedTuple

from exercise.content.msel_columns import neutralise, restore

MAX_BYTES = 8 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 200
MAX_CELL = 32_767
_DELIMITERS = ",;\t"


class SheetError(Exception):
    """The sheet cannot be read at all; the message names the file (and row)."""


class Formula(str):
    """A cell that holds a formula, not a value: refused where it is read, with its column."""


class Table(NamedTuple):
    where: str  # "msel.csv" or "msel.xlsx:Sheet1": how every message names the sheet
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as the spreadsheet shows it, cells)
    header_row: int = 1


def read_bytes(path: Path) -> bytes:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise SheetError(f"{path}: not a regular file")
        if info.st_size > MAX_BYTES:
            raise SheetError(
                f"{path}: the file is {info.st_size / 2**20:.1f} MB; an MSEL may be at most "
                f"{MAX_BYTES // 2**20} MB"
            )
        return path.read_bytes()
    except OSError as exc:
        raise SheetError(f"{path}: cannot read the file: {exc.strerror or exc}") from None


def read_table(path: Path) -> Table:
    """The first sheet of an .xlsx, or a .csv (any other suffix is read as CSV)."""
    if path.suffix.lower() == ".xlsx":
        from exercise.content.msel_xlsx import read_xlsx

        return read_xlsx(path, read_bytes(path))
    return read_csv(path, read_bytes(path))


def _text(path: Path, raw: bytes) -> str:
    if b"\x00" in raw:
        raise SheetError(f"{path}: binary data (a NUL byte), not CSV text")
    try:
        return raw.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SheetError(
            f"{path}: line {line}: not UTF-8 text; save the sheet as 'CSV UTF-8'"
        ) from None


def _delimiter(text: str) -> str:
    """Comma, semicolon (Excel where the decimal mark is a comma) or tab, from the header."""
    first = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        counts = {d: first.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def read_csv(path: Path, raw: bytes) -> Table:
    text = _text(path, raw)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        for n, record in enumerate(reader, 1):
            cells = _cells(f"{path}:row {n}", record)
            if any(c.strip() for c in cells):
                records.append((n, cells))
            if len(records) > MAX_ROWS + 1:
                raise SheetError(f"{path}: more than {MAX_ROWS} rows; an MSEL is not that long")
    except csv.Error as exc:
        raise SheetError(f"{path}:row {reader.line_num}: not valid CSV: {exc}") from None
    return table_of(str(path), records)


def _cells(where: str, record: list[str]) -> list[str]:
    if len(record) > MAX_COLUMNS:
        raise SheetError(f"{where}: {len(record)} columns; at most {MAX_COLUMNS} are read")
    for n, cell in enumerate(record, 1):
        if len(cell) > MAX_CELL:
            raise SheetError(
                f"{where}: cell {n} holds {len(cell):,} characters; at most {MAX_CELL:,}"
            )
    return [restore(c.replace("\r\n", "\n")) for c in record]


def table_of(where: str, records: list[tuple[int, list[str]]]) -> Table:
    if not records:
        raise SheetError(
            f"{where}: the sheet is empty: expected a header row and one row per inject"
        )
    (at, header), rows = records[0], records[1:]
    if not rows:
        raise SheetError(f"{where}: only a header row; no injects to import")
    return Table(where, [h.strip() for h in header], rows, at)


def csv_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    """RFC 4180 CSV with a byte-order mark (so Excel reads it as UTF-8), every text cell a
    spreadsheet would run as a formula neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(v) if isinstance(v, str) else v for v in row])
    return out.getvalue().encode("utf-8-sig")
