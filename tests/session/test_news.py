"""A team console skips an event only when it surely leaves the team's view as it was.

Property: over whole sessions (bots, two teams reading, deciding, amending and withdrawing, the
facilitator writing notes), every event `concerns` says a role need not see leaves that role's
`TeamView` equal, field by field, but for the count of events folded.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercise.engine import commands as cmd
from exercise.engine.autoplay import MemoryDriver, play_turn
from exercise.engine.decide import Refused
from exercise.engine.evolve import evolve
from exercise.engine.news import concerns
from exercise.engine.queries import decidable, open_decision
from exercise.engine.state import UNSTARTED
from exercise.session.team_view import team_view

TEAMS = ("moscow", "tehran")
ACTS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "read",
                "note",
                "decide",
                "amend",
                "withdraw",
                "join",
                "ask",
                "tell",
                "open",
                "void",
                "asked",
                "estimate",
                "rule",
            ]
        ),
        st.sampled_from(TEAMS),
        st.integers(0, 5),
    ),
    max_size=8,
)


def _command(driver: MemoryDriver, act: str, role: str, n: int):
    s = driver.state
    released = [r.inject_id for r in s.releases]
    if act == "read" and released:
        return cmd.MarkRead(role, released[n % len(released)])
    if act == "note":
        return cmd.AddObservation(f"note {n}", role=role if n % 2 else "")
    if act == "join":
        return cmd.JoinTeam(role, "WRONG")  # refused: a JoinRefused event
    if act == "ask":
        return cmd.SendMessage(role, "control", f"question {n}")
    if act == "tell":
        return cmd.SendMessage("control", ("all", *TEAMS)[n % 3], f"word {n}")
    if act == "void":
        return cmd.VoidRuling(f"r{n % 3 + 1}", "taken back")
    if act in ("asked", "rule"):  # the white cell asks for estimates on a decision, or rules
        ids = tuple(d.decision_id for d in s.decisions.values() if d.open)[n % 2 :][:1]
        if act == "asked":
            return cmd.AskEstimates(ids)
        return cmd.Adjudicate(
            ids, "By the odds", method="estimative", odds=n * 20, audience=(role,)
        )
    if act == "estimate":
        return cmd.GiveEstimate(f"e{n % 2 + 1}", role, n * 20, f"because {n}")
    if act == "open":
        return cmd.ReadMessage(f"m{n % 3 + 1}", ("control", *TEAMS)[n % 3])
    open_ids = decidable(s, role)
    if not open_ids:
        return None
    inject_id = open_ids[n % len(open_ids)]
    options = [o.id for o in s.world.injects[inject_id].options if o.allowed_for(role)]
    current = open_decision(s, role, inject_id)
    if act == "decide" and options and current is None:
        return cmd.SubmitDecision(role, inject_id, options[n % len(options)])
    if act == "amend" and options and current is not None:
        return cmd.AmendDecision(role, inject_id, options[(n + 1) % len(options)])
    if act == "withdraw" and current is not None:
        return cmd.WithdrawDecision(role, inject_id)
    return None


def _played(world: dict, seed: int, acts_per_turn: list) -> list:
    participants = (("moscow", "team"), ("tehran", "team"), ("damascus", "bot"))
    participants += (("jerusalem", "bot"),)
    driver = MemoryDriver(cmd.StartSession(world, seed, participants))
    for acts in acts_per_turn:
        if driver.state.ended:
            break
        for act, role, n in acts:
            command = _command(driver, act, role, n)
            if command is not None:
                with contextlib.suppress(Refused):  # the rules may refuse it; so be it
                    driver.execute(command)
        play_turn(driver)
    return driver.events


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), acts=st.lists(ACTS, min_size=1, max_size=4))
def test_an_event_that_does_not_concern_a_team_leaves_its_view_as_it_was(mini_world, seed, acts):
    state = UNSTARTED
    skipped = 0
    for event in _played(mini_world, seed, acts):
        before = state
        state = evolve(state, event)
        if before is UNSTARTED:
            continue
        for role in state.world.played:
            if not concerns(event, state, role):
                skipped += 1
                old, new = team_view(before, role), team_view(state, role)
                assert replace(old, seq=new.seq) == new, (type(event).__name__, role)
    assert skipped  # bots' decisions and the other team's reads are skipped in every session


def test_a_team_is_concerned_by_what_it_sees_and_by_nothing_it_does_not(mini_world):
    events = _played(mini_world, 3, [[("read", "moscow", 0), ("note", "tehran", 1)]])
    state = UNSTARTED
    said: dict[tuple[str, str], set[bool]] = {}
    for event in events:
        state = evolve(state, event)
        for role in ("moscow", "tehran"):
            said.setdefault((type(event).__name__, role), set()).add(concerns(event, state, role))
    assert said[("ObservationAdded", "moscow")] == {False}
    assert said[("InjectRead", "moscow")] == {True} and said[("InjectRead", "tehran")] == {False}
    assert said[("PhaseStarted", "tehran")] == {True}


def test_a_private_ruling_on_estimates_concerns_every_team_asked(mini_world):
    from exercise.engine.decide import decide

    participants = (("moscow", "team"), ("tehran", "team"), ("damascus", "bot"))
    driver = MemoryDriver(cmd.StartSession(mini_world, 4, participants + (("jerusalem", "bot"),)))
    driver.execute(cmd.SubmitDecision("moscow", "t1-moscow", "coop"))
    driver.execute(cmd.AskEstimates(("moscow:t1-moscow",)))
    driver.execute(cmd.GiveEstimate("e1", "tehran", 40))
    before = driver.state
    [ruled] = decide(
        before,
        cmd.Adjudicate(("moscow:t1-moscow",), "Quietly", method="estimative", audience=("moscow",)),
    )[:1]
    after = evolve(before, ruled)
    assert team_view(before, "tehran") != team_view(after, "tehran")  # its request is ruled on
    assert concerns(ruled, after, "tehran")
