"""`ttx balance`: is a scenario a game, or a script with free moves? The figures an author needs.

Per decision point (an inject and a role asked to decide on it, with at least two options open
to that role) the options are ranked on the role's scorecard (engine/scorecard.py); an option at
least as good on every one of the role's indicators and better overall than every other is
dominant, and choosing it is no dilemma. Bot sweeps (session/simulate.py) add how often each
option was chosen, where indicators end, how often each end condition holds, and how covert
moves fared. Thresholds are the design targets of issue 13; `--strict` fails on any broken.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from exercise.content.lints import condition_flags
from exercise.content.model import Inject, Option
from exercise.engine.queries import origin
from exercise.engine.scorecard import components, option_worth, stances
from exercise.engine.world import World

MAX_DOMINANT = 0.10  # share of decision points with a dominant option
MAX_HISTORY_TOP = 0.60  # share of historical choices that are a top scorer
MAX_AT_BOUND = 0.30  # share of runs in which an indicator ends at its min or its max
MIN_OPTION_RATIO = 2 / 3  # a role's options against the best-provided role's
EPS = 1e-9


@dataclass(frozen=True)
class Ranked:
    option: str
    label: str
    worth: float
    picked: int  # times bots chose it
    covert: bool
    dominated_by: tuple[str, ...]  # options at least as good on every indicator, better overall


@dataclass(frozen=True)
class Point:
    inject: str
    role: str
    how: str  # scheduled | triggered | deck | manual | discovery
    turn: int  # scheduled turn; 0 when it depends on the play
    options: tuple[Ranked, ...]  # best first
    dominant: str  # "" when there is none
    historical: tuple[str, ...]  # the options the real actor's choice maps to
    historical_top: bool | None  # None when the inject says nothing of history for this role


@dataclass(frozen=True)
class Check:
    name: str
    value: str
    target: str
    ok: bool
    detail: str = ""


@dataclass(frozen=True)
class Balance:
    scenario: str
    runs: int
    points: tuple[Point, ...]
    unread_flags: tuple[tuple[str, str], ...]  # (flag, inject/option that sets it)
    at_bounds: dict[str, tuple[float, float]]  # indicator -> (share at min, share at max)
    end_rates: dict[str, float]
    options_per_role: dict[str, int]
    no_decision: tuple[tuple[str, int], ...]  # (role, turn) with nothing to decide
    never_picked: tuple[str, ...]  # inject/role/option
    covert: dict[str, tuple[int, int]]  # inject/option -> (made, found)
    checks: tuple[Check, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)


def decision_points(world: World, picks: dict[str, int]) -> list[Point]:
    sc = world.scenario
    points = []
    for inj_id in world.injects:  # the scenario's own, then its discovery injects
        inj = world.injects[inj_id]
        how = origin(sc, inj_id) if inj_id in sc.all_inject_ids() else "discovery"
        turn = next((t for t, ids in sc.schedule if inj_id in ids), 0)
        for role in inj.deciders_in(world.played):
            open_ = [o for o in inj.options if o.allowed_for(role)]
            if len(open_) >= 2:
                points.append(_point(world, inj, role, open_, how, turn, picks))
    return points


def _point(
    world: World,
    inj: Inject,
    role: str,
    options: list[Option],
    how: str,
    turn: int,
    picks: dict[str, int],
) -> Point:
    sc = world.scenario
    # A scheduled move can only be rolled for in the turns after its own; elsewhere, in all.
    left = len(sc.turns) - turn if turn else None
    parts = {o.id: components(sc, role, o, left) for o in options}
    worths = {o.id: option_worth(sc, role, o, turns_left=left) for o in options}
    ranked = sorted(
        (
            Ranked(
                o.id,
                o.label,
                round(worths[o.id], 3),
                picks.get(f"{inj.id}/{role}/{o.id}", 0),
                o.covert is not None,
                tuple(p.id for p in options if _dominates(parts[p.id], parts[o.id])),
            )
            for o in options
        ),
        key=lambda r: -r.worth,
    )
    dominant = next(
        (r.option for r in ranked if len(_beaten(r.option, ranked)) == len(ranked) - 1), ""
    )
    historical = tuple(o for e in inj.expected if e.role == role for o in e.options)
    top = max(worths.values())
    history_top = any(worths.get(o, -1e9) >= top - EPS for o in historical) if historical else None
    return Point(inj.id, role, how, turn, tuple(ranked), dominant, historical, history_top)


def _beaten(option: str, ranked: list[Ranked]) -> list[str]:
    return [r.option for r in ranked if option in r.dominated_by]


def _dominates(a: dict[str, float], b: dict[str, float]) -> bool:
    """a is at least as good as b on every indicator and better on one."""
    return all(a[k] >= b[k] - EPS for k in a) and any(a[k] > b[k] + EPS for k in a)


def flag_uses(world: World) -> tuple[dict[str, str], set[str]]:
    """Flags set (flag -> the first inject/option setting it) and flags read, in the world."""
    sets: dict[str, str] = {}
    read: set[str] = set()
    for inj_id in world.injects:  # the scenario's own, then its discovery injects
        inj = world.injects[inj_id]
        for o in inj.options:
            for f in o.flags_set():
                sets.setdefault(f, f"{inj.id}/{o.id}")
            read |= condition_flags(o.conditions())
        if inj.trigger is not None and inj_id in world.scenario.triggered:
            read |= condition_flags(inj.trigger.when)
    for end in world.scenario.end_conditions:
        read |= condition_flags(end.when)
    return sets, read


def options_per_role(world: World) -> dict[str, int]:
    counts = dict.fromkeys(world.played, 0)
    for inj_id in world.injects:  # the scenario's own, then its discovery injects
        inj = world.injects[inj_id]
        for role in inj.deciders_in(world.played):
            counts[role] += sum(1 for o in inj.options if o.allowed_for(role))
    return counts


def turns_without_decision(world: World) -> list[tuple[str, int]]:
    """(role, turn) where no scheduled inject of the turn asks the role to decide."""
    missing = []
    for turn in world.scenario.turns:
        deciding = {
            r
            for i in world.scenario.scheduled_for(turn.number)
            for r in world.injects[i].deciders_in(world.played)
            if any(o.allowed_for(r) for o in world.injects[i].options)
        }
        missing += [(r, turn.number) for r in world.played if r not in deciding]
    return missing


def analyse(world: World, summary: dict) -> Balance:
    """The balance of `world`'s scenario, from its content and a sweep's summary."""
    picks = summary.get("choices", {})
    runs = summary["runs"]
    points = decision_points(world, picks)
    sets, read = flag_uses(world)
    bounds = {}
    for ind in world.scenario.indicators:
        hist = {int(k): v for k, v in summary["indicators"][ind.id]["histogram"].items()}
        bounds[ind.id] = (hist.get(ind.min, 0) / runs, hist.get(ind.max, 0) / runs)
    covert: dict[str, tuple[int, int]] = {}
    for key, n in summary.get("covert", {}).items():
        base = key.removesuffix(" found")
        made, found = covert.get(base, (0, 0))
        covert[base] = (made, n) if key.endswith(" found") else (n, found)
    balance = Balance(
        world.scenario.id,
        runs,
        tuple(points),
        tuple(sorted((f, where) for f, where in sets.items() if f not in read)),
        bounds,
        {e["id"]: e["share"] for e in summary["end_conditions"]},
        options_per_role(world),
        tuple(turns_without_decision(world)),
        tuple(
            f"{p.inject}/{p.role}/{r.option}"
            for p in points
            if p.how == "scheduled"
            for r in p.options
            if not r.picked
        ),
        covert,
    )
    return Balance(**{**balance.__dict__, "checks": tuple(_checks(world, balance))})


def _share(n: int, total: int) -> str:
    return f"{n}/{total} ({100 * n / total:.0f}%)" if total else "0/0"


def _checks(world: World, b: Balance) -> list[Check]:
    points = len(b.points)
    dominant = [p for p in b.points if p.dominant]
    cases = [p for p in b.points if p.historical_top is not None]
    tops = [p for p in cases if p.historical_top]
    worst = max(((max(lo, hi), ind) for ind, (lo, hi) in b.at_bounds.items()), default=(0.0, ""))
    most = max(b.options_per_role.values(), default=0)
    fewest = min(b.options_per_role.items(), key=lambda kv: kv[1], default=("", 0))
    checks = [
        Check(
            "dominant options",
            _share(len(dominant), points),
            f"<= {MAX_DOMINANT:.0%}",
            len(dominant) <= MAX_DOMINANT * points,
            ", ".join(f"{p.inject}/{p.role}: {p.dominant}" for p in dominant[:6]),
        ),
        Check(
            "history is a top scorer",
            _share(len(tops), len(cases)),
            f"<= {MAX_HISTORY_TOP:.0%}",
            len(tops) <= MAX_HISTORY_TOP * len(cases),
        ),
        Check(
            "flags set, never read",
            str(len(b.unread_flags)),
            "0",
            not b.unread_flags,
            ", ".join(f for f, _ in b.unread_flags[:8]),
        ),
        Check(
            "indicator ends at a bound",
            f"{worst[0]:.0%} ({worst[1]})" if worst[1] else "0%",
            f"<= {MAX_AT_BOUND:.0%} of runs",
            worst[0] <= MAX_AT_BOUND,
        ),
        Check(
            "every role decides every turn",
            "yes" if not b.no_decision else f"{len(b.no_decision)} gaps",
            "yes",
            not b.no_decision,
            ", ".join(f"{r} in turn {t}" for r, t in b.no_decision[:8]),
        ),
        Check(
            "options of the least-served role",
            f"{fewest[1]} ({fewest[0]}) of {most}",
            f">= {MIN_OPTION_RATIO:.0%} of the most",
            fewest[1] >= MIN_OPTION_RATIO * most,
        ),
    ]
    for end in world.scenario.end_conditions:
        if end.at_most is not None:
            rate = b.end_rates.get(end.id, 0.0)
            checks.append(
                Check(f"end: {end.id}", f"{rate:.0%}", f"<= {end.at_most:.0%}", rate <= end.at_most)
            )
    return checks


def stance_line(world: World, role: str) -> str:
    """A role's scorecard in a few words: what it wants up (+) and down (-)."""
    parts = [f"{'+' if w > 0 else '-'}{ind}" for ind, w in stances(world.scenario, role).items()]
    return " ".join(parts) or "nothing on the board"
