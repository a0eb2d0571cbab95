"""The facilitator console's messages and corrections: `m` opens the conversation with the teams
(reading what they wrote) and sends a message, and a team's new message is announced as it
comes; `u` voids a ruling."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual import work
from textual.screen import Screen

from exercise.tui.messages import StateRead

if TYPE_CHECKING:
    from exercise.engine.events import Event
    from exercise.engine.state import State


class RoomActions(Screen):
    """Mixed into the facilitator screen, which has `state`, `gateway` and `execute`."""

    state: State | None
    gateway: Any

    def execute(self, command, saved: str = "") -> Any:  # pragma: no cover - the screen's
        raise NotImplementedError

    def action_void(self) -> None:
        """Void a ruling (the correction is an event of its own; the log stays as it was)."""
        from exercise.tui.screens.void_ruling import VoidRulingDialog, standing

        if self.state is None:
            return
        if not standing(self.state):
            self.notify("No ruling stands that could be voided.", severity="warning")
            return

        def chosen(command) -> None:
            if command is not None:
                self.execute(command)

        self.app.push_screen(VoidRulingDialog(self.state), chosen)

    def action_messages(self) -> None:
        from exercise.engine.messages import WHITE_CELL, unread_for
        from exercise.tui.screens.messages import MessagesDialog

        if self.state is None:
            return
        unread = [m.message_id for m in unread_for(self.state, WHITE_CELL)]
        if unread:
            self._read(unread)

        def chosen(command) -> None:
            if command is not None:
                self.execute(command)

        self.app.push_screen(MessagesDialog(self.state), chosen)

    @work(thread=True, group="session", exit_on_error=False)
    def _read(self, message_ids: list[str]) -> None:
        """The white cell has read these (the team sees it): quietly, no toast per message."""
        from exercise.engine import commands as cmd
        from exercise.engine.messages import WHITE_CELL

        events: list = []
        state = None
        for message_id in message_ids:
            try:
                new, state = self.gateway.execute(cmd.ReadMessage(message_id, WHITE_CELL))
            except Exception:  # read again next time: a reading is not worth an error
                continue
            events += new
        if state is not None:
            self.post_message(StateRead(state, events))

    def tell_new_messages(self, state: State, events: Sequence[Event] | None) -> None:
        """A toast for each new message a team wrote to the white cell."""
        if not events:
            return  # a load: nothing is new, and the events' module need not load
        from exercise.engine.events import MessageSent
        from exercise.engine.messages import WHITE_CELL

        for e in events:
            if isinstance(e, MessageSent) and e.to == WHITE_CELL:
                role = state.world.roles.get(e.sender)
                self.notify(
                    f"{e.text[:200]}\n(m: messages)",
                    title=f"{role.name if role else e.sender} writes to the white cell",
                    timeout=20,
                    markup=False,
                )
