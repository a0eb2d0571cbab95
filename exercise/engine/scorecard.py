"""Each role's scorecard: what its indicators are worth to it, and so what an option is worth.

One function for everyone who asks how a team is doing: the bots choosing an option, the balance
analyser ranking options for authors, and the after-action review's per-team outcome. An
indicator counts +weight for a role that holds it `good`, -weight for `bad`, nothing for
`mixed`; weights default to 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from exercise.content.model import Indicator, Option, Scenario

_SIGN = {"good": 1.0, "bad": -1.0}


def stance(indicator: Indicator, role: str) -> float:
    """What one step up on `indicator` is worth to `role`."""
    # Loops over the few pairs, not dict(...): the bots ask this for every effect they weigh.
    sign = 0.0
    for who, view in indicator.higher_is:
        if who == role:
            sign = _SIGN.get(view, 0.0)
            break
    if not sign:
        return 0.0
    for who, weight in indicator.weights:
        if who == role:
            return sign * weight
    return sign


def stances(scenario: Scenario, role: str) -> dict[str, float]:
    """Indicator id -> worth of a step up, for the indicators on `role`'s scorecard."""
    return {i.id: w for i in scenario.indicators if (w := stance(i, role))}


def score(scenario: Scenario, role: str, values: Mapping[str, int]) -> float:
    """How `role` stands at `values`, against where the scenario started (0 = as it began)."""
    return sum(
        w * (values.get(i.id, i.start) - i.start) / max(1, i.max - i.min)
        for i in scenario.indicators
        if (w := stance(i, role))
    )


def worth(
    scenario: Scenario,
    role: str,
    effects: Iterable[tuple[str, int]],
    values: Mapping[str, int] | None = None,
) -> float:
    """What indicator changes are worth to `role`; with `values`, only the part that the
    indicators' bounds let happen (a rise at the ceiling is worth nothing)."""
    total = 0.0
    for ind_id, delta in effects:
        spec = scenario.indicator(ind_id)
        if spec is None:
            continue
        if values is not None:
            now = values.get(ind_id, spec.start)
            delta = spec.clamp(now + delta) - now
        total += stance(spec, role) * delta
    return total


def discovery_odds(chance: float, turns_left: int) -> float:
    """The chance a covert move comes out in the turns that remain after it is made."""
    return 1.0 - (1.0 - chance) ** max(0, turns_left)


def option_worth(
    scenario: Scenario,
    role: str,
    option: Option,
    values: Mapping[str, int] | None = None,
    turns_left: int | None = None,
) -> float:
    """An option's worth to `role`: its effects, plus a covert move's discovery effects weighted
    by the chance it comes out (over `turns_left`, every later turn of the scenario by default)."""
    value = worth(scenario, role, option.effects, values)
    if option.covert is not None and option.covert.effects:
        left = len(scenario.turns) - 1 if turns_left is None else turns_left
        value += discovery_odds(option.covert.discovery, left) * worth(
            scenario, role, option.covert.effects
        )
    return value


def components(
    scenario: Scenario, role: str, option: Option, turns_left: int | None = None
) -> dict[str, float]:
    """Indicator id -> what the option does to it, in `role`'s terms (covert discovery counted
    at its odds over `turns_left`, by default every later turn): what dominance is judged on."""
    weights = stances(scenario, role)
    out = dict.fromkeys(weights, 0.0)
    for ind, delta in option.effects:
        if ind in out:
            out[ind] += weights[ind] * delta
    if option.covert is not None:
        left = len(scenario.turns) - 1 if turns_left is None else turns_left
        odds = discovery_odds(option.covert.discovery, left)
        for ind, delta in option.covert.effects:
            if ind in out:
                out[ind] += odds * weights[ind] * delta
    return out
