"""The MSEL as an Excel workbook: written with a styled header, read back through openpyxl.

An .xlsx is a zip of XML files, so before openpyxl sees one it is checked as an archive: a
zip bomb (a few KB that unpack to gigabytes) is refused by the sizes its entries declare, which
Python's zipfile holds every read to, and XML with a document type (the door to entity
expansion) is refused outright: a workbook never needs one.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

from exercise.content.msel_columns import Column, looks_like_formula, restore
from exercise.content.msel_sheet import (
    MAX_CELL,
    MAX_COLUMNS,
    MAX_ROWS,
    Formula,
    SheetError,
    Table,
    table_of,
)

MAX_UNPACKED = 64 * 1024 * 1024
MAX_MEMBERS = 2000
SHEET_TITLE = "MSEL"
_HEADER_FILL = "1F3864"
_CENTRED = {"number", "turn", "played_turn"}
_LINE_POINTS = 15
_MAX_ROW_POINTS = 409  # Excel's tallest row


def _check_archive(path: Path, data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise SheetError(
            f"{path}: not an XLSX workbook (not a zip archive); save it from Excel as .xlsx, "
            "or export it as CSV"
        ) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise SheetError(f"{path}: the archive holds {len(members)} files; not a workbook")
        unpacked = sum(m.file_size for m in members)
        if unpacked > MAX_UNPACKED:
            raise SheetError(
                f"{path}: unpacks to {unpacked / 2**20:,.0f} MB (a zip bomb?); an MSEL workbook "
                f"unpacks to at most {MAX_UNPACKED // 2**20} MB"
            )
        if "xl/workbook.xml" not in archive.namelist():
            raise SheetError(f"{path}: a zip archive but not an XLSX workbook (no xl/workbook.xml)")
        for member in members:
            if member.filename.endswith((".xml", ".rels", ".vml")):
                _check_xml(path, archive, member)


def _check_xml(path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    try:
        body = archive.read(member)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as exc:
        raise SheetError(f"{path}: damaged archive member {member.filename}: {exc}") from None
    if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        raise SheetError(
            f"{path}: {member.filename} declares a document type or entities; a workbook never "
            "does, so it is refused"
        )


def _cell_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if cell.data_type == "f":
        return Formula(str(value))
    if isinstance(value, datetime | date):
        fmt = (cell.number_format or "").lower()
        # A date typed into Excel keeps its precision only in its display format.
        if "d" in fmt or fmt == "general":
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m") if "m" in fmt else value.strftime("%Y")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return restore(value.replace("\r\n", "\n"))
    return str(value)


def read_xlsx(path: Path, data: bytes) -> Table:
    _check_archive(path, data)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook: one line each
        raise SheetError(
            f"{path}: cannot read the workbook: {type(exc).__name__}: {str(exc)[:200]}"
        ) from None
    try:
        if not book.worksheets:
            raise SheetError(f"{path}: the workbook has no worksheet")
        sheet = book.worksheets[0]
        where = f"{path}:{sheet.title}"
        return table_of(where, _rows(where, sheet))
    except SheetError:
        raise
    except Exception as exc:
        raise SheetError(
            f"{path}: cannot read the workbook: {type(exc).__name__}: {str(exc)[:200]}"
        ) from None
    finally:
        book.close()


def _rows(where: str, sheet) -> list[tuple[int, list[str]]]:
    records: list[tuple[int, list[str]]] = []
    for n, row in enumerate(sheet.iter_rows(), 1):
        cells = [_cell_text(c) for c in row]
        while cells and not cells[-1]:
            cells.pop()
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > MAX_COLUMNS:
            raise SheetError(f"{where}:row {n}: {len(cells)} columns; at most {MAX_COLUMNS}")
        if len(records) > MAX_ROWS:
            raise SheetError(f"{where}: more than {MAX_ROWS} rows; an MSEL is not that long")
        records.append((n, cells))
    return records


def xlsx_bytes(columns: list[Column], rows: list[list[object]], title: str) -> bytes:
    """The workbook: one sheet, a bold filled header that stays in view and filters, columns
    as wide as their content needs, text wrapped, no cell a spreadsheet would run."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    book.properties.title = title
    bold = Font(name="Calibri", bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    line = Border(bottom=Side(style="medium", color="000000"))
    for n, column in enumerate(columns, 1):
        cell = sheet.cell(1, n, column.header)
        cell.font, cell.fill, cell.border = bold, fill, line
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(n)].width = column.width
    top = Alignment(wrap_text=True, vertical="top")
    short = Alignment(horizontal="center", vertical="top")  # a number or a turn range
    for r, values in enumerate(rows, 2):
        for n, (column, value) in enumerate(zip(columns, values, strict=True), 1):
            _put(sheet.cell(r, n), value, short if column.key in _CENTRED else top)
        sheet.row_dimensions[r].height = _height(columns, values)
    sheet.row_dimensions[1].height = 30
    last = get_column_letter(len(columns))
    sheet.freeze_panes = "C2"  # the header, and the MSEL number and turn beside every row
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    _print_setup(sheet, columns)
    _choices(sheet, columns, len(rows))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _print_setup(sheet, columns: list[Column]) -> None:
    """On paper, HSEEP's columns (up to Notes), as wide as the page, the header on each."""
    from openpyxl.utils import get_column_letter

    last = next((n for n, c in enumerate(columns, 1) if c.key == "notes"), len(columns))
    sheet.print_area = f"A1:{get_column_letter(last)}{sheet.max_row}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _put(cell, value: object, alignment) -> None:
    if isinstance(value, str):
        if len(value) > MAX_CELL:
            raise ValueError(
                f"a cell of {len(value):,} characters; a spreadsheet holds {MAX_CELL:,}"
            )
        # Excel's own form of a leading apostrophe: the text shows as typed and is never run.
        # An apostrophe already leading a would-be formula gets one more, as in the CSV.
        cell.value = "'" + value if looks_like_formula(value) and value[0] == "'" else value
        cell.data_type = "s"
        cell.quotePrefix = looks_like_formula(value)
    else:
        cell.value = value
    cell.alignment = alignment


def _height(columns: list[Column], values: list[object]) -> float:
    """Tall enough to show HSEEP's columns whole (Excel does not fit a row to wrapped text by
    itself); the YAML columns after Notes may be cut: they are there for the import."""
    most = 1
    for column, value in zip(columns, values, strict=True):
        lines = sum(
            1 + int(len(part) * 0.85) // max(column.width, 1) for part in str(value).split("\n")
        )
        most = max(most, lines)
        if column.key == "notes":
            break
    return min(most * _LINE_POINTS, _MAX_ROW_POINTS)


def _choices(sheet, columns: list[Column], n_rows: int) -> None:
    """Drop-down lists where a column takes one of a few words."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from exercise.content.msel_columns import RELEASES

    words = {"release": RELEASES, "visibility": ("public", "private")}
    for n, column in enumerate(columns, 1):
        if column.key in words:
            letter = get_column_letter(n)
            rule = DataValidation(
                type="list", formula1='"' + ",".join(words[column.key]) + '"', allow_blank=True
            )
            rule.add(f"{letter}2:{letter}{max(n_rows + 1, 2)}")
            sheet.add_data_validation(rule)
