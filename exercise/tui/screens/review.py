"""The after-action review console: the timeline, and the state at any event; the report's
sections beside it, the roads not taken among them when a `ttx whatif` result is at hand."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Select, Static, TabbedContent, TabPane

from exercise.engine import view
from exercise.engine.state import State
from exercise.engine.view import choice_text
from exercise.review.report_model import ReportStopped, build_report, report_of_file
from exercise.review.report_types import Report
from exercise.session.service import Session, SessionFileError
from exercise.session.timeline import Timeline, reviewing
from exercise.session.whatif_file import WhatIfFileError, read_whatif
from exercise.tui.internals.table import DataTable
from exercise.tui.messages import ReviewRead
from exercise.tui.widgets.indicator_chart import IndicatorChart
from exercise.tui.widgets.review_panes import (
    DetailTable,
    decision_cells,
    decision_detail,
    findings_content,
    judgement_content,
    ledger_cells,
    ledger_detail,
)
from exercise.tui.widgets.review_roads import RoadsPane, roads_file
from exercise.tui.widgets.sized_table import FIRST, after_paint, size_columns

SHOWN = 2000
EVENT_COLUMNS = ("#", "Turn", "Time", "Who", "Event")
PAINT_WAIT = 10.0  # seconds the report waits for the timeline to be painted, at most


def state_content(state: State) -> Content:
    """Who knew what when: indicators, each team's inbox and the open decisions at one moment."""
    w = state.world
    sc = w.scenario
    parts: list = [
        (f"Turn {state.turn} of {len(sc.turns)}, phase {state.phase_name()}", "bold"),
        "\n\n",
        ("Indicators", "bold underline"),
        "\n",
    ]
    for ind in sc.indicators:
        parts.append(f"  {ind.title}: {state.indicators[ind.id]} ({ind.min}..{ind.max})\n")
    for role in w.played:
        items = view.inbox(state, role)
        parts += [
            "\n",
            (f"{w.roles[role].name if role in w.roles else role} knew", "bold underline"),
            "\n",
        ]
        if not items:
            parts.append(("  nothing yet\n", "dim"))
        for item in items:
            mark = "read" if item.read else "unread"
            parts.append(f"  [{mark:6}] T{item.release.turn} {item.inject.title}\n")
    open_ds = [d for d in state.decisions.values() if d.open]
    parts += ["\n", ("Open decisions", "bold underline"), "\n"]
    if not open_ds:
        parts.append(("  none\n", "dim"))
    for d in open_ds:
        inj = w.injects[d.inject_id] if d.inject_id else None
        parts.append(f"  {d.role}: {inj.title if inj else 'free action'} → {choice_text(inj, d)}\n")
    return Content.assemble(*parts)


class ReviewScreen(Screen):
    CSS_PATH = "review.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("escape", "back", "Back", id="review.back"),
        Binding("1", "tab('timeline')", "Timeline", id="review.tab.timeline"),
        Binding("2", "tab('review-decisions')", "Decisions", id="review.tab.decisions"),
        Binding("3", "tab('review-ledger')", "Ledger", id="review.tab.ledger"),
        Binding("4", "tab('review-chart')", "Chart", id="review.tab.chart"),
        Binding("5", "tab('review-observations')", "Observations", id="review.tab.observations"),
        Binding("6", "tab('review-roads')", "Roads", id="review.tab.roads"),
    ]

    def __init__(
        self, path: Path | str, roads: Path | str | None = None, start: State | None = None
    ):
        super().__init__()
        self.path = Path(path)
        self.start = start  # the log's state at some event, as the opening console holds it
        # a `ttx whatif` result of the session, read with the report when it is there
        self.roads = Path(roads) if roads is not None else roads_file(self.path)
        self.timeline: Timeline | None = None
        self._filters: tuple[str, int, str] | None = None  # what the events table shows
        self._painted = threading.Event()  # the timeline is on screen
        self._gone = threading.Event()
        self._fills = 0  # fills of the events table begun: an older one is not finished

    def compose(self) -> ComposeResult:
        yield Static("Loading the session…", id="review-title", markup=False)
        with TabbedContent(initial="timeline", id="review-tabs"):
            with TabPane("1 Timeline", id="timeline"):
                with Horizontal(id="filters"):
                    yield Select([], prompt="every team", id="filter-role")
                    yield Select([], prompt="every turn", id="filter-turn")
                    yield Select([], prompt="every kind", id="filter-kind")
                with Horizontal(id="timeline-row"):
                    yield DataTable(id="events", cursor_type="row")
                    with VerticalScroll(id="moment"):
                        yield Label("State after the selected event", classes="section")
                        yield Static("", id="moment-text", markup=False)
            with TabPane("2 Decisions vs history", id="review-decisions"):
                yield DetailTable(
                    ("Turn", "Team", "Verdict", "Inject", "Choice"),
                    decision_detail,
                    id="decisions-pane",
                )
            with TabPane("3 Ledger", id="review-ledger"):
                yield DetailTable(
                    ("Ruling", "Turn", "Method", "Odds", "Roll", "Result", "Changes"),
                    ledger_detail,
                    id="ledger-pane",
                )
            with TabPane("4 Chart", id="review-chart"):
                yield IndicatorChart(id="review-plot")
            with TabPane("5 Observations", id="review-observations"), VerticalScroll():
                yield Static("", id="findings", markup=False)
                yield Static("", id="judgement", markup=False)
            with TabPane("6 Roads", id="review-roads"):
                yield RoadsPane(self.path, self.roads, id="roads-pane")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#events", DataTable).add_columns(*EVENT_COLUMNS)
        self._load()

    class TimelineRead(Message):
        """The timeline, shown while the report behind the other tabs is still being built."""

        def __init__(self, timeline: Timeline) -> None:
            super().__init__()
            self.timeline = timeline

    class LoadFailed(Message):
        """The log could not be read (`error` names the row)."""

        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    class MarksFilled(Message):
        """Every state of the timeline is a short fold away: the moment can be shown."""

    class RoadsRead(Message):
        """A `ttx whatif` result read into the report (`report`), or why not: `error`, or
        neither when there is no such file."""

        def __init__(self, result: Path, report: Report | None, error: str = "") -> None:
            super().__init__()
            self.result = result
            self.report = report
            self.error = error

    @work(thread=True, exit_on_error=False)
    def _load(self) -> None:
        try:
            self._read()
        except SessionFileError as exc:  # damaged since the console read it: named on screen
            self.post_message(self.LoadFailed(str(exc)))

    def _read(self) -> None:
        # Its own connection, opened in this worker thread; the report starts from the
        # timeline's final state instead of replaying the log again.
        with reviewing(self.path, self.start) as (timeline, session):
            self.post_message(self.TimelineRead(timeline))
            # Built while the timeline is painted, the report would slow that painting down:
            # the two share one interpreter. The checkpoints first: a step back along the
            # timeline waits for them.
            self._painted.wait(PAINT_WAIT)
            if self._gone.is_set():
                return  # closed at once: what it would build is shown nowhere
            if not timeline.fill_marks(self._gone):
                return
            self.post_message(self.MarksFilled())
            try:
                report, roads = self._with_roads(session)
            except ReportStopped:
                return
        self.post_message(ReviewRead(timeline, report))
        self.post_message(roads)

    def _with_roads(self, session: Session) -> tuple[Report, RoadsRead]:
        """The report as `ttx report --whatif` builds it when the result file is there (its
        roads checked to be of this session), else as it builds it without."""
        result = self.roads
        if not result.exists():
            return build_report(session, stop=self._gone), self.RoadsRead(result, None)
        try:
            report = build_report(session, read_whatif(result), self._gone)
        except WhatIfFileError as exc:
            return build_report(session, stop=self._gone), self.RoadsRead(result, None, str(exc))
        return report, self.RoadsRead(result, report)

    @work(thread=True, exclusive=True, group="roads", exit_on_error=False)
    def _read_roads(self, result: Path) -> None:
        # Read as `ttx report FILE --whatif RESULT` reads it: the log once more, from now.
        try:
            report = report_of_file(self.path, read_whatif(result))
        except (WhatIfFileError, SessionFileError) as exc:
            self.post_message(self.RoadsRead(result, None, str(exc)))
        else:
            self.post_message(self.RoadsRead(result, report))

    @on(RoadsRead)
    def _roads_read(self, message: RoadsRead) -> None:
        pane = self.query_one("#roads-pane", RoadsPane)
        if message.report is not None:
            pane.show(message.report, message.result)
        elif message.error:
            pane.failed(message.result, message.error)
        else:
            pane.missing(message.result)

    @on(Input.Submitted, "#roads-file")
    def _roads_asked(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.notify("Type the file of a ttx whatif result.", severity="warning", markup=False)
            return
        result = Path(text).expanduser()
        self.query_one("#roads-pane", RoadsPane).reading(result)
        self._read_roads(result)

    @on(ReviewRead)
    def _report_read(self, message: ReviewRead) -> None:
        report = message.report
        self.query_one("#decisions-pane", DetailTable).show(
            report.decisions_vs_history, decision_cells
        )
        self.query_one("#ledger-pane", DetailTable).show(report.ledger, ledger_cells)
        self.query_one("#findings", Static).update(findings_content(report.findings))
        self.query_one("#judgement", Static).update(judgement_content(report))

    @on(TimelineRead)
    def _timeline_read(self, message: TimelineRead) -> None:
        timeline = self.timeline = message.timeline
        s = timeline.final
        sc = s.world.scenario
        self.query_one("#review-title", Static).update(
            Content.assemble(
                ("Review: ", "bold"),
                sc.title,
                f" — {len(timeline)} events, "
                f"{'ended' if s.ended else 'in progress'} at turn {s.turn}",
            )
        )
        self.query_one("#filter-role", Select).set_options([(Text(r), r) for r in s.world.played])
        self.query_one("#filter-turn", Select).set_options(
            [(Text(f"turn {t.number}: {t.name}"), t.number) for t in sc.turns]
        )
        self.query_one("#filter-kind", Select).set_options([(Text(k), k) for k in timeline.kinds()])
        self.query_one(IndicatorChart).show(s)
        self._fill()

    def on_unmount(self) -> None:
        self._gone.set()
        self._painted.set()  # closed before it was painted: the worker need not wait

    @on(Select.Changed)
    def _fill(self, event=None) -> None:
        if self.timeline is None:
            return

        def value(selector):
            v = self.query_one(selector, Select).value
            return v if v is not Select.NULL else None

        filters = (
            value("#filter-role") or "",
            value("#filter-turn") or 0,
            value("#filter-kind") or "",
        )
        if filters == self._filters:  # filling the filters' options says Changed, but is none
            return
        self._filters = filters
        try:
            rows = self._rows(self.timeline, filters)
        except SessionFileError as exc:  # a row read unfolded, damaged since the console read it
            self._failed(str(exc))
            return
        table = self.query_one("#events", DataTable)
        size_columns(table, EVENT_COLUMNS, [cells for cells, _ in rows])
        self._fills += 1
        # The newest rows, where the cursor goes, are painted first; all of them after that.
        self._put(rows[-FIRST:], 0)
        if len(rows) > FIRST:
            after_paint(self, self._put_all, self._fills, rows)
        else:
            after_paint(self, self._painted.set)

    @staticmethod
    def _rows(
        timeline: Timeline, filters: tuple[str, int, str]
    ) -> list[tuple[tuple[Text, ...], str]]:
        rows: list[tuple[tuple[Text, ...], str]] = []
        for i in timeline.filtered(*filters)[-SHOWN:]:  # described here: only the rows shown
            e = timeline.entry(i)
            cells = (Text(str(e.seq)), Text(str(e.turn)), Text(e.at[11:19]), Text(e.actor))
            rows.append(((*cells, Text(e.text)), str(e.seq)))
        return rows

    def _put_all(self, fill: int, rows: Sequence[tuple[tuple[Text, ...], str]]) -> None:
        if fill == self._fills:  # else the filters changed since
            table = self.query_one("#events", DataTable)
            self._put(rows, table.row_count - 1 - table.cursor_row)  # the cursor stays put
            after_paint(self, self._painted.set)

    def _put(self, rows: Sequence[tuple[tuple[Text, ...], str]], from_end: int) -> None:
        table = self.query_one("#events", DataTable)
        table.clear()
        for cells, key in rows:
            table.add_row(*cells, key=key)
        if table.row_count:
            table.move_cursor(row=max(0, table.row_count - 1 - from_end))

    @on(DataTable.RowHighlighted, "#events")
    def _moment(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._show_moment(int(event.row_key.value))

    @on(MarksFilled)
    def _marks_filled(self) -> None:
        table = self.query_one("#events", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key is not None:
                self._show_moment(int(key))

    def _show_moment(self, seq: int) -> None:
        timeline, text = self.timeline, self.query_one("#moment-text", Static)
        if timeline is None:
            return
        if timeline.ready(seq):
            try:
                text.update(state_content(timeline.state_at(seq)))
            except SessionFileError as exc:
                self._failed(str(exc))
        else:  # before the state the console held: its checkpoints are being folded
            text.update(Content.styled("Reading the log up to this event…", "dim"))

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        self._failed(message.error)

    def _failed(self, error: str) -> None:
        """A damaged row: named, never a traceback."""
        self.query_one("#review-title", Static).update(Content(error))
        self.notify(error, title="The log cannot be reviewed", severity="error", markup=False)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_back(self) -> None:
        stack = self.app.screen_stack
        # Back to the console it was opened from. Under `ttx review` the screen below is the blank
        # one every app starts with (a plain Screen, from App.get_default_screen): there is
        # nothing to go back to, so escape leaves.
        if len(stack) > 1 and type(stack[-2]) is not Screen:
            self.app.pop_screen()
        else:
            self.app.exit()
