"""Bot playthroughs: one durable session, or many in memory with a summary for authors."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from exercise.engine import commands as cmd
from exercise.engine.autoplay import MemoryDriver, play_all
from exercise.engine.queries import origin
from exercise.session.service import Session
from exercise.store.atomic import staged_session

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


def many_runs(
    world: dict, runs: int, seed: int = 0, progress: Callable[[int, int], object] | None = None
) -> dict:
    """Inject coverage, end-of-session indicator spread and end conditions over `runs` playthroughs.

    `progress(done, runs)`, when given, is called after each playthrough.
    """
    fired: Counter[str] = Counter()
    how: dict[str, Counter[str]] = {}
    finals: dict[str, list[int]] = {}
    ends: Counter[str] = Counter()
    early = 0
    turns_played: list[int] = []
    if runs < 1:
        raise ValueError("at least one run")
    for n in range(runs):
        state = one_run(world, seed + n).state
        for rel in state.releases:
            fired[rel.inject_id] += 1
            how.setdefault(rel.inject_id, Counter())[rel.how] += 1
        for k, v in state.indicators.items():
            finals.setdefault(k, []).append(v)
        for c in state.end_conditions:
            ends[c] += 1
        if state.turn < len(state.world.scenario.turns):
            early += 1
        turns_played.append(state.turn)
        if progress is not None:
            progress(n + 1, runs)
    sc = state.world.scenario
    injects = []
    for inj_id in sc.all_inject_ids():
        inj = state.world.injects[inj_id]
        kind = origin(sc, inj_id)
        injects.append(
            {
                "id": inj_id,
                "title": inj.title,
                "kind": kind,
                "manual_only": inj.manual or kind == "manual",
                "fired": fired[inj_id],
                "share": fired[inj_id] / runs if runs else 0.0,
                "counterfactual": inj.counterfactual,
            }
        )
    indicators = {}
    for ind in sc.indicators:
        vals = finals.get(ind.id, [ind.start])
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
    return {
        "scenario": sc.id,
        "runs": runs,
        "seed": seed,
        "ended_early": early,
        "mean_turns": round(statistics.fmean(turns_played), 2) if turns_played else 0,
        "injects": injects,
        "never_fired": [i["id"] for i in injects if i["fired"] == 0 and not i["manual_only"]],
        "indicators": indicators,
        "end_conditions": [
            {
                "id": e.id,
                "label": e.label,
                "met": ends[e.id],
                "share": ends[e.id] / runs if runs else 0.0,
                "ends_session": e.ends_session,
            }
            for e in sc.end_conditions
        ],
    }
