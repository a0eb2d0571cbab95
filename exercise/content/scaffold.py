"""`ttx new`: a new role, inject or scenario file in the shipped layout, that validates as written.

Each file has the editor's schema line (relative to where the file goes), every required key with
a comment on what it means, and placeholder values that are real: the roles and bibliography keys
of the root, dates inside the scenario's period. What an author must rewrite says REPLACE. A
citation's quote cannot be real without reading the texts, so it is a marked placeholder: plain
`ttx validate` accepts it (quotes are checked only with --sources), `--sources` refuses it until
it is replaced by a verbatim quote.

The requests are checked against the root before anything is written; ScaffoldError carries a
one-line message naming the argument at fault.
"""

from __future__ import annotations

import re
from calendar import monthrange
from pathlib import Path
from typing import NamedTuple

from exercise.content.dates import within
from exercise.content.files import discover, peek
from exercise.content.library import load
from exercise.content.model import Library, Scenario
from exercise.content.scaffold_yaml import Block, Field, comment_lines, described, render
from exercise.content.schemas import check, schema
from exercise.content.workspace_files import new_file_line
from exercise.content.yamlio import ContentError, parse_text

_DEFS = schema("inject")["$defs"]
ID_PATTERN = re.compile(_DEFS["id"]["pattern"])
ID_MAX = int(_DEFS["id"]["maxLength"])
DATE_PATTERN = re.compile(_DEFS["date"]["pattern"])
MEDIUMS: tuple[str, ...] = tuple(schema("inject")["properties"]["medium"]["enum"])
FOLDERS = {"role": "roles", "inject": "injects", "scenario": "scenarios"}


class ScaffoldError(ValueError):
    """A request `ttx new` refuses: one line, naming the argument at fault."""


class NewFile(NamedTuple):
    kind: str
    ident: str
    path: Path
    text: str
    next_steps: tuple[str, ...]  # what the author does next, one line each


class Root(NamedTuple):
    """What the root already holds, as far as a new file needs to know."""

    path: Path
    lib: Library
    files: dict[tuple[str, str], Path]  # (kind, id) -> the file it was read from

    @property
    def played(self) -> list[str]:
        return [r.id for r in self.lib.roles.values() if r.played]

    def scenario(self, ident: str | None) -> Scenario | None:
        if ident is None:
            return None
        sc = self.lib.scenarios.get(ident)
        if sc is None:
            known = ", ".join(sorted(self.lib.scenarios)) or "none"
            raise ScaffoldError(f"--scenario {ident}: no such scenario (scenarios: {known})")
        return sc


def open_root(root: Path) -> Root:
    if not root.is_dir():
        raise ScaffoldError(f"--root {root}: not a folder")
    loaded = load(root)
    # A document's path is as shown to the user: relative to the current folder, or as given.
    return Root(root, loaded.library, {k: Path(d.path).resolve() for k, d in loaded.docs.items()})


# Checks shared by the kinds


def check_id(ident: str) -> None:
    if len(ident) > ID_MAX or not ID_PATTERN.fullmatch(ident):
        raise ScaffoldError(
            f"ID {ident!r}: an id is lowercase letters, digits, '-' and '_', starting with a "
            f"letter or digit, at most {ID_MAX} characters"
        )


def check_free(root: Root, kind: str, ident: str, target: Path) -> None:
    """Refuse an id the root has (in a file that loads or not) and a file that exists."""
    folder = FOLDERS[kind]
    taken = {d.data.get("id") for d in peek(root.path, folder)}
    taken |= {p.stem for p in discover(root.path, (folder,))}
    if ident in taken:
        article = "an" if kind[0] in "aeiou" else "a"
        raise ScaffoldError(f"ID {ident}: the root already has {article} {kind} '{ident}'")
    if kind == "role" and ident in root.lib.actors():
        raise ScaffoldError(f"ID {ident}: an actor of the root already has that id")
    if target.exists():
        raise ScaffoldError(f"{target}: already exists")


def check_date(flag: str, date: str) -> None:
    if not DATE_PATTERN.fullmatch(date):
        raise ScaffoldError(f"{flag} {date}: an in-world date is YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 3 and parts[2] > monthrange(parts[0], parts[1])[1]:
        raise ScaffoldError(f"{flag} {date}: not a real date")


def check_roles(root: Root, flag: str, roles: tuple[str, ...], sc: Scenario | None) -> None:
    for role in roles:
        if role not in root.lib.roles:
            known = ", ".join(root.played) or "none"
            raise ScaffoldError(f"{flag} {role}: no such role (played roles: {known})")
        if not root.lib.roles[role].played:
            raise ScaffoldError(f"{flag} {role}: not a played role; only teams can be given this")
        if sc is not None and role not in sc.roles:
            raise ScaffoldError(
                f"{flag} {role}: does not play in scenario '{sc.id}' (roles: {', '.join(sc.roles)})"
            )


def split_list(value: str | None) -> tuple[str, ...]:
    """'moscow, tehran' -> ('moscow', 'tehran'); a name given twice counts once."""
    parts = (part.strip() for part in (value or "").split(","))
    return tuple(dict.fromkeys(part for part in parts if part))


def finish(
    root: Root,
    kind: str,
    ident: str,
    target: Path,
    header: str,
    fields: list[Field],
    steps: list[str],
) -> NewFile:
    """The file's text, checked against its schema before the caller writes it."""
    lines = [new_file_line(kind, root.path, target), *header.splitlines(), *render(tuple(fields))]
    text = "\n".join(lines) + "\n"
    try:
        problems = check(parse_text(str(target), text), kind)
    except ContentError as err:
        problems = [err]
    if problems:  # a mistake of ours, not the author's: said in one line all the same
        raise ScaffoldError(f"the new {kind} would not validate: {problems[0]}")
    return NewFile(kind, ident, target, text, tuple(steps))


def header(kind: str, optional: list[str]) -> str:
    text = (
        f"A new {kind}, written by `ttx new {kind}`: every required key, each with what it means "
        "and its type in [brackets]. Rewrite each value marked REPLACE, then check the file "
        "with `ttx validate`."
    )
    lines = comment_lines(text, 0)
    if optional:
        keys = ", ".join(optional)
        lines += comment_lines(f"Optional keys (see docs/authoring.md): {keys}.", 0)
    return "\n".join(lines)


def optional_keys(kind: str) -> list[str]:
    props = schema(kind)
    required = set(props.get("required", ()))
    return [k for k in props["properties"] if k not in required and k != "audience"]


def write(new: NewFile) -> None:
    """Create the file, never over another: a file that appeared since the checks is refused."""
    new.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(new.path, "x", encoding="utf-8", newline="\n") as out:
            out.write(new.text)
    except FileExistsError:
        raise ScaffoldError(f"{new.path}: already exists") from None


# Roles


def new_role(
    root_dir: Path, ident: str, *, name: str | None = None, played: bool = True
) -> NewFile:
    check_id(ident)
    root = open_root(root_dir)
    target = root_dir / "roles" / f"{ident}.yaml"
    check_free(root, "role", ident, target)
    title = name or ident.replace("-", " ").replace("_", " ").title()
    team = "team" if played else "cell"
    fields = [
        Field("kind", "role", described("role", "kind")),
        Field("id", ident, described("role", "id")),
        Field("name", title, described("role", "name", "REPLACE it if the id is not the name.")),
        Field("played", played, described("role", "played")),
        Field(
            "summary",
            f"REPLACE: who the {team} is and what it is after, in one sentence.",
            described("role", "summary", "REPLACE it."),
        ),
        Field(
            "briefing",
            Block(
                f"REPLACE: what the {team} reads first, in our own words: who it is, what it "
                "wants, what it fears, and the instruments it has. Keep it timeless; what it "
                "knows at a scenario's start goes in that scenario's briefings."
            ),
            described("role", "briefing", "REPLACE it."),
        ),
    ]
    steps = [f"rewrite every REPLACE in {target}"]
    if played:
        steps.append(f"add '{ident}' to the `roles` of the scenarios it plays in")
    return finish(root, "role", ident, target, header("role", optional_keys("role")), fields, steps)


def in_period(flag: str, date: str, sc: Scenario) -> None:
    start, end = sc.period
    if not within(date, start, end):
        raise ScaffoldError(
            f"{flag} {date}: outside the period of scenario '{sc.id}' ({start} to {end})"
        )
