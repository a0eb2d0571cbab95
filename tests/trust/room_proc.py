"""One member of the room, in its own process, for the split-brain and soak tests.

console PATH NAME   the facilitator console's way of holding the file: the gateway's connection
                    used from worker threads, a review connection and a recent-sessions read
                    opened and closed in other threads; appends notes and prints "ack SEQ TEXT"
team PATH ROLE      a team console: joins, attaches, heartbeats, reads and notes; prints acks
churn PATH OUT      `ttx codes` and `ttx report` over and over, as other terminals do
"""

from __future__ import annotations

import itertools
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from exercise.engine import commands as cmd


def ack(seq: int, text: str) -> None:
    print(f"ack {seq} {text}", flush=True)


def console(path: str, name: str) -> None:
    from exercise.session import Session
    from exercise.tui.gateway import Gateway

    gateway = Gateway(path)
    stop = threading.Event()

    def other_connections() -> None:  # the review (v) and the start screen's recent sessions
        while not stop.is_set():
            Session.open(path, readonly=True).close()
            Session.open(path).close()

    pool = ThreadPoolExecutor(max_workers=2)  # the console's workers: never the event loop's thread
    pool.submit(gateway.load).result()
    side = threading.Thread(target=other_connections, daemon=True)
    side.start()
    try:
        for n in itertools.count():
            text = f"{name} {os.getpid()}.{n}"  # unique across restarts
            events, state = pool.submit(gateway.execute, cmd.AddObservation(text)).result()
            ack(state.seq, text)
            if n % 7 == 0:
                pool.submit(gateway.refresh).result()
    finally:
        stop.set()


def team(path: str, role: str) -> None:
    from exercise.session import Session

    session = Session.open(path)
    session.execute(cmd.JoinTeam(role, session.code(role), f"soak {role}"))
    session.attach(role)
    for n in itertools.count():
        session.refresh()
        session.heartbeat()
        text = f"{role} {os.getpid()}.{n}"
        session.execute(cmd.AddObservation(text, author=role))
        ack(session.state.seq, text)


def churn(path: str, out: str) -> None:
    from exercise.cli import main

    for n in itertools.count():
        args = ["codes", path] if n % 2 else ["report", path, "--format", "json", "-o", out]
        if main(args) != 0:
            print(f"failed {args}", flush=True)
        print(f"churned {n}", flush=True)


if __name__ == "__main__":
    {"console": console, "team": team, "churn": churn}[sys.argv[1]](*sys.argv[2:])
