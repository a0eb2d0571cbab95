"""The widgets of the team console's tabs that are built when first opened (Decide, History,
Messages): a team joins on its inbox, and building what it has not opened yet would cost every
console in a room a third of its join."""

from __future__ import annotations

from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Label, RadioSet, Select, Static, TextArea

from exercise.tui.internals.table import DataTable
from exercise.tui.widgets.chance import ChanceInput
from exercise.tui.widgets.team_messages import TeamMessages

ENDED_NOTE = (
    "The session has ended: there is nothing more to decide. Your decisions and the rulings "
    "are on History (4); press f to tell the white cell what worked and what to improve."
)

LAZY_TABS = ("decide", "history", "messages")


def _decide_form() -> Widget:
    ended = Static(ENDED_NOTE, id="decide-ended", markup=False)
    ended.display = False
    open_table = DataTable(id="open-table", cursor_type="row")
    open_table.add_columns("Inject", "Choice", "Chance", "Rationale")
    return VerticalScroll(
        ended,
        Label("Your open decisions (amend or withdraw until the white cell rules)"),
        open_table,
        Horizontal(
            Button("Amend selected", id="amend"),
            Button("Withdraw selected", variant="error", id="withdraw"),
            id="open-buttons",
        ),
        Label("Decide on"),
        Select([], prompt="Choose what to decide on", id="decide-inject"),
        Label("Option"),
        Vertical(RadioSet(id="options"), id="decide-options"),
        Label("…or a free action (used when no option is chosen)"),
        TextArea(id="decide-free"),
        Label("Rationale (why your team chose this)"),
        TextArea(id="decide-rationale"),
        Label("How likely is this to get what you want this turn? (0–100%; empty: none)"),
        ChanceInput(id="decide-confidence"),
        Button("Submit decision", variant="primary", id="submit"),
        id="decide-form",
    )


def _history() -> Widget:
    table = DataTable(id="history-table", cursor_type="row")
    table.add_columns("Turn", "Inject", "Choice", "Chance", "Status")
    return VerticalScroll(
        Label("Your decisions", classes="section"),
        table,
        Label("Rulings you have been told of", classes="section"),
        Static("", id="rulings-text", markup=False),
        Label("Estimates the white cell asked for", classes="section"),
        Static("", id="estimates-text", markup=False),
    )


def tab_body(tab: str) -> Widget:
    """What the pane `tab` (one of LAZY_TABS) holds."""
    if tab == "decide":
        return _decide_form()
    if tab == "history":
        return _history()
    return TeamMessages()
