import json
import shutil

import pytest

from exercise.cli import main
from exercise.engine import commands as cmd
from exercise.engine.autoplay import play_all
from exercise.review.compare import Choice, CompareError, DecisionDiff, compare, render_compare_md
from exercise.review.report_model import turn_end_values
from exercise.session import Session
from exercise.session.fork import fork_session
from exercise.session.simulate import simulate_session
from exercise.session.timeline import Timeline
from tests.conftest import MINI
from tests.review.helpers import simulated


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("runs")
    a = simulated(folder / "a.ttx", seed=3)
    twin = simulated(folder / "twin.ttx", seed=3)
    b = simulated(folder / "b.ttx", seed=4)
    yield a, twin, b
    for s in (a, twin, b):
        s.close()


def decisions(state):
    return {
        (d.turn, d.role, d.inject_id): d.option_id
        for d in state.decisions.values()
        if not d.withdrawn
    }


def test_a_session_compared_with_itself_does_not_diverge(runs):
    a, twin, _ = runs
    for other in (a, twin):  # the same file, and the same seed played again
        c = compare(a, other)
        assert c.diverged is False and c.divergence is None and c.play_divergence is None
        assert all(v == 0 for t in c.turns for v in t.difference.values())
        assert all(t.decisions == () for t in c.turns)
        assert c.setup.seed.same and c.setup.content_same
        assert "No divergence" in render_compare_md(c)


def test_two_seeds_diverge(runs):
    a, _, b = runs
    c = compare(a, b)
    assert c.diverged is True
    assert c.divergence.seq == 1 and c.divergence.kind == "SessionStarted"
    assert "seed 3" in c.divergence.a.text and "seed 4" in c.divergence.b.text
    ra, rb = list(a.rows()), list(b.rows())
    first = next(
        n
        for n in range(1, min(len(ra), len(rb)))
        if (ra[n].kind, ra[n].payload) != (rb[n].kind, rb[n].payload)
    )
    assert c.play_divergence.seq == ra[first].seq
    da, db = decisions(a.state), decisions(b.state)
    differing = {(t.turn, d.role, d.inject) for t in c.turns for d in t.decisions}
    assert differing == {k for k in da.keys() | db.keys() if da.get(k) != db.get(k)}
    assert differing  # these two seeds do play differently
    ea, eb = turn_end_values(a.state), turn_end_values(b.state)
    for t in c.turns:
        assert t.a == ea.get(t.turn) and t.b == eb.get(t.turn)
        if t.a and t.b:
            assert t.difference == {k: t.b[k] - t.a[k] for k in t.a}


def test_a_fork_played_differently_diverges_after_the_fork(runs, tmp_path):
    a = runs[0]
    at = next(r.seq for r in a.rows() if r.kind == "InjectReleased" and "t1-pair" in r.payload)
    f = fork_session(a, at, tmp_path / "f.ttx")
    f.execute(cmd.SetParticipant("moscow", "team"))
    f.execute(cmd.SubmitDecision("moscow", "t1-news", "push", rationale="test the partner"))
    play_all(f)
    c = compare(a, f)
    assert c.divergence.seq == at + 1 and c.play_divergence == c.divergence
    assert c.divergence.b.text == "Moscow is now played by: team"  # the log's own description
    turn1 = c.turns[0].decisions
    assert (
        DecisionDiff(
            role="moscow",
            inject="t1-news",
            a=Choice(option="coop", option_label="Cooperate with the partner", text=""),
            b=Choice(option="push", option_label="Push hard", text=""),
        )
        in turn1
    )
    f.close()


def test_an_unplayed_fork_is_a_prefix(runs, tmp_path):
    a = runs[0]
    f = fork_session(a, 10, tmp_path / "p.ttx")
    c = compare(a, f)
    f.close()
    assert c.divergence.seq == 11 and c.divergence.b is None
    assert c.divergence.a.seq == 11


def test_different_scenarios_are_refused(runs, tmp_path, capsys):
    root = tmp_path / "content"
    shutil.copytree(MINI, root)
    text = (root / "scenarios" / "mini.yaml").read_text().replace("id: mini", "id: other")
    (root / "scenarios" / "other.yaml").write_text(text)
    (root / "scenarios" / "mini.yaml").unlink()
    from exercise.content.library import scenario_world

    other = simulate_session(scenario_world(root, "other"), 3, tmp_path / "other.ttx")
    with pytest.raises(CompareError, match="different scenarios"):
        compare(runs[0], other)
    other.close()
    capsys.readouterr()
    assert main(["compare", str(runs[0].path), str(tmp_path / "other.ttx")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("ttx: error: ") and "different scenarios" in err


def test_cli_compare(runs, tmp_path, capsys):
    a, _, b = runs
    capsys.readouterr()
    assert main(["compare", str(a.path), str(a.path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["diverged"] is False
    assert main(["compare", str(a.path), str(b.path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Comparison") and "First difference: event 1" in out
    assert "First difference in play" in out and "Decisions that differ" in out
    notes = tmp_path / "notes.txt"
    notes.write_text("x")
    for args in ([str(a.path), str(notes)], [str(tmp_path / "none.ttx"), str(a.path)]):
        assert main(["compare", *args]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("ttx: error: ")
    with pytest.raises(SystemExit) as exc:  # argparse: an unknown format
        main(["compare", str(a.path), str(b.path), "--format", "html"])
    assert exc.value.code == 2 and capsys.readouterr().err.count("\n") == 1


def test_compare_reads_sessions_through_the_service(runs):
    # a reopened session compares equal to the live one it came from
    a = runs[0]
    again = Session.open(a.path)
    assert compare(a, again).diverged is False
    again.close()


def test_console_bookkeeping_is_not_a_difference_in_play(runs, tmp_path):
    a = runs[0]
    f = fork_session(a, a.state.seq, tmp_path / "whole.ttx")
    f.execute(
        cmd.JoinTeam("moscow", f.code("moscow"), client="late laptop")
    )  # allowed after the end
    c = compare(a, f)
    f.close()
    assert c.diverged and c.divergence.seq == a.state.seq + 1
    assert c.divergence.a is None and c.divergence.b.kind == "TeamJoined"
    assert c.play_divergence is None
    assert "First difference in play: none after the set-up." in render_compare_md(c)


def test_the_comparison_tells_events_as_the_timeline_does(runs):
    # one describer: the comparison's sentence for an event is the review timeline's
    a, _, b = runs
    c = compare(a, b)
    for d, session in ((c.play_divergence, a), (c.play_divergence, b)):
        side = d.a if session is a else d.b
        entry = next(e for e in Timeline(session).entries if e.seq == side.seq)
        assert side.text == entry.text and side.kind == entry.kind
