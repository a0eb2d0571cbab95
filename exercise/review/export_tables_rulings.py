"""The export's tables of the white cell's rulings and the dice: rulings (matrix-game rolls
included), the decisions each covers, the indicators each moved, covert moves' discovery
rolls (registered in export_tables)."""

from __future__ import annotations

from exercise.engine import events as ev
from exercise.engine.rules import matrix_odds
from exercise.review.export_columns import (
    AT,
    BOOL,
    DECISION,
    INT,
    NUMBER,
    RULING,
    SEQ,
    SESSION,
    TEXT,
    TURN,
    Column,
    Rows,
    Table,
    joined,
)
from exercise.review.export_read import SessionRead

# -- rulings and dice ---------------------------------------------------------------------------


def _voidings(s: SessionRead) -> dict[str, tuple[int, str]]:
    out = {}
    for row, _, e in s.of(ev.RulingVoided):
        out[e.ruling_id] = (row.seq, e.reason)
    return out


def _rulings(s: SessionRead) -> Rows:
    voided = _voidings(s)
    for row, _, e in s.of(ev.Adjudicated):
        m = e.matrix or {}
        dice = list(m.get("dice", ()))
        odds = matrix_odds(m["modifier"], m["target"]) if "modifier" in m else None
        void_seq, void_reason = voided.get(e.ruling_id, (None, None))
        yield (
            s.id,
            e.ruling_id,
            row.seq,
            row.at,
            e.turn,
            e.method,
            len(e.decision_ids),
            e.narrative,
            e.reason or None,
            "public" if not e.audience else joined(e.audience),
            e.author,
            m.get("modifier"),
            m.get("target"),
            round(odds, 4) if odds is not None else None,
            dice[0] if len(dice) > 0 else None,
            dice[1] if len(dice) > 1 else None,
            m.get("total"),
            m.get("success"),
            m.get("draw"),
            joined(m.get("pros", ())) or None,
            joined(m.get("cons", ())) or None,
            joined(e.flags_set) or None,
            joined(e.flags_cleared) or None,
            void_seq,
            void_reason,
        )


RULINGS = Table(
    "rulings",
    "one row per ruling of the white cell, matrix-game dice included",
    (
        SESSION,
        RULING,
        SEQ,
        AT,
        TURN,
        Column("method", TEXT, "rules | matrix | free"),
        Column("decisions", INT, "decisions it covers (see ruling_decisions)"),
        Column("narrative", TEXT, "the outcome as told"),
        Column("reason", TEXT, "the white cell's reason"),
        Column("audience", TEXT, "public, or the '; '-separated roles told"),
        Column("author", TEXT, "who ruled"),
        Column("modifier", INT, "matrix: pros minus cons"),
        Column("target", INT, "matrix: the total needed"),
        Column("probability", NUMBER, "matrix: the chance of success before the roll"),
        Column("die_1", INT, "matrix: the first die (2d6)"),
        Column("die_2", INT, "matrix: the second die"),
        Column("total", INT, "matrix: dice plus modifier"),
        Column("success", BOOL, "matrix: whether the total reached the target"),
        Column("draw", INT, "matrix: the RNG draw the dice came from"),
        Column("pros", TEXT, "matrix: the arguments for, '; '-separated"),
        Column("cons", TEXT, "matrix: the arguments against, '; '-separated"),
        Column("flags_set", TEXT, "flags it set, '; '-separated"),
        Column("flags_cleared", TEXT, "flags it cleared, '; '-separated"),
        Column("voided_seq", INT, "the event that voided it, if it was"),
        Column("voided_reason", TEXT, "why it was voided"),
    ),
    _rulings,
)


def _ruling_decisions(s: SessionRead) -> Rows:
    for _, _, e in s.of(ev.Adjudicated):
        for d in e.decision_ids:
            yield (s.id, e.ruling_id, d)


RULING_DECISIONS = Table(
    "ruling_decisions",
    "one row per decision a ruling covers",
    (SESSION, RULING, DECISION),
    _ruling_decisions,
)


def _ruling_effects(s: SessionRead) -> Rows:
    rulings = {r.ruling_id: r for r in s.state.rulings}
    for row, _, e in s.of(ev.Adjudicated):
        before = rulings[e.ruling_id].before if e.ruling_id in rulings else {}
        for indicator in sorted(set(e.deltas) | set(e.applied)):
            yield (
                s.id,
                e.ruling_id,
                row.seq,
                indicator,
                e.deltas.get(indicator),
                before.get(indicator),
                e.applied.get(indicator),
            )


RULING_EFFECTS = Table(
    "ruling_effects",
    "one row per indicator a ruling moved",
    (
        SESSION,
        RULING,
        SEQ,
        Column("indicator", TEXT, "the indicator's id"),
        Column("change", INT, "the change asked for (after the roll, for matrix rulings)"),
        Column("before", INT, "its value before the ruling"),
        Column("after", INT, "its value after, within the indicator's bounds"),
    ),
    _ruling_effects,
)


def _covert_rolls(s: SessionRead) -> Rows:
    for row, _, e in s.of(ev.CovertRolled):
        yield (
            s.id,
            row.seq,
            row.at,
            e.turn,
            e.decision_id,
            e.chance,
            e.roll if e.roll >= 0 else None,
            e.discovered,
            e.cause,
            e.draw if e.draw >= 0 else None,
        )


COVERT_ROLLS = Table(
    "covert_rolls",
    "one row per check of a covert move for discovery",
    (
        SESSION,
        SEQ,
        AT,
        TURN,
        Column("decision", TEXT, "the covert move's decision id"),
        Column("chance", NUMBER, "the chance of discovery at this check"),
        Column(
            "roll", NUMBER, "the seeded roll (below the chance: discovered); empty for a trigger"
        ),
        Column("discovered", BOOL, "whether the move came out"),
        Column("cause", TEXT, "roll | trigger"),
        Column("draw", INT, "the RNG draw the roll came from"),
    ),
    _covert_rolls,
)
