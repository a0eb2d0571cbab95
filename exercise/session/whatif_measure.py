"""How much a decision mattered, and the sentence that says so in plain words.

Each option not taken is set against the team's own choice, measure by measure, in two ways:

- how far apart they ended (`size`, what decisions are ranked by): for an end condition, the
  difference between the shares of runs in which it held; for an indicator, how far its values
  moved, as a share of its range (the earth mover's distance between the two spreads, over max -
  min), so that a certain one-point move counts for little and a move across the range for all;
- how surely they differ (`separation`, set against `chance`): the same difference of shares
  for an end condition; for an indicator, the largest difference between the shares of runs
  that ended below some value (the two-sample Kolmogorov-Smirnov distance). Where it is reached
  is what the sentence says: "cohesion ended below 4 in 61% of runs, against 22%".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from exercise.engine.view import team_name
from exercise.session.whatif_types import Alternative, DecisionRoads, WhatIf

KS_95 = 1.36  # the two-sample Kolmogorov-Smirnov coefficient at 5%


@dataclass(frozen=True)
class Difference:
    """How far one option not taken ended from the team's choice, on one measure."""

    option: str  # the option not taken
    kind: Literal["indicator", "end_condition"]
    measure: str  # the indicator's or the end condition's id
    cut: int | None  # indicator: the value the shares are counted below (or at and above)
    side: Literal["below", "at_or_above", "met"]
    share: float  # of the option's runs
    chosen_share: float  # of the runs of the team's choice
    separation: float  # |share - chosen_share|: set against `chance`
    size: float  # how far apart they ended, 0 to 1: what decisions are ranked by


def chance(runs_a: int, runs_b: int) -> float:
    """A separation smaller than this between runs_a and runs_b runs is within what chance alone
    gives, 19 times in 20."""
    if runs_a < 1 or runs_b < 1:
        return 1.0
    return KS_95 * math.sqrt((runs_a + runs_b) / (runs_a * runs_b))


def differences(result: WhatIf, d: DecisionRoads) -> list[Difference]:
    """Every option not taken against the team's choice, on every measure: end conditions
    first, then indicators, each in the scenario's order; the options in the inject's."""
    chosen = next((a for a in d.alternatives if a.chosen), None)
    if chosen is None:
        return []
    ranges = {i.id: i.max - i.min for i in result.indicators}
    theirs = {r.id: r.share for r in chosen.end_conditions}
    out = []
    for alt in d.alternatives:
        if alt.chosen:
            continue
        for rate in alt.end_conditions:
            ours = theirs.get(rate.id, 0.0)
            apart = round(abs(rate.share - ours), 4)
            out.append(
                Difference(
                    alt.option,
                    "end_condition",
                    rate.id,
                    None,
                    "met",
                    rate.share,
                    ours,
                    apart,
                    apart,
                )
            )
        for ind in alt.indicators:
            if ind in chosen.indicators:
                out.append(_indicator(alt, chosen, ind, ranges.get(ind, 0)))
    return out


def _indicator(alt: Alternative, chosen: Alternative, ind: str, span: int) -> Difference:
    mine, theirs = alt.indicators[ind].histogram, chosen.indicators[ind].histogram
    values = sorted(set(mine) | set(theirs))
    moved = 0.0  # the earth mover's distance: the area between the two cumulative shares
    # (separation, share of mine below the cut, of theirs below it, the cut)
    best: tuple[float, float, float, int | None] = (0.0, 0.0, 0.0, None)
    for low, value in zip(values, values[1:], strict=False):
        below = sum(n for v, n in mine.items() if v < value) / alt.runs
        theirs_below = sum(n for v, n in theirs.items() if v < value) / chosen.runs
        moved += abs(below - theirs_below) * (value - low)
        if abs(below - theirs_below) > best[0] + 1e-12:
            best = (abs(below - theirs_below), below, theirs_below, value)
    apart, a, b, cut = best
    # Said from the side where the option not taken has the larger share.
    side: Literal["below", "at_or_above"] = "below" if a >= b else "at_or_above"
    if side == "at_or_above":
        a, b = 1 - a, 1 - b
    size = min(1.0, moved / span) if span > 0 else 0.0
    return Difference(
        option=alt.option,
        kind="indicator",
        measure=ind,
        cut=cut,
        side=side,
        share=round(a, 4),
        chosen_share=round(b, 4),
        separation=round(apart, 4),
        size=round(size, 4),
    )


def largest(result: WhatIf, d: DecisionRoads, kind: str | None = None) -> Difference | None:
    """The largest difference (of `kind` only, when given): by size, then separation; the
    first of equals."""
    best: Difference | None = None
    for diff in differences(result, d):
        if kind is not None and diff.kind != kind:
            continue
        if best is None or (diff.size, diff.separation) > (best.size, best.separation):
            best = diff
    return best


def beyond_chance(d: DecisionRoads, diff: Difference | None) -> bool:
    if diff is None:
        return False
    runs = {a.option: a.runs for a in d.alternatives}
    chosen = next(a.runs for a in d.alternatives if a.chosen)
    return diff.separation >= chance(runs[diff.option], chosen)


def sentence(result: WhatIf, d: DecisionRoads, diff: Difference | None) -> str:
    """The difference in plain words: "Had Tehran chosen “Agree a joint plan” instead of “Keep
    its own operations rooms”, cohesion ended below 4 in 61% of runs, against 22% after its own
    choice." """
    team = team_name(d.role)
    if diff is None or diff.separation == 0:
        return (
            f"Whichever option {team} chose here, the runs ended alike: no indicator or end "
            "condition came out differently."
        )
    labels = {a.option: a.label for a in d.alternatives}
    head = (
        f"Had {team} chosen \u201c{labels[diff.option]}\u201d "
        f"instead of \u201c{labels[d.chosen]}\u201d"
    )
    return f"{head}, {outcome_words(result, diff)} after its own choice."


def outcome_words(result: WhatIf, diff: Difference) -> str:
    """ "cohesion ended below 4 in 61% of runs, against 22%"."""
    tail = f"in {_percent(diff.share)} of runs, against {_percent(diff.chosen_share)}"
    if diff.kind == "end_condition":
        end = next((e for e in result.end_conditions if e.id == diff.measure), None)
        label = end.label if end else diff.measure
        if end is not None and end.ends_session:
            return f"the session ended with \u201c{label}\u201d {tail}"
        return f"\u201c{label}\u201d held at the end {tail}"
    info = next((i for i in result.indicators if i.id == diff.measure), None)
    name = info.label if info else diff.measure
    where = f"below {diff.cut}" if diff.side == "below" else f"at {diff.cut} or above"
    return f"{name} ended {where} {tail}"


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"
