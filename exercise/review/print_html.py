"""The print pack as one self-contained HTML file: inline CSS with a print stylesheet, no script,
no external resource. Every text from content or from a session goes through html.escape.
"""

from __future__ import annotations

import re

from exercise.content.model import Citation, Item
from exercise.review.print_css import CSS
from exercise.review.print_pack import (
    Card,
    ExpectedRow,
    Guide,
    GuideInject,
    GuideTurn,
    Pack,
    RoleBrief,
)
from exercise.review.render_html import code, e, table

# A list item's marker: the screens' reflow (content/text.py) knows bullets and numbers; a
# printed readme keeps its lettered steps (a., b.) under the numbered ones, so they count too.
_ITEM = re.compile(r"^(\s*)(?:[-*•]|\d+[.)]|[a-z][.)])\s+")


def prose(text: str) -> str:
    """Paragraphs of escaped text; list items (and their depth) kept, other lines joined."""
    out = []
    for para in re.split(r"\n\s*\n", text.strip()):
        blocks: list[list] = []  # [indent or None for plain text, text]
        for raw in para.splitlines():
            line = raw.strip()
            if not line:
                continue
            item = _ITEM.match(raw)
            if item or not blocks:
                blocks.append([len(item.group(1)) if item else None, line])
            else:
                blocks[-1][1] += " " + line
        depth = {n: i + 1 for i, n in enumerate(sorted({b[0] for b in blocks if b[0] is not None}))}
        for indent, line in blocks:
            if indent is None:
                out.append(f"<p>{e(line)}</p>")
            else:
                out.append(f'<p class="li d{min(depth[indent], 3)}">{e(line)}</p>')
    return "\n".join(out)


def render_pack(p: Pack) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(_kind(p))}: {e(p.title)}</title>",
        f"<style>{CSS}</style></head><body>",
        _cover(p),
    ]
    if p.briefings:
        parts.append('<section class="briefings" id="briefings">')
        parts += [_briefing(p, b) for b in p.briefings]
        parts.append("</section>")
    if p.cards:
        parts.append('<section class="cards" id="cards">')
        parts += [_card(c) for c in p.cards]
        parts.append("</section>")
    if p.guide:
        parts.append(_guide(p.guide))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _kind(p: Pack) -> str:
    return f"Team pack for {p.role}" if p.role else "Print pack"


def _cover(p: Pack) -> str:
    contents = []
    if p.briefings:
        contents.append(
            ("briefings", "Role briefings", [(f"brief-{b.role}", b.name) for b in p.briefings])
        )
    if p.cards:
        contents.append(("cards", f"Inject cards ({len(p.cards)}, one a page)", []))
    if p.guide:
        contents.append(("guide", "Facilitator guide", []))
    items = []
    for anchor, title, subs in contents:
        sub = "".join(f'<li><a href="#{e(a)}">{e(t)}</a></li>' for a, t in subs)
        items.append(
            f'<li><a href="#{anchor}">{e(title)}</a>' + (f"<ul>{sub}</ul>" if sub else "") + "</li>"
        )
    if p.role:
        handling = f"For the {e(p.role)} team only. Do not pass it to another team."
    else:
        handling = (
            "Hand each team its role briefing before the session. Give out each inject card when "
            "its turn comes: a public card to every team, a private card only to the teams it is "
            "addressed to. The facilitator guide is for the white cell only."
        )
    return "\n".join(
        [
            '<header class="sheet cover">',
            f'<p class="kicker">{e(_kind(p))}</p>',
            f"<h1>{e(p.title)}</h1>",
            f'<p class="source muted">{e(p.source)}</p>',
            f'<nav class="toc"><h3>Contents</h3><ul>{"".join(items)}</ul></nav>',
            f'<p class="handling note">{handling}</p>',
            "</header>",
        ]
    )


def _items(items: tuple[Item, ...], labelled: bool = False) -> str:
    def one(i: Item) -> str:
        head = f"<strong>{e(i.label)}</strong>: " if labelled and i.label else ""
        return f"<li>{head}{e(' '.join(i.text.split()))}</li>"

    return "<ul>" + "".join(one(i) for i in items) + "</ul>" if items else "<p>None.</p>"


def _briefing(p: Pack, b: RoleBrief) -> str:
    out = [
        f'<article class="sheet briefing" id="brief-{e(b.role)}">',
        f'<p class="kicker">Role briefing &middot; {e(p.title)}</p>',
        f"<h2>{e(b.name)}</h2>",
        f'<p class="summary">{e(b.summary)}</p>',
    ]
    if b.situation:
        out += ["<h3>As the scenario opens</h3>", prose(b.situation)]
    out += ["<h3>Your standing brief</h3>", prose(b.briefing)]
    out += ["<h3>Objectives</h3>", _items(b.objectives)]
    out += ["<h3>Red lines</h3>", _items(b.red_lines)]
    out += ["<h3>Levers: actions you can take</h3>", _items(b.levers, labelled=True)]
    out.append(f'<p class="note">For the {e(b.name)} team only.</p></article>')
    return "\n".join(out)


def _card(c: Card) -> str:
    out = [
        f'<article class="sheet card" id="card-{e(c.inject_id)}">',
        f'<div class="band"><span class="turn">{e(c.turn)}</span>'
        f'<span class="to">To: {e(c.audience)}</span></div>',
    ]
    stamps = []
    if c.private:
        stamps.append("Private")
    if c.counterfactual:
        stamps.append("Counterfactual: this did not happen in reality")
    if c.written:
        stamps.append("Written in session")
    out += [f'<span class="stamp">{s}</span>' for s in stamps]
    out += [
        f"<h2>{e(c.title)}</h2>",
        f'<p class="meta">{e(c.date)} &middot; from {e(c.sender)} &middot; {e(c.medium)}</p>',
        f'<div class="body">{prose(c.body)}</div>',
    ]
    if c.questions:
        out.append(
            "<h3>Questions</h3><ul>" + "".join(f"<li>{e(q)}</li>" for q in c.questions) + "</ul>"
        )
    if c.options:
        out.append("<h3>Options</h3>" + _card_options(c))
    if c.deciders:
        out.append(f'<p class="decides">To decide: {e(", ".join(c.deciders))}</p>')
    if c.to_decide:
        out.append(
            '<div class="write"><p class="note">Our choice and why:</p>'
            + '<div class="line"></div>' * 4
            + "</div>"
        )
    out.append("</article>")
    return "\n".join(out)


def _card_options(c: Card) -> str:
    rows = []
    for o in c.options:
        only = (
            f' <span class="note">(for {e(", ".join(o.only_for))} only)</span>'
            if o.only_for
            else ""
        )
        desc = f'<br><span class="note">{e(o.description)}</span>' if o.description else ""
        box = '<span class="box"></span>' if c.to_decide else ""
        rows.append(f"<li>{box}{e(o.label)}{only}{desc}</li>")
    return f'<ul class="options{"" if c.to_decide else " read"}">' + "".join(rows) + "</ul>"


# -- the facilitator guide --------------------------------------------------------------------


def _guide(g: Guide) -> str:
    return "\n".join(
        [
            '<section class="guide" id="guide">',
            _guide_overview(g),
            _guide_timing(g),
            _guide_board(g),
            _guide_turns(g),
            '<article class="sheet"><p class="kicker">Facilitator guide</p>',
            "<h2>Every inject</h2>",
            '<p class="note">In the order they can come out. What the teams read, then what only '
            "the white cell knows: the effects of each option, the record, what the real actors "
            "did and what to watch for.</p>",
            "\n".join(_guide_inject(i) for i in g.injects),
            "</article>",
            "</section>",
        ]
    )


def _guide_overview(g: Guide) -> str:
    sc = g.scenario
    out = [
        '<article class="sheet"><p class="kicker">Facilitator guide: not for the teams</p>',
        f"<h2>{e(sc.title)}</h2>",
        _kv(
            [
                ["Scenario", code(sc.id)],
                ["Period", f"{e(sc.period[0])} to {e(sc.period[1])}"],
                ["Length", f"{e(sc.minutes)} minutes, {e(len(sc.turns))} turns"],
                ["Teams", e(g.teams)],
            ]
        ),
    ]
    if sc.learning_objectives:
        out.append(
            "<h3>Learning objectives</h3><ul>"
            + "".join(f"<li>{e(o)}</li>" for o in sc.learning_objectives)
            + "</ul>"
        )
    out += ["<h3>About this scenario</h3>", prose(sc.readme)]
    if g.white_cell is not None:
        w = g.white_cell
        out += [f"<h3>The white cell: {e(w.name)}</h3>", prose(w.briefing)]
        if w.actors:
            out.append(
                "<h4>The actors the white cell speaks for</h4><ul>"
                + "".join(
                    f"<li><strong>{e(a.name)}</strong>: {e(' '.join(a.description.split()))}</li>"
                    for a in w.actors
                )
                + "</ul>"
            )
    out.append("</article>")
    return "\n".join(out)


def _guide_timing(g: Guide) -> str:
    sc = g.scenario
    phases = table(
        ["Phase", "Minutes"],
        [[e(p.name), e(p.minutes)] for p in g.phases]
        + [["<strong>A turn</strong>", f"<strong>{g.turn_minutes}</strong>"]],
        "compact",
        num=(1,),
    )
    rest = (
        f"<p>{e(sc.minutes)} minutes in all: {len(g.turns)} turns of {g.turn_minutes} minutes "
        f"take {len(g.turns) * g.turn_minutes}, which leaves {g.rest} for the opening and the "
        "hot wash.</p>"
        if g.rest >= 0
        else f"<p>The turns take {len(g.turns) * g.turn_minutes} minutes, {-g.rest} more than the "
        f"scenario's {e(sc.minutes)}.</p>"
    )
    return "\n".join(
        [
            '<article class="sheet"><p class="kicker">Facilitator guide</p>',
            "<h2>Timing plan</h2>",
            rest,
            "<h3>The phases of every turn</h3>",
            phases,
            "<h3>The turns</h3>",
            '<p class="note">Each phase as minutes from the start of turn 1; injects that come out '
            "in the turn, and those that may.</p>",
            _turn_table(g),
            "</article>",
        ]
    )


def _turn_table(g: Guide) -> str:
    head = ["Turn", "Name", "Date", *(p.name for p in g.phases), "Injects", "May come up"]
    rows = []
    for t in g.turns:
        clock, at = [], t.starts
        for p in g.phases:
            clock.append(f"{at}–{at + p.minutes}")
            at += p.minutes
        fixed = sum(1 for i in t.injects if i.plan.fixed)
        row = [e(t.turn.number), e(t.turn.name), e(t.turn.date), *clock]
        rows.append(row + [e(fixed), e(len(t.injects) - fixed)])
    last = len(head) - 1
    return table([e(h) for h in head], rows, num=(0, *range(3, last + 1)))


def _guide_board(g: Guide) -> str:
    indicators = table(
        ["Indicator", "Label", "Range", "Start", "What it measures"],
        [
            [code(i.id), e(i.label), f"{i.min}–{i.max}", e(i.start), e(i.description)]
            for i in g.indicators
        ],
        num=(3,),
    )
    ends = "".join(
        f"<li><strong>{e(c.label)}</strong>: when {e(text)}"
        + (" (ends the session)" if c.ends_session else "")
        + "</li>"
        for c, text in g.end_conditions
    )
    return "\n".join(
        [
            '<article class="sheet"><p class="kicker">Facilitator guide</p>',
            "<h2>Indicators and end conditions</h2>",
            indicators,
            f"<h3>End conditions</h3><ul>{ends}</ul>" if ends else "",
            "</article>",
        ]
    )


def _guide_turns(g: Guide) -> str:
    out = [
        '<article class="sheet"><p class="kicker">Facilitator guide</p>',
        "<h2>Turn by turn</h2>",
    ]
    out += [_guide_turn(t) for t in g.turns]
    out.append("</article>")
    return "\n".join(out)


def _guide_turn(t: GuideTurn) -> str:
    out = [
        f"<h3>Turn {e(t.turn.number)}: {e(t.turn.name)}</h3>",
        f'<p class="muted">In-world date {e(t.turn.date)} &middot; '
        f"minutes {t.starts}–{t.ends} of play</p>",
    ]
    if t.turn.brief:
        out += ["<h4>Brief (read aloud)</h4>", prose(t.turn.brief)]
    fixed = [i for i in t.injects if i.plan.fixed]
    maybe = [i for i in t.injects if not i.plan.fixed]
    if fixed:
        out.append("<h4>Injects</h4><ul>" + "".join(_turn_line(i) for i in fixed) + "</ul>")
    if maybe:
        out.append(
            "<h4>May come up</h4><ul>" + "".join(_turn_line(i, how=True) for i in maybe) + "</ul>"
        )
    return "\n".join(out)


def _turn_line(i: GuideInject, how: bool = False) -> str:
    extra = f"; {e(i.plan.how)}" if how else ""
    link = f'<a href="#inject-{e(i.inject.id)}">{e(i.inject.title)}</a>'
    return f'<li>{link} <span class="note">(to {e(i.audience)}{extra})</span></li>'


def _cites(sources: tuple[Citation, ...]) -> str:
    def one(c: Citation) -> str:
        note = f"{e(c.key)}: {e(c.note)}" if c.note else e(c.key)
        return f'<blockquote>“{e(c.quote)}” <span class="note">({note})</span></blockquote>'

    return "".join(one(c) for c in sources)


def _guide_inject(g: GuideInject) -> str:
    inj = g.inject
    meta = [
        ["When", e(g.turn) + f" &middot; {e(g.plan.how)}"],
        ["To", e(g.audience) + (" (private)" if inj.visibility != "public" else "")],
        ["From", f"{e(g.sender)} &middot; {e(inj.medium)} &middot; dated {e(inj.date)}"],
    ]
    if g.plan.released:
        meta.insert(1, ["In this session", e(g.plan.released)])
    if inj.written_by:
        meta.append(["Written", f"in session by {e(inj.written_by)}"])
    if inj.window is not None:
        meta.append(["Can come out", e(inj.release_window().text())])
    if g.deciders:
        meta.append(["Decides", e(", ".join(g.deciders))])
    if g.trigger:
        meta.append(["Trigger", e(g.trigger)])
    out = [
        f'<div class="inject" id="inject-{e(inj.id)}">',
        f"<h3>{e(inj.title)} {code(inj.id)}</h3>",
        '<span class="stamp">Counterfactual</span>' if inj.counterfactual else "",
        _kv(meta),
        "<h4>What the teams read</h4>",
        prose(inj.body),
    ]
    if inj.questions:
        out.append("<ul>" + "".join(f"<li>{e(q)}</li>" for q in inj.questions) + "</ul>")
    if g.options:
        out += ["<h4>Options and their effects</h4>", _guide_options(g)]
    out += _guide_record(g)
    out.append("</div>")
    return "\n".join(x for x in out if x)


def _kv(rows: list[list[str]]) -> str:
    """A two-column table of names and values (HTML already), with no header row."""
    body = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows)
    return f'<table class="kv"><tbody>{body}</tbody></table>'


def _guide_options(g: GuideInject) -> str:
    rows = []
    for o in g.options:
        label = e(o.label) + (
            f'<br><span class="note">{e(o.description)}</span>' if o.description else ""
        )
        notes = "; ".join(e(n) for n in o.notes)
        rows.append([f"{label} {code(o.id)}", e(o.effects), notes])
    return table(["Option", "Effects", "Also"], rows, "options")


def _expected(x: ExpectedRow) -> str:
    out = f"<li><strong>{e(x.role)}</strong>: {e(x.text)}"
    if x.objective:
        out += f' <span class="note">(objective {code(x.objective)})</span>'
    if x.options:
        out += f'<br><span class="note">Counts as doing it: {e("; ".join(x.options))}</span>'
    return out + "</li>"


def _guide_record(g: GuideInject) -> list[str]:
    inj = g.inject
    out = []
    if inj.history is not None:
        out += [
            "<h4>What really happened</h4>",
            prose(inj.history.text),
            _cites(inj.history.sources),
        ]
    if g.expected:
        out.append(
            "<h4>Expected player actions</h4><ul>"
            + "".join(_expected(x) for x in g.expected)
            + "</ul>"
        )
    if inj.facilitator_notes:
        out += ["<h4>Facilitator notes</h4>", prose(inj.facilitator_notes)]
    if inj.sources:
        out += ["<h4>Sources of the inject</h4>", _cites(inj.sources)]
    return out
