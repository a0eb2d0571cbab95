"""A chart of all indicators over the turns (textual-plotext; imported only when shown).

Each indicator has its own colour and its own marker character, so that the lines are told
apart in colour (the palette is Okabe and Ito's, chosen to stay distinct for colour-blind
readers), in a high-contrast theme and on a screen without colour; the legend under the chart
names each one with its marker.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Static
from textual_plotext import PlotextPlot

from exercise.engine.state import State
from exercise.tui.widgets.indicators import series

RGB = tuple[int, int, int]

# Okabe & Ito (2008), "Color Universal Design": orange, sky blue, bluish green, vermillion,
# reddish purple, yellow, blue; then white. Scenarios have seven indicators today.
PALETTE: tuple[RGB, ...] = (
    (230, 159, 0),
    (86, 180, 233),
    (0, 158, 115),
    (213, 94, 0),
    (204, 121, 167),
    (240, 228, 66),
    (0, 114, 178),
    (255, 255, 255),
)
# On a light background the yellow and the white would vanish: darker stand-ins.
ON_LIGHT: dict[RGB, RGB] = {(240, 228, 66): (150, 130, 0), (255, 255, 255): (0, 0, 0)}
# ASCII or near it: every terminal and browser font has them.
MARKERS: tuple[str, ...] = ("•", "x", "o", "+", "*", "#", "@", "%")


class SeriesStyle(NamedTuple):
    colour: RGB
    marker: str


def series_styles(ids: Sequence[str], dark: bool = True) -> dict[str, SeriesStyle]:
    """The colour and marker of each indicator, by its place in the scenario: every one a colour
    and a marker of its own up to len(PALETTE), then (colour, marker) pairs still distinct up to
    len(PALETTE) * len(MARKERS)."""
    styles = {}
    for n, ind in enumerate(ids):
        colour = PALETTE[n % len(PALETTE)]
        if not dark:
            colour = ON_LIGHT.get(colour, colour)
        styles[ind] = SeriesStyle(colour, MARKERS[(n + n // len(PALETTE)) % len(MARKERS)])
    return styles


def hex_colour(rgb: RGB) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)


class Legend(Static):
    """The indicators' names, each after its marker in its colour; an entry is never split
    across lines (unless it is wider than the whole line)."""

    DEFAULT_CSS = "Legend { height: auto; padding: 0 1; }"
    GAP = "   "

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.entries: list[Content] = []

    def set_entries(self, entries: list[Content]) -> None:
        self.entries = entries
        self.refresh(layout=True)

    def _lines(self, width: int) -> list[Content]:
        lines: list[Content] = []
        line = Content("")
        for entry in self.entries:
            if line and line.cell_length + len(self.GAP) + entry.cell_length > width:
                lines.append(line)
                line = Content("")
            line = line + self.GAP + entry if line else entry
        return [*lines, line] if line else lines

    def render(self) -> Content:
        return Content("\n").join(self._lines(max(1, self.content_size.width)))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self._lines(max(1, width))))


class IndicatorChart(Vertical):
    """All indicators over the turns, scaled to their own ranges (0-100 %), and their legend."""

    DEFAULT_CSS = "IndicatorChart { height: 1fr; } IndicatorChart > PlotextPlot { height: 1fr; }"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.plot = PlotextPlot()
        self.legend = Legend()
        self._shown: tuple[State, str | None] | None = None

    def compose(self) -> ComposeResult:
        yield self.plot
        yield self.legend

    def on_mount(self) -> None:
        # A light theme takes other stand-ins for two colours: drawn again when it changes.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._again())

    def _again(self) -> None:
        if self._shown is not None:
            self.show(*self._shown)

    def show(self, state: State, only: str | None = None) -> None:
        self._shown = (state, only)
        plt = self.plot.plt
        plt.clear_data()
        plt.clear_figure()
        x, values = series(state)
        indicators = state.world.scenario.indicators
        styles = series_styles([i.id for i in indicators], self.app.current_theme.dark)
        entries = []
        for ind in indicators:
            if only and ind.id != only:
                continue
            span = (ind.max - ind.min) or 1
            style = styles[ind.id]
            plt.plot(
                x,
                [100 * (v - ind.min) / span for v in values[ind.id]],
                marker=style.marker,
                color=style.colour,
            )
            name = ind.title
            entries.append(
                Content.assemble((style.marker, f"bold {hex_colour(style.colour)}"), " ", name)
            )
        plt.ylim(0, 100)
        plt.xticks([float(t) for t in range(1, len(state.world.scenario.turns) + 1)])
        plt.title("Indicators over the turns (% of range)")
        plt.xlabel("turn")
        self.legend.set_entries(entries)
        self.plot.refresh()
