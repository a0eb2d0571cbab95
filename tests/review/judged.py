"""A session played by hand with every kind of judgement the report has to show: decisions with
the team's confidence, estimates before an estimative ruling (the teams' mean, and one with the
white cell's own odds), a matrix ruling, observers' P/S/M/U ratings tied to the event they
concern, a clock paused, a phase gone back to, messages naming a participant, and feedback
once the session has ended. Every command goes through Session.execute, as the consoles' do."""

from __future__ import annotations

from pathlib import Path

from exercise.engine import commands as cmd
from exercise.engine.autoplay import play_all
from exercise.session import Session
from exercise.session.simulate import VirtualClock
from tests.review.helpers import mini_world

OLGA, REZA, DANA = "Olga Petrova", "Reza", "Dana Evaluator"
MOSCOW, TEHRAN = "moscow:t1-moscow", "tehran:t1-tehran"
FREE = "t1:moscow:free"


def _seq(s: Session, kind: str) -> int:
    return max(r.seq for r in s.rows() if r.kind == kind)


def judged(path: Path, seed: int = 5) -> Session:
    world = mini_world()
    roles = world["scenario"]["roles"]
    modes = {"moscow": "team", "tehran": "team", "damascus": "bot", "jerusalem": "team"}
    s = Session.create(
        path,
        world,
        seed=seed,
        participants=tuple((r, modes[r]) for r in roles),
        codes=tuple((r, f"CODE{i}") for i, r in enumerate(roles)),
        clock=VirtualClock(),
    )
    run = s.execute
    run(cmd.JoinTeam("moscow", "CODE0", client="olga-laptop"))
    run(cmd.AdvancePhase())  # to Decide
    run(cmd.UndoPhase())  # back to Brief: its times add up
    run(cmd.AdvancePhase())
    run(
        cmd.SubmitDecision(
            "moscow",
            "t1-moscow",
            "coop",
            rationale="Keep Reza's men close",
            author=OLGA,
            confidence=80,
        )
    )
    decided = _seq(s, "DecisionSubmitted")
    run(
        cmd.SubmitDecision(
            "tehran", "t1-tehran", "push", rationale="Push", author=REZA, confidence=30
        )
    )
    run(
        cmd.SubmitDecision(
            "moscow",
            None,
            text="Quietly slow the deliveries",
            rationale="leverage",
            author=OLGA,
            confidence=90,
        )
    )
    run(cmd.SendMessage("moscow", "control", f"{REZA} will not like this", author=OLGA))
    run(cmd.AskEstimates((MOSCOW,)))
    run(cmd.GiveEstimate("e1", "moscow", 70, "air power decides", author=OLGA))
    run(cmd.GiveEstimate("e1", "tehran", 40, "they need our men on the ground", author=REZA))
    run(cmd.GiveEstimate("e1", "jerusalem", 55, "", author="Yael"))
    run(cmd.PauseClock())
    run(cmd.ResumeClock())
    run(
        cmd.Adjudicate(
            (MOSCOW,),
            "The teams' odds decide",
            deltas=(("cohesion", 2),),
            method="estimative",
            reason="contested",
            fail_deltas=(("cohesion", -1),),
        )
    )
    estimated = _seq(s, "Adjudicated")
    run(
        cmd.Adjudicate(
            (FREE,),
            "The white cell's own odds",
            deltas=(("escalation", 1),),
            method="estimative",
            odds=20,
            reason="unlikely",
        )
    )
    run(
        cmd.Adjudicate(
            (TEHRAN,),
            "Tehran pushes",
            deltas=(("escalation", 1),),
            method="matrix",
            pros=("militias",),
            cons=("Russian reluctance",),
            target=7,
        )
    )
    run(
        cmd.AddObservation(
            "Moscow weighed the odds aloud before its estimate",
            role="moscow",
            objective="moscow-win",
            kind="strength",
            author=DANA,
            rating="M",
            about=estimated,
        )
    )
    run(
        cmd.AddObservation(
            f"{OLGA} argued the cooperative line well",
            role="moscow",
            objective="moscow-win",
            kind="strength",
            author=DANA,
            rating="S",
            about=decided,
        )
    )
    run(
        cmd.AddObservation(
            "Tehran read its cable late",
            role="tehran",
            objective="tehran-win",
            kind="improvement",
            author="Sam",
            rating="U",
            about=2,
        )
    )
    play_all(s)
    run(
        cmd.GiveFeedback(
            "moscow",
            worked="The estimates made us argue",
            improve="More time",
            realism=4,
            learning=5,
            author=OLGA,
        )
    )
    run(
        cmd.GiveFeedback(
            "tehran",
            worked="Messages",
            improve=f"{OLGA} talked a lot",
            realism=3,
            learning=4,
            author=REZA,
        )
    )
    return s
