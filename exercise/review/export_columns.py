"""The export's table type: a name, columns, and a function from a session's read to rows;
and the columns many tables share (the registry: export_tables)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from exercise.review.export_read import SessionRead

TEXT, INT, NUMBER, BOOL, TIME = "text", "integer", "number", "boolean", "time"
Cell = str | int | float | bool | None
Rows = Iterable[tuple[Cell, ...]]


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # TEXT | INT | NUMBER | BOOL | TIME (ISO 8601, UTC, as the log stores it)
    about: str


@dataclass(frozen=True)
class Table:
    name: str
    about: str
    columns: tuple[Column, ...]
    rows: Callable[[SessionRead], Rows]

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        # JSON Lines puts the table's name in a field `table` beside the columns.
        if len(set(names)) != len(names) or "table" in names:
            raise ValueError(f"table {self.name}: its column names must be unique, not 'table'")


SESSION = Column("session", TEXT, "the session: its file's name (see the sessions table)")
SEQ = Column("seq", INT, "the event's number in its session's log (joins with events)")
AT = Column("at", TIME, "when the event was logged")
TURN = Column("turn", INT, "the turn it happened in (0 before the first turn)")
ROLE = Column("role", TEXT, "the team's role id")
INJECT = Column("inject", TEXT, "the inject's id")
DECISION = Column("decision", TEXT, "the decision's id: role:inject, or tN:role:free")
RULING = Column("ruling", TEXT, "the ruling's id within its session")


def joined(items: Iterable[object]) -> str:
    return "; ".join(str(i) for i in items)
