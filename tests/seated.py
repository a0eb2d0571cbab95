"""A session whose observer seat has its code from the start, played a little: what the
observer seat's tests (terminal, served, command line) look at."""

from __future__ import annotations

from pathlib import Path

from exercise.engine import commands as cmd
from exercise.session import Session

OBSERVER_CODE = "OBSRV1"
FACILITATOR_CODE = "FACIL1"
PARTICIPANTS = (
    ("moscow", "facilitator"),
    ("tehran", "facilitator"),
    ("damascus", "team"),
    ("jerusalem", "bot"),
)
PRIVATE_RULING = "Tehran alone is told the air cover is withheld"
TEAM_MESSAGE = "Where is the air cover we were promised?"


def seated_session(path: Path, world: dict, clock, played: bool = True) -> Path:
    """Team codes CODE0..CODE3 (damascus, CODE2, is a team console), the facilitator's FACIL1
    and the observer's OBSRV1; `played`: a release, two decisions, a ruling told to Tehran
    only (with its dice) and a message from Tehran to the white cell."""
    codes = (
        *((r, f"CODE{i}") for i, (r, _) in enumerate(PARTICIPANTS)),
        ("facilitator", FACILITATOR_CODE),
        ("observer", OBSERVER_CODE),
    )
    with Session.create(
        path, world, seed=11, participants=PARTICIPANTS, codes=codes, clock=clock
    ) as s:
        if played:
            s.execute(cmd.ReleaseInject("manual-1"))
            s.execute(cmd.SubmitDecision("moscow", "t1-moscow", "coop", rationale="Keep close"))
            s.execute(cmd.SubmitDecision("tehran", "t1-tehran", "push", rationale="Push on"))
            s.execute(
                cmd.Adjudicate(
                    ("tehran:t1-tehran",),
                    PRIVATE_RULING,
                    deltas=(("cohesion", -1),),
                    method="matrix",
                    pros=("ground forces",),
                    cons=("no air cover",),
                    audience=("tehran",),
                )
            )
            s.execute(cmd.SendMessage("tehran", "control", TEAM_MESSAGE, author="Reza"))
    return path
