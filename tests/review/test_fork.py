import json
import sqlite3

import pytest

from exercise.cli import main
from exercise.engine import commands as cmd
from exercise.engine.autoplay import play_all
from exercise.review.report_model import build_report
from exercise.session import Session
from exercise.session.fork import ForkError, fork_session, forked_from
from exercise.store import verify_file
from tests.review.helpers import played, simulated


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    s = played(tmp_path_factory.mktemp("src") / "src.ttx")
    yield s
    s.close()


def raw_rows(path, upto=None):
    db = sqlite3.connect(path)
    sql = "SELECT seq, at, kind, actor, payload, hash FROM events"
    rows = db.execute(
        sql + (" WHERE seq <= ?" if upto else "") + " ORDER BY seq", (upto,) if upto else ()
    ).fetchall()
    db.close()
    return rows


def test_fork_copies_events_exactly_and_verifies(source, tmp_path):
    last = source.state.seq
    for at in sorted({1, 2, 12, last // 2, last - 1, last}):
        target = tmp_path / f"f{at}.ttx"
        forked = fork_session(source, at, target)
        try:
            assert raw_rows(target) == raw_rows(source.path, at)
            assert forked.verify() == (at, None, "")
            assert forked.state == source.state_at(at)
            assert forked_from(forked) == {
                "file": str(source.path),
                "seq": at,
                "hash": raw_rows(source.path, at)[-1][5],
                "events": last,
            }
        finally:
            forked.close()
        assert verify_file(target) == (at, None, "")


def test_a_fork_resumes_and_plays_on(source, tmp_path):
    at = next(r.seq for r in source.rows() if r.kind == "PhaseStarted")  # turn 1, decide phase
    target = tmp_path / "resume.ttx"
    fork_session(source, at, target).close()
    s = Session.open(target)
    assert s.state.seq == at and not s.state.ended
    s.execute(cmd.AddObservation("+ resumed from a fork", role="moscow"))
    s.execute(cmd.AdvancePhase(force=True))
    play_all(s)
    assert s.state.ended and s.state.seq > at + 1
    assert s.verify() == (s.state.seq, None, "")
    s.close()
    again = Session.open(target)
    assert again.state.seq > at and again.state_at(at) == source.state_at(at)
    m = build_report(again)
    assert m.verified and m.overview.session.forked_from.seq == at
    again.close()


def test_fork_refuses_bad_requests_and_leaves_nothing(source, tmp_path):
    last = source.state.seq
    for at in (0, -1, last + 1):
        with pytest.raises(ForkError, match="out of range"):
            fork_session(source, at, tmp_path / "x.ttx")
    existing = tmp_path / "exists.ttx"
    existing.write_text("")
    with pytest.raises(ForkError, match="already exists"):
        fork_session(source, 3, existing)
    assert existing.read_text() == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exists.ttx"]


def test_fork_refuses_a_tampered_source(tmp_path):
    path = tmp_path / "src.ttx"
    simulated(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE events SET payload = replace(payload, '\"coop\"', '\"push\"') WHERE seq = 7")
    db.commit()
    db.close()
    src = Session.open(path)
    with pytest.raises(ForkError, match="event 7"):
        fork_session(src, 10, tmp_path / "f.ttx")
    assert not (tmp_path / "f.ttx").exists()
    fork_session(src, 6, tmp_path / "ok.ttx").close()  # the part before the damage still forks
    src.close()
    assert verify_file(tmp_path / "ok.ttx") == (6, None, "")


def test_cli_fork(source, tmp_path, capsys):
    target = tmp_path / "new.ttx"
    assert main(["fork", str(source.path), "--at", "10", "--session", str(target)]) == 0
    assert "events 1 to 10" in capsys.readouterr().out
    assert main(["verify", str(target)]) == 0
    assert raw_rows(target) == raw_rows(source.path, 10)


def test_cli_fork_bad_input_is_one_line_exit_2(source, tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a session")
    existing = tmp_path / "exists.ttx"
    fork_session(
        source, source.state.seq, existing
    ).close()  # a whole copy (a file copy could miss the WAL)
    last = source.state.seq
    cases = [
        [str(source.path), "--at", str(last + 1), "--session", str(tmp_path / "a.ttx")],
        [str(source.path), "--at", "0", "--session", str(tmp_path / "b.ttx")],
        [str(source.path), "--at", "ten", "--session", str(tmp_path / "c.ttx")],
        [str(source.path), "--at", "3", "--session", str(existing)],
        [str(notes), "--at", "3", "--session", str(tmp_path / "d.ttx")],
        [str(tmp_path / "missing.ttx"), "--at", "3", "--session", str(tmp_path / "e.ttx")],
        [str(source.path), "--at", "3", "--session", str(tmp_path / "no" / "such" / "f.ttx")],
    ]
    capsys.readouterr()
    for args in cases:
        assert main(["fork", *args]) == 2, args
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("ttx: error: "), err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exists.ttx", "notes.txt"]
    assert raw_rows(existing) == raw_rows(source.path)


def test_cli_fork_then_report_json(source, tmp_path, capsys):
    target = tmp_path / "r.ttx"
    assert main(["fork", str(source.path), "--at", "20", "--session", str(target)]) == 0
    capsys.readouterr()
    assert main(["report", str(target), "--format", "json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert (
        r["events"] == 20 and r["verified"] and r["overview"]["session"]["forked_from"]["seq"] == 20
    )
