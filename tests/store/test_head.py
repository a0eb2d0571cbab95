"""The chain's head moves with every append: a cut or added tail and a rewritten log are caught."""

from __future__ import annotations

import sqlite3

import pytest

from exercise.cli import main
from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.store.log import chain_hash


@pytest.fixture
def path(tmp_path, mini_world):
    p = tmp_path / "s.ttx"
    with Session.create(p, mini_world, seed=3) as s:
        for n in range(6):
            s.execute(cmd.AddObservation(f"note {n}"))
    return p


def sql(path, *statements):
    db = sqlite3.connect(path)
    for s in statements:
        db.execute(s)
    db.commit()
    db.close()


def test_the_head_is_the_last_event_after_every_append(path):
    with Session.open(path) as s:
        assert s.log.head() == s.log.tail()
        s.execute(cmd.AddObservation("one more"))
        assert s.log.head() == s.log.tail() and s.log.head()[0] == s.state.seq
        assert s.receipt() == f"{s.state.seq}:{s.log.tail()[1]}"


def test_deleting_the_last_events_is_named(path, capsys):
    with Session.open(path) as s:
        last = s.state.seq
    sql(path, f"DELETE FROM events WHERE seq > {last - 2}")
    assert main(["verify", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"events {last - 1}-{last} are missing" in err and f"ends at {last - 2}" in err


def test_events_added_outside_ttx_are_named(path, capsys):
    """A forger who chains an extra event properly but bypasses ttx leaves the head behind."""
    with Session.open(path) as s:
        last, prev = s.log.tail()
        row = next(s.rows(after=last - 1))
    digest = chain_hash(prev, last + 1, row.at, row.kind, row.actor, row.payload)
    db = sqlite3.connect(path)
    db.execute(
        "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
        (last + 1, row.at, row.kind, row.actor, row.payload, digest),
    )
    db.commit()
    db.close()
    assert main(["verify", str(path)]) == 1
    assert f"event {last + 1} is not in the head" in capsys.readouterr().err


def test_removing_the_head_itself_is_named(path, capsys):
    sql(path, "DELETE FROM head")
    assert main(["verify", str(path)]) == 1
    assert "has no head" in capsys.readouterr().err


def test_a_log_rewritten_end_to_end_fails_against_the_receipt(path, tmp_path, mini_world, capsys):
    with Session.open(path) as s:
        receipt = s.receipt()
    assert main(["verify", str(path), "--head", receipt]) == 0
    assert main(["verify", str(path), "--head", receipt.split(":")[1]]) == 0  # the hash alone
    # A forger rebuilds the whole file with ttx itself: the chain and head are consistent again.
    path.unlink()
    with Session.create(path, mini_world, seed=3) as s:
        for n in range(6):
            s.execute(cmd.AddObservation(f"note {n}" if n != 2 else "a different note"))
    capsys.readouterr()
    assert main(["verify", str(path)]) == 0
    assert main(["verify", str(path), "--head", receipt]) == 1
    assert "does not match the receipt" in capsys.readouterr().err
    assert main(["verify", str(path), "--head", receipt.split(":")[1]]) == 1
    assert "no event has the receipt's hash" in capsys.readouterr().err


def test_a_receipt_beyond_a_cut_log_is_named(path, capsys):
    with Session.open(path) as s:
        receipt = s.receipt()
        last = s.state.seq
    sql(
        path,
        f"DELETE FROM events WHERE seq = {last}",
        f"UPDATE head SET seq = {last - 1}, hash = "
        f"(SELECT hash FROM events WHERE seq = {last - 1})",
    )
    capsys.readouterr()
    assert main(["verify", str(path)]) == 0  # cut, head and all: only the receipt knows
    assert main(["verify", str(path), "--head", receipt]) == 1
    assert "events were cut" in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["12", "12:zz", "x:" + "a" * 64, "a" * 63])
def test_a_malformed_receipt_is_one_line(path, bad, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["verify", str(path), "--head", bad])
    assert exc.value.code == 2
    assert "is not a receipt" in capsys.readouterr().err
