"""`validate` points to near-duplicate injects across scenarios: a warning at the second inject's
title naming the first, never for injects that merely cite the same common passages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import exercise.content.near_duplicates as nd
from exercise.cli import main
from exercise.content.library import load
from exercise.content.near_duplicates import near_duplicates
from tests.conftest import MINI, ROOT

# A second scenario, with injects of its own (written by `inject` below), beside `mini`.
LATER = """\
kind: scenario
id: later
title: A later test scenario
period: {start: "2016-01", end: "2016-12"}
minutes: 30
readme: A one-turn scenario whose injects no other scenario uses.
roles: [moscow, tehran, damascus, jerusalem]
turns:
  - {number: 1, name: Later, date: "2016-01"}
phases:
  - {name: Brief, minutes: 10}
  - {name: Decide, minutes: 10}
indicators:
  - {id: cohesion}
  - {id: escalation}
schedule:
  - {turn: 1, injects: [%s]}
"""

# Three passages of a longer text, as the shipped documents have them.
Q1 = (
    "In the case of the south zone, Iran committed itself to withdraw the militiamen, but the "
    "same militiamen resurfaced a few days later in different uniforms."
)
Q2 = "It was a clear warning about the ability to circumscribe constraints imposed from outside."
Q3 = "The pace of entrenchment could be modulated, but ultimately the aim remained the same."

TEMPLATE = """\
kind: inject
id: {id}
title: {title}
date: "2016-01"
from: tehran
medium: cable
visibility: private
audience: [tehran]
body: |
  {body}
options:
  - id: one
    label: Do one thing
    effects: {{cohesion: 1}}
  - id: two
    label: Do another
    effects: {{escalation: 1}}
sources:
{sources}{extra}"""


def inject(
    root: Path, ident: str, title: str, body: str, quotes: list[str], extra: str = ""
) -> None:
    sources = "".join(f'  - {{key: doc, quote: "{q}"}}\n' for q in quotes)
    text = TEMPLATE.format(id=ident, title=title, body=body, sources=sources, extra=extra)
    (root / "injects" / f"{ident}.yaml").write_text(text, encoding="utf-8")


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    """The mini fixture, two injects of its scenario's own and a second scenario to use more."""
    dest = tmp_path / "content"
    shutil.copytree(MINI, dest)
    monkeypatch.chdir(dest)
    inject(
        dest,
        "early-uniforms",
        "The same militiamen, in army uniforms",
        "Reporting from the south: the men promised to leave are back, in army uniforms.",
        [Q1, Q2],
    )
    inject(dest, "early-pace", "Setting the pace", "How fast to dig in, and where.", [Q3])
    edit(
        dest / "scenarios/mini.yaml",
        "manual: [manual-1]",
        "manual: [manual-1, early-uniforms, early-pace]",
    )
    return dest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def later(root: Path, *inject_ids: str) -> None:
    (root / "scenarios/later.yaml").write_text(LATER % ", ".join(inject_ids), encoding="utf-8")


def warnings(capsys) -> list[str]:
    assert main(["validate", "--root", "."]) == 0
    out = capsys.readouterr().out.splitlines()
    return [line for line in out if "near duplicate" in line]


def test_the_same_episode_told_again_is_found_at_the_second_title(root, capsys):
    # Told in other words, with quotes cut shorter: alike titles and two passages in common.
    inject(
        root,
        "later-men",
        "The same men, in army uniforms",
        "The militiamen Tehran undertook to withdraw sit inside army units, harder to count.",
        [" ".join(Q1.split()[6:]), " ".join(Q2.split()[:-2])],
    )
    later(root, "later-men")
    [line] = warnings(capsys)
    assert line.startswith(
        "injects/later-men.yaml:3:8: warning: near duplicate of "
        "injects/early-uniforms.yaml:3 ('early-uniforms', in mini): titles alike (60% of their "
        "words) and 2 passages cited by both."
    ), line
    assert "`alike: [early-uniforms]`" in line
    assert main(["validate", "--root", ".", "--strict"]) == 1


def test_a_copy_under_a_new_title_is_found_by_its_words(root, capsys):
    body = "Reporting from the south: the men promised to leave are back, in army uniforms."
    inject(root, "later-copy", "A report from the south", body + " Again.", [Q1, Q2])
    later(root, "later-copy")
    [line] = warnings(capsys)
    assert line.startswith("injects/later-copy.yaml:3:8: warning: near duplicate of ")
    assert "of their title and body word sequences in common" in line


def test_the_same_title_with_one_passage_in_common_is_found(root, capsys):
    inject(
        root,
        "later-title",
        "The same militiamen, in army uniforms",
        "In other words, this time.",
        [Q1],
    )
    later(root, "later-title")
    [line] = warnings(capsys)
    assert "the same title and 1 passage cited by both" in line


def test_unrelated_injects_citing_the_same_passages_are_not_flagged(root, capsys):
    # The documents are few: injects on other episodes cite the same passages all the time.
    inject(root, "later-other", "Who pays for the war?", "The bill comes due.", [Q1, Q2, Q3])
    later(root, "later-other")
    assert warnings(capsys) == []


def test_alike_injects_said_to_be_so_are_not_flagged(root, capsys):
    inject(
        root,
        "later-men",
        "The same men, in army uniforms",
        "COUNTERFACTUAL: the trick of 2016 played again.",
        [Q1, Q2],
        extra="alike: [early-uniforms]\n",
    )
    later(root, "later-men")
    assert warnings(capsys) == []


def test_alike_naming_no_inject_is_an_error(root, capsys):
    inject(
        root,
        "later-men",
        "Men",
        "Other words, other things.",
        [Q3],
        extra="alike: [early-uniformz]\n",
    )
    later(root, "later-men")
    assert main(["validate", "--root", "."]) == 2
    assert "injects/later-men.yaml:20:9: unknown inject 'early-uniformz'" in capsys.readouterr().out


def test_one_scenario_using_both_is_not_told(root, capsys):
    inject(
        root, "later-men", "The same men, in army uniforms", "Other words, other things.", [Q1, Q2]
    )
    edit(root / "scenarios/mini.yaml", "early-pace]", "early-pace, later-men]")
    assert warnings(capsys) == []


def test_the_shipped_content_has_none():
    assert near_duplicates(load(ROOT)) == []


def test_a_passage_common_to_many_injects_starts_no_comparison(root, monkeypatch):
    """Not all pairs: four hundred injects citing one passage, in two scenarios, with titles of
    their own, are never compared with each other."""
    ids = [f"many-{n:03d}" for n in range(400)]
    for n, ident in enumerate(ids):
        inject(root, ident, f"Headline number{n:03d}", f"Body {n}.", [Q3])
    edit(root / "scenarios/mini.yaml", "early-pace]", "early-pace, " + ", ".join(ids[::2]) + "]")
    later(root, *ids[1::2])
    compared: list[tuple[str, str]] = []
    alike = nd._alike

    def counting(a, b, texts):
        compared.append((a.inj.id, b.inj.id))
        return alike(a, b, texts)

    monkeypatch.setattr(nd, "_alike", counting)
    assert near_duplicates(load(root)) == []
    assert compared == []


@given(start=st.integers(0, 6), end=st.integers(0, 6), text=st.sampled_from([Q1, Q1 + " " + Q3]))
def test_a_quote_cut_shorter_at_either_end_is_the_same_passage(start, end, text):
    whole = text.split()
    cut = " ".join(whole[start : len(whole) - end])
    assert nd._runs(cut) & nd._runs(text)
