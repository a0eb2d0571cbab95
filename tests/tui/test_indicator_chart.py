"""The indicator chart: each indicator a colour and a marker of its own, named in the legend."""

from __future__ import annotations

import itertools
import math

import yaml

from exercise.tui.app import FacilitatorApp
from exercise.tui.widgets.indicator_chart import (
    MARKERS,
    ON_LIGHT,
    PALETTE,
    IndicatorChart,
    series_styles,
)
from tests.conftest import ROOT, idle, wait_for
from tests.tui.test_console import opened


def _scenario_indicators() -> list[list[str]]:
    scenarios = sorted((ROOT / "scenarios").glob("*.yaml"))
    assert scenarios
    return [[i["id"] for i in yaml.safe_load(p.read_text())["indicators"]] for p in scenarios]


def test_every_scenarios_indicators_get_colours_and_markers_of_their_own():
    for ids in _scenario_indicators():
        assert len(ids) <= len(PALETTE)  # the palette covers every scenario shipped
        for dark in (True, False):
            styles = series_styles(ids, dark)
            assert list(styles) == ids
            assert len({s.colour for s in styles.values()}) == len(ids)
            assert len({s.marker for s in styles.values()}) == len(ids)


def test_the_palette_and_markers_are_distinct_and_pairs_stay_distinct_beyond_them():
    assert len(set(PALETTE)) == len(PALETTE)
    assert len(set(MARKERS)) == len(MARKERS)
    assert all(len(m) == 1 for m in MARKERS)
    for dark in (True, False):
        ids = [f"i{n}" for n in range(len(PALETTE) * len(MARKERS))]
        styles = series_styles(ids, dark)
        assert len(set(styles.values())) == len(ids)
        first = [styles[i].colour for i in ids[: len(PALETTE)]]
        assert len(set(first)) == len(PALETTE)
    # far enough apart to be told apart, on dark and light grounds ("redmean" distance, which
    # weighs the channels as the eye does; 100 is about a step between two named colours)
    for palette in (PALETTE, [ON_LIGHT.get(c, c) for c in PALETTE]):
        for a, b in itertools.combinations(palette, 2):
            assert _distance(a, b) >= 100, (a, b)


def _distance(a, b) -> float:
    r = (a[0] + b[0]) / 2
    dr, dg, db = (x - y for x, y in zip(a, b, strict=True))
    return math.sqrt((2 + r / 256) * dr * dr + 4 * dg * dg + (2 + (255 - r) / 256) * db * db)


def test_the_order_is_the_scenarios_and_stable():
    two, three = series_styles(["a", "b"]), series_styles(["a", "b", "c"])
    assert two["a"] == three["a"] and two["b"] == three["b"]


async def test_the_chart_draws_each_indicator_in_its_own_marker_and_names_it(session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await pilot.press("4")
        await wait_for(
            pilot,
            lambda: bool(app.screen.query("#chart-plot")) and _legend(app),
            what="the chart tab's legend",
        )
        await idle(pilot)
        chart = app.screen.query_one("#chart-plot", IndicatorChart)
        indicators = app.screen.state.world.scenario.indicators
        styles = series_styles([i.id for i in indicators])
        legend = _legend(app)
        # the plotted area only: the title and the axes' words hold letters too
        plot = "\n".join(line[6:] for line in str(chart.plot.render()).splitlines()[2:-3])
        for ind in indicators:
            marker = styles[ind.id].marker
            assert f"{marker} {ind.label[:1].upper()}{ind.label[1:]}" in legend
            assert marker in plot, (marker, ind.id)


def _legend(app) -> str:
    charts = app.screen.query("#chart-plot")
    return str(charts.first().legend.render()) if charts else ""
