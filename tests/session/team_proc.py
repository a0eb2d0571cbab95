"""A team (or the facilitator) in its own process, for the end-to-end visibility and load tests."""

import json
import sys
import time

from exercise.engine import commands as cmd
from exercise.engine.decide import Refused
from exercise.session import Session
from exercise.session.team_view import team_view

path, role, mode = sys.argv[1], sys.argv[2], sys.argv[3]
session = Session.open(path)
if mode == "act":  # decide on everything this team may decide on, read everything, amend a few times
    for _ in range(int(sys.argv[4])):
        session.refresh()
        view = team_view(session.state, role)
        for item in view.inbox:
            if not item.read:
                session.execute(cmd.MarkRead(role, item.inject.id))
            if item.must_decide:
                option = next(o.id for o in item.inject.options)  # only those open to the role reach its view
                d = item.decision
                try:
                    if d is None or d.withdrawn:
                        session.execute(cmd.SubmitDecision(role, item.inject.id, option, rationale=f"{role} view"))
                    elif d.open:
                        session.execute(cmd.AmendDecision(role, item.inject.id, option, rationale=f"{role} again"))
                except Refused:
                    pass  # the white cell ruled in between
        session.execute(cmd.AddObservation(f"{role} was here"))
elif mode == "facilitator":
    ruled = False
    for n in range(int(sys.argv[4])):
        session.execute(cmd.AddObservation(f"facilitator note {n}"))
        if n % 5 == 0:
            open_ids = tuple(d.decision_id for d in session.state.decisions.values() if d.open)
            if open_ids:
                session.execute(cmd.Adjudicate(open_ids, "ruling", method="free", audience=("moscow",)))
                ruled = True
    deadline = time.monotonic() + 60
    while not ruled and time.monotonic() < deadline:  # the teams may not have decided yet: wait for one
        session.refresh()
        open_ids = tuple(d.decision_id for d in session.state.decisions.values() if d.open)
        if open_ids:
            session.execute(cmd.Adjudicate(open_ids, "ruling", method="free", audience=("moscow",)))
            ruled = True
        time.sleep(0.05)
view = team_view(session.state, role) if role != "facilitator" else None
if view is not None:
    print(json.dumps({
        "inbox": [i.inject.id for i in view.inbox],
        "decision_roles": sorted({d.role for d in view.decisions}),
        "ruling_audiences": [list(r.audience) for r in view.rulings],
    }))
session.close()
