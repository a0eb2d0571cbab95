"""The team console's judgement: the white cell's requests for estimates, told as they come and
answered (and revised until the ruling) with `e`, and the participants' feedback form, offered
with `f` once the session has ended. Mixed into the team screen, which keeps the view and runs
the commands; the rules (who may answer what, and when) are the engine's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from exercise.engine.view import team_name
from exercise.tui.internals.screen import StyledOnce
from exercise.tui.widgets.team_asks import TeamAsks

if TYPE_CHECKING:
    from exercise.session.team_view import TeamView

ESTIMATE_SENT = "Estimate sent to the white cell"
FEEDBACK_SAVED = "Thank you: your feedback is saved"


class TeamJudgement(StyledOnce):
    """Mixed into the team screen, which has `view`, `gateway`, `author` and `execute`."""

    view: TeamView | None
    gateway: Any
    author: str
    _keys_shown: tuple[bool, bool] | None = None  # (e offered, f offered) as the footer shows

    def execute(self, command, saved: str) -> Any:  # pragma: no cover - the screen's
        raise NotImplementedError

    def show_judgement(self, view: TeamView, old: TeamView | None, news: bool) -> None:
        """The line of what is asked of the team, its keys in the footer, and a toast for a
        request that has just come (or the end, which opens the feedback form)."""
        self.query_one(TeamAsks).show(view)
        keys = (bool(view.asked()), view.ended)
        if keys != self._keys_shown:  # the footer is rebuilt only when its keys change
            self._keys_shown = keys
            self.refresh_bindings()
        if not news or old is None:
            return
        known = {r.request_id for r in old.asked()}
        if any(r.request_id not in known for r in view.asked()):
            self.notify(
                "The white cell asks how likely an action is to succeed: press e to answer.",
                title="Your estimate",
                timeout=10,  # the line under the header keeps saying it
            )
        if view.ended and not old.ended:
            self.notify(
                "The session has ended. Press f to tell the white cell what worked and what "
                "to improve.",
                title="Feedback",
                timeout=15,
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys of the judgement only when they apply (hidden from the footer otherwise)."""
        if action == "estimate":
            return self.view is not None and bool(self.view.asked())
        if action == "feedback":
            return self.view is not None and self.view.ended
        return True

    def action_estimate(self) -> None:
        from exercise.tui.screens.estimate import EstimateDialog

        view = self.view
        if view is None or not view.asked():
            self.notify("The white cell has not asked for your estimate.", severity="warning")
            return

        def chosen(command) -> None:
            if command is not None:
                self.execute(command, ESTIMATE_SENT)

        dialog = EstimateDialog(view.asked(), self.gateway.role, self.author)
        self.app.push_screen(dialog, chosen)

    def action_feedback(self) -> None:
        from exercise.tui.screens.feedback import FeedbackDialog

        view = self.view
        if view is None or not view.ended:
            self.notify("The feedback form opens once the session has ended.", severity="warning")
            return

        def chosen(command) -> None:
            if command is not None:
                self.execute(command, FEEDBACK_SAVED)

        # A team console opened without a name joins as the role: no name to offer then.
        name = "" if self.author == self.gateway.role else self.author
        team = team_name(self.gateway.role)
        self.app.push_screen(FeedbackDialog(team, self.gateway.role, name), chosen)
