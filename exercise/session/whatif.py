"""The roads not taken: at a team's decision, bots play the rest of the session on from there,
many times for each option the team could have chosen and for the one it did.

Each road starts from the state just before the event that set the team's choice (its
submission, or its last amendment), replayed from the log in memory: no session file is written.
The team's choice is replaced by the option, every role is handed to a bot, and the session is
played to its end. A run's randomness is the engine's seeded RNG under a seed of its own, derived
from nothing but the session's seed, the decision, the option and the run's index (`run_seed`),
so a result is the same whatever plays the runs and in whatever order.

Runs are played here, or through any concurrent.futures Executor (a process pool of our own for
`ttx whatif --workers`, or a cluster's), in spans; each span's outcomes come back in run order.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass
from pathlib import Path

from exercise.engine import commands as cmd
from exercise.engine import events as ev
from exercise.engine.autoplay import bots_decide, play_all
from exercise.engine.decide import decide
from exercise.engine.evolve import evolve
from exercise.engine.rules import available
from exercise.engine.state import UNSTARTED, State, Unstarted, copied
from exercise.engine.view import team_name
from exercise.session.service import _fold as fold_rows  # the one fold of a log, errors named
from exercise.session.simulate import IN_FLIGHT, POLL, SPAN_MAX, SPAN_MIN, process_pool
from exercise.session.simulate import _ctrl_c_deferred as ctrl_c_deferred
from exercise.session.whatif_summary import Outcome, alternative, outcome
from exercise.session.whatif_types import (
    FORMAT,
    VERSION,
    DecisionRoads,
    EndInfo,
    IndicatorInfo,
    Lineage,
    SessionRef,
    Skipped,
    WhatIf,
)
from exercise.store import SessionLog

SEED_RULE = (
    "seed = the first 16 hex digits of sha256('ttx-whatif:SESSION_SEED:DECISION:OPTION:RUN'), "
    "as a number; RUN counts from 0 for each option"
)


def run_seed(session_seed: int, decision: str, option: str, run: int) -> int:
    text = f"ttx-whatif:{session_seed}:{decision}:{option}:{run}"
    return int(hashlib.sha256(text.encode()).hexdigest()[:16], 16)


@dataclass(frozen=True)
class Played:
    """A session as read for the analysis: its events in order, and where the log ended."""

    file: str
    seqs: tuple[int, ...]
    events: tuple[ev.Event, ...]
    state: State
    head: str  # "SEQ:HASH" of the last event


def read_played(path: Path | str) -> Played:
    """The session at `path`, read once and never written. NotASession for a file that is not
    a session, SessionFileError for one that cannot be read (both name the file)."""
    with SessionLog(path, readonly=True) as log, log.reading():
        rows = list(log.rows())
        state, events = fold_rows(UNSTARTED, rows, log.path)
    return Played(
        Path(path).name,
        tuple(r.seq for r in rows),
        tuple(events),
        state,
        f"{rows[-1].seq}:{rows[-1].hash}",
    )


@dataclass(frozen=True)
class Fork:
    """A team's decision with roads to play: the options open to it where it decided."""

    decision: str
    seq: int  # the event that set its choice: the roads start just before it
    seqs: tuple[int, ...]  # every event that submitted or amended it (since any withdrawal)
    turn: int
    role: str
    inject: str
    chosen: str
    options: tuple[str, ...]  # the inject's, open to the role and on offer then
    amend: bool  # its choice was set by an amendment: each option is played as one


def forks(played: Played) -> tuple[list[Fork], list[Skipped]]:
    """Every decision that stands at the end, in the order its choice was set: those with roads
    to play, and those without (free actions, a single option open)."""
    setting: dict[str, list[tuple[int, bool]]] = {}  # decision -> (seq, an amendment?)
    for seq, e in zip(played.seqs, played.events, strict=True):
        if isinstance(e, ev.DecisionSubmitted):
            setting[e.decision_id] = [(seq, False)]
        elif isinstance(e, ev.DecisionAmended) and e.decision_id in setting:
            setting[e.decision_id].append((seq, True))
    standing = [
        d for d in played.state.decisions.values() if not d.withdrawn and d.decision_id in setting
    ]
    standing.sort(key=lambda d: setting[d.decision_id][-1][0])
    states = states_before(
        played.seqs, played.events, [setting[d.decision_id][-1][0] for d in standing]
    )
    found, skipped = [], []
    for d in standing:
        seq, amend = setting[d.decision_id][-1]
        if d.inject_id is None or d.option_id is None:
            skipped.append(Skipped(d.decision_id, seq, "a free action: no options to play instead"))
            continue
        base = states[seq]
        inj = base.world.injects[d.inject_id]
        options = tuple(o.id for o in inj.options if o.allowed_for(d.role) and available(base, o))
        if d.option_id not in options:  # a log from another version's rules: nothing to replace
            skipped.append(Skipped(d.decision_id, seq, "its option was not on offer there"))
        elif len(options) < 2:
            reason = f"only one option was open to {team_name(d.role)}"
            skipped.append(Skipped(d.decision_id, seq, reason))
        else:
            seqs = tuple(s for s, _ in setting[d.decision_id])
            found.append(
                Fork(
                    d.decision_id,
                    seq,
                    seqs,
                    d.turn,
                    d.role,
                    d.inject_id,
                    d.option_id,
                    options,
                    amend,
                )
            )
    return found, skipped


def states_before(
    seqs: Sequence[int], events: Sequence[ev.Event], wanted: Sequence[int]
) -> dict[int, State]:
    """The state just before each event of `wanted`, in one pass over the log."""
    targets = set(wanted)
    out: dict[int, State] = {}
    state: State | Unstarted = UNSTARTED
    for seq, e in zip(seqs, events, strict=True):
        if seq in targets and isinstance(state, State):
            out[seq] = state
        state = evolve(state, e)
    return out


class Branch:
    """autoplay's in-memory driver, started from any state instead of a session's start."""

    def __init__(self, state: State):
        self.state = state

    def execute(self, command) -> list:
        events = self._execute_one(command)
        return events + bots_decide(lambda: self.state, self._execute_one)

    def _execute_one(self, command) -> list:
        events = decide(self.state, command)
        for e in events:
            self.state = evolve(self.state, e)
        return events


def road(base: State, fork: Fork, option: str, seed: int) -> Branch:
    """Where a road starts: `option` in place of the team's choice, under `seed`, and every role
    handed to a bot."""
    branch = Branch(copied(base, seed=seed))
    why = "roads not taken: an option played in its place"
    if fork.amend:
        branch.execute(cmd.AmendDecision(fork.role, fork.inject, option, rationale=why))
    else:
        branch.execute(cmd.SubmitDecision(fork.role, fork.inject, option, rationale=why))
    for role, mode in base.participants.items():
        if mode != "bot" and not branch.state.ended:
            branch.execute(cmd.SetParticipant(role, "bot"))
    return branch


def play_road(base: State, fork: Fork, option: str, seed: int) -> Outcome:
    """One playthrough: the road of `option`, played by bots to the session's end."""
    branch = road(base, fork, option, seed)
    play_all(branch)
    return outcome(branch.state, fork.turn)


def play_span(
    base: State, fork: Fork, option: str, first: int, count: int, session_seed: int
) -> list[Outcome]:
    return [
        play_road(base, fork, option, run_seed(session_seed, fork.decision, option, run))
        for run in range(first, first + count)
    ]


@dataclass(frozen=True)
class Task:
    fork: int  # index into the forks played
    option: str
    first: int  # run index
    count: int


def tasks(chosen: Sequence[Fork], runs: int) -> list[Task]:
    """The spans to play, fork by fork, option by option: about 64 for a small analysis, more
    of SPAN_MAX runs for a big one, never a span across two options."""
    total = runs * sum(len(f.options) for f in chosen)
    size = max(SPAN_MIN, min(SPAN_MAX, -(-total // 64)))
    return [
        Task(i, option, first, min(size, runs - first))
        for i, f in enumerate(chosen)
        for option in f.options
        for first in range(0, runs, size)
    ]


def roads_not_taken(
    played: Played,
    chosen: Sequence[Fork],
    skipped: Sequence[Skipped],
    runs: int,
    progress: Callable[[int, int], object] | None = None,
    executor: Executor | None = None,
    stop: threading.Event | None = None,
) -> WhatIf:
    """`runs` playthroughs of every option of each fork in `chosen`, here or through `executor`
    (left running). `progress(done, total)` after each span; `stop` set ends a pooled analysis
    with KeyboardInterrupt."""
    if runs < 1:
        raise ValueError("at least one run")
    todo = tasks(chosen, runs)
    states = states_before(played.seqs, played.events, [f.seq for f in chosen])
    if executor is None:
        parts = []
        done, total = 0, sum(t.count for t in todo)
        for t in todo:
            fork = chosen[t.fork]
            parts.append(
                play_span(states[fork.seq], fork, t.option, t.first, t.count, played.state.seed)
            )
            done += t.count
            if progress is not None:
                progress(done, total)
    else:
        parts = _pooled(executor, played, chosen, todo, progress, stop)
    outcomes: dict[tuple[int, str], list[Outcome]] = {}
    for t, part in zip(todo, parts, strict=True):
        outcomes.setdefault((t.fork, t.option), []).extend(part)
    return _result(played, chosen, skipped, runs, states, outcomes)


def _pooled(
    executor: Executor,
    played: Played,
    chosen: Sequence[Fork],
    todo: list[Task],
    progress: Callable[[int, int], object] | None,
    stop: threading.Event | None,
) -> list[list[Outcome]]:
    # The log is pickled once here; a worker unpickles it once and keeps the states it replays
    # to (_play_shipped), however many spans it is given.
    blob = pickle.dumps(
        (played.seqs, played.events, tuple(f.seq for f in chosen)), pickle.HIGHEST_PROTOCOL
    )
    total = sum(t.count for t in todo)
    parts: list[list[Outcome] | None] = [None] * len(todo)
    running: dict[Future[list[Outcome]], int] = {}
    done = queued = 0
    seed = played.state.seed
    try:
        while queued < len(todo) or running:
            while queued < len(todo) and len(running) < IN_FLIGHT:
                t = todo[queued]
                job = executor.submit(
                    _play_shipped, blob, chosen[t.fork], t.option, t.first, t.count, seed
                )
                running[job] = queued
                queued += 1
            finished, _ = wait(running, POLL if stop is not None else None, FIRST_COMPLETED)
            for future in finished:
                i = running.pop(future)
                parts[i] = future.result()
                done += todo[i].count
                if progress is not None:
                    progress(done, total)
            if stop is not None and stop.is_set():
                raise KeyboardInterrupt
    finally:
        for future in running:  # stopped: what has not started never will
            future.cancel()
    return [p for p in parts if p is not None]


_SHIPPED: dict[bytes, dict[int, State]] = {}


def _play_shipped(
    blob: bytes, fork: Fork, option: str, first: int, count: int, session_seed: int
) -> list[Outcome]:
    states = _SHIPPED.get(blob)
    if states is None:
        _SHIPPED.clear()  # one analysis at a time per worker: the last log is the one to keep
        states = _SHIPPED[blob] = states_before(*pickle.loads(blob))
    return play_span(states[fork.seq], fork, option, first, count, session_seed)


def _result(
    played: Played,
    chosen: Sequence[Fork],
    skipped: Sequence[Skipped],
    runs: int,
    states: dict[int, State],
    outcomes: dict[tuple[int, str], list[Outcome]],
) -> WhatIf:
    state = played.state
    sc = state.scenario
    ends = tuple(EndInfo(e.id, e.label, e.ends_session) for e in sc.end_conditions)
    decisions = tuple(
        _decision(
            state.seed,
            fork,
            states[fork.seq],
            runs,
            ends,
            {o: outcomes[(i, o)] for o in fork.options},
        )
        for i, fork in enumerate(chosen)
    )
    return WhatIf(
        format=FORMAT,
        version=VERSION,
        session=SessionRef(
            file=played.file,
            scenario=sc.id,
            seed=state.seed,
            events=state.seq,
            head=played.head,
            ended=state.ended,
            final=dict(state.indicators),
            end_conditions=tuple(state.end_conditions),
        ),
        runs=runs,
        lineage=Lineage(state.seed, SEED_RULE),
        indicators=tuple(IndicatorInfo(i.id, i.label, i.min, i.max) for i in sc.indicators),
        end_conditions=ends,
        decisions=decisions,
        skipped=tuple(skipped),
    )


def _decision(
    session_seed: int,
    fork: Fork,
    base: State,
    runs: int,
    ends: tuple[EndInfo, ...],
    outcomes: dict[str, list[Outcome]],
) -> DecisionRoads:
    """A fork's roads: each option's outcomes (in run order), summarised."""
    inj = base.world.injects[fork.inject]
    ids = tuple(i.id for i in base.scenario.indicators)
    alternatives = []
    for option in fork.options:
        opt = inj.option(option)
        alternatives.append(
            alternative(
                option=option,
                label=opt.label if opt else option,
                chosen=option == fork.chosen,
                seeds=tuple(run_seed(session_seed, fork.decision, option, n) for n in range(runs)),
                outcomes=outcomes[option],
                indicator_ids=ids,
                ends=ends,
                from_turn=fork.turn,
                last_turn=len(base.scenario.turns),
            )
        )
    return DecisionRoads(
        decision=fork.decision,
        seq=fork.seq,
        turn=fork.turn,
        role=fork.role,
        inject=fork.inject,
        inject_title=inj.title,
        chosen=fork.chosen,
        at_decision=dict(base.indicators),
        alternatives=tuple(alternatives),
    )


def whatif(
    played: Played,
    chosen: Sequence[Fork],
    skipped: Sequence[Skipped],
    runs: int,
    workers: int = 1,
    progress: Callable[[int, int], object] | None = None,
) -> WhatIf:
    """roads_not_taken on `workers` processes, or here when one is asked for or there is only
    one span to play: the same result either way. Ctrl-C stops it with KeyboardInterrupt once
    the spans running have ended, with no worker left behind."""
    workers = min(workers, len(tasks(chosen, runs)))
    if workers <= 1:
        return roads_not_taken(played, chosen, skipped, runs, progress)
    with ctrl_c_deferred() as stop, process_pool(workers) as pool:
        return roads_not_taken(played, chosen, skipped, runs, progress, pool, stop)
