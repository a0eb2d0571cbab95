"""Which rulings the HTML report marks on each indicator's chart, and how they are labelled:
every ruling that set the indicator (its `applied`), grouped by the turn it was made in."""

from __future__ import annotations

from collections.abc import Sequence

from exercise.review import fmt
from exercise.review.report_types import Indicators, LedgerEntry
from exercise.review.svg_chart import RulingMark

MARKS_NOTE = "dotted lines mark the rulings that moved the indicator, labelled as in the ledger"
MAX_IDS = 2  # a turn with more rulings on the indicator is labelled by their count


def ruling_marks(
    indicators: Indicators, ledger: Sequence[LedgerEntry], indicator: str
) -> list[RulingMark]:
    index = {p.turn: n for n, p in enumerate(indicators.points)}
    by_turn: dict[int, list[LedgerEntry]] = {}
    for r in ledger:
        if indicator in r.applied and r.turn in index:
            by_turn.setdefault(r.turn, []).append(r)
    marks = []
    for turn, rulings in sorted(by_turn.items()):
        ids = [r.id for r in rulings]
        label = ",".join(ids) if len(ids) <= MAX_IDS else f"{len(ids)} rulings"
        title = "\n".join(_line(r, indicator) for r in rulings)
        voided = all(r.voided is not None for r in rulings)
        marks.append(RulingMark(index[turn] - 0.5, label, title, voided))
    return marks


def _line(r: LedgerEntry, indicator: str) -> str:
    """'r3, turn 1 (matrix, failure): cohesion 5 → 3 (-2)'."""
    how = r.method + (f", {fmt.result(r)}" if r.success is not None else "")
    change = fmt.changes(
        {k: v for k, v in r.deltas.items() if k == indicator},
        {k: v for k, v in r.before.items() if k == indicator},
        {indicator: r.applied[indicator]},
    )
    return f"{r.id}, turn {r.turn} ({how}): {change}" + (" — VOIDED" if r.voided else "")
