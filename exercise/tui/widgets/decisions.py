"""The facilitator's decision tables: this turn's (on the board) and every turn's (its own tab,
with the highlighted decision shown whole below)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.widgets import Static

from exercise.engine.state import Decision, State, undecided
from exercise.engine.view import choice_text
from exercise.tui.internals.table import DataTable
from exercise.tui.widgets.tables import refill, short


def decision_status(d: Decision) -> Text:
    if d.withdrawn:
        return Text("withdrawn", style="dim")
    if d.ruling_id:
        return Text(f"ruled {d.ruling_id}", style="green")
    return Text("open", style="bold yellow")


def _hidden_rows(state: State, room: int) -> list[tuple[tuple, str]]:
    """Covert moves still hidden, with their odds of coming out at each turn's start: the white
    cell must know what the teams do not."""
    rows: list[tuple[tuple, str]] = []
    for move in state.covert.values():
        if not move.hidden:
            continue
        inj = state.world.injects[move.inject_id]
        opt = inj.option(move.option_id)
        label = opt.label if opt else move.option_id
        # the odds and whom it is kept from first: the columns are cut to fit
        said = f"{move.chance:.0%} a turn, from {', '.join(move.hidden_from)}: {label}"
        cells = (
            Text(move.role),
            Text("covert", style="bold magenta"),
            Text(short(inj.title, room)),
            Text(short(said, room)),
        )
        rows.append((cells, f"covert:{move.decision_id}"))
    return rows


class TurnDecisions(DataTable):
    """This turn: each decision taken, then each one a team still owes ("waiting")."""

    def show(self, state: State, room: int) -> None:
        """`room`: the width of each of the inject and choice columns (texts are cut to it)."""
        widths = (9, 9, room, room)  # fixed: the texts are cut to fit, nothing re-measures
        if tuple(c.width for c in self.ordered_columns) != widths:
            self.clear(columns=True)
            for label, width in zip(("Team", "Status", "Inject", "Choice"), widths, strict=True):
                self.add_column(label, width=width)
        injects = state.world.injects
        rows: list[tuple[tuple, str]] = []
        for d in state.decisions.values():
            if d.turn == state.turn:
                inj = injects.get(d.inject_id) if d.inject_id else None
                cells = (
                    Text(d.role),
                    decision_status(d),
                    Text(short(inj.title if inj else "free action", room)),
                    Text(short(choice_text(inj, d), room)),
                )
                rows.append((cells, d.decision_id))
        rows += _hidden_rows(state, room)
        for role, ids in undecided(state).items():
            for i in ids:
                cells = (
                    Text(role),
                    Text("waiting", style="yellow"),
                    Text(short(injects[i].title, room)),
                    Text("—"),
                )
                rows.append((cells, f"waiting:{role}:{i}"))
        refill(self, rows)


class AllDecisions(Vertical):
    """Every turn's decisions, newest turn first; long texts cut in the table, whole below."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.state: State | None = None

    def compose(self) -> ComposeResult:
        yield DataTable(id="all-decisions", cursor_type="row")
        yield Static(id="decision-detail", markup=False)

    def show(self, state: State, width: int) -> None:
        self.state = state
        table = self.query_one("#all-decisions", DataTable)
        if not table.columns:
            table.add_columns("Turn", "Team", "Status", "Inject", "Choice", "Rationale")
        room = max(12, (width - 4 - 4 - 9 - 12 - 12) // 3)  # three texts share what is left
        rows = []
        for d in sorted(state.decisions.values(), key=lambda d: (-d.turn, d.role)):
            inj = state.world.injects.get(d.inject_id) if d.inject_id else None
            cells = (
                Text(str(d.turn)),
                Text(d.role),
                decision_status(d),
                Text(short(inj.title if inj else "free action", room)),
                Text(short(choice_text(inj, d), room)),
                Text(short(d.rationale, room)),
            )
            rows.append((cells, d.decision_id))
        refill(table, rows)
        self._detail()

    @on(DataTable.RowHighlighted, "#all-decisions")
    def _detail(self) -> None:
        table = self.query_one("#all-decisions", DataTable)
        detail = self.query_one("#decision-detail", Static)
        if self.state is None or not table.row_count:
            detail.update("No decisions yet.")
            return
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        d = self.state.decisions[key or ""]
        inj = self.state.world.injects.get(d.inject_id) if d.inject_id else None
        detail.update(
            "\n".join(
                [
                    f"Turn {d.turn} · {d.role} · {inj.title if inj else 'free action'}",
                    f"Choice: {choice_text(inj, d)}",
                    f"Rationale: {d.rationale or '—'}",
                ]
            )
        )
