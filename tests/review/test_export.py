"""The analysts' export: tables that say what the log says, ids that join across tables, the
same rows in CSV, XLSX and JSON Lines, text that no spreadsheet runs, output whole or not at
all. On bot sessions (`ttx simulate`) and one played through the consoles' commands."""

from __future__ import annotations

import csv
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exercise.content.msel_columns import neutralise
from exercise.engine import events as ev
from exercise.engine.rules import matrix_odds
from exercise.review.export_files import OutputRefused
from exercise.review.export_read import read_session, session_ids
from exercise.review.export_tables import (
    BOOL,
    INT,
    NUMBER,
    TABLES,
    TEXT,
    TIME,
    Column,
    Table,
    chosen,
)
from exercise.review.export_write import CsvSink, JsonlSink, export
from exercise.review.export_xlsx import CellTooLong, XlsxSink
from exercise.session import Session
from exercise.store.log import SessionFileError
from tests.review.export_helpers import (
    AT_SIGN,
    FORMULA,
    MINUS,
    PLUS,
    bot_sessions,
    console_played,
    read_csv_folder,
    read_csv_zip,
    read_jsonl,
    read_xlsx,
)

TYPES = {TEXT: (str,), TIME: (str,), INT: (int,), NUMBER: (int, float), BOOL: (bool,)}


@pytest.fixture(scope="module")
def sessions(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("sessions")
    played = folder / "played.ttx"
    console_played(played).close()
    return [played, *bot_sessions(folder, [3, 4])]


@pytest.fixture(scope="module")
def files(sessions) -> list[tuple[Path, str]]:
    return list(zip(sessions, session_ids(sessions), strict=True))


@pytest.fixture(scope="module")
def exported(files, tmp_path_factory) -> dict[str, dict[str, list[dict]]]:
    """The same sessions in every format, read back."""
    out = tmp_path_factory.mktemp("out")
    export(files, TABLES, "jsonl", out / "all.jsonl")
    export(files, TABLES, "csv", out / "all")
    export(files, TABLES, "csv", out / "all.zip")
    export(files, TABLES, "xlsx", out / "all.xlsx")
    return {
        "jsonl": read_jsonl(out / "all.jsonl"),
        "csv": read_csv_folder(out / "all"),
        "zip": read_csv_zip(out / "all.zip"),
        "xlsx": read_xlsx(out / "all.xlsx"),
    }


def test_every_row_has_its_tables_columns_and_types(files):
    for path, sid in files:
        s = read_session(path, sid)
        for t in TABLES:
            for row in t.rows(s):
                assert len(row) == len(t.columns), t.name
                for column, value in zip(t.columns, row, strict=True):
                    assert value is None or isinstance(value, TYPES[column.type]), (
                        t.name,
                        column.name,
                        value,
                    )
                    if column.type == INT:
                        assert not isinstance(value, bool), (t.name, column.name)
                assert row[0] == sid  # every row says which session it is from


def test_the_tables_say_what_the_log_says(files):
    path, sid = files[0]
    s = read_session(path, sid)
    st_ = s.state
    kinds = [r.kind for r in s.rows]
    rows = {t.name: list(t.rows(s)) for t in TABLES}
    assert len(rows["events"]) == st_.seq == len(kinds)
    assert len(rows["decisions"]) == len(st_.decisions)
    changes = ("DecisionSubmitted", "DecisionAmended", "DecisionWithdrawn")
    assert len(rows["decision_changes"]) == sum(k in changes for k in kinds)
    assert [r[5] for r in rows["decision_changes"] if r[4] == "tehran:t1-tehran"] == [
        "submitted",
        "withdrawn",
        "submitted",
    ]
    assert len(rows["rulings"]) == kinds.count("Adjudicated") == len(st_.rulings)
    assert len(rows["messages"]) == 2 and len(rows["message_reads"]) == 2
    names = [c.name for c in chosen(["rulings"])[0].columns]
    rulings = {r[1]: dict(zip(names, r, strict=True)) for r in rows["rulings"]}
    matrix = next(r for r in st_.rulings if r.method == "matrix").matrix
    m = rulings["r1"]
    assert (m["die_1"], m["die_2"]) == tuple(matrix["dice"])
    assert m["total"] == sum(matrix["dice"]) + matrix["modifier"] == m["die_1"] + m["die_2"] + 1
    assert m["probability"] == round(matrix_odds(matrix["modifier"], matrix["target"]), 4)
    assert m["success"] is matrix["success"] and m["pros"] == "air power; timing"
    void_seq = next(r.seq for r in s.rows if r.kind == "RulingVoided")
    assert (rulings["r2"]["voided_seq"], rulings["r2"]["voided_reason"]) == (void_seq, "wrong card")
    [withdrawn] = [r for r in rows["releases"] if r[4] == "manual-1"]
    assert withdrawn[-1] == next(r.seq for r in s.rows if r.kind == "ReleaseWithdrawn")
    texts = [r[7] for r in rows["observations"]]
    assert AT_SIGN in texts and MINUS in texts  # as written: the mark is in `kind`
    ends = [r for r in rows["indicators"] if r[1] == st_.turn and r[2] == "end"]
    assert {r[3]: r[4] for r in ends} == st_.indicators
    [session] = rows["sessions"]
    assert session[0] == sid and session[13] is True and session[16] == s.chain.receipt


def test_ids_join_across_tables(exported):
    t = exported["jsonl"]
    sessions = {r["session"] for r in t["sessions"]}
    assert len(sessions) == 3
    events = {(r["session"], r["seq"]) for r in t["events"]}
    for name, rows in t.items():
        for r in rows:
            if name != "columns":
                assert r["session"] in sessions, name
            if "seq" in r and name != "events":
                assert (r["session"], r["seq"]) in events, (name, r)
    decisions = {(r["session"], r["decision"]) for r in t["decision_changes"]}
    rulings = {(r["session"], r["ruling"]) for r in t["rulings"]}
    assert {(r["session"], r["decision"]) for r in t["decisions"]} <= decisions
    for r in t["ruling_decisions"]:
        assert (r["session"], r["ruling"]) in rulings and (r["session"], r["decision"]) in decisions
    for r in t["decisions"]:
        assert r["ruling"] is None or (r["session"], r["ruling"]) in rulings
    for r in t["ruling_effects"]:
        assert (r["session"], r["ruling"]) in rulings
    messages = {(r["session"], r["message"]) for r in t["messages"]}
    assert {(r["session"], r["message"]) for r in t["message_reads"]} <= messages
    for r in t.get("covert_rolls", []):
        assert (r["session"], r["decision"]) in decisions
    seqs = [(r["session"], r["seq"]) for r in t["events"]]
    assert len(seqs) == len(set(seqs))  # (session, seq) is a key


def _cell(value) -> str:
    """A JSON value as the CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return neutralise(value)
    return repr(value) if isinstance(value, float) else str(value)


def test_every_format_holds_the_same_rows(exported):
    truth = exported["jsonl"]
    assert set(truth) <= {t.name for t in TABLES} | {"columns"}  # (JSON Lines: no empty tables)
    for fmt in ("csv", "zip"):
        got = exported[fmt]
        assert set(got) == {t.name for t in TABLES} | {"columns"}
        assert all(got[t.name] == [] for t in TABLES if t.name not in truth)
        for name, rows in truth.items():
            assert got[name] == [{k: _cell(v) for k, v in r.items()} for r in rows], (fmt, name)
    xlsx = exported["xlsx"]
    for name, rows in truth.items():
        # An empty text is an empty cell in a sheet: it reads back as None.
        assert xlsx[name] == [{k: (v if v != "" else None) for k, v in r.items()} for r in rows]


def test_text_a_spreadsheet_would_run_stays_text(files, tmp_path, exported):
    rows = [r for rows in exported["jsonl"].values() for r in rows]
    raw = {v for r in rows for v in r.values() if isinstance(v, str)}
    assert {FORMULA, PLUS, AT_SIGN, MINUS} <= raw  # as written, in JSON Lines
    text_columns = {(t.name, c.name) for t in TABLES for c in t.columns if c.type in (TEXT, TIME)}
    cells = {
        v
        for name, rows in exported["csv"].items()
        for r in rows
        for k, v in r.items()
        if (name, k) in text_columns or name == "columns"
    }
    for text in (FORMULA, PLUS, AT_SIGN, MINUS):
        assert text not in cells and "'" + text in cells
    assert not any(c[:1] in "=+-@" for c in cells if c)  # no CSV text a spreadsheet runs
    from openpyxl import load_workbook

    export(files, TABLES, "xlsx", tmp_path / "x.xlsx")
    book = load_workbook(tmp_path / "x.xlsx")
    quoted = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for c in row:
                assert c.data_type != "f", (sheet.title, c.coordinate, c.value)
                if isinstance(c.value, str) and c.value[:1] in "=+-@":
                    assert c.data_type == "s" and c.quotePrefix, (sheet.title, c.value)
                    quoted += 1
    assert quoted >= 4
    header = book["decisions"]["A1"]
    assert header.font.bold and book["decisions"].freeze_panes == "B2"
    assert book["decisions"].auto_filter.ref == f"A1:R{book['decisions'].max_row}"


def test_the_data_dictionary_describes_every_column(exported):
    columns = exported["jsonl"]["columns"]
    described = [(r["table_name"], r["column"]) for r in columns]
    assert described == [(t.name, c.name) for t in TABLES for c in t.columns]
    assert all(r["about"] and r["type"] in TYPES for r in columns)


def test_a_new_table_is_one_entry(files, tmp_path):
    """How calibration, feedback and ratings will come in: a name, columns, and a function
    from a session's typed events to rows; every format writes it, the dictionary lists it."""
    turns = Table(
        "turns",
        "one row per turn begun",
        (Column("session", TEXT, "the session"), Column("seq", INT, "the event")),
        lambda s: ((s.id, row.seq) for row, _, _ in s.of(ev.TurnStarted)),
    )
    tables = (*chosen(["sessions"]), turns)
    export(files[:1], tables, "jsonl", tmp_path / "p.jsonl")
    export(files[:1], tables, "xlsx", tmp_path / "p.xlsx")
    jsonl, xlsx = read_jsonl(tmp_path / "p.jsonl"), read_xlsx(tmp_path / "p.xlsx")
    s = read_session(*files[0])
    want = [{"session": s.id, "seq": r.seq} for r in s.rows if r.kind == "TurnStarted"]
    assert want and jsonl["turns"] == want and xlsx["turns"] == want
    assert [r["table_name"] for r in jsonl["columns"]] == ["sessions"] * 18 + ["turns"] * 2


def test_a_damaged_session_leaves_the_old_output_as_it_was(files, tmp_path):
    bad = tmp_path / "bad.ttx"
    shutil.copy(files[1][0], bad)
    with open(bad, "r+b") as fh:
        fh.truncate(os.path.getsize(bad) // 2)
    with_bad = [files[0], (bad, "bad")]
    for fmt, name in (("jsonl", "o.jsonl"), ("xlsx", "o.xlsx"), ("csv", "o.zip"), ("csv", "o")):
        target = tmp_path / name
        export(files[:1], chosen(["sessions"]), fmt, target)
        before = _snapshot(target)
        with pytest.raises(SessionFileError, match="bad.ttx"):
            export(with_bad, TABLES, fmt, target)
        assert _snapshot(target) == before, fmt
    leftovers = [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name or ".old-" in p.name]
    assert leftovers == []


def test_what_a_killed_export_left_is_removed_by_the_next(files, tmp_path):
    target = tmp_path / "o.jsonl"
    gone = 2**22 + 12345  # no such process
    for left in (f".o.jsonl.tmp-{gone}-dead", f".o.jsonl.old-{gone}-dead"):
        (tmp_path / left / "csv").mkdir(parents=True)
    (tmp_path / f".o.jsonl.tmp-{os.getpid()}-live").mkdir()  # this process's own: kept
    target.write_text("old")
    target.chmod(0o640)
    export(files[:1], chosen(["sessions"]), "jsonl", target)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f".o.jsonl.tmp-{os.getpid()}-live", "o.jsonl"]
    assert target.stat().st_mode & 0o777 == 0o640 and "sessions" in target.read_text()


def _snapshot(target: Path) -> dict[str, bytes]:
    if target.is_dir():
        return {p.name: p.read_bytes() for p in sorted(target.iterdir())}
    return {target.name: target.read_bytes()}


def test_an_export_folder_replaces_only_an_earlier_export(files, tmp_path):
    folder = tmp_path / "out"
    export(files[:1], TABLES, "csv", folder)
    export(files[:1], chosen(["decisions"]), "csv", folder)  # an earlier export: replaced
    assert sorted(p.name for p in folder.iterdir()) == ["columns.csv", "decisions.csv"]
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(OutputRefused, match="notes.txt"):
        export(files[:1], TABLES, "csv", folder)
    assert (folder / "notes.txt").read_text() == "mine"


def test_a_tampered_session_is_exported_marked_not_verified(files, tmp_path):
    tampered = tmp_path / "tampered.ttx"
    shutil.copy(files[1][0], tampered)
    db = sqlite3.connect(tampered)
    db.execute("UPDATE events SET payload = replace(payload, 'doctrine', 'DOCTRINE') WHERE seq = 9")
    db.commit()
    db.close()
    out = export([files[0], (tampered, "tampered")], TABLES, "jsonl", tmp_path / "t.jsonl")
    assert out.unverified == ((str(tampered), out.unverified[0][1]),)
    assert "event 9" in out.unverified[0][1]
    rows = {r["session"]: r for r in read_jsonl(tmp_path / "t.jsonl")["sessions"]}
    assert rows["tampered"]["verified"] is False and rows["tampered"]["first_bad_event"] == 9
    assert rows[files[0][1]]["verified"] is True


def test_session_ids_are_short_and_unique(tmp_path):
    a, b = tmp_path / "x" / "run.ttx", tmp_path / "y" / "run.ttx"
    assert session_ids([tmp_path / "one.ttx", a, b]) == ["one", "x/run", "y/run"]
    assert session_ids([a, a.with_name("run.db")]) == ["x/run", "x/run~2"]


def test_a_cell_too_long_for_a_sheet_is_named_and_nothing_is_written(tmp_path):
    path = tmp_path / "long.ttx"
    from exercise.engine import commands as cmd
    from tests.review.helpers import fresh

    s = fresh(path)
    s.execute(cmd.AddObservation("x" * 40_000))
    s.close()
    with pytest.raises(CellTooLong, match="table observations, row 2, column text: 40,000"):
        export([(path, "long")], TABLES, "xlsx", tmp_path / "long.xlsx")
    assert not (tmp_path / "long.xlsx").exists()
    export([(path, "long")], TABLES, "csv", tmp_path / "long.zip")  # CSV holds it


# -- the writers, on any text -------------------------------------------------------------------

TEXTS = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
ONE = Table(
    "t",
    "test",
    (Column("a", TEXT, "a"), Column("n", INT, "n"), Column("b", BOOL, "b")),
    lambda s: (),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(TEXTS, st.integers(-(2**60), 2**60), st.booleans()), max_size=6))
def test_any_text_comes_back_from_every_format(rows):
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp)
        with JsonlSink(stage / "j") as j:
            j.add(ONE, rows)
            j.finish()
        assert [(r["a"], r["n"], r["b"]) for r in read_jsonl(stage / "j").get("t", [])] == rows
        with CsvSink(stage, [ONE], zipped=False) as c:
            c.add(ONE, rows)
            c.finish()
        with open(stage / "csv" / "t.csv", encoding="utf-8-sig", newline="") as fh:
            back = list(csv.reader(fh))[1:]
        assert back == [[neutralise(a), str(n), "true" if b else "false"] for a, n, b in rows]
        with XlsxSink(stage, [ONE]) as x:
            x.add(ONE, rows)
            x.finish()
        shutil.move(stage / "out", stage / "t.xlsx")
        got = [(r["a"], r["n"], r["b"]) for r in read_xlsx(stage / "t.xlsx")["t"]]
        # A whole number past what a double holds exactly is kept as its digits.
        assert got == [(_xml_text(a), n if abs(n) < 2**53 else str(n), b) for a, n, b in rows]


def _xml_text(a: str) -> str | None:
    """What a sheet keeps of a text: characters XML 1.0 cannot hold become U+FFFD, and an
    empty text is an empty cell."""
    out = "".join(
        "\ufffd" if (ord(ch) < 32 and ch not in "\t\n\r") or ch in "\ufffe\uffff" else ch
        for ch in a
    )
    return out or None


def test_an_export_of_a_session_can_be_read_back_by_the_session_itself(files):
    # The export never writes into a session it reads.
    path = files[0][0]
    before = path.read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        export(files[:1], TABLES, "csv", Path(tmp) / "o.zip")
    assert path.read_bytes() == before
    Session.open(path, readonly=True).close()
