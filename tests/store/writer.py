"""A child process for the crash and concurrency tests: appends via a Session, reporting acks."""

import sys

from exercise.engine import commands as cmd
from exercise.session import Session

path, mode, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
session = Session.open(path)
for n in range(count):
    if mode == "observe":
        events = session.execute(cmd.AddObservation(f"{sys.argv[4]} note {n}", author=sys.argv[4]))
    else:  # amend decisions back and forth, as a team console would
        option = "coop" if n % 2 else "push"
        events = session.execute(
            cmd.AmendDecision("moscow", "t1-moscow", option, rationale=f"amend {n}")
        )
    # Acknowledged only once execute() returned: the event is durable.
    print(session.state.seq, flush=True)
print("done", flush=True)
