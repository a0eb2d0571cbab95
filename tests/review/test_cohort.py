"""The cohort: sessions of one scenario side by side. Per inject the choices across sessions
beside the historical record, where the sessions part, indicator paths, teams' measures; in
Markdown, HTML and JSON. On bot sessions (`ttx simulate`) and one played through the consoles'
commands; the parting also on made-up choices (hypothesis)."""

from __future__ import annotations

import copy
import json
import re
import shutil
import sqlite3
import statistics
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exercise.engine import commands as cmd
from exercise.engine.scorecard import score
from exercise.review import assess
from exercise.review.cohort_divergence import Choice, parting
from exercise.review.cohort_fmt import headline, walk
from exercise.review.cohort_html import render_cohort_html
from exercise.review.cohort_md import render_cohort_md
from exercise.review.cohort_model import CohortError, cohort_of_files
from exercise.review.cohort_types import COHORT_FORMAT, Cohort
from exercise.review.export_read import read_session, session_ids
from exercise.review.report_model import turn_end_values
from exercise.review.report_types import as_json
from exercise.session.simulate import simulate_session
from exercise.store.log import SessionFileError
from tests.review.export_helpers import bot_sessions, console_played
from tests.review.helpers import fresh, mini_world, simulated

MARKUP = "<script>alert(1)</script> | *loud* [x](y) # not a heading"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cohort")


@pytest.fixture(scope="module")
def paths(folder) -> list[Path]:
    played = folder / "played.ttx"
    console_played(played).close()
    return [*bot_sessions(folder, [3, 4, 5, 6]), played]


def files_of(paths: list[Path]) -> list[tuple[Path, str]]:
    return list(zip(paths, session_ids(paths), strict=True))


@pytest.fixture(scope="module")
def cohort(paths) -> Cohort:
    return cohort_of_files(files_of(paths))


@pytest.fixture(scope="module")
def states(paths):
    return {sid: read_session(p, sid).state for p, sid in files_of(paths)}


def test_each_injects_choices_are_counted_across_the_sessions(cohort, states):
    assert cohort.scenario == "mini" and len(cohort.sessions) == 5 and cohort.verified
    seen = 0
    for inj in cohort.injects:
        released = [sid for sid, s in states.items() if inj.inject in s.released]
        assert inj.released == len(released)
        assert set(inj.not_released) == set(states) - set(released)
        assert sum(inj.turns.values()) == inj.released
        for role in inj.roles:
            standing = {
                sid: d
                for sid, s in states.items()
                for d in s.decisions.values()
                if d.inject_id == inj.inject and d.role == role.role and not d.withdrawn
            }
            counts = Counter(d.option_id for d in standing.values())
            for o in role.options:
                assert o.count == counts.get(o.option, 0) == len(o.sessions), (inj.inject, o)
                assert set(o.sessions) == {
                    sid for sid, d in standing.items() if d.option_id == o.option
                }
                seen += o.count
            assert sum(o.count for o in role.options) + len(role.undecided) == role.asked
            if role.asked:
                total = sum(o.share for o in role.options) + len(role.undecided) / role.asked
                assert total == pytest.approx(1, abs=1e-3)
            world = next(iter(states.values())).world
            allowed = [o.id for o in world.injects[inj.inject].options if o.allowed_for(role.role)]
            assert [o.option for o in role.options if o.option][: len(allowed)] == allowed
    assert seen == sum(
        1 for s in states.values() for d in s.decisions.values() if d.inject_id and not d.withdrawn
    )


def test_options_are_judged_against_the_record_as_the_report_judges_decisions(cohort, states):
    world = next(iter(states.values())).world
    judged = 0
    for inj in cohort.injects:
        source = world.injects[inj.inject]
        if source.history:
            assert inj.history is not None and inj.history.text == source.history.text.strip()
        for role in inj.roles:
            assert [e.text for e in role.expected] == [
                e.text for e in source.expected if e.role == role.role
            ]
            for s in states.values():
                d = s.decisions.get(f"{role.role}:{inj.inject}")
                if d is None or d.withdrawn or d.option_id is None:
                    continue
                [o] = [o for o in role.options if o.option == d.option_id]
                assert o.record == assess.overall(assess.assess(source, role.role, d))
                judged += 1
    assert judged > 10


def test_the_same_seed_twice_never_parts(folder):
    a, b = folder / "twin-a.ttx", folder / "twin-b.ttx"
    simulated(a, seed=3).close()
    simulated(b, seed=3).close()
    c = cohort_of_files(files_of([a, b]))
    assert c.divergence == ()
    assert "never parted" in headline(c) and "never parted" in render_cohort_md(c)


def test_the_parting_splits_the_sessions_where_their_choices_differ(cohort, states):
    splits = cohort.divergence
    assert splits and splits[0].index == 0
    root = splits[0]
    assert sorted(s for b in root.branches for s in b.sessions) == sorted(states)
    for split in splits:
        group = [s for b in split.branches for s in b.sessions]
        assert len(set(group)) == len(group) and len(split.branches) >= 2
        values = []
        for b in split.branches:
            for sid in b.sessions:
                values.append((b.choice, _choice(states[sid], split)))
            if b.then is not None:
                after = splits[b.then]
                assert sorted(s for x in after.branches for s in x.sessions) == sorted(b.sessions)
        assert all(want == got for want, got in values), (split, values)
        assert len({v for v, _ in values}) == len(split.branches)


def _choice(state, split) -> str:
    """A session's choice at a split, read from its state (not from the cohort's facts)."""
    if split.turn > state.turn:
        return "not played"
    if split.inject is None:
        d = state.decisions.get(f"t{split.turn}:{split.role}:free")
        return f"free: {d.text.strip()}" if d and not d.withdrawn else "no free action"
    rel = next((r for r in state.releases if r.inject_id == split.inject), None)
    if rel is None or rel.turn != split.turn:
        return "not released"
    d = state.decisions.get(f"{split.role}:{split.inject}")
    if d is None or d.withdrawn:
        return "no decision"
    return d.option_id or f"free: {d.text.strip()}"


def test_indicator_paths_are_each_sessions_values_turn_by_turn(cohort, states):
    played = max(s.turn for s in states.values())
    for d in cohort.indicators:
        assert d.points == ("Start", *(f"T{t}" for t in range(1, played + 1)))
        for sid, s in states.items():
            ends = turn_end_values(s)
            start = next(i.start for i in s.world.scenario.indicators if i.id == d.id)
            want = [start] + [ends[t][d.id] for t in sorted(ends)]
            assert d.paths[sid] == want + [None] * (len(d.points) - len(want))
        for n in range(len(d.points)):
            known = [p[n] for p in d.paths.values() if p[n] is not None]
            assert d.median[n] == (statistics.median(known) if known else None)
        finals = [s.indicators[d.id] for s in states.values()]
        assert (d.final_min, d.final_max) == (min(finals), max(finals))


def test_each_team_is_measured_in_every_session(cohort, states):
    for team in cohort.teams:
        [outcome] = [m for m in team.measures if m.measure == "outcome"]
        for sid, s in states.items():
            assert outcome.values[sid] == round(score(s.world.scenario, team.role, s.indicators), 3)
        known = [v for v in outcome.values.values() if v is not None]
        assert outcome.n == len(known) and outcome.mean == round(statistics.fmean(known), 3)
        [matched] = [m for m in team.measures if m.measure == "matched"]
        assert all(v is None or 0 <= v <= 1 for v in matched.values.values())


def test_sessions_of_another_scenario_are_refused_naming_the_odd_file(paths, folder):
    other = copy.deepcopy(mini_world())
    other["scenario"]["id"] = "other"
    odd = folder / "odd.ttx"
    simulate_session(other, 3, odd).close()
    with pytest.raises(CohortError, match=r"odd\.ttx: a session of scenario 'other'"):
        cohort_of_files(files_of([paths[0], odd, paths[1]]))
    with pytest.raises(CohortError, match=r"odd\.ttx"):  # even when it comes first
        cohort_of_files(files_of([odd, paths[0], paths[1]]))


def test_a_session_on_edited_content_is_marked(paths, folder):
    edited = copy.deepcopy(mini_world())
    edited["injects"][0]["title"] = "Edited between the sessions"
    path = folder / "edited.ttx"
    simulate_session(edited, 3, path).close()
    c = cohort_of_files(files_of([paths[0], path]))
    assert [s.content_same for s in c.sessions] == [True, False] and not c.content_same
    assert "content differs" in render_cohort_md(c) and "content differs" in render_cohort_html(c)


def test_a_tampered_session_stays_in_marked_and_a_damaged_one_is_named(paths, folder):
    tampered = folder / "tampered.ttx"
    shutil.copy(paths[1], tampered)
    db = sqlite3.connect(tampered)
    db.execute("UPDATE events SET payload = replace(payload, 'doctrine', 'DOCTRINE') WHERE seq = 9")
    db.commit()
    db.close()
    c = cohort_of_files(files_of([paths[0], tampered]))
    assert [s.verified for s in c.sessions] == [True, False] and not c.verified
    assert "event 9" in (c.sessions[1].chain_problem or "")
    assert "NOT all verified" in render_cohort_md(c) and "NOT verified" in render_cohort_html(c)
    cut = folder / "cut.ttx"
    shutil.copy(paths[1], cut)
    with open(cut, "r+b") as fh:
        fh.truncate(cut.stat().st_size // 3)
    with pytest.raises(SessionFileError, match=r"cut\.ttx"):
        cohort_of_files(files_of([paths[0], cut]))


def test_the_renderings_escape_players_text_and_stand_alone(folder, paths):
    path = folder / "markup.ttx"
    s = fresh(path)
    s.execute(cmd.SubmitDecision("moscow", "t1-moscow", None, text=MARKUP, rationale="r"))
    s.close()
    c = cohort_of_files(files_of([paths[0], path]))
    html = render_cohort_html(c)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<link" not in html and 'src="http' not in html and "<svg" in html
    opened = len(re.findall(r"<li[ >]", html))  # (not the charts' <line>s)
    assert html.count("<ul") == html.count("</ul>") and opened == html.count("</li>")
    md = render_cohort_md(c)
    assert "\\<script\\>" in md and "\\| \\*loud\\*" in md and "\n# not" not in md
    data = json.loads(json.dumps(as_json(c)))
    assert data["format"] == COHORT_FORMAT and data["version"] == 1
    [moscow] = [r for i in data["injects"] if i["inject"] == "t1-moscow" for r in i["roles"]]
    [free] = [o for o in moscow["options"] if o["option"] is None]
    assert free["texts"] == [MARKUP] and free["sessions"] == ["markup"]


# -- the parting, on made-up choices ------------------------------------------------------------

CHOICES = st.integers(min_value=2, max_value=7).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(st.lists(st.sampled_from("abc"), min_size=n, max_size=n), max_size=6),
    )
)


@settings(max_examples=150, deadline=None)
@given(CHOICES)
def test_parting_groups_exactly_the_sessions_that_chose_alike(data):
    n, columns = data
    sessions = [f"s{i}" for i in range(n)]
    points = [(1, f"i{k}", "moscow") for k in range(len(columns))]
    choices = {
        p: {s: Choice(col[i], col[i].upper()) for i, s in enumerate(sessions)}
        for p, col in zip(points, columns, strict=True)
    }
    splits = parting(sessions, points, choices, {})
    where = {p: k for k, p in enumerate(points)}
    # Where each split's group was last alike: the point after its parent split (0 at the root).
    start = {0: 0}
    for split in splits:
        at = where[(split.turn, split.inject, split.role)]
        group = [s for b in split.branches for s in b.sessions]
        for k in range(start[split.index], at):  # alike until the split
            assert len({choices[points[k]][s].value for s in group}) == 1
        for b in split.branches:
            assert {choices[points[at]][s].value for s in b.sessions} == {b.choice}
            if b.then is not None:
                start[b.then] = at + 1
            elif len(b.sessions) > 1:  # alike to the end
                for k in range(at + 1, len(points)):
                    assert len({choices[points[k]][s].value for s in b.sessions}) == 1
        assert len({b.choice for b in split.branches}) == len(split.branches)
    if not splits:
        assert all(len({c.value for c in choices[p].values()}) == 1 for p in points)


def test_a_thousand_sessions_parting_a_thousand_deep_render_without_recursion():
    n = 1200
    sessions = [f"s{i:04d}" for i in range(n)]
    points = [(1, f"i{k}", "moscow") for k in range(n - 1)]
    # At point k, session k leaves the rest: a chain n - 1 splits deep.
    choices = {
        p: {
            s: Choice("left" if i == k else ("gone" if i < k else "stay"), "x")
            for i, s in enumerate(sessions)
        }
        for k, p in enumerate(points)
    }
    splits = parting(sessions, points, choices, {})
    assert len(splits) == n - 1
    c = Cohort(
        format=COHORT_FORMAT,
        version=1,
        scenario="mini",
        title="deep",
        sessions=(),
        verified=True,
        content_same=True,
        injects=(),
        divergence=splits,
        indicators=(),
        teams=(),
        endings=(),
        end_conditions={},
    )
    depths = [d for d, _ in walk(c)]
    assert max(depths) == n - 2
    html = render_cohort_html(c)
    assert html.count("<ul") == html.count("</ul>")
    assert len(render_cohort_md(c).splitlines()) > 2 * (n - 1)
    json.dumps(as_json(c))
