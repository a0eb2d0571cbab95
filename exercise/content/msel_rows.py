"""One MSEL row read back into the data of an inject file and its place in the scenario.

Only what the validator cannot say well is checked here (a cell's own format, where the file
goes, how the inject comes out); everything else is left to `validate`, whose problems are
traced back to the row and column they came from (msel_check).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any, NamedTuple

from exercise.content.msel_columns import (
    ALL_TEAMS,
    RELEASES,
    CellError,
    expected_of,
    ids_of,
    list_of,
    questions_of,
    same_turns,
    turn_cell,
    window_of,
    yaml_of,
    yes_of,
)
from exercise.content.msel_sheet import Formula

ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
MAX_ID = 80


class Problem(NamedTuple):
    row: int | None  # None: the sheet as a whole
    column: str  # our column name, "" when no one column is at fault
    message: str

    def text(self, where: str, kind: str = "") -> str:
        at = f":row {self.row}" if self.row is not None else ""
        col = f":column {self.column}" if self.column else ""
        return f"{where}{at}{col}: {kind}{self.message}"


class Context(NamedTuple):
    scenario: str
    turns: int
    decks: dict[str, tuple[int, ...]]  # deck id -> the turns it draws on
    existing: dict[str, str]  # inject id -> its file in the content root, relative to it
    orders: dict[str, tuple[str, ...]] = {}  # inject id -> the keys of that file, in order


class Parsed(NamedTuple):
    row: int
    inject: dict
    release: str
    turn: int | None
    deck: str
    file: str  # relative to the content root, with / separators


_REQUIRED = {
    "subject": "every inject needs a title",
    "date": "every inject needs its in-world date (YYYY, YYYY-MM or YYYY-MM-DD)",
    "from": "name the sender: a role or actor id",
    "method": "name the medium (cable, news, phone call...)",
    "message": "every inject needs the text the teams read",
    "sources": "every inject cites a source (YAML: '- key: ...' and 'quote: ...')",
}


class _Row:
    """The cells of one row, and the problems found reading them."""

    def __init__(self, row: int, cells: dict[str, str]):
        self.row, self.cells = row, cells
        self.problems: list[Problem] = []

    def fail(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.row, column, message))

    def cell(self, key: str, *, keep: bool = False) -> str:
        """The cell's text, stripped (or kept as written: multi-line text), "" when blank."""
        value = self.cells.get(key, "")
        if isinstance(value, Formula):
            self.fail(key, f"a formula ({value[:40]}); import reads values: paste them as values")
            return ""
        if not value.strip():
            return ""
        return value if keep else value.strip()

    def required(self, key: str, *, keep: bool = False) -> str:
        value = self.cell(key, keep=keep)
        if not value and not any(p.column == key for p in self.problems):
            self.fail(key, f"empty; {_REQUIRED[key]}")
        return value

    def parse(self, key: str, read: Callable[[str], Any]) -> Any:
        text = self.cell(key)
        if not text:
            return None
        try:
            return read(text)
        except CellError as exc:
            self.fail(exc.column or key, str(exc))
            return None


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-")[:60].rstrip("-")


def parse_row(row: int, cells: dict[str, str], ctx: Context) -> tuple[Parsed | None, list[Problem]]:
    r = _Row(row, cells)
    data: dict[str, Any] = {"kind": "inject"}
    inject_id = _identity(r, data)
    file = _file(r, ctx, inject_id)
    _texts(r, data)
    _reach(r, data)
    _structure(r, data)
    release, turn, deck = _placement(r, ctx, data)
    if r.problems:
        return None, r.problems
    return Parsed(row, data, release, turn, deck, file), []


def _identity(r: _Row, data: dict) -> str:
    inject_id = r.cell("id") or slug(r.cell("subject"))
    if not inject_id:
        if not r.cell("subject"):
            return ""  # the empty subject is reported on its own
        r.fail("id", "empty, and the subject has no letters or digits to make one from")
    elif not ID.match(inject_id) or len(inject_id) > MAX_ID:
        r.fail(
            "id",
            f"'{inject_id[:40]}' is not an id: lowercase letters, digits, '-' and '_', "
            f"at most {MAX_ID} characters",
        )
    data["id"] = inject_id
    return inject_id


def _file(r: _Row, ctx: Context, inject_id: str) -> str:
    given = r.cell("file").replace("\\", "/")
    file = given or ctx.existing.get(inject_id) or f"injects/{ctx.scenario}/{inject_id}.yaml"
    path = PurePosixPath(file)
    if given and (
        path.is_absolute()
        or ".." in path.parts
        or "." in path.parts
        or path.parts[:1] != ("injects",)
        or path.name not in (f"{inject_id}.yaml", f"{inject_id}.yml")
    ):
        r.fail(
            "file",
            f"'{given[:60]}' is not a place for inject '{inject_id}': write "
            f"injects/FOLDER/{inject_id}.yaml (or leave it blank)",
        )
    return str(path)


def _texts(r: _Row, data: dict) -> None:
    data["title"] = r.required("subject")
    data["date"] = r.required("date")
    window = r.parse("window", window_of)
    if window:
        data["window"] = window
    data["from"] = r.required("from")
    data["medium"] = r.required("method")


def _reach(r: _Row, data: dict) -> None:
    to = r.cell("to")
    visibility = r.cell("visibility").casefold()
    public_to = to.casefold() == ALL_TEAMS
    if not to:
        r.fail("to", f"empty; write '{ALL_TEAMS}' or the ids of the roles it reaches")
    if visibility and visibility not in ("public", "private"):
        r.fail("visibility", f"'{visibility[:40]}' is neither public nor private")
    data["visibility"] = visibility or ("public" if public_to or not to else "private")
    if data["visibility"] == "private" and public_to:
        r.fail("to", f"a private inject reaches only the roles listed; '{ALL_TEAMS}' is public")
    if to and not public_to:
        data["audience"] = ids_of(to)
    deciders = r.cell("deciders")
    if deciders:
        data["deciders"] = ids_of(deciders)


def _structure(r: _Row, data: dict) -> None:
    if r.parse("counterfactual", yes_of):
        data["counterfactual"] = True
    if r.parse("manual", yes_of):
        data["manual"] = True
    trigger = r.parse("trigger", lambda t: yaml_of(t, "trigger"))
    if trigger is not None:
        data["trigger"] = trigger
    data["body"] = r.required("message", keep=True)
    for key, column in (("questions", "questions"), ("options", "options")):
        value = r.parse(column, questions_of if key == "questions" else _list(column))
        if value:
            data[key] = value
    _history(r, data)
    _expected(r, data)
    notes = r.cell("notes", keep=True)
    if notes:
        data["facilitator_notes"] = notes
    sources = r.parse("sources", _list("sources"))
    if sources is not None:
        data["sources"] = sources
    elif not r.cell("sources"):
        r.required("sources")


def _list(what: str) -> Callable[[str], list]:
    return lambda text: list_of(text, what)


def _history(r: _Row, data: dict) -> None:
    text = r.cell("history", keep=True)
    sources = r.parse("history_sources", _list("history sources"))
    if text and not sources and not r.cell("history_sources"):
        r.fail("history_sources", "empty; the history cites its sources like the inject does")
    elif sources and not text:
        r.fail("history", "empty, but History Sources is not: say what the real actors did")
    elif text:
        data["history"] = {"text": text, "sources": sources}


def _expected(r: _Row, data: dict) -> None:
    text, objectives = r.cell("expected_action"), r.cell("objective")
    if not text:
        if objectives:
            r.fail("objective", "no expected action to pair this objective with")
        return
    try:
        data["expected"] = expected_of(text, objectives)
    except CellError as exc:
        r.fail(exc.column or "expected_action", str(exc))


def _placement(r: _Row, ctx: Context, data: dict) -> tuple[str, int | None, str]:
    turn_text, deck = r.cell("turn"), r.cell("deck")
    release = r.cell("release").casefold() or _inferred(turn_text, deck, data)
    if release not in RELEASES:
        r.fail("release", f"'{release[:40]}' is not one of: {', '.join(RELEASES)}")
        return release, None, deck
    if deck and release != "deck":
        r.fail("deck", f"only a deck card names a deck; this inject is {release}")
    if release == "deck" and deck not in ctx.decks:
        known = ", ".join(sorted(ctx.decks)) or "none"
        r.fail(
            "deck",
            f"no deck '{deck[:40]}' in scenario '{ctx.scenario}' (decks: {known}); "
            "add a deck to the scenario file first"
            if deck
            else "a deck card names its deck",
        )
        return release, None, deck
    if release == "triggered" and "trigger" not in data and not r.cell("trigger"):
        r.fail("trigger", "empty; a triggered inject needs its trigger (YAML: when, mode...)")
    if release == "scheduled":
        return release, _scheduled_turn(r, ctx, turn_text), ""
    shown = turn_cell(release, None, ctx.decks.get(deck, ()), data.get("trigger"))
    if turn_text and not same_turns(turn_text, str(shown)):
        r.fail(
            "turn",
            f"'{turn_text[:20]}': a {release} inject comes out on "
            + (f"turns {shown}" if shown else "no set turn")
            + _why(release)
            + "; leave it blank or change that instead",
        )
    return release, None, deck


def _why(release: str) -> str:
    return {
        "deck": " (its deck's turns, set in the scenario file)",
        "triggered": " (its trigger's from_turn..until_turn)",
    }.get(release, "")


def _inferred(turn: str, deck: str, data: dict) -> str:
    if turn.isdigit():
        return "scheduled"
    if deck:
        return "deck"
    return "triggered" if "trigger" in data else "manual"


def _scheduled_turn(r: _Row, ctx: Context, text: str) -> int | None:
    if not text:
        r.fail("turn", "empty; a scheduled inject needs the turn it comes out")
    elif not text.isdigit() or not 1 <= int(text) <= ctx.turns:
        r.fail("turn", f"'{text[:20]}' is not a turn of scenario '{ctx.scenario}' (1..{ctx.turns})")
    else:
        return int(text)
    return None
