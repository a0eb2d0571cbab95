"""Hostile and awkward MSEL sheets: a byte-order mark, semicolons, cells a spreadsheet would run
as formulas, a file too big, an .xlsx that is a zip bomb, not a zip, or declares XML entities,
an empty sheet. Each is read as meant or refused in one line, and nothing is written."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from exercise.content.library import load_library
from exercise.content.msel import MselProblems, export_sheet, import_sheet, scenario_source
from exercise.content.msel_columns import neutralise, restore
from exercise.content.msel_sheet import MAX_BYTES
from tests.conftest import MINI
from tests.content.msel_helpers import exported, mini_root, rows_of, snapshot, write_csv

EVIL = "=cmd|' /C calc'!A0"


def refused(sheet: Path, root: Path) -> str:
    before = snapshot(root)
    with pytest.raises(MselProblems) as caught:
        import_sheet(sheet, "mini", root)
    assert snapshot(root) == before
    (line,) = caught.value.problems
    assert "\n" not in line
    return line


def test_a_csv_with_a_byte_order_mark_and_semicolons_imports(tmp_path):
    keys, rows = rows_of(exported(tmp_path, "csv"))
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow([k for k in keys])
    for r in rows:
        writer.writerow([r[k] for k in keys])
    sheet = tmp_path / "semi.csv"
    sheet.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))  # headers: our names
    root = mini_root(tmp_path / "root")
    plan = import_sheet(sheet, "mini", root)
    assert plan.injects == len(rows)


@pytest.mark.parametrize(
    "text",
    [EVIL, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "'=already quoted", "''@twice", "plain", "'plain"],
)
def test_neutralising_a_cell_is_undone_exactly(text):
    out = neutralise(text)
    assert not re.match(r"[=+\-@\t\r]", out)
    assert restore(out) == text


def evil_world() -> tuple[dict, dict]:
    world, files = scenario_source(MINI, "mini")
    world = {**world, "injects": [dict(d) for d in world["injects"]]}
    target = next(d for d in world["injects"] if d["id"] == "t1-moscow")
    target["title"] = EVIL
    target["body"] = "@SUM(1+1)*cmd|' /C calc'!A0 and more text to pass the minimum length"
    target["facilitator_notes"] = "-2+3"
    return world, files


def test_a_csv_export_neutralises_formulas_and_the_import_restores_them(tmp_path):
    world, files = evil_world()
    sheet = tmp_path / "evil.csv"
    sheet.write_bytes(export_sheet("csv", world, files))
    text = sheet.read_text(encoding="utf-8-sig")
    assert f"'{EVIL}" in text and "'@SUM(1+1)" in text and ",'-2+3," in text
    for line in text.splitlines():
        for cell in line.split(","):
            assert not re.match(r"[=+@]", cell)
    assert_read_back(sheet, tmp_path)


def assert_read_back(sheet: Path, tmp_path: Path) -> None:
    root = mini_root(tmp_path / "root")
    for rel, text in import_sheet(sheet, "mini", root).files.items():
        (root / rel).write_text(text, encoding="utf-8")
    again = load_library(root).injects["t1-moscow"]
    assert again.title == EVIL and again.body.startswith("@SUM(1+1)*cmd|")
    assert again.facilitator_notes == "-2+3"


def test_an_xlsx_export_holds_no_formula(tmp_path):
    from openpyxl import load_workbook

    world, files = evil_world()
    data = export_sheet("xlsx", world, files)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml
    sheet = load_workbook(io.BytesIO(data)).active
    cell = next(c for c in sheet["H"] if c.value == EVIL)  # the Subject column
    assert cell.data_type == "s" and cell.quotePrefix  # Excel's leading apostrophe: text, not run
    path = tmp_path / "evil.xlsx"
    path.write_bytes(data)
    assert_read_back(path, tmp_path)


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    sheet = tmp_path / "big.csv"
    with sheet.open("wb") as fh:
        fh.write(b"Subject\n")
        fh.write(b"x" * (10 * 1024 * 1024))
    line = refused(sheet, mini_root(tmp_path / "root"))
    assert line == f"{sheet}: the file is 10.0 MB; an MSEL may be at most {MAX_BYTES >> 20} MB"


def test_an_xlsx_that_is_not_a_zip_is_refused(tmp_path):
    sheet = tmp_path / "fake.xlsx"
    sheet.write_text("MSEL #,Turn\n1,1\n", encoding="utf-8")
    assert "not an XLSX workbook (not a zip archive)" in refused(sheet, mini_root(tmp_path / "r"))


def test_a_zip_bomb_is_refused_by_its_declared_size(tmp_path):
    sheet = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(sheet, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(80):
                member.write(chunk)
    assert sheet.stat().st_size < 200_000
    line = refused(sheet, mini_root(tmp_path / "r"))
    assert "unpacks to 80 MB (a zip bomb?)" in line


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    sheet = tmp_path / "other.xlsx"
    with zipfile.ZipFile(sheet, "w") as z:
        z.writestr("readme.txt", "hello")
    assert "not an XLSX workbook (no xl/workbook.xml)" in refused(sheet, mini_root(tmp_path / "r"))


def test_xml_entities_in_a_workbook_are_refused(tmp_path):
    world, files = scenario_source(MINI, "mini")
    data = export_sheet("xlsx", world, files)
    sheet = tmp_path / "laughs.xlsx"
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(sheet, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            body = src.read(item)
            if item.filename.endswith("sheet1.xml"):
                body = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>' + body
            dst.writestr(item, body)
    assert "declares a document type or entities" in refused(sheet, mini_root(tmp_path / "r"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the sheet is empty"),
        (b"\n\n,,\n", "the sheet is empty"),
        (b"MSEL #,Subject\n", "only a header row; no injects to import"),
        (b"Subject\n\x00\x01", "binary data (a NUL byte), not CSV text"),
        (b"Subject\n\xff\xfe oops", "line 2: not UTF-8 text"),
        (b'Subject\n"unclosed\n', "not valid CSV"),
    ],
)
def test_an_empty_or_broken_csv_is_refused_in_one_line(content, message, tmp_path):
    sheet = tmp_path / "bad.csv"
    sheet.write_bytes(content)
    assert message in refused(sheet, mini_root(tmp_path / "r"))


def test_an_empty_xlsx_sheet_is_refused(tmp_path):
    from openpyxl import Workbook

    sheet = tmp_path / "empty.xlsx"
    Workbook().save(sheet)
    assert refused(sheet, mini_root(tmp_path / "r")) == f"{sheet}:Sheet: the sheet is empty: " + (
        "expected a header row and one row per inject"
    )


def test_a_formula_in_an_xlsx_cell_is_refused_with_its_column(tmp_path):
    from openpyxl import load_workbook

    sheet = exported(tmp_path, "xlsx")
    book = load_workbook(sheet)
    book.active["H3"] = '=HYPERLINK("http://evil.invalid","click")'  # Subject of row 3
    book.save(sheet)
    line = refused(sheet, mini_root(tmp_path / "r"))
    assert line.startswith(f"{sheet}:MSEL:row 3:column subject: a formula (=HYPERLINK")


def test_an_unknown_role_among_the_deciders_is_named(tmp_path):
    keys, rows = rows_of(exported(tmp_path, "csv"))
    for r in rows:
        r["deciders"] = "moscow, narnia" if r["id"] == "t1-pair" else r["deciders"]
    sheet = write_csv(tmp_path / "roles.csv", keys, rows)
    with pytest.raises(MselProblems) as caught:
        import_sheet(sheet, "mini", mini_root(tmp_path / "r"))
    assert any(":column deciders: unknown role 'narnia'" in p for p in caught.value.problems), (
        caught.value.problems
    )


def test_two_columns_with_one_header_are_refused(tmp_path):
    keys, rows = rows_of(exported(tmp_path, "csv"))
    from exercise.content.msel_columns import BY_KEY

    headers = [BY_KEY[k].header for k in keys]
    headers[keys.index("notes")] = "Subject"
    sheet = write_csv(tmp_path / "two.csv", keys, rows, headers)
    with pytest.raises(MselProblems) as caught:
        import_sheet(sheet, "mini", mini_root(tmp_path / "r"))
    assert caught.value.problems[0] == (
        f"{sheet}:row 1: 2 columns are headed 'Subject' (columns 8, 12); which one holds subject?"
    )
