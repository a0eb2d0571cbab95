"""The observer's observation: about an event of the log, tied to a team and one of its
objectives, rated P/S/M/U (HSEEP's ratings, in words), signed with the observer's name."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.widgets import Label, Select, Static, TextArea
from textual.widgets.select import NoSelection

from exercise.engine import commands as cmd
from exercise.engine.judgement import RATINGS
from exercise.engine.state import State
from exercise.session.log_index import Line
from exercise.tui.screens.form import FormDialog
from exercise.tui.screens.observer_parts import KINDS, rating_text
from exercise.tui.widgets.tables import short


class ObserverNoteDialog(FormDialog[cmd.AddObservation | None]):
    CSS_PATH = "observer_note.tcss"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]  # -short: room for a long objective
    AUTO_FOCUS = "#text"  # the text first: the event is picked already, the rest is optional

    def __init__(
        self, state: State, author: str, lines: Sequence[Line] = (), about: Line | None = None
    ):
        """`lines`: the log lines the observer may say it is about (newest first); `about`: the
        one picked in the log, chosen here to begin with."""
        super().__init__()
        self.state = state
        self.author = author
        self.lines = list(lines)
        if about is not None and about not in self.lines:
            self.lines.insert(0, about)
        self.about = about

    def compose(self) -> ComposeResult:
        w = self.state.world
        roles = [(Text(w.roles[r].name), r) for r in w.played if r in w.roles]
        events = [
            (Text(f"#{seq} {actor}: {short(text, 90)}"), seq)
            for seq, _, _, actor, text in self.lines
        ]
        about = self.about[0] if self.about is not None else Select.NULL
        with Vertical():
            yield Static(
                Content.assemble(("Observation", "bold"), " · signed ", (self.author, "bold")),
                classes="title",
            )
            # Labels beside their fields, two fields a row: the dialog fits in 24 lines.
            with Grid(id="fields"):
                yield Label("About")
                yield Select(events, prompt="no particular event", value=about, id="about")
                yield Label("Team")
                yield Select(roles, prompt="the whole exercise", value=self._team(), id="role")
                yield Label("Objective")
                yield Select([], prompt="no objective", id="objective")
                yield Label("Rating")
                yield Select(
                    [(Text(rating_text(r)), r) for r in RATINGS], prompt="no rating", id="rating"
                )
                yield Label("Kind")
                yield Select(
                    [(Text(label), kind) for kind, label in KINDS.items()],
                    value="note",
                    allow_blank=False,
                    id="kind",
                )
            yield Static("", id="objective-text", markup=False)
            yield Label("What did you observe?")
            yield TextArea(id="text")
            yield from self.form_buttons("Save")

    def _team(self) -> str | NoSelection:
        """The team the picked event is by, if it is a team's."""
        actor = self.about[3] if self.about is not None else ""
        return actor if actor in self.state.world.played else Select.NULL

    def on_mount(self) -> None:
        self._fill_objectives()

    @on(Select.Changed, "#role")
    def _fill_objectives(self) -> None:
        role = self.query_one("#role", Select).value
        objectives = []
        if isinstance(role, str) and role in self.state.world.roles:
            objectives = [
                (Text(f"{o.id}: {o.text}"), o.id) for o in self.state.world.roles[role].objectives
            ]
        self.query_one("#objective", Select).set_options(objectives)
        self._objective_chosen()

    @on(Select.Changed, "#objective")
    @on(Select.Changed, "#rating")
    def _objective_chosen(self) -> None:
        """The chosen objective and rating whole, wrapped: each field cuts its choice short."""
        role, objective = self._chosen("#role"), self._chosen("#objective")
        rating = self._chosen("#rating")
        spec = self.state.world.roles.get(role)
        found = next((o for o in spec.objectives if o.id == objective), None) if spec else None
        parts = [f"{found.id}: {found.text}"] if found is not None else []
        if rating:
            parts.append(f"Rated {rating_text(rating)}.")
        self.query_one("#objective-text", Static).update("  ".join(parts))

    def _chosen(self, selector: str) -> str:
        value = self.query_one(selector, Select).value
        return value if isinstance(value, str) else ""

    def action_save(self) -> None:
        text = self.query_one("#text", TextArea).text.strip()
        if not text:
            self.error("Write the observation first.")
            return
        role, objective, rating = (self._chosen(s) for s in ("#role", "#objective", "#rating"))
        if rating and not objective:
            self.error("A rating is of an objective: choose the team and its objective.")
            return
        about = self.query_one("#about", Select).value
        self.dismiss(
            cmd.AddObservation(
                text,
                role,
                objective,
                author=self.author,
                kind=self._chosen("#kind") or "note",
                rating=rating,
                about=about if isinstance(about, int) else 0,
            )
        )
