"""What the teams read stays in-world: the check, its narrowness, and the shipped content.

The mini bibliography has one entry (key `doc`, author "Test Author", publisher "Tests"); the
shipped one names the five documents the exercise is built on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from exercise.content.library import load_library
from exercise.content.player_text import source_names
from tests.conftest import ROOT
from tests.content.test_crossref_checks import Case, run_case

BODY = "  A body with [brackets]"
NEWS = "injects/t1-news.yaml"


def body(words: str) -> tuple[str, str, str]:
    return (NEWS, BODY, f"  {words}\n{BODY}")


def flagged(path: str, where: str, owner: str, found: str) -> str:
    return (
        f"{path}:{where}: {owner}: the teams read this, but it cites the documents or speaks to "
        f'the facilitator ("{found}"); move it to sources, history or facilitator_notes'
    )


CASES: dict[str, Case] = {
    "author-in-body": Case(
        (body("As Test Author argues, the patrons need each other."),),
        (flagged(NEWS, "9:7", "t1-news", "Test Author"),),
    ),
    "publisher-in-question": Case(
        ((NEWS, 'questions: ["What do you do?"]', 'questions: ["What do Tests say you do?"]'),),
        (flagged(NEWS, "11:13", "t1-news", "Tests"),),
    ),
    "note-in-option-label": Case(
        ((NEWS, "label: Push hard", "label: Push hard (facilitator, read this aloud)"),),
        (flagged(NEWS, "19:12", "t1-news", "facilitator"),),
    ),
    "note-in-title": Case(
        (
            (
                NEWS,
                "title: Test inject t1-news",
                "title: Test inject t1-news, a note on the sources",
            ),
        ),
        (flagged(NEWS, "3:8", "t1-news", "note on the sources"),),
    ),
    "phrases-ignore-case": Case(
        (body("THE DOCUMENTS say nothing of this."),),
        (flagged(NEWS, "9:7", "t1-news", "THE DOCUMENTS"),),
    ),
    # Names are matched as written and as whole words: ordinary prose does not trip the check.
    "names-match-as-written": Case(
        (body("The test author of the plan, Testsson, keeps a doc of tests and authors."),),
        (),
    ),
    # Citations and notes have their own places, and the check leaves them alone.
    "outside-player-text": Case(
        (
            (
                NEWS,
                "history:\n  text: What the real actor did in the test world.",
                "history:\n  text: Test Author (2020) says so; the documents agree.",
            ),
            (
                NEWS,
                "expected:\n",
                "facilitator_notes: Tell the white cell what Tests say.\nexpected:\n",
            ),
        ),
        (),
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_player_text_message(tmp_path: Path, name: str) -> None:
    lines, schema_problems = run_case(tmp_path, CASES[name])
    assert schema_problems == []
    assert lines == list(CASES[name].expected)


@pytest.fixture(scope="module")
def shipped():
    return load_library(ROOT)


def test_names_come_from_the_bibliography(shipped) -> None:
    assert set(source_names(shipped.sources)) == {
        "Duclos",
        "Michel Duclos",
        "Atlantic Council",
        "Carnegie",
        "Giustozzi",
        "Antonio Giustozzi",
        "RUSI",
        "Grajewski",
        "Nicole Grajewski",
        "CSIS",
        "Soufan",
        "The Soufan Group",
    }


def test_every_counterfactual_inject_says_so_to_the_teams(shipped) -> None:
    """The flag drives the consoles' marker; the text carries it onto printed cards and screens."""
    wrong = sorted(
        i.id
        for i in shipped.injects.values()
        if i.counterfactual != ("counterfactual" in f"{i.title} {i.body}".lower())
    )
    assert wrong == []
