"""ttx msel export / import: exit 0 and a "wrote" line on success; bad input (an argument, a
sheet, a row) gives one line naming what is wrong (one per bad row), exit 2, and writes
nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

import exercise.cli.msel_cmds  # noqa: F401  (registers `ttx msel` until commands.py lists it)
from exercise.cli import main
from exercise.content.library import load_library
from tests.conftest import MINI, one_error
from tests.content.msel_helpers import mini_root, rows_of, snapshot, write_csv
from tests.review.helpers import simulated


def ttx(*args: str) -> int:
    return main(["msel", *args])


@pytest.fixture(scope="module")
def session_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("played") / "played.ttx"
    simulated(path, seed=3).close()
    return path


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_another_folder(fmt, tmp_path, capsys):
    sheet = tmp_path / f"mini.{fmt}"
    assert ttx("export", "mini", "--root", str(MINI), "-o", str(sheet)) == 0
    assert capsys.readouterr().err == f"wrote {sheet}: 10 injects\n"
    root, out = mini_root(tmp_path / "root"), tmp_path / "out"
    before = snapshot(root)
    assert ttx("import", str(sheet), "--scenario", "mini", "--root", str(root), "-o", str(out)) == 0
    assert capsys.readouterr().err.endswith(
        f"wrote 10 inject files and scenarios/mini.yaml under {out}\n"
    )
    assert snapshot(root) == before  # -o: the root is only read
    assert (out / "injects/t1-news.yaml").is_file() and (out / "scenarios/mini.yaml").is_file()


def test_import_into_the_root_itself(tmp_path, capsys):
    sheet = tmp_path / "mini.csv"
    assert ttx("export", "mini", "--root", str(MINI), "-o", str(sheet)) == 0
    root = mini_root(tmp_path / "root")
    assert ttx("import", str(sheet), "--scenario", "mini", "--root", str(root)) == 0
    assert load_library(root).scenarios["mini"] == load_library(MINI).scenarios["mini"]


def test_a_session_export_says_when_each_inject_came_out(session_file, tmp_path, capsys):
    sheet = tmp_path / "played.csv"
    assert ttx("export", str(session_file), "-o", str(sheet)) == 0
    keys, rows = rows_of(sheet)
    assert keys[4:6] == ["played_turn", "released_at"]
    out = {r["id"]: (r["played_turn"], r["released_at"]) for r in rows}
    assert out["t1-news"][0] == "1" and out["t1-news"][1].endswith("Z")
    assert out["manual-1"] == ("", "not released")
    # The log keeps its world as canonical JSON (keys sorted): the cells are in authors' order.
    pair = next(r for r in rows if r["id"] == "t1-moscow")
    assert pair["options"].startswith("- id: coop\n  label: Cooperate with the partner\n")


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["export", "mini", "--root", str(MINI), "-o", "out.txt"], ["write a .csv or an .xlsx"]),
        (["export", "nope", "--root", str(MINI), "-o", "x.csv"], ["no scenario 'nope'"]),
        (["export", "mini", "--root", "/no/such", "-o", "x.csv"], ["--root /no/such"]),
        (["export", "gone.ttx", "-o", "x.csv"], ["gone.ttx: no such session file"]),
        (["import", "gone.csv", "--scenario", "mini"], ["gone.csv: no such file"]),
        (["import", str(MINI / "scenarios/mini.yaml"), "--scenario", "mini"], [".csv or an .xlsx"]),
    ],
)
def test_bad_arguments_give_one_line(args, names, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.csv").write_text("Subject\nx\n", encoding="utf-8")
    assert ttx(*args) == 2
    one_error(capsys, *names)
    assert not (tmp_path / "out.txt").exists()


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["import", "x.csv"], ["the following arguments are required: --scenario"]),
        ([], ["the following arguments are required: ACTION"]),
        (["export", "mini"], ["the following arguments are required: -o"]),
    ],
)
def test_argument_errors_are_one_line_too(args, names, capsys):
    with pytest.raises(SystemExit) as exited:
        ttx(*args)
    assert exited.value.code == 2
    one_error(capsys, *names)


def test_a_file_that_is_not_a_session_is_named(tmp_path, capsys):
    fake = tmp_path / "notes.ttx"
    fake.write_text("hello", encoding="utf-8")
    assert ttx("export", str(fake), "-o", str(tmp_path / "x.csv")) == 2
    one_error(capsys, str(fake), "not a session file")
    assert not (tmp_path / "x.csv").exists()


def bad_sheet(tmp_path: Path, **changes: dict[str, str]) -> Path:
    sheet = tmp_path / "mini.csv"
    assert ttx("export", "mini", "--root", str(MINI), "-o", str(sheet)) == 0
    keys, rows = rows_of(sheet)
    for r in rows:
        r.update(changes.get(r["id"], {}))
    return write_csv(tmp_path / "bad.csv", keys, rows)


def test_one_bad_row_is_one_line_and_nothing_is_written(tmp_path, capsys):
    sheet = bad_sheet(tmp_path, **{"t1-moscow": {"to": "kyiv"}})
    root = mini_root(tmp_path / "root")
    before = snapshot(root)
    capsys.readouterr()
    assert ttx("import", str(sheet), "--scenario", "mini", "--root", str(root)) == 2
    line = one_error(capsys)
    assert line == f"ttx: error: {sheet}:row 3:column to: unknown role 'kyiv'; nothing written"
    assert snapshot(root) == before


def test_several_bad_rows_are_a_line_each_then_a_summary(tmp_path, capsys):
    sheet = bad_sheet(
        tmp_path, **{"t1-moscow": {"subject": ""}, "t2-tehran": {"options": "- id: [x"}}
    )
    root = mini_root(tmp_path / "root")
    before = snapshot(root)
    capsys.readouterr()
    assert ttx("import", str(sheet), "--scenario", "mini", "--root", str(root)) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == f"{sheet}:row 3:column subject: empty; every inject needs a title"
    assert lines[1].startswith(f"{sheet}:row 7:column options: line 2: not valid YAML")
    assert lines[2] == f"ttx: error: 2 problems in {sheet}; nothing written"
    assert snapshot(root) == before


def test_an_unknown_scenario_and_a_bad_map_are_one_line(tmp_path, capsys):
    sheet = bad_sheet(tmp_path)
    root = mini_root(tmp_path / "root")
    capsys.readouterr()
    assert ttx("import", str(sheet), "--scenario", "maxi", "--root", str(root)) == 2
    one_error(capsys, "--scenario maxi: no such scenario")
    bad = tmp_path / "map.yaml"
    bad.write_text("subject: [not, a, header]\n", encoding="utf-8")
    assert (
        ttx("import", str(sheet), "--scenario", "mini", "--root", str(root), "--map", str(bad)) == 2
    )
    one_error(capsys, f"{bad}:1:10: 'subject' must name a header of the sheet")
