"""Outcome fans for the HTML report's roads not taken: inline SVG, no script, no external asset.

One chart per decision that mattered, on one indicator: from its value as the team decided, for
each option the band its runs spread over (10th to 90th percentile) at the end of each turn, and
their median as a line. The team's own choice is drawn solid, in the report's accent colour and
on top; every other option dashed, each with its own colour (Okabe-Ito), dash and marker, so the
lines part by more than colour. Sizes, axes and end-condition thresholds as svg_chart's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from exercise.review.report_types import Threshold
from exercise.review.svg_chart import H, W, axes, scales, threshold, x_ticks

CHOSEN = "#1f4e79"
OTHERS = ("#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000")
DASHES = ("6 3", "2 3", "8 3 2 3", "4 2 1 2", "10 4", "1 2")
MARKERS = ("square", "triangle", "diamond", "triangle-down", "square", "diamond")


@dataclass(frozen=True)
class Fan:
    label: str  # the option's
    chosen: bool
    points: tuple[tuple[float, float, float], ...]  # (p10, median, p90) at each x label


def style(index: int, chosen: bool) -> tuple[str, str, str]:
    """(colour, dash, marker) of the `index`th option not taken, or of the team's choice."""
    if chosen:
        return CHOSEN, "", "circle"
    n = index % len(OTHERS)
    return OTHERS[n], DASHES[n], MARKERS[n]


def marker(shape: str, x: float, y: float, colour: str, tip: str = "") -> str:
    title = f"<title>{escape(tip)}</title>" if tip else ""
    r = 3.6
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}">{title}</circle>'
    if shape == "square":
        return (
            f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" '
            f'fill="{colour}">{title}</rect>'
        )
    corners = {
        "triangle": ((0, -r - 0.8), (r + 0.6, r), (-r - 0.6, r)),
        "triangle-down": ((0, r + 0.8), (r + 0.6, -r), (-r - 0.6, -r)),
        "diamond": ((0, -r - 0.8), (r + 0.8, 0), (0, r + 0.8), (-r - 0.8, 0)),
    }[shape]
    path = " ".join(f"{x + dx:.1f},{y + dy:.1f}" for dx, dy in corners)
    return f'<polygon points="{path}" fill="{colour}">{title}</polygon>'


def fan_chart(
    label: str,
    labels: Sequence[str],
    fans: Sequence[Fan],
    lo: int,
    hi: int,
    thresholds: Sequence[Threshold] = (),
) -> str:
    """An SVG element (a string): `fans` over `labels` (the decision, then each turn's end)."""
    n = len(labels)
    x, y = scales(n, lo, hi)

    title = escape(label)
    out = [
        f'<svg class="chart fan" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" '
        f'aria-label="{title}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{title}</title>",
    ]
    out += axes(lo, hi, y)
    out += [threshold(th, y(th.value)) for th in thresholds]
    out += x_ticks(labels, x, thin=False)  # every one: the points the options are compared at
    # The options not taken first, the team's choice last: on top of them all.
    order = sorted(range(len(fans)), key=lambda k: fans[k].chosen)
    others = [k for k in range(len(fans)) if not fans[k].chosen]
    for k in order:
        colour, dash, shape = style(others.index(k) if k in others else 0, fans[k].chosen)
        out += _fan(fans[k], labels, x, y, colour, dash, shape)
    out.append("</svg>")
    return "".join(out)


def _fan(fan: Fan, labels: Sequence[str], x, y, colour: str, dash: str, shape: str) -> list[str]:
    pts = fan.points
    upper = [f"{x(i):.1f},{y(p[2]):.1f}" for i, p in enumerate(pts)]
    lower = [f"{x(i):.1f},{y(p[0]):.1f}" for i, p in reversed(list(enumerate(pts)))]
    opacity = "0.22" if fan.chosen else "0.12"
    out = [
        f'<polygon points="{" ".join(upper + lower)}" fill="{colour}" fill-opacity="{opacity}" '
        'stroke="none"/>'
    ]
    line = " ".join(f"{x(i):.1f},{y(p[1]):.1f}" for i, p in enumerate(pts))
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    width = "2.6" if fan.chosen else "1.8"
    out.append(
        f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="{width}"{dashed}/>'
    )
    for i, (p10, median, p90) in enumerate(pts):
        tip = f"{fan.label}, {labels[i]}: median {median:g}, 10\u201390%: {p10:g}\u2013{p90:g}"
        out.append(marker(shape, x(i), y(median), colour, tip))
    return out


def swatch(index: int, chosen: bool) -> str:
    """A small SVG of an option's line and marker, for the legend beside the chart."""
    colour, dash, shape = style(index, chosen)
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    width = "2.6" if chosen else "1.8"
    return (
        '<svg width="34" height="12" viewBox="0 0 34 12" aria-hidden="true" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<line x1="1" y1="6" x2="33" y2="6" stroke="{colour}" stroke-width="{width}"{dashed}/>'
        f"{marker(shape, 17, 6, colour)}</svg>"
    )
