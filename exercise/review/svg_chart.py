"""Hand-written inline SVG line charts for the HTML report: no script, no external assets.

One chart per indicator: the value at the start and at the end of each turn, on the indicator's
own bounds, with end-condition thresholds as dashed lines marked in the right margin (the full
label is in the tooltip and listed under the charts). Points carry a <title> so a browser
shows the exact value on hover; the values are also printed beside each point.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from exercise.review.report_types import Threshold

W, H = 330, 190
LEFT, RIGHT, TOP, BOTTOM = 34, 36, 14, 30
OPS = {">=": "\u2265", "<=": "\u2264", "==": "=", ">": ">", "<": "<"}


def _ticks(lo: int, hi: int) -> list[int]:
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


def _threshold(th: Threshold, yy: float) -> str:
    """A dashed line at an end-condition threshold, marked in the right gutter."""
    name = escape(f"{th.op} {th.value}: {th.label}")
    mark = f"{OPS.get(th.op, th.op)}{th.value}"
    return (
        f'<line class="threshold" x1="{LEFT}" y1="{yy:.1f}" x2="{W - RIGHT}" y2="{yy:.1f}">'
        f"<title>{name}</title></line>"
        f'<text class="threshold-label" x="{W - RIGHT + 4}" y="{yy + 3:.1f}">'
        f"{escape(mark)}<title>{name}</title></text>"
    )


def line_chart(
    label: str,
    labels: list[str],
    values: Sequence[int | None],
    lo: int,
    hi: int,
    thresholds: Sequence[Threshold] = (),
) -> str:
    """An SVG element (a string) charting `values` over `labels` between `lo` and `hi`."""
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    span = (hi - lo) or 1
    n = len(values)

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - (min(max(v, lo), hi) - lo) / span)

    title = escape(label)
    out = [
        f'<svg class="chart" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" '
        f'aria-label="{title}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{title}</title>",
    ]
    for t in _ticks(lo, hi):
        yy = y(t)
        out.append(f'<line class="grid" x1="{LEFT}" y1="{yy:.1f}" x2="{W - RIGHT}" y2="{yy:.1f}"/>')
        out.append(
            f'<text class="tick" x="{LEFT - 5}" y="{yy + 3.5:.1f}" text-anchor="end">{t}</text>'
        )
    out.append(f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{H - BOTTOM}"/>')
    out.append(
        f'<line class="axis" x1="{LEFT}" y1="{H - BOTTOM}" x2="{W - RIGHT}" y2="{H - BOTTOM}"/>'
    )
    out += [_threshold(th, y(th.value)) for th in thresholds]
    every = max(1, -(-n // 12))  # at most about a dozen x labels
    for i, text in enumerate(labels):
        if i % every == 0 or i == n - 1:
            out.append(
                f'<text class="tick" x="{x(i):.1f}" y="{H - BOTTOM + 16}" '
                f'text-anchor="middle">{escape(text)}</text>'
            )
    points = [(x(i), y(v), v, labels[i]) for i, v in enumerate(values) if v is not None]
    if len(points) > 1:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _, _ in points)
        out.append(f'<polyline class="line" points="{path}"/>')
    for px, py, v, text in points:
        out.append(
            f'<circle class="dot" cx="{px:.1f}" cy="{py:.1f}" r="3.5">'
            f"<title>{escape(text)}: {v}</title></circle>"
        )
        out.append(
            f'<text class="value" x="{px:.1f}" y="{py - 7:.1f}" text-anchor="middle">{v}</text>'
        )
    out.append("</svg>")
    return "".join(out)
