"""The content we ship: it validates, it is grounded, every turn gives every team a private
inject, and every inject can fire (or is explicitly manual-only)."""

import pytest

from exercise.content.library import load_library
from exercise.content.logic_turns import private_gaps
from exercise.content.validate import validate
from tests.conftest import ROOT, shared_sources

LIBRARY = load_library(ROOT)
SCENARIOS = sorted(LIBRARY.scenarios)
PLAYED = ("moscow", "tehran", "damascus", "jerusalem")


def test_shipped_content_validates():
    report = validate(ROOT)
    assert report.problems == []
    assert report.counts["injects"] >= 60 and report.counts["scenarios"] == 7


def test_every_quote_is_verbatim_in_its_source():
    sources = shared_sources()
    if sources is None:
        pytest.skip("source texts not found: set TTX_SOURCES or place them at ../shared/sources")
    report = validate(ROOT, sources_dir=sources)
    assert [str(p) for p in report.problems] == []


def test_roles_and_actors():
    for role in PLAYED:
        r = LIBRARY.roles[role]
        assert r.played and 5 <= len(r.objectives) <= 8 and 6 <= len(r.levers) <= 10 and r.red_lines
        assert r.doctrine.weights and r.doctrine.sources
    assert not LIBRARY.roles["control"].played
    actors = set(LIBRARY.actors())
    assert {
        "ankara",
        "washington",
        "gulf",
        "hezbollah",
        "sdf",
        "opposition",
        "baghdad",
        "amman",
    } <= actors


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_every_turn_gives_every_team_a_private_inject(scenario_id):
    # The same rule `ttx validate` warns of (tests/content/test_logic.py), asked of shipped content.
    sc = LIBRARY.scenarios[scenario_id]
    assert set(sc.roles) == set(PLAYED)
    assert private_gaps(LIBRARY, sc) == [], "(turn, roles given no private inject)"


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_scenario_shape(scenario_id):
    sc = LIBRARY.scenarios[scenario_id]
    assert sc.decks and sc.end_conditions and sc.readme.strip()
    assert len(sc.turns) == (3 if scenario_id == "demo" else 4)
    if scenario_id == "demo":
        assert sc.minutes == 90


def test_conditional_injects():
    conditional = [i for i in LIBRARY.injects.values() if i.trigger is not None]
    assert len(conditional) >= 10
    assert sum(1 for i in conditional if i.counterfactual) >= 10


def test_every_inject_is_well_formed():
    for inj in LIBRARY.injects.values():
        assert 1 <= len(inj.questions) <= 3, inj.id
        assert 2 <= len(inj.options) <= 4, inj.id
        assert inj.history is not None and inj.history.sources, inj.id
        assert inj.expected, inj.id
        assert inj.sources, inj.id


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_every_played_role_has_a_briefing_for_the_scenarios_start(scenario_id):
    sc = LIBRARY.scenarios[scenario_id]
    assert {r for r, _ in sc.briefings} == set(sc.roles)
    for role, briefing in sc.briefings:
        assert 120 <= len(briefing.text.split()) <= 400, role
        assert briefing.sources


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_concealment_is_in_play_and_damascus_meets_jerusalem(scenario_id):
    sc = LIBRARY.scenarios[scenario_id]
    injects = LIBRARY.scenario_injects(sc)
    covert = [o for i in injects.values() for o in i.options if o.covert is not None]
    assert len(covert) >= 2
    for option in covert:
        assert option.covert.inject in injects  # its discovery inject travels with the world
    face_to_face = [
        i for i in injects.values() if {"damascus", "jerusalem"} <= set(i.deciders_in(sc.roles))
    ]
    assert face_to_face, "no inject puts Damascus and Jerusalem in front of each other"
