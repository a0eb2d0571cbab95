"""The start screen of `ttx play`: scenarios to start, recent sessions to resume."""

from __future__ import annotations

import time
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from exercise.session.catalog import content_problems, recent_sessions, scenarios


class StartScreen(Screen):
    CSS_PATH = "start.tcss"
    BINDINGS = [
        Binding("enter", "open", "Start / resume", id="start.open"),
        Binding("tab", "app.focus_next", "Switch list", show=False, id="start.next"),
    ]

    def __init__(self, root: Path):
        super().__init__()
        self.root = root
        self.infos = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="start-body"):
            yield Static(Text("exercise — the Russia–Iran partnership in Syria, 2015–2024", style="bold"), id="banner")
            yield Label("Scenarios — Enter starts a new session", classes="section")
            yield DataTable(id="scenarios", cursor_type="row")
            yield Static("", id="readme", markup=False)
            yield Label("Recent sessions — Enter resumes", classes="section")
            yield DataTable(id="recent", cursor_type="row")
            yield Static("", id="problems", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#scenarios", DataTable).add_columns("Scenario", "Period", "Turns", "Length")
        self.query_one("#recent", DataTable).add_columns("Session file", "Scenario", "Turn", "State", "Saved")
        self._load()

    @work(thread=True, exit_on_error=False)
    def _load(self) -> None:
        self.app.call_from_thread(self._show_scenarios, scenarios(self.root))
        self.app.call_from_thread(self._show_recent, recent_sessions(Path.cwd() / "sessions"))
        problems = content_problems(self.root)  # checking everything takes longer: it follows
        if problems:
            self.app.call_from_thread(self._show_problems, problems)

    def _show_problems(self, problems: list[str]) -> None:
        self.query_one("#problems", Static).update(
            f"{len(problems)} content problem(s); run 'ttx validate'. First: {problems[0]}")

    def _show_scenarios(self, infos) -> None:
        self.infos = {i.id: i for i in infos}
        table = self.query_one("#scenarios", DataTable)
        for i in infos:
            table.add_row(Text(i.title), Text(i.period), Text(str(i.turns)), Text(f"{i.minutes} min"), key=i.id)
        table.focus()
        self._readme()

    def _show_recent(self, recent) -> None:
        rt = self.query_one("#recent", DataTable)
        for r in recent:
            rt.add_row(Text(Path(r.path).name), Text(r.scenario), Text(str(r.turn)),
                       Text("ended" if r.ended else "in progress"),
                       Text(time.strftime("%Y-%m-%d %H:%M", time.localtime(r.modified))), key=r.path)
        rt.display = bool(recent)

    @on(DataTable.RowHighlighted, "#scenarios")
    def _readme(self, event=None) -> None:
        table = self.query_one("#scenarios", DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        info = self.infos.get(key)
        if info:
            self.query_one("#readme", Static).update(info.readme.strip())

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self._open(event.data_table)

    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, DataTable):
            self._open(focused)

    def _open(self, table: DataTable) -> None:
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        if table.id == "scenarios":
            self.app.start_new(key)
        else:
            self.app.open_session(Path(key))
