"""The review console's roads not taken: a `ttx whatif` result beside the session is read with the
report and its decisions that mattered shown (the sentence, the team's choice marked, the spread
bars, the end conditions); without one the tab says which command makes it, and reads it when
asked; a result of another session is refused in plain words. Snapshots at 80x24 and 120x40."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from exercise.review.render_roads import letter
from exercise.review.report_model import report_of_file
from exercise.review.roads_types import RoadDecision, RoadsNotTaken
from exercise.session.whatif import forks, read_played, roads_not_taken
from exercise.session.whatif_file import dumps
from exercise.tui.review_app import ReviewApp
from exercise.tui.screens.review import ReviewScreen
from exercise.tui.widgets.review_roads import MARK, RoadCard
from tests.conftest import idle, wait_for, wait_for_screen, wait_for_text, widget_text
from tests.review.helpers import played, simulated
from tests.tui.test_snapshots import settled, sizes

RUNS = 30


def _whatif(path: Path) -> str:
    p = read_played(path)
    found, skipped = forks(p)
    return dumps(roads_not_taken(p, found, skipped, RUNS))


@pytest.fixture(scope="module")
def hand(tmp_path_factory) -> tuple[Path, str]:
    """A session played by hand, and the text of a whatif result of it."""
    path = tmp_path_factory.mktemp("roads") / "hand.ttx"
    played(path).close()
    return path, _whatif(path)


def _session(tmp_path: Path, hand: tuple[Path, str], with_result: bool) -> Path:
    source, result = hand
    path = tmp_path / "hand.ttx"
    path.write_bytes(source.read_bytes())
    if with_result:
        path.with_suffix(".roads.json").write_text(result, encoding="utf-8")
    return path


def _roads(path: Path) -> RoadsNotTaken:
    from exercise.session.whatif_file import read_whatif

    roads = report_of_file(path, read_whatif(path.with_suffix(".roads.json"))).roads_not_taken
    assert roads is not None and roads.mattered
    return roads


def _flat(text: str) -> str:
    return " ".join(text.split())


async def _roads_tab(pilot, status: str) -> str:
    await wait_for_screen(pilot, ReviewScreen)
    await wait_for_text(pilot, "#review-title", "Review: ")
    await pilot.press("6")
    tabs = pilot.app.screen.query_one("#review-tabs")
    await wait_for(pilot, lambda: tabs.active == "review-roads", what="the roads tab")
    return await wait_for_text(pilot, "#roads-status", status)


def _assert_marked(card: str, d: RoadDecision) -> None:
    """The team's choice, and it alone, is marked: in the list of options and on its bar."""
    lines = card.splitlines()
    k = next(k for k, o in enumerate(d.options) if o.chosen)
    marked = [line for line in lines if line.startswith(f"{MARK} ")]
    assert marked and all(line.startswith(f"{MARK} {letter(k)}  ") for line in marked)
    assert any(d.options[k].label[:20] in line and "(its choice)" in line for line in marked)
    assert any(line.rstrip().endswith("its choice") and "\u2503" in line for line in marked)
    for j, o in enumerate(d.options):
        if not o.chosen:
            assert any(line.startswith(f"  {letter(j)}  {o.label[:20]}") for line in lines)


async def test_the_tab_shows_each_decision_that_mattered(tmp_path, hand):
    path = _session(tmp_path, hand, with_result=True)
    roads = _roads(path)
    by_id = {d.decision: d for d in roads.decisions}
    async with ReviewApp(path).run_test(size=(120, 40)) as pilot:
        status = await _roads_tab(pilot, "read from")
        assert f"{len(roads.decisions)} decisions analysed, {RUNS} runs per option" in status
        cards = list(pilot.app.screen.query(RoadCard))
        assert [c.decision.decision for c in cards] == list(roads.mattered)
        for card, decision in zip(cards, roads.mattered, strict=True):
            d = by_id[decision]
            text = str(card.render())
            assert _flat(d.sentence) in _flat(text)
            _assert_marked(text, d)
            for end in roads.end_conditions:  # each end condition's share, option by option
                shares = [f"{round(o.end_conditions.get(end.id, 0.0) * 100)}%" for o in d.options]
                row = next(line for line in text.splitlines() if end.label[:30] in line)
                assert row.split()[-len(shares) :] == shares


async def test_without_a_result_the_tab_says_how_to_make_one_and_reads_it_when_asked(
    tmp_path, hand
):
    path = _session(tmp_path, hand, with_result=False)
    async with ReviewApp(path).run_test(size=(80, 24)) as pilot:
        status = await _roads_tab(pilot, "No roads not taken")
        result = path.with_suffix(".roads.json")
        assert f"ttx whatif {path} -o {result}" in _flat(status)
        assert not pilot.app.screen.query(RoadCard)
        field = pilot.app.screen.query_one("#roads-file", Input)
        assert field.value == str(result)
        result.write_text(hand[1], encoding="utf-8")  # made in a terminal meanwhile
        field.focus()
        await pilot.press("enter")
        await wait_for_text(pilot, "#roads-status", f"read from {result}")
        await idle(pilot)
        assert len(pilot.app.screen.query(RoadCard)) == len(_roads(path).mattered)


async def test_a_result_of_another_session_is_refused(tmp_path, hand):
    path = _session(tmp_path, hand, with_result=False)
    other = tmp_path / "other.ttx"
    simulated(other).close()
    path.with_suffix(".roads.json").write_text(_whatif(other), encoding="utf-8")
    async with ReviewApp(path).run_test(size=(120, 40)) as pilot:
        status = await _roads_tab(pilot, "could not be read")
        assert "not this session" in status
        assert f"ttx whatif {path} -o {path.with_suffix('.roads.json')}" in _flat(status)
        assert not pilot.app.screen.query(RoadCard)
        assert "Review: " in widget_text(pilot.app, "#review-title")  # the rest is there


@sizes
def test_roads_tab(snap_compare, tmp_path, hand, monkeypatch, size):
    _session(tmp_path, hand, with_result=True)
    monkeypatch.chdir(tmp_path)  # the paths the tab names are the same on every machine

    async def run_before(pilot):
        await _roads_tab(pilot, "read from")
        await settled(pilot)

    assert snap_compare(ReviewApp(Path("hand.ttx")), terminal_size=size, run_before=run_before)
