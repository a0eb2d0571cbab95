"""many_runs through any Executor: spans tallied apart merge to the summary played in one place."""

import signal
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from itertools import accumulate

import pytest

from exercise.session import simulate
from exercise.session.simulate import SPAN_MAX, SPAN_MIN, Tally, many_runs, one_run, spans, sweep


class Held(Executor):
    """Runs the first task it is given and fails it; the rest it only holds, never starting them."""

    def __init__(self) -> None:
        self.futures: list[Future] = []

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        if not self.futures:
            future.set_exception(RuntimeError("the worker went away"))
        self.futures.append(future)
        return future


@pytest.mark.parametrize("runs", [1, 3, 4, 5, 63, 64, 65, 1000, 1601, 100_000])
def test_spans_cover_the_seeds_in_order_within_the_bounds(runs):
    cut = spans(runs, seed=7)
    assert [first for first, _ in cut] == list(accumulate((c for _, c in cut[:-1]), initial=7))
    assert sum(c for _, c in cut) == runs
    assert all(c <= SPAN_MAX for _, c in cut)
    assert all(c >= SPAN_MIN for _, c in cut[:-1])


def test_tallies_of_consecutive_spans_merge_to_the_tally_of_all(mini_world):
    whole, merged = Tally(), Tally()
    for seed in range(10, 19):
        whole.add(one_run(mini_world, seed).state)
    for first, count in ((10, 4), (14, 1), (15, 4)):
        part = Tally()
        for seed in range(first, first + count):
            part.add(one_run(mini_world, seed).state)
        merged.merge(part)
    assert vars(merged) == vars(whole)


def test_any_executor_gives_the_summary_played_here(mini_world):
    here = many_runs(mini_world, 41, seed=5)
    calls: list[tuple[int, int]] = []
    with ThreadPoolExecutor(3) as pool:
        pooled = many_runs(mini_world, 41, 5, lambda d, t: calls.append((d, t)), executor=pool)
    assert pooled == here and pooled["runs"] == 41 and pooled["seed"] == 5
    done = [d for d, _ in calls]
    assert done == sorted(done) and done[-1] == 41 and len(done) == len(spans(41))


def test_a_failed_span_stops_the_sweep_and_drops_what_had_not_started(mini_world):
    held = Held()
    with pytest.raises(RuntimeError, match="went away"):
        many_runs(mini_world, 40, executor=held)
    assert len(held.futures) == len(spans(40)) > 1
    assert all(f.cancelled() for f in held.futures[1:])


def test_sweep_on_processes_gives_the_summary_played_here(mini_world, monkeypatch):
    pools: list[int] = []
    real = simulate.process_pool

    def recorded(workers: int):
        pools.append(workers)
        return real(workers)

    monkeypatch.setattr(simulate, "process_pool", recorded)
    assert sweep(mini_world, 30, seed=2, workers=2) == many_runs(mini_world, 30, seed=2)
    assert sweep(mini_world, 3, seed=2, workers=2) == many_runs(mini_world, 3, seed=2)
    assert pools == [2]  # three runs are one span: played here, with no pool to start


def test_ctrl_c_in_a_pooled_sweep_is_held_for_a_safe_point_then_raised():
    before = signal.getsignal(signal.SIGINT)
    got_here = False
    with pytest.raises(KeyboardInterrupt), simulate._ctrl_c_deferred() as stop:
        signal.raise_signal(signal.SIGINT)
        for _ in range(1000):  # the handler runs between two bytecodes, on this thread
            if stop.is_set():
                break
        got_here = stop.is_set()
    assert got_here and signal.getsignal(signal.SIGINT) is before
