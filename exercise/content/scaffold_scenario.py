"""`ttx new scenario`: its roles, a period and turns spread over it, phases that add up to its
minutes, and the indicators the root's scenarios share (named by id when indicators/ defines
them)."""

from __future__ import annotations

from pathlib import Path

from exercise.content.dates import first_day, last_day, within
from exercise.content.model import Indicator, Scenario
from exercise.content.scaffold import (
    NewFile,
    Root,
    ScaffoldError,
    check_date,
    check_free,
    check_id,
    check_roles,
    finish,
    header,
    open_root,
    optional_keys,
)
from exercise.content.scaffold_yaml import Block, Field, Flow, Mapping, Quoted, Rows, described

MAX_TURNS = 24
# The phases of the shipped scenarios: 35 minutes a turn.
PHASES = (("Brief", 5), ("Deliberate", 15), ("Decide", 5), ("Adjudicate", 10))
OPENING_AND_HOT_WASH = 20  # minutes of a session outside its turns


def new_scenario(
    root_dir: Path,
    ident: str,
    *,
    roles: tuple[str, ...] = (),
    turns: int = 2,
    period: str | None = None,
) -> NewFile:
    check_id(ident)
    root = open_root(root_dir)
    target = root_dir / "scenarios" / f"{ident}.yaml"
    check_free(root, "scenario", ident, target)
    roles = roles or _default_roles(root)
    check_roles(root, "--roles", roles, None)
    if not 1 <= turns <= MAX_TURNS:
        raise ScaffoldError(f"--turns {turns}: between 1 and {MAX_TURNS}")
    start, end = _period(root, period)
    fields = [
        Field("kind", "scenario", described("scenario", "kind")),
        Field("id", ident, described("scenario", "id")),
        Field(
            "title", "REPLACE: the scenario's title", described("scenario", "title", "REPLACE it.")
        ),
        Field(
            "period",
            Mapping(
                (
                    Field("start", Quoted(start), described("scenario", "period.start")),
                    Field("end", Quoted(end), described("scenario", "period.end")),
                )
            ),
            described("scenario", "period"),
        ),
        *_timing(turns),
        Field("roles", Flow(roles), described("scenario", "roles")),
        Field("turns", _turns(spread_dates(start, end, turns)), described("scenario", "turns")),
        Field("phases", _phases(), described("scenario", "phases")),
        Field("indicators", _indicators(root), described("scenario", "indicators")),
        Field("schedule", _schedule(turns), described("scenario", "schedule", _SCHEDULE_NOTE)),
    ]
    steps = [
        f"rewrite every REPLACE in {target}",
        f"write its injects with `ttx new inject ID --scenario {ident} --turn N` and list them "
        "in its schedule; until then `ttx validate` warns of each turn that gives a played role "
        "no private inject",
    ]
    text_header = header("scenario", optional_keys("scenario"))
    return finish(root, "scenario", ident, target, text_header, fields, steps)


_SCHEDULE_NOTE = (
    "REPLACE the empty lists with inject ids: every played role should get at least one private "
    "inject each turn (`ttx validate` warns of a turn that gives one none)."
)


def _default_roles(root: Root) -> tuple[str, ...]:
    """The played roles, in the order the root's first scenario lists them."""
    first = min(root.lib.scenarios.values(), key=lambda s: s.id, default=None)
    order = [r for r in (first.roles if first else ()) if r in root.played]
    order += [r for r in root.played if r not in order]
    if not order:
        raise ScaffoldError(
            f"--roles: the root {root.path} has no played role; write one with `ttx new role`"
        )
    return tuple(order)


def _period(root: Root, period: str | None) -> tuple[str, str]:
    if period is None:
        first = min(root.lib.scenarios.values(), key=lambda s: first_day(s.period[0]), default=None)
        if first is None:
            raise ScaffoldError(
                "--period: the root has no scenario to take a period from; give "
                "--period START..END (e.g. 2015-09..2016-03)"
            )
        return first.period
    start, sep, end = period.partition("..")
    if not sep:
        raise ScaffoldError(f"--period {period}: write it START..END, e.g. 2015-09..2016-03")
    check_date("--period", start)
    check_date("--period", end)
    if last_day(end) < first_day(start):
        raise ScaffoldError(f"--period {period}: it ends before it starts")
    return start, end


def _timing(turns: int) -> list[Field]:
    per_turn = sum(minutes for _, minutes in PHASES)
    total = per_turn * turns + OPENING_AND_HOT_WASH
    note = (
        f"{turns} turn{'s' if turns != 1 else ''} of {per_turn} minutes (the phases below), plus "
        f"{OPENING_AND_HOT_WASH} for the opening brief and the hot wash."
    )
    readme = (
        "REPLACE: for the facilitator. What the scenario teaches and to whom; its timing "
        f"({note.rstrip('.')}); what each turn brings and how to run it; what to watch for; "
        "and where the documents disagree."
    )
    return [
        Field("minutes", total, described("scenario", "minutes", note)),
        Field("readme", Block(readme), described("scenario", "readme", "REPLACE it.")),
    ]


def spread_dates(start: str, end: str, turns: int) -> list[str]:
    """Turn dates from the period's start, spread over its months, each inside the period."""
    dates = [start]
    (y0, m0, _), (y1, m1, _) = first_day(start), last_day(end)
    span = (y1 - y0) * 12 + m1 - m0 + 1
    for k in range(1, turns):
        n = y0 * 12 + m0 - 1 + k * span // turns
        month = f"{n // 12:04d}-{n % 12 + 1:02d}"
        # A month the period only partly covers (a period to mid-month) is dated by its first day.
        for date in (month, f"{month}-01", dates[-1]):
            if within(date, start, end) and first_day(date) >= first_day(dates[-1]):
                dates.append(date)
                break
    return dates


def _turns(dates: list[str]) -> Rows:
    rows = tuple(
        (
            Field("number", n),
            Field("name", f"REPLACE: turn {n}'s name"),
            Field("date", Quoted(date)),
        )
        for n, date in enumerate(dates, 1)
    )
    keys = tuple(
        (key, described("scenario", f"turns[].{key}")) for key in ("number", "name", "date")
    )
    return Rows(rows, flow=True, keys=keys)


def _phases() -> Rows:
    rows = tuple((Field("name", name), Field("minutes", minutes)) for name, minutes in PHASES)
    keys = tuple((key, described("scenario", f"phases[].{key}")) for key in ("name", "minutes"))
    return Rows(rows, flow=True, keys=keys)


def shared_indicators(scenarios: list[Scenario]) -> list[Indicator]:
    """The indicators every scenario of the root tracks, as the first (by id) defines them."""
    if not scenarios:
        return []
    ordered = sorted(scenarios, key=lambda s: s.id)
    common = set.intersection(*({i.id for i in s.indicators} for s in ordered))
    first = ordered[0]
    return [i for i in first.indicators if i.id in common] or list(first.indicators)


def _indicators(root: Root) -> Rows:
    if root.lib.indicators:
        return _shared_indicators(root)
    scenarios = list(root.lib.scenarios.values())
    found = shared_indicators(scenarios)
    start_note = ""
    if found:
        source = min(scenarios, key=lambda s: s.id).id
        start_note = (
            f" Copied from scenario '{source}': REPLACE with this scenario's opening value."
        )
        rows = tuple(
            (
                Field("id", i.id),
                Field("label", i.label),
                Field("min", i.min),
                Field("max", i.max),
                Field("start", i.start),
            )
            for i in found
        )
    else:
        rows = (
            (
                Field("id", "tension"),
                Field("label", "REPLACE: what it measures"),
                Field("min", 0),
                Field("max", 10),
                Field("start", 5),
            ),
        )
    keys = tuple(
        (key, described("scenario", f"indicators[].{key}")) for key in ("id", "label", "min", "max")
    ) + (("start", described("scenario", "indicators[].start") + start_note),)
    return Rows(rows, flow=True, keys=keys)


def _shared_indicators(root: Root) -> Rows:
    """The root's shared indicators, by id: those every scenario tracks, else all of them. Each
    brings its label, bounds, start and stances; what this scenario opens with is the author's
    to give, and the comment says what each definition would give."""
    shared = root.lib.indicators
    common = [i.id for i in shared_indicators(list(root.lib.scenarios.values())) if i.id in shared]
    chosen = common or sorted(shared)
    starts = ", ".join(f"{i} {shared[i].start}" for i in chosen)
    keys = (
        (
            "id",
            described("scenario", "indicators[].id")
            + " Each names a shared indicator of indicators/, which gives its label, bounds, "
            "start and stances.",
        ),
        (
            "start",
            described("scenario", "indicators[].start")
            + f" REPLACE: add `start: N` to each indicator this scenario opens at another value "
            f"than its definition ({starts}), and a `description` of how things stand then.",
        ),
    )
    return Rows(tuple((Field("id", i),) for i in chosen), flow=True, keys=keys)


def _schedule(turns: int) -> Rows:
    rows = tuple((Field("turn", n), Field("injects", Flow(()))) for n in range(1, turns + 1))
    keys = tuple((key, described("scenario", f"schedule[].{key}")) for key in ("turn", "injects"))
    return Rows(rows, flow=True, keys=keys)
