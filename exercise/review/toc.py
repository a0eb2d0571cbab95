"""The report's sections, in order, with their titles: the contents of every rendering.

The executive summary comes first, unnumbered; sections 1-8 are the report's first ones
(fmt.SECTIONS) and keep their numbers; the later ones are numbered on from 9 in this order,
those a session has no data for left out (the roads not taken without a `ttx whatif` result,
calibration without a stated chance, feedback without an answer); the appendices close it.
"""

from __future__ import annotations

from exercise.review import fmt
from exercise.review.report_types import Report

SUMMARY = ("summary", "Executive summary")
LATER = (
    ("roads", "Roads not taken"),
    ("calibration", "Calibration of the teams' judgement"),
    ("feedback", "Participant feedback"),
    ("hotwash", "Hot-wash prompts"),
    ("phases", "Phase times against the plan"),
)
FIRST_LATER = 9


def _has(m: Report, key: str) -> bool:
    return {
        "roads": m.roads_not_taken is not None,
        "calibration": m.calibration is not None,
        "feedback": m.feedback is not None,
    }.get(key, True)


def sections(m: Report) -> tuple[tuple[str, str], ...]:
    """(key, title) of each section the report has, in order."""
    at = next(i for i, (key, _) in enumerate(fmt.SECTIONS) if key == "plan")
    later = [(key, title) for key, title in LATER if _has(m, key)]
    numbered = tuple(
        (key, f"{n}. {title}") for n, (key, title) in enumerate(later, start=FIRST_LATER)
    )
    return (SUMMARY, *fmt.SECTIONS[:at], *numbered, *fmt.SECTIONS[at:])
