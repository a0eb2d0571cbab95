"""`ttx preview`: an inject exactly as one team will read it, before any session is played.

The inject goes through `team_view.team_inject`, the one shape a team console is given, so the
preview holds what that team may see and nothing more: no historical note, expected actions,
facilitator notes, effects, flags or trigger, and of the options only those open to the role.
Who may read it is the engine's rule (`Inject.visible_to`); a role that would never receive the
inject is refused rather than shown something it will not see.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import NamedTuple

from exercise.content.files import peek
from exercise.content.library import load
from exercise.content.model import Inject, Library
from exercise.session.team_view import TeamInject, team_inject

EVERY_TEAM = "all"  # `--as all`: a public inject as any team reads it


class PreviewRefused(ValueError):
    """The inject or role asked for cannot be previewed: one line saying why."""


class Preview(NamedTuple):
    inject: TeamInject
    reader: str  # the role it is shown as; "" for every team (a public inject)
    reader_name: str
    # Options shown that a session offers only while their `requires` hold: a team may not see
    # them when the time comes. Their ids only, never the conditions.
    conditional: tuple[str, ...]


def preview_in_root(root: Path, inject: str, role: str | None) -> Preview:
    """`inject` is an id, or the path of an inject file (read with the rest of the root)."""
    path = Path(inject)
    is_file = path.suffix in (".yaml", ".yml")
    if is_file and not path.is_file():
        raise PreviewRefused(f"{inject}: no such inject file")
    extra = [path] if is_file else []
    loaded = load(root, extra)
    ident = inject
    if extra:
        docs = loaded.docs.items()
        doc = next((d for (k, _), d in docs if k == "inject" and _same(d.path, path)), None)
        ident = str(doc.data["id"]) if doc else path.stem
    if ident not in loaded.library.injects:
        _refuse_missing(root, loaded.library, ident)
    return preview(loaded.library, ident, role)


def _same(shown: str, path: Path) -> bool:
    return Path(shown).resolve() == path.resolve()


def _refuse_missing(root: Path, lib: Library, ident: str) -> None:
    written = {str(d.data.get("id")) for d in peek(root, "injects")}
    if ident in written:
        raise PreviewRefused(f"inject '{ident}' does not load; run `ttx validate` for why")
    close = difflib.get_close_matches(ident, list(lib.injects), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise PreviewRefused(f"no inject '{ident}' in {root}{hint}")


def preview(lib: Library, ident: str, role: str | None) -> Preview:
    inj = lib.injects.get(ident)
    if inj is None:
        close = difflib.get_close_matches(ident, list(lib.injects), n=1)
        raise PreviewRefused(
            f"no inject '{ident}'" + (f"; did you mean '{close[0]}'?" if close else "")
        )
    reader = _reader(lib, inj, role)
    shown = team_inject(inj, reader)
    conditional = tuple(o.id for o in inj.options if o.requires and shown.option(o.id))
    name = lib.roles[reader].name if reader else "every team"
    return Preview(shown, reader, name, conditional)


def _reader(lib: Library, inj: Inject, role: str | None) -> str:
    """The role to show the inject as ("" for every team), or why it cannot be shown."""
    teams = [r.id for r in lib.roles.values() if r.played]
    if role is None or role == EVERY_TEAM:
        if inj.visibility == "private":
            raise PreviewRefused(
                f"'{inj.id}' is a private inject; name a role of its audience with --as "
                f"({', '.join(inj.audience)})"
            )
        return ""
    known = lib.roles.get(role)
    if known is None:
        raise PreviewRefused(
            f"--as {role}: no such role (teams: {', '.join(teams) or 'none'}, or {EVERY_TEAM})"
        )
    if not known.played:
        raise PreviewRefused(
            f"--as {role}: not a team (no team plays it); preview as one of: {', '.join(teams)}"
        )
    if not inj.visible_to(role):
        raise PreviewRefused(
            f"'{role}' does not receive this private inject; its audience is "
            f"{', '.join(inj.audience)}"
        )
    return role
