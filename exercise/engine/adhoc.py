"""Injects the white cell writes during the session: a situation the scenario did not foresee,
an answer to a team's move. Written and released in one command, they are events like any other:
the inject's content goes into the log and so into the world every later state reads, so the
consoles, the projector view, a replay and the after-action review all find it where they find
the scenario's own injects, marked as written in session and by whom."""

from __future__ import annotations

from dataclasses import dataclass

from exercise.engine import commands as cmd
from exercise.engine import events as ev
from exercise.engine.constants import MEDIA
from exercise.engine.messages import clean
from exercise.engine.refused import Refused
from exercise.engine.state import State

PREFIX = "adhoc-"
MAX_TITLE = 120
MAX_BODY = 4000
MAX_LINE = 200  # a sender, an option's label, a question
MAX_OPTIONS = 6
MAX_QUESTIONS = 5
OPTION_IDS = "abcdef"


@dataclass(frozen=True)
class Draft:
    """An inject as the white cell is writing it, before it is checked."""

    title: str
    body: str
    sender: str
    medium: str
    audience: tuple[str, ...]  # empty: every team (a public inject)
    questions: tuple[str, ...] = ()
    options: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()  # (label, effects)


def parse_effects(text: str, indicators: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """`"cohesion +1, trust -2"` as ((cohesion, 1), (trust, -2)); refused, naming the bad part,
    when a part is not an indicator of the scenario followed by a whole number."""
    out: dict[str, int] = {}
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        name, _, number = part.rpartition(" ")
        name = name.strip()
        if not name or name not in indicators:
            known = ", ".join(indicators)
            raise Refused(f"'{part}': write an indicator ({known}) and a change, like +1")
        try:
            out[name] = out.get(name, 0) + int(number)
        except ValueError:
            raise Refused(f"'{part}': the change must be a whole number, like +1 or -2") from None
    return tuple(out.items())


def parse_options(
    text: str, indicators: tuple[str, ...]
) -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
    """One option a line, its effects after a bar: `"Hold the line | cohesion +1"`; refused
    with the line's number when its effects do not read."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        label, _, effects = line.partition("|")
        try:
            out.append((label.strip(), parse_effects(effects, indicators)))
        except Refused as exc:
            raise Refused(f"option line {n}: {exc}") from None
    return tuple(out)


def next_id(s: State) -> str:
    n = 1
    while f"{PREFIX}{n}" in s.world.injects:
        n += 1
    return f"{PREFIX}{n}"


def _line(text: str, what: str, limit: int) -> str:
    text = " ".join(clean(text).split())
    if not text:
        raise Refused(f"the inject needs {what}")
    if len(text) > limit:
        raise Refused(f"{what} is at most {limit} characters")
    return text


def _options(d: Draft, s: State) -> list[dict]:
    if len(d.options) > MAX_OPTIONS:
        raise Refused(f"an inject offers at most {MAX_OPTIONS} options")
    spans = {i.id: i.max - i.min for i in s.world.scenario.indicators}
    out = []
    for n, (label, effects) in enumerate(d.options):
        option: dict = {
            "id": OPTION_IDS[n],
            "label": _line(label, f"option {n + 1}'s label", MAX_LINE),
        }
        for ind, change in effects:
            if ind not in spans:
                raise Refused(f"'{ind}' is not an indicator of this scenario")
            if not isinstance(change, int) or abs(change) > spans[ind]:
                raise Refused(f"a change of {change} to '{ind}' is beyond its range")
        if effects:
            option["effects"] = dict(effects)
        out.append(option)
    return out


def inject_of(d: Draft, s: State, author: str) -> dict:
    """The inject's content as the log keeps it (the shape of an authored inject file), or
    refused with the first thing wrong with the draft."""
    title = _line(d.title, "a title", MAX_TITLE)  # in the form's order: the first gap is named
    sender = _line(d.sender, "a sender", MAX_LINE)
    if d.medium not in MEDIA:
        raise Refused(f"'{d.medium}' is not a medium ({', '.join(MEDIA)})")
    played = s.world.played
    stray = [r for r in d.audience if r not in played]
    if stray:
        raise Refused(f"'{stray[0]}' is not a team in this session")
    body = clean(d.body)
    if not body:
        raise Refused("the inject needs a body")
    if len(body) > MAX_BODY:
        raise Refused(f"the body is at most {MAX_BODY} characters")
    if len(d.questions) > MAX_QUESTIONS:
        raise Refused(f"an inject asks at most {MAX_QUESTIONS} questions")
    inject: dict = {
        "kind": "inject",
        "id": next_id(s),
        "title": title,
        "date": s.world.scenario.turns[s.turn - 1].date,
        "from": sender,
        "medium": d.medium,
        "visibility": "private" if d.audience else "public",
        "body": body,
        "sources": [],
        "written_by": author,
    }
    audience = [r for r in played if r in d.audience]  # the scenario's order, each once
    if audience:
        inject["audience"] = audience
    questions = [_line(q, "a question", MAX_LINE) for q in d.questions if clean(q)]
    if questions:
        inject["questions"] = questions
    options = _options(d, s)
    if options:
        inject["options"] = options
    return inject


def write_inject(c: cmd.WriteInject, s: State) -> list[ev.Event]:
    draft = Draft(c.title, c.body, c.sender, c.medium, c.audience, c.questions, c.options)
    inject = inject_of(draft, s, c.author)
    return [
        ev.InjectWritten(inject, c.author, s.turn, c.at),
        ev.InjectReleased(inject["id"], s.turn, "written"),
    ]
