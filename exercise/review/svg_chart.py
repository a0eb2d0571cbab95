"""Hand-written inline SVG line charts for the HTML report: no script, no external assets.

One chart per indicator: the value at the start and at the end of each turn, on the indicator's
own bounds, with end-condition thresholds as dashed lines marked in the right margin (the full
label is in the tooltip and listed under the charts). Points carry a <title> so a browser
shows the exact value on hover; the values are also printed beside each point. Rulings that
moved the indicator are dotted vertical lines in the turn they were made (between the value the
turn opened with and the one it ended with), labelled at the top, each listed in the tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from exercise.review.report_types import Threshold

W, H = 330, 190
LEFT, RIGHT, TOP, BOTTOM = 34, 36, 14, 30
OPS = {">=": "\u2265", "<=": "\u2264", "==": "=", ">": ">", "<": "<"}


FONT = 'font-family="Helvetica, Arial, sans-serif"'
# Each part's look as SVG presentation attributes beside its class: the HTML report's
# stylesheet styles the classes in a browser, and WeasyPrint, which applies no page CSS inside an
# inline SVG, draws the PDF from the attributes.
LOOK = {
    "grid": 'stroke="#e3e6ea" stroke-width="1"',
    "axis": 'stroke="#8a929c" stroke-width="1"',
    "tick": f'font-size="10" fill="#5b6470" {FONT}',
    "value": f'font-size="10" fill="#1b1f24" {FONT}',
    "line": 'fill="none" stroke="#1f4e79" stroke-width="2"',
    "dot": 'fill="#1f4e79"',
    "threshold": 'stroke="#b42318" stroke-width="1" stroke-dasharray="4 3"',
    "threshold-label": f'font-size="9" fill="#b42318" {FONT}',
    "ruling": 'stroke="#6b3fa0" stroke-width="1" stroke-dasharray="1 2"',
    "ruling voided": 'stroke="#8a929c" stroke-width="1" stroke-dasharray="1 2"',
    "ruling-label": f'font-size="9" fill="#6b3fa0" {FONT}',
    # The cohort's overlaid paths (cohort_svg; their rules in cohort_html's COHORT_CSS).
    "path": 'fill="none" stroke="#1f4e79" stroke-opacity="0.3" stroke-width="1.5"',
    "path-dot": 'fill="#1f4e79" fill-opacity="0.4"',
    "median": 'fill="none" stroke="#b45309" stroke-width="2.5"',
    "mdot": 'fill="#b45309"',
}


def look(cls: str) -> str:
    """`class="cls"` and the presentation attributes of that class."""
    return f'class="{cls}" {LOOK[cls]}'


@dataclass(frozen=True)
class RulingMark:
    """The rulings of one turn that moved the indicator, drawn at `at` (a point index; the
    turn's own lies between the point it opened with and the one it ended with)."""

    at: float
    label: str
    title: str  # every ruling in it, one a line
    voided: bool  # every ruling in it was voided


def ticks(lo: int, hi: int) -> list[int]:
    span = hi - lo
    if span <= 0:
        return [lo]
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        step = candidate
        if span / candidate <= 6:
            break
    first = lo + (-lo) % step
    return list(range(first, hi + 1, step)) or [lo, hi]


def threshold(th: Threshold, yy: float) -> str:
    """A dashed line at an end-condition threshold, marked in the right gutter."""
    name = escape(f"{th.op} {th.value}: {th.label}")
    mark = f"{OPS.get(th.op, th.op)}{th.value}"
    return (
        f'<line {look("threshold")} x1="{LEFT}" y1="{yy:.1f}" x2="{W - RIGHT}" y2="{yy:.1f}">'
        f"<title>{name}</title></line>"
        f'<text {look("threshold-label")} x="{W - RIGHT + 4}" y="{yy + 3:.1f}">'
        f"{escape(mark)}<title>{name}</title></text>"
    )


def scales(n: int, lo: int, hi: int) -> tuple[Callable[[float], float], Callable[[float], float]]:
    """Where the i-th of `n` points and the value v fall in the plot (values clamped to lo..hi):
    the one frame every chart of the report draws in."""
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    span = (hi - lo) or 1

    def x(i: float) -> float:
        return LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - (min(max(v, lo), hi) - lo) / span)

    return x, y


def axes(lo: int, hi: int, y: Callable[[float], float]) -> list[str]:
    """The value grid with its ticks, and the two axes: the same in every chart of the report."""
    out = []
    for t in ticks(lo, hi):
        yy = y(t)
        out.append(
            f'<line {look("grid")} x1="{LEFT}" y1="{yy:.1f}" x2="{W - RIGHT}" y2="{yy:.1f}"/>'
        )
        out.append(
            f'<text {look("tick")} x="{LEFT - 5}" y="{yy + 3.5:.1f}" text-anchor="end">{t}</text>'
        )
    out.append(f'<line {look("axis")} x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{H - BOTTOM}"/>')
    out.append(
        f'<line {look("axis")} x1="{LEFT}" y1="{H - BOTTOM}" x2="{W - RIGHT}" y2="{H - BOTTOM}"/>'
    )
    return out


def x_ticks(labels: Sequence[str], x: Callable[[float], float], thin: bool = True) -> list[str]:
    """The labels under the x axis; `thin`: at most about a dozen of them, the last always, so
    that a long session's do not run into each other."""
    n = len(labels)
    every = max(1, -(-n // 12)) if thin else 1
    return [
        f'<text {look("tick")} x="{x(i):.1f}" y="{H - BOTTOM + 16}" '
        f'text-anchor="middle">{escape(text)}</text>'
        for i, text in enumerate(labels)
        if i % every == 0 or i == n - 1
    ]


def line_chart(
    label: str,
    labels: list[str],
    values: Sequence[int | None],
    lo: int,
    hi: int,
    thresholds: Sequence[Threshold] = (),
    marks: Sequence[RulingMark] = (),
) -> str:
    """An SVG element (a string) charting `values` over `labels` between `lo` and `hi`."""
    n = len(values)
    x, y = scales(n, lo, hi)

    title = escape(label)
    out = [
        f'<svg class="chart" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" '
        f'aria-label="{title}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{title}</title>",
    ]
    out += axes(lo, hi, y)
    out += [threshold(th, y(th.value)) for th in thresholds]
    out += [_mark(mk, x(mk.at)) for mk in marks]
    out += x_ticks(labels, x)
    points = [(x(i), y(v), v, labels[i]) for i, v in enumerate(values) if v is not None]
    if len(points) > 1:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _, _ in points)
        out.append(f'<polyline {look("line")} points="{path}"/>')
    for px, py, v, text in points:
        out.append(
            f'<circle {look("dot")} cx="{px:.1f}" cy="{py:.1f}" r="3.5">'
            f"<title>{escape(text)}: {v}</title></circle>"
        )
        out.append(
            f'<text {look("value")} x="{px:.1f}" y="{py - 7:.1f}" text-anchor="middle">{v}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _mark(mk: RulingMark, xx: float) -> str:
    cls = "ruling voided" if mk.voided else "ruling"
    title = escape(mk.title)
    return (
        f'<line {look(cls)} x1="{xx:.1f}" y1="{TOP}" x2="{xx:.1f}" y2="{H - BOTTOM}">'
        f"<title>{title}</title></line>"
        f'<text {look("ruling-label")} x="{xx:.1f}" y="{TOP - 3}" text-anchor="middle">'
        f"{escape(mk.label)}<title>{title}</title></text>"
    )
