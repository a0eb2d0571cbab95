"""One indicator's paths in every session of a cohort, overlaid on one inline SVG chart: a thin
line per session (where many run together the line darkens), the median across the sessions
drawn thick over them. Same frame as the report's charts (svg_chart: size, margins, ticks,
end-condition thresholds); no script, no external assets. Each line's <title> names its
session, so a browser shows it on hover.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from exercise.review.report_types import Threshold
from exercise.review.svg_chart import H, W, axes, look, scales, x_ticks
from exercise.review.svg_chart import threshold as threshold_line


def paths_chart(
    label: str,
    points: Sequence[str],
    paths: dict[str, list[int | None]],
    median: Sequence[float | None],
    lo: int,
    hi: int,
    thresholds: Sequence[Threshold] = (),
) -> str:
    """An SVG element (a string): each session's values over `points`, and their median."""
    n = len(points)
    x, y = scales(n, lo, hi)

    title = escape(label)
    out = [
        f'<svg class="chart" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" '
        f'aria-label="{title}: {len(paths)} sessions" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{title}</title>",
    ]
    out += axes(lo, hi, y)
    out += [threshold_line(th, y(th.value)) for th in thresholds]
    out += x_ticks(points, x)
    for session, values in paths.items():
        out.append(
            _line("path", session, [(x(i), y(v)) for i, v in enumerate(values) if v is not None])
        )
    known = [(i, v) for i, v in enumerate(median) if v is not None]
    out.append(_line("median", "median of the sessions", [(x(i), y(v)) for i, v in known]))
    for i, v in known:
        out.append(
            f'<circle {look("mdot")} cx="{x(i):.1f}" cy="{y(v):.1f}" r="3">'
            f"<title>{escape(points[i])}: median {v:g}</title></circle>"
        )
    out.append("</svg>")
    return "".join(out)


def _line(cls: str, name: str, xy: list[tuple[float, float]]) -> str:
    if not xy:
        return ""
    if len(xy) == 1:  # a session with one point: a dot, so that it is seen at all
        px, py = xy[0]
        return (
            f'<circle {look(f"{cls}-dot")} cx="{px:.1f}" cy="{py:.1f}" r="2">'
            f"<title>{escape(name)}</title></circle>"
        )
    path = " ".join(f"{px:.1f},{py:.1f}" for px, py in xy)
    return f'<polyline {look(cls)} points="{path}"><title>{escape(name)}</title></polyline>'
