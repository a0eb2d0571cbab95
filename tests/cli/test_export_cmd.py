"""ttx export: exit 0 and a "wrote" line; bad input (an argument, a file that is not a
session, a damaged one, the same file twice, an output that cannot be written) is one line
naming what is wrong, exit 2, and nothing written."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

import exercise.cli.export_cmds  # noqa: F401  (registers `ttx export` until commands.py lists it)
from exercise.cli import main
from tests.review.export_helpers import bot_sessions, console_played, read_jsonl, read_xlsx
from tests.trust.damage import DAMAGES, READABLE, make

# Played in `ttx play` (tmux, keys pressed); not .ttx: the repository ignores those.
CONSOLE = Path(__file__).resolve().parents[1] / "fixtures" / "console" / "played-in-console.session"


def ttx(*args: str) -> int:
    return main(["export", *args])


@pytest.fixture(scope="module")
def sessions(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("sessions")
    played = folder / "played.ttx"
    console_played(played).close()
    return [played, *bot_sessions(folder, [3, 4])]


def one_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "TTX_DEBUG" not in err[0]  # a foreseen error, not the catch-all
    return err[0]


def test_each_format_is_written_with_a_line_saying_so(sessions, tmp_path, capsys):
    files = [str(p) for p in sessions]
    for out, extra in (
        (tmp_path / "tables", ["--format", "csv"]),
        (tmp_path / "tables.zip", []),
        (tmp_path / "book.xlsx", []),
        (tmp_path / "rows.jsonl", []),
    ):
        assert ttx(*files, "-o", str(out), *extra) == 0
        err = capsys.readouterr().err
        assert err.startswith(f"wrote {out}: 3 session(s); rows: sessions 3, participants 12,")
    assert (tmp_path / "tables" / "decisions.csv").is_file()
    assert len(read_xlsx(tmp_path / "book.xlsx")["sessions"]) == 3
    assert {r["session"] for r in read_jsonl(tmp_path / "rows.jsonl")["sessions"]} == {
        "played",
        "sim-3",
        "sim-4",
    }


def test_json_lines_go_to_standard_output_and_tables_can_be_chosen(sessions, capsys):
    assert ttx(str(sessions[0]), "--tables", "rulings, messages") == 0
    out = capsys.readouterr().out
    tables = [json.loads(line)["table"] for line in out.splitlines()]
    assert set(tables) == {"rulings", "messages", "columns"}
    assert tables.count("messages") == 2
    assert ttx(str(sessions[0]), "--format", "jsonl", "-o", os.devnull) == 0  # a device: written
    assert capsys.readouterr().err.startswith(f"wrote {os.devnull}: 1 session(s)")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["-o", "OUT/x.csv", "--format", "csv"], "a CSV export is one file per table"),
        (["--format", "csv"], "give -o OUT (only jsonl goes to standard output)"),
        (["--format", "xlsx", "-o", "OUT/x.xls"], "an XLSX export is a file ending in .xlsx"),
        (["--format", "jsonl", "-o", "OUT/x.zip"], "a .zip name for a jsonl export"),
        (["-o", "OUT/x.dat"], "give --format csv, xlsx or jsonl"),
        (["--tables", "decisions,nope"], "--tables: no table 'nope' (tables: sessions,"),
        (["--tables", " , "], "--tables: name at least one table"),
        (["-o", "OUT/no/such/x.jsonl"], "no such folder"),
        (["-o", "OUT", "--format", "jsonl"], "is a folder; give a file name"),
        (["-o", "/proc/ttx-export.jsonl"], "-o /proc/ttx-export.jsonl: "),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(sessions, tmp_path, capsys, args, says):
    args = [a.replace("OUT", str(tmp_path)) for a in args]
    before = sorted(p.name for p in tmp_path.iterdir())
    assert ttx(str(sessions[0]), *args) == 2
    assert says in one_line(capsys)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_the_same_session_twice_is_refused(sessions, tmp_path, capsys):
    path = sessions[0]
    twice = [(str(path), str(path)), (str(path), os.path.relpath(path))]
    link = tmp_path / "link.ttx"
    link.symlink_to(path)
    twice.append((str(path), str(link)))
    for a, b in twice:
        assert ttx(a, b, "-o", str(tmp_path / "x.jsonl")) == 2
        assert f"{b}: given twice" in one_line(capsys)
    assert not (tmp_path / "x.jsonl").exists()


def test_missing_foreign_and_folder_files_are_named(sessions, tmp_path, capsys):
    text = tmp_path / "notes.ttx"
    text.write_text("not a session")
    for name, says in (
        (str(tmp_path / "missing.ttx"), "no such session file"),
        (str(text), "not a session file"),
        (str(tmp_path), "not a session file (a folder?)"),
    ):
        assert ttx(str(sessions[0]), name, "-o", str(tmp_path / "x.jsonl")) == 2
        line = one_line(capsys)
        assert name in line and says in line
    assert not (tmp_path / "x.jsonl").exists()


def test_the_output_may_not_be_a_session_it_reads_nor_a_foreign_folder(sessions, tmp_path, capsys):
    copy = tmp_path / "s.ttx"
    shutil.copy(sessions[0], copy)
    before = copy.read_bytes()
    assert ttx(str(copy), "--format", "jsonl", "-o", str(copy)) == 2
    assert "is the session file" in one_line(capsys)
    assert ttx(str(copy), "--format", "csv", "-o", str(tmp_path)) == 2  # holds s.ttx
    assert "holds files that are not an export's (s.ttx)" in one_line(capsys)
    assert copy.read_bytes() == before


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_file_is_named_in_one_line_and_nothing_is_written(
    sessions, tmp_path, capsys, damage
):
    bad = make(sessions[1], tmp_path, damage)
    before = bad.read_bytes()
    out = tmp_path / "out.xlsx"
    code = ttx(str(sessions[0]), str(bad), "-o", str(out))
    err = capsys.readouterr().err.strip().splitlines()
    if damage in READABLE and code == 0:  # rows that still read: exported, marked unverified
        assert any("NOT verified" in line and bad.name in line for line in err)
        assert out.exists()
    else:
        assert code == 2 and len(err) == 1 and bad.name in err[0], err
        assert "TTX_DEBUG" not in err[0]
        assert not out.exists()
    assert bad.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name] == []


def test_a_tampered_session_is_exported_with_a_warning(sessions, tmp_path, capsys):
    tampered = tmp_path / "tampered.ttx"
    shutil.copy(sessions[1], tampered)
    db = sqlite3.connect(tampered)
    db.execute("UPDATE events SET payload = replace(payload, 'doctrine', 'DOCTRINE') WHERE seq = 9")
    db.commit()
    db.close()
    assert ttx(str(tampered), "-o", str(tmp_path / "t.jsonl")) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"ttx: warning: {tampered}: hash chain NOT verified (event 9:")
    [row] = read_jsonl(tmp_path / "t.jsonl")["sessions"]
    assert row["verified"] is False


def test_many_files_go_into_the_same_tables(sessions, tmp_path, capsys):
    copies = []
    for n in range(40):
        folder = tmp_path / f"run{n % 2}"
        folder.mkdir(exist_ok=True)
        copy = folder / f"s{n // 2:02d}.ttx"
        shutil.copy(sessions[1 + n % 2], copy)
        copies.append(str(copy))
    assert ttx(*copies, "-o", str(tmp_path / "many.zip")) == 0
    assert "40 session(s)" in capsys.readouterr().err
    assert ttx(*copies, "--tables", "sessions") == 0
    ids = [json.loads(line)["session"] for line in capsys.readouterr().out.splitlines()[:40]]
    assert len(set(ids)) == 40 and "run0/s00" in ids and "run1/s00" in ids


def test_a_session_played_in_the_facilitator_console(tmp_path, capsys):
    """A session played in `ttx play` (tmux, keys pressed): decisions entered for two teams
    (one a free action), an observation, a rules ruling and a matrix ruling rolled in the
    dialog, ended by the facilitator. Its players' text starts like formulas."""
    played = tmp_path / "console.ttx"
    shutil.copy(CONSOLE, played)
    assert ttx(str(played), "-o", str(tmp_path / "c.jsonl")) == 0
    assert ttx(str(played), "-o", str(tmp_path / "c.zip")) == 0
    capsys.readouterr()
    t = read_jsonl(tmp_path / "c.jsonl")
    [s] = t["sessions"]
    assert s["verified"] is True and s["end_reason"] == "ended by the facilitator"
    rulings = {r["ruling"]: r for r in t["rulings"]}
    m = rulings["r2"]
    assert m["method"] == "matrix" and m["total"] == m["die_1"] + m["die_2"] + m["modifier"]
    assert m["pros"] == "=Russian air power; timing"
    free = [d for d in t["decisions"] if d["free_action"]]
    assert [d["free_action"] for d in free] == ["+Send the Quds Force anyway, whatever Moscow says"]
    with zipfile.ZipFile(tmp_path / "c.zip") as z:
        rows = z.read("rulings.csv").decode("utf-8-sig")
    assert "'=Russian air power; timing" in rows
