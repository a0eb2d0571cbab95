"""validate's warnings: flags nothing reads, briefings that know the future."""

from __future__ import annotations

import shutil
from pathlib import Path

from exercise.cli import main
from tests.conftest import MINI


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    return root


def _warnings(capsys, root: Path) -> list[str]:
    """Each warning as 'relative/path:line:col: message'."""
    assert main(["validate", "--root", str(root)]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if ": warning: " in line]
    return [line.removeprefix(f"{root}/").replace(": warning: ", ": ", 1) for line in lines]


def test_a_flag_set_and_never_read_is_warned_of_where_it_is_set(capsys, tmp_path):
    root = _copy(tmp_path)
    warned = _warnings(capsys, root)
    assert any(
        w.startswith("injects/t1-moscow.yaml:17:12: flag 't1-moscow-coop'") for w in warned
    ), warned
    # a trigger that reads it ends the warning for that flag, and only for that one
    rupture = root / "injects" / "rupture.yaml"
    rupture.write_text(
        rupture.read_text().replace(
            '    - {indicator: cohesion, op: "<=", value: 3}',
            '    - {indicator: cohesion, op: "<=", value: 3}\n    - {flag: t1-moscow-coop}',
        )
    )
    after = _warnings(capsys, root)
    assert not any("'t1-moscow-coop'" in w for w in after)
    assert len(after) == len(warned) - 1


def test_a_briefing_naming_a_later_year_is_warned_of(capsys, tmp_path):
    root = _copy(tmp_path)
    scenario = root / "scenarios" / "mini.yaml"
    scenario.write_text(
        scenario.read_text()
        + "briefings:\n"
        + "  moscow:\n"
        + "    text: You hold the air war. In 2017 you will have won it at Aleppo, and more.\n"
        + '    sources: [{key: doc, quote: "one wanted a negotiated settlement"}]\n'
    )
    warned = [w for w in _warnings(capsys, root) if "flag '" not in w]
    assert len(warned) == 1 and warned[0].startswith("scenarios/mini.yaml:")
    assert "names 2017, after the scenario opens (2015-09-30)" in warned[0]


def test_a_standing_role_briefing_naming_a_later_year_is_warned_of(capsys, tmp_path):
    root = _copy(tmp_path)
    role = root / "roles" / "tehran.yaml"
    text = role.read_text()
    assert "briefing:" in text
    role.write_text(text.replace("briefing: ", "briefing: In 2019 the story ends. ", 1))
    warned = [w for w in _warnings(capsys, root) if w.startswith("roles/tehran.yaml")]
    assert len(warned) == 1 and "names 2019, after scenario 'mini' opens" in warned[0]


def test_yes_no_on_off_stay_words_so_a_key_written_on_is_named_as_written(capsys, tmp_path):
    root = _copy(tmp_path)
    news = root / "injects" / "t1-news.yaml"
    news.write_text(
        news.read_text().replace(
            "    sets: [t1-news-coop]",
            "    sets: [t1-news-coop]\n    covert:\n      hidden_from: [tehran]\n"
            "      discovery: 0.5\n      inject: t1-moscow\n      on: [{flag: t1-news-coop}]",
            1,
        )
    )
    assert main(["validate", "--root", str(root)]) == 2
    out = capsys.readouterr().out
    assert "'on'" in out and "True" not in out, out
