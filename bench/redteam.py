"""Red-team pass for issue 11 ("Trust in a live room"): real `ttx` processes and a real server,
attacked family by family. Prints figures per family, then one table (a row per family: the
attacks tried and the failure columns, each 0 when the product is right), then the exact
reproduction of every failure. Exit 1 when any failure column is not 0.

  .venv/bin/python bench/redteam.py [--quick] [--family NAME ...] [--seed N]

Families: crash, concurrency, damaged, tampering, yaml, served. Everything runs on 127.0.0.1
in a temporary folder that is removed at the end, with every child process killed.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._redteam_common import (  # noqa: E402
    TEAMS,
    Ctx,
    Result,
    close_room,
    make_room,
    missing,
    observations,
    verify,
)
from bench._redteam_procs import STOPPING, Member, kill_all, open_files  # noqa: E402

DEADLINE = 900  # seconds: the run is stopped (exit 1) if it is still going then


# -- 1. crash storm ---------------------------------------------------------------------------
def _round_members(path: Path, ctx: Ctx, r: int) -> list[Member]:
    role = TEAMS[r % len(TEAMS)]
    return [
        Member("console", path, f"c{r}", ctx.tmp),
        Member("team", path, role, ctx.tmp),
        Member("writer", path, f"w{r}", ctx.tmp),
    ]


def _wait_first_acks(members: list[Member], seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if all(m.ack_count() or m.proc.poll() is not None for m in members):
            return
        time.sleep(0.05)


def _storm_round(path: Path, ctx: Ctx, r: int, res: Result, acks: list[tuple[int, str]]) -> int:
    """One round: writers start (reopening what the last round's kills left), write, and are
    SIGKILLed one by one at random moments; returns how many were killed mid-write."""
    members = _round_members(path, ctx, r)
    _wait_first_acks(members, 20)
    time.sleep(ctx.rng.uniform(0.1, 1.2))
    killed = 0
    for m in ctx.rng.sample(members, len(members)):
        m.kill()
        killed += m.killed
        time.sleep(ctx.rng.uniform(0.0, 0.4))
    for m in members:
        acks += m.acks
        if m.exited_by_itself() or not m.acks:
            how = f"exited {m.proc.returncode}" if m.exited_by_itself() else "no ack in 20 s"
            res.fail(
                "could not reopen",
                f"round {r}: `{m.command()}` ({how}); stderr: {m.stderr().strip()[-400:]!r}",
            )
    closer = close_room(path)
    if closer.rc != 0:
        res.fail(
            "could not reopen",
            f"round {r}: the closing console: `{closer.command()}` -> {closer.shown()}",
        )
    checked = verify(path)
    if checked.rc != 0:
        res.fail(
            "no longer verifies",
            f"round {r}, after the last writer closed: `{checked.command()}` -> {checked.shown()}",
        )
    return killed


def crash_storm(ctx: Ctx) -> Result:
    res = Result("crash storm")
    res.columns("acked but lost", "no longer verifies", "could not reopen")
    path = ctx.tmp / "storm.ttx"
    make_room(path)
    rounds = 5 if ctx.quick else 14
    acks: list[tuple[int, str]] = []
    kills = 0
    for r in range(rounds):
        kills += _storm_round(path, ctx, r, res, acks)
    lost = missing(acks, observations(path))
    for seq, text in lost:
        res.fail(
            "acked but lost", f"event {seq} ({text!r}) was acknowledged, then missing from {path}"
        )
    res.tried = kills
    res.figures.append(
        f"{rounds} rounds, {kills} SIGKILLs mid-write, {len(acks)} acknowledged events, "
        f"{len(lost)} lost, {len(observations(path))} notes in the file"
    )
    return res


# -- 2. concurrency ---------------------------------------------------------------------------
def _deleted_wal(members: list[Member]) -> list[str]:
    found = []
    for m in members:
        if m.proc.poll() is None:
            found += [
                f"pid {m.proc.pid} ({m.kind} {m.name}): {f}"
                for f in open_files(m.proc.pid)
                if f.endswith(("-wal (deleted)", "-shm (deleted)"))
            ]
    return found


def _seen_elsewhere(path: Path, writers: list[Member], checked: dict[int, int], res: Result) -> int:
    """Open the file afresh and look for every ack not yet checked; the number checked."""
    todo: list[tuple[int, str, Member]] = []
    for m in writers:
        with m.lock:
            todo += [(seq, text, m) for seq, text in m.acks[checked.get(id(m), 0) :]]
            checked[id(m)] = len(m.acks)
    if not todo:
        return 0
    kept = observations(path, after=min(t[0] for t in todo) - 1, upto=max(t[0] for t in todo))
    for seq, text, m in todo:
        if kept.get(seq) != text:
            res.fail(
                "acked, unseen by a fresh reader",
                f"`{m.command()}` acked {seq} {text!r}; a fresh read-only "
                f"connection to {path} right after found {kept.get(seq)!r}",
            )
    return len(todo)


def _concurrency_end(path: Path, writers: list[Member], churn: list[Member], res: Result) -> None:
    for m in writers + churn:
        if m.exited_by_itself():
            res.fail(
                "process died (locked/error)",
                f"`{m.command()}` exited {m.proc.returncode} by itself; "
                f"stderr: {m.stderr().strip()[-400:]!r}",
            )
        m.kill()
        err = m.stderr()
        if "locked" in err or "busy" in err:
            res.fail(
                "'database is locked' escaped", f"`{m.command()}` stderr: {err.strip()[-400:]!r}"
            )
        for f in m.failures:
            res.fail(
                "'database is locked' escaped",
                f"`{m.command()}`: a ttx command returned non-zero: {f}",
            )
    acks = [a for m in writers for a in m.acks]
    for seq, text in missing(acks, observations(path)):
        res.fail(
            "acked but lost", f"event {seq} ({text!r}) acknowledged, missing from {path} at the end"
        )


def concurrency(ctx: Ctx) -> Result:
    res = Result("concurrency")
    res.columns(
        "acked but lost",
        "acked, unseen by a fresh reader",
        "'database is locked' escaped",
        "process died (locked/error)",
        "WAL deleted under a writer",
    )
    path = ctx.tmp / "busy.ttx"
    make_room(path, seed=7)
    seconds = 8.0 if ctx.quick else 20.0
    writers = [Member("console", path, "white", ctx.tmp)] + [
        Member("team", path, r, ctx.tmp) for r in TEAMS
    ]
    churn = [Member("churn", path, str(ctx.tmp / f"aar{i}.json"), ctx.tmp) for i in range(2)]
    checked: dict[int, int] = {}
    reads = scans = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        time.sleep(0.25)
        reads += _seen_elsewhere(path, writers, checked, res)
        for line in _deleted_wal(writers):
            res.fail("WAL deleted under a writer", f"/proc/{line}")
        scans += 1
    reads += _seen_elsewhere(path, writers, checked, res)
    _concurrency_end(path, writers, churn, res)
    closed, checked_out = close_room(path), verify(path)
    churned = sum(m.churned for m in churn)
    res.tried = sum(len(m.acks) for m in writers)
    res.figures.append(
        f"{seconds:.0f} s, 5 writers + 2 churners: {res.tried} acknowledged appends "
        f"({res.tried / seconds:.0f}/s), {reads} checked by fresh readers, "
        f"{churned} codes/report runs, "
        f"{scans} /proc fd scans"
    )
    res.figures.append(
        f"after the writers were killed: closing console exit {closed.rc}, "
        f"`ttx verify` exit {checked_out.rc} "
        f"({(checked_out.stdout or checked_out.stderr).strip()[:120]})"
    )
    return res


# -- the run ----------------------------------------------------------------------------------
def _families() -> dict[str, Callable[[Ctx], Result]]:
    from bench._redteam_files import damaged, hostile_yaml, tampering
    from bench._redteam_serve import served

    return {
        "crash": crash_storm,
        "concurrency": concurrency,
        "damaged": damaged,
        "tampering": tampering,
        "yaml": hostile_yaml,
        "served": served,
    }


def table(results: list[Result]) -> str:
    lines = [f"{'family':13} {'tried':>6} {'failed':>6}  failure columns", "-" * 100]
    for r in results:
        cols = "  ".join(f"{k}={v}" for k, v in r.failures.items())
        lines.append(f"{r.family:13} {r.tried:6} {r.failed:6}  {cols}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    families = _families()
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="fewer rounds and shorter soaks")
    p.add_argument(
        "--family",
        action="append",
        choices=sorted(families),
        help="run only this family (repeatable)",
    )
    p.add_argument(
        "--seed", type=int, default=20261201, help="seed of the random kills and choices"
    )
    args = p.parse_args(argv)
    import random

    tmp = Path(tempfile.mkdtemp(prefix="ttx-redteam-"))
    atexit.register(_cleanup, tmp)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM):
        signal.signal(sig, lambda number, _frame: _abort(tmp, number))
    signal.alarm(DEADLINE)  # whatever happens, the run ends
    ctx = Ctx(tmp, args.quick, random.Random(args.seed))
    results = []
    started = time.monotonic()
    for name in args.family or list(families):
        t = time.monotonic()
        folder = tmp / name
        folder.mkdir()
        res = families[name](Ctx(folder, ctx.quick, random.Random(f"{args.seed}-{name}")))
        res.seconds = time.monotonic() - t
        kill_all()  # nothing of one family outlives it
        print(f"== {res.family} ({res.seconds:.1f} s)", flush=True)
        for f in res.figures:
            print(f"   {f}", flush=True)
        results.append(res)
    print(f"\nred team: {time.monotonic() - started:.0f} s in all\n")
    print(table(results))
    repros = [x for r in results for x in r.repros]
    if repros:
        print("\nreproductions:")
        for x in repros:
            print(f"- {x}")
    return 1 if any(r.failed for r in results) else 0


def _cleanup(tmp: Path) -> None:
    kill_all()
    shutil.rmtree(tmp, ignore_errors=True)


def _abort(tmp: Path, number: int) -> None:
    # Not sys.exit: a thread pool would first finish every queued run.
    why = (
        f"deadline of {DEADLINE} s passed"
        if number == signal.SIGALRM
        else signal.Signals(number).name
    )
    STOPPING.set()
    print(
        f"\nred team: stopped ({why}); children killed, {tmp} removed", file=sys.stderr, flush=True
    )
    for _ in range(3):  # worker threads may still be writing into it
        _cleanup(tmp)
        time.sleep(0.2)
    os._exit(1 if number == signal.SIGALRM else 130)


if __name__ == "__main__":
    sys.exit(main())
