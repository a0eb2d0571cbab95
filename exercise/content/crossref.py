"""Checks that span files: ids that must exist, bounds, turns, flags, citations and grounding."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from exercise.content.grounding import copied_passage, quote_found, words
from exercise.content.library import Loaded
from exercise.content.model import Condition
from exercise.content.yamlio import ContentError, Document

MAX_QUOTE_WORDS = 40


def _citations(data, path: tuple = ()) -> Iterator[tuple[tuple, dict]]:
    if isinstance(data, dict):
        for k, v in data.items():
            if k == "sources" and isinstance(v, list):
                for i, c in enumerate(v):
                    if isinstance(c, dict) and "quote" in c:
                        yield path + (k, i), c
            else:
                yield from _citations(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _citations(v, path + (i,))


NARRATIVE_KEYS = frozenset({"body", "text", "briefing", "summary", "description", "readme", "label",
                            "facilitator_notes", "questions", "learning_objectives", "brief", "notes"})


def _narrative(data, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Prose fields (our own words by rule); citations' quotes are skipped."""
    if isinstance(data, dict):
        for k, v in data.items():
            if k == "sources":
                continue
            if k in NARRATIVE_KEYS and isinstance(v, str):
                yield path + (k,), v
            elif k in NARRATIVE_KEYS and isinstance(v, list):
                yield from ((path + (k, i), x) for i, x in enumerate(v) if isinstance(x, str))
            else:
                yield from _narrative(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _narrative(v, path + (i,))


def cross_check(loaded: Loaded, sources_dir: Path | None = None) -> list[ContentError]:
    lib = loaded.library
    docs = loaded.docs
    out: list[ContentError] = []
    roles = lib.roles
    actors = lib.actors()
    senders = set(roles) | set(actors)
    flags_set = {f for inj in lib.injects.values() for o in inj.options for f in o.sets}
    all_indicators = {i.id for s in lib.scenarios.values() for i in s.indicators}

    for a_id in actors:
        if a_id in roles:
            out.append(docs[("role", next(r.id for r in roles.values() if any(a.id == a_id for a in r.actors)))]
                       .error(("actors",), f"actor id '{a_id}' is also a role id"))

    def check_conditions(doc: Document, base: tuple, conds: tuple[Condition, ...]) -> None:
        for n, c in enumerate(conds):
            here = base + (n,)
            if c.indicator and c.indicator not in all_indicators:
                out.append(doc.error(here + ("indicator",), f"unknown indicator '{c.indicator}'"))
            if c.decision:
                inj_id, opt_id = c.decision.split("/", 1)
                target = lib.injects.get(inj_id)
                if target is None:
                    if inj_id in loaded.broken_ids:
                        continue
                    out.append(doc.error(here + ("decision",), f"unknown inject '{inj_id}' in decision '{c.decision}'"))
                elif target.option(opt_id) is None:
                    known = ", ".join(o.id for o in target.options) or "none"
                    out.append(doc.error(here + ("decision",), f"inject '{inj_id}' has no option '{opt_id}' (options: {known})"))
            if c.role and c.role not in roles:
                out.append(doc.error(here + ("role",), f"unknown role '{c.role}'"))
            for flag in (c.flag, c.not_flag):
                if flag and flag not in flags_set:
                    out.append(doc.error(here + ("flag" if flag == c.flag else "not_flag",),
                                         f"unknown flag '{flag}': no option sets it"))

    # Roles
    for r in roles.values():
        doc = docs[("role", r.id)]
        seen: dict[str, str] = {}
        for group in ("objectives", "red_lines", "levers"):
            for n, item in enumerate(getattr(r, group)):
                if item.id in seen:
                    out.append(doc.error((group, n, "id"), f"duplicate id '{item.id}' (also in {seen[item.id]})"))
                seen[item.id] = group

    # Injects
    for inj in lib.injects.values():
        doc = docs[("inject", inj.id)]
        if inj.sender not in senders:
            out.append(doc.error(("from",), f"unknown sender '{inj.sender}': not a role or actor"))
        for field_name in ("audience", "deciders"):
            for n, r in enumerate(getattr(inj, field_name)):
                if r not in roles:
                    out.append(doc.error((field_name, n), f"unknown role '{r}'"))
        opt_ids: set[str] = set()
        for n, o in enumerate(inj.options):
            if o.id in opt_ids:
                out.append(doc.error(("options", n, "id"), f"duplicate option id '{o.id}'"))
            opt_ids.add(o.id)
            for m, r in enumerate(o.roles):
                if r not in roles:
                    out.append(doc.error(("options", n, "roles", m), f"unknown role '{r}'"))
            for ind, _delta in o.effects:
                if ind not in all_indicators:
                    out.append(doc.error(("options", n, "effects", ind), f"unknown indicator '{ind}'", key=True))
        if inj.trigger:
            check_conditions(doc, ("trigger", "when"), inj.trigger.when)
            t = inj.trigger
            if t.from_turn and t.until_turn and t.from_turn > t.until_turn:
                out.append(doc.error(("trigger", "until_turn"), "until_turn is before from_turn"))
        for n, e in enumerate(inj.expected):
            role = roles.get(e.role)
            if role is None:
                out.append(doc.error(("expected", n, "role"), f"unknown role '{e.role}'"))
            elif e.objective and e.objective not in {o.id for o in role.objectives}:
                out.append(doc.error(("expected", n, "objective"), f"role '{e.role}' has no objective '{e.objective}'"))
            for m, opt_id in enumerate(e.options):
                opt = inj.option(opt_id)
                if opt is None:
                    known = ", ".join(o.id for o in inj.options) or "none"
                    out.append(doc.error(("expected", n, "options", m), f"no option '{opt_id}' in this inject (options: {known})"))
                elif not opt.allowed_for(e.role):
                    out.append(doc.error(("expected", n, "options", m), f"option '{opt_id}' is not open to '{e.role}'"))

    # Scenarios
    for s in lib.scenarios.values():
        doc = docs[("scenario", s.id)]
        n_turns = len(s.turns)
        for n, t in enumerate(s.turns):
            if t.number != n + 1:
                out.append(doc.error(("turns", n, "number"), f"turns must be numbered 1, 2, 3...; expected {n + 1}, found {t.number}"))
        for n, r in enumerate(s.roles):
            if r not in roles:
                if r not in loaded.broken_ids:
                    out.append(doc.error(("roles", n), f"unknown role '{r}'"))
            elif not roles[r].played:
                out.append(doc.error(("roles", n), f"role '{r}' is not a played role"))
        ind_ids: set[str] = set()
        for n, ind in enumerate(s.indicators):
            if ind.id in ind_ids:
                out.append(doc.error(("indicators", n, "id"), f"duplicate indicator id '{ind.id}'"))
            ind_ids.add(ind.id)
            if not ind.min <= ind.start <= ind.max:
                out.append(doc.error(("indicators", n, "start"), f"start {ind.start} is outside {ind.min}..{ind.max}"))
            for r, _ in ind.higher_is:
                if r not in roles:
                    out.append(doc.error(("indicators", n, "higher_is", r), f"unknown role '{r}'", key=True))

        def need_inject(path: tuple, inj_id: str, doc: Document = doc) -> None:
            if inj_id not in lib.injects and inj_id not in loaded.broken_ids:
                out.append(doc.error(path, f"unknown inject '{inj_id}'"))

        for n, (turn, ids) in enumerate(s.schedule):
            if not 1 <= turn <= n_turns:
                out.append(doc.error(("schedule", n, "turn"), f"turn {turn} is out of range 1..{n_turns}"))
            for m, i in enumerate(ids):
                need_inject(("schedule", n, "injects", m), i)
        for n, i in enumerate(s.triggered):
            need_inject(("triggered", n), i)
            if i in lib.injects and lib.injects[i].trigger is None:
                out.append(doc.error(("triggered", n), f"inject '{i}' is listed as triggered but has no trigger"))
        for n, i in enumerate(s.manual):
            need_inject(("manual", n), i)
        for n, deck in enumerate(s.decks):
            for m, i in enumerate(deck.injects):
                need_inject(("decks", n, "injects", m), i)
            for m, t in enumerate(deck.turns):
                if not 1 <= t <= n_turns:
                    out.append(doc.error(("decks", n, "turns", m), f"turn {t} is out of range 1..{n_turns}"))
        for n, e in enumerate(s.end_conditions):
            base = ("end_conditions", n, "when")
            for m, c in enumerate(e.when):
                if c.indicator and c.indicator not in ind_ids:
                    out.append(doc.error(base + (m, "indicator"), f"indicator '{c.indicator}' is not tracked by this scenario"))
            check_conditions(doc, base, e.when)
        # Injects used here must only touch this scenario's indicators and stay in range.
        for inj_id in s.all_inject_ids():
            inj = lib.injects.get(inj_id)
            if inj is None:
                continue
            idoc = docs[("inject", inj_id)]
            for n, o in enumerate(inj.options):
                for ind_id, delta in o.effects:
                    ind = s.indicator(ind_id)
                    if ind_id in all_indicators and ind is None:
                        out.append(idoc.error(("options", n, "effects", ind_id),
                                              f"indicator '{ind_id}' is not tracked by scenario '{s.id}', which uses this inject", key=True))
                    elif ind is not None and abs(delta) > ind.max - ind.min:
                        out.append(idoc.error(("options", n, "effects", ind_id),
                                              f"effect {delta:+d} is outside the bounds of '{ind_id}' ({ind.min}..{ind.max}) in scenario '{s.id}'"))
            if inj.trigger:
                for m, c in enumerate(inj.trigger.when):
                    ind = s.indicator(c.indicator) if c.indicator else None
                    if c.indicator and c.indicator in all_indicators and ind is None and inj_id in s.triggered:
                        out.append(idoc.error(("trigger", "when", m, "indicator"),
                                              f"indicator '{c.indicator}' is not tracked by scenario '{s.id}', which uses this inject"))
                    elif ind is not None and not ind.min <= c.value <= ind.max:
                        out.append(idoc.error(("trigger", "when", m, "value"),
                                              f"value {c.value} is outside the bounds of '{c.indicator}' ({ind.min}..{ind.max}) in scenario '{s.id}'"))
                for key in ("from_turn", "until_turn"):
                    t = getattr(inj.trigger, key)
                    if t is not None and inj_id in s.triggered and t > n_turns:
                        out.append(idoc.error(("trigger", key), f"turn {t} is out of range 1..{n_turns} in scenario '{s.id}'"))

    # Citations everywhere
    texts: dict[str, bool] = {}
    all_docs = list(docs.values()) + ([loaded.bibliography_doc] if loaded.bibliography_doc else [])
    for doc in all_docs:
        owner = doc.data.get("id", "")
        for path, cite in _citations(doc.data):
            key, quote = cite.get("key"), cite.get("quote", "")
            src = lib.sources.get(key)
            if src is None:
                out.append(doc.error(path + ("key",), f"unknown bibliography key '{key}'"))
                continue
            n_words = words(quote)
            if n_words > MAX_QUOTE_WORDS:
                out.append(doc.error(path + ("quote",), f"quote has {n_words} words; at most {MAX_QUOTE_WORDS}"))
            if sources_dir is not None:
                found = quote_found(sources_dir, src.file, quote)
                if found is None:
                    if src.file not in texts:
                        texts[src.file] = False
                        out.append(doc.error(path + ("key",), f"source text {src.file} for '{key}' is not in {sources_dir}"))
                elif not found:
                    short = " ".join(quote.split()[:8])
                    out.append(doc.error(path + ("quote",), f"{owner or 'quote'}: quote not found verbatim in '{key}' ({src.file}): \"{short}...\""))
        if sources_dir is not None:
            texts_paths = [sources_dir / s.file for s in lib.sources.values()]
            for path, text in _narrative(doc.data):
                copied = copied_passage(text, texts_paths)
                if copied:
                    out.append(doc.error(path, f"{owner or 'text'}: narrative copies a source word for word "
                                               f"(\"{copied}\"); paraphrase it, or cite it as a quote"))
    return out
