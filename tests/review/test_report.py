import json
import re
import sqlite3
from html.parser import HTMLParser

import pytest

from exercise.cli import main
from exercise.engine.rules import matrix_odds
from exercise.review import fmt, toc
from exercise.review.render_html import render_html
from exercise.review.render_md import render_md
from exercise.review.report_json import render_json
from exercise.review.report_model import build_report
from exercise.review.report_types import Period, Verification
from exercise.session import Session
from tests.review.helpers import TRICKY, fold_upto, kinds, played, simulated


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    s = simulated(tmp_path_factory.mktemp("sim") / "sim.ttx", seed=3)
    yield s
    s.close()


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    s = played(tmp_path_factory.mktemp("rich") / "rich.ttx")
    yield s
    s.close()


@pytest.fixture(params=["sim", "rich"])
def session(request):
    return request.getfixturevalue(request.param)


def count(session, kind):
    return sum(1 for r in session.rows() if r.kind == kind)


def all_decisions(model):
    return [d for t in model.turns for d in t.decisions]


# -- the model (= the JSON report) ------------------------------------------------------------


def test_json_keeps_the_first_report_keys(session):
    m = json.loads(render_json(build_report(session)))
    for key in ("scenario", "seed", "events", "turns", "final_indicators", "verified"):
        assert key in m
    assert m["scenario"] == "mini" and m["events"] == session.state.seq and m["verified"] is True
    for t in m["turns"]:
        assert {"turn", "injects", "decisions", "rulings", "indicators"} <= set(t)
        for d in t["decisions"]:
            assert {"role", "inject", "option", "text"} <= set(d)
    assert json.loads(json.dumps(m)) == m  # plain JSON data, nothing else


def test_decisions_are_submitted_minus_withdrawn(session):
    m = build_report(session)
    expected = count(session, "DecisionSubmitted") - count(session, "DecisionWithdrawn")
    assert len(all_decisions(m)) == expected == len(m.decisions_vs_history)
    standing = {d.decision_id: d for d in session.state.decisions.values() if not d.withdrawn}
    assert {d.id for d in all_decisions(m)} == set(standing)
    for d in all_decisions(m):
        assert d.option == standing[d.id].option_id and d.rationale == standing[d.id].rationale


def test_ledger_has_one_row_per_ruling_with_its_roll(session):
    m = build_report(session)
    events = kinds(session, "Adjudicated")
    assert len(m.ledger) == len(events) == count(session, "Adjudicated")
    seqs = [r.seq for r in session.rows() if r.kind == "Adjudicated"]
    for row, e, seq in zip(m.ledger, events, seqs, strict=True):
        assert row.id == e["ruling_id"] and row.seq == seq and row.method == e["method"]
        assert (
            row.applied == e["applied"] and row.deltas == e["deltas"] and row.reason == e["reason"]
        )
        before = session.state_at(seq - 1).indicators
        assert row.before == {k: before[k] for k in e["applied"]}
        if e["method"] == "matrix":
            mx = e["matrix"]
            assert (
                list(row.dice) == mx["dice"]
                and row.total == mx["total"]
                and row.success == mx["success"]
            )
            assert row.odds.probability == round(matrix_odds(mx["modifier"], mx["target"]), 4)
            assert row.odds.modifier == len(mx["pros"]) - len(mx["cons"])
        else:
            assert row.odds is None and row.dice is None


def test_rich_session_has_a_failed_matrix_roll_in_the_ledger(rich):
    row = build_report(rich).ledger[0]
    assert row.method == "matrix" and row.odds.target == 8 and row.odds.modifier == 1
    assert sum(row.dice) + 1 == row.total and row.success is (row.total >= 8)


def test_indicators_agree_with_the_fold(session):
    m = build_report(session)
    state = session.state
    assert m.final_indicators == state.indicators == m.indicators.final
    starts = {i.id: i.start for i in state.world.scenario.indicators}
    assert m.indicators.points[0].values == starts
    turn_starts = {
        json.loads(r.payload)["turn"]: r.seq for r in session.rows() if r.kind == "TurnStarted"
    }
    for t in m.turns:
        if t.turn + 1 in turn_starts:  # the end of turn t is the state just before turn t+1 opens
            assert t.indicators == session.state_at(turn_starts[t.turn + 1] - 1).indicators
        else:
            assert t.indicators == state.indicators
    for ind, series in m.indicators.series.items():
        assert series == [p.values[ind] for p in m.indicators.points]
        assert series[-1] == state.indicators[ind]


def test_state_at_is_a_fold_of_the_events_up_to_it(session):
    last = session.state.seq
    for seq in sorted({1, 2, last // 3, last // 2, last - 1, last}):
        assert session.state_at(seq) == fold_upto(session, seq)
        assert session.state_at(seq).seq == seq
    assert session.state_at(last) == session.state


def test_overview(rich):
    ov = build_report(rich).overview
    roles = {r.role: r for r in ov.roles}
    assert roles["moscow"].mode == "team" and roles["moscow"].clients == ("laptop-1",)
    assert roles["tehran"].initial_mode == "facilitator" and roles["tehran"].mode == "bot"
    assert [c.mode for c in roles["tehran"].changes] == ["bot"]
    assert sum(ov.events_by_kind.values()) == ov.events == rich.state.seq
    rows = list(rich.rows())
    assert ov.session.started == rows[0].at and ov.session.last_event == rows[-1].at
    assert ov.session.duration_seconds > 0 and ov.session.pauses == 1
    assert ov.verification == Verification(
        ok=True,
        checked=len(rows),
        first_bad=None,
        reason=None,
        receipt=f"{rows[-1].seq}:{rows[-1].hash}",
    )
    assert ov.seed == 5 and ov.scenario.period == Period(start="2015-09", end="2016-03")


def test_objectives_carry_decisions_observations_and_an_empty_rating(rich):
    m = build_report(rich)
    roles = {r.role: r for r in m.objectives}
    assert set(roles) == {"moscow", "tehran", "damascus", "jerusalem"}
    win = roles["moscow"].objectives[0]
    assert win.id == "moscow-win" and win.rating is None
    by_inject = {d.inject: d for d in win.decisions}
    # the team amended to "push"; the inject expected Moscow to cooperate
    assert by_inject["t1-moscow"].option == "push" and by_inject["t1-moscow"].verdict == "departed"
    assert "t1-tehran" not in by_inject  # Tehran's private inject asks nothing of Moscow
    assert [o.text for o in win.observations] == ["Moscow signalled clearly and early"]
    teh = roles["tehran"].objectives[0]
    assert "t1-tehran" in {d.inject for d in teh.decisions}
    assert [o.kind for o in teh.observations] == ["improvement"]


def test_findings_and_plan_come_from_observations(rich):
    m = build_report(rich)
    obs = kinds(rich, "ObservationAdded")
    assert len(m.observations) == len(obs) == 4
    groups = {(g.role, g.objective): g for g in m.findings}
    assert [o.text for o in groups[("moscow", "moscow-win")].strengths] == [
        "Moscow signalled clearly and early"
    ]
    assert [o.text for o in groups[("tehran", "tehran-win")].improvements] == [
        "Tehran read its cable late <really>"
    ]
    assert len(groups[("tehran", None)].improvements) == 1
    assert [o.text for o in groups[(None, None)].notes] == [
        "The room was noisy | too many side talks"
    ]
    assert sum(len(g.strengths) + len(g.improvements) + len(g.notes) for g in m.findings) == len(
        obs
    )
    plan = {p.role: p.rows for p in m.improvement_plan}
    assert set(plan) == {"moscow", "tehran", "damascus", "jerusalem"}
    assert all(len(rows) >= 3 for rows in plan.values())
    assert [r.issue for r in plan["tehran"] if r.issue] == [
        "Tehran read its cable late <really>",
        "Tehran's rationale did not name an objective",
    ]
    assert all(
        r.corrective_action is None and r.owner is None and r.due is None
        for rows in plan.values()
        for r in rows
    )


def test_who_knew_what_when(rich):
    m = build_report(rich)
    state = rich.state
    reads = {
        (r["role"], r["inject_id"]): seq
        for seq, r in (
            (row.seq, json.loads(row.payload)) for row in rich.rows() if row.kind == "InjectRead"
        )
    }
    released = {
        json.loads(r.payload)["inject_id"]: r.seq for r in rich.rows() if r.kind == "InjectReleased"
    }
    for role in m.who_knew_what:
        visible = [
            rel.inject_id
            for rel in state.releases
            if state.world.injects[rel.inject_id].visible_to(role.role)
        ]
        assert [i.inject for i in role.injects] == visible
        for i in role.injects:
            assert i.released_seq == released[i.inject]
            assert i.read_seq == reads.get((role.role, i.inject))
            assert i.read is (i.read_seq is not None)
    moscow = {i.inject: i for i in m.who_knew_what[0].injects}
    assert moscow["t1-news"].read and moscow["t1-moscow"].read and not moscow["t2-moscow"].read


def test_a_tampered_log_is_reported_not_verified(tmp_path):
    path = tmp_path / "t.ttx"
    simulated(path, seed=3).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE events SET payload = replace(payload, 'doctrine', 'DOCTRINE') WHERE seq = 9")
    db.commit()
    db.close()
    s = Session.open(path)
    m = build_report(s)
    s.close()
    assert m.verified is False and m.overview.verification.first_bad == 9
    assert m.events == sum(m.overview.events_by_kind.values())  # still read to the end
    assert "NOT verified" in render_md(m) and "NOT verified" in render_html(m)


# -- Markdown ---------------------------------------------------------------------------------


def md_sections(text):
    parts = re.split(r"^## ", text, flags=re.M)
    return {p.splitlines()[0]: p for p in parts[1:]}


def unescaped_pipes(line):
    return len(re.findall(r"(?<!\\)\|", line))


def test_markdown_has_every_section_and_consistent_tables(session):
    m = build_report(session)
    text = render_md(m)
    sections = md_sections(text)
    for _, title in toc.sections(m):
        assert title in sections
    # every table row has as many cell separators as its header: no text broke a table
    lines = text.splitlines()
    for n, line in enumerate(lines):
        if line.startswith("| ---"):
            width = unescaped_pipes(lines[n - 1])
            k = n + 1
            while k < len(lines) and lines[k].startswith("|"):
                assert unescaped_pipes(lines[k]) == width, lines[k]
                k += 1
    narrative = sections[dict(fmt.SECTIONS)["narrative"]]
    assert sum(1 for line in narrative.splitlines() if line.startswith("- **")) == len(
        all_decisions(m)
    ) + len(m.ledger)
    ledger = sections[dict(fmt.SECTIONS)["ledger"]]
    assert sum(1 for line in ledger.splitlines() if line.startswith("| `r")) == len(m.ledger)
    assert text.count("Rating: \u2610 Performed") == sum(len(r.objectives) for r in m.objectives)


def test_markdown_escapes_player_text(rich):
    assert TRICKY in rich.state.decisions["moscow:t1-moscow"].rationale
    text = render_md(build_report(rich))
    assert "<b>" not in text and "<really>" not in text
    assert "Keep \\| the \\*partner\\* \\<b\\>close\\</b\\>" in text
    assert "\n# not a heading" not in text and "second line \\# not a heading" in text


def test_markdown_indicator_table_and_sparkline(sim):
    m = build_report(sim)
    text = md_sections(render_md(m))[dict(fmt.SECTIONS)["indicators"]]
    for d in m.indicators.defs:
        series = m.indicators.series[d.id]
        row = next(line for line in text.splitlines() if f"(`{d.id}`)" in line)
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[2:-1] == [str(v) for v in series]
        assert cells[-1] == fmt.sparkline(series, d.min, d.max) and len(cells[-1]) == len(series)


# -- HTML -------------------------------------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "input", "link", "circle", "line", "polyline", "path", "rect"}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.ids, self.svgs, self.external = [], [], [], 0, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "svg":
            self.svgs += 1
        for k in ("src", "href"):
            if a.get(k) and not a[k].startswith("#"):
                self.external.append(a[k])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def test_html_is_one_self_contained_well_formed_file(session):
    m = build_report(session)
    page = render_html(m)
    parser = _Tags()
    parser.feed(page)
    assert parser.errors == [] and parser.stack == []
    assert parser.external == []  # no external asset, no outside link
    assert "<script" not in page.lower()
    assert [k for k, _ in toc.sections(m)] == [i for i in parser.ids]
    assert parser.svgs == len(m.indicators.defs)
    assert "@media print" in page and "break-before: page" in page
    assert page.count("\u2610 Performed") == sum(len(r.objectives) for r in m.objectives)
    assert len(re.findall(r"<tr><td><code>r\d+</code>", page)) == len(
        m.ledger
    )  # ruling ids r1, r2, ...


def test_html_escapes_player_text(rich):
    page = render_html(build_report(rich))
    assert "<b>close</b>" not in page and "<really>" not in page
    assert "Keep | the *partner* &lt;b&gt;close&lt;/b&gt; &amp; [quiet]" in page
    assert "&lt;really&gt;" in page


def test_chart_points_match_the_series(sim):
    m = build_report(sim)
    page = render_html(m)
    for d in m.indicators.defs:
        svg = page[page.index(f'aria-label="{d.label}"') :]
        svg = svg[: svg.index("</svg>")]
        values = re.findall(r'<text class="value"[^>]*>(-?\d+)</text>', svg)
        assert values == [str(v) for v in m.indicators.series[d.id]]


# -- the command ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt_", ["md", "html", "json"])
def test_cli_report_formats(sim, fmt_, tmp_path, capsys):
    assert main(["report", str(sim.path), "--format", fmt_]) == 0
    out = capsys.readouterr().out
    target = tmp_path / f"r.{fmt_}"
    assert main(["report", str(sim.path), "-o", str(target)]) == 0  # format from the suffix
    assert target.read_text("utf-8") == out
    if fmt_ == "json":
        assert json.loads(out)["events"] == sim.state.seq
    elif fmt_ == "html":
        assert out.startswith("<!DOCTYPE html>")
    else:
        assert out.startswith("# After-action report: ")


def test_cli_report_bad_input(tmp_path, capsys):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert main(["report", str(text), "--format", "md"]) == 2
    assert main(["report", str(tmp_path / "missing.ttx")]) == 2
    assert main(["report", str(text), "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(e.startswith("ttx: error:") for e in err)
    with pytest.raises(SystemExit) as exc:
        main(["report", str(text), "--format", "docx"])
    assert exc.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
