"""Write an inject on the spot: what it says, who sends it and how, which teams get it, and the
options it offers with their effects; then see it exactly as its audience will, and release it.
The engine checks the draft (engine/adhoc.py); this dialog only asks and shows."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea

from exercise.content.build import inject as build_inject
from exercise.engine import adhoc
from exercise.engine import commands as cmd
from exercise.engine.constants import MEDIA
from exercise.engine.refused import Refused
from exercise.engine.state import State
from exercise.session.team_view import team_inject
from exercise.tui.screens.form import Dialog, FormDialog
from exercise.tui.widgets.check_list import CheckList
from exercise.tui.widgets.injects import reader_content

OPTIONS_HINT = "One option a line, effects after a bar: Hold the line | cohesion +1, escalation -1"


class PreviewDialog(Dialog[bool]):
    """The inject as one of its readers will see it; Release or go back to the draft."""

    CSS_PATH = "write_inject.tcss"
    BINDINGS = [
        Binding("escape", "answer(False)", "Back to the draft", id="preview.back"),
        Binding("ctrl+s", "answer(True)", "Release", id="preview.release"),
    ]

    def __init__(self, state: State, inject: dict):
        super().__init__()
        self.state, self.inject = state, inject

    def compose(self) -> ComposeResult:
        inj = build_inject(self.inject)
        played = self.state.world.played
        reader = inj.audience[0] if inj.audience else played[0]
        names = [self._team(r) for r in inj.audience] or ["every team"]
        with Vertical():
            yield Static(
                Text(f"As {self._team(reader)} will see it · sent to {', '.join(names)}"),
                classes="title",
            )
            with VerticalScroll(id="preview"):
                yield Static(reader_content(team_inject(inj, reader, self.state)))
            with Horizontal(id="buttons"):
                yield Button("Back to the draft", id="back")
                yield Button("Release (ctrl+s)", variant="warning", id="release")

    def _team(self, role: str) -> str:
        r = self.state.world.roles.get(role)
        return r.name if r else role

    def on_mount(self) -> None:
        self.query_one("#release", Button).focus()

    @on(Button.Pressed, "#release")
    def _release(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss(False)

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class WriteInjectDialog(FormDialog[cmd.WriteInject | None]):
    CSS_PATH = "write_inject.tcss"

    def __init__(self, state: State):
        super().__init__()
        self.state = state

    def compose(self) -> ComposeResult:
        world = self.state.world
        teams = [(Text(world.roles[r].name if r in world.roles else r), r) for r in world.played]
        with Vertical():
            yield Static(
                "Write an inject (released at once, marked written in session)", classes="title"
            )
            with VerticalScroll(id="fields"):
                with Grid(id="grid"):
                    yield Label("Title")
                    yield Input(id="title", max_length=adhoc.MAX_TITLE)
                    yield Label("From")
                    yield Input("White cell", id="sender", max_length=adhoc.MAX_LINE)
                    yield Label("Medium")
                    yield Select(
                        [(Text(m), m) for m in MEDIA], value="cable", allow_blank=False, id="medium"
                    )
                yield Label("Sent to (none ticked: every team, a public inject)")
                yield CheckList(*teams, id="audience")
                yield Label("What it says")
                yield TextArea(id="body")
                yield Label(f"Options (optional). {OPTIONS_HINT}", classes="hint")
                yield TextArea(id="options")
            yield from self.form_buttons("Preview")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def clear(self) -> None:
        """An empty form again, as the console keeps this dialog for the next inject."""
        self.query_one("#title", Input).value = ""
        self.query_one("#sender", Input).value = "White cell"
        self.query_one("#medium", Select).value = "cable"
        self.query_one("#audience", SelectionList).deselect_all()
        self.query_one("#body", TextArea).clear()
        self.query_one("#options", TextArea).clear()
        self.query_one("#fields", VerticalScroll).scroll_home(animate=False)
        self.query_one("#title", Input).focus()
        self.error("")

    def action_cancel(self) -> None:
        """Closed unsent, the draft stays for the next `w` (the console keeps this dialog)."""
        d = self.draft_text()
        if any(d):
            self.notify("The draft is kept: w opens it again.", markup=False)
        self.dismiss(None)

    def draft_text(self) -> tuple[str, str, str]:
        return (
            self.query_one("#title", Input).value.strip(),
            self.query_one("#body", TextArea).text.strip(),
            self.query_one("#options", TextArea).text.strip(),
        )

    def draft(self) -> adhoc.Draft:
        """The form as the engine reads it; refused when the options do not read."""
        indicators = tuple(i.id for i in self.state.world.scenario.indicators)
        return adhoc.Draft(
            title=self.query_one("#title", Input).value,
            body=self.query_one("#body", TextArea).text,
            sender=self.query_one("#sender", Input).value,
            medium=str(self.query_one("#medium", Select).value),
            audience=tuple(self.query_one("#audience", SelectionList).selected),
            options=adhoc.parse_options(self.query_one("#options", TextArea).text, indicators),
        )

    def action_save(self) -> None:
        try:
            draft = self.draft()
            inject = adhoc.inject_of(draft, self.state, "facilitator")
        except Refused as exc:
            self.error(f"Not yet: {exc}.")
            return
        self.error("")

        def answered(release: bool | None) -> None:
            if release:
                self.clear()
                self.dismiss(
                    cmd.WriteInject(
                        draft.title,
                        draft.body,
                        draft.sender,
                        draft.medium,
                        draft.audience,
                        draft.questions,
                        draft.options,
                    )
                )

        self.app.push_screen(PreviewDialog(self.state, inject), answered)
