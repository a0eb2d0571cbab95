"""Every chart of the report and of the cohort carries its look as SVG presentation attributes,
the same as the page's stylesheet gives its classes. WeasyPrint draws the PDF from the
attributes (without them a cohort's paths printed as black shapes and the ticks in large black
serif), and so does anything that opens an SVG alone; a browser showing the HTML draws it from
the stylesheet, so the two must agree."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from exercise.review.cohort_html import COHORT_CSS
from exercise.review.cohort_svg import paths_chart
from exercise.review.report_css import CSS
from exercise.review.report_types import Threshold
from exercise.review.roads_chart import OTHERS, Fan, fan_chart, swatch
from exercise.review.svg_chart import RulingMark, line_chart

SVG = "{http://www.w3.org/2000/svg}"
# What each kind of drawn element needs so as not to fall back on SVG's defaults (no stroke: an
# invisible line; fill black: a polyline drawn as a black blot, text in 16px black serif).
NEEDS = {
    "line": ("stroke",),
    "polyline": ("fill", "stroke"),
    "polygon": ("fill",),
    "circle": ("fill",),
    "rect": ("fill",),
    "path": ("fill",),
    "text": ("fill", "font-size", "font-family"),
}
THRESHOLDS = (Threshold(7, ">=", "won", True), Threshold(1, "<=", "lost", False))


def _rules() -> list[tuple[frozenset[str], dict[str, str]]]:
    """The stylesheets' `svg.chart .a.b { ... }` rules, in the order a browser applies them."""
    found = []
    for at, (classes, body) in enumerate(
        re.findall(r"svg\.chart ((?:\.[\w-]+)+) \{([^}]*)\}", CSS + COHORT_CSS)
    ):
        decls = dict(
            (k.strip(), v.strip())
            for k, v in (d.split(":", 1) for d in body.split(";") if d.strip())
        )
        names = frozenset(classes.strip(".").split("."))
        found.append((len(names), at, names, decls))
    return [(names, decls) for _, _, names, decls in sorted(found, key=lambda r: r[:2])]


def _same(css: str, attr: str) -> bool:
    def norm(v: str) -> str | float:
        v = " ".join(v.removesuffix("px").split())
        try:
            return float(v)
        except ValueError:
            return v

    return norm(css) == norm(attr)


def _fans() -> str:
    fans = [
        Fan(f"option {k}", k == 2, ((5, 5, 5), (3 + k % 3, 4 + k % 4, 6), (2, 5 + k % 2, 9)))
        for k in range(len(OTHERS) + 1)  # one chosen and one of each style not taken
    ]
    return fan_chart("cohesion", ["event 9", "end T1", "end T2"], fans, 0, 10, THRESHOLDS)


def _paths() -> str:
    paths: dict[str, list[int | None]] = {
        "a.ttx": [4, 5, 7, 8],
        "b.ttx": [4, None, 3, 2],
        "short.ttx": [4, None, None, None],  # one point: drawn as a dot
    }
    return paths_chart(
        "cohesion", ["Start", "T1", "T2", "T3"], paths, [4, 5, 5, None], 0, 10, THRESHOLDS
    )


def _line() -> str:
    marks = (RulingMark(1.5, "R1", "r1", False), RulingMark(2.5, "R2", "r2", True))
    return line_chart(
        "cohesion", ["Start", "T1", "T2", "T3"], [4, 5, None, 8], 0, 10, THRESHOLDS, marks
    )


# Each chart, and the kinds of element it draws (so that the data here draws every one).
CHARTS = {
    "roads": (_fans, {"line", "text", "polygon", "polyline", "circle", "rect"}),
    "roads legend": (
        lambda: "".join(swatch(k, k == 0) for k in range(len(OTHERS) + 1)),
        {"line", "polygon", "circle", "rect"},
    ),
    "cohort": (_paths, {"line", "text", "polyline", "circle"}),
    "report": (_line, {"line", "text", "polyline", "circle"}),
}


@pytest.mark.parametrize("chart", list(CHARTS))
def test_every_drawn_element_carries_the_look_its_class_has_on_screen(chart):
    draw, kinds = CHARTS[chart]
    rules = _rules()
    tree = ET.fromstring(f'<g xmlns="http://www.w3.org/2000/svg">{draw()}</g>')
    drawn = [el for el in tree.iter() if el.tag.removeprefix(SVG) in NEEDS]
    assert {el.tag.removeprefix(SVG) for el in drawn} == kinds
    for el in drawn:
        tag = el.tag.removeprefix(SVG)
        missing = [a for a in NEEDS[tag] if a not in el.attrib]
        assert not missing, (chart, tag, el.attrib, missing)
        classes = set(el.get("class", "").split())
        if not classes:
            continue
        styled = {}
        for names, decls in rules:
            if names <= classes:
                styled.update(decls)
        assert styled, f"{chart}: class {el.get('class')!r} has no rule in the page's stylesheet"
        for prop, value in styled.items():
            if prop == "font-family":  # the page's own type on screen; a sans-serif alone
                continue
            assert _same(value, el.get(prop, "")), (chart, el.get("class"), prop, value, el.attrib)


def test_a_cohort_path_is_a_line_not_a_filled_shape():
    tree = ET.fromstring(_paths())
    lines = [el for el in tree.iter(f"{SVG}polyline") if el.get("class") == "path"]
    assert len(lines) == 2 and all(el.get("fill") == "none" for el in lines)
    assert [el.get("class") for el in tree.iter(f"{SVG}circle")].count("path-dot") == 1
