"""The MSEL (HSEEP's Master Scenario Events List) of a scenario: exported as a sheet, imported
back as inject files and the scenario's lists.

Export writes one row per inject the scenario can release (its schedule, triggered and manual
lists, its decks, and the injects its covert moves reveal) in the columns of msel_columns.
Import reads a sheet whose columns are named as the export names them, or as a MAP.yaml says,
and plans the files; it writes nothing itself, and returns a plan only when every row passes
the project's validator (the caller writes the files).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from exercise.content.library import Loaded, load, validated_scenario
from exercise.content.msel_columns import (
    ALL_TEAMS,
    BY_KEY,
    COLUMNS,
    NOT_RELEASED,
    REQUIRED,
    SESSION_ONLY,
    Column,
    expected_text,
    ids_text,
    normal_header,
    objective_text,
    questions_text,
    turn_cell,
    window_text,
    yaml_text,
    yes_text,
)
from exercise.content.msel_rows import Context, Parsed, Problem, parse_row
from exercise.content.msel_sheet import SheetError, Table, csv_bytes, read_table
from exercise.content.msel_yaml import Lists, inject_text, scenario_text
from exercise.content.yamlio import ContentError, read_document

MAX_SHOWN = 50  # problems listed before "... and N more"


class Played(NamedTuple):
    """How an inject came out in a session: the turn, and when (ISO time)."""

    turn: int
    at: str


class MselProblems(Exception):
    """Rows (or a sheet) that cannot be imported: one line each, nothing written."""

    def __init__(self, problems: list[str]):
        super().__init__(problems[0] if problems else "")
        self.problems = problems


# Export


def _rel(loaded_path: str, root: Path) -> str:
    return Path(loaded_path).resolve().relative_to(root.resolve()).as_posix()


def scenario_source(root: Path, scenario_id: str) -> tuple[dict, dict[str, str]]:
    """A scenario's validated content (as `scenario_world` gives it) and each inject's file,
    relative to the root. ContentProblems when the content does not validate; KeyError for an
    unknown scenario."""
    loaded, scenario = validated_scenario(root, scenario_id)
    ids = loaded.library.world_inject_ids(scenario)
    world = {
        "scenario": loaded.scenario_data(scenario_id),
        "injects": [loaded.docs[("inject", i)].data for i in ids],
    }
    return world, {i: _rel(loaded.docs[("inject", i)].path, root) for i in ids}


def release_of(scenario: dict, inject_id: str, discovery: set[str]) -> tuple[str, int | None, str]:
    """(release, scheduled turn, deck): in the order of engine.queries.origin, which the
    content cannot import (a test holds the two together), and "discovery" for an inject only
    a covert move releases."""
    for entry in scenario.get("schedule") or ():
        if inject_id in entry["injects"]:
            return "scheduled", entry["turn"], ""
    if inject_id in (scenario.get("triggered") or ()):
        return "triggered", None, ""
    for deck in scenario.get("decks") or ():
        if inject_id in deck["injects"]:
            return "deck", None, deck["id"]
    if inject_id in (scenario.get("manual") or ()) or inject_id not in discovery:
        return "manual", None, ""
    return "discovery", None, ""


def _discovered(injects: list[dict]) -> set[str]:
    return {
        o["covert"]["inject"]
        for d in injects
        for o in d.get("options") or ()
        if isinstance(o.get("covert"), dict)
    }


def _cells(d: dict, scenario: dict, discovery: set[str], file: str) -> dict[str, Any]:
    release, turn, deck = release_of(scenario, d["id"], discovery)
    deck_turns = next(
        (tuple(k.get("turns", ())) for k in scenario.get("decks") or () if k["id"] == deck), ()
    )
    public = d["visibility"] == "public" and not d.get("audience")
    history = d.get("history") or {}
    expected = d.get("expected") or []
    return {
        "turn": turn_cell(release, turn, deck_turns, d.get("trigger")),
        "date": d["date"],
        "release": release,
        "from": d["from"],
        "to": ALL_TEAMS if public else ids_text(d.get("audience", ())),
        "method": d["medium"],
        "subject": d["title"],
        "message": d["body"],
        "expected_action": expected_text(expected) if expected else "",
        "objective": objective_text(expected) if expected else "",
        "notes": d.get("facilitator_notes", ""),
        "id": d["id"],
        "visibility": d["visibility"],
        "deciders": ids_text(d.get("deciders", ())),
        "questions": questions_text(d.get("questions", [])),
        "options": yaml_text(_as_written(d["options"])) if d.get("options") else "",
        "sources": yaml_text(d["sources"]),
        "history": history.get("text", ""),
        "history_sources": yaml_text(history["sources"]) if history else "",
        "trigger": yaml_text(d["trigger"]) if d.get("trigger") else "",
        "window": window_text(d.get("window")),
        "deck": deck,
        "counterfactual": yes_text(d.get("counterfactual", False)),
        "manual": yes_text(d.get("manual", False)),
        "file": file,
    }


def _as_written(options: list[dict]) -> list[dict]:
    """Options without the `mode: all` the schema check fills into each `effects_if` (its
    default): the cell shows what the author wrote."""
    out = []
    for o in options:
        extra = o.get("effects_if")
        if isinstance(extra, list):
            trimmed = [{k: v for k, v in x.items() if (k, v) != ("mode", "all")} for x in extra]
            o = {**o, "effects_if": trimmed}
        out.append(o)
    return out


def export_rows(
    world: dict, files: dict[str, str], played: dict[str, Played] | None = None
) -> tuple[list[Column], list[list[object]]]:
    """The columns and one row per inject of `world` (a scenario's, or a session's, whose
    `played` then says when each came out)."""
    columns = [c for c in COLUMNS if played is not None or c.key not in SESSION_ONLY]
    scenario = world["scenario"]
    discovery = _discovered(world["injects"])
    rows = []
    for n, d in enumerate(world["injects"], 1):
        cells = _cells(d, scenario, discovery, files.get(d["id"], ""))
        cells["number"] = n
        if played is not None:
            out = played.get(d["id"])
            cells["played_turn"] = out.turn if out else ""
            cells["released_at"] = out.at if out else NOT_RELEASED
        rows.append([cells[c.key] for c in columns])
    return columns, rows


def export_sheet(
    fmt: str, world: dict, files: dict[str, str], played: dict[str, Played] | None = None
) -> bytes:
    columns, rows = export_rows(world, files, played)
    if fmt == "xlsx":
        from exercise.content.msel_xlsx import xlsx_bytes

        return xlsx_bytes(columns, rows, f"MSEL: {world['scenario'].get('title', '')}")
    return csv_bytes([c.header for c in columns], rows)


# Import


class Plan(NamedTuple):
    files: dict[str, str]  # path relative to the content root -> its new text
    scenario_file: str
    injects: int
    warnings: list[str]


def _fail(table_where: str, problems: list[Problem]) -> MselProblems:
    lines = [p.text(table_where) for p in problems[:MAX_SHOWN]]
    if len(problems) > MAX_SHOWN:
        lines.append(f"{table_where}: ... and {len(problems) - MAX_SHOWN} more problems")
    return MselProblems(lines)


def read_map(path: Path) -> dict[str, str]:
    """MAP.yaml: our column names to the sheet's header names."""
    import difflib

    try:
        doc = read_document(path)
    except ContentError as err:
        if "the file is empty" in err.message:
            raise MselProblems(
                [f"{path}:1:1: empty; map our column names to the sheet's, e.g. subject: Title"]
            ) from None
        raise MselProblems([str(err)]) from None
    problems = []
    for key, header in doc.data.items():
        if key not in BY_KEY:
            hint = difflib.get_close_matches(str(key), list(BY_KEY), n=1)
            tail = f"; did you mean '{hint[0]}'?" if hint else f"; columns: {', '.join(BY_KEY)}"
            problems.append(str(doc.error((key,), f"unknown column '{key}'{tail}", key=True)))
        elif not isinstance(header, str) or not header.strip():
            problems.append(str(doc.error((key,), f"'{key}' must name a header of the sheet")))
    if problems:
        raise MselProblems(problems)
    return {str(k): v for k, v in doc.data.items()}


def _header_index(
    table: Table, mapping: dict[str, str], map_name: str
) -> tuple[dict[str, int], list[Problem], list[str]]:
    """Which cell of a row holds each of our columns; problems; warnings."""
    seen: dict[str, int] = {}
    twice: dict[str, list[int]] = {}
    for n, header in enumerate(table.header):
        seen.setdefault(normal_header(header), n)
        twice.setdefault(normal_header(header), []).append(n + 1)
    index: dict[str, int] = {}
    problems: list[Problem] = []
    for column in COLUMNS:
        names = [mapping[column.key]] if column.key in mapping else [column.header, column.key]
        found = next((seen[normal_header(h)] for h in names if normal_header(h) in seen), None)
        if found is not None:
            index[column.key] = found
            at = twice[normal_header(table.header[found])]
            if len(at) > 1:
                problems.append(
                    Problem(
                        table.header_row,
                        "",
                        f"{len(at)} columns are headed '{table.header[found]}' (columns "
                        f"{', '.join(map(str, at))}); which one holds {column.key}?",
                    )
                )
        elif column.key in mapping:
            problems.append(
                Problem(
                    table.header_row,
                    "",
                    f"{map_name} maps {column.key} to '{mapping[column.key]}', "
                    f"which is not a header of the sheet",
                )
            )
        elif column.key in REQUIRED:
            problems.append(
                Problem(
                    table.header_row,
                    "",
                    f"no '{column.header}' column ({column.about}); every inject "
                    "needs it: name the sheet's own header for it with --map MAP.yaml",
                )
            )
    used = set(index.values())
    warnings = [
        f"{table.where}: column '{h}' is not one ttx reads; ignored"
        for n, h in enumerate(table.header)
        if n not in used and h
    ]
    return index, problems, warnings


def _ordered(rows: list[tuple[int, dict[str, str]]]) -> list[tuple[int, dict[str, str]]]:
    """In the order of the MSEL # column when every row has a whole number there (a sheet
    sorted by another column still imports in schedule order); else as the sheet has them."""
    numbers = [cells.get("number", "").strip() for _, cells in rows]
    if all(n.isdigit() for n in numbers):
        return [r for _, r in sorted(zip(map(int, numbers), rows, strict=True), key=lambda p: p[0])]
    return rows


def _context(loaded: Loaded, root: Path, scenario_id: str) -> tuple[Context, str, str]:
    scenario = loaded.library.scenarios.get(scenario_id)
    if scenario is None:
        if scenario_id in loaded.broken_ids:
            first = next((p for p in loaded.problems if "scenarios" in p.path), None)
            raise MselProblems(
                [f"scenario '{scenario_id}' does not validate (run 'ttx validate'); first: {first}"]
            )
        known = ", ".join(sorted(loaded.library.scenarios)) or "none"
        raise MselProblems(
            [f"--scenario {scenario_id}: no such scenario in {root} (scenarios: {known})"]
        )
    doc = loaded.docs[("scenario", scenario_id)]
    injects = {i: d for (kind, i), d in loaded.docs.items() if kind == "inject"}
    existing = {i: _rel(d.path, root) for i, d in injects.items()}
    orders = {i: tuple(d.data) for i, d in injects.items()}
    decks = {d.id: d.turns for d in scenario.decks}
    return (
        Context(scenario_id, len(scenario.turns), decks, existing, orders),
        _rel(doc.path, root),
        doc.text,
    )


def _parse_all(
    table: Table, index: dict[str, int], ctx: Context
) -> tuple[list[Parsed], list[Problem]]:
    rows = [
        (n, {k: (cells[i] if i < len(cells) else "") for k, i in index.items()})
        for n, cells in table.rows
    ]
    parsed: list[Parsed] = []
    problems: list[Problem] = []
    first_row: dict[str, int] = {}
    for n, cells in _ordered(rows):
        row, found = parse_row(n, cells, ctx)
        problems.extend(found)
        if row is None:
            continue
        inject_id = row.inject["id"]
        if inject_id in first_row:
            problems.append(
                Problem(
                    n, "id", f"duplicate inject id '{inject_id}' (also row {first_row[inject_id]})"
                )
            )
            continue
        first_row[inject_id] = n
        parsed.append(row)
    return parsed, problems


def _sheet_checks(parsed: list[Parsed], ctx: Context) -> list[Problem]:
    problems = []
    revealed = _discovered([p.inject for p in parsed])
    for p in parsed:
        if p.release == "discovery" and p.inject["id"] not in revealed:
            problems.append(
                Problem(
                    p.row,
                    "release",
                    "discovery, but no covert option in the sheet "
                    f"reveals '{p.inject['id']}' (covert: inject: {p.inject['id']})",
                )
            )
    for deck in ctx.decks:
        if not any(p.deck == deck for p in parsed):
            problems.append(
                Problem(
                    None,
                    "deck",
                    f"deck '{deck}' of scenario '{ctx.scenario}' has no card "
                    "in the sheet; give it one, or remove the deck from the scenario file",
                )
            )
    return problems


def _lists(parsed: list[Parsed], ctx: Context) -> Lists:
    by_turn: dict[int, list[str]] = {}
    for p in parsed:
        if p.release == "scheduled" and p.turn is not None:
            by_turn.setdefault(p.turn, []).append(p.inject["id"])
    return Lists(
        sorted(by_turn.items()),
        [p.inject["id"] for p in parsed if p.release == "triggered"],
        [p.inject["id"] for p in parsed if p.release == "manual"],
        {d: [p.inject["id"] for p in parsed if p.deck == d] for d in ctx.decks},
    )


def import_sheet(
    path: Path,
    scenario_id: str,
    root: Path,
    mapping: Path | None = None,
    sources: Path | None = None,
) -> Plan:
    """The files a sheet becomes; MselProblems, one line each, when any row does not pass."""
    from exercise.content.msel_check import Staged

    columns = read_map(mapping) if mapping else {}
    try:
        table = read_table(path)
    except SheetError as exc:
        raise MselProblems([str(exc)]) from None
    index, problems, warnings = _header_index(table, columns, str(mapping))
    if problems:
        raise _fail(table.where, problems)
    ctx, scenario_file, scenario_yaml = _context(load(root), root, scenario_id)
    parsed, problems = _parse_all(table, index, ctx)
    problems += _sheet_checks(parsed, ctx)
    if problems:
        raise _fail(table.where, problems)
    files = {
        p.file: inject_text(p.inject, p.file, ctx.orders.get(p.inject["id"], ())) for p in parsed
    }
    try:
        files[scenario_file] = scenario_text(scenario_yaml, _lists(parsed, ctx))
    except ValueError as exc:
        raise MselProblems([f"{root / scenario_file}: {exc}"]) from None
    staged = Staged(root, files, {p.file: p for p in parsed}, scenario_file)
    problems, lints, left = staged.check(sources)
    if problems:
        raise _fail(table.where, problems)
    warnings += [w.text(table.where, "warning: ") for w in lints]
    if left:
        warnings.append(
            f"{root}: warning: {left} problem{'s' if left != 1 else ''} the content root already "
            "had, in files this sheet does not touch, left as they are (run 'ttx validate')"
        )
    return Plan(files, scenario_file, len(parsed), warnings)
