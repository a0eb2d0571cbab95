"""The projector (plenary) view: what the whole room may see, in type the back row can read.

It reads the session through a RoomGateway, which hands out only a PublicView: public injects,
public rulings and their dice, the indicators the facilitator chose to show (`s` on the
facilitator's console), and the clock. It never writes to the session.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from exercise.session.public_view import PublicView
from exercise.tui.messages import NotDone, RoomViewRead
from exercise.tui.room_gateway import RoomGateway
from exercise.tui.watch import Lookout, keep_watch
from exercise.tui.widgets.room_parts import RoomHeader, RoomNews, indicators_content

POLL_SECONDS = 0.5


class RoomScreen(Screen):
    CSS_PATH = "room.tcss"
    BINDINGS = [
        Binding("pagedown", "scroll('page_down')", "Scroll", show=False, id="room.page_down"),
        Binding("pageup", "scroll('page_up')", "Scroll", show=False, id="room.page_up"),
    ]

    def __init__(self, gateway: RoomGateway):
        super().__init__()
        self.gateway = gateway
        self.view: PublicView | None = None
        self._stop = Lookout()

    def compose(self) -> ComposeResult:
        yield RoomHeader()
        yield Static("", id="indicators", markup=False)
        with VerticalScroll(id="news-scroll"):
            yield RoomNews()
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(1.0, lambda: self.query_one(RoomHeader).tick())
        self._load()
        self._poll()

    def on_unmount(self) -> None:
        self._stop.set()

    @work(thread=True, group="room", exit_on_error=False)
    def _load(self) -> None:
        try:
            self.post_message(RoomViewRead(self.gateway.load()))
        except Exception as exc:
            self.post_message(NotDone(f"Cannot read the session: {exc}", error=True))

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def _poll(self) -> None:
        keep_watch(self._stop, self._look, self.post_message, POLL_SECONDS, self.gateway.path)

    def _look(self) -> RoomViewRead | None:
        view = self.gateway.refresh()
        return RoomViewRead(view) if view is not None else None

    @on(RoomViewRead)
    def _view_read(self, message: RoomViewRead) -> None:
        view = message.view
        if not self.is_attached or (self.view is not None and view.seq < self.view.seq):
            return
        self.view = view
        self.query_one(RoomHeader).show(view)
        shown = self.query_one("#indicators", Static)
        shown.update(indicators_content(view.indicators, self.size.width))
        shown.display = bool(view.indicators)
        self.query_one(RoomNews).show(view)

    @on(NotDone)
    def _not_done(self, message: NotDone) -> None:
        message.tell(self)

    def on_resize(self) -> None:
        if self.view is not None:
            self.query_one("#indicators", Static).update(
                indicators_content(self.view.indicators, self.size.width)
            )

    def action_scroll(self, how: str) -> None:
        scroll = self.query_one("#news-scroll", VerticalScroll)
        if how == "page_down":
            scroll.scroll_page_down()
        else:
            scroll.scroll_page_up()
