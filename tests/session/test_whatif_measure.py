"""How far an option not taken ended from the team's choice (session/whatif_measure): pure, so
checked on made-up spreads, with hypothesis where any spread will do."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exercise.session.whatif_measure import (
    beyond_chance,
    chance,
    differences,
    largest,
    outcome_words,
    sentence,
)
from exercise.session.whatif_types import (
    FORMAT,
    VERSION,
    Alternative,
    DecisionRoads,
    EndInfo,
    EndRate,
    IndicatorInfo,
    Lineage,
    SessionRef,
    Spread,
    WhatIf,
)

LO, HI = 0, 10


def spread(values: list[int]) -> Spread:
    ordered = sorted(values)
    return Spread(
        min=ordered[0],
        p10=ordered[0],
        median=ordered[len(ordered) // 2],
        mean=sum(values) / len(values),
        p90=ordered[-1],
        max=ordered[-1],
        histogram=dict(sorted(Counter(values).items())),
        fan=(),
    )


def alt(option: str, values: list[int], met: int = 0, chosen: bool = False) -> Alternative:
    runs = len(values)
    return Alternative(
        option=option,
        label=f"Label of {option}",
        chosen=chosen,
        runs=runs,
        seeds=tuple(range(runs)),
        indicators={"cohesion": spread(values)},
        end_conditions=(EndRate("rupture", met, round(met / runs, 4)),),
        ended_early=0,
    )


def roads(*alternatives: Alternative, ends_session: bool = True) -> tuple[WhatIf, DecisionRoads]:
    chosen = next(a.option for a in alternatives if a.chosen)
    d = DecisionRoads(
        "tehran:air", 27, 2, "tehran", "air", "Air cover", chosen, {"cohesion": 5}, alternatives
    )
    result = WhatIf(
        format=FORMAT,
        version=VERSION,
        session=SessionRef("s.ttx", "demo", 1, 60, "60:ab", True, {"cohesion": 3}, ()),
        runs=alternatives[0].runs,
        lineage=Lineage(1, "rule"),
        indicators=(IndicatorInfo("cohesion", "cohesion", LO, HI),),
        end_conditions=(EndInfo("rupture", "The partnership ruptures", ends_session),),
        decisions=(d,),
        skipped=(),
    )
    return result, d


samples = st.lists(st.integers(LO, HI), min_size=1, max_size=40)


@given(samples, samples)
def test_an_indicator_difference_is_said_from_the_cut_where_the_shares_part_most(a, b):
    result, d = roads(alt("other", a), alt("own", b, chosen=True))
    diff = largest(result, d, "indicator")
    assert diff is not None and 0 <= diff.size <= 1 and 0 <= diff.separation <= 1
    cuts = sorted(set(a) | set(b))[1:]

    def below(values: list[int], cut: int) -> float:
        return sum(v < cut for v in values) / len(values)

    ks = max((abs(below(a, c) - below(b, c)) for c in cuts), default=0.0)
    assert diff.separation == pytest.approx(ks, abs=1e-4)
    if diff.separation == 0:
        return
    assert diff.cut is not None
    mine, theirs = below(a, diff.cut), below(b, diff.cut)
    if diff.side == "at_or_above":
        mine, theirs = 1 - mine, 1 - theirs
    assert diff.share == pytest.approx(mine, abs=1e-4)
    assert diff.chosen_share == pytest.approx(theirs, abs=1e-4)
    assert diff.share >= diff.chosen_share  # said from the option not taken's larger side


@given(st.integers(1, 30), st.data())
def test_the_size_of_an_indicator_difference_is_how_far_it_moved_over_its_range(n, data):
    a = data.draw(st.lists(st.integers(LO, HI), min_size=n, max_size=n))
    b = data.draw(st.lists(st.integers(LO, HI), min_size=n, max_size=n))
    result, d = roads(alt("other", a), alt("own", b, chosen=True))
    diff = largest(result, d, "indicator")
    assert diff is not None
    # With as many runs each, the earth mover's distance pairs the sorted values one to one.
    moved = sum(abs(x - y) for x, y in zip(sorted(a), sorted(b), strict=True)) / n
    assert diff.size == pytest.approx(moved / (HI - LO), abs=1e-4)


def test_a_certain_one_point_move_is_sure_but_small_and_ranks_below_a_big_one():
    result, d = roads(
        alt("nudge", [6] * 50), alt("leap", [1] * 50), alt("own", [5] * 50, chosen=True)
    )
    nudge, leap = (x for x in differences(result, d) if x.kind == "indicator")
    assert (nudge.separation, nudge.size) == (1.0, 0.1)
    assert (leap.separation, leap.size) == (1.0, 0.4)
    assert largest(result, d) == leap
    assert sentence(result, d, leap) == (
        "Had Tehran chosen \u201cLabel of leap\u201d instead of \u201cLabel of own\u201d, "
        "cohesion ended below 5 in 100% of runs, against 0% after its own choice."
    )
    assert (
        outcome_words(result, nudge) == "cohesion ended at 6 or above in 100% of runs, against 0%"
    )


def test_an_end_condition_difference_is_the_difference_of_its_rates():
    result, d = roads(alt("other", [5] * 100, met=61), alt("own", [5] * 100, met=22, chosen=True))
    diff = largest(result, d)
    assert diff is not None and diff.kind == "end_condition" and diff.measure == "rupture"
    assert (diff.share, diff.chosen_share, diff.separation, diff.size) == (0.61, 0.22, 0.39, 0.39)
    assert sentence(result, d, diff).endswith(
        "the session ended with \u201cThe partnership ruptures\u201d in 61% of runs, "
        "against 22% after its own choice."
    )
    kept, d = roads(
        alt("other", [5] * 100, met=61),
        alt("own", [5] * 100, met=22, chosen=True),
        ends_session=False,
    )
    assert "\u201cThe partnership ruptures\u201d held at the end in 61%" in sentence(kept, d, diff)


def test_options_that_end_alike_are_said_to():
    result, d = roads(alt("other", [3, 4, 5]), alt("own", [5, 3, 4], chosen=True))
    diff = largest(result, d)
    assert diff is not None and diff.separation == 0 and not beyond_chance(d, diff)
    assert sentence(result, d, diff).startswith("Whichever option Tehran chose here")


def test_chance_is_the_kolmogorov_smirnov_bound_at_five_percent():
    assert chance(100, 100) == pytest.approx(0.1923, abs=1e-4)
    assert chance(400, 400) == pytest.approx(chance(100, 100) / 2)
    result, d = roads(alt("other", [5] * 100, met=40), alt("own", [5] * 100, met=20, chosen=True))
    diff = largest(result, d)
    assert beyond_chance(d, diff)  # 20 points apart, against a bound of 19
    result, d = roads(alt("other", [5] * 100, met=38), alt("own", [5] * 100, met=20, chosen=True))
    assert not beyond_chance(d, largest(result, d))
