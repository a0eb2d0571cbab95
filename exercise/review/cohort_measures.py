"""How each team did, measured the same way in every session of a cohort.

A measure is an id, a label, a line saying what it is, and a function from one session's read
(its final state, and its typed events) and a role to a number, or None where the session says
nothing of it. The cohort shows, per team, each measure's mean, range and value per session.

Calibration (a team's probabilities attached to its decisions, scored by their Brier score) is
one more `Measure(...)` in `MEASURES` once its events exist: its function reads them through
`s.of(TheNewEvent)` for the role and returns the mean Brier score; nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from exercise.engine.scorecard import score
from exercise.review import assess
from exercise.review.export_read import SessionRead


@dataclass(frozen=True)
class Measure:
    id: str
    label: str
    about: str
    of: Callable[[SessionRead, str], float | None]


def _outcome(s: SessionRead, role: str) -> float | None:
    """The role's scorecard at the end, as the after-action report's outcomes compute it."""
    st = s.state
    return round(score(st.world.scenario, role, st.indicators), 3)


def _matched(s: SessionRead, role: str) -> float | None:
    """Of the role's standing decisions that could be assessed against the expected actions,
    the share that matched (None when none could be)."""
    st = s.state
    matched = assessed = 0
    for d in st.decisions.values():
        if d.role != role or d.withdrawn or not d.inject_id:
            continue
        inj = st.world.injects.get(d.inject_id)
        if inj is None:
            continue
        verdict = assess.overall(assess.assess(inj, role, d))
        if verdict in (assess.MATCHED, assess.DEPARTED):
            assessed += 1
            matched += verdict == assess.MATCHED
    return round(matched / assessed, 3) if assessed else None


MEASURES: tuple[Measure, ...] = (
    Measure(
        "outcome",
        "Scorecard at the end",
        "the team's indicators at the end against the start, as the after-action report scores "
        "them (0: as it began; +1: a whole range better)",
        _outcome,
    ),
    Measure(
        "matched",
        "Matched the record",
        "the share of its assessed decisions that matched what the inject expected of it "
        "(the historical record)",
        _matched,
    ),
)
