"""`ttx report` reads the log once: each row checked against the chain, decoded, folded and
scanned in one pass (report_of_file), with output byte-identical to the report built from an open
session (build_report), golden files included."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from exercise.cli import main
from exercise.engine import commands as cmd
from exercise.review.render_html import render_html
from exercise.review.render_md import render_md
from exercise.review.report_json import render_json
from exercise.review.report_model import build_report, report_of_file
from exercise.session import Session, service
from exercise.store import SessionLog
from exercise.store import chain as store_chain
from exercise.store import log as store_log
from tests.review.test_golden import GOLDEN, SESSIONS

RENDER = {"md": render_md, "html": render_html, "json": render_json}


@pytest.fixture(scope="module", params=sorted(SESSIONS))
def golden_file(request, tmp_path_factory) -> tuple[str, Path]:
    session = SESSIONS[request.param](tmp_path_factory.mktemp(request.param))
    path = session.path
    session.close()
    return request.param, path


@pytest.mark.parametrize("fmt", sorted(RENDER))
def test_the_one_pass_report_is_what_the_report_of_the_replayed_session_was(golden_file, fmt):
    """Byte for byte what `ttx report` printed before it read the log once (it replayed the file
    into a session and built the report from that). Not the golden files themselves: those were
    written from live sessions, and a ruling's matrix keeps its keys in the order the command
    gave them until a replay reads them back sorted."""
    _, path = golden_file
    with Session.open(path, readonly=True) as session:
        before = build_report(session)
    assert RENDER[fmt](report_of_file(path)) == RENDER[fmt](before)


def test_where_live_and_replayed_agree_the_one_pass_report_is_the_golden_one(golden_file):
    name, path = golden_file
    if name == "rich":  # its matrix ruling: see above
        pytest.skip("the golden file holds the live session's key order")
    for fmt, render in RENDER.items():
        assert render(report_of_file(path)) == (GOLDEN / f"{name}.{fmt}").read_text("utf-8")


def _counting(monkeypatch) -> dict[str, int]:
    calls = {"select": 0, "hash": 0, "decode": 0}

    def counted(name, fn):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return fn(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(SessionLog, "_select", counted("select", SessionLog._select))
    monkeypatch.setattr(store_chain, "chain_hash", counted("hash", store_chain.chain_hash))
    # A row's payload is decoded through Row.data or, in the fold, decode_payload itself:
    # both are counted, so a second decode of the same row anywhere shows.
    monkeypatch.setattr(store_log.Row, "data", counted("decode", store_log.Row.data))
    monkeypatch.setattr(service, "decode_payload", counted("decode", service.decode_payload))
    return calls


def test_each_row_is_read_hashed_and_decoded_once(golden_file, monkeypatch):
    _, path = golden_file
    with SessionLog(path, readonly=True) as log:
        events = log.max_seq()
    calls = _counting(monkeypatch)
    bad = report_of_file(path).overview.verification.first_bad
    # past a broken link nothing is hashed: the chain after it cannot be vouched for
    assert calls == {"select": 1, "hash": bad or events, "decode": events}


def test_a_tampered_row_is_reported_and_the_rows_after_it_still_read(tmp_path, mini_world):
    path = tmp_path / "s.ttx"
    with Session.create(path, mini_world, seed=3) as s:
        for n in range(6):
            s.execute(cmd.AddObservation(f"note {n}"))
        seq = s.state.seq
    db = sqlite3.connect(path)
    db.execute(
        "UPDATE events SET payload = replace(payload, 'note 1', 'note X') WHERE seq = ?", (seq - 4,)
    )
    db.commit()
    db.close()
    model = report_of_file(path)
    v = model.overview.verification
    assert (v.ok, v.first_bad, v.checked) == (False, seq - 4, seq - 4)
    assert [o.text for o in model.observations][-5:] == [
        "note X",
        "note 2",
        "note 3",
        "note 4",
        "note 5",
    ]


def test_the_report_command_leaves_the_file_untouched_and_refuses_one_line(
    tmp_path, mini_world, capsys
):
    path = tmp_path / "s.ttx"
    Session.create(path, mini_world, seed=3).close()
    before = path.read_bytes()
    assert main(["report", str(path), "--format", "md", "-o", str(tmp_path / "aar.md")]) == 0
    assert path.read_bytes() == before and not Path(f"{path}-wal").exists()
    assert main(["report", str(tmp_path / "missing.ttx")]) == 2
    junk = tmp_path / "junk.ttx"
    junk.write_text("hello")
    assert main(["report", str(junk)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-2:] == [
        f"ttx: error: {tmp_path / 'missing.ttx'}: no such session file",
        f"ttx: error: {junk}: not a session file (not SQLite)",
    ]


def test_a_report_told_to_stop_ends_its_pass(tmp_path, mini_world):
    import threading

    import pytest

    from exercise.review.report_model import ReportStopped, build_report
    from exercise.session.simulate import simulate_session

    s = simulate_session(mini_world, 3, tmp_path / "s.ttx")
    stop = threading.Event()
    stop.set()
    with pytest.raises(ReportStopped):
        build_report(s, stop=stop)
    assert build_report(s, stop=threading.Event()) == build_report(s)
    s.close()
