"""Session-layer codes: drawn distinct, the facilitator's issued once, never in a team view."""

from exercise.session import Session
from exercise.session import codes as codes_mod
from exercise.session.codes import FACILITATOR, draw_codes, facilitator_code, team_codes
from exercise.session.team_view import team_view
from tests.conftest import kinds


def test_a_new_session_has_a_facilitator_code_unlike_any_team_code(tmp_path, mini_world):
    with Session.create(tmp_path / "s.ttx", mini_world, seed=1) as s:
        codes = s.state.codes
        assert set(codes) == {*s.state.world.played, FACILITATOR}
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
