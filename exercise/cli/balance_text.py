"""ttx balance as plain text: the checks first, then what an author should look at."""

from __future__ import annotations

from exercise.engine.world import World
from exercise.session.balance import Balance, Point, stance_line


def render(world: World, b: Balance, every_point: bool = False) -> str:
    lines = [f"{b.scenario}: {len(b.points)} decision points, {b.runs} bot runs", ""]
    width = max(len(c.name) for c in b.checks)
    for c in b.checks:
        mark = "ok  " if c.ok else "FAIL"
        lines.append(f"{mark} {c.name:<{width}}  {c.value:<16} target {c.target}")
        if c.detail and not c.ok:
            lines.append(f"     {'':<{width}}  {c.detail}")
    lines += ["", "Scorecards:"]
    lines += [f"  {role:<10} {stance_line(world, role)}" for role in world.played]
    lines += [
        "",
        "Options per role: " + ", ".join(f"{r} {n}" for r, n in b.options_per_role.items()),
    ]
    lines += ["", "Indicators ending at a bound (share of runs at min / max):"]
    for ind, (lo, hi) in b.at_bounds.items():
        flag = "  <-" if max(lo, hi) > 0.3 else ""
        lines.append(f"  {ind:<16} {lo:4.0%} / {hi:4.0%}{flag}")
    if b.end_rates:
        lines += ["", "End conditions (share of runs):"]
        lines += [f"  {e:<24} {r:4.0%}" for e, r in b.end_rates.items()]
    if b.covert:
        lines += ["", "Covert moves (made / discovered in the runs):"]
        lines += [f"  {k:<40} {m:5d} / {f:5d}" for k, (m, f) in b.covert.items()]
    if b.unread_flags:
        lines += ["", "Flags set and never read:"]
        lines += [f"  {f:<32} set by {where}" for f, where in b.unread_flags]
    if b.never_picked:
        lines += ["", "Options no bot ever chose (scheduled injects):"]
        lines += [f"  {k}" for k in b.never_picked]
    shown = b.points if every_point else [p for p in b.points if p.dominant]
    if shown:
        lines += ["", "Decision points" + ("" if every_point else " with a dominant option") + ":"]
        for p in shown:
            lines += _point(p)
    return "\n".join(lines)


def _point(p: Point) -> list[str]:
    when = f"turn {p.turn}" if p.turn else p.how
    out = [
        f"  {p.inject} / {p.role} ({when})" + (f": {p.dominant} dominates" if p.dominant else "")
    ]
    for r in p.options:
        marks = "".join(
            m
            for m, on in (
                ("H", r.option in p.historical),
                ("C", r.covert),
                ("D", r.option == p.dominant),
            )
            if on
        )
        out.append(f"    {r.worth:+6.2f} {marks:<3} {r.picked:5d}x  {r.option}")
    return out
