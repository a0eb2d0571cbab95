"""Release windows: the date spans, the schema, and what `validate` says about them, line by line.

The mini fixture's turns are dated 2015-09-30 and 2016-01; its deck (deck-a, deck-b, both dated
2015-09) draws one card in turn 2; `rupture` is triggered and `t1-news` scheduled in turn 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from exercise.content.dates import within
from exercise.content.library import load
from exercise.content.model import Window
from tests.content.test_crossref_checks import Case, run_case

DECK = "  - {id: events, title: Surprises, injects: [deck-a, deck-b], draws: 1, turns: [2]}"


def window(name: str, text: str) -> tuple[str, str, str]:
    """Give injects/<name>.yaml a window line after its date."""
    return (f"injects/{name}.yaml", 'date: "2015-09"\n', f'date: "2015-09"\nwindow: {text}\n')


def deck(draws: int, turns: str) -> tuple[str, str, str]:
    """Redraw the mini deck: `draws` cards at the start of each of `turns`."""
    new = DECK.replace("draws: 1, turns: [2]", f"draws: {draws}, turns: {turns}")
    return ("scenarios/mini.yaml", DECK, new)


@pytest.mark.parametrize(
    "date, start, until, inside",
    [
        ("2015-08", "2015-08", "2015-08", True),
        ("2015-08-31", "2015-08", "", True),
        ("2015-08", "2015-08-02", "", False),  # the month starts before the window opens
        ("2015-08", "", "2015-08-30", False),  # and ends after it closes
        ("2015-02", "", "2015-02-28", True),  # a month ends on its last day, not the 31st
        ("2016-02", "", "2016-02-28", False),  # a leap year's February has 29 days
        ("2022", "2022-01", "2022-12", True),
        ("2022", "2022-02", "2022-12", False),  # a turn dated by its year is the whole year
        ("2024-12", "2024", "2024", True),
        ("2019-02", "2018-01", "2018-12", False),
        ("2015-08", "", "", True),
    ],
)
def test_within(date: str, start: str, until: str, inside: bool) -> None:
    assert within(date, start, until) is inside


def test_release_window_opens_at_the_inject_date_unless_it_says_otherwise(mini_copy: Path) -> None:
    path = mini_copy / "injects/deck-a.yaml"
    path.write_text(
        path.read_text().replace(
            'date: "2015-09"\n', 'date: "2015-09"\nwindow: {until: "2015-12"}\n'
        )
    )
    lib = load(mini_copy).library
    assert lib.injects["deck-a"].window == Window("", "2015-12")
    assert lib.injects["deck-a"].release_window() == Window("2015-09", "2015-12")
    assert lib.injects["deck-b"].window is None
    assert lib.injects["deck-b"].release_window() == Window("2015-09", "")
    assert lib.injects["deck-b"].release_window().text() == "2015-09.."


@pytest.mark.parametrize(
    "text, message",
    [
        ("{}", "should be non-empty"),
        ('{from: "2015-13"}', "it must be an in-world date"),
        ('{start: "2015-10"}', "start"),
        ('"2015-10"', "window should be a mapping"),
    ],
)
def test_schema_refuses_a_malformed_window(mini_copy: Path, text: str, message: str) -> None:
    path = mini_copy / "injects/deck-a.yaml"
    path.write_text(
        path.read_text().replace('date: "2015-09"\n', f'date: "2015-09"\nwindow: {text}\n')
    )
    problems = [str(p) for p in load(mini_copy).problems]
    assert len(problems) == 1 and "deck-a.yaml:5:" in problems[0], problems
    assert message in problems[0]


CASES: dict[str, Case] = {
    "closes-before-it-opens": Case(
        (window("deck-a", '{from: "2016-01", until: "2015-12"}'),),
        (
            "injects/deck-a.yaml:5:34: the window closes (2015-12) before it opens (2016-01)",
            "injects/deck-a.yaml:5:9: deck 'events' of scenario 'mini' draws in turn 2 (2016-01); "
            "none is inside this card's window 2016-01..2015-12, so it can never be drawn",
        ),
    ),
    "closes-before-the-date": Case(
        (window("t1-news", '{until: "2015-08"}'),),
        (
            "injects/t1-news.yaml:5:17: the window closes (2015-08) before the inject's date "
            "(2015-09)",
            "injects/t1-news.yaml:5:9: scenario 'mini' schedules this inject in turn 1 "
            "(2015-09-30), outside its window 2015-09..2015-08",
        ),
    ),
    "opens-before-the-date": Case(
        (window("deck-a", '{from: "2015-08"}'),),
        (
            "injects/deck-a.yaml:5:16: the window opens (2015-08) before the inject's own date "
            "(2015-09): it would come out before it happened",
        ),
    ),
    "card-no-turn-reaches": Case(
        (window("deck-a", '{until: "2015-12"}'),),
        (
            "injects/deck-a.yaml:5:9: deck 'events' of scenario 'mini' draws in turn 2 (2016-01); "
            "none is inside this card's window 2015-09..2015-12, so it can never be drawn",
        ),
    ),
    "card-dated-after-every-turn": Case(
        (("injects/deck-b.yaml", 'date: "2015-09"', 'date: "2016-02"'),),
        (
            "injects/deck-b.yaml:4:7: deck 'events' of scenario 'mini' draws in turn 2 (2016-01); "
            "none is inside this card's window 2016-02.., so it can never be drawn",
        ),
    ),
    "turn-with-no-card": Case(
        (window("deck-a", '{until: "2015-12"}'), window("deck-b", '{until: "2015-10"}')),
        (
            "injects/deck-a.yaml:5:9: deck 'events' of scenario 'mini' draws in turn 2 (2016-01); "
            "none is inside this card's window 2015-09..2015-12, so it can never be drawn",
            "injects/deck-b.yaml:5:9: deck 'events' of scenario 'mini' draws in turn 2 (2016-01); "
            "none is inside this card's window 2015-09..2015-10, so it can never be drawn",
            "scenarios/mini.yaml:23:81: deck 'events' draws in turn 2 (2016-01), but no card's "
            "window contains that date: the draw would find nothing",
        ),
    ),
    # deck-a only fits turn 1; both turns draw; turn 1 may take deck-b, leaving turn 2 nothing.
    "earlier-draws-may-take-every-card": Case(
        (
            window("deck-a", '{until: "2015-09"}'),
            deck(1, "[2, 1]"),
        ),
        (
            "scenarios/mini.yaml:23:81: deck 'events' draws in turn 2 (2016-01), but earlier "
            "draws may take every card dated for it (deck-b): the draw may find nothing",
        ),
    ),
    "two-draws-one-card": Case(
        (
            window("deck-a", '{until: "2015-09"}'),
            deck(2, "[2]"),
        ),
        (
            "injects/deck-a.yaml:5:9: deck 'events' of scenario 'mini' draws in turn 2 (2016-01); "
            "none is inside this card's window 2015-09..2015-09, so it can never be drawn",
            "scenarios/mini.yaml:23:81: deck 'events' draws 2 in turn 2 (2016-01), but as few as "
            "1 of the cards dated for it (deck-b) may be left by then: a draw may find nothing",
        ),
    ),
    "two-draws-two-cards-is-enough": Case(
        (deck(2, "[2]"),),
        (),
    ),
    "a-deck-drawn-by-hand-reaches-every-turn": Case(
        (
            window("deck-a", '{until: "2015-09"}'),
            deck(0, "[2]"),
        ),
        (),
    ),
    "triggered-outside-its-window": Case(
        (
            (
                "injects/rupture.yaml",
                'date: "2015-09"\n',
                'date: "2015-09"\nwindow: {from: "2016-01"}\n',
            ),
        ),
        (
            "injects/rupture.yaml:5:9: its trigger can release it in turn 1 (2015-09-30) of "
            "scenario 'mini', outside its window 2016-01..: narrow trigger.from_turn/until_turn "
            "or the window",
        ),
    ),
    "triggered-held-to-its-window": Case(
        (
            (
                "injects/rupture.yaml",
                'date: "2015-09"\n',
                'date: "2015-09"\nwindow: {from: "2016-01"}\n',
            ),
            ("injects/rupture.yaml", "trigger:\n", "trigger:\n  from_turn: 2\n"),
        ),
        (),
    ),
    "scheduled-outside-its-window": Case(
        (window("t2-moscow", '{until: "2015-12"}'),),
        (
            "injects/t2-moscow.yaml:5:9: scenario 'mini' schedules this inject in turn 2 "
            "(2016-01), outside its window 2015-09..2015-12",
        ),
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_window_message(tmp_path: Path, name: str) -> None:
    lines, schema_problems = run_case(tmp_path, CASES[name])
    assert schema_problems == []
    assert lines == list(CASES[name].expected)
