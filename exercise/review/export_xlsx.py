"""The export as an Excel workbook: one sheet per table, in the house style of the MSEL workbook
(content/msel_xlsx.py): a bold white-on-blue header that stays in view and filters, columns as
wide as their content, the session column frozen beside every row.

openpyxl builds the workbook around the rows: its styles, sheets, header rows, widths, frozen
panes and filters. The rows themselves are written here, straight to XML as each session is
read, and put into each sheet's <sheetData> when the archive is assembled: openpyxl's own cell
writer (without lxml, which we do not ship) takes some 25 µs a cell, 25 s for the tables of a
100,000-event session, against the export's 3 s. Every text is an inline string: never a
formula, whatever it starts with; one a spreadsheet would take for a formula when edited also
carries the quote-prefix style, which keeps it text (as msel_xlsx does). Whole numbers past
2**53, which a sheet's doubles would change, are written as text.
"""

from __future__ import annotations

import io
import math
import re
import shutil
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

from exercise.content.msel_columns import looks_like_formula
from exercise.review.export_files import OpenFiles
from exercise.review.export_tables import BOOL, DICTIONARY, INT, NUMBER, Cell, Table

MAX_CELL = 32_767  # characters in a cell (Excel's limit)
MAX_ROWS = 1_048_576  # rows in a sheet, the header included
_HEADER_FILL = "1F3864"
_SAMPLE = 2000  # rows per table whose text sets the column widths
_WIDTHS = {INT: 9, NUMBER: 11, BOOL: 9}
_MIN_WIDTH, _MAX_WIDTH = 8, 60
# XML 1.0 cannot hold these: a sheet holding one would not open.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MARKUP = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EXACT = 2**53  # whole numbers a double holds exactly
_MEMO_TEXT, _MEMO_SIZE = 64, 100_000  # texts this short are remembered, this many at most
_RISKY = frozenset("=+-@\t\r'")  # first characters of text a spreadsheet might run
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"\s*/>')


class CellTooLong(ValueError):
    """A value a sheet cannot hold; the message names the table, row and column."""


def _letters(n: int) -> str:
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def _text(value: str) -> str:
    """Text as XML character data: markup escaped, characters XML cannot hold replaced, and a
    carriage return as a reference (a parser would read a bare one as a line feed)."""
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("\ufffd", value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("\r", "&#13;")


def _converters(quoted: str) -> dict[type, Callable[[Any], str]]:
    """A cell's XML after its reference (`<c r="B7"` + this), by the type of its value; ""
    for an empty value, which gets no cell at all."""
    risky = _RISKY
    # Ids, kinds, roles and times repeat down a column: each short text is made into XML once.
    memo: dict[str, str] = {}

    def text(v: str) -> str:
        cell = memo.get(v)
        if cell is not None:
            return cell
        if not v:
            return ""
        if len(v) > MAX_CELL:
            raise _TooLong(v)
        style = quoted if v[0] in risky and looks_like_formula(v) else ""
        body = _text(v) if _MARKUP.search(v) else v
        space = ' xml:space="preserve"' if v[0].isspace() or v[-1].isspace() else ""
        cell = f'{style} t="inlineStr"><is><t{space}>{body}</t></is></c>'
        if len(v) <= _MEMO_TEXT and len(memo) < _MEMO_SIZE:
            memo[v] = cell
        return cell

    def whole(v: int) -> str:
        # A sheet's numbers are doubles: past 2**53 a whole number would change, so it is text.
        return f"><v>{v}</v></c>" if -_EXACT < v < _EXACT else text(str(v))

    def number(v: float) -> str:
        if v != v or v in (math.inf, -math.inf):  # no spreadsheet number: said as text
            return text(repr(v))
        return f"><v>{v!r}</v></c>"

    return {
        str: text,
        int: whole,
        float: number,
        bool: lambda v: ' t="b"><v>1</v></c>' if v else ' t="b"><v>0</v></c>',
        type(None): lambda v: "",
    }


class _TooLong(ValueError):
    def __init__(self, value: str):
        self.value = value


class _Part:
    """One table's rows, as <row> elements, in a file of the staging folder."""

    def __init__(self, path: Path, fh: IO[str], table: Table, quoted: str):
        self.path = path
        self.table = table
        self.fh = fh
        self.rows = 1  # the header
        self.widths = [max(_WIDTHS.get(c.type, 0), len(c.name) + 2) for c in table.columns]
        self.refs = [_letters(n) for n in range(1, len(table.columns) + 1)]
        self.convert = _converters(quoted)

    def add(self, rows: Sequence[tuple[Cell, ...]]) -> None:
        if self.rows + len(rows) > MAX_ROWS:
            raise CellTooLong(
                f"table {self.table.name}: more than {MAX_ROWS - 1:,} rows, more than a sheet "
                "holds; export it as csv or jsonl"
            )
        self._measure(rows[: max(0, _SAMPLE - self.rows)])
        convert = self.convert
        other = _as_text(convert[str])
        refs = self.refs
        first = self.rows + 1
        for start in range(0, len(rows), 5000):
            lines = []
            for r, row in enumerate(rows[start : start + 5000], first + start):
                try:
                    tails = [convert.get(type(v), other)(v) for v in row]
                except _TooLong as exc:
                    raise self._too_long(r, row, exc.value) from None
                # Every cell says where it is (`r`): optional in the format, but not every
                # reader of a workbook places cells without it.
                cells = "".join(
                    [f'<c r="{ref}{r}"{t}' for ref, t in zip(refs, tails, strict=True) if t]
                )
                lines.append(f'<row r="{r}">{cells}</row>')
            self.fh.write("".join(lines))
        self.rows += len(rows)

    def _measure(self, rows: Sequence[tuple[Cell, ...]]) -> None:
        widths = self.widths
        for row in rows:
            for n, v in enumerate(row):
                if type(v) is str and len(v) > widths[n]:
                    widths[n] = len(v)

    def _too_long(self, r: int, row: tuple[Cell, ...], value: str) -> CellTooLong:
        column = self.table.columns[row.index(value)].name
        return CellTooLong(
            f"table {self.table.name}, row {r}, column {column}: {len(value):,} characters; "
            f"a sheet's cell holds {MAX_CELL:,}: export it as csv or jsonl"
        )


def _as_text(text: Callable[[str], str]) -> Callable[[Any], str]:
    """A value of a hand-edited log that is none of the types above: written as its text."""
    return lambda v: text(str(v))


class XlsxSink(OpenFiles):
    """The workbook is begun at once (so the quote-prefix style's index is known before any row
    is written) and finished on close, when every sheet's row count and widths are known."""

    def __init__(self, stage: Path, tables: Sequence[Table]):
        from openpyxl import Workbook

        super().__init__()
        self.out = stage / "out"
        order = [*tables, DICTIONARY]
        self.book = Workbook()
        self.book.remove(self.book.active)
        self.book.properties.title = "ttx export"
        for t in order:
            _header(self.book.create_sheet(t.name[:31]), t)
        quoted = f' s="{_quote_style(self.book.worksheets[0])}"'
        self.parts = {}
        for n, t in enumerate(order, 1):
            path = stage / f"{n:03d}.rows"
            self.parts[t.name] = _Part(path, self.open(path, "utf-8", ""), t, quoted)

    def add(self, table: Table, rows: Sequence[tuple[Cell, ...]]) -> None:
        self.parts[table.name].add(rows)

    def finish(self) -> None:
        self.stack.close()
        parts = list(self.parts.values())
        for part, sheet in zip(parts, self.book.worksheets, strict=True):
            for n, width in enumerate(part.widths, 1):
                sheet.column_dimensions[_letters(n)].width = min(
                    max(width + 1, _MIN_WIDTH), _MAX_WIDTH
                )
            sheet.auto_filter.ref = f"A1:{_letters(len(part.table.columns))}{part.rows}"
        skeleton = io.BytesIO()
        self.book.save(skeleton)
        _assemble(skeleton.getvalue(), parts, self.out)


def _header(sheet, table: Table) -> None:
    """A bold, filled header row that stays in view; the session column frozen beside it."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    bold = Font(name="Calibri", bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    line = Border(bottom=Side(style="medium", color="000000"))
    centre = Alignment(vertical="center")
    for n, column in enumerate(table.columns, 1):
        cell = sheet.cell(1, n, column.name)
        cell.font, cell.fill, cell.border, cell.alignment = bold, fill, line, centre
    sheet.freeze_panes = "B2" if table.columns[0].name == "session" else "A2"
    sheet.row_dimensions[1].height = 20


def _quote_style(sheet) -> int:
    """The index of a plain text style with the quote prefix, registered in the workbook: the
    style of a probe cell, which is then deleted (its style stays in the workbook's list)."""
    probe = sheet.cell(2, 1)
    probe.quotePrefix = True
    index = probe.style_id
    sheet.delete_rows(2)
    return index


def _assemble(skeleton: bytes, parts: list[_Part], out: Path) -> None:
    """The skeleton's members copied into the new archive, each sheet's rows put after its
    header row and its dimension set to the rows it now holds."""
    sheets = {f"xl/worksheets/sheet{n}.xml": part for n, part in enumerate(parts, 1)}
    with (
        zipfile.ZipFile(io.BytesIO(skeleton)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst,
    ):
        missing = set(sheets) - set(src.namelist())
        if missing:  # openpyxl names its sheets sheetN.xml, in order; a newer one may not
            raise RuntimeError(f"the workbook skeleton has no {sorted(missing)[0]}")
        for info in src.infolist():
            data = src.read(info)
            part = sheets.get(info.filename)
            if part is None:
                dst.writestr(info, data)
                continue
            last = _letters(len(part.table.columns))
            data = _DIMENSION.sub(f'<dimension ref="A1:{last}{part.rows}"/>'.encode(), data, 1)
            head, sep, tail = data.partition(b"</sheetData>")
            if not sep:
                raise RuntimeError(f"{info.filename}: no sheetData in the workbook skeleton")
            with dst.open(info.filename, "w", force_zip64=True) as member:
                member.write(head)
                with open(part.path, "rb") as rows:
                    shutil.copyfileobj(rows, member, 1 << 20)
                member.write(sep + tail)
