"""Shared indicators (indicators/<id>.yaml): what a scenario's entry takes from its definition,
and one message per mistake, at `file:line:col`, where the mistake was made."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exercise.cli import main
from exercise.content.crossref import cross_check
from exercise.content.indicators import expand
from exercise.content.library import load, scenario_world
from exercise.content.scaffold import write
from exercise.content.scaffold_scenario import new_scenario
from exercise.content.yamlio import parse_text
from exercise.session.catalog import scenarios
from tests.conftest import MINI, ROOT

# The mini scenario's indicators as it wrote them before there were shared definitions.
WRITTEN_OUT = (
    "  - {id: cohesion, label: Cohesion, min: 0, max: 10, start: 5, "
    "higher_is: {moscow: good, tehran: good}}\n"
    "  - {id: escalation, label: Escalation rung, min: 0, max: 6, start: 1}\n"
)
BY_ID = "  - {id: cohesion}\n  - {id: escalation}\n"


@pytest.fixture
def mini(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "content"
    shutil.copytree(MINI, root)
    monkeypatch.chdir(root)  # paths print as an author types them
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def checked(root: Path) -> list[str]:
    loaded = load(root)
    problems = loaded.problems + cross_check(loaded)
    return [str(p) for p in sorted(problems, key=lambda p: (p.path, p.line, p.col))]


def validate_lines(capsys, *args: str) -> tuple[int, list[str]]:
    code = main(["validate", "--root", ".", *args])
    return code, capsys.readouterr().out.splitlines()


# What a scenario gets


def test_by_id_or_written_out_the_world_is_the_same(mini):
    by_id = scenario_world(mini, "mini")
    edit(mini / "scenarios/mini.yaml", BY_ID, WRITTEN_OUT)
    shutil.rmtree(mini / "indicators")
    assert scenario_world(mini, "mini") == by_id


def test_the_shipped_scenarios_keep_the_bounds_and_labels_of_their_definitions():
    lib = load(ROOT).library
    assert sorted(lib.indicators) == sorted(
        [
            "cohesion",
            "regime_control",
            "entrenchment",
            "escalation",
            "leverage",
            "burden",
            "ru_israel",
        ]
    )
    for scenario in lib.scenarios.values():
        for ind in scenario.indicators:
            shared = lib.indicators[ind.id]
            assert (ind.label, ind.min, ind.max) == (shared.label, shared.min, shared.max)
            assert {role for role, _ in ind.higher_is} == set(scenario.roles)


def test_a_scenario_gives_its_own_start_description_and_stances_role_by_role(mini):
    edit(
        mini / "scenarios/mini.yaml",
        "  - {id: cohesion}\n",
        "  - {id: cohesion, start: 8, description: High for now., "
        "higher_is: {moscow: {is: good, weight: 2}}}\n",
    )
    [cohesion, _] = load(mini).library.scenarios["mini"].indicators
    assert (cohesion.start, cohesion.description, cohesion.min, cohesion.max) == (
        8,
        "High for now.",
        0,
        10,
    )
    assert dict(cohesion.higher_is) == {"moscow": "good", "tehran": "good"}
    assert dict(cohesion.weights) == {"moscow": 2.0}


def test_a_definitions_stances_count_only_for_the_roles_a_scenario_plays():
    definition = {"id": "x", "label": "X", "min": 0, "max": 4, "start": 2}
    definition["higher_is"] = {"moscow": "good", "jerusalem": "bad"}
    data = {"roles": ["moscow", "tehran"], "indicators": [{"id": "x"}]}
    [x] = expand(data, {"x": definition}).data["indicators"]
    assert x == {
        "id": "x",
        "label": "X",
        "min": 0,
        "max": 4,
        "start": 2,
        "higher_is": {"moscow": "good"},
    }


stance = st.sampled_from(["good", "bad", "mixed"])
roles = st.sampled_from(["moscow", "tehran", "damascus", "jerusalem"])


@given(
    low=st.integers(-5, 5),
    span=st.integers(0, 10),
    start=st.none() | st.integers(-5, 15),
    label=st.none() | st.text(min_size=1, max_size=5),
    played=st.lists(roles, unique=True),
    defaults=st.dictionaries(roles, stance),
    own=st.dictionaries(roles, stance),
)
def test_expand_takes_bounds_from_the_definition_and_the_rest_from_the_entry_first(
    low, span, start, label, played, defaults, own
):
    definition = {"id": "x", "label": "X", "min": low, "max": low + span, "start": low}
    definition["higher_is"] = defaults
    entry: dict = {"id": "x", "higher_is": own}
    if start is not None:
        entry["start"] = start
    if label is not None:
        entry["label"] = label
    expanded = expand({"roles": played, "indicators": [entry]}, {"x": definition})
    [x] = expanded.data["indicators"]
    assert (x["min"], x["max"]) == (low, low + span)
    assert x["start"] == (low if start is None else start)
    assert x["label"] == (label or "X")
    assert x["higher_is"] == {**{r: v for r, v in defaults.items() if r in played}, **own}
    assert [e.definition for e in expanded.entries] == ["x"]


def test_ttx_new_scenario_names_the_shared_indicators_by_id(mini):
    new = new_scenario(mini, "fresh", turns=1)
    write(new)
    data = parse_text("x", new.text).data
    assert data["indicators"] == [{"id": "cohesion"}, {"id": "escalation"}]
    assert "cohesion 5, escalation 1" in " ".join(new.text.split())
    assert [str(p) for p in load(mini).problems + cross_check(load(mini))] == []


def test_the_start_screen_lists_a_scenario_whose_indicators_are_shared():
    listed = [s.id for s in scenarios(ROOT)]
    assert sorted(listed) == sorted(load(ROOT).library.scenarios)


# One message per mistake


def test_an_unknown_indicator_id_is_told_at_the_entry(mini, capsys):
    edit(mini / "scenarios/mini.yaml", "  - {id: escalation}\n", "  - {id: tension}\n")
    code, lines = validate_lines(capsys)
    assert code == 2
    # the end condition and the injects naming `escalation`, now untracked, are told as before
    assert [line for line in lines if line.startswith("scenarios/mini.yaml:16:")] == [
        "scenarios/mini.yaml:16:10: unknown indicator 'tension': no file in indicators/ defines it"
    ]


def test_an_own_indicator_that_is_not_written_out_in_full_says_what_it_lacks(mini):
    edit(mini / "scenarios/mini.yaml", "  - {id: escalation}\n", "  - {id: tension, label: T}\n")
    assert [line for line in checked(mini) if line.startswith("scenarios/mini.yaml:16:")] == [
        "scenarios/mini.yaml:16:10: indicator 'tension' is not defined in indicators/, so this "
        "scenario defines it alone and needs min, max, start too"
    ]


def test_a_duplicate_definition_names_the_first(mini):
    text = (mini / "indicators/cohesion.yaml").read_text(encoding="utf-8")
    (mini / "indicators/cohesion2.yaml").write_text(text, encoding="utf-8")
    assert checked(mini) == [
        "indicators/cohesion2.yaml:2:5: duplicate indicator id 'cohesion' "
        "(also in indicators/cohesion.yaml:2)",
    ]


def test_bounds_on_a_shared_indicator_are_refused_at_the_key(mini):
    edit(mini / "scenarios/mini.yaml", "  - {id: escalation}\n", "  - {id: escalation, max: 9}\n")
    assert checked(mini) == [
        "scenarios/mini.yaml:16:22: 'max' is the shared indicator's: indicators/escalation.yaml:2 "
        "bounds it 0..6 for every scenario; leave it out (a scenario may give its own start, "
        "label, description and higher_is)",
    ]


def test_a_start_outside_the_bounds_is_told_where_it_is_written(mini):
    edit(mini / "indicators/escalation.yaml", "start: 1", "start: 7")
    edit(mini / "scenarios/mini.yaml", "  - {id: cohesion}\n", "  - {id: cohesion, start: 11}\n")
    assert checked(mini) == [
        "indicators/escalation.yaml:6:8: start 7 is outside 0..6",
        "scenarios/mini.yaml:15:27: start 11 is outside 0..10",
    ]


def test_an_unknown_role_in_a_definitions_stances_is_told_there(mini):
    edit(mini / "indicators/cohesion.yaml", "tehran: good}", "kyiv: good}")
    assert checked(mini) == ["indicators/cohesion.yaml:7:27: unknown role 'kyiv'"]


def test_a_misspelt_definition_used_by_two_scenarios_is_told_once_at_its_id(mini):
    second = (mini / "scenarios/mini.yaml").read_text(encoding="utf-8")
    second = second.replace("id: mini\n", "id: mini-two\n", 1)
    (mini / "scenarios/mini-two.yaml").write_text(second, encoding="utf-8")
    edit(mini / "indicators/escalation.yaml", "id: escalation", "id: escalatoin")
    assert checked(mini) == [
        "indicators/escalation.yaml:2:5: indicator 'escalatoin' is defined but no scenario "
        "tracks it; 2 scenarios and 12 effects or conditions name 'escalation', which is not "
        "defined — a typo?",
    ]


def test_a_definition_that_does_not_load_counts_what_names_it(mini):
    edit(mini / "indicators/cohesion.yaml", "label: Cohesion\n", "")
    lines = checked(mini)
    assert lines[0] == "indicators/cohesion.yaml:1:1: missing required key 'label'"
    assert lines[1].startswith("indicators/cohesion.yaml:1:1: 23 references to 'cohesion' in ")
    assert len(lines) == 2, lines


def test_a_repeated_value_is_a_warning_at_its_key(mini, capsys):
    edit(
        mini / "scenarios/mini.yaml",
        "  - {id: escalation}\n",
        "  - {id: escalation, start: 1, label: Escalation rung}\n",
    )
    assert main(["validate", "--root", "."]) == 0
    out = capsys.readouterr().out
    assert (
        "scenarios/mini.yaml:16:29: warning: start repeats the shared indicator's "
        "(indicators/escalation.yaml:2): leave it out" in out
    )
    assert "scenarios/mini.yaml:16:39: warning: label repeats" in out
    assert main(["validate", "--root", ".", "--strict"]) == 1
