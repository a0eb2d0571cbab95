"""Sheets for the MSEL tests: exported from content, read back as dicts, edited, written."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from exercise.content.msel import export_sheet, scenario_source
from exercise.content.msel_columns import BY_KEY
from exercise.content.msel_sheet import csv_bytes, read_table
from exercise.content.msel_yaml import Lists, scenario_text
from tests.conftest import MINI, ROOT


def blanked_root(dest: Path, source: Path, scenario: str) -> Path:
    """A copy of the content root `source` without the scenario's inject files and with its
    lists naming none of them (laid out as before): what an import has to rebuild. (Other
    scenarios that use those injects are broken until it does.)"""
    world, files = scenario_source(source, scenario)
    for folder in ("roles", "sources", "injects", "indicators", "scenarios"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, dest / folder)
    for rel in files.values():
        (dest / rel).unlink()
    sc_file = f"scenarios/{scenario}.yaml"
    text = (source / sc_file).read_text(encoding="utf-8")
    none = ["nothing-yet"]
    decks = {d["id"]: none for d in world["scenario"].get("decks") or ()}
    lists = Lists([(1, none)], none, none, decks)
    (dest / sc_file).write_text(scenario_text(text, lists), encoding="utf-8")
    return dest


def mini_root(dest: Path) -> Path:
    return blanked_root(dest, MINI, "mini")


def exported(tmp: Path, fmt: str, root: Path = MINI, scenario: str = "mini") -> Path:
    world, files = scenario_source(root, scenario)
    out = tmp / f"{scenario}.{fmt}"
    out.write_bytes(export_sheet(fmt, world, files))
    return out


def demo_export(tmp: Path, fmt: str) -> Path:
    return exported(tmp, fmt, ROOT, "demo")


def rows_of(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a sheet, keyed by our column names."""
    table = read_table(path)
    keys = [next(c.key for c in BY_KEY.values() if c.header == h) for h in table.header]
    return keys, [dict(zip(keys, cells, strict=False)) for _, cells in table.rows]


def write_csv(path: Path, keys: list[str], rows: list[dict[str, str]], headers=None) -> Path:
    header = headers or [BY_KEY[k].header for k in keys]
    path.write_bytes(csv_bytes(header, [[r.get(k, "") for k in keys] for r in rows]))
    return path


def write_xlsx(path: Path, keys: list[str], rows: list[dict[str, str]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append([BY_KEY[k].header for k in keys])
    for r in rows:
        sheet.append([r.get(k, "") for k in keys])
    buf = io.BytesIO()
    book.save(buf)
    path.write_bytes(buf.getvalue())
    return path


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
