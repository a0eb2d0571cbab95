"""A team (or the facilitator) in its own process, for the end-to-end visibility and load tests.

    team_proc.py FILE ROLE act N          N rounds: read all, decide or amend, leave a note
    team_proc.py FILE facilitator facilitator N   N notes, ruling (private to moscow) every 5th

Each side waits for the other's real work, never for a time: the facilitator rules once a
decision is open, and a team reports what it sees only once a ruling is in the log, so the
report always covers the private ruling, whichever process the machine happened to run first.
A wait that passes its deadline exits 3 with what it waited for.
"""

import json
import sys
import time

from exercise.engine import commands as cmd
from exercise.engine.decide import Refused
from exercise.session import Session
from exercise.session.team_view import team_view

DEADLINE = 60.0


def wait_until(session: Session, condition, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while True:
        session.refresh()
        if condition():
            return
        if time.monotonic() > deadline:
            print(
                f"team_proc {sys.argv[2]}: gave up after {DEADLINE:.0f}s waiting for {what}",
                file=sys.stderr,
            )
            sys.exit(3)
        time.sleep(0.02)  # the poll interval of a deadline wait, not a wait for time to pass


def decide_round(session: Session, role: str) -> None:
    """Read everything, decide (or amend) everything this team is asked to, leave a note."""
    session.refresh()
    for item in team_view(session.state, role).inbox:
        if not item.read:
            session.execute(cmd.MarkRead(role, item.inject.id))
        if not item.must_decide:
            continue
        options = item.inject.options  # only those open to this role reach its view
        option, text = (options[0].id, "") if options else (None, f"{role} acts")
        d = item.decision
        try:
            if d is None or d.withdrawn:
                session.execute(
                    cmd.SubmitDecision(role, item.inject.id, option, text, rationale=f"{role} view")
                )
            elif d.open:
                session.execute(
                    cmd.AmendDecision(role, item.inject.id, option, text, rationale=f"{role} again")
                )
        except Refused:
            pass  # the white cell ruled in between
    session.execute(cmd.AddObservation(f"{role} was here"))


def rule_on_open(session: Session) -> bool:
    open_ids = tuple(d.decision_id for d in session.state.decisions.values() if d.open)
    if open_ids:
        session.execute(cmd.Adjudicate(open_ids, "ruling", method="free", audience=("moscow",)))
    return bool(open_ids)


def facilitate(session: Session, notes: int) -> None:
    ruled = False
    for n in range(notes):
        session.execute(cmd.AddObservation(f"facilitator note {n}"))
        if n % 5 == 0:
            ruled = rule_on_open(session) or ruled
    if not ruled:  # the teams had not decided yet
        wait_until(
            session,
            lambda: any(d.open for d in session.state.decisions.values()),
            "an open decision",
        )
        rule_on_open(session)


def main() -> None:
    path, role, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    session = Session.open(path)
    if mode == "act":
        for _ in range(int(sys.argv[4])):
            decide_round(session, role)
        # The whole log, not the team's view: tehran must wait too, for a ruling it may not see.
        wait_until(session, lambda: bool(session.state.rulings), "the white cell's ruling")
    elif mode == "facilitator":
        facilitate(session, int(sys.argv[4]))
    if role != "facilitator":
        view = team_view(session.state, role)
        print(
            json.dumps(
                {
                    "inbox": [i.inject.id for i in view.inbox],
                    "decision_roles": sorted({d.role for d in view.decisions}),
                    "ruling_audiences": [list(r.audience) for r in view.rulings],
                    "ruling_ids": [r.ruling_id for r in view.rulings],
                }
            )
        )
    session.close()


if __name__ == "__main__":
    main()
