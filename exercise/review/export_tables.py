"""The analysts' tables: what `ttx export` writes, one row per item, from typed events and state.

A table is a name, its columns and a function from one session's read (`SessionRead`: its
final state, and each event with its row and turn) to rows; `TABLES` lists them in the order
they are written. Every row starts with the session's id, and every row made from an event
carries that event's `seq`, so any two tables join on (session, seq) or on the ids they share:
decision ids (decisions, decision_changes, ruling_decisions, covert_rolls), ruling ids
(rulings, ruling_decisions, ruling_effects), inject ids, message ids, roles.

Adding a table for a new kind of event (calibration: the probability a team put on a decision
and its Brier score; participant feedback; observer ratings) is one more `Table(...)` in
`TABLES`, its function reading the new event type through `s.of(NewEvent)`. Nothing else
changes: every format writes whatever the registry holds, and the `columns` table (the data
dictionary written with every export) describes it from the same entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from exercise.engine import events as ev
from exercise.review.export_columns import (
    AT,
    BOOL,
    INJECT,
    INT,
    NUMBER,
    ROLE,
    SEQ,
    SESSION,
    TEXT,
    TIME,
    TURN,
    Cell,
    Column,
    Rows,
    Table,
)
from exercise.review.export_read import SessionRead
from exercise.review.export_tables_judgement import ESTIMATES, FEEDBACK, FORECASTS
from exercise.review.export_tables_play import (
    DECISION_CHANGES,
    DECISIONS,
    EVENTS,
    PARTICIPANTS,
    RELEASES,
    SESSIONS,
)
from exercise.review.export_tables_rulings import (
    COVERT_ROLLS,
    RULING_DECISIONS,
    RULING_EFFECTS,
    RULINGS,
)
from exercise.review.report_model import turn_end_values
from exercise.review.report_scan import classify

# The table type and column types, for the writers and for new tables' authors.
__all__ = [
    "BOOL",
    "DICTIONARY",
    "INT",
    "NUMBER",
    "TABLES",
    "TEXT",
    "TIME",
    "Cell",
    "Column",
    "Table",
    "chosen",
    "dictionary_rows",
]


# -- what the room noted, read and said ---------------------------------------------------------


def _observations(s: SessionRead) -> Rows:
    for row, _, e in s.of(ev.ObservationAdded):
        kind = e.kind if e.kind != "note" else classify(e.text)[0]
        yield (
            s.id,
            row.seq,
            row.at,
            e.turn,
            e.role or None,
            e.objective or None,
            kind,
            e.text,
            e.author,
            e.rating or None,
            e.about or None,
        )


OBSERVATIONS = Table(
    "observations",
    "one row per note of the white cell or an observer",
    (
        SESSION,
        SEQ,
        AT,
        TURN,
        Column("role", TEXT, "the team it is about, if any"),
        Column("objective", TEXT, "the objective it is about, if any"),
        Column("kind", TEXT, "strength | improvement | note, as the after-action report sorts it"),
        Column("text", TEXT, "the note as written"),
        Column("author", TEXT, "who wrote it"),
        Column("rating", TEXT, "an evaluator's rating of the objective: P, S, M or U"),
        Column("about", INT, "the seq of the event it concerns (joins with events)"),
    ),
    _observations,
)


def _reads(s: SessionRead) -> Rows:
    for row, turn, e in s.of(ev.InjectRead):
        yield (s.id, row.seq, row.at, turn, e.role, e.inject_id)


READS = Table(
    "reads",
    "one row per inject a team opened (the first time it opened it)",
    (SESSION, SEQ, AT, TURN, ROLE, INJECT),
    _reads,
)


def _messages(s: SessionRead) -> Rows:
    for row, _, e in s.of(ev.MessageSent):
        yield (
            s.id,
            e.message_id,
            row.seq,
            row.at,
            e.turn,
            e.sender,
            e.to,
            e.text,
            e.author or None,
        )


MESSAGE = Column("message", TEXT, "the message's id within its session")
MESSAGES = Table(
    "messages",
    "one row per message between the white cell and the teams",
    (
        SESSION,
        MESSAGE,
        SEQ,
        AT,
        TURN,
        Column("sender", TEXT, "control (the white cell) or a team's role"),
        Column("to", TEXT, "a team's role, all, or control"),
        Column("text", TEXT, "the message"),
        Column("author", TEXT, "who wrote it"),
    ),
    _messages,
)


def _message_reads(s: SessionRead) -> Rows:
    for row, turn, e in s.of(ev.MessageRead):
        yield (s.id, row.seq, row.at, turn, e.message_id, e.reader)


MESSAGE_READS = Table(
    "message_reads",
    "one row per message opened by its reader",
    (SESSION, SEQ, AT, TURN, MESSAGE, Column("reader", TEXT, "who opened it")),
    _message_reads,
)


# -- the indicators -----------------------------------------------------------------------------


def _indicators(s: SessionRead) -> Rows:
    st = s.state
    points: list[tuple[int, str, dict[str, int]]] = [
        (0, "start", {i.id: i.start for i in st.world.scenario.indicators})
    ]
    points += [(t, "end", values) for t, values in sorted(turn_end_values(st).items())]
    for turn, point, values in points:
        for indicator, value in values.items():
            yield (s.id, turn, point, indicator, value)


INDICATORS = Table(
    "indicators",
    "one row per indicator at the start of the session and at the end of each turn played",
    (
        SESSION,
        Column("turn", INT, "the turn (0: the session's start)"),
        Column("point", TEXT, "start | end (of the turn)"),
        Column("indicator", TEXT, "the indicator's id"),
        Column("value", INT, "its value"),
    ),
    _indicators,
)


TABLES: tuple[Table, ...] = (
    SESSIONS,
    PARTICIPANTS,
    EVENTS,
    RELEASES,
    DECISIONS,
    DECISION_CHANGES,
    RULINGS,
    RULING_DECISIONS,
    RULING_EFFECTS,
    COVERT_ROLLS,
    OBSERVATIONS,
    READS,
    MESSAGES,
    MESSAGE_READS,
    INDICATORS,
    ESTIMATES,
    FORECASTS,
    FEEDBACK,
)

# The data dictionary, written last with every export: each chosen table's columns.
DICTIONARY = Table(
    "columns",
    "the data dictionary: every column of every table in this export",
    (
        Column("table_name", TEXT, "the table"),
        Column("table_about", TEXT, "what one row of the table is"),
        Column("column", TEXT, "the column"),
        Column("type", TEXT, "text | integer | number | boolean | time"),
        Column("about", TEXT, "what the column holds"),
    ),
    lambda s: (),
)


def dictionary_rows(tables: Iterable[Table]) -> Iterator[tuple[Cell, ...]]:
    for t in tables:
        for c in t.columns:
            yield (t.name, t.about, c.name, c.type, c.about)


def chosen(names: Iterable[str] | None) -> tuple[Table, ...]:
    """The tables named (in registry order), or all; KeyError names one that is not a table."""
    if names is None:
        return TABLES
    by_name = {t.name: t for t in TABLES}
    wanted = list(names)
    for name in wanted:
        if name not in by_name:
            raise KeyError(name)
    return tuple(t for t in TABLES if t.name in wanted)
