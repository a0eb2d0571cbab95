"""The roads not taken (session/whatif): which decisions and options are played, from where,
with which seeds, and what their runs add up to; the same whatever plays them."""

from __future__ import annotations

import hashlib
from collections import Counter
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from exercise.content.library import scenario_world
from exercise.engine.autoplay import play_all
from exercise.engine.rules import available
from exercise.session import Session
from exercise.session.simulate import VirtualClock, simulate_session
from exercise.session.whatif import (
    Fork,
    Played,
    forks,
    play_road,
    read_played,
    road,
    roads_not_taken,
    run_seed,
    states_before,
    tasks,
    whatif,
)
from exercise.session.whatif_file import dumps
from exercise.session.whatif_select import NoRoads, select
from exercise.session.whatif_summary import Outcome
from exercise.session.whatif_types import from_json, to_json
from tests.conftest import ROOT
from tests.review.helpers import mini_world, played

RUNS = 6


@pytest.fixture(scope="module")
def sim(tmp_path_factory) -> Played:
    path = tmp_path_factory.mktemp("sim") / "sim.ttx"
    simulate_session(mini_world(), 3, path).close()
    return read_played(path)


@pytest.fixture(scope="module")
def by_hand(tmp_path_factory) -> Played:
    """Teams and the facilitator entered decisions through Session.execute: an amendment, a
    withdrawal and a new submission, a free action, a matrix ruling."""
    path = tmp_path_factory.mktemp("hand") / "hand.ttx"
    played(path).close()
    return read_played(path)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Played:
    path = tmp_path_factory.mktemp("demo") / "demo.ttx"
    simulate_session(scenario_world(ROOT, "demo"), 1, path).close()
    return read_played(path)


def _fork(p: Played, decision: str) -> Fork:
    return next(f for f in forks(p)[0] if f.decision == decision)


# -- which decisions, which options ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["sim", "by_hand", "demo"])
def test_every_option_open_where_the_team_decided_is_played_and_its_choice_is_one(name, request):
    p: Played = request.getfixturevalue(name)
    found, skipped = forks(p)
    assert found
    states = states_before(p.seqs, p.events, [f.seq for f in found])
    for f in found:
        base = states[f.seq]
        inj = base.world.injects[f.inject]
        open_here = tuple(o.id for o in inj.options if o.allowed_for(f.role) and available(base, o))
        assert f.options == open_here and len(f.options) >= 2
        assert f.chosen == p.state.decisions[f.decision].option_id and f.chosen in f.options
    standing = {d for d, x in p.state.decisions.items() if not x.withdrawn}
    assert {f.decision for f in found} | {s.decision for s in skipped} == standing
    assert [f.seq for f in found] == sorted(f.seq for f in found)


def test_a_role_with_a_single_option_open_has_no_road_not_taken(demo):
    skipped = {s.decision: s.reason for s in forks(demo)[1]}
    assert skipped["jerusalem:int-deck-spiegel-leak"] == "only one option was open to Jerusalem"


def test_an_amended_choice_is_forked_at_its_last_amendment_and_played_as_one(by_hand):
    f = _fork(by_hand, "moscow:t1-moscow")  # submitted "coop", amended to "push"
    kinds = dict(zip(by_hand.seqs, (type(e).__name__ for e in by_hand.events), strict=True))
    assert f.amend and f.chosen == "push" and kinds[f.seq] == "DecisionAmended"
    assert len(f.seqs) == 2 and kinds[f.seqs[0]] == "DecisionSubmitted"
    before = states_before(by_hand.seqs, by_hand.events, [f.seq])[f.seq]
    assert before.decisions[f.decision].option_id == "coop"  # what the amendment replaced


def test_a_choice_withdrawn_and_made_again_is_forked_where_it_was_made_again(by_hand):
    f = _fork(by_hand, "tehran:t1-tehran")  # "push", withdrawn, then "coop"
    assert f.chosen == "coop" and not f.amend and len(f.seqs) == 1
    submitted = [
        s
        for s, e in zip(by_hand.seqs, by_hand.events, strict=True)
        if type(e).__name__ == "DecisionSubmitted" and e.decision_id == f.decision
    ]
    assert f.seq == submitted[-1] and len(submitted) == 2


def test_a_free_action_is_listed_with_no_road_to_play(by_hand):
    skipped = {s.decision: s for s in forks(by_hand)[1]}
    free = skipped["t1:moscow:free"]
    assert free.reason.startswith("a free action")


# -- playing a road -------------------------------------------------------------------------------


def test_a_road_is_played_in_memory_to_the_end_by_bots_and_writes_nothing(by_hand, tmp_path):
    f = _fork(by_hand, "moscow:t1-moscow")
    files = {p: p.stat().st_mtime_ns for p in Path(tmp_path).parent.rglob("*")}
    base = states_before(by_hand.seqs, by_hand.events, [f.seq])[f.seq]
    assert set(base.participants.values()) != {"bot"}  # teams played it
    for option in f.options:
        out = play_road(base, f, option, run_seed(5, f.decision, option, 0))
        assert isinstance(out, Outcome)
        assert out.turn == len(base.scenario.turns) or out.ends
        assert len(out.by_turn) == len(base.scenario.turns) - f.turn + 1
    assert {p: p.stat().st_mtime_ns for p in Path(tmp_path).parent.rglob("*")} == files


@pytest.mark.parametrize("name", ["sim", "by_hand"])
def test_the_option_played_replaces_the_teams_choice_and_bots_play_every_role(name, request):
    p: Played = request.getfixturevalue(name)
    for f in forks(p)[0]:
        base = states_before(p.seqs, p.events, [f.seq])[f.seq]
        for option in f.options:
            branch = road(base, f, option, 7)
            assert branch.state.decisions[f.decision].option_id == option
            assert branch.state.seed == 7 and base.seed == p.state.seed
            assert set(branch.state.participants.values()) == {"bot"}
            play_all(branch)
            ruled = branch.state.ruling(branch.state.decisions[f.decision].ruling_id)
            assert ruled is not None and f.decision in ruled.decision_ids


def test_seeds_come_from_the_session_seed_decision_option_and_run_alone(sim):
    f = _fork(sim, "tehran:t1-tehran")
    result = roads_not_taken(sim, [f], [], RUNS)
    assert result.lineage.session_seed == sim.state.seed == 3
    text = "ttx-whatif:3:tehran:t1-tehran:push:4"
    assert run_seed(3, f.decision, "push", 4) == int(
        hashlib.sha256(text.encode()).hexdigest()[:16], 16
    )
    alts = {a.option: a for a in result.decisions[0].alternatives}
    for option, alt in alts.items():
        assert alt.seeds == tuple(run_seed(3, f.decision, option, n) for n in range(RUNS))
    every = [s for a in alts.values() for s in a.seeds]
    assert len(set(every)) == len(every)
    # Run 4 of "push", played again by hand from its recorded seed, is the run the result counted.
    base = states_before(sim.seqs, sim.events, [f.seq])[f.seq]
    again = [play_road(base, f, "push", s) for s in alts["push"].seeds]
    finals = Counter(o.finals[0] for o in again)
    assert alts["push"].indicators["cohesion"].histogram == dict(sorted(finals.items()))


def test_end_condition_rates_count_the_runs_where_each_held(sim):
    f = _fork(sim, "moscow:t2-moscow")
    result = roads_not_taken(sim, [f], [], RUNS)
    base = states_before(sim.seqs, sim.events, [f.seq])[f.seq]
    for alt in result.decisions[0].alternatives:
        ends = Counter(e for s in alt.seeds for e in play_road(base, f, alt.option, s).ends)
        assert {r.id: r.met for r in alt.end_conditions} == {
            "war": ends["war"],
            "held": ends["held"],
        }
        assert all(r.share == round(r.met / RUNS, 4) for r in alt.end_conditions)
        assert sum(alt.indicators["cohesion"].histogram.values()) == RUNS == alt.runs
    marked = [a.option for a in result.decisions[0].alternatives if a.chosen]
    assert marked == [f.chosen]


def test_the_fan_starts_at_the_decisions_turn_and_ends_with_the_final_spread(by_hand):
    f = _fork(by_hand, "tehran:t2-tehran")
    result = roads_not_taken(by_hand, [f], [], RUNS)
    d = result.decisions[0]
    assert d.turn == 2 and d.at_decision == dict(
        states_before(by_hand.seqs, by_hand.events, [f.seq])[f.seq].indicators
    )
    for alt in d.alternatives:
        spread = alt.indicators["escalation"]
        assert [p.turn for p in spread.fan] == [2]
        assert spread.fan[-1].median == spread.median and spread.min <= spread.median <= spread.max


# -- the same whatever plays the runs --------------------------------------------------------------


def test_the_same_bytes_here_on_threads_and_on_two_worker_processes(by_hand):
    found, skipped = forks(by_hand)
    here = dumps(whatif(by_hand, found, skipped, RUNS, workers=1))
    with ThreadPoolExecutor(3) as pool:
        threads = dumps(roads_not_taken(by_hand, found, skipped, RUNS, executor=pool))
    processes = dumps(whatif(by_hand, found, skipped, RUNS, workers=2))
    assert here == threads == processes


def test_spans_never_cross_an_option_and_cover_every_run(sim):
    found = forks(sim)[0]
    for runs in (1, 5, 25, 101):
        cut = tasks(found, runs)
        for i, f in enumerate(found):
            for option in f.options:
                mine = [t for t in cut if (t.fork, t.option) == (i, option)]
                assert [t.first for t in mine] == sorted(t.first for t in mine)
                assert sum(t.count for t in mine) == runs and mine[0].first == 0


class Failing(Executor):
    """Fails the first task it is given; holds the rest, never starting them."""

    def __init__(self) -> None:
        self.futures: list[Future] = []

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        if not self.futures:
            future.set_exception(RuntimeError("the worker went away"))
        self.futures.append(future)
        return future


def test_a_failed_span_stops_the_analysis_and_drops_what_had_not_started(sim):
    found, skipped = forks(sim)
    held = Failing()
    with pytest.raises(RuntimeError, match="went away"):
        roads_not_taken(sim, found, skipped, 30, executor=held)
    assert len(held.futures) > 1 and all(f.cancelled() for f in held.futures[1:])


def test_progress_counts_every_run_once(sim):
    found = forks(sim)[0][:2]
    seen: list[tuple[int, int]] = []
    roads_not_taken(sim, found, [], 9, progress=lambda d, t: seen.append((d, t)))
    total = 9 * sum(len(f.options) for f in found)
    assert seen[-1] == (total, total) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_the_result_reads_back_from_its_json_as_it_was(by_hand):
    import json

    found, skipped = forks(by_hand)
    result = roads_not_taken(by_hand, found[:3], skipped, RUNS)
    assert from_json(json.loads(dumps(result))) == result
    assert from_json(to_json(result)) == result


# -- choosing what to play -----------------------------------------------------------------------


def test_a_decision_is_chosen_by_its_id_or_by_an_event_it_was_taken_at(by_hand):
    found, skipped = forks(by_hand)
    f = _fork(by_hand, "moscow:t1-moscow")
    assert select(by_hand, found, skipped, decision=f.decision) == ([f], [])
    assert select(by_hand, found, skipped, at=f.seqs[0]) == ([f], [])  # the first submission
    assert select(by_hand, found, skipped, at=f.seq) == ([f], [])  # its amendment
    assert select(by_hand, found, skipped) == (found, skipped)


def _withdrawn_at(p: Played) -> int:
    """The event of tehran's first choice on t1-tehran, withdrawn and made again later."""
    return next(
        s
        for s, e in zip(p.seqs, p.events, strict=True)
        if type(e).__name__ == "DecisionSubmitted" and e.decision_id == "tehran:t1-tehran"
    )


@pytest.mark.parametrize(
    ("ask", "said"),
    [
        (lambda p: {"decision": "nobody:x"}, lambda p: "--decision nobody:x: no such decision in"),
        (lambda p: {"decision": "t1:moscow:free"}, lambda p: "--decision t1:moscow:free: a free"),
        (
            lambda p: {"at": 0},
            lambda p: f"--at 0: out of range; hand.ttx has events 1 to {p.seqs[-1]}",
        ),
        (lambda p: {"at": p.seqs[-1] + 1}, lambda p: f"--at {p.seqs[-1] + 1}: out of range"),
        (lambda p: {"at": 1}, lambda p: "--at 1: event 1 is SessionStarted, not a team's decision"),
        (
            lambda p: {"at": _withdrawn_at(p)},
            lambda p: (
                f"--at {_withdrawn_at(p)}: Tehran withdrew the choice made at event "
                f"{_withdrawn_at(p)}, then decided again at event "
                f"{_fork(p, 'tehran:t1-tehran').seq}"
            ),
        ),
    ],
)
def test_a_request_for_nothing_to_play_is_refused_in_one_line(by_hand, ask, said):
    found, skipped = forks(by_hand)
    with pytest.raises(NoRoads) as refused:
        select(by_hand, found, skipped, **ask(by_hand))
    assert str(refused.value).startswith(said(by_hand)) and "\n" not in str(refused.value)


def test_a_session_with_no_decision_yet_has_nothing_to_play(tmp_path):
    world = mini_world()
    roles = world["scenario"]["roles"]
    path = tmp_path / "new.ttx"
    Session.create(
        path, world, seed=1, participants=tuple((r, "team") for r in roles), clock=VirtualClock()
    ).close()
    p = read_played(path)
    found, skipped = forks(p)
    assert found == [] and skipped == []
    with pytest.raises(NoRoads, match="no team has decided anything yet"):
        select(p, found, skipped)


# -- reading a result back ------------------------------------------------------------------------


def _broken(doc: dict, path: list, value) -> dict:
    import copy

    out = copy.deepcopy(doc)
    at = out
    for key in path[:-1]:
        at = at[key]
    if value is KeyError:
        del at[path[-1]]
    else:
        at[path[-1]] = value
    return out


@pytest.mark.parametrize(
    ("path", "value", "said"),
    [
        (["format"], "other", 'not a ttx whatif result (no "format": "ttx-whatif")'),
        (["version"], 2, "version: 2: this ttx reads version 1"),
        (["runs"], True, "runs: True is not a whole number"),
        (["runs"], 0, "runs: 0: at least one run per option"),
        (["lineage"], KeyError, 'the document: missing "lineage"'),
        (["decisions", 0, "seq"], "7", "decisions[0].seq: '7' is not a whole number"),
        (["decisions", 0, "alternatives", 0, "chosen"], False, "decisions[0]: its choice"),
        (
            ["decisions", 0, "alternatives", 1, "indicators", "cohesion", "histogram", "x"],
            1,
            "decisions[0].alternatives[1].indicators.cohesion.histogram: key 'x' is not a whole",
        ),
        (
            ["decisions", 0, "alternatives", 0, "indicators", "cohesion", "histogram"],
            {"5": 1},
            "decisions[0].alternatives[0].indicators.cohesion: its histogram is not 6 runs",
        ),
        (["decisions", 0, "alternatives", 0, "seeds"], [1, 2], "decisions[0].alternatives[0]: 6"),
        (
            ["decisions", 0, "alternatives", 0, "indicators", "escalation"],
            KeyError,
            "decisions[0].alternatives[0].indicators: not the indicators listed",
        ),
        (["decisions", 0, "alternatives", 0, "end_conditions", 0, "share"], "1", "decisions[0]"),
        (["skipped"], {}, "skipped: {} is not a list"),
    ],
)
def test_a_result_out_of_shape_is_named_where_it_is_wrong(sim, path, value, said):
    import json

    from exercise.session.whatif_types import Malformed

    found, skipped = forks(sim)
    doc = json.loads(dumps(roads_not_taken(sim, found[:1], skipped, RUNS)))
    with pytest.raises(Malformed) as bad:
        from_json(_broken(doc, path, value))
    assert str(bad.value).startswith(said)
