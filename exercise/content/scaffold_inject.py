"""`ttx new inject`: where the file goes, who it reaches, when it is dated, what it cites."""

from __future__ import annotations

from collections import Counter
from pathlib import Path, PurePosixPath

from exercise.content import build
from exercise.content.dates import first_day
from exercise.content.files import display_path
from exercise.content.model import Library, Scenario
from exercise.content.player_text import check_player_text
from exercise.content.scaffold import (
    ID_PATTERN,
    MEDIUMS,
    NewFile,
    Root,
    ScaffoldError,
    check_date,
    check_free,
    check_id,
    check_roles,
    finish,
    header,
    in_period,
    open_root,
    optional_keys,
)
from exercise.content.scaffold_yaml import Block, Field, Flow, Quoted, Rows, described
from exercise.content.yamlio import parse_text

QUOTE_PLACEHOLDER = "REPLACE with a sentence copied verbatim from the document, at most 40 words"


def new_inject(
    root_dir: Path,
    ident: str,
    *,
    folder: str | None = None,
    scenario: str | None = None,
    turn: int | None = None,
    audience: tuple[str, ...] = (),
    public: bool = False,
    sender: str | None = None,
    date: str | None = None,
    medium: str | None = None,
) -> NewFile:
    check_id(ident)
    root = open_root(root_dir)
    sc = root.scenario(scenario)
    _check_turn(sc, turn)
    if public and audience:
        raise ScaffoldError(
            "--audience: a public inject reaches every team; leave out --audience or --public"
        )
    audience = () if public else (audience or _default_audience(root, sc))
    check_roles(root, "--audience", audience, sc)
    sender = sender or _default_sender(root, audience)
    _check_sender(root, sender)
    date = date or _default_date(root, sc, turn)
    check_date("--date", date)
    if sc is not None:
        in_period("--date", date, sc)
        if turn is not None:
            _check_in_turn(date, sc, turn)
    medium = medium or ("news" if public else "intelligence report")
    if medium not in MEDIUMS:
        raise ScaffoldError(f"--medium {medium}: one of {', '.join(MEDIUMS)}")
    target = root_dir / "injects" / _folder(root, sc, folder) / f"{ident}.yaml"
    check_free(root, "inject", ident, target)
    fields = _fields(root, ident, audience, sender, date, medium)
    new = finish(
        root,
        "inject",
        ident,
        target,
        header("inject", optional_keys("inject")),
        fields,
        _steps(root, ident, target, sc, turn),
    )
    _check_team_text(root.lib, new)
    return new


def _check_turn(sc: Scenario | None, turn: int | None) -> None:
    if turn is None:
        return
    if sc is None:
        raise ScaffoldError(f"--turn {turn}: give --scenario too; a turn is a scenario's")
    if not 1 <= turn <= len(sc.turns):
        raise ScaffoldError(f"--turn {turn}: scenario '{sc.id}' has turns 1 to {len(sc.turns)}")


def _default_audience(root: Root, sc: Scenario | None) -> tuple[str, ...]:
    roles = list(sc.roles) if sc is not None else root.played
    if not roles:
        raise ScaffoldError(
            f"--root {root.path}: no played role to send the inject to; write one with "
            "`ttx new role`"
        )
    return (roles[0],)


def _default_sender(root: Root, audience: tuple[str, ...]) -> str:
    """The white cell when the root has one (it speaks for every outside actor), else a team."""
    cell = next((r.id for r in root.lib.roles.values() if not r.played), None)
    if cell is not None:
        return cell
    return audience[0] if audience else root.played[0]


def _check_sender(root: Root, sender: str) -> None:
    senders = list(root.lib.roles) + list(root.lib.actors())
    if sender not in senders:
        raise ScaffoldError(
            f"--from {sender}: not a role or actor of the root ({', '.join(senders) or 'none'})"
        )


def _default_date(root: Root, sc: Scenario | None, turn: int | None) -> str:
    if sc is not None:
        return sc.turns[(turn or 1) - 1].date
    opening = [s.turns[0].date for s in root.lib.scenarios.values() if s.turns]
    if not opening:
        raise ScaffoldError(
            "--date: the root has no scenario to take a date from; give the inject's in-world "
            "date (YYYY, YYYY-MM or YYYY-MM-DD)"
        )
    return min(opening, key=first_day)


def _check_in_turn(date: str, sc: Scenario, turn: int) -> None:
    """Scheduled in `turn`, an inject dated after the turn would report what has not happened."""
    this = sc.turns[turn - 1]
    following = sc.turns[turn] if turn < len(sc.turns) else None
    if following is None or first_day(following.date) <= first_day(this.date):
        return  # the last turn lasts to the end of the period, which --date is inside
    if first_day(date) >= first_day(following.date):
        raise ScaffoldError(
            f"--date {date}: after turn {turn} of '{sc.id}' ({this.date}), which lasts until "
            f"turn {following.number} opens ({following.date})"
        )


def _folder(root: Root, sc: Scenario | None, folder: str | None) -> PurePosixPath:
    """--folder; else where the scenario's injects already are; else the root's only layout."""
    if folder is not None:
        return _folder_path(folder)
    base = (root.path / "injects").resolve()
    places: Counter[PurePosixPath] = Counter()
    for (kind, ident), path in root.files.items():
        if kind == "inject" and (sc is None or ident in sc.all_inject_ids()):
            try:
                places[PurePosixPath(path.parent.relative_to(base).as_posix())] += 1
            except ValueError:  # a file named on the command line, outside the root
                continue
    if sc is not None:
        return places.most_common(1)[0][0] if places else PurePosixPath(sc.id)
    nested = sorted(str(p) for p in places if p.parts)
    if nested:
        raise ScaffoldError(
            f"--folder: the injects of {root.path} are kept in folders ({', '.join(nested)}); "
            "name one with --folder, or give --scenario"
        )
    return PurePosixPath()


def _folder_path(folder: str) -> PurePosixPath:
    path = PurePosixPath(folder)
    if path.is_absolute() or not path.parts or not all(ID_PATTERN.fullmatch(p) for p in path.parts):
        raise ScaffoldError(
            f"--folder {folder}: a folder under injects/ is one or more names of lowercase "
            "letters, digits, '-' and '_', separated by '/'"
        )
    return path


def _fields(
    root: Root, ident: str, audience: tuple[str, ...], sender: str, date: str, medium: str
) -> list[Field]:
    keys = list(root.lib.sources)
    if not keys:
        raise ScaffoldError(
            f"--root {root.path}: no bibliography entries (sources/bibliography.yaml); an inject "
            "cites at least one document"
        )
    readers = ", ".join(audience) if audience else "every team"
    fields = [
        Field("kind", "inject", described("inject", "kind")),
        Field("id", ident, described("inject", "id", "The file is named after it.")),
        Field(
            "title",
            f"REPLACE: the headline of {ident}",
            described("inject", "title", "REPLACE it."),
        ),
        Field("date", Quoted(date), described("inject", "date", "Quoted, always.")),
        Field("from", sender, described("inject", "from")),
        Field("medium", medium, described("inject", "medium")),
        Field(
            "visibility",
            "private" if audience else "public",
            described("inject", "visibility"),
        ),
    ]
    if audience:
        fields.append(Field("audience", Flow(audience), described("inject", "audience")))
    fields += [
        Field(
            "body",
            Block(
                f"REPLACE: what {readers} will read, in our own words: what happened, who "
                "reports it, and what it means for them now, written as a document of its date."
            ),
            described("inject", "body", "REPLACE it."),
        ),
        Field("sources", _citation(keys), described("inject", "sources")),
    ]
    return fields


def _citation(keys: list[str]) -> Rows:
    note = (
        "REPLACE the quote by a sentence copied verbatim from that document, at most 40 words: "
        "`ttx validate --sources DIR` checks it against the texts and refuses this placeholder "
        "until you do (plain `ttx validate` does not read the texts)."
    )
    return Rows(
        (
            (
                Field(
                    "key",
                    keys[0],
                    described("citation", "key", f"The bibliography's keys: {', '.join(keys)}."),
                ),
                Field("quote", QUOTE_PLACEHOLDER, described("citation", "quote", note)),
            ),
        )
    )


def _steps(
    root: Root, ident: str, target: Path, sc: Scenario | None, turn: int | None
) -> list[str]:
    steps = [f"rewrite every REPLACE in {target}, the quote with a verbatim one"]
    unused = "until then `ttx validate` warns that no scenario uses it"
    if sc is None:
        steps.append(
            f"list '{ident}' in a scenario (schedule, triggered, manual or a deck); {unused}"
        )
        return steps
    path = root.files.get(("scenario", sc.id))
    where = display_path(path, root.path) if path else sc.id
    listing = (
        f"under schedule, turn {turn}" if turn else "under schedule, triggered, manual or a deck"
    )
    steps.append(f"list '{ident}' in {where} {listing}; {unused}")
    return steps


def _check_team_text(lib: Library, new: NewFile) -> None:
    """What the teams read must not name the bibliography (its authors, publishers, key stems):
    a placeholder that happens to would fail `ttx validate`, so it is refused here instead."""
    doc = parse_text(str(new.path), new.text)
    probe = Library({}, {new.ident: build.inject(doc.data)}, {}, lib.sources)
    for problem in check_player_text(probe, lambda kind, ident: doc):
        raise ScaffoldError(f"the new inject would not validate: {problem}")
