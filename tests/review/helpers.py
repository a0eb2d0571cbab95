"""Sessions for the review tests: plain bot playthroughs and one played by hand with every kind
of event the report has to show (teams, amendments, a withdrawal, a free action, a matrix ruling,
observations, reads, a change of who plays a role)."""

from __future__ import annotations

import json
from pathlib import Path

from exercise.engine import commands as cmd
from exercise.engine.autoplay import play_all
from exercise.engine.evolve import fold
from exercise.session import Session
from exercise.session.service import decode
from exercise.session.simulate import VirtualClock, simulate_session
from tests.conftest import MINI

TRICKY = "Keep | the *partner* <b>close</b> & [quiet]\nsecond line # not a heading"


def mini_world() -> dict:
    from exercise.content.library import scenario_world

    return scenario_world(MINI, "mini")


def simulated(path: Path, seed: int = 3) -> Session:
    return simulate_session(mini_world(), seed, path)


def fresh(path: Path, seed: int = 5) -> Session:
    """A new mini session, every role a team, on a virtual clock."""
    world = mini_world()
    roles = world["scenario"]["roles"]
    return Session.create(
        path, world, seed=seed, participants=tuple((r, "team") for r in roles), clock=VirtualClock()
    )


def played(path: Path, seed: int = 5) -> Session:
    world = mini_world()
    roles = world["scenario"]["roles"]
    modes = {"moscow": "team", "tehran": "facilitator", "damascus": "bot", "jerusalem": "team"}
    s = Session.create(
        path,
        world,
        seed=seed,
        participants=tuple((r, modes[r]) for r in roles),
        codes=tuple((r, f"CODE{i}") for i, r in enumerate(roles)),
        clock=VirtualClock(),
    )
    run = s.execute
    run(cmd.JoinTeam("moscow", "CODE0", client="laptop-1"))
    run(cmd.MarkRead("moscow", "t1-news"))
    run(cmd.MarkRead("moscow", "t1-moscow"))
    run(cmd.MarkRead("tehran", "t1-tehran"))
    run(cmd.SubmitDecision("moscow", "t1-moscow", "coop", rationale=TRICKY, author="alice"))
    run(
        cmd.AmendDecision(
            "moscow",
            "t1-moscow",
            "push",
            rationale="Show who holds the air. " + TRICKY,
            author="alice",
        )
    )
    run(cmd.SubmitDecision("tehran", "t1-tehran", "push", rationale="first thought"))
    run(cmd.WithdrawDecision("tehran", "t1-tehran"))
    run(cmd.SubmitDecision("tehran", "t1-tehran", "coop", rationale="on reflection"))
    run(
        cmd.SubmitDecision(
            "moscow",
            None,
            text="Quietly delay the S-300 deliveries | again",
            rationale="keep leverage",
        )
    )
    run(
        cmd.AddObservation(
            "Moscow signalled clearly and early",
            role="moscow",
            objective="moscow-win",
            kind="strength",
        )
    )
    run(
        cmd.AddObservation(
            "- Tehran read its cable late <really>", role="tehran", objective="tehran-win"
        )
    )
    run(cmd.AddObservation("AFI: Tehran's rationale did not name an objective", role="tehran"))
    run(cmd.AddObservation("The room was noisy | too many side talks"))
    run(
        cmd.Adjudicate(
            ("moscow:t1-moscow",),
            "Moscow's push lands: " + TRICKY,
            deltas=(("cohesion", -2),),
            method="matrix",
            reason="contested: a roll decides",
            pros=("air power", "timing"),
            cons=("Tehran's militias",),
            target=8,
            fail_deltas=(("escalation", 1),),
        )
    )
    run(cmd.PauseClock())
    run(cmd.ResumeClock())
    run(cmd.SetParticipant("tehran", "bot"))
    play_all(s)
    return s


def rows(session: Session) -> list:
    return list(session.rows())


def kinds(session: Session, kind: str) -> list[dict]:
    return [json.loads(r.payload) for r in session.rows() if r.kind == kind]


def fold_upto(session: Session, seq: int):
    return fold(decode(r) for r in session.rows(upto=seq))
