"""The logic checks of `ttx validate` (content/logic.py, content/logic_turns.py): one broken copy
of the mini fixture per mistake, each with its exact `file:line:col` and words.

The mini fixture's turns are dated 2015-09-30 and 2016-01 inside a 2015-09..2016-03 period; its
deck (deck-a, deck-b) draws in turn 2; `rupture` is triggered and `manual-1` manual.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from exercise.cli import main
from exercise.content.library import load_library
from exercise.content.logic_turns import impossible, private_gaps
from tests.conftest import MINI, ROOT

# The fixture's own logic gaps, repaired in each copy so that a test sees only its own mistake:
# expected actions by a role outside a private inject's audience, and 60 minutes for turns that
# take 24. (Each repair is skipped once the fixture itself no longer has the gap.)
REPAIRS = (
    *(
        (f"injects/{name}.yaml", "  - role: moscow\n", f"  - role: {role}\n")
        for name, role in (
            ("t1-tehran", "tehran"),
            ("t2-tehran", "tehran"),
            ("t1-pair", "damascus"),
            ("deck-b", "jerusalem"),
        )
    ),
    *(
        (f"injects/{name}.yaml", "objective: moscow-win", f"objective: {role}-win")
        for name, role in (
            ("t1-tehran", "tehran"),
            ("t2-tehran", "tehran"),
            ("t1-pair", "damascus"),
            ("deck-b", "jerusalem"),
        )
    ),
    ("scenarios/mini.yaml", "minutes: 60", "minutes: 30"),
)
RUPTURE_WHEN = '    - {indicator: cohesion, op: "<=", value: 3}'
S = "scenarios/mini.yaml"


@pytest.fixture
def root(mini_copy: Path) -> Path:
    for name, old, new in REPAIRS:
        path = mini_copy / name
        path.write_text(path.read_text().replace(old, new, 1))
    return mini_copy


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text()
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1))


def run(capsys, root: Path, *args: str) -> tuple[int, list[str], str]:
    """Exit code, each line as 'relative/path:line:col: message' (warnings of flags nobody reads,
    which the fixture is full of, left out), and what went to stderr."""
    code = main(["validate", "--root", str(root), *args])
    out = capsys.readouterr()
    lines = [
        line.removeprefix(f"{root}/")
        for line in out.out.splitlines()
        if ": warning: flag '" not in line
    ]
    return code, lines, out.err


def errors(capsys, root: Path, *args: str) -> list[str]:
    code, lines, _ = run(capsys, root, *args)
    assert code == 2, lines
    return lines


def warnings(capsys, root: Path) -> list[str]:
    code, lines, _ = run(capsys, root)
    assert code == 0, lines
    return lines


def test_the_repaired_fixture_is_clean(capsys, root: Path) -> None:
    assert run(capsys, root, "--sources", str(root / "texts"))[:2] == (0, [])


# Injects that cannot play as written


def test_a_trigger_no_scenario_lists_can_never_fire(capsys, root: Path) -> None:
    edit(root, S, "triggered: [rupture]\n", "")
    assert errors(capsys, root) == [
        "injects/rupture.yaml:31:1: this inject has a trigger, but no scenario lists it under "
        "`triggered`, so it can never fire: add it to the `triggered` list of the scenario that "
        "should watch it"
    ]


def test_a_trigger_on_a_decision_its_role_does_not_take(capsys, root: Path) -> None:
    edit(
        root, "injects/rupture.yaml", RUPTURE_WHEN, "    - {decision: t1-moscow/coop, role: tehran}"
    )
    assert errors(capsys, root) == [
        "injects/rupture.yaml:33:40: 'tehran' can never take decision 't1-moscow/coop': it does "
        "not decide on 't1-moscow' (deciders: moscow)"
    ]


def test_a_trigger_on_an_option_not_open_to_its_role(capsys, root: Path) -> None:
    edit(
        root,
        "injects/t2-tehran.yaml",
        "    label: Push hard\n",
        "    label: Push hard\n    roles: [damascus]\n",
    )
    edit(
        root, "injects/rupture.yaml", RUPTURE_WHEN, "    - {decision: t2-tehran/push, role: tehran}"
    )
    assert errors(capsys, root) == [
        "injects/rupture.yaml:33:40: 'tehran' can never take decision 't2-tehran/push': option "
        "'push' is open only to damascus"
    ]


def test_an_option_kept_for_a_role_that_does_not_decide(capsys, root: Path) -> None:
    edit(
        root,
        "injects/t1-moscow.yaml",
        "    label: Push hard\n",
        "    label: Push hard\n    roles: [moscow, tehran]\n",
    )
    assert errors(capsys, root) == [
        "injects/t1-moscow.yaml:20:21: 'tehran' does not decide on this inject (deciders: moscow), "
        "so it can never choose option 'push'"
    ]


def test_an_expected_action_by_a_role_that_never_sees_the_inject(capsys, root: Path) -> None:
    edit(root, "injects/t1-tehran.yaml", "  - role: tehran\n", "  - role: jerusalem\n")
    edit(root, "injects/t1-tehran.yaml", "objective: tehran-win", "objective: jerusalem-win")
    assert errors(capsys, root) == [
        "injects/t1-tehran.yaml:26:11: 'jerusalem' is not in the audience of this private inject "
        "(tehran): it never sees it, so it cannot be expected to act on it"
    ]


def test_a_public_inject_with_an_audience(capsys, root: Path) -> None:
    edit(
        root,
        "injects/t1-news.yaml",
        "visibility: public\n",
        "visibility: public\naudience: [moscow]\n",
    )
    assert errors(capsys, root) == [
        "injects/t1-news.yaml:8:1: a public inject reaches every team, so its audience is "
        "ignored: remove `audience`, or make the inject `visibility: private`"
    ]


@pytest.mark.parametrize(
    "name, old, new, expected",
    [
        (
            "injects/rupture.yaml",
            RUPTURE_WHEN,
            "    - {flag: t1-news-coop, indicator: cohesion}",
            "injects/rupture.yaml:33:28: this condition is a flag test (flag), but 'indicator' "
            "belongs to an indicator test (indicator, op, value)",
        ),
        (
            "injects/rupture.yaml",
            RUPTURE_WHEN,
            '    - {indicator: cohesion, op: "<=", value: 3, role: moscow}',
            "injects/rupture.yaml:33:49: this condition is an indicator test (indicator, op, "
            "value), but 'role' belongs to a decision test (decision, with an optional role)",
        ),
        (
            "injects/t1-news.yaml",
            "    sets: [t1-news-coop]\n",
            "    sets: [t1-news-coop]\n    requires: [{not_flag: t1-moscow-coop, value: 2}]\n",
            "injects/t1-news.yaml:18:43: this condition is a not_flag test (not_flag), but 'value' "
            "belongs to an indicator test (indicator, op, value)",
        ),
        (
            S,
            '    when: [{indicator: cohesion, op: ">=", value: 5}]',
            '    when: [{flag: t1-news-coop, op: ">="}]',
            "scenarios/mini.yaml:31:33: this condition is a flag test (flag), but 'op' belongs "
            "to an indicator test (indicator, op, value)",
        ),
    ],
    ids=["flag-and-indicator", "indicator-and-role", "requires", "end-condition"],
)
def test_a_condition_of_two_kinds(capsys, root: Path, name, old, new, expected) -> None:
    edit(root, name, old, new)
    assert errors(capsys, root) == [
        expected
        + ": a condition tests one thing, so write the other test as a condition of its own"
    ]


def test_a_condition_with_two_whole_tests_is_refused_by_the_schema(capsys, root: Path) -> None:
    edit(
        root,
        "injects/rupture.yaml",
        RUPTURE_WHEN,
        "    - {flag: t1-news-coop, not_flag: t1-moscow-coop}",
    )
    assert (
        "injects/rupture.yaml:33:7: trigger.when[0] must have exactly one of: "
        "indicator+op+value, decision, flag, not_flag"
    ) in errors(capsys, root)


# Each inject comes out once, in one way


def test_an_inject_no_scenario_uses_is_warned_of(capsys, root: Path) -> None:
    edit(root, S, "manual: [manual-1]\n", "")
    assert warnings(capsys, root) == [
        "injects/manual-1.yaml:2:5: warning: no scenario uses this inject (in its schedule, "
        "triggered, manual or a deck, or as the discovery inject of a covert option), so it "
        "never comes out"
    ]


def test_a_covert_move_s_discovery_inject_is_used(capsys, root: Path) -> None:
    edit(root, S, "manual: [manual-1]\n", "")
    edit(
        root,
        "injects/t1-news.yaml",
        "    sets: [t1-news-coop]\n",
        "    sets: [t1-news-coop]\n    covert: {hidden_from: [tehran], discovery: 0.3, "
        "inject: manual-1}\n",
    )
    assert warnings(capsys, root) == []


def test_an_inject_scheduled_and_in_a_deck(capsys, root: Path) -> None:
    edit(root, S, "injects: [deck-a, deck-b]", "injects: [deck-a, deck-b, t2-moscow]")
    assert errors(capsys, root) == [
        "scenarios/mini.yaml:23:62: 't2-moscow' is scheduled in turn 2 and also in deck 'events': "
        "an inject comes out once, in one way, so list it once"
    ]


def test_an_inject_manual_and_scheduled(capsys, root: Path) -> None:
    edit(root, S, "manual: [manual-1]", "manual: [manual-1, t2-moscow]")
    assert errors(capsys, root) == [
        "scenarios/mini.yaml:21:20: 't2-moscow' is scheduled in turn 2 and also listed under "
        "`manual`: an inject comes out once, in one way, so list it once"
    ]


def test_an_inject_marked_manual_and_scheduled(capsys, root: Path) -> None:
    edit(root, S, "injects: [t2-moscow, t2-tehran]", "injects: [t2-moscow, t2-tehran, manual-1]")
    edit(root, S, "manual: [manual-1]\n", "")
    assert errors(capsys, root) == [
        "scenarios/mini.yaml:19:47: 'manual-1' is marked `manual: true` (released only by hand), "
        "but it is scheduled in turn 2: list it under `manual`, or drop `manual: true`"
    ]


def test_an_inject_listed_twice(capsys, root: Path) -> None:
    edit(root, S, "injects: [t2-moscow, t2-tehran]", "injects: [t2-moscow, t2-tehran, t1-news]")
    assert errors(capsys, root) == [
        "scenarios/mini.yaml:19:47: 't1-news' is scheduled in turn 1 and also scheduled in turn 2: "
        "an inject comes out once, in one way, so list it once"
    ]


# Dates


@pytest.mark.parametrize(
    "name, old, new, where",
    [
        (
            "injects/t1-news.yaml",
            'date: "2015-09"',
            'date: "2015-02-29"',
            "injects/t1-news.yaml:4:7",
        ),
        (
            "injects/deck-a.yaml",
            'date: "2015-09"\n',
            'date: "2015-09"\nwindow: {until: "2015-02-29"}\n',
            "injects/deck-a.yaml:5:17",
        ),
        (S, 'date: "2015-09-30"', 'date: "2015-02-29"', "scenarios/mini.yaml:9:38"),
        (S, 'start: "2015-09"', 'start: "2015-02-29"', "scenarios/mini.yaml:4:17"),
        (
            "sources/bibliography.yaml",
            'date: "2020-01"',
            'date: "2015-02-29"',
            "sources/bibliography.yaml:7:11",
        ),
    ],
    ids=["inject", "window", "turn", "period", "bibliography"],
)
def test_an_impossible_date(capsys, root: Path, name, old, new, where) -> None:
    edit(root, name, old, new)
    lines = errors(capsys, root)
    assert f"{where}: '2015-02-29' is not a real date: February 2015 has 28 days" in lines, lines


@pytest.mark.parametrize(
    "date, why",
    [
        ("2018-02-30", "'2018-02-30' is not a real date: February 2018 has 28 days"),
        ("2016-02-29", ""),
        ("2019-04-31", "'2019-04-31' is not a real date: April 2019 has 30 days"),
        ("2019-04", ""),
        ("2019", ""),
    ],
)
def test_impossible(date: str, why: str) -> None:
    assert impossible(date) == why


def test_month_13_is_refused_by_the_schema(capsys, root: Path) -> None:
    edit(root, "injects/t1-news.yaml", 'date: "2015-09"', 'date: "2015-13"')
    assert (
        "injects/t1-news.yaml:4:7: date is '2015-13'; it must be an in-world date "
        "(YYYY, YYYY-MM or YYYY-MM-DD)"
    ) in errors(capsys, root)


def test_a_period_that_ends_before_it_starts(capsys, root: Path) -> None:
    edit(root, S, 'end: "2016-03"', 'end: "2015-03"')
    assert errors(capsys, root) == [
        "scenarios/mini.yaml:4:33: the period ends (2015-03) before it starts (2015-09)"
    ]


def test_a_turn_outside_the_period(capsys, root: Path) -> None:
    edit(root, S, 'date: "2016-01"', 'date: "2016-06"')
    assert errors(capsys, root) == [
        "scenarios/mini.yaml:10:37: turn 2 is dated 2016-06, outside the scenario's period "
        "(2015-09 to 2016-03)"
    ]


def test_a_scheduled_inject_dated_after_its_turn(capsys, root: Path) -> None:
    edit(root, "injects/t1-news.yaml", 'date: "2015-09"', 'date: "2016-01-15"')
    assert errors(capsys, root) == [
        "scenarios/mini.yaml:18:25: 't1-news' is dated 2016-01-15, after turn 1 (2015-09-30), "
        "which lasts until turn 2 opens (2016-01): scheduled in it, the inject would report what "
        "has not happened yet"
    ]


def test_a_scheduled_inject_dated_inside_its_turn_is_fine(capsys, root: Path) -> None:
    # Turn 1 runs until turn 2 opens in January: a December report belongs in it.
    edit(root, "injects/t1-news.yaml", 'date: "2015-09"', 'date: "2015-12"')
    assert run(capsys, root)[:2] == (0, [])


def test_the_last_turn_lasts_until_the_period_ends(capsys, root: Path) -> None:
    edit(root, "injects/t2-moscow.yaml", 'date: "2015-09"', 'date: "2016-04"')
    assert errors(capsys, root) == [
        "scenarios/mini.yaml:19:25: 't2-moscow' is dated 2016-04, after turn 2 (2016-01), which "
        "lasts until the period ends (2016-03): scheduled in it, the inject would report what "
        "has not happened yet"
    ]


def test_a_deck_card_no_drawing_turn_can_reach(capsys, root: Path) -> None:
    edit(
        root,
        "injects/deck-a.yaml",
        'date: "2015-09"\n',
        'date: "2015-09"\nwindow: {until: "2015-10"}\n',
    )
    assert errors(capsys, root) == [
        "injects/deck-a.yaml:5:9: deck 'events' of scenario 'mini' draws in turn 2 (2016-01); "
        "none is inside this card's window 2015-09..2015-10, so it can never be drawn"
    ]


# What each turn brings, and how long the scenario runs


def test_a_turn_that_gives_a_role_no_private_inject(capsys, root: Path) -> None:
    edit(root, S, "injects: [t2-moscow, t2-tehran]", "injects: [t2-moscow]")
    edit(root, S, "manual: [manual-1]", "manual: [manual-1, t2-tehran]")
    expected = [
        "scenarios/mini.yaml:19:5: warning: turn 2 gives no scheduled private inject to tehran, "
        "damascus, jerusalem: every played role should get at least one every turn"
    ]
    assert warnings(capsys, root) == expected
    code, lines, err = run(capsys, root, "--strict")
    assert (code, lines) == (1, expected) and "--strict fails on warnings" in err


def test_a_turn_with_no_schedule_entry_is_warned_of_at_the_turn(capsys, root: Path) -> None:
    edit(root, S, "  - {turn: 2, injects: [t2-moscow, t2-tehran]}\n", "")
    edit(root, S, "manual: [manual-1]", "manual: [manual-1, t2-moscow, t2-tehran]")
    assert warnings(capsys, root) == [
        "scenarios/mini.yaml:10:5: warning: turn 2 gives no scheduled private inject to moscow, "
        "tehran, damascus, jerusalem: every played role should get at least one every turn"
    ]


@pytest.mark.parametrize(
    "minutes, says",
    [
        (
            20,
            "the scenario says it runs 20 minutes, but its 2 turns of 12 minutes take 24: raise "
            "`minutes` or shorten the phases",
        ),
        (
            60,
            "the scenario says it runs 60 minutes, but its 2 turns of 12 minutes take only 24, "
            "leaving 36 for the opening and the hot wash: check `minutes` against the phases",
        ),
    ],
)
def test_minutes_that_disagree_with_the_turns(capsys, root: Path, minutes, says) -> None:
    edit(root, S, "minutes: 30", f"minutes: {minutes}")
    assert warnings(capsys, root) == [f"scenarios/mini.yaml:5:10: warning: {says}"]


# Source texts


BIB_OTHER = """  - key: other
    author: Another Author
    title: A second test document
    publisher: Tests
    date: "2021-01"
    file: other.txt
"""


def test_a_source_text_missing_from_sources_is_named_where_it_is_needed(capsys, root: Path) -> None:
    (root / "sources/bibliography.yaml").write_text(
        (root / "sources/bibliography.yaml").read_text() + BIB_OTHER
    )
    edit(
        root,
        "injects/t1-news.yaml",
        "sources: [{key: doc,",
        'sources: [{key: other, quote: "a sentence from the other text"}, {key: doc,',
    )
    texts = str(root / "texts")
    message = f"source text other.txt for 'other' is not in {texts}"
    # Asked about one file, the report names the missing text there, not only in the file that
    # first cites it (here the same file, so said once).
    code, lines, err = run(capsys, root, str(root / "injects/t1-news.yaml"), "--sources", texts)
    assert (code, lines) == (2, [f"injects/t1-news.yaml:24:19: {message}"])
    assert "quotes checked" not in err
    assert errors(capsys, root, "--sources", texts) == [f"injects/t1-news.yaml:24:19: {message}"]


def test_a_report_on_some_files_says_a_text_they_need_is_missing(capsys, root: Path) -> None:
    texts = root / "empty"
    texts.mkdir()
    code, lines, err = run(
        capsys, root, str(root / "injects/t2-moscow.yaml"), "--sources", str(texts)
    )
    assert (code, lines) == (
        2,
        [f"injects/t2-moscow.yaml:24:19: source text doc.txt for 'doc' is not in {texts}"],
    )
    assert "quotes checked" not in err
    # Over the whole root the text is named once, where it is first needed.
    assert errors(capsys, root, "--sources", str(texts)) == [
        f"roles/control.yaml:11:21: source text doc.txt for 'doc' is not in {texts}"
    ]


# The content we ship


def test_shipped_content_is_clean_in_strict_mode(capsys) -> None:
    code = main(["validate", "--root", str(ROOT), "--strict"])
    out = capsys.readouterr()
    assert code == 0, out.out
    assert out.out == "" and "ok:" in out.err


def test_private_gaps_reads_the_schedule() -> None:
    lib = load_library(MINI)
    assert private_gaps(lib, lib.scenarios["mini"]) == []
    sc = lib.scenarios["mini"]._replace(schedule=((1, ("t1-news", "t1-moscow")),))
    assert private_gaps(lib, sc) == [
        (1, ["tehran", "damascus", "jerusalem"]),
        (2, ["moscow", "tehran", "damascus", "jerusalem"]),
    ]
