"""The text `ttx whatif` prints: per decision, its options lettered, each indicator's mean at the
end and each end condition's rate for every option, and the largest difference in plain words."""

from __future__ import annotations

from exercise.engine.view import team_name
from exercise.session.whatif_measure import (
    Difference,
    beyond_chance,
    chance,
    largest,
    outcome_words,
    sentence,
)
from exercise.session.whatif_types import DecisionRoads, WhatIf

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
COLUMN = 8
TOP = 3  # decisions named at the end as those that mattered most


def format_whatif(result: WhatIf) -> str:
    bound = chance(result.runs, result.runs)
    lines = [
        f"{result.session.file}: roads not taken at {len(result.decisions)} decision"
        f"{'s' if len(result.decisions) != 1 else ''}, {result.runs} runs per option "
        f"(seeds derived from the session's seed {result.lineage.session_seed})",
        f"differences under {round(bound * 100)}% of runs are within what chance gives "
        f"with {result.runs} runs each",
    ]
    for d in result.decisions:
        lines += [""] + _decision(result, d)
    if result.skipped:
        lines += ["", "no road not taken:"]
        lines += [f"  event {s.seq}, {s.decision}: {s.reason}" for s in result.skipped]
    ranked = _ranked(result)
    if ranked:
        lines += ["", "the decisions that mattered most:"]
        lines += [
            f"  event {d.seq}, {team_name(d.role)} on \u201c{d.inject_title}\u201d, "
            f"{diff.option} rather than {d.chosen}: {outcome_words(result, diff)}"
            for diff, d in ranked[:TOP]
        ]
    return "\n".join(lines)


def _decision(result: WhatIf, d: DecisionRoads) -> list[str]:
    letters = [
        LETTERS[i % len(LETTERS)] + ("*" if a.chosen else "") for i, a in enumerate(d.alternatives)
    ]
    width = max(len(o.option) for o in d.alternatives)
    out = [
        f"turn {d.turn}, event {d.seq}: {team_name(d.role)} on \u201c{d.inject_title}\u201d "
        f"({d.decision})"
    ]
    for mark, a in zip(letters, d.alternatives, strict=True):
        out.append(
            f"  {mark:3}{a.option:{width}}  {a.label}" + ("  (its choice)" if a.chosen else "")
        )
    names = [i.id for i in result.indicators] + [e.id for e in result.end_conditions]
    label = max(len(n) for n in names) + 2 if names else 12
    out.append("  " + " " * label + "".join(f"{m:>{COLUMN}}" for m in letters) + "   at the end")
    for ind in result.indicators:
        means = [a.indicators[ind.id].mean for a in d.alternatives if ind.id in a.indicators]
        cells = "".join(f"{m:{COLUMN}.1f}" for m in means)
        out.append(f"  {ind.id:{label}}{cells}   mean")
    for end in result.end_conditions:
        shares = [
            next((r.share for r in a.end_conditions if r.id == end.id), 0.0) for a in d.alternatives
        ]
        cells = "".join(f"{round(s * 100):>{COLUMN - 1}}%" for s in shares)
        out.append(f"  {end.id:{label}}{cells}   of runs")
    diff = largest(result, d)
    within = diff is not None and diff.separation > 0 and not beyond_chance(d, diff)
    out.append(f"  {sentence(result, d, diff)}" + (" (within chance)" if within else ""))
    return out


def _ranked(result: WhatIf) -> list[tuple[Difference, DecisionRoads]]:
    found = []
    for d in result.decisions:
        diff = largest(result, d)
        if diff is not None and beyond_chance(d, diff):
            found.append((diff, d))
    return sorted(found, key=lambda x: (-x[0].size, x[1].seq))
