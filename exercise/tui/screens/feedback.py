"""A participant's feedback once the session has ended: what worked, what to improve, realism
and learning rated 1-5, and a name, or none: anonymous in the report, where only the team is
named (recorded with no author, which the engine keeps as the team's id)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Label, RadioSet, Static, TextArea

from exercise.engine import commands as cmd
from exercise.engine.judgement import FEEDBACK_SCALE, MAX_FEEDBACK
from exercise.tui.screens.form import FormDialog
from exercise.tui.widgets.option_button import ChoiceButton
from exercise.tui.widgets.tick_box import TickBox

RATINGS = (
    ("realism", "How realistic was it? (1–5)"),
    ("learning", "How much did you learn? (1–5)"),
)


class FeedbackDialog(FormDialog[cmd.GiveFeedback | None]):
    CSS_PATH = "feedback.tcss"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]  # -short: the form scrolls

    def __init__(self, team: str, role: str, name: str = ""):
        super().__init__()
        self.team, self.role, self.participant = team, role, name

    def compose(self) -> ComposeResult:
        low, high = FEEDBACK_SCALE
        with Vertical():
            yield Static(f"Your feedback on the exercise ({self.team})", classes="title")
            with VerticalScroll(id="form"):
                yield Label("What worked?")
                yield TextArea(id="worked")
                yield Label("What would you improve?")
                yield TextArea(id="improve")
                with Grid(id="ratings"):
                    for key, question in RATINGS:
                        with Vertical():
                            yield Label(question)
                            with RadioSet(id=key):
                                for n in range(low, high + 1):
                                    yield ChoiceButton(str(n), id=f"{key}-{n}")
                with Grid(id="who"):
                    yield Label("Your name")
                    yield Input(self.participant, id="author")
                yield TickBox(
                    f"Anonymous in the report (only {self.team} is named)", id="anonymous"
                )
            yield from self.form_buttons("Send feedback")

    def on_mount(self) -> None:
        self.query_one("#form").can_focus = False
        self.query_one("#worked", TextArea).focus()

    def _rating(self, key: str) -> int:
        pressed = self.query_one(f"#{key}", RadioSet).pressed_button
        return int(pressed.id.rsplit("-", 1)[1]) if pressed is not None and pressed.id else 0

    def action_save(self) -> None:
        worked = self.query_one("#worked", TextArea).text.strip()
        improve = self.query_one("#improve", TextArea).text.strip()
        if max(len(worked), len(improve)) > MAX_FEEDBACK:
            self.error(f"Keep each answer under {MAX_FEEDBACK} characters.")
            return
        realism, learning = self._rating("realism"), self._rating("learning")
        missing = [key for key, _ in RATINGS if not self._rating(key)]
        if missing:
            self.error(f"Rate the {' and the '.join(missing)} from 1 to 5.")
            return
        anonymous = self.query_one("#anonymous", Checkbox).value
        author = "" if anonymous else self.query_one("#author", Input).value.strip()
        self.dismiss(cmd.GiveFeedback(self.role, worked, improve, realism, learning, author=author))
