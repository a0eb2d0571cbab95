"""validate on the new option fields: hostile or mistaken covert moves, conditions, briefings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from exercise.cli import main
from tests.conftest import MINI

COVERT = """    covert:
      hidden_from: {hidden}
      discovery: {chance}
      inject: {inject}
      effects: {effects}
      when: [{when}]
"""


def _root(tmp_path: Path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    return root


def _add_to_first_option(root: Path, text: str) -> None:
    news = root / "injects" / "t1-news.yaml"
    news.write_text(
        news.read_text().replace(
            "    sets: [t1-news-coop]\n", "    sets: [t1-news-coop]\n" + text, 1
        )
    )


def _problems(capsys, root: Path) -> list[str]:
    code = main(["validate", "--root", str(root)])
    lines = [line for line in capsys.readouterr().out.splitlines() if ": warning: " not in line]
    assert (code == 2) == bool(lines), lines
    return [line.removeprefix(f"{root}/") for line in lines]


def test_a_sound_covert_move_validates(capsys, tmp_path):
    root = _root(tmp_path)
    _add_to_first_option(
        root,
        COVERT.format(
            hidden="[tehran]",
            chance=0.4,
            inject="t1-moscow",
            effects="{cohesion: -1}",
            when="{flag: t1-news-coop}",
        ),
    )
    assert _problems(capsys, root) == []


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        (dict(hidden="[kremlin]"), "unknown role 'kremlin'"),
        (dict(inject="nowhere"), "unknown inject 'nowhere'"),
        (dict(inject="t1-news"), "cannot be discovered by its own inject"),
        (dict(effects="{morale: -1}"), "unknown indicator 'morale'"),
        (dict(when="{flag: never-set}"), "unknown flag 'never-set'"),
        (dict(when='{indicator: mood, op: ">", value: 1}'), "unknown indicator 'mood'"),
        (dict(chance=1.5), "covert.discovery"),
        (dict(chance=0), "covert.discovery"),
        (dict(chance='"often"'), "covert.discovery"),
        (dict(effects="{cohesion: 99}"), "cohesion"),
    ],
)
def test_a_mistaken_covert_move_is_one_line_naming_its_place(capsys, tmp_path, fields, said):
    root = _root(tmp_path)
    values = (
        dict(
            hidden="[tehran]",
            chance=0.4,
            inject="t1-moscow",
            effects="{cohesion: -1}",
            when="{flag: t1-news-coop}",
        )
        | fields
    )
    _add_to_first_option(root, COVERT.format(**values))
    problems = _problems(capsys, root)
    assert problems and all(p.startswith("injects/t1-news.yaml:") for p in problems), problems
    assert any(said in p for p in problems), problems


def test_requires_and_extra_effects_are_checked_like_triggers(capsys, tmp_path):
    root = _root(tmp_path)
    _add_to_first_option(
        root,
        "    requires: [{decision: t1-moscow/nope}]\n"
        "    effects_if:\n      - when: [{not_flag: ghost}]\n        effects: {morale: 2}\n",
    )
    problems = _problems(capsys, root)
    assert any("inject 't1-moscow' has no option 'nope'" in p for p in problems), problems
    assert any("unknown flag 'ghost'" in p for p in problems), problems
    assert any("unknown indicator 'morale'" in p for p in problems), problems


def test_a_briefing_for_a_role_the_scenario_does_not_play_is_refused(capsys, tmp_path):
    root = _root(tmp_path)
    scenario = root / "scenarios" / "mini.yaml"
    scenario.write_text(
        scenario.read_text()
        + "briefings:\n  ankara:\n"
        + "    text: A briefing for a party that is not at the table at all.\n"
        + '    sources: [{key: doc, quote: "one wanted a negotiated settlement"}]\n'
    )
    problems = _problems(capsys, root)
    assert len(problems) == 1 and problems[0].startswith("scenarios/mini.yaml:")
    assert "'ankara' is not a role of this scenario" in problems[0]
