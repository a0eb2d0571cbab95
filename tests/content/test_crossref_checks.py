"""cross_check, message by message: one broken copy of the mini fixture per message it can give.

The expected lines are exact (text, `file:line:col`, and order within a run), so that splitting
cross_check into one check per kind of content cannot change what an author is told.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from exercise.content.crossref import cross_check
from exercise.content.library import load
from tests.conftest import MINI

# A second scenario, so that an indicator can be known to the library but not to `mini`.
MINI2 = """\
kind: scenario
id: mini2
title: A second test scenario
period: {start: "2015-09", end: "2016-03"}
minutes: 60
readme: A one-turn scenario that tracks an indicator the first one does not.
roles: [moscow, tehran]
turns:
  - {number: 1, name: Opening, date: "2015-09-30"}
phases:
  - {name: Decide, minutes: 10}
indicators:
  - {id: cohesion}
  - {id: escalation}
  - {id: other, label: Other, min: 0, max: 4, start: 2}
schedule:
  - {turn: 1, injects: [t1-moscow]}
"""

RUPTURE_WHEN = '    - {indicator: cohesion, op: "<=", value: 3}'
CITE = '[{key: doc, quote: "their aims diverged"}]'
QUOTE = '"one wanted a negotiated settlement, the other a military victory"'


class Case(NamedTuple):
    edits: tuple[tuple[str, str, str], ...]  # (file under the root, text to find, its replacement)
    expected: tuple[str, ...]
    sources: str | None = None  # a folder under the root to check quotes against
    broken: tuple[str, ...] = ()  # files meant to fail their schema
    second_scenario: bool = False


def when(*conditions: str) -> tuple[str, str, str]:
    return ("injects/rupture.yaml", RUPTURE_WHEN, "\n".join(conditions))


CASES: dict[str, Case] = {
    "actor-is-role": Case(
        (
            (
                "roles/control.yaml",
                "actors:\n",
                f"actors:\n  - id: moscow\n    name: Moscow again\n"
                f"    description: An actor sharing a role's id.\n    sources: {CITE}\n",
            ),
        ),
        ("roles/control.yaml:8:3: actor id 'moscow' is also a role id",),
    ),
    "role-duplicate-ids": Case(
        (
            (
                "roles/moscow.yaml",
                "levers:\n",
                f"red_lines:\n  - id: moscow-win\n    text: A line the team will not cross.\n"
                f"    sources: {CITE}\nlevers:\n",
            ),
            ("roles/moscow.yaml", "  - id: moscow-lever", "  - id: moscow-win"),
        ),
        (
            "roles/moscow.yaml:12:9: duplicate id 'moscow-win' (also in objectives)",
            "roles/moscow.yaml:16:9: duplicate id 'moscow-win' (also in red_lines)",
        ),
    ),
    "unknown-sender": Case(
        (("injects/t1-news.yaml", "from: ankara", "from: atlantis"),),
        ("injects/t1-news.yaml:5:7: unknown sender 'atlantis': not a role or actor",),
    ),
    "unknown-audience-and-deciders": Case(
        (
            (
                "injects/t1-moscow.yaml",
                "audience: [moscow]",
                "audience: [moscow, kyiv]\ndeciders: [kyiv, moscow]",
            ),
        ),
        (
            "injects/t1-moscow.yaml:8:20: unknown role 'kyiv'",
            "injects/t1-moscow.yaml:9:12: unknown role 'kyiv'",
        ),
    ),
    "duplicate-option": Case(
        (("injects/t1-news.yaml", "  - id: push", "  - id: coop"),),
        ("injects/t1-news.yaml:18:9: duplicate option id 'coop'",),
    ),
    "option-unknown-role": Case(
        (
            (
                "injects/t1-news.yaml",
                "    label: Push hard\n",
                "    label: Push hard\n    roles: [moscow, kyiv]\n",
            ),
        ),
        ("injects/t1-news.yaml:20:21: unknown role 'kyiv'",),
    ),
    "effect-unknown-indicator": Case(
        (("injects/t1-news.yaml", "effects: {cohesion: 1}", "effects: {cohesion: 1, nope: 1}"),),
        ("injects/t1-news.yaml:16:28: unknown indicator 'nope'",),
    ),
    "until-before-from": Case(
        (("injects/rupture.yaml", "trigger:\n", "trigger:\n  from_turn: 2\n  until_turn: 1\n"),),
        ("injects/rupture.yaml:33:15: until_turn is before from_turn",),
    ),
    "expected-unknown-role": Case(
        (("injects/t1-news.yaml", "  - role: moscow", "  - role: kyiv"),),
        ("injects/t1-news.yaml:26:11: unknown role 'kyiv'",),
    ),
    "expected-unknown-objective": Case(
        (("injects/t1-news.yaml", "objective: moscow-win", "objective: moscow-lose"),),
        ("injects/t1-news.yaml:28:16: role 'moscow' has no objective 'moscow-lose'",),
    ),
    "expected-unknown-option": Case(
        (
            (
                "injects/t1-news.yaml",
                "    objective: moscow-win\n",
                "    objective: moscow-win\n    options: [coop, surrender]\n",
            ),
        ),
        ("injects/t1-news.yaml:29:21: no option 'surrender' in this inject (options: coop, push)",),
    ),
    "expected-option-not-open": Case(
        (
            (
                "injects/t1-news.yaml",
                "    label: Cooperate with the partner\n",
                "    label: Cooperate with the partner\n    roles: [tehran]\n",
            ),
            (
                "injects/t1-news.yaml",
                "    objective: moscow-win\n",
                "    objective: moscow-win\n    options: [coop]\n",
            ),
        ),
        ("injects/t1-news.yaml:30:15: option 'coop' is not open to 'moscow'",),
    ),
    "condition-unknown-indicator": Case(
        (when('    - {indicator: nope, op: "<=", value: 3}'),),
        ("injects/rupture.yaml:33:19: unknown indicator 'nope'",),
    ),
    "condition-unknown-inject": Case(
        (when("    - {decision: nope/coop}"),),
        ("injects/rupture.yaml:33:18: unknown inject 'nope' in decision 'nope/coop'",),
    ),
    "condition-unknown-option": Case(
        (when("    - {decision: t1-moscow/surrender}"),),
        (
            "injects/rupture.yaml:33:18: inject 't1-moscow' has no option 'surrender' "
            "(options: coop, push)",
        ),
    ),
    "condition-unknown-role": Case(
        (when("    - {decision: t1-moscow/coop, role: kyiv}"),),
        ("injects/rupture.yaml:33:40: unknown role 'kyiv'",),
    ),
    # A decision on an inject that failed its schema says nothing more, not even about its role.
    "condition-on-broken-inject": Case(
        (
            when("    - {decision: t1-moscow/coop, role: kyiv}"),
            ("injects/t1-moscow.yaml", "title: Test inject t1-moscow\n", ""),
        ),
        (
            "injects/t1-moscow.yaml:1:1: 2 references to 't1-moscow' in 2 files were not checked "
            "because injects/t1-moscow.yaml did not load",
        ),
        broken=("injects/t1-moscow.yaml",),
    ),
    "condition-unknown-flags": Case(
        (when("    - {flag: nope}", "    - {not_flag: t1-news-coop}", "    - {not_flag: nada}"),),
        (
            "injects/rupture.yaml:33:14: unknown flag 'nope': no option sets it",
            "injects/rupture.yaml:35:18: unknown flag 'nada': no option sets it",
        ),
    ),
    "turn-numbering": Case(
        (("scenarios/mini.yaml", "{number: 2, name: Second", "{number: 3, name: Second"),),
        ("scenarios/mini.yaml:10:14: turns must be numbered 1, 2, 3...; expected 2, found 3",),
    ),
    "scenario-roles": Case(
        (
            (
                "scenarios/mini.yaml",
                "roles: [moscow, tehran, damascus, jerusalem]",
                "roles: [moscow, tehran, damascus, jerusalem, kyiv, control]",
            ),
        ),
        (
            "scenarios/mini.yaml:7:46: unknown role 'kyiv'",
            "scenarios/mini.yaml:7:52: role 'control' is not a played role",
        ),
    ),
    # The scenario is quiet about a role whose file failed its schema; injects are not.
    "scenario-role-broken": Case(
        (("roles/damascus.yaml", "name: Damascus\n", ""),),
        (  # the root cause, not an "unknown role" line wherever the broken role is named
            "roles/damascus.yaml:1:1: 4 references to 'damascus' in 3 files were not checked "
            "because roles/damascus.yaml did not load",
        ),
        broken=("roles/damascus.yaml",),
    ),
    "indicators": Case(
        (
            (
                "scenarios/mini.yaml",
                "  - {id: escalation}",
                "  - {id: escalation, start: 9}\n"
                "  - {id: cohesion, label: Again, start: 1, higher_is: {kyiv: good}}",
            ),
        ),
        (
            "scenarios/mini.yaml:16:29: start 9 is outside 0..6",
            "scenarios/mini.yaml:17:10: duplicate indicator id 'cohesion'",
            "scenarios/mini.yaml:17:56: unknown role 'kyiv'",
        ),
    ),
    "schedule-turn": Case(
        (("scenarios/mini.yaml", "{turn: 2, injects", "{turn: 3, injects"),),
        ("scenarios/mini.yaml:19:12: turn 3 is out of range 1..2",),
    ),
    "unknown-injects": Case(
        (
            (
                "scenarios/mini.yaml",
                "injects: [t2-moscow, t2-tehran]",
                "injects: [t2-moscow, t2-nope]",
            ),
            ("scenarios/mini.yaml", "triggered: [rupture]", "triggered: [rupture, trig-nope]"),
            ("scenarios/mini.yaml", "manual: [manual-1]", "manual: [man-nope, manual-1]"),
            ("scenarios/mini.yaml", "injects: [deck-a, deck-b]", "injects: [deck-a, deck-nope]"),
        ),
        (
            "scenarios/mini.yaml:19:36: unknown inject 't2-nope'",
            "scenarios/mini.yaml:20:22: unknown inject 'trig-nope'",
            "scenarios/mini.yaml:21:10: unknown inject 'man-nope'",
            "scenarios/mini.yaml:23:54: unknown inject 'deck-nope'",
        ),
    ),
    "broken-inject-not-missing": Case(
        (("injects/t2-tehran.yaml", "title: Test inject t2-tehran\n", ""),),
        (
            "injects/t2-tehran.yaml:1:1: 1 reference to 't2-tehran' in 1 file was not checked "
            "because injects/t2-tehran.yaml did not load",
        ),
        broken=("injects/t2-tehran.yaml",),
    ),
    "triggered-without-trigger": Case(
        (("scenarios/mini.yaml", "triggered: [rupture]", "triggered: [rupture, t1-news]"),),
        ("scenarios/mini.yaml:20:22: inject 't1-news' is listed as triggered but has no trigger",),
    ),
    "deck-turns": Case(
        (("scenarios/mini.yaml", "turns: [2]}", "turns: [2, 5]}"),),
        ("scenarios/mini.yaml:23:84: turn 5 is out of range 1..2",),
    ),
    "end-conditions": Case(
        (
            (
                "scenarios/mini.yaml",
                'when: [{indicator: escalation, op: ">=", value: 6}]',
                'when: [{indicator: other, op: ">=", value: 6}, '
                '{indicator: nope, op: ">=", value: 1},'
                " {decision: t1-news/surrender}]",
            ),
        ),
        (
            "scenarios/mini.yaml:27:24: indicator 'other' is not tracked by this scenario",
            "scenarios/mini.yaml:27:64: indicator 'nope' is not tracked by this scenario",
            "scenarios/mini.yaml:27:64: unknown indicator 'nope'",
            "scenarios/mini.yaml:27:102: inject 't1-news' has no option 'surrender' "
            "(options: coop, push)",
        ),
        second_scenario=True,
    ),
    "effects-in-scenario": Case(
        (
            (
                "injects/t2-moscow.yaml",
                "effects: {cohesion: -2, escalation: 1}",
                "effects: {cohesion: -2, escalation: 7, other: 1}",
            ),
            (
                "injects/t2-tehran.yaml",
                "effects: {cohesion: -2, escalation: 1}",
                "effects: {cohesion: -2, escalation: -7}",
            ),
        ),
        (
            "injects/t2-moscow.yaml:21:41: effect +7 is outside the bounds of 'escalation' (0..6) "
            "in scenario 'mini'",
            "injects/t2-moscow.yaml:21:44: indicator 'other' is not tracked by scenario 'mini', "
            "which uses this inject",
            "injects/t2-tehran.yaml:21:41: effect -7 is outside the bounds of 'escalation' (0..6) "
            "in scenario 'mini'",
        ),
        second_scenario=True,
    ),
    "trigger-in-scenario": Case(
        (
            when(
                '    - {indicator: other, op: "<=", value: 3}',
                '    - {indicator: cohesion, op: ">=", value: 11}',
                "  from_turn: 3",
                "  until_turn: 4",
            ),
        ),
        (
            "injects/rupture.yaml:33:19: indicator 'other' is not tracked by scenario 'mini', "
            "which uses this inject",
            "injects/rupture.yaml:34:46: value 11 is outside the bounds of 'cohesion' (0..10) "
            "in scenario 'mini'",
            "injects/rupture.yaml:35:14: turn 3 is out of range 1..2 in scenario 'mini'",
            "injects/rupture.yaml:36:15: turn 4 is out of range 1..2 in scenario 'mini'",
        ),
        second_scenario=True,
    ),
    # Indicator and turn checks of a trigger apply only where the inject is listed as triggered.
    "trigger-in-scenario-not-triggered": Case(
        (
            when(
                '    - {indicator: other, op: "<=", value: 3}',
                '    - {indicator: cohesion, op: ">=", value: 11}',
                "  from_turn: 3",
            ),
            (
                "scenarios/mini.yaml",
                "triggered: [rupture]\nmanual: [manual-1]",
                "manual: [manual-1, rupture]",
            ),
        ),
        (
            "injects/rupture.yaml:34:46: value 11 is outside the bounds of 'cohesion' (0..10) "
            "in scenario 'mini'",
        ),
        second_scenario=True,
    ),
    "unknown-bibliography-key": Case(
        (("injects/t1-tehran.yaml", "sources: [{key: doc,", "sources: [{key: nodoc,"),),
        ("injects/t1-tehran.yaml:24:19: unknown bibliography key 'nodoc'",),
    ),
    "long-quote": Case(
        (("injects/t1-news.yaml", f"quote: {QUOTE}", 'quote: "' + " ".join(["word"] * 41) + '"'),),
        ("injects/t1-news.yaml:29:29: quote has 41 words; at most 40",),
    ),
    "long-quote-not-verbatim": Case(
        (("injects/t1-news.yaml", f"quote: {QUOTE}", 'quote: "' + " ".join(["word"] * 41) + '"'),),
        (
            "injects/t1-news.yaml:29:29: quote has 41 words; at most 40",
            "injects/t1-news.yaml:29:29: t1-news: quote not found verbatim in 'doc' (doc.txt): "
            '"word word word word word word word word..."',
        ),
        sources="texts",
    ),
    # Said once per missing text, at the first citation of it.
    "missing-source-text": Case(
        (),
        ("roles/control.yaml:11:21: source text doc.txt for 'doc' is not in nowhere",),
        sources="nowhere",
    ),
    "quote-not-verbatim": Case(
        (
            (
                "injects/t1-news.yaml",
                "one wanted a negotiated settlement",
                "one wanted a quick settlement",
            ),
        ),
        (
            "injects/t1-news.yaml:29:29: t1-news: quote not found verbatim in 'doc' (doc.txt): "
            '"one wanted a quick settlement, the other a..."',
        ),
        sources="texts",
    ),
    "narrative-copy": Case(
        (
            (
                "injects/t1-news.yaml",
                "  A body with [brackets]",
                "  As they say, the two patrons needed each other while their aims diverged.\n"
                "  A body with [brackets]",
            ),
        ),
        (
            "injects/t1-news.yaml:9:7: t1-news: narrative copies a source word for word "
            '("the two patrons needed each other while their aims diverged"); '
            "paraphrase it, or cite it as a quote",
        ),
        sources="texts",
    ),
    # One run with a problem of every kind: actors, roles, injects, scenarios, then citations.
    "order-across-kinds": Case(
        (
            ("injects/t1-tehran.yaml", "sources: [{key: doc,", "sources: [{key: nodoc,"),
            (
                "scenarios/mini.yaml",
                "injects: [t2-moscow, t2-tehran]",
                "injects: [t2-moscow, t2-nope]",
            ),
            ("injects/t1-news.yaml", "from: ankara", "from: atlantis"),
            ("roles/moscow.yaml", "  - id: moscow-lever", "  - id: moscow-win"),
            (
                "roles/control.yaml",
                "actors:\n",
                f"actors:\n  - id: tehran\n    name: Tehran again\n"
                f"    description: An actor sharing a role's id.\n    sources: {CITE}\n",
            ),
        ),
        (
            "roles/control.yaml:8:3: actor id 'tehran' is also a role id",
            "roles/moscow.yaml:12:9: duplicate id 'moscow-win' (also in objectives)",
            "injects/t1-news.yaml:5:7: unknown sender 'atlantis': not a role or actor",
            "scenarios/mini.yaml:19:36: unknown inject 't2-nope'",
            "injects/t1-tehran.yaml:24:19: unknown bibliography key 'nodoc'",
        ),
    ),
}


def run_case(tmp_path: Path, case: Case) -> tuple[list[str], list[str]]:
    """cross_check's lines for the broken copy (paths relative to it), and its schema problems."""
    root = tmp_path / "content"
    shutil.copytree(MINI, root)
    if case.second_scenario:
        (root / "scenarios/mini2.yaml").write_text(MINI2)
    for name, old, new in case.edits:
        path = root / name
        text = path.read_text()
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1))
    loaded = load(root)
    sources = root / case.sources if case.sources else None
    prefix = f"{root}{os.sep}"

    def shown(problem: object) -> str:
        return str(problem).replace(prefix, "").replace(str(root), "<root>")

    return [shown(p) for p in cross_check(loaded, sources)], [shown(p) for p in loaded.problems]


@pytest.mark.parametrize("name", list(CASES))
def test_cross_check_message(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    lines, schema_problems = run_case(tmp_path, case)
    assert {p.split(":", 1)[0] for p in schema_problems} == set(case.broken), schema_problems
    assert lines == list(case.expected)


def test_clean_fixture_has_no_cross_reference_problems(tmp_path: Path) -> None:
    lines, schema_problems = run_case(tmp_path, Case((), (), sources="texts", second_scenario=True))
    assert (lines, schema_problems) == ([], [])
