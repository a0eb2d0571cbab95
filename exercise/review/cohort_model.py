"""The cohort: sessions of one scenario side by side (its types: cohort_types).

Each session file is read once (export_read: checked against its chain, decoded, folded) and
boiled down at once to what the cohort compares (`_Facts`), so fifty sessions, or five hundred,
never sit in memory together. Then, across them: per inject, the distribution of the teams'
choices beside the historical record and the actions it expects (read as the after-action
report reads them: review/assess); where the sessions part (cohort_divergence); each
indicator's paths; each team's measures (cohort_measures); how the sessions ended.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from exercise.content.model import Inject
from exercise.engine import events as ev
from exercise.engine.state import State
from exercise.engine.world import World
from exercise.review import assess
from exercise.review.cohort_divergence import (
    NO_DECISION,
    NO_FREE_ACTION,
    NOT_PLAYED,
    NOT_RELEASED,
    Choice,
    Point,
    parting,
)
from exercise.review.cohort_measures import MEASURES
from exercise.review.cohort_types import (
    COHORT_FORMAT,
    COHORT_VERSION,
    Cohort,
    CohortSession,
    Ending,
    Expected,
    IndicatorPaths,
    InjectChoices,
    MeasureSpread,
    OptionCount,
    RoleChoices,
    TeamAcross,
)
from exercise.review.export_read import SessionRead, read_session
from exercise.review.report_model import turn_end_values
from exercise.review.report_sections import indicators as indicator_defs
from exercise.review.report_types import Cite, Expectation, HistoricalRecord

NOT_ENDED = "not ended"


class CohortError(ValueError):
    """The sessions cannot be put side by side; the message names the file at fault."""


@dataclass
class _Facts:
    """What the cohort keeps of one session."""

    session: CohortSession
    scenario: str
    turns_played: int
    released: dict[str, tuple[int, int]]  # inject -> (turn, its place among the releases)
    asked: dict[str, tuple[str, ...]]  # inject released -> the roles asked to decide on it
    decided: dict[tuple[str, str], Choice]  # (inject, role) -> the standing decision
    free: dict[tuple[int, str], Choice]  # (turn, role) -> the turn's free action
    values: dict[str, list[int]]  # indicator -> at the start and the end of each turn played
    measures: dict[str, dict[str, float | None]]  # role -> measure id -> value
    end_conditions: tuple[str, ...]
    injects: dict[str, Inject] = field(default_factory=dict)  # those a first world lacks


def cohort_of_files(files: Sequence[tuple[Path, str]]) -> Cohort:
    """The cohort of these (file, session id)s, each read once. SessionFileError names a file
    that cannot be read; CohortError one of another scenario than the rest."""
    facts: list[_Facts] = []
    world: World | None = None
    start: dict | None = None
    for path, sid in files:
        s = read_session(path, sid)
        first = s.events[0]
        content = first.world if isinstance(first, ev.SessionStarted) else None
        if world is None:
            world, start = s.state.world, content
        facts.append(_facts(s, world, content == start))
        del s  # let this session's rows go before the next is read
    if world is None:
        raise CohortError("no session to compare")
    return _cohort(_one_scenario(facts, files), world)


def _one_scenario(facts: list[_Facts], files: Sequence[tuple[Path, str]]) -> list[_Facts]:
    """The sessions, if all are of one scenario; else CohortError naming the first file that
    is not of the scenario most of them are (the first file's, on a tie)."""
    counts = Counter(f.scenario for f in facts)
    most = max(counts.values())
    main = next(f.scenario for f in facts if counts[f.scenario] == most)
    for f, (path, _) in zip(facts, files, strict=True):
        if f.scenario != main:
            others = "the first is" if len(facts) == 2 else f"{most} of the {len(facts)} are"
            raise CohortError(
                f"{path}: a session of scenario '{f.scenario}', while {others} of '{main}'; "
                "a cohort is of one scenario"
            )
    return facts


def _facts(s: SessionRead, world: World, content_same: bool) -> _Facts:
    st = s.state
    first = s.events[0]
    modes = dict(first.participants) if isinstance(first, ev.SessionStarted) else {}
    released = {r.inject_id: (r.turn, n) for n, r in enumerate(st.releases)}
    decided: dict[tuple[str, str], Choice] = {}
    free: dict[tuple[int, str], Choice] = {}
    for d in st.decisions.values():
        if d.withdrawn:
            continue
        if d.inject_id is None:
            free[(d.turn, d.role)] = Choice(f"free: {d.text.strip()}", d.text.strip())
            continue
        inj = st.world.injects.get(d.inject_id)
        opt = inj.option(d.option_id) if inj and d.option_id else None
        if d.option_id:
            decided[(d.inject_id, d.role)] = Choice(d.option_id, opt.label if opt else d.option_id)
        else:
            decided[(d.inject_id, d.role)] = Choice(f"free: {d.text.strip()}", d.text.strip())
    chain = s.chain
    return _Facts(
        session=CohortSession(
            id=s.id,
            file=str(s.path),
            seed=st.seed,
            events=st.seq,
            turns_played=st.turn,
            ended=st.ended,
            end_reason=st.end_reason or None,
            end_conditions=tuple(st.end_conditions),
            verified=chain.verified,
            chain_problem=None
            if chain.verified
            else (f"event {chain.first_bad}: {chain.reason}" if chain.reason else "head"),
            modes={r: modes.get(r, "bot") for r in st.world.scenario.roles},
            content_same=content_same,
        ),
        scenario=st.world.scenario.id,
        turns_played=st.turn,
        released=released,
        asked={i: st.world.deciders.get(i, ()) for i in released},
        decided=decided,
        free=free,
        values=_values(st),
        measures={r: {m.id: m.of(s, r) for m in MEASURES} for r in st.world.scenario.roles},
        end_conditions=tuple(st.end_conditions),
        injects={i: inj for i, inj in st.world.injects.items() if i not in world.injects},
    )


def _values(st: State) -> dict[str, list[int]]:
    ends = turn_end_values(st)
    return {
        i.id: [i.start] + [ends[t].get(i.id, i.start) for t in sorted(ends)]
        for i in st.world.scenario.indicators
    }


def _cohort(facts: list[_Facts], world: World) -> Cohort:
    sc = world.scenario
    injects = dict(world.injects)
    for f in facts:
        for i, inj in f.injects.items():
            injects.setdefault(i, inj)
    order = _inject_order(facts)
    sessions = tuple(f.session for f in facts)
    return Cohort(
        format=COHORT_FORMAT,
        version=COHORT_VERSION,
        scenario=sc.id,
        title=sc.title,
        sessions=sessions,
        verified=all(s.verified for s in sessions),
        content_same=all(s.content_same for s in sessions),
        injects=tuple(_inject_choices(facts, injects[i], world) for i in order),
        divergence=_divergence(facts, order, injects, world),
        indicators=_indicator_paths(facts, world),
        teams=_teams(facts, world),
        endings=_endings(facts),
        end_conditions=dict(Counter(c for f in facts for c in f.end_conditions).most_common()),
    )


def _inject_order(facts: list[_Facts]) -> list[str]:
    """Every inject released in any session, in the order play meets them: by the earliest
    turn it came out in, then its earliest place among that turn's releases."""
    first: dict[str, tuple[int, int]] = {}
    for f in facts:
        for inject, where in f.released.items():
            first[inject] = min(first.get(inject, where), where)
    return sorted(first, key=lambda i: (*first[i], i))


# -- choices against the record -----------------------------------------------------------------


def _inject_choices(facts: list[_Facts], inj: Inject, world: World) -> InjectChoices:
    out = [f for f in facts if inj.id in f.released]
    roles = list(world.deciders.get(inj.id, ()))
    for f in out:
        for role in (*f.asked.get(inj.id, ()), *(r for i, r in f.decided if i == inj.id)):
            if role not in roles:
                roles.append(role)
    h = inj.history
    return InjectChoices(
        inject=inj.id,
        title=inj.title,
        counterfactual=inj.counterfactual,
        released=len(out),
        turns=dict(sorted(Counter(f.released[inj.id][0] for f in out).items())),
        not_released=tuple(f.session.id for f in facts if inj.id not in f.released),
        history=HistoricalRecord(
            text=h.text.strip(),
            sources=tuple(Cite(key=c.key, quote=c.quote, note=c.note or None) for c in h.sources),
        )
        if h
        else None,
        roles=tuple(_role_choices(out, inj, role, world) for role in roles),
    )


def _role_choices(facts: list[_Facts], inj: Inject, role: str, world: World) -> RoleChoices:
    asked = [f for f in facts if role in f.asked.get(inj.id, ()) or (inj.id, role) in f.decided]
    chosen: dict[str, list[str]] = {}
    texts: list[tuple[str, str]] = []  # (session, free action)
    undecided = []
    for f in asked:
        c = f.decided.get((inj.id, role))
        if c is None:
            undecided.append(f.session.id)
        elif c.value.startswith("free: "):
            texts.append((f.session.id, c.label))
        else:
            chosen.setdefault(c.value, []).append(f.session.id)
    n = len(asked)
    ids = [o.id for o in inj.options if o.allowed_for(role)]
    ids += [o for o in chosen if o not in ids]  # chosen in a session whose content differs
    options = [_option_count(inj, role, o, chosen.get(o, []), n) for o in ids]
    if texts:
        options.append(
            OptionCount(
                option=None,
                label="free action",
                count=len(texts),
                share=round(len(texts) / n, 4) if n else 0.0,
                sessions=tuple(s for s, _ in texts),
                record=_record(inj, role, None),
                texts=tuple(t for _, t in texts),
            )
        )
    r = world.roles.get(role)
    return RoleChoices(
        role=role,
        name=r.name if r else role,
        asked=n,
        expected=tuple(
            Expected(text=e.text, objective=e.objective or None, options=tuple(e.options))
            for e in inj.expected
            if e.role == role
        ),
        options=tuple(options),
        undecided=tuple(undecided),
    )


def _option_count(inj: Inject, role: str, option: str, sessions: list[str], n: int) -> OptionCount:
    opt = inj.option(option)
    return OptionCount(
        option=option,
        label=opt.label if opt else option,
        count=len(sessions),
        share=round(len(sessions) / n, 4) if n else 0.0,
        sessions=tuple(sessions),
        record=_record(inj, role, option),
        texts=(),
    )


def _record(inj: Inject, role: str, option: str | None) -> str:
    """An option against the actions the inject expects of the role, as the report judges a
    decision that chose it (review/assess)."""
    rows = []
    for entry in inj.expected:
        if entry.role != role:
            continue
        verdict, basis = assess.assess_entry(entry, inj, role, option, None)
        rows.append(Expectation(entry.text, entry.objective or None, entry.options, verdict, basis))
    return assess.overall(rows)


# -- where the sessions parted ------------------------------------------------------------------


def _divergence(facts: list[_Facts], order: list[str], injects: dict[str, Inject], world: World):
    roles = {r: n for n, r in enumerate(world.scenario.roles)}
    places: dict[str, int] = {i: n for n, i in enumerate(order)}
    points: set[Point] = set()
    for f in facts:
        for inject, (turn, _) in f.released.items():
            points.update((turn, inject, r) for r in f.asked.get(inject, ()))
            points.update((turn, inject, r) for i, r in f.decided if i == inject)
        points.update((turn, "", r) for turn, r in f.free)
    ordered = sorted(
        points,
        key=lambda p: (p[0], p[1] == "", places.get(p[1], 0), roles.get(p[2], len(roles)), p),
    )
    choices = {p: {f.session.id: _choice(f, p) for f in facts} for p in ordered}
    titles = {i: inj.title for i, inj in injects.items()}
    return parting([f.session.id for f in facts], ordered, choices, titles)


def _choice(f: _Facts, point: Point) -> Choice:
    turn, inject, role = point
    if turn > f.turns_played:
        return Choice(NOT_PLAYED, NOT_PLAYED)
    if not inject:
        return f.free.get((turn, role), Choice(NO_FREE_ACTION, NO_FREE_ACTION))
    if f.released.get(inject, (None,))[0] != turn:
        return Choice(NOT_RELEASED, NOT_RELEASED)
    return f.decided.get((inject, role), Choice(NO_DECISION, NO_DECISION))


# -- indicators, teams, endings -----------------------------------------------------------------


def _indicator_paths(facts: list[_Facts], world: World) -> tuple[IndicatorPaths, ...]:
    played = max((f.turns_played for f in facts), default=0)
    points = ("Start", *(f"T{t}" for t in range(1, played + 1)))
    defs = indicator_defs_of(world)
    out = []
    for d in defs:
        paths: dict[str, list[int | None]] = {}
        for f in facts:
            values: list[int | None] = list(f.values.get(d.id, []))
            paths[f.session.id] = values + [None] * (len(points) - len(values))
        median = [_median([p[n] for p in paths.values()]) for n in range(len(points))]
        finals = [f.values[d.id][-1] for f in facts if f.values.get(d.id)]
        out.append(
            IndicatorPaths(
                id=d.id,
                label=d.label,
                min=d.min,
                max=d.max,
                thresholds=d.thresholds,
                points=points,
                paths=paths,
                median=median,
                final_min=min(finals) if finals else None,
                final_median=_median(list(finals)),
                final_max=max(finals) if finals else None,
            )
        )
    return tuple(out)


def indicator_defs_of(world: World):
    """The scenario's indicators with their bounds and end-condition thresholds, as the report
    defines them (report_sections.indicators, asked of a state with no turn played)."""
    return indicator_defs(State(world=world), {}).defs


def _median(values: Sequence[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return float(statistics.median(known)) if known else None


def _teams(facts: list[_Facts], world: World) -> tuple[TeamAcross, ...]:
    out = []
    for role in world.scenario.roles:
        spreads = []
        for m in MEASURES:
            values = {f.session.id: f.measures.get(role, {}).get(m.id) for f in facts}
            known = [v for v in values.values() if v is not None]
            spreads.append(
                MeasureSpread(
                    measure=m.id,
                    label=m.label,
                    about=m.about,
                    n=len(known),
                    mean=round(statistics.fmean(known), 3) if known else None,
                    min=min(known) if known else None,
                    max=max(known) if known else None,
                    values=values,
                )
            )
        r = world.roles.get(role)
        out.append(TeamAcross(role=role, name=r.name if r else role, measures=tuple(spreads)))
    return tuple(out)


def _endings(facts: list[_Facts]) -> tuple[Ending, ...]:
    groups: dict[str, list[str]] = {}
    for f in facts:
        groups.setdefault(f.session.end_reason or NOT_ENDED, []).append(f.session.id)
    ordered = sorted(groups.items(), key=lambda g: -len(g[1]))
    return tuple(Ending(reason=reason, sessions=tuple(ids)) for reason, ids in ordered)
