"""Indicators: current value, change this turn, and the series a chart draws."""

from __future__ import annotations

from rich.text import Text

from exercise.engine.state import State
from exercise.tui.internals.table import DataTable
from exercise.tui.widgets.tables import refill


def series(state: State) -> tuple[list[float], dict[str, list[int]]]:
    """Turn numbers and values: each turn's opening values, then the current ones."""
    turns = [t for t, _ in state.indicator_history]
    values = {
        i.id: [v[i.id] for _, v in state.indicator_history] for i in state.world.scenario.indicators
    }
    x = [float(t) for t in turns] + [turns[-1] + 0.9 if turns else 1.0]
    for i in state.world.scenario.indicators:
        values[i.id].append(state.indicators[i.id])
    return x, values


def bar(value: int, lo: int, hi: int, width: int = 10) -> str:
    filled = round((value - lo) / (hi - lo) * width) if hi > lo else 0
    return "█" * filled + "·" * (width - filled)


class IndicatorTable(DataTable):
    DEFAULT_CSS = "IndicatorTable { height: auto; }"

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.add_columns("Indicator", "Value", "", "Δ turn")

    def show(self, state: State) -> None:
        refill(self, (self._row(state, ind) for ind in state.world.scenario.indicators))

    @staticmethod
    def _row(state: State, ind) -> tuple[tuple, str]:
        value = state.indicators[ind.id]
        delta = value - state.turn_start_indicators.get(ind.id, value)
        style = "green" if delta > 0 else "red" if delta < 0 else "dim"
        return (
            Text.assemble(
                ind.title,
                (" · on screen", "italic") if ind.id in state.shown else "",
            ),
            Text(f"{value}/{ind.max}"),
            Text(bar(value, ind.min, ind.max)),
            Text(f"{delta:+d}" if delta else "·", style=style),
        ), ind.id
