"""`ttx codes` names the observer's code; `ttx observe` refuses, on one line, what it cannot
open (a missing, foreign or read-only file, a seat a role has taken the name of)."""

from __future__ import annotations

import json
import os
import stat

import pytest

from exercise.cli import main
from exercise.session import Session
from tests.conftest import one_error

SEATS = (("facilitator", "FACIL1"), ("observer", "OBSRV1"))


@pytest.fixture
def seated(tmp_path, mini_world, clock):
    """A session whose observer seat has its code from the start."""
    path = tmp_path / "seated.ttx"
    codes = (*((r, f"CODE{i}") for i, r in enumerate(mini_world["scenario"]["roles"])), *SEATS)
    Session.create(path, mini_world, seed=3, codes=codes, clock=clock).close()
    return path


def test_codes_shows_the_observer_code_and_where_it_opens(seated, capsys):
    assert main(["codes", str(seated)]) == 0
    out = capsys.readouterr().out.splitlines()
    [line] = [li for li in out if li.startswith("observer")]
    assert "OBSRV1" in line and "ttx observe" in line and "/observer" in line
    [white] = [li for li in out if li.startswith("facilitator")]
    assert "FACIL1" in white and "OBSRV1" not in white


def test_observe_a_missing_file(tmp_path, capsys):
    missing = tmp_path / "nope.ttx"
    assert main(["observe", str(missing)]) == 2
    one_error(capsys, str(missing), "no such session file")


def test_observe_a_file_that_is_not_a_session(tmp_path, capsys):
    text = tmp_path / "notes.ttx"
    text.write_text("hello, not a database\n")
    assert main(["observe", str(text)]) == 2
    one_error(capsys, str(text))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_observe_a_read_only_file(seated, capsys):
    folder = seated.parent
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    seated.chmod(stat.S_IRUSR)
    try:
        assert main(["observe", str(seated)]) == 2
    finally:
        folder.chmod(stat.S_IRWXU)
        seated.chmod(stat.S_IRUSR | stat.S_IWUSR)
    one_error(capsys, str(seated), "read-only")


def test_observe_when_a_role_has_the_seats_name(tmp_path, mini_world, capsys):
    world = json.loads(json.dumps(mini_world).replace('"jerusalem"', '"observer"'))
    path = tmp_path / "named.ttx"
    Session.create(path, world, seed=1).close()
    assert main(["observe", str(path)]) == 2
    one_error(capsys, str(path), "no observer seat", "called 'observer'")


def test_observe_an_unknown_theme(seated, capsys):
    assert main(["observe", str(seated), "--theme", "no-such-theme"]) == 2
    one_error(capsys, "no-such-theme")
