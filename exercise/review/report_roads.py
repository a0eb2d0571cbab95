"""The report's roads not taken, built from a `ttx whatif` result of the session.

The report never plays runs itself (a result takes seconds to minutes): the facilitator runs
`ttx whatif FILE -o RESULT` once after the session and gives the result to `ttx report --whatif`,
which checks that it is of this session before showing it. The decisions that mattered are those
whose largest difference, of an option not taken against the team's choice, is beyond what
chance gives with the runs played; the report charts the MATTERED largest of them.
"""

from __future__ import annotations

from exercise.engine.view import team_name
from exercise.review.roads_types import RoadDecision, RoadOption, RoadSkipped, RoadsNotTaken
from exercise.session.whatif_measure import (
    beyond_chance,
    chance,
    largest,
    outcome_words,
    sentence,
)
from exercise.session.whatif_types import DecisionRoads, WhatIf

MATTERED = 3  # decisions charted in the report


def roads_section(result: WhatIf) -> RoadsNotTaken:
    decisions = tuple(_decision(result, d) for d in result.decisions)
    ranked = sorted(
        (d for d in decisions if d.beyond_chance and d.difference is not None),
        key=lambda d: (-(d.difference.size if d.difference else 0.0), d.seq),
    )
    return RoadsNotTaken(
        runs=result.runs,
        analysed_events=result.session.events,
        session_seed=result.lineage.session_seed,
        lineage=result.lineage.rule,
        chance=round(chance(result.runs, result.runs), 4),
        end_conditions=result.end_conditions,
        mattered=tuple(d.decision for d in ranked[:MATTERED]),
        decisions=decisions,
        skipped=tuple(RoadSkipped(s.decision, s.seq, s.reason) for s in result.skipped),
    )


def _decision(result: WhatIf, d: DecisionRoads) -> RoadDecision:
    diff = largest(result, d)
    labels = {a.option: a.label for a in d.alternatives}
    return RoadDecision(
        decision=d.decision,
        seq=d.seq,
        turn=d.turn,
        role=d.role,
        team=team_name(d.role),
        inject=d.inject,
        inject_title=d.inject_title,
        chosen=d.chosen,
        chosen_label=labels.get(d.chosen, d.chosen),
        at_decision=dict(d.at_decision),
        options=tuple(
            RoadOption(
                option=a.option,
                label=a.label,
                chosen=a.chosen,
                runs=a.runs,
                indicators=dict(a.indicators),
                end_conditions={r.id: r.share for r in a.end_conditions},
            )
            for a in d.alternatives
        ),
        difference=diff,
        charted=largest(result, d, "indicator"),
        beyond_chance=beyond_chance(d, diff),
        sentence=sentence(result, d, diff),
        in_short=outcome_words(result, diff) if diff and diff.separation else "",
    )
