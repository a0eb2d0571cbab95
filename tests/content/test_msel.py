"""The MSEL: a scenario exported as CSV or XLSX and imported back is the same content; a sheet
made elsewhere imports through a column map; each bad row is named by sheet, row and column,
and nothing is written unless every row passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercise.content import build
from exercise.content.library import load_library
from exercise.content.msel import (
    MselProblems,
    Played,
    export_rows,
    import_sheet,
    release_of,
    scenario_source,
)
from exercise.content.validate import validate
from tests.conftest import MINI, ROOT
from tests.content.msel_helpers import (
    blanked_root,
    demo_export,
    exported,
    mini_root,
    rows_of,
    snapshot,
    write_csv,
    write_xlsx,
)


def write_plan(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def problems(sheet: Path, root: Path, scenario: str = "mini", **kw) -> list[str]:
    before = snapshot(root)
    with pytest.raises(MselProblems) as caught:
        import_sheet(sheet, scenario, root, **kw)
    assert snapshot(root) == before  # nothing written
    return caught.value.problems


@pytest.fixture(scope="module")
def demo():
    world, files = scenario_source(ROOT, "demo")
    return world, files, load_library(ROOT)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_demo_round_trips_to_the_same_injects_and_lists(fmt, demo, tmp_path):
    world, files, library = demo
    sheet = demo_export(tmp_path, fmt)
    root = blanked_root(tmp_path / "root", ROOT, "demo")
    plan = import_sheet(sheet, "demo", root)
    assert plan.injects == len(world["injects"]) == 25
    assert set(plan.files) == {*files.values(), "scenarios/demo.yaml"}  # the shipped layout
    write_plan(root, plan.files)
    assert validate(root).problems == []
    again = load_library(root)
    for d in world["injects"]:
        assert again.injects[d["id"]] == build.inject(d), d["id"]
    assert again.scenarios["demo"] == library.scenarios["demo"]  # schedule, decks, lists, all
    first = (root / files["int-aleppo-air-cover"]).read_text(encoding="utf-8")
    assert first.startswith("# yaml-language-server: $schema=../../exercise/schemas/inject.schema")
    assert "\nkind: inject\nid: int-aleppo-air-cover\n" in first


def test_a_second_export_is_the_first(demo, tmp_path):
    sheet = demo_export(tmp_path, "csv")
    root = blanked_root(tmp_path / "root", ROOT, "demo")
    write_plan(root, import_sheet(sheet, "demo", root).files)
    (tmp_path / "again").mkdir()
    assert exported(tmp_path / "again", "csv", root, "demo").read_bytes() == sheet.read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_flow_style_scenario_round_trips_in_place(fmt, tmp_path):
    world, _ = scenario_source(MINI, "mini")
    sheet = exported(tmp_path, fmt)
    root = mini_root(tmp_path / "root")
    write_plan(root, import_sheet(sheet, "mini", root).files)
    lib, original = load_library(root), load_library(MINI)
    assert lib.scenarios["mini"] == original.scenarios["mini"]
    assert all(lib.injects[d["id"]] == original.injects[d["id"]] for d in world["injects"])
    text = (root / "scenarios/mini.yaml").read_text(encoding="utf-8")
    assert "  - {turn: 1, injects: [t1-news, t1-moscow, t1-tehran, t1-pair]}\n" in text
    assert "\ntriggered: [rupture]\nmanual: [manual-1]\n" in text  # the author's layout kept
    assert (
        (root / "injects/t1-news.yaml")
        .read_text()
        .startswith("# yaml-language-server: $schema=../exercise/schemas/inject.schema.json\n")
    )


def test_every_release_is_how_the_engine_says_it_comes_out():
    from exercise.content.library import load
    from exercise.engine.queries import origin

    loaded = load(ROOT)
    lib = loaded.library
    covert = {o.covert.inject for i in lib.injects.values() for o in i.options if o.covert}
    for scenario in lib.scenarios.values():
        raw = loaded.docs[("scenario", scenario.id)].data
        for inject_id in lib.world_inject_ids(scenario):
            release, _, _ = release_of(raw, inject_id, covert)
            if release == "discovery":  # a manual inject to the engine, never listed
                assert origin(scenario, inject_id) == "manual"
                assert inject_id not in scenario.all_inject_ids()
            else:
                assert release == origin(scenario, inject_id), (scenario.id, inject_id)


def test_the_first_columns_are_hseeps_and_a_public_inject_goes_to_all_teams(tmp_path):
    keys, rows = rows_of(exported(tmp_path, "csv"))
    assert keys[:12] == [
        "number", "turn", "date", "release", "from", "to", "method", "subject", "message",
        "expected_action", "objective", "notes",
    ]  # fmt: skip
    news = next(r for r in rows if r["id"] == "t1-news")
    assert (news["to"], news["release"], news["turn"]) == ("all teams", "scheduled", "1")
    moscow = next(r for r in rows if r["id"] == "t1-moscow")
    assert moscow["expected_action"] == "moscow: Cooperate."
    assert moscow["objective"] == "moscow: moscow-win"
    card = next(r for r in rows if r["id"] == "deck-a")
    assert (card["release"], card["deck"], card["turn"]) == ("deck", "events", "2")
    assert "played_turn" not in keys


def test_a_session_export_adds_the_played_turn_and_time():
    world, files = scenario_source(MINI, "mini")
    played = {"t1-news": Played(1, "2026-01-01T00:00:01.000Z")}
    columns, rows = export_rows(world, files, played)
    keys = [c.key for c in columns]
    by_id = {r[keys.index("id")]: r for r in rows}
    assert keys[4:6] == ["played_turn", "released_at"]
    assert by_id["t1-news"][4:6] == [1, "2026-01-01T00:00:01.000Z"]
    assert by_id["manual-1"][4:6] == ["", "not released"]


# A sheet made elsewhere, through MAP.yaml

FOREIGN = {
    "Serial": "number", "Time": "turn", "Scenario Date": "date", "Sender": "from",
    "Recipient": "to", "Delivery": "method", "Event Title": "subject", "Description": "message",
    "Expected Player Action": "expected_action", "Objective / Capability": "objective",
    "Controller Notes": "notes", "Citations": "sources", "Location": "",
}  # fmt: skip


def foreign_sheet(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    headers = list(FOREIGN)
    keys = [FOREIGN[h] or "location" for h in headers]
    from exercise.content.msel_sheet import csv_bytes

    path = tmp_path / "foreign.csv"
    path.write_bytes(csv_bytes(headers, [[r.get(k, "") for k in keys] for r in rows]))
    (tmp_path / "map.yaml").write_text(
        "".join(f"{k}: {h}\n" for h, k in FOREIGN.items() if k), encoding="utf-8"
    )
    return path


SOURCE = '- key: doc\n  quote: "one wanted a negotiated settlement, the other a military victory"'


def without_decks(root: Path) -> Path:
    scenario = root / "scenarios/mini.yaml"
    text = scenario.read_text(encoding="utf-8")
    start = text.index("decks:\n")
    end = text.index("end_conditions:")
    scenario.write_text(text[:start] + text[end:], encoding="utf-8")
    return root


def test_a_sheet_made_elsewhere_imports_through_a_map(tmp_path):
    root = without_decks(MINI_COPY(tmp_path))  # a sheet from elsewhere has no decks
    row = {
        "number": "1", "turn": "1", "date": "2015-09", "from": "ankara", "to": "moscow, tehran",
        "method": "news", "subject": "Türkiye closes the border", "location": "Kilis",
        "message": "Ankara says the crossings near Kilis are shut until further notice.",
        "expected_action": "moscow: Talks to Ankara before it acts.", "objective": "moscow-win",
        "sources": SOURCE,
    }  # fmt: skip
    sheet = foreign_sheet(tmp_path, [row])
    plan = import_sheet(sheet, "mini", root, mapping=tmp_path / "map.yaml")
    assert "injects/mini/turkiye-closes-the-border.yaml" in plan.files  # id from the subject
    text = plan.files["injects/mini/turkiye-closes-the-border.yaml"]
    assert "visibility: private\naudience: [moscow, tehran]\n" in text
    assert "expected:\n  - role: moscow\n    text: Talks to Ankara before it acts.\n" in text
    assert "    objective: moscow-win\n" in text
    assert (
        "schedule:\n  - {turn: 1, injects: [turkiye-closes-the-border]}"
        in plan.files["scenarios/mini.yaml"]
    )


def MINI_COPY(tmp_path: Path) -> Path:
    return mini_root(tmp_path / "root")


def test_a_map_naming_an_unknown_column_or_a_missing_header_is_refused(tmp_path):
    root = MINI_COPY(tmp_path)
    sheet = foreign_sheet(tmp_path, [{"subject": "x"}])
    bad = tmp_path / "bad.yaml"
    bad.write_text("subject: Event Title\nsubjct: Title\n", encoding="utf-8")
    (found,) = problems(sheet, root, mapping=bad)
    assert found == f"{bad}:2:1: unknown column 'subjct'; did you mean 'subject'?"
    bad.write_text("subject: Headline\n", encoding="utf-8")
    found_all = problems(sheet, root, mapping=bad)
    assert (
        f"{sheet}:row 1: {bad} maps subject to 'Headline', which is not a header of the sheet"
        in (found_all)
    )


# Bad rows: each named by its sheet, row and column; nothing written

CASES = {
    "an empty subject": (
        {"subject": ""}, "column subject: empty; every inject needs a title"),
    "an unknown role": ({"to": "moscow, kyiv"}, "column to: unknown role 'kyiv'"),
    "an unknown sender": ({"from": "atlantis"}, "column from: unknown sender 'atlantis'"),
    "a bad date": ({"date": "Sept 2015"}, "column date: date is 'Sept 2015'; it must be"),
    "a turn the scenario lacks": (
        {"turn": "7"}, "column turn: '7' is not a turn of scenario 'mini' (1..2)"),
    "an unknown release": ({"release": "later"}, "column release: 'later' is not one of"),
    "an unknown indicator": (
        {"options": "- id: a\n  label: Go on\n  effects: {morale: 1}"},
        "column options: unknown indicator 'morale'"),
    "broken YAML": (
        {"options": "- id: a\n  label: [unclosed"}, "column options: line 3: not valid YAML"),
    "a file outside injects/": (
        {"file": "../../etc/t1-moscow.yaml"}, "column file: '../../etc/t1-moscow.yaml' is not"),
    "a private inject to all teams": (
        {"to": "all teams", "visibility": "private"}, "column to: a private inject reaches"),
    "an unknown objective": (
        {"objective": "moscow: moscow-lose"},
        "column objective: role 'moscow' has no objective 'moscow-lose'"),
    "objectives without actions": (
        {"expected_action": "", "objective": "moscow-win"}, "column objective: no expected action"),
    "a bad id": ({"id": "T1 Moscow!"}, "column id: 'T1 Moscow!' is not an id"),
    "a deck the scenario lacks": (
        {"release": "deck", "deck": "jokers", "turn": ""}, "column deck: no deck 'jokers'"),
    "a turn a deck card cannot have": (
        {"release": "deck", "deck": "events", "turn": "1"}, "column turn: '1': a deck inject"),
}  # fmt: skip


def edited(tmp_path: Path, fmt: str, change: dict[str, str], row_id: str = "t1-moscow") -> Path:
    keys, rows = rows_of(exported(tmp_path, "csv"))
    for r in rows:
        if r["id"] == row_id:
            r.update(change)
    out = tmp_path / f"edited.{fmt}"
    return (write_xlsx if fmt == "xlsx" else write_csv)(out, keys, rows)


def row_number(rows_id: str = "t1-moscow") -> int:
    world, _ = scenario_source(MINI, "mini")
    return 2 + [d["id"] for d in world["injects"]].index(rows_id)


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_row_is_named_by_row_and_column(case, tmp_path):
    change, message = CASES[case]
    root = MINI_COPY(tmp_path)
    found = problems(edited(tmp_path, "csv", change), root)
    where = f"{tmp_path / 'edited.csv'}:row {row_number()}:"
    assert any(p.startswith(where) and message in p for p in found), found


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_row_never_names_the_scratch_copy_it_was_checked_in(case, tmp_path):
    # A row whose inject others name (t1-moscow's options are read by triggers) would also
    # bring a note on what it kept unchecked, about a file in the scratch copy.
    change, _ = CASES[case]
    found = problems(edited(tmp_path, "csv", change), MINI_COPY(tmp_path))
    assert found and not any("ttx-msel-" in p or "did not load" in p for p in found), found


@pytest.mark.parametrize("case", ["an unknown role", "an empty subject", "broken YAML"])
def test_an_xlsx_names_its_sheet_too(case, tmp_path):
    change, message = CASES[case]
    found = problems(edited(tmp_path, "xlsx", change), MINI_COPY(tmp_path))
    where = f"{tmp_path / 'edited.xlsx'}:Sheet1:row {row_number()}:"
    assert any(p.startswith(where) and message in p for p in found), found


def test_duplicate_ids_name_both_rows(tmp_path):
    keys, rows = rows_of(exported(tmp_path, "csv"))
    rows.append(dict(rows[1]))
    found = problems(write_csv(tmp_path / "dup.csv", keys, rows), MINI_COPY(tmp_path))
    assert found == [
        f"{tmp_path / 'dup.csv'}:row {len(rows) + 1}:column id: duplicate inject id "
        f"'{rows[1]['id']}' (also row 3)"
    ]


def test_a_deck_left_without_cards_is_reported(tmp_path):
    keys, rows = rows_of(exported(tmp_path, "csv"))
    rows = [r for r in rows if r["release"] != "deck"]
    found = problems(write_csv(tmp_path / "nodeck.csv", keys, rows), MINI_COPY(tmp_path))
    assert found == [
        f"{tmp_path / 'nodeck.csv'}:column deck: deck 'events' of scenario 'mini' has no card in "
        "the sheet; give it one, or remove the deck from the scenario file"
    ]


def test_a_missing_required_column_names_the_header(tmp_path):
    keys, rows = rows_of(exported(tmp_path, "csv"))
    keys.remove("sources")
    found = problems(write_csv(tmp_path / "nosrc.csv", keys, rows), MINI_COPY(tmp_path))
    assert found[0].startswith(f"{tmp_path / 'nosrc.csv'}:row 1: no 'Sources' column")


def test_an_unknown_scenario_is_named(tmp_path):
    found = problems(exported(tmp_path, "csv"), MINI_COPY(tmp_path), scenario="maxi")
    assert found == [f"--scenario maxi: no such scenario in {tmp_path / 'root'} (scenarios: mini)"]


def test_rows_sorted_by_another_column_import_in_msel_order(tmp_path):
    keys, rows = rows_of(exported(tmp_path, "csv"))
    rows.sort(key=lambda r: r["to"])
    root = MINI_COPY(tmp_path)
    write_plan(root, import_sheet(write_csv(tmp_path / "s.csv", keys, rows), "mini", root).files)
    assert load_library(root).scenarios["mini"] == load_library(MINI).scenarios["mini"]


def test_a_warning_for_columns_it_does_not_read(tmp_path):
    keys, rows = rows_of(exported(tmp_path, "csv"))
    headers = [c if c != "notes" else "Controller" for c in keys]
    from exercise.content.msel_columns import BY_KEY

    headers = [BY_KEY[k].header if k != "notes" else "Controller" for k in keys]
    sheet = write_csv(tmp_path / "w.csv", keys, rows, headers)
    plan = import_sheet(sheet, "mini", MINI_COPY(tmp_path))
    assert f"{sheet}: column 'Controller' is not one ttx reads; ignored" in plan.warnings
