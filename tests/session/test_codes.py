"""Session-layer codes: drawn distinct, the facilitator's and the observer's issued once, never
in a team view; only the observer's code opens the observer seat."""

import json

import pytest

from exercise.session import Session
from exercise.session import codes as codes_mod
from exercise.session.codes import (
    FACILITATOR,
    OBSERVER,
    NoSeat,
    draw_codes,
    facilitator_code,
    holders,
    observer_admits,
    observer_code,
    team_codes,
)
from exercise.session.team_view import team_view
from tests.conftest import kinds


def test_a_new_session_has_a_facilitator_code_unlike_any_team_code(tmp_path, mini_world):
    with Session.create(tmp_path / "s.ttx", mini_world, seed=1) as s:
        codes = s.state.codes
        assert FACILITATOR in codes
        assert len(set(codes.values())) == len(codes)
        assert FACILITATOR not in team_codes(s) and FACILITATOR not in s.state.participants
        assert facilitator_code(s) == codes[FACILITATOR]
    assert "CodeIssued" not in kinds(tmp_path / "s.ttx")


def test_an_older_session_gets_one_code_once(session_file):
    assert "CodeIssued" not in kinds(session_file)
    with Session.open(session_file) as s:
        first = facilitator_code(s)
        assert first and first not in team_codes(s).values()
    with Session.open(session_file) as s:
        assert facilitator_code(s) == first  # replayed from the log, not drawn again
    assert kinds(session_file).count("CodeIssued") == 1


def test_draws_never_repeat_a_code(monkeypatch):
    draws = iter(["CCCCCC", "AAAAAA", "AAAAAA", "BBBBBB"])  # taken, new, repeated, new
    monkeypatch.setattr(codes_mod, "new_code", lambda: next(draws))
    assert draw_codes(["a", "b"], taken=["CCCCCC"]) == (("a", "AAAAAA"), ("b", "BBBBBB"))


def test_no_team_view_carries_a_code(tmp_path, mini_world):
    with Session.create(tmp_path / "s.ttx", mini_world, seed=1) as s:
        for role in s.state.world.played:
            shown = repr(team_view(s.state, role))
            assert not [c for c in s.state.codes.values() if c in shown]


# -- the observer seat's code ----------------------------------------------------------------------
def test_a_new_session_has_an_observer_code_unlike_every_other(tmp_path, mini_world):
    with Session.create(tmp_path / "s.ttx", mini_world, seed=1) as s:
        codes = s.state.codes
        assert set(codes) == {*s.state.world.played, FACILITATOR, OBSERVER}
        assert len(set(codes.values())) == len(codes)
        assert OBSERVER not in team_codes(s) and OBSERVER not in s.state.participants
        assert observer_code(s) == codes[OBSERVER]
    assert "CodeIssued" not in kinds(tmp_path / "s.ttx")


def test_only_the_observer_code_opens_the_seat(tmp_path, mini_world):
    with Session.create(tmp_path / "s.ttx", mini_world, seed=1) as s:
        state, code = s.state, observer_code(s)
        assert observer_admits(state, code)
        assert observer_admits(state, f"  {code.lower()} ")  # typed as a person types it
        others = [c for holder, c in state.codes.items() if holder != OBSERVER]
        assert others and not any(observer_admits(state, c) for c in others)
        for typed in ("", "   ", code[:-1], code + "X", code * 10, "[b]" + code):
            assert not observer_admits(state, typed), typed


def test_a_session_without_an_observer_code_admits_no_code(session_file):
    with Session.open(session_file) as s:
        assert OBSERVER not in s.state.codes
        assert not any(observer_admits(s.state, c) for c in [*s.state.codes.values(), ""])


def test_an_older_session_gets_one_observer_code_once(session_file):
    """Needs the engine to let IssueCode issue the observer's code (engine/decide.CODE_HOLDERS)."""
    with Session.open(session_file) as s:
        first = observer_code(s)
        assert first and list(s.state.codes.values()).count(first) == 1
        assert observer_code(s) == first
        assert first != facilitator_code(s)
    with Session.open(session_file) as s:
        assert observer_code(s) == first  # replayed from the log, not drawn again
        assert observer_admits(s.state, first)
    assert kinds(session_file).count("CodeIssued") == 2  # the observer's, the facilitator's


def test_a_role_named_after_a_seat_keeps_its_own_code(tmp_path, mini_world):
    """A scenario whose role is called 'observer': the role's join code is never the seat's."""
    world = json.loads(json.dumps(mini_world).replace('"jerusalem"', '"observer"'))
    assert holders(["moscow", "observer"]) == ["moscow", "observer", FACILITATOR]
    with Session.create(tmp_path / "s.ttx", world, seed=1) as s:
        assert "observer" in s.state.world.played
        team = s.state.codes["observer"]
        with pytest.raises(NoSeat, match="called 'observer'"):
            observer_code(s)
        assert not observer_admits(s.state, team)
        assert team_codes(s)["observer"] == team
