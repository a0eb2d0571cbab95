"""The line under a team console's header that stays while something is asked of the team: its
estimate before an estimative ruling (answered or not, revisable until the ruling), and the
feedback form once the session has ended (then the thanks for it)."""

from __future__ import annotations

import time

from textual.content import Content
from textual.widgets import Static

from exercise.session.team_view import TeamView
from exercise.tui.widgets.chance import percent_text


def asks_content(view: TeamView) -> Content | None:
    """What the line says now; None when nothing is asked."""
    if view.ended:
        return _feedback(view)
    asked = view.asked()
    if not asked:
        return None
    waiting = [r for r in asked if r.mine is None]
    if waiting:
        first = waiting[0]
        more = f" (and {len(waiting) - 1} more)" if len(waiting) > 1 else ""
        return Content.assemble(
            ("The white cell asks how likely this is to succeed: ", "bold"),
            "; ".join(first.actions),
            f"{more}. ",
            ("Press e to answer.", "bold"),
        )
    given = ", ".join(percent_text(r.mine.percent) for r in asked if r.mine is not None)
    return Content.assemble(
        ("Your estimate: ", "bold"),
        given,
        ". You may revise it until the white cell rules: ",
        ("press e.", "bold"),
    )


def _feedback(view: TeamView) -> Content:
    if not view.feedback:
        return Content.assemble(
            ("The session has ended. ", "bold"),
            "Tell the white cell what worked and what to improve: ",
            ("press f for the feedback form.", "bold"),
        )
    last = view.feedback[-1]
    who = "anonymous" if last.author == view.role.id else last.author
    when = time.strftime("%H:%M", time.localtime(last.at))
    count = len(view.feedback)
    return Content.assemble(
        ("Thank you: ", "bold"),
        f"feedback saved ({who}, {when}",
        f"; {count} from your team" if count > 1 else "",
        "). Another member of the team can press f to add theirs.",
    )


class TeamAsks(Static):
    DEFAULT_CSS = """
    TeamAsks { display: none; height: auto; padding: 0 1; background: $warning 30%; }
    TeamAsks.-shown { display: block; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", markup=False, **kwargs)
        self._said: tuple | None = None  # the text and styles shown

    def show(self, view: TeamView) -> None:
        said = asks_content(view)
        key = None if said is None else (said.plain, tuple(said.spans))
        if key == self._said:
            return  # unchanged (a new phase, say): not laid out and drawn again
        self._said = key
        self.set_class(said is not None, "-shown")
        self.update(said if said is not None else "")
