import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exercise.cli import main
from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.store import NotASession, SessionLog
from exercise.store.log import MIGRATIONS


@pytest.fixture
def session(tmp_path, mini_world):
    entered = tuple(
        (r, "facilitator") for r in mini_world["scenario"]["roles"]
    )  # no bot decides for moscow
    s = Session.create(tmp_path / "s.ttx", mini_world, seed=3, participants=entered)
    yield s
    s.close()


def test_chain_verifies_and_wal_full(session):
    session.execute(cmd.SubmitDecision("moscow", "t1-moscow", "coop"))
    count, bad, _ = session.verify()
    assert bad is None and count == session.state.seq
    db = session.log.db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_tamper_one_byte_is_named(session, tmp_path, capsys):
    for n in range(5):
        session.execute(cmd.AddObservation(f"note {n}"))
    target = session.state.seq - 2
    session.close()
    db = sqlite3.connect(tmp_path / "s.ttx")
    payload = db.execute("SELECT payload FROM events WHERE seq=?", (target,)).fetchone()[0]
    db.execute(
        "UPDATE events SET payload=? WHERE seq=?", (payload.replace("note", "nate", 1), target)
    )
    db.commit()
    db.close()
    assert main(["verify", str(tmp_path / "s.ttx")]) == 1
    err = capsys.readouterr().err
    assert f"event {target} (ObservationAdded) does not match" in err


def test_verify_ok_and_not_a_session(session, tmp_path, capsys):
    assert main(["verify", str(tmp_path / "s.ttx")]) == 0
    assert "hash chain intact" in capsys.readouterr().out
    junk = tmp_path / "junk.ttx"
    junk.write_text("hello")
    assert main(["verify", str(junk)]) == 2
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.commit()
    assert main(["verify", str(other)]) == 2
    assert main(["verify", str(tmp_path / "missing.ttx")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("ttx: error: ") for line in err)


def test_refused_command_appends_nothing(session):
    before = session.log.max_seq()
    with pytest.raises(Exception, match="cannot see"):
        session.execute(cmd.SubmitDecision("tehran", "t1-moscow", "coop"))
    assert session.log.max_seq() == before


def test_two_consoles_see_each_other(session, tmp_path):
    other = Session.open(tmp_path / "s.ttx")
    session.execute(cmd.SubmitDecision("moscow", "t1-moscow", "coop"))
    assert other.refresh() and other.state == session.state
    other.execute(cmd.SubmitDecision("tehran", "t1-tehran", "push"))
    session.refresh()
    assert session.state.decision_for("tehran", "t1-tehran").option_id == "push"
    assert other.refresh() == []
    other.close()


def test_resume_is_replay(session, tmp_path):
    session.execute(cmd.AdvancePhase())
    session.execute(cmd.PauseClock())
    again = Session.open(tmp_path / "s.ttx")
    assert again.state == session.state and again.state.paused and again.state.phase == 1
    assert again.state_at(3).seq == 3
    again.close()


def test_create_refuses_existing_file(session, tmp_path, mini_world):
    with pytest.raises(FileExistsError):
        Session.create(tmp_path / "s.ttx", mini_world, seed=1)
    with pytest.raises(NotASession):
        SessionLog(tmp_path / "nothing.ttx")


def test_numbered_migrations_upgrade_an_older_file(session, tmp_path):
    tail = session.log.tail()
    session.close()
    db = sqlite3.connect(tmp_path / "s.ttx")
    db.execute("CREATE INDEX events_kind ON events(kind)")
    db.execute("DROP TABLE head")
    db.execute("DROP TABLE presence")
    db.execute("PRAGMA user_version=1")  # as a file written before migrations 2 to 4 existed
    db.commit()
    db.close()
    again = Session.open(tmp_path / "s.ttx")
    assert again.log.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) == 4
    names = {
        r[0] for r in again.log.db.execute("SELECT name FROM sqlite_master WHERE type='index'")
    }
    assert "events_kind" not in names
    tables = {
        r[0] for r in again.log.db.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    assert "snapshot" not in tables and {"head", "presence"} <= tables
    assert again.log.head() == tail  # the head starts where the log already ended
    assert again.verify()[1] is None
    again.close()


@given(st.text())
def test_the_fast_quoting_of_the_chain_is_canonical_json(text):
    from exercise.store.chain import _quoted, canonical_json

    assert _quoted(text) == canonical_json(text)
