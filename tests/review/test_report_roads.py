"""The report's roads not taken: there with a `ttx whatif` result of the session, absent and the
report unchanged without one; the decisions that mattered charted, in plain words, escaped."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path

import pytest

from exercise.review.render_html import render_html
from exercise.review.render_md import esc, render_md
from exercise.review.report_json import render_json
from exercise.review.report_model import build_report, report_of_file
from exercise.review.report_roads import MATTERED
from exercise.session import Session
from exercise.session.whatif import forks, read_played, roads_not_taken
from exercise.session.whatif_file import WhatIfFileError
from exercise.session.whatif_types import WhatIf
from tests.review.helpers import TRICKY, played, simulated

RUNS = 30


@pytest.fixture(scope="module")
def hand(tmp_path_factory) -> tuple[Path, WhatIf]:
    path = tmp_path_factory.mktemp("hand") / "hand.ttx"
    played(path).close()
    p = read_played(path)
    found, skipped = forks(p)
    return path, roads_not_taken(p, found, skipped, RUNS)


def test_without_a_result_the_report_is_as_it_was(hand):
    path, _ = hand
    with Session.open(path, readonly=True) as s:
        plain = build_report(s)
    assert plain.roads_not_taken is None
    assert "roads_not_taken" not in json.loads(render_json(plain))
    assert "Roads not taken" not in render_md(plain) and 'id="roads"' not in render_html(plain)


def test_the_section_lists_every_decision_and_charts_those_that_mattered(hand):
    path, result = hand
    model = report_of_file(path, result)
    roads = model.roads_not_taken
    assert roads is not None and roads.runs == RUNS and roads.session_seed == 5
    assert [d.decision for d in roads.decisions] == [d.decision for d in result.decisions]
    assert [s.decision for s in roads.skipped] == ["t1:moscow:free"]
    by_id = {d.decision: d for d in roads.decisions}
    mattered = [by_id[i] for i in roads.mattered]
    assert 0 < len(mattered) <= MATTERED and all(d.beyond_chance for d in mattered)
    sizes = [d.difference.size for d in mattered if d.difference]
    assert sizes == sorted(sizes, reverse=True)
    left_out = [d for d in roads.decisions if d.decision not in roads.mattered and d.beyond_chance]
    assert all(d.difference and d.difference.size <= sizes[-1] for d in left_out)
    for d in roads.decisions:
        assert [o.option for o in d.options if o.chosen] == [d.chosen]
        assert d.sentence.startswith(("Had ", "Whichever option"))


def test_the_same_section_from_an_open_session_and_from_the_file(hand):
    path, result = hand
    with Session.open(path, readonly=True) as s:
        opened = build_report(s, result)
    assert opened.roads_not_taken == report_of_file(path, result).roads_not_taken


def test_markdown_html_and_json_carry_it(hand):
    path, result = hand
    model = report_of_file(path, result)
    roads = model.roads_not_taken
    assert roads is not None
    md = render_md(model)
    assert "- 9. Roads not taken" in md and "## 9. Roads not taken" in md
    assert md.index("## 9. Roads not taken") < md.index("## Appendix A. Improvement plan")
    assert "### Decisions that mattered" in md and "### Every decision analysed" in md
    first = next(d for d in roads.decisions if d.decision == roads.mattered[0])
    assert esc(first.sentence) in md
    html = render_html(model)
    assert f"<strong>{escape(first.sentence)}</strong>" in html
    assert '<a href="#roads">9. Roads not taken</a>' in html and '<section id="roads">' in html
    svgs = [html[i : html.index("</svg>", i) + 6] for i in _all(html, '<svg class="chart fan"')]
    assert len(svgs) == len(roads.mattered)
    for svg in svgs:
        tree = ET.fromstring(svg)  # well-formed: a browser draws it as it is
        assert (
            tree.get("role") == "img" and tree.find("{http://www.w3.org/2000/svg}title") is not None
        )
    doc = json.loads(render_json(model))["roads_not_taken"]
    assert doc["mattered"] == list(roads.mattered) and len(doc["decisions"]) == len(roads.decisions)
    assert list(doc)[:3] == ["runs", "analysed_events", "session_seed"]


def _all(text: str, needle: str) -> list[int]:
    out, at = [], text.find(needle)
    while at >= 0:
        out.append(at)
        at = text.find(needle, at + 1)
    return out


def test_with_too_few_runs_nothing_is_beyond_chance_and_the_report_says_so(tmp_path):
    path = tmp_path / "sim.ttx"
    simulated(path, seed=3).close()
    p = read_played(path)
    found, skipped = forks(p)
    model = report_of_file(path, roads_not_taken(p, found[:4], skipped, 1))
    assert model.roads_not_taken is not None and model.roads_not_taken.mattered == ()
    assert "No option not taken ended further from the team's choice than chance" in render_md(
        model
    )
    assert '<svg class="chart fan"' not in render_html(model)


def test_labels_from_the_content_are_escaped(hand):
    path, result = hand
    d = result.decisions[0]
    tricky = dataclasses.replace(
        d,
        inject_title=TRICKY,
        alternatives=tuple(dataclasses.replace(a, label=TRICKY + a.option) for a in d.alternatives),
    )
    model = report_of_file(path, dataclasses.replace(result, decisions=(tricky,)))
    html = render_html(model)
    assert "<b>close</b>" not in html and "&lt;b&gt;close&lt;/b&gt;" in html
    md = render_md(model)
    assert "<b>" not in md and "\\*partner\\*" in md


def test_a_result_of_another_session_is_refused(hand, tmp_path):
    _, result = hand
    other = tmp_path / "other.ttx"
    simulated(other, seed=3).close()
    with pytest.raises(WhatIfFileError, match="a result for scenario 'mini' seed 5"):
        report_of_file(other, result)
    with Session.open(other, readonly=True) as s, pytest.raises(WhatIfFileError):
        build_report(s, result)


def test_a_result_of_an_earlier_moment_of_the_session_says_what_it_leaves_out(tmp_path):
    from exercise.engine import commands as cmd
    from exercise.session.simulate import VirtualClock

    path = tmp_path / "grown.ttx"
    played(path).close()
    p = read_played(path)
    found, skipped = forks(p)
    result = roads_not_taken(p, found[:2], skipped, 2)
    s = Session.open(path, VirtualClock())
    s.execute(cmd.AddObservation("written after the analysis"))
    s.close()
    md = render_md(report_of_file(path, result))
    assert f"at event {p.state.seq} (the session has {p.state.seq + 1} events now" in md
