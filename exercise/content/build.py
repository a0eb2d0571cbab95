"""Turn schema-valid data into frozen model objects."""

from __future__ import annotations

from exercise.content.model import (
    Actor,
    Briefing,
    Citation,
    Condition,
    Covert,
    Deck,
    Doctrine,
    EndCondition,
    Expected,
    ExtraEffects,
    History,
    Indicator,
    Inject,
    Item,
    Option,
    Phase,
    Role,
    Scenario,
    Source,
    Trigger,
    Turn,
    Window,
)


def _cites(items) -> tuple[Citation, ...]:
    return tuple(Citation(c["key"], c["quote"], c.get("note", "")) for c in items or ())


def _item(d: dict) -> Item:
    return Item(
        d["id"], d["text"], _cites(d.get("sources")), d.get("label", ""), tuple(d.get("tags", ()))
    )


def _cond(d: dict) -> Condition:
    return Condition(
        indicator=d.get("indicator", ""),
        op=d.get("op", ""),
        value=d.get("value", 0),
        decision=d.get("decision", ""),
        role=d.get("role", ""),
        flag=d.get("flag", ""),
        not_flag=d.get("not_flag", ""),
    )


def role(d: dict) -> Role:
    doc = d.get("doctrine") or {}
    return Role(
        id=d["id"],
        name=d["name"],
        played=d["played"],
        summary=d["summary"],
        briefing=d["briefing"],
        objectives=tuple(_item(o) for o in d.get("objectives", ())),
        red_lines=tuple(_item(o) for o in d.get("red_lines", ())),
        levers=tuple(_item(o) for o in d.get("levers", ())),
        doctrine=Doctrine(
            tuple(sorted(doc.get("weights", {}).items())),
            doc.get("notes", ""),
            _cites(doc.get("sources")),
        ),
        actors=tuple(
            Actor(a["id"], a["name"], a["description"], _cites(a["sources"]))
            for a in d.get("actors", ())
        ),
    )


def inject(d: dict) -> Inject:
    trig = d.get("trigger")
    hist = d.get("history")
    return Inject(
        id=d["id"],
        title=d["title"],
        date=d["date"],
        sender=d["from"],
        medium=d["medium"],
        visibility=d["visibility"],
        audience=tuple(d.get("audience", ())),
        body=d["body"],
        sources=_cites(d["sources"]),
        deciders=tuple(d.get("deciders", ())),
        questions=tuple(d.get("questions", ())),
        options=tuple(
            Option(
                id=o["id"],
                label=o["label"],
                description=o.get("description", ""),
                roles=tuple(o.get("roles", ())),
                tags=tuple(o.get("tags", ())),
                effects=tuple(o.get("effects", {}).items()),
                sets=tuple(o.get("sets", ())),
                clears=tuple(o.get("clears", ())),
                requires=tuple(_cond(c) for c in o.get("requires", ())),
                effects_if=tuple(
                    ExtraEffects(
                        tuple(_cond(c) for c in x["when"]),
                        tuple(x["effects"].items()),
                        x.get("mode", "all"),
                    )
                    for x in o.get("effects_if", ())
                ),
                covert=_covert(o.get("covert")),
            )
            for o in d.get("options", ())
        ),
        trigger=Trigger(
            tuple(_cond(c) for c in trig["when"]),
            trig.get("mode", "all"),
            trig.get("from_turn"),
            trig.get("until_turn"),
        )
        if trig
        else None,
        history=History(hist["text"], _cites(hist["sources"])) if hist else None,
        expected=tuple(
            Expected(e["role"], e["text"], e.get("objective", ""), tuple(e.get("options", ())))
            for e in d.get("expected", ())
        ),
        counterfactual=d.get("counterfactual", False),
        manual=d.get("manual", False),
        facilitator_notes=d.get("facilitator_notes", ""),
        window=_window(d.get("window")),
        written_by=d.get("written_by", ""),
    )


def _covert(d: dict | None) -> Covert | None:
    if not d:
        return None
    return Covert(
        tuple(d["hidden_from"]),
        float(d["discovery"]),
        d["inject"],
        tuple(_cond(c) for c in d.get("when", ())),
        tuple(d.get("effects", {}).items()),
        tuple(d.get("sets", ())),
    )


def _stances(higher_is: dict) -> tuple[tuple[str, str], ...]:
    return tuple((r, v if isinstance(v, str) else v["is"]) for r, v in higher_is.items())


def _weights(higher_is: dict) -> tuple[tuple[str, float], ...]:
    return tuple(
        (r, float(v.get("weight", 1.0))) for r, v in higher_is.items() if isinstance(v, dict)
    )


def _window(d: dict | None) -> Window | None:
    return Window(d.get("from", ""), d.get("until", "")) if d else None


def indicator(d: dict) -> Indicator:
    """A scenario's indicator, written out (see indicators.expand), or a shared definition."""
    return Indicator(
        d["id"],
        d["label"],
        d["min"],
        d["max"],
        d["start"],
        d.get("description", ""),
        _stances(d.get("higher_is", {})),
        _weights(d.get("higher_is", {})),
    )


def scenario(d: dict) -> Scenario:
    """A scenario whose indicators are written out in full (indicators.expand)."""
    return Scenario(
        id=d["id"],
        title=d["title"],
        period=(d["period"]["start"], d["period"]["end"]),
        minutes=d["minutes"],
        readme=d["readme"],
        roles=tuple(d["roles"]),
        turns=tuple(
            Turn(t["number"], t["name"], t["date"], t.get("brief", "")) for t in d["turns"]
        ),
        phases=tuple(Phase(p["name"], p["minutes"]) for p in d["phases"]),
        indicators=tuple(indicator(i) for i in d["indicators"]),
        schedule=tuple((s["turn"], tuple(s["injects"])) for s in d["schedule"]),
        learning_objectives=tuple(d.get("learning_objectives", ())),
        auto_advance=d.get("auto_advance", False),
        triggered=tuple(d.get("triggered", ())),
        manual=tuple(d.get("manual", ())),
        decks=tuple(
            Deck(
                k["id"],
                k["title"],
                tuple(k["injects"]),
                k.get("draws", 1),
                tuple(k.get("turns", ())),
            )
            for k in d.get("decks", ())
        ),
        end_conditions=tuple(
            EndCondition(
                e["id"],
                e["label"],
                tuple(_cond(c) for c in e["when"]),
                e.get("mode", "all"),
                e.get("ends_session", False),
                e.get("at_most"),
            )
            for e in d.get("end_conditions", ())
        ),
        briefings=tuple(
            (r, Briefing(b["text"], _cites(b["sources"])))
            for r, b in d.get("briefings", {}).items()
        ),
    )


def sources(d: dict) -> dict[str, Source]:
    return {
        e["key"]: Source(
            e["key"],
            e["author"],
            e["title"],
            e["publisher"],
            e["date"],
            e["file"],
            e.get("note", ""),
        )
        for e in d["entries"]
    }
