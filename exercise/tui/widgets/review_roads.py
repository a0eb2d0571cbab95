"""The review console's roads not taken: the report's own section (review/roads_types), shown in
a terminal.

For each decision that mattered: the sentence in plain words, the options lettered as the report
letters them with the team's choice marked, the charted indicator's spread at the end as a bar
per option over the indicator's range, how often each end condition held, and the indicator
turn by turn. The console never plays the runs (that takes seconds to minutes, `ttx whatif`
does it): it reads a result file, and without one says how to make it.
"""

from __future__ import annotations

import shlex
import textwrap
from collections.abc import Sequence
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Collapsible, Input, Label, Static

from exercise.review.render_roads import (
    RANGE,
    columns,
    fan_rows,
    intro,
    letter,
    none_mattered,
    title,
)
from exercise.review.report_types import IndicatorDef, Report
from exercise.review.roads_types import RoadDecision, RoadsNotTaken
from exercise.session.whatif_types import Spread

CHOSEN = "bold $accent"
MARK = "\u25b6"  # ahead of the team's own choice, so that it is told apart without colour
BAR_MIN, BAR_MAX = 11, 61  # cells of a spread bar
GAP = "  "
LEGEND = (
    "\u2503 median  \u2501 10\u201390% of runs  \u2500 lowest to highest;  "
    "figures: median (10\u201390%)"
)


def roads_file(session: Path) -> Path:
    """Where the console looks for a `ttx whatif` result of `session` first: beside it."""
    return session.with_suffix(".roads.json")


def whatif_command(session: Path, result: Path) -> str:
    return f"ttx whatif {shlex.quote(str(session))} -o {shlex.quote(str(result))}"


def missing_text(session: Path, result: Path) -> str:
    return (
        f"No roads not taken for this session yet: no result at {result}.\n\n"
        "They come from bots playing the session on from each team decision, many times for "
        "every option the team could have chosen. That takes a while, so the review does not do "
        "it. In a terminal, run\n\n"
        f"    {whatif_command(session, result)}\n\n"
        "then press Enter in the field below (or open the review again) to read it. A result "
        "saved elsewhere: type its file below and press Enter."
    )


def failed_text(session: Path, result: Path, error: str) -> str:
    """`error`: why a file could not be read; `result`: where to write one of this session."""
    return (
        f"The roads not taken could not be read. {error}\n\n"
        "Make a result of this session with\n\n"
        f"    {whatif_command(session, result)}\n\n"
        "then give that file in the field below and press Enter."
    )


def mattered(r: RoadsNotTaken) -> list[RoadDecision]:
    by_id = {d.decision: d for d in r.decisions}
    return [by_id[i] for i in r.mattered if i in by_id]


def summary_text(m: Report, r: RoadsNotTaken, result: Path) -> str:
    shown = len(mattered(r))
    which = (
        f"the {shown} that mattered most, the largest difference first"
        if shown > 1
        else "the one that mattered most"
        if shown
        else "none that mattered"
    )
    later = (
        f" Analysed at event {r.analysed_events}: the session has {m.events} events now, and "
        "the decisions after it are not in it."
        if m.events > r.analysed_events
        else ""
    )
    return (
        f"Roads not taken, read from {result}: {len(r.decisions)} decisions analysed, "
        f"{r.runs} runs per option; {which}.{later}"
    )


def about_text(m: Report, r: RoadsNotTaken, session: Path, result: Path) -> str:
    report = f"ttx report {shlex.quote(str(session))} --whatif {shlex.quote(str(result))}"
    return (
        f"{intro(r, m.events)}\n\nEvery decision analysed, and the fans drawn as charts, are in "
        f"the written report: {report} -o aar.html"
    )


# -- a decision that mattered, as lines of text ------------------------------------------------


def wrapped(text: Content, width: int, first: str = "", style: str = "") -> list[Content]:
    """`text` wrapped to `width` after `first` (in `style`), later lines indented under it."""
    indent = len(first)
    lines = text.wrap(max(1, width - indent))
    head = Content.assemble((first, style)) if first else Content("")
    return [(head if n == 0 else Content(" " * indent)) + line for n, line in enumerate(lines)]


def spread_bar(s: Spread, low: int, high: int, cells: int) -> str:
    """The runs' spread over the range low..high in `cells` cells: the median, the middle 80%
    of the runs, and the lowest to the highest; dots where no run ended."""
    span = (high - low) or 1

    def at(value: float) -> int:
        return max(0, min(cells - 1, round((value - low) / span * (cells - 1))))

    bar = ["\u00b7"] * cells
    for i in range(at(s.min), at(s.max) + 1):
        bar[i] = "\u2500"
    for i in range(at(s.p10), at(s.p90) + 1):
        bar[i] = "\u2501"
    bar[at(s.median)] = "\u2503"
    return "".join(bar)


def axis(low: int, high: int, cells: int) -> str:
    """The values under a bar of `cells` cells, as many as fit with room between them."""
    line = [" "] * cells
    span = (high - low) or 1
    step = 1
    while (cells - 1) * step / span < len(str(high)) + 2:
        step += 1
    for value in [*range(low, high, step), high]:
        text = str(value)
        start = round((value - low) / span * (cells - 1))
        start = min(start, cells - len(text))
        if all(c == " " for c in line[max(0, start - 1) : start + len(text) + 1]):
            line[start : start + len(text)] = text
    return "".join(line).rstrip()


def _figures(s: Spread | None) -> str:
    return f"{s.median:g} ({s.p10:g}\u2013{s.p90:g})" if s else "-"


def _lead(chosen: bool, k: int) -> str:
    return f"{MARK if chosen else ' '} {letter(k)}  "


def bar_lines(d: RoadDecision, defn: IndicatorDef, width: int) -> list[Content]:
    spreads = [o.indicators.get(defn.id) for o in d.options]
    figures = [_figures(s) for s in spreads]
    lead = len(_lead(False, 0))
    tail = max(len(f) for f in figures) + len(GAP) + len("its choice") + 1
    cells = max(BAR_MIN, min(BAR_MAX, width - lead - len(GAP) - tail))
    out = [
        *wrapped(
            Content.assemble(
                (f"{title(defn.label)} at the end of the session ({defn.min}..{defn.max})", "bold")
            ),
            width,
        ),
        *wrapped(Content.assemble((LEGEND, "dim")), width),
        Content.assemble((" " * lead + axis(defn.min, defn.max, cells), "dim")),
    ]
    for k, (o, s, f) in enumerate(zip(d.options, spreads, figures, strict=True)):
        bar = spread_bar(s, defn.min, defn.max, cells) if s else " " * cells
        line = f"{_lead(o.chosen, k)}{bar}{GAP}{f}"
        out.append(Content.assemble((line, CHOSEN), " its choice") if o.chosen else Content(line))
    return out


def grid(
    head: Sequence[str], rows: Sequence[Sequence[str]], width: int, chosen: int
) -> list[Content]:
    """A table as lines: a label column that wraps, then one column per option (`chosen`: the
    team's), each as wide as its widest cell."""
    table = [list(head), *[list(r) for r in rows]]
    opts = [max(len(r[k]) for r in table) for k in range(1, len(head))]
    room = width - sum(opts) - len(GAP) * len(opts) - 2
    label = max(12, min(room, max(len(r[0]) for r in table)))
    out = []
    for n, row in enumerate(table):
        parts = textwrap.wrap(row[0], label) or [""]
        for j, part in enumerate(parts):
            cells: list = [("  " + part.ljust(label), "bold" if n == 0 else "")]
            for k, w in enumerate(opts):
                text = row[k + 1].rjust(w) if j == 0 else " " * w
                cells += [GAP, (text, CHOSEN if k == chosen else "bold" if n == 0 else "")]
            out.append(Content.assemble(*cells).rstrip())
    return out


def card_lines(m: Report, r: RoadsNotTaken, d: RoadDecision, width: int) -> list[Content]:
    """Everything shown of one decision that mattered, `width` cells wide."""
    chosen = next((k for k, o in enumerate(d.options) if o.chosen), -1)
    heading = f"Turn {d.turn}, event {d.seq}: {d.team} on {d.inject_title}"
    out = wrapped(Content.assemble((heading, "bold underline")), width)
    out += wrapped(Content.assemble((d.sentence, "bold")), width)
    out.append(Content(""))
    for k, o in enumerate(d.options):
        text = (
            Content.assemble((o.label, CHOSEN), " (its choice)") if o.chosen else Content(o.label)
        )
        out += wrapped(text, width, _lead(o.chosen, k), CHOSEN if o.chosen else "")
    defn = next((x for x in m.indicators.defs if d.charted and x.id == d.charted.measure), None)
    if defn is not None:
        out += [Content(""), *bar_lines(d, defn, width)]
    rows = [["Runs"] + [str(o.runs) for o in d.options]] + [
        [end.label] + [f"{round(o.end_conditions.get(end.id, 0.0) * 100)}%" for o in d.options]
        for end in r.end_conditions
    ]
    out += [
        Content(""),
        *grid(["End conditions held (share of runs)", *columns(d)], rows, width, chosen),
    ]
    turns = fan_rows(m, d)
    if defn is not None and turns:
        head = [f"{title(defn.label)}, turn by turn: {RANGE}", *columns(d)]
        out += [Content(""), *grid(head, turns, width, chosen)]
    return out


class RoadCard(Widget):
    """One decision that mattered, laid out for the width it is given."""

    DEFAULT_CSS = "RoadCard { height: auto; margin-bottom: 1; }"

    def __init__(self, report: Report, roads: RoadsNotTaken, decision: RoadDecision, **kwargs):
        super().__init__(**kwargs)
        self.report = report
        self.roads = roads
        self.decision = decision
        self._laid: tuple[int, list[Content]] | None = None

    def lines(self, width: int) -> list[Content]:
        width = max(20, width)
        if self._laid is None or self._laid[0] != width:
            self._laid = (width, card_lines(self.report, self.roads, self.decision, width))
        return self._laid[1]

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))


class RoadsPane(Vertical):
    """The tab: what was read (or how to get it), the decisions that mattered, and a field to
    read another result file."""

    DEFAULT_CSS = """
    RoadsPane { height: 1fr; }
    RoadsPane > VerticalScroll { height: 1fr; padding: 0 1; }
    RoadsPane #roads-status, RoadsPane #roads-how { margin-bottom: 1; }
    RoadsPane #roads-how { display: none; border-top: none; padding: 0; background: $surface; }
    RoadsPane #roads-how Contents { padding: 0 0 0 2; }
    RoadsPane #roads-how.-shown { display: block; }
    RoadsPane #roads-cards, RoadsPane #roads-source { height: auto; }
    RoadsPane #roads-source Label { padding: 1 1 0 0; }
    RoadsPane #roads-file { width: 1fr; }
    """

    def __init__(self, session: Path, result: Path, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.result = result  # where `ttx whatif` is told to write, in the words of the tab

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="roads-body"):
            yield Static("Reading the session\u2026", id="roads-status", markup=False)
            # how the runs were played and what "mattered" means: long, and read once
            with Collapsible(
                title="How these were found",
                collapsed_symbol="+",
                expanded_symbol="-",
                id="roads-how",
            ):
                yield Static("", id="roads-about", markup=False)
            yield Vertical(id="roads-cards")
            with Horizontal(id="roads-source"):
                yield Label("Result file:")
                yield Input(str(self.result), id="roads-file")

    def reading(self, result: Path) -> None:
        self._clear()
        self._status(f"Reading {result} and checking it against the session\u2026")

    def missing(self, result: Path) -> None:
        self._clear()
        self._status(missing_text(self.session, result))

    def failed(self, result: Path, error: str) -> None:
        self._clear()
        # a result of another session is not to be written over: the command names the
        # session's own file
        self._status(failed_text(self.session, self.result, error))

    def show(self, report: Report, result: Path) -> None:
        roads = report.roads_not_taken
        if roads is None:  # a report read without a result: nothing of it to show
            self.missing(result)
            return
        self._clear()
        shown = mattered(roads)
        self._status(
            summary_text(report, roads, result) + ("" if shown else f"\n\n{none_mattered(roads)}")
        )
        self.query_one("#roads-cards").mount_all(
            RoadCard(report, roads, d, classes="road") for d in shown
        )
        self.query_one("#roads-about", Static).update(
            about_text(report, roads, self.session, result)
        )
        self.query_one("#roads-how").set_class(True, "-shown")

    def _status(self, text: str) -> None:
        self.query_one("#roads-status", Static).update(text)

    def _clear(self) -> None:
        self.query_one("#roads-cards").remove_children()
        self.query_one("#roads-about", Static).update("")
        self.query_one("#roads-how").set_class(False, "-shown")
