"""What workers and screens tell the screen or app above them: typed messages.

Worker threads post these (`post_message` is thread-safe) instead of calling screen methods
through `call_from_thread`, so a worker never blocks on the event loop and a handler's
signature is checked by the type checker."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message
from textual.widget import Widget

if TYPE_CHECKING:
    from exercise.engine.events import Event
    from exercise.engine.state import State
    from exercise.review.report_types import Report
    from exercise.session.public_view import PublicView
    from exercise.session.team_view import TeamView
    from exercise.session.timeline import Timeline


class StateRead(Message):
    """The session as a console's worker read it (on load, a poll or the bots' catch-up)."""

    def __init__(self, state: State, events: Sequence[Event] | None = None) -> None:
        super().__init__()
        self.state = state
        self.events = events  # what is new since the last read; None: not known (a load)


class CommandSaved(Message):
    """A facilitator's command is on disk: show the state, then say what happened."""

    def __init__(
        self,
        state: State,
        summary: str,
        receipt: str | None = None,
        events: Sequence[Event] | None = None,
    ) -> None:
        super().__init__()
        self.state = state
        self.summary = summary
        self.receipt = receipt  # set when this command ended the session
        # The command's own events: the screen checks they are all that changed since its state.
        self.events = events


class NotDone(Message):
    """A command was refused by the rules (`error` False) or could not be saved (True)."""

    def __init__(self, reason: str, *, error: bool = False) -> None:
        super().__init__()
        self.reason = reason
        self.error = error

    def tell(self, screen: Widget) -> None:
        """Say it on `screen` as both consoles do: a refusal as a warning, a failure as an error
        that stays longer."""
        if self.error:
            screen.notify(self.reason, title="Error", severity="error", timeout=15, markup=False)
        else:
            screen.notify(self.reason, title="Not done", severity="warning", markup=False)


class TeamViewRead(Message):
    """A team's view as its console's worker read it; `news` when a poll found it changed."""

    def __init__(self, view: TeamView, *, news: bool = False, saved: str = "") -> None:
        super().__init__()
        self.view = view
        self.news = news
        self.saved = saved  # what the team's own command did, once it is on disk


class RoomViewRead(Message):
    """The room's view (the projector's) as its worker read it."""

    def __init__(self, view: PublicView) -> None:
        super().__init__()
        self.view = view


class Joined(Message):
    """The team's join code was accepted: the team console replaces the join screen."""

    def __init__(self, author: str) -> None:
        super().__init__()
        self.author = author


class ScenarioChosen(Message):
    """Start a new session of this scenario (its set-up dialog comes next)."""

    def __init__(self, scenario_id: str) -> None:
        super().__init__()
        self.scenario_id = scenario_id


class SessionChosen(Message):
    """Open the facilitator console on this session file."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class ReviewRead(Message):
    """The review's timeline and report, built in a worker."""

    def __init__(self, timeline: Timeline, report: Report) -> None:
        super().__init__()
        self.timeline = timeline
        self.report = report


__all__ = [
    "CommandSaved",
    "Joined",
    "NotDone",
    "ReviewRead",
    "ScenarioChosen",
    "SessionChosen",
    "StateRead",
    "TeamViewRead",
]
