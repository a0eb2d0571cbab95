"""The columns of the MSEL (HSEEP's Master Scenario Events List) and how each cell is written.

The first columns are the ones an HSEEP user expects; the rest carry what a spreadsheet has no
column for (options with their effects, citations, triggers...), so that `ttx msel import` can
rebuild every inject file from an exported sheet. Structured cells hold YAML, read with the
content loader (dates kept as text, duplicate keys and alias bombs refused).
"""

from __future__ import annotations

import re
from typing import NamedTuple

import yaml

from exercise.content.msel_yaml import dump_value
from exercise.content.yamlio import ContentLoader, check_depth


class Column(NamedTuple):
    key: str  # our name: used in MAP.yaml and in error messages ("column subject")
    header: str  # the export's header
    width: int  # in characters, for the XLSX
    about: str  # what the cell holds, for the documentation and `--map` errors


COLUMNS = (
    Column("number", "MSEL #", 8, "row number; rows are read in its order when all are numbers"),
    Column("turn", "Turn", 8, "the turn a scheduled inject comes out"),
    Column("date", "Date", 11, "in-world date, YYYY, YYYY-MM or YYYY-MM-DD"),
    Column("release", "Release", 11, "scheduled, deck, triggered, manual or discovery"),
    Column("played_turn", "Played Turn", 8, "session exports only: the turn it came out"),
    Column("released_at", "Released At", 24, "session exports only: when it came out"),
    Column("from", "From", 12, "the sender: a role or actor id"),
    Column("to", "To", 18, "'all teams', or the role ids it reaches"),
    Column("method", "Method", 18, "the medium: cable, news, phone call..."),
    Column("subject", "Subject", 32, "the title"),
    Column("message", "Message", 90, "the body the teams read"),
    Column("expected_action", "Expected Action", 48, "one line per action: 'role: text'"),
    Column("objective", "Objective", 20, "one line per expected action: 'role: objective-id'"),
    Column("notes", "Notes", 44, "facilitator notes"),
    Column("id", "Inject ID", 28, "the inject id (made from the subject when blank)"),
    Column("visibility", "Visibility", 10, "public or private (default: from To)"),
    Column("deciders", "Deciders", 18, "role ids asked to decide (default: the audience)"),
    Column("questions", "Questions", 40, "one question per line"),
    Column("options", "Options", 64, "YAML list of options with their effects"),
    Column("sources", "Sources", 56, "YAML list of citations: key and verbatim quote"),
    Column("history", "History", 48, "what the real actors did"),
    Column("history_sources", "History Sources", 56, "YAML list of the history's citations"),
    Column("trigger", "Trigger", 36, "YAML mapping: when, mode, from_turn, until_turn"),
    Column("window", "Window", 18, "when it may come out: FROM..UNTIL (either end blank)"),
    Column("deck", "Deck", 20, "the deck a card belongs to"),
    Column("counterfactual", "Counterfactual", 9, "yes when it departs from the record"),
    Column("manual", "Manual Only", 9, "yes when only ever released by hand"),
    Column("file", "File", 44, "where the inject file goes, under the content root"),
)
BY_KEY = {c.key: c for c in COLUMNS}
SESSION_ONLY = ("played_turn", "released_at")  # describe a run, not the content: not imported
REQUIRED = ("date", "from", "to", "method", "subject", "message", "sources")
RELEASES = ("scheduled", "deck", "triggered", "manual", "discovery")
ALL_TEAMS = "all teams"
NOT_RELEASED = "not released"


class CellError(Exception):
    """A cell that cannot be read; the message says why. `column` names another column than
    the one being read when the fault is there (the caller adds the row)."""

    def __init__(self, message: str, column: str = ""):
        super().__init__(message)
        self.column = column


# OWASP's CSV-injection advice: a cell a spreadsheet would take as a formula (= + - @, or a
# leading tab or carriage return) gets a leading apostrophe. One apostrophe more is added to a
# cell that already starts with apostrophes before such a character, so import can take exactly
# one off and every text comes back as it was.
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"^'+[=+\-@\t\r]")


def looks_like_formula(text: str) -> bool:
    return bool(_FORMULA.match(text))


def neutralise(text: str) -> str:
    return "'" + text if _FORMULA.match(text) else text


def restore(text: str) -> str:
    return text[1:] if _ESCAPED.match(text) else text


def normal_header(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


# Lists of ids: "moscow, tehran"


def ids_text(ids: list[str] | tuple[str, ...]) -> str:
    return ", ".join(ids)


def ids_of(text: str) -> list[str]:
    return [p for p in re.split(r"[,;\s]+", text.strip()) if p]


def yes_text(flag: bool) -> str:
    return "yes" if flag else ""


_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0", ""}


def yes_of(text: str) -> bool:
    word = text.strip().casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise CellError(f"'{_clip(text)}' is not yes or no")


# A window: "2015-11..2016-03", an open end left blank


def window_text(window: dict | None) -> str:
    if not window:
        return ""
    return f"{window.get('from', '')}..{window.get('until', '')}"


def window_of(text: str) -> dict | None:
    text = text.strip()
    if not text:
        return None
    if ".." not in text:
        raise CellError(f"'{_clip(text)}' is not FROM..UNTIL, e.g. 2015-11..2016-03 or 2015-11..")
    start, until = (p.strip() for p in text.split("..", 1))
    out = {k: v for k, v in (("from", start), ("until", until)) if v}
    if not out:
        raise CellError("give at least one end of the window, e.g. 2015-11..")
    return out


# Questions: one per line, or a YAML list when one of them runs over several lines


def questions_text(questions: list[str]) -> str:
    if any("\n" in q or q.lstrip().startswith("- ") for q in questions):
        return yaml_text(questions)
    return "\n".join(questions)


def questions_of(text: str) -> list[str]:
    if text.lstrip().startswith("- "):
        return list_of(text, "questions")
    return [line.strip() for line in text.splitlines() if line.strip()]


# Expected actions: "role: text [options: a, b]" per line; objectives in their own column,
# line N of Objective for line N of Expected Action (HSEEP's pairing of action and objective)

_EXPECTED = re.compile(r"^([a-z0-9][a-z0-9_-]*)\s*:\s*(.*?)(?:\s*\[options:\s*([^\]]*)\])?\s*$")


def _one_line(entry: dict) -> bool:
    text = str(entry.get("text", ""))
    return "\n" not in text and "[options:" not in text and text.strip() == text and bool(text)


def expected_text(expected: list[dict]) -> str:
    if not all(_one_line(e) for e in expected):
        return yaml_text(expected)
    lines = []
    for e in expected:
        tail = f" [options: {ids_text(e['options'])}]" if e.get("options") else ""
        lines.append(f"{e['role']}: {e['text']}{tail}")
    return "\n".join(lines)


def objective_text(expected: list[dict]) -> str:
    return "\n".join(f"{e['role']}: {e.get('objective') or '-'}" for e in expected)


def expected_of(text: str, objectives: str) -> list[dict]:
    """The expected actions of the two cells; CellError names the column at fault first."""
    if text.lstrip().startswith("- "):
        entries = list_of(text, "expected action")
        if objectives.strip() and objectives.strip() != objective_text(_mappings(entries)):
            raise CellError(
                "does not match the objectives in the YAML of Expected Action; "
                "leave it blank or make them agree",
                "objective",
            )
        return entries
    entries = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        found = _EXPECTED.match(line.strip())
        if found is None:
            raise CellError(
                f"line {n}: write 'role: what the team should do', "
                "e.g. 'moscow: keeps the Iranians in the fight'"
            )
        role, what, options = found.groups()
        entry: dict = {"role": role, "text": what}
        if options is not None:
            entry["options"] = ids_of(options)
        entries.append(entry)
    _pair_objectives(entries, objectives)
    return entries


def _mappings(entries: list) -> list[dict]:
    return [e for e in entries if isinstance(e, dict) and "role" in e]


def _pair_objectives(entries: list[dict], objectives: str) -> None:
    lines = [line.strip() for line in objectives.splitlines() if line.strip()]
    if len(lines) > len(entries):
        raise CellError(
            f"{len(lines)} lines for {len(entries)} expected action(s); "
            "give one line per expected action",
            "objective",
        )
    for n, (entry, line) in enumerate(zip(entries, lines, strict=False), 1):
        role, _, objective = line.rpartition(":")
        role, objective = role.strip(), objective.strip()
        if role and role != entry["role"]:
            raise CellError(
                f"line {n} is for '{role}' but expected action {n} is for '{entry['role']}'",
                "objective",
            )
        if objective not in ("", "-"):
            options = entry.pop("options", None)  # keys in the order authors write them
            entry["objective"] = objective
            if options is not None:
                entry["options"] = options


# YAML cells


def yaml_text(value: object) -> str:
    """A YAML cell in the style of the content files."""
    return dump_value(value)


def yaml_of(text: str, what: str) -> object:
    """The value of a YAML cell; CellError with the line inside the cell on a mistake."""
    try:
        check_depth(text)
        return yaml.load(text, Loader=ContentLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}: " if mark else ""
        raise CellError(f"{where}not valid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise CellError(f"not valid YAML: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise CellError(f"the {what} are nested too deeply") from None


def list_of(text: str, what: str) -> list:
    value = yaml_of(text, what)
    if not isinstance(value, list):
        raise CellError(f"expected a YAML list ('- ...' items) of {what}")
    return value


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


# The Turn column: the turn a scheduled inject comes out; for the others, what the rest of the
# row already says (a deck's turns, a trigger's turns), shown so the sheet reads in turn order.


def turn_cell(
    release: str, turn: int | None, deck_turns: tuple[int, ...], trigger: object
) -> object:
    if release == "scheduled":
        return turn
    if release == "deck":
        return ", ".join(map(str, deck_turns))
    if release == "triggered" and isinstance(trigger, dict):
        start, until = trigger.get("from_turn"), trigger.get("until_turn")
        if start is not None or until is not None:
            return f"{'' if start is None else start}..{'' if until is None else until}"
    return ""


def same_turns(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())
