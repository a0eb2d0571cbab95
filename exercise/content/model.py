"""Frozen model objects built from validated content files.

Named tuples, not frozen dataclasses: every console loads this module before its first frame,
and Python 3.11 makes a named tuple class in a seventh of a dataclass's time (bench/console.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from exercise.content.dates import span_text, within


class Citation(NamedTuple):
    key: str
    quote: str
    note: str = ""


class Item(NamedTuple):
    """An objective, red line or lever of a role."""

    id: str
    text: str
    sources: tuple[Citation, ...]
    label: str = ""
    tags: tuple[str, ...] = ()


class Actor(NamedTuple):
    id: str
    name: str
    description: str
    sources: tuple[Citation, ...]


class Doctrine(NamedTuple):
    weights: tuple[tuple[str, float], ...] = ()
    notes: str = ""
    sources: tuple[Citation, ...] = ()

    def weight(self, tag: str) -> float:
        # A loop, not dict(self.weights): bots ask this for every option of every choice.
        for name, value in self.weights:
            if name == tag:
                return value
        return 1.0


class Role(NamedTuple):
    id: str
    name: str
    played: bool
    summary: str
    briefing: str
    objectives: tuple[Item, ...] = ()
    red_lines: tuple[Item, ...] = ()
    levers: tuple[Item, ...] = ()
    doctrine: Doctrine = Doctrine()
    actors: tuple[Actor, ...] = ()


class Condition(NamedTuple):
    indicator: str = ""
    op: str = ""
    value: int = 0
    decision: str = ""  # "inject-id/option-id"
    role: str = ""
    flag: str = ""
    not_flag: str = ""


class Trigger(NamedTuple):
    when: tuple[Condition, ...]
    mode: str = "all"
    from_turn: int | None = None
    until_turn: int | None = None


class Covert(NamedTuple):
    """A move kept from the roles it targets until it is discovered."""

    hidden_from: tuple[str, ...]
    discovery: float  # chance per later turn
    inject: str  # released when it comes out
    when: tuple[Condition, ...] = ()  # discovered at once when any holds
    effects: tuple[tuple[str, int], ...] = ()
    sets: tuple[str, ...] = ()


class ExtraEffects(NamedTuple):
    """Effects an option adds when ruled on while its conditions hold."""

    when: tuple[Condition, ...]
    effects: tuple[tuple[str, int], ...]
    mode: str = "all"


class Option(NamedTuple):
    id: str
    label: str
    description: str = ""
    roles: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    effects: tuple[tuple[str, int], ...] = ()
    sets: tuple[str, ...] = ()
    clears: tuple[str, ...] = ()
    requires: tuple[Condition, ...] = ()
    effects_if: tuple[ExtraEffects, ...] = ()
    covert: Covert | None = None

    def allowed_for(self, role: str) -> bool:
        return not self.roles or role in self.roles

    def flags_set(self) -> tuple[str, ...]:
        """Every flag choosing this option can set: by the ruling, or when it is discovered."""
        return self.sets + (self.covert.sets if self.covert else ())

    def conditions(self) -> tuple[Condition, ...]:
        """Every condition the option reads: its availability, its extra effects, discovery."""
        extra = tuple(c for x in self.effects_if for c in x.when)
        return self.requires + extra + (self.covert.when if self.covert else ())


class Expected(NamedTuple):
    role: str
    text: str
    objective: str = ""
    options: tuple[str, ...] = ()  # option ids that count as doing it (for the review)


class History(NamedTuple):
    text: str
    sources: tuple[Citation, ...]


class Window(NamedTuple):
    """The in-world dates an inject may come out in, inclusive; "" leaves an end open."""

    start: str = ""  # `from` in YAML
    until: str = ""

    def contains(self, date: str) -> bool:
        return within(date, self.start, self.until)

    def text(self) -> str:
        return span_text(self.start, self.until)


class Inject(NamedTuple):
    id: str
    title: str
    date: str
    sender: str
    medium: str
    visibility: str
    audience: tuple[str, ...]
    body: str
    sources: tuple[Citation, ...]
    deciders: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    trigger: Trigger | None = None
    history: History | None = None
    expected: tuple[Expected, ...] = ()
    counterfactual: bool = False
    manual: bool = False
    facilitator_notes: str = ""
    window: Window | None = None
    written_by: str = ""  # who wrote it in session (the white cell); "" for authored content

    def option(self, option_id: str) -> Option | None:
        for o in self.options:
            if o.id == option_id:
                return o
        return None

    def visible_to(self, role: str) -> bool:
        return self.visibility == "public" or role in self.audience

    def release_window(self) -> Window:
        """When the inject may come out: its window, which opens at the inject's own date unless
        it says otherwise; with no window, from its date on (a card never reports what has not
        happened yet)."""
        w = self.window or Window()
        return Window(w.start or self.date, w.until)

    def deciders_in(self, played: tuple[str, ...]) -> tuple[str, ...]:
        """Roles asked to decide on this inject, among the scenario's played roles."""
        if not self.options:
            return ()
        if self.deciders:
            chosen = self.deciders
        elif self.visibility == "private":
            chosen = self.audience
        else:
            chosen = played
        return tuple(r for r in chosen if r in played)


class Turn(NamedTuple):
    number: int
    name: str
    date: str
    brief: str = ""


class Phase(NamedTuple):
    name: str
    minutes: int


class Indicator(NamedTuple):
    id: str
    label: str
    min: int
    max: int
    start: int
    description: str = ""
    higher_is: tuple[tuple[str, str], ...] = ()
    weights: tuple[tuple[str, float], ...] = ()  # role -> weight on its scorecard (default 1)

    def clamp(self, value: int) -> int:
        return max(self.min, min(self.max, value))

    @property
    def title(self) -> str:
        """The label as every console and report heads it: capitalised, whatever the YAML says."""
        return self.label[:1].upper() + self.label[1:]


class Deck(NamedTuple):
    id: str
    title: str
    injects: tuple[str, ...]
    draws: int = 1
    turns: tuple[int, ...] = ()

    def draws_on(self, turn: int) -> int:
        return self.draws if (not self.turns or turn in self.turns) else 0


class EndCondition(NamedTuple):
    id: str
    label: str
    when: tuple[Condition, ...]
    mode: str = "all"
    ends_session: bool = False
    at_most: float | None = None  # the author's ceiling on its rate in bot runs


class Briefing(NamedTuple):
    """What a role knows as a scenario opens."""

    text: str
    sources: tuple[Citation, ...]


class Scenario(NamedTuple):
    id: str
    title: str
    period: tuple[str, str]
    minutes: int
    readme: str
    roles: tuple[str, ...]
    turns: tuple[Turn, ...]
    phases: tuple[Phase, ...]
    indicators: tuple[Indicator, ...]
    schedule: tuple[tuple[int, tuple[str, ...]], ...]
    learning_objectives: tuple[str, ...] = ()
    triggered: tuple[str, ...] = ()
    manual: tuple[str, ...] = ()
    decks: tuple[Deck, ...] = ()
    end_conditions: tuple[EndCondition, ...] = ()
    briefings: tuple[tuple[str, Briefing], ...] = ()
    auto_advance: bool = False  # a phase moves on by itself when its time runs out

    def briefing(self, role: str) -> Briefing | None:
        return dict(self.briefings).get(role)

    def scheduled_for(self, turn: int) -> tuple[str, ...]:
        return tuple(i for t, ids in self.schedule if t == turn for i in ids)

    def indicator(self, ind_id: str) -> Indicator | None:
        for i in self.indicators:
            if i.id == ind_id:
                return i
        return None

    def all_inject_ids(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for _, ids in self.schedule:
            seen.update(dict.fromkeys(ids))
        seen.update(dict.fromkeys(self.triggered))
        for deck in self.decks:
            seen.update(dict.fromkeys(deck.injects))
        seen.update(dict.fromkeys(self.manual))
        return tuple(seen)


class Source(NamedTuple):
    key: str
    author: str
    title: str
    publisher: str
    date: str
    file: str
    note: str = ""


class Library(NamedTuple):
    """Everything loaded from a content root."""

    roles: dict[str, Role]
    injects: dict[str, Inject]
    scenarios: dict[str, Scenario]
    sources: dict[str, Source]
    # The shared definitions (indicators/<id>.yaml); read-only unless given, as `load` gives it.
    indicators: Mapping[str, Indicator] = MappingProxyType({})

    def actors(self) -> dict[str, Actor]:
        return {a.id: a for r in self.roles.values() for a in r.actors}

    def scenario_injects(self, scenario: Scenario) -> dict[str, Inject]:
        return {i: self.injects[i] for i in self.world_inject_ids(scenario) if i in self.injects}

    def world_inject_ids(self, scenario: Scenario) -> tuple[str, ...]:
        """The scenario's injects and the discovery injects their covert options name."""
        ids = dict.fromkeys(scenario.all_inject_ids())
        for inj_id in list(ids):
            inj = self.injects.get(inj_id)
            for o in inj.options if inj else ():
                if o.covert is not None:
                    ids.setdefault(o.covert.inject)
        return tuple(ids)
