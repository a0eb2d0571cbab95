"""The report's Markdown, HTML and JSON, and the comparison's Markdown and JSON, byte for byte,
for fixed sessions: a change in how they are built (their models, their renderers) must not
change a single character of what users get. The report's golden files were written by the code
before the report model was typed; the comparison's differ from that code's output only in the
description of each event, which is now the log's own (session.narrate).

Regenerate them only for an intended change of output:
    TTX_REGOLD=1 pytest tests/review/test_golden.py
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from exercise.engine import commands as cmd
from exercise.review.compare import compare, render_compare_md
from exercise.review.render_html import render_html
from exercise.review.render_md import render_md
from exercise.review.report_json import render_json
from exercise.review.report_model import build_report
from exercise.review.report_types import as_json
from exercise.session import Session
from exercise.session.fork import fork_session
from exercise.session.simulate import VirtualClock
from tests.review.helpers import mini_world, played, simulated

GOLDEN = Path(__file__).parent / "golden"
RENDER = {"md": render_md, "html": render_html, "json": render_json}


def _tampered(path: Path) -> Session:
    simulated(path, seed=3).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE events SET payload = replace(payload, 'doctrine', 'DOCTRINE') WHERE seq = 9")
    db.commit()
    db.close()
    return Session.open(path)


def _unplayed(path: Path) -> Session:
    """Created and nothing more: no turn played, no decision, no ruling."""
    world = mini_world()
    roles = world["scenario"]["roles"]
    return Session.create(
        path,
        world,
        seed=1,
        participants=tuple((r, "team") for r in roles),
        codes=tuple((r, f"C{i}") for i, r in enumerate(roles)),
        clock=VirtualClock(),
    )


def _forked(path: Path) -> Session:
    """Forked at event 12 and played on. The fork records its source's path as given: a relative
    one, so that the report does not depend on the test's temporary folder."""
    here = Path.cwd()
    os.chdir(path.parent)
    try:
        source = played(Path("source.ttx"))
        try:
            forked = fork_session(source, 12, path)
        finally:
            source.close()
    finally:
        os.chdir(here)
    forked.clock = VirtualClock()
    forked.execute(cmd.AddObservation("+ played on from the fork", role="moscow"))
    return forked


SESSIONS = {
    "rich": lambda d: played(d / "rich.ttx"),
    "sim": lambda d: simulated(d / "sim.ttx", seed=3),
    "tampered": lambda d: _tampered(d / "tampered.ttx"),
    "unplayed": lambda d: _unplayed(d / "unplayed.ttx"),
    "forked": lambda d: _forked(d / "forked.ttx"),
}


def _check(name: str, text: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("TTX_REGOLD"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=sorted(SESSIONS))
def report(request, tmp_path_factory):
    session = SESSIONS[request.param](tmp_path_factory.mktemp(request.param))
    try:
        return request.param, build_report(session)
    finally:
        session.close()


@pytest.mark.parametrize("fmt", sorted(RENDER))
def test_report_output_is_byte_identical_to_the_golden_file(report, fmt):
    name, model = report
    _check(f"{name}.{fmt}", RENDER[fmt](model))


def _played_on(path: Path) -> tuple[Session, Session]:
    """A played session and a fork of it where Moscow's team hands over to a bot."""
    source = played(path / "source.ttx")
    forked = fork_session(source, 12, path / "forked.ttx")
    forked.clock = VirtualClock()
    forked.execute(cmd.SetParticipant("moscow", "bot"))
    return source, forked


PAIRS = {
    "seeds": lambda d: (simulated(d / "a.ttx", seed=3), simulated(d / "b.ttx", seed=4)),
    "fork": _played_on,
}


@pytest.mark.parametrize("pair", sorted(PAIRS))
def test_comparison_output_is_byte_identical_to_the_golden_file(pair, tmp_path):
    a, b = PAIRS[pair](tmp_path)
    try:
        c = compare(a, b)
    finally:
        a.close()
        b.close()
    _check(f"compare-{pair}.md", render_compare_md(c))
    _check(f"compare-{pair}.json", json.dumps(as_json(c), indent=2, ensure_ascii=False) + "\n")
