"""The facilitator console's messages and corrections: `m` opens the conversation with the teams
(reading what they wrote) and sends a message, and a team's new message is announced as it
comes; `u` voids a ruling, `z` undoes the last release or phase change, `c` restarts the clock."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual import work
from textual.app import ScreenStackError
from textual.screen import Screen

from exercise.tui.internals.screen import StyledOnce
from exercise.tui.messages import StateRead

if TYPE_CHECKING:
    from exercise.engine.events import Event
    from exercise.engine.state import State


D = TypeVar("D", bound=Screen)


class RoomActions(StyledOnce):
    """Mixed into the facilitator screen, which has `state`, `gateway` and `execute`."""

    state: State | None
    gateway: Any

    def execute(self, command, saved: str = "") -> Any:  # pragma: no cover - the screen's
        raise NotImplementedError

    def _kept(self, name: str, make: Callable[[], D]) -> D:
        """The console's one dialog of this kind, made the first time it is asked for and then
        kept (installed: Textual keeps an installed screen when it is closed). Opening it again
        costs a repaint, not a hundred widgets made and styled, and a draft left in it stays."""
        key = f"{name}-{id(self)}"
        if not self.app.is_screen_installed(key):
            self.app.install_screen(make(), key)
        return cast(D, self.app.get_screen(key))

    def forget_kept_dialogs(self) -> None:
        """When the console goes: its dialogs go with it."""
        for name in ("write-inject", "messages"):
            key = f"{name}-{id(self)}"
            if self.app.is_screen_installed(key):
                dialog = self.app.get_screen(key)
                with contextlib.suppress(ScreenStackError):  # open: Textual ends it with the app
                    self.app.uninstall_screen(key)
                    if dialog.is_attached:
                        dialog.remove()

    def highlighted_inject(self) -> str | None:
        """The inject under the injects tab's cursor, if that tab has been shown."""
        from textual.coordinate import Coordinate

        from exercise.tui.internals.table import DataTable

        if not self.query("#inject-table"):
            return None
        table = self.query_one("#inject-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return str(key) if key else None

    def action_as_team(self) -> None:
        """The highlighted inject exactly as each team that receives it reads it now."""
        from textual.widgets import ContentSwitcher

        from exercise.session.team_view import team_inject
        from exercise.tui.screens.choice import ChoiceDialog
        from exercise.tui.widgets.injects import reader_content

        s, inject_id = self.state, self.highlighted_inject()
        tabs = self.query_one("#tabs", ContentSwitcher)
        if s is None or inject_id is None or tabs.current != "injects":
            self.notify("Pick an inject on the Injects tab (2) first.", markup=False)
            return
        inj = s.world.injects[inject_id]
        readers = [r for r in s.world.played if inj.visible_to(r)]
        items = [(r, s.world.roles[r].name if r in s.world.roles else r) for r in readers]
        self.app.push_screen(
            ChoiceDialog(
                f"{inj.title}: as each team reads it (no notes, history or effects)",
                items,
                "Close",
                preview=lambda role: reader_content(team_inject(inj, role, s)),
            )
        )

    def action_restart_clock(self) -> None:
        if self.state is not None:
            self._ask_restart(self.state)

    def _ask_restart(self, s: State, why: str = "") -> None:
        """Start the phase clock again at the phase's full time, after a confirmation."""
        from exercise.engine import commands as cmd
        from exercise.tui.screens.confirm import ConfirmDialog

        if s.ended:
            return
        minutes = s.phase_seconds() // 60
        question = (why + "\n\n" if why else "") + (
            f"Restart the phase clock at the full {minutes} min of {s.phase_name()}? "
            "The teams' clocks follow."
        )

        def chosen(ok: bool | None) -> None:
            if ok:
                self.execute(cmd.RestartClock())

        self.app.push_screen(ConfirmDialog(question, yes="Restart"), chosen)

    def offer_clock_restart(self, state: State, now: float) -> None:
        """A session opened long after its clock ran out (resumed after a break, a fork, a
        simulated session), or whose clock is ahead of this machine's: offer to restart it."""
        from exercise.session.announce import clock_adrift
        from exercise.tui.widgets.status_bar import clock_text

        if not clock_adrift(state, now):
            return
        self._ask_restart(
            state,
            f"The phase clock shows {clock_text(state.clock_remaining(now))}: this session was "
            "last played some time ago (or is a fork, or was simulated).",
        )

    def action_sources(self) -> None:
        """Team consoles show the injects' citations, or keep them until the hot wash."""
        from exercise.engine import commands as cmd

        if self.state is not None:
            self.execute(cmd.ShowSources(self.state.sources_hidden))

    def action_undo(self) -> None:
        """Undo the last release or the last phase change, as events of their own."""
        from exercise.engine import commands as cmd
        from exercise.tui.screens.choice import ChoiceDialog

        s = self.state
        if s is None or s.ended:
            return
        items: list[tuple[str, str]] = []
        last = next((r for r in reversed(s.releases) if r.how != "discovery"), None)
        if last is not None:
            title = s.world.injects[last.inject_id].title
            items.append((f"release:{last.inject_id}", f"Withdraw the last release: {title}"))
        if s.phase > 0:
            back = s.world.scenario.phases[s.phase - 1].name
            items.append(("phase", f"Go back to phase {s.phase}: {back} (its clock restarts)"))
        if not items:
            self.notify("Nothing to undo: no release, and this turn is at its first phase.")
            return

        def chosen(key: str | None) -> None:
            if key == "phase":
                self.execute(cmd.UndoPhase())
            elif key:
                self.execute(cmd.WithdrawRelease(key.split(":", 1)[1]))

        self.app.push_screen(ChoiceDialog("Undo", items, "Undo it"), chosen)

    def action_write(self) -> None:
        """Write an inject on the spot, see it as its audience will, and release it."""
        from exercise.tui.screens.write_inject import WriteInjectDialog

        s = self.state
        if s is None or s.ended:
            return

        def chosen(command) -> None:
            if command is not None:
                self.execute(command)

        dialog = self._kept("write-inject", lambda: WriteInjectDialog(s))
        dialog.state = s
        self.app.push_screen(dialog, chosen)

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

        state = self.state
        if state is None:
            return
        unread = [m.message_id for m in unread_for(state, WHITE_CELL)]
        if unread:
            self._read(unread)

        def chosen(command) -> None:
            if command is not None:
                self.execute(command)

        dialog = self._kept("messages", lambda: MessagesDialog(state))
        dialog.show(state)
        self.app.push_screen(dialog, chosen)

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
