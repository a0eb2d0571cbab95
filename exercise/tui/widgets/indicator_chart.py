"""A chart of all indicators over the turns (textual-plotext; imported only when shown)."""

from __future__ import annotations

from textual_plotext import PlotextPlot

from exercise.engine.state import State
from exercise.tui.widgets.indicators import series


class IndicatorChart(PlotextPlot):
    """All indicators over the turns, scaled to their own ranges (0-100 %)."""

    def show(self, state: State, only: str | None = None) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        x, values = series(state)
        for ind in state.world.scenario.indicators:
            if only and ind.id != only:
                continue
            span = (ind.max - ind.min) or 1
            plt.plot(
                x,
                [100 * (v - ind.min) / span for v in values[ind.id]],
                label=ind.id,
                marker="braille",
            )
        plt.ylim(0, 100)
        plt.xticks([float(t) for t in range(1, len(state.world.scenario.turns) + 1)])
        plt.title("Indicators over the turns (% of range)")
        plt.xlabel("turn")
        self.refresh()
