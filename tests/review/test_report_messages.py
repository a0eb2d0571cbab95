"""The report tells the white cell's conversation with the teams, turn by turn: who wrote to
whom, when, and who read it when — in every format, and the same from the file as from the
open session."""

from __future__ import annotations

import json

from exercise.engine import commands as cmd
from exercise.review.render_html import render_html
from exercise.review.render_md import render_md
from exercise.review.report_json import render_json
from exercise.review.report_model import build_report, report_of_file
from tests.review.helpers import fresh


def test_messages_and_their_readings_are_in_the_report(tmp_path):
    path = tmp_path / "messages.ttx"
    s = fresh(path)
    s.execute(cmd.SendMessage("control", "moscow", "Hold <fire> tonight & wait"))
    s.execute(cmd.SendMessage("jerusalem", "control", "Who else knows?", author="Dana"))
    s.execute(cmd.ReadMessage("m1", "moscow"))
    model = build_report(s)
    s.close()
    messages = [m for t in model.turns for m in t.messages]
    assert [(m.id, m.sender, m.to) for m in messages] == [
        ("m1", "control", "moscow"),
        ("m2", "jerusalem", "control"),
    ]
    assert [r.reader for r in messages[0].read] == ["moscow"] and messages[1].read == ()
    assert all(m.seq is not None and m.at for m in messages)
    md = render_md(model)
    assert "the white cell → Moscow" in md and "read by Moscow at" in md  # teams by name
    assert "Jerusalem (Dana) → the white cell" in md and "not read" in md
    html = render_html(model)
    assert "Hold &lt;fire&gt; tonight &amp; wait" in html and "<fire>" not in html
    data = json.loads(render_json(model))
    texts = [m["text"] for t in data["turns"] for m in t["messages"]]
    assert texts == ["Hold <fire> tonight & wait", "Who else knows?"]
    assert render_json(report_of_file(path)) == render_json(model)
