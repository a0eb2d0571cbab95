"""The print pack: role briefings, inject cards a team may be handed, the facilitator's guide;
what each part holds and what a card must never hold; the pack for one team; a session's pack;
escaping; the PDF, with and without its library; and the demo's pack, byte for byte.

Regenerate the golden file only for an intended change of output:
    TTX_REGOLD=1 pytest tests/review/test_print_pack.py
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest

from exercise.content.library import scenario_world
from exercise.engine import commands as cmd
from exercise.engine.world import World, world_from_raw
from exercise.review.print_html import prose, render_pack
from exercise.review.print_pack import Card, PackError, build_pack
from exercise.review.print_pdf import INSTALL, PdfUnavailable, html_to_pdf
from tests.conftest import ROOT, weasyprint_works
from tests.review.helpers import fresh, simulated

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def demo_raw() -> dict:
    return scenario_world(ROOT, "demo")


@pytest.fixture(scope="module")
def demo(demo_raw) -> World:
    return world_from_raw(demo_raw)


def _snippet(text: str) -> str:
    """A stretch of a YAML text as the pack prints it: lines joined, escaped."""
    return escape(" ".join(text.split())[:60])


def _cards_html(world: World, role: str = "") -> str:
    return render_pack(build_pack(world, ("cards",), role))


def test_a_card_has_its_audience_and_turn_and_nothing_only_the_white_cell_knows(demo):
    pack = build_pack(demo, ("cards",))
    assert {c.inject_id for c in pack.cards} == set(demo.injects)
    assert not {"history", "facilitator_notes", "expected", "effects", "sources"} & set(
        Card._fields
    )
    soleimani = next(c for c in pack.cards if c.inject_id == "int-soleimani-moscow")
    assert soleimani.turn == "Turn 1"
    assert soleimani.audience == "Moscow (Russian Federation)" and soleimani.private
    truce = next(c for c in pack.cards if c.inject_id == "int-february-truce")
    assert (truce.turn, truce.audience, truce.private) == ("Turn 3", "All teams", False)
    html = render_pack(pack).split('<section class="cards"')[1]
    for inj in demo.injects.values():
        assert _snippet(inj.body) in html
        if inj.history:
            assert _snippet(inj.history.text) not in html
        if inj.facilitator_notes:
            assert _snippet(inj.facilitator_notes) not in html
        for x in inj.expected:
            assert _snippet(x.text) not in html
        for c in inj.sources:
            assert _snippet(c.quote) not in html
    assert "cohesion +" not in html and "acilitator" not in html


def test_cards_that_may_come_up_say_so_and_counterfactual_ones_are_marked(demo):
    cards = {c.inject_id: c for c in build_pack(demo, ("cards",)).cards}
    assert cards["int-deck-gulf-lobby"].turn.endswith(", if it comes up")
    assert cards["int-radar-lock"].turn == "Turn 3, if it comes up"  # a trigger of turn 3 only
    assert cards["int-radar-lock"].counterfactual
    html = _cards_html(demo)
    one = html.split('id="card-int-radar-lock"')[1].split("</article>")[0]
    assert "Counterfactual: this did not happen in reality" in one
    plain = html.split('id="card-int-soleimani-moscow"')[1].split("</article>")[0]
    assert "Counterfactual" not in plain


def test_every_card_and_every_briefing_starts_a_page(demo):
    html = render_pack(build_pack(demo))
    assert html.count('class="sheet card"') == len(demo.injects)
    assert html.count('class="sheet briefing"') == len(demo.played)
    assert re.search(r"\.sheet \{[^}]*break-before: page", html)
    assert "@page { size: A4" in html


def test_a_card_names_who_may_choose_an_option_only_some_recipients_have(demo):
    card = next(
        c for c in build_pack(demo, ("cards",)).cards if c.inject_id == "int-syrian-air-defence"
    )
    fire = next(o for o in card.options if o.label.startswith("Order the batteries"))
    assert fire.only_for == ("Damascus (the Assad government)",)
    assert card.deciders == ("Damascus (the Assad government)", "Jerusalem (State of Israel)")


def test_a_briefing_holds_the_roles_briefing_objectives_red_lines_and_levers(demo):
    pack = build_pack(demo, ("briefings",))
    assert [b.role for b in pack.briefings] == list(demo.played) and not pack.cards
    assert pack.guide is None
    html = render_pack(pack)
    for role in demo.played:
        r = demo.roles[role]
        assert _snippet(r.briefing) in html
        assert _snippet(demo.scenario.briefing(role).text) in html
        for item in r.objectives + r.red_lines + r.levers:
            assert _snippet(item.text) in html
        assert all(escape(lever.label) in html for lever in r.levers if lever.label)
    assert _snippet(demo.roles["control"].briefing) not in html  # the white cell's is the guide's


def test_the_guide_holds_the_readme_turn_briefs_timing_and_every_injects_record(demo):
    pack = build_pack(demo, ("guide",))
    assert not pack.briefings and not pack.cards and pack.guide is not None
    html = render_pack(pack)
    sc = demo.scenario
    assert _snippet(sc.readme) in html
    for turn in sc.turns:
        assert _snippet(turn.brief) in html
    assert '<td>Deliberate</td><td class="num">12</td>' in html
    assert "3 turns of 23 minutes take 69, which leaves 21" in html
    assert '<td class="num">46–49</td>' in html  # turn 3's Brief, minutes into play
    for inj in demo.injects.values():
        assert f'id="inject-{inj.id}"' in html
        if inj.history:
            assert _snippet(inj.history.text) in html
        if inj.facilitator_notes:
            assert _snippet(inj.facilitator_notes) in html
        for x in inj.expected:
            assert escape(x.text) in html
    assert "leverage +1" in html and "covert: hidden from" in html
    assert "Facilitator guide: not for the teams" in html


def test_a_teams_pack_holds_its_briefing_and_only_the_cards_it_receives(demo):
    pack = build_pack(demo, role="jerusalem")
    assert [b.role for b in pack.briefings] == ["jerusalem"] and pack.guide is None
    assert pack.role == "Jerusalem (State of Israel)"
    mine = {i for i, inj in demo.injects.items() if inj.visible_to("jerusalem")}
    assert {c.inject_id for c in pack.cards} == mine and len(mine) < len(demo.injects)
    html = render_pack(pack)
    assert escape(demo.injects["int-soleimani-moscow"].title) not in html
    assert "Order the batteries" not in html  # Damascus's option on a card both receive
    assert 'id="guide"' not in html and _snippet(demo.roles["moscow"].briefing) not in html
    defence = next(c for c in pack.cards if c.inject_id == "int-syrian-air-defence")
    assert all(not o.only_for for o in defence.options) and defence.to_decide
    talks = next(
        c for c in pack.cards if c.inject_id == "int-putin-tehran"
    )  # Moscow's and Tehran's
    assert not talks.to_decide and talks.deciders == (
        "Moscow (Russian Federation)",
        "Tehran (Islamic Republic of Iran)",
    )
    one = html.split('id="card-int-putin-tehran"')[1].split("</article>")[0]
    assert 'class="box"' not in one and 'class="write"' not in one


def test_a_role_that_is_no_team_or_a_teams_guide_is_refused_naming_the_teams(demo):
    with pytest.raises(PackError, match=r"--role control: .*roles: moscow, tehran, damascus"):
        build_pack(demo, role="control")
    with pytest.raises(PackError, match="no facilitator guide"):
        build_pack(demo, ("guide",), role="moscow")
    assert build_pack(demo, role="moscow").guide is None  # all parts: the guide is left out


def test_a_sessions_cards_carry_the_turn_each_inject_came_out_in(tmp_path):
    session = simulated(tmp_path / "s.ttx", seed=3)
    state = session.state
    session.close()
    pack = build_pack(state.world, state=state, source="Session file s.ttx")
    released = {r.inject_id: r.turn for r in state.releases}
    cards = {c.inject_id: c for c in pack.cards}
    assert released and all(cards[i].turn == f"Turn {t}" for i, t in released.items())
    assert state.ended and set(cards) == set(released)  # nothing more can come out
    html = render_pack(pack)
    assert "Session file s.ttx" in html and "not released in this session" in html


def test_every_text_from_yaml_is_escaped(demo_raw):
    raw = copy.deepcopy(demo_raw)
    evil = "<script>alert('x')</script> & <b>bold</b>"
    raw["injects"][0]["title"] = evil
    raw["injects"][0]["body"] = evil
    raw["injects"][0]["facilitator_notes"] = evil
    next(r for r in raw["roles"] if r["id"] == "moscow")["briefing"] = evil
    raw["scenario"]["readme"] = evil
    html = render_pack(build_pack(world_from_raw(raw)))
    assert "<script>" not in html and "<b>bold" not in html
    assert escape(evil) in html


def test_the_pack_is_one_self_contained_file(demo):
    html = render_pack(build_pack(demo))
    assert "<script" not in html and "<link" not in html and "src=" not in html
    assert "url(" not in html and "@import" not in html
    assert set(re.findall(r'href="(.)', html)) == {"#"}


def test_prose_keeps_paragraphs_and_nested_list_items():
    text = "Intro line\nwraps here.\n\nSteps.\n1. First\n   goes on.\n   a. Sub <x>\n2. Second\n"
    assert prose(text) == (
        "<p>Intro line wraps here.</p>\n<p>Steps.</p>\n"
        '<p class="li d1">1. First goes on.</p>\n<p class="li d2">a. Sub &lt;x&gt;</p>\n'
        '<p class="li d1">2. Second</p>'
    )


@pytest.mark.skipif(not weasyprint_works(), reason="weasyprint is not installed here")
def test_the_pdf_is_made_from_the_html(demo, tmp_path):
    pack = build_pack(demo, ("cards",), role="moscow")
    pdf = html_to_pdf(render_pack(pack))
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    if shutil.which("pdfinfo"):  # poppler: the cover, then a page (at least) for every card
        (tmp_path / "cards.pdf").write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(tmp_path / "cards.pdf")], capture_output=True)
        pages = int(re.search(rb"Pages:\s+(\d+)", info.stdout).group(1))
        assert pages >= 1 + len(pack.cards)


def test_without_weasyprint_the_pdf_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # the import now fails
    with pytest.raises(PdfUnavailable, match="weasyprint") as caught:
        html_to_pdf("<p>x</p>")
    assert INSTALL in str(caught.value) and "\n" not in str(caught.value)


def test_the_demos_pack_is_byte_identical_to_the_golden_file(demo):
    text = render_pack(build_pack(demo))
    golden = GOLDEN / "print-demo.html"
    if os.environ.get("TTX_REGOLD"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_an_inject_written_in_session_has_its_card_marked_so(tmp_path):
    session = fresh(tmp_path / "s.ttx")
    session.execute(
        cmd.WriteInject(
            "A convoy held <at> the border",
            "Held at the crossing.",
            "Border post",
            "cable",
            ("tehran",),
            author="Dana",
        )
    )
    state = session.state
    session.close()
    pack = build_pack(state.world, state=state)
    card = next(c for c in pack.cards if c.title == "A convoy held <at> the border")
    assert card.written and card.turn == f"Turn {state.turn}" and card.audience.startswith("Tehran")
    html = render_pack(pack)
    assert "Written in session" in html and "in session by Dana" in html
    assert "A convoy held &lt;at&gt; the border" in html
