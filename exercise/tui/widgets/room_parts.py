"""The projector's parts: a clock the back row can read, where the session stands, the
indicators the facilitator shows, and the room's news (public injects and rulings)."""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Digits, Static

from exercise.content.text import reflow
from exercise.session.announce import Moment, TimeUpWatch, announcements, moment
from exercise.session.public_view import PublicInject, PublicView
from exercise.session.team_view import ShownIndicator, TeamRuling
from exercise.tui.widgets.banner import Banner
from exercise.tui.widgets.status_bar import clock_text

BAR_CELLS = 30


class RoomHeader(Widget):
    """Big clock, turn and phase, and a banner for what the room must be told."""

    DEFAULT_CSS = """
    RoomHeader { height: auto; background: $panel; padding: 0 2; }
    RoomHeader Horizontal { height: auto; }
    RoomHeader Digits { width: auto; margin-right: 4; }
    RoomHeader #where { width: 1fr; height: auto; }
    RoomHeader #state { width: auto; text-style: bold; padding: 1 2; }
    RoomHeader #state.-paused { background: $warning; color: $text; }
    RoomHeader #state.-overrun { background: $error; color: $text; }
    RoomHeader #banner { padding: 0 1; }
    """

    BANNER_SECONDS = 20.0

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.view: PublicView | None = None
        self._moment: Moment | None = None
        self._time_up = TimeUpWatch()
        self._shown_clock = ""

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Digits("--:--", id="clock")
            yield Static("", id="where", markup=False)
            yield Static("", id="state", markup=False)
        yield Banner(self.BANNER_SECONDS, id="banner")

    def show(self, view: PublicView) -> None:
        self.view = view
        self.query_one("#where", Static).update(
            Content.assemble(
                (f"TURN {view.turn} OF {view.turns}", "bold"),
                "  ",
                (view.turn_name, "bold"),
                f"  ({view.turn_date})\n",
                (f"Phase {view.phase + 1} of {view.phases}: ", "bold"),
                (view.phase_name, "bold $accent"),
                f"  ({view.phase_minutes} min)\n",
                (view.scenario_title, "italic"),
            )
        )
        now = moment(view)
        said = announcements(self._moment, now)
        self._moment = now
        if said:
            self.announce("  ".join(said), bell=now.ended)
        self.tick()

    def announce(self, text: str, bell: bool = False) -> None:
        self.query_one(Banner).say(text, bell)

    @property
    def banner(self) -> str:
        return self.query_one(Banner).said

    def tick(self, now: float | None = None) -> None:
        v = self.view
        if v is None:
            return
        now = getattr(self.app, "clock", time.time)() if now is None else now
        remaining = v.clock_remaining(now)
        # An overrun past what four digits hold (a session resumed days later) is only TIME UP.
        text = "--:--" if v.ended or remaining <= -6000 else clock_text(remaining)
        if text != self._shown_clock:
            self.query_one(Digits).update(text)
            self._shown_clock = text
        running = not v.paused and not v.ended
        state = self.query_one("#state", Static)
        state.update(
            "ENDED" if v.ended else "PAUSED" if v.paused else "TIME UP" if remaining < 0 else ""
        )
        state.set_class(v.paused and not v.ended, "-paused")
        state.set_class(running and remaining < 0, "-overrun")
        said = self._time_up.check(self._moment, running, remaining)
        if said:
            self.announce(said, bell=True)


def indicator_line(ind: ShownIndicator, width: int = 120) -> Content:
    """One indicator as the wall shows it: label, a bar between its bounds, value, this turn's
    change (its sign written out, not only coloured); narrower label and bar below 110 columns."""
    label_cells = 34 if width >= 110 else 24
    bar_cells = max(10, min(BAR_CELLS, width - 74))
    span = max(1, ind.max - ind.min)
    filled = round(bar_cells * (ind.value - ind.min) / span)
    change = ind.value - ind.turn_start
    moved = f"{change:+d} this turn" if change else "unchanged this turn"
    label = ind.title
    return Content.assemble(
        (f"{label:<{label_cells}.{label_cells - 1}}", "bold"),
        ("█" * filled, "$accent"),
        ("░" * (bar_cells - filled), "dim"),
        (f" {ind.value:>4}", "bold"),
        f" of {ind.min}–{ind.max}  ",
        (moved, "bold $success" if change > 0 else "bold $error" if change < 0 else "dim"),
    )


def indicators_content(indicators: tuple[ShownIndicator, ...], width: int = 120) -> Content:
    return Content("\n").join([indicator_line(i, width) for i in indicators])


def inject_card(inj: PublicInject, newest: bool) -> Content:
    head = [(inj.title, "bold underline" if newest else "bold")]
    if inj.counterfactual:
        head.append(("  [counterfactual: not what happened]", "bold $warning"))
    meta = f"\n{inj.sender} · {inj.medium} · {inj.date} · turn {inj.turn}"
    if not newest:
        return Content.assemble(*head, (meta, "dim"))
    return Content.assemble(*head, (meta, "dim"), "\n\n", reflow(inj.body))


def ruling_card(r: TeamRuling) -> Content:
    parts: list = [(f"Ruling, turn {r.turn}", "bold")]
    if r.voided:
        parts.append((f"  VOIDED: {r.voided}", "bold $warning"))
    parts += ["\n", reflow(r.narrative)]
    if r.roll:
        parts += ["\n", (f"Dice: {r.roll}", "bold $accent")]
    return Content.assemble(*parts)


class RoomNews(Vertical):
    """The public injects, newest in full, and the public rulings, newest first."""

    DEFAULT_CSS = """
    RoomNews { height: 1fr; }
    RoomNews .heading { text-style: bold; color: $accent; margin-top: 1; }
    RoomNews Static { padding: 0 2; }
    """
    EARLIER = 4  # older injects listed by title; the wall is not an archive

    def compose(self) -> ComposeResult:
        yield Static("Released to every team", classes="heading", id="injects-heading")
        yield Static("", id="injects", markup=False)
        yield Static("Rulings told to every team", classes="heading", id="rulings-heading")
        yield Static("", id="rulings", markup=False)

    def show(self, view: PublicView) -> None:
        cards = [
            inject_card(inj, newest=n == 0)
            for n, inj in enumerate(view.injects[: 1 + self.EARLIER])
        ]
        self.query_one("#injects", Static).update(
            Content("\n\n").join(cards) if cards else Content("Nothing released to everyone yet.")
        )
        rulings = [ruling_card(r) for r in view.rulings[:2]]
        self.query_one("#rulings", Static).update(
            Content("\n\n").join(rulings) if rulings else Content("No public ruling yet.")
        )
