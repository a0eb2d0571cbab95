"""Bot playthroughs: one durable session, or many in memory with a summary for authors.

A sweep (`many_runs`) plays its seeds in this process or through any concurrent.futures
Executor: the seeds are cut into spans, each span is tallied where it runs, and the tallies are
merged in seed order, so the summary for a seed is the same whatever ran it. `sweep` is
`ttx simulate --runs --workers`: many_runs through a process pool of its own.
"""

from __future__ import annotations

import multiprocessing
import pickle
import signal
import statistics
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path

from exercise.engine import commands as cmd
from exercise.engine.autoplay import MemoryDriver, play_all
from exercise.engine.queries import origin
from exercise.engine.state import State
from exercise.engine.world import World, world_from_raw
from exercise.session.service import Session
from exercise.store.atomic import staged_session

SPAN_MIN, SPAN_MAX = 4, 25  # runs per task: enough to hide the hand-off, few enough to stop soon
IN_FLIGHT = 64  # spans handed to an executor at a time: every worker of a big machine kept busy
POLL = 0.1  # seconds between looks at the stop event while spans run

SIM_EPOCH = 1_767_225_600.0  # 2026-01-01T00:00:00Z: a fixed start so a seed's log is identical


class VirtualClock:
    """A deterministic clock for headless play: one second per reading."""

    def __init__(self, start: float = SIM_EPOCH):
        self.now = start

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def simulate_session(world: dict, seed: int, path: Path | str) -> Session:
    """Bots play a whole session into a new file at `path`, and it is opened.

    The file appears only once the session is played and closed (store.atomic.staged_session):
    a kill or a full disk leaves no half session that verifies. OSError (WriteFailed) when it
    cannot be written.
    """
    clock = VirtualClock()
    participants = tuple((r, "bot") for r in world["scenario"]["roles"])
    codes = tuple((r, f"SIM{i:03d}") for i, r in enumerate(world["scenario"]["roles"]))
    with staged_session(path) as temp:
        session = Session.create(
            temp, world, seed=seed, participants=participants, codes=codes, clock=clock
        )
        try:
            play_all(session)
        finally:
            session.close()
    return Session.open(path, clock)


def one_run(world: dict, seed: int) -> MemoryDriver:
    participants = tuple((r, "bot") for r in world["scenario"]["roles"])
    driver = MemoryDriver(cmd.StartSession(world, seed, participants))
    play_all(driver)
    return driver


def _pct(values: list[int], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


class Tally:
    """What a summary needs of each playthrough, kept in seed order; a tally of the seeds that
    follow merges onto the end, so spans tallied apart add up to the tally of them all."""

    def __init__(self) -> None:
        self.fired: Counter[str] = Counter()
        self.finals: dict[str, list[int]] = {}
        self.ends: Counter[str] = Counter()
        self.early = 0
        self.turns: list[int] = []
        self.picks: Counter[str] = Counter()  # "inject/role/option" chosen
        self.covert: Counter[str] = Counter()  # "inject/option" made, and "... found"

    def add(self, state: State) -> None:
        for d in state.decisions.values():
            if d.inject_id and d.option_id and not d.withdrawn:
                self.picks[f"{d.inject_id}/{d.role}/{d.option_id}"] += 1
        for move in state.covert.values():
            key = f"{move.inject_id}/{move.option_id}"
            self.covert[key] += 1
            if not move.hidden:
                self.covert[key + " found"] += 1
        for rel in state.releases:
            self.fired[rel.inject_id] += 1
        for k, v in state.indicators.items():
            self.finals.setdefault(k, []).append(v)
        for c in state.end_conditions:
            self.ends[c] += 1
        if state.turn < len(state.world.scenario.turns):
            self.early += 1
        self.turns.append(state.turn)

    def merge(self, later: Tally) -> None:
        self.fired.update(later.fired)
        for k, vals in later.finals.items():
            self.finals.setdefault(k, []).extend(vals)
        self.ends.update(later.ends)
        self.early += later.early
        self.turns.extend(later.turns)
        self.picks.update(later.picks)
        self.covert.update(later.covert)


def tally_span(world: dict, first_seed: int, count: int) -> Tally:
    tally = Tally()
    for seed in range(first_seed, first_seed + count):
        tally.add(one_run(world, seed).state)
    return tally


def spans(runs: int, seed: int = 0) -> list[tuple[int, int]]:
    """(first seed, count) per task of a pooled sweep: about 64 for a small sweep, more of
    SPAN_MAX runs each for a big one."""
    size = max(SPAN_MIN, min(SPAN_MAX, runs // 64))
    return [(seed + n, min(size, runs - n)) for n in range(0, runs, size)]


def many_runs(
    world: dict,
    runs: int,
    seed: int = 0,
    progress: Callable[[int, int], object] | None = None,
    executor: Executor | None = None,
    stop: threading.Event | None = None,
) -> dict:
    """Inject coverage, end-of-session indicator spread and end conditions over `runs` playthroughs.

    Played here, or through `executor` when given (which this leaves running). `progress(done,
    runs)`, when given, is called after each playthrough here, after each span through one.
    Through an executor, `stop` being set ends the sweep with KeyboardInterrupt (see sweep).
    """
    if runs < 1:
        raise ValueError("at least one run")
    if executor is not None:
        tally = _pooled(executor, world, spans(runs, seed), progress, stop)
    else:
        tally = Tally()
        for n in range(runs):
            tally.add(one_run(world, seed + n).state)
            if progress is not None:
                progress(n + 1, runs)
    return summarise(world_from_raw(world), tally, runs, seed)


def _pooled(
    executor: Executor,
    world: dict,
    todo: list[tuple[int, int]],
    progress: Callable[[int, int], object] | None,
    stop: threading.Event | None,
) -> Tally:
    # Pickled once here, not once per task; a worker unpickles it once and keeps it, so its
    # world model is built once however many spans it plays (_tally_shipped).
    blob = pickle.dumps(world, pickle.HIGHEST_PROTOCOL)
    runs = sum(count for _, count in todo)
    parts: list[Tally | None] = [None] * len(todo)
    running: dict[Future[Tally], int] = {}
    done = queued = 0
    try:
        while queued < len(todo) or running:
            # A window of spans in flight, not all of them: each wait looks at every one.
            while queued < len(todo) and len(running) < IN_FLIGHT:
                running[executor.submit(_tally_shipped, blob, *todo[queued])] = queued
                queued += 1
            finished, _ = wait(running, POLL if stop is not None else None, FIRST_COMPLETED)
            for future in finished:
                i = running.pop(future)
                parts[i] = future.result()
                done += todo[i][1]
                if progress is not None:
                    progress(done, runs)
            if stop is not None and stop.is_set():
                raise KeyboardInterrupt
    finally:
        # Stopped (Ctrl-C, a worker lost): what has not started never will; the owner's shutdown
        # then waits only for the spans already running.
        for future in running:
            future.cancel()
    tally = Tally()
    for part in parts:
        assert part is not None  # every span was waited for
        tally.merge(part)
    return tally


_SHIPPED: dict[bytes, dict] = {}


def _tally_shipped(blob: bytes, first_seed: int, count: int) -> Tally:
    world = _SHIPPED.get(blob)
    if world is None:
        _SHIPPED.clear()  # one sweep at a time per worker: the last world is the one to keep
        world = _SHIPPED[blob] = pickle.loads(blob)
    return tally_span(world, first_seed, count)


def sweep(
    world: dict,
    runs: int,
    seed: int = 0,
    workers: int = 1,
    progress: Callable[[int, int], object] | None = None,
) -> dict:
    """many_runs on `workers` processes, or in this one when one is asked for or there is only
    one span to play: the same summary either way. Ctrl-C stops it with KeyboardInterrupt once
    the spans running have ended, with no worker left behind."""
    workers = min(workers, len(spans(runs, seed)))
    if workers <= 1:
        return many_runs(world, runs, seed, progress)
    with _ctrl_c_deferred() as stop, process_pool(workers) as pool:
        return many_runs(world, runs, seed, progress, pool, stop)


@contextmanager
def _ctrl_c_deferred() -> Iterator[threading.Event]:
    """Ctrl-C sets the event instead of raising wherever this thread happens to be.

    A KeyboardInterrupt raised inside concurrent.futures can leave a future's lock held (it
    takes every waited future's lock in turn), and the pool's shutdown then waits forever.
    """
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop  # only the main thread gets signals, or may set their handlers
        return
    previous = signal.signal(signal.SIGINT, lambda _sig, _frame: stop.set())
    try:
        yield stop
    finally:
        # None: a handler set from outside Python, which the default stands in for.
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
    if stop.is_set():
        raise KeyboardInterrupt  # it came as the sweep ended: still the user's stop


@contextmanager
def process_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """Worker processes that leave Ctrl-C to this one; on the way out, however it is left, what
    has not started is dropped and the workers are waited for, so none outlives this process."""
    # fork starts a worker at once with every module loaded, but only a process with no other
    # thread (the command line) may fork safely; elsewhere a fork server, which costs an import.
    fork = sys.platform == "linux" and threading.active_count() == 1
    method = "fork" if fork else "forkserver"
    if method not in multiprocessing.get_all_start_methods():
        method = "spawn"
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context(method), initializer=_worker_starts
    )
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_starts() -> None:
    # Ctrl-C in a terminal reaches its whole process group; only the parent acts on it, by
    # dropping the spans not started and waiting for those running (a fraction of a second).
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def summarise(world: World, tally: Tally, runs: int, seed: int) -> dict:
    sc = world.scenario
    injects = []
    listed = set(sc.all_inject_ids())
    for inj_id, inj in world.injects.items():  # the scenario's, then its discovery injects
        kind = origin(sc, inj_id) if inj_id in listed else "discovery"
        injects.append(
            {
                "id": inj_id,
                "title": inj.title,
                "kind": kind,
                "manual_only": inj.manual or kind == "manual",
                "fired": tally.fired[inj_id],
                "share": tally.fired[inj_id] / runs if runs else 0.0,
                "counterfactual": inj.counterfactual,
            }
        )
    return {
        "scenario": sc.id,
        "runs": runs,
        "seed": seed,
        "ended_early": tally.early,
        "mean_turns": round(statistics.fmean(tally.turns), 2) if tally.turns else 0,
        "injects": injects,
        "never_fired": [i["id"] for i in injects if i["fired"] == 0 and not i["manual_only"]],
        "indicators": _spread(world, tally),
        "choices": dict(sorted(tally.picks.items())),
        "covert": dict(sorted(tally.covert.items())),
        "end_conditions": [
            {
                "id": e.id,
                "label": e.label,
                "met": tally.ends[e.id],
                "share": tally.ends[e.id] / runs if runs else 0.0,
                "ends_session": e.ends_session,
            }
            for e in sc.end_conditions
        ],
    }


def _spread(world: World, tally: Tally) -> dict:
    indicators = {}
    for ind in world.scenario.indicators:
        vals = tally.finals.get(ind.id, [ind.start])
        indicators[ind.id] = {
            "label": ind.label,
            "start": ind.start,
            "min": min(vals),
            "max": max(vals),
            "mean": round(statistics.fmean(vals), 2),
            "p10": _pct(vals, 0.1),
            "median": _pct(vals, 0.5),
            "p90": _pct(vals, 0.9),
            "histogram": dict(sorted(Counter(vals).items())),
        }
    return indicators
