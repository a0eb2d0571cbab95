"""Several processes on one session file: teams see only their own; nothing is lost."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.session.team_view import team_view
from tests.conftest import log_count, wait_until
from tests.engine.test_properties import command as engine_command

PROC = str(Path(__file__).with_name("team_proc.py"))
ROOT = str(Path(__file__).resolve().parents[2])


def run(*args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, PROC, *map(str, args)],
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONPATH=ROOT),
    )


@pytest.fixture
def path(tmp_path, mini_world) -> Path:
    p = tmp_path / "s.ttx"
    participants = tuple((r, "team") for r in ("moscow", "tehran", "damascus", "jerusalem"))
    s = Session.create(p, mini_world, seed=2, participants=participants)
    s.execute(cmd.ReleaseInject("manual-1"))
    s.close()
    return p


def notes(path: Path, text: str) -> int:
    return log_count(path, "ObservationAdded", lambda data: data.get("text", "").startswith(text))


def started_after(path: Path, first: dict[str, subprocess.Popen], wanted: dict[str, int]) -> None:
    """Wait until the processes started `first` have left their notes in the log (`wanted`:
    how many notes starting with each text)."""

    def done() -> bool:
        crashed = {k: p.returncode for k, p in first.items() if p.poll() not in (None, 0)}
        assert not crashed, f"exited early: {crashed}"
        return all(notes(path, text) == n for text, n in wanted.items())

    wait_until(done, 60, f"the notes {wanted}")


# Which process gets going first decides the interleaving: the two extremes (the facilitator
# done before a team starts, which once left it nothing to rule on; both teams done before the
# facilitator starts) and the race between them.
ORDERS = ("together", "facilitator first", "teams first")


@pytest.mark.slow
@pytest.mark.parametrize("order", ORDERS)
def test_two_teams_and_the_facilitator_see_only_their_own(path, mini_world, order):
    def teams() -> dict[str, subprocess.Popen]:
        return {r: run(path, r, "act", 5) for r in ("moscow", "tehran")}

    def white() -> dict[str, subprocess.Popen]:
        return {"facilitator": run(path, "facilitator", "facilitator", 12)}

    procs: dict[str, subprocess.Popen] = {}
    try:
        if order == "together":
            procs = {**teams(), **white()}
        elif order == "facilitator first":
            procs = white()
            started_after(path, procs, {"facilitator note": 12})
            procs |= teams()
        else:
            procs = teams()
            started_after(path, procs, {"moscow was here": 5, "tehran was here": 5})
            procs |= white()
        outs = {k: p.communicate(timeout=120)[0] for k, p in procs.items()}
    finally:
        for p in procs.values():  # a failed wait leaves none behind (teams wait for a ruling)
            if p.poll() is None:
                p.kill()
                p.wait()
    assert all(p.returncode == 0 for p in procs.values()), outs
    injects = {i["id"]: i for i in mini_world["injects"]}
    seen = {role: json.loads(outs[role].strip().splitlines()[-1]) for role in ("moscow", "tehran")}
    for role in ("moscow", "tehran"):
        for inj_id in seen[role]["inbox"]:
            inj = injects[inj_id]
            assert inj["visibility"] == "public" or role in inj["audience"], (role, inj_id)
        assert seen[role]["decision_roles"] == [role]
        assert all(not aud or role in aud for aud in seen[role]["ruling_audiences"])
    # Each team reported only after a ruling was in the log: moscow heard of the ruling private
    # to it, tehran never did, neither then nor in the final state.
    s = Session.open(path)
    private = {r.ruling_id for r in s.state.rulings if r.audience == ("moscow",)}
    assert private and set(seen["moscow"]["ruling_ids"]) & private
    assert not set(seen["tehran"]["ruling_ids"]) & private
    assert not {x.ruling_id for x in team_view(s.state, "tehran").rulings} & private
    assert s.verify()[1] is None
    s.close()


@pytest.mark.slow
def test_facilitator_and_four_teams_at_once_lose_nothing(path):
    teams = ("moscow", "tehran", "damascus", "jerusalem")
    before = Session.open(path)
    start = before.state.seq
    before.close()
    procs = [run(path, r, "act", 4) for r in teams] + [run(path, "facilitator", "facilitator", 20)]
    outs = [p.communicate(timeout=180)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    s = Session.open(path)
    assert s.verify()[1] is None
    texts = [r.data().get("text", "") for r in s.rows(after=start) if r.kind == "ObservationAdded"]
    assert sorted(t for t in texts if t.startswith("facilitator note")) == sorted(
        f"facilitator note {n}" for n in range(20)
    )
    for r in teams:
        assert texts.count(f"{r} was here") == 4
        # every team read everything it may see
        assert all((r, i.inject.id) in s.state.reads for i in team_view(s.state, r).inbox)
    s.close()


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32), commands=st.lists(engine_command, max_size=30))
def test_team_views_never_leak(mini_world, seed, commands):
    from tests.engine.test_properties import play

    state = play(mini_world, seed, commands).state
    for role in ("moscow", "tehran", "damascus", "jerusalem"):
        view = team_view(state, role)
        for item in view.inbox:
            assert item.inject.visibility == "public" or role in item.inject.audience
            assert item.decision is None or item.decision.role == role
        assert all(d.role == role for d in view.decisions)
        assert all(r.public or role in r.audience for r in view.rulings)
