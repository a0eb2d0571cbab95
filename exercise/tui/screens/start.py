"""The start screen of `ttx play`: scenarios to start, recent sessions to resume."""

from __future__ import annotations

import time
from pathlib import Path

from rich.text import Text
from textual import on, widgets, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from exercise.session.catalog import ScenarioInfo, recent_sessions, scenarios
from exercise.tui.internals.table import DataTable
from exercise.tui.messages import ScenarioChosen, SessionChosen
from exercise.tui.widgets.tables import short


def reflow(text: str) -> str:
    """Paragraphs as the screen's width wraps them, not as the YAML file's line breaks did."""
    return "\n\n".join(" ".join(p.split()) for p in text.strip().split("\n\n"))


class StartScreen(Screen):
    CSS_PATH = "start.tcss"
    BINDINGS = [
        # priority: the focused table would take Enter for itself, and hide it from the footer
        Binding("enter", "open", "Start / resume", priority=True, id="start.open"),
        Binding("ctrl+q", "app.quit", "Quit", id="start.quit"),
        Binding("tab", "app.focus_next", "Switch list", show=False, id="start.next"),
    ]

    def __init__(self, root: Path, chosen: str | None = None):
        super().__init__()
        self.root = root
        self.chosen = (
            chosen  # a scenario named on the command line: its set-up dialog opens at once
        )
        self.infos: dict[str, ScenarioInfo] = {}
        self._loading = False
        self._behind_dialog = chosen is not None
        self._checking = False

    def compose(self) -> ComposeResult:
        with Vertical(id="start-body"):
            yield Static(
                Text("exercise — the Russia–Iran partnership in Syria, 2015–2024", style="bold"),
                id="banner",
            )
            yield Label("Scenarios — Enter starts a new session", classes="section")
            yield DataTable(id="scenarios", cursor_type="row")
            yield Static("", id="readme", markup=False)
            yield Label("Recent sessions — Enter resumes", classes="section")
            yield DataTable(id="recent", cursor_type="row")
            yield Static("", id="problems", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#scenarios", DataTable).add_columns("Scenario", "Turns", "Length", "Period")
        self.query_one("#recent", DataTable).add_columns(
            "Session file", "Scenario", "Turn", "State", "Saved"
        )
        if not self.chosen:
            self._checking = True
            self.call_after_refresh(self._check_content)  # the whole content, once the screen is up

    def on_screen_suspend(self) -> None:
        if (
            self.chosen and not self._checking
        ):  # its dialog is going up: check once that is on screen
            self._checking = True
            self.app.call_after_refresh(self._check_content)

    def on_screen_resume(self) -> None:
        if (
            self._behind_dialog
        ):  # a set-up dialog opens over this screen at once: fill it when it closes
            self._behind_dialog = False
        elif not self._loading:
            self._loading = True
            self._load()

    @work(thread=True, exit_on_error=False)
    def _load(self) -> None:
        self.app.call_from_thread(self._show_scenarios, scenarios(self.root))
        self.app.call_from_thread(self._show_recent, recent_sessions(Path.cwd() / "sessions"))

    @work(thread=True, exit_on_error=False)
    def _check_content(self) -> None:
        """Check every content file (it takes longer than listing, so it follows the list)."""
        from exercise.session.catalog import content_problems

        problems = content_problems(self.root)
        if problems:
            self.app.call_from_thread(self._show_problems, problems)

    def _show_problems(self, problems: list[str]) -> None:
        said = f"{len(problems)} content problem(s); run 'ttx validate'. First: {problems[0]}"
        if self.chosen:  # its set-up dialog is open over this screen: say so there
            self.notify(
                f"'{self.chosen}' cannot start: {said}", severity="error", timeout=15, markup=False
            )
        self.query_one("#problems", Static).update(said)

    def _show_scenarios(self, infos) -> None:
        self.infos = {i.id: i for i in infos}
        table = self.query_one("#scenarios", DataTable)
        room = max(
            30, self.app.size.width - 40
        )  # turns, length and period stay in sight at 80 columns
        for i in infos:
            table.add_row(
                Text(short(i.title, room)),
                Text(str(i.turns)),
                Text(f"{i.minutes} min"),
                Text(i.period),
                key=i.id,
            )
        table.focus()
        self._readme()

    def _show_recent(self, recent) -> None:
        rt = self.query_one("#recent", DataTable)
        for r in recent:
            rt.add_row(
                Text(Path(r.path).name),
                Text(r.scenario),
                Text(str(r.turn)),
                Text("ended" if r.ended else "in progress"),
                Text(time.strftime("%Y-%m-%d %H:%M", time.localtime(r.modified))),
                key=r.path,
            )
        rt.display = bool(recent)

    @on(DataTable.RowHighlighted, "#scenarios")
    def _readme(self, event=None) -> None:
        table = self.query_one("#scenarios", DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        info = self.infos.get(key or "")
        if info:
            self.query_one("#readme", Static).update(reflow(info.readme))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self._open(event.data_table)

    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, DataTable):
            self._open(focused)

    def _open(self, table: widgets.DataTable) -> None:
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        if key is None:
            return
        if table.id == "scenarios":
            self.post_message(ScenarioChosen(key))
        else:
            self.post_message(SessionChosen(Path(key)))
