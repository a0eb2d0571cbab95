"""What the start screen lists: the scenarios of a content root and recently used sessions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

RECENT_LIMIT = 12


@dataclass(frozen=True)
class ScenarioInfo:
    id: str
    title: str
    period: str
    turns: int
    minutes: int
    readme: str


@dataclass(frozen=True)
class RecentSession:
    path: str
    scenario: str
    turn: int
    ended: bool
    modified: float


def scenarios(root: Path | str) -> list[ScenarioInfo]:
    """The scenarios of a content root, demo first, read without checking the rest of the content
    (see content_problems): the start screen lists them at once."""
    from exercise.content import build
    from exercise.content.files import peek
    from exercise.content.indicators import expand

    shared = {d.data.get("id"): d.data for d in peek(root, "indicators")}
    out = []
    for doc in peek(root, "scenarios"):
        try:
            s = build.scenario(expand(doc.data, shared).data)
        except Exception:  # not a valid scenario: content_problems() says what is wrong
            continue
        out.append(
            ScenarioInfo(
                s.id, s.title, f"{s.period[0]} – {s.period[1]}", len(s.turns), s.minutes, s.readme
            )
        )
    out.sort(key=lambda s: (s.id != "demo", s.period, s.id))
    return out


def content_problems(root: Path | str) -> list[str]:
    """Every problem in the content root, one line each ('path:line:col: message')."""
    from exercise.content.crossref import cross_check
    from exercise.content.library import load

    loaded = load(root)
    return [str(p) for p in loaded.problems + cross_check(loaded)]


def _recent_file() -> Path:
    from exercise.session.start_cache import state_folder

    return state_folder() / "recent.json"


def remember(path: Path | str) -> None:
    """Put a session at the top of the recent list (best effort: never fails a session)."""
    target = _recent_file()
    try:
        items = json.loads(target.read_text()) if target.exists() else []
    except (OSError, ValueError):
        items = []
    full = str(Path(path).resolve())
    items = [full] + [p for p in items if p != full]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(items[:RECENT_LIMIT]))
    except OSError:
        pass


def recent_sessions(extra_dir: Path | str | None = ".") -> list[RecentSession]:
    """Remembered sessions and *.ttx files in `extra_dir`, newest first; unreadable ones skipped."""
    from exercise.session.service import Session
    from exercise.store.log import SessionFileError

    try:
        paths = json.loads(_recent_file().read_text()) if _recent_file().exists() else []
    except (OSError, ValueError):
        paths = []
    if extra_dir is not None:
        paths += [str(p.resolve()) for p in Path(extra_dir).glob("*.ttx")]
    out, seen = [], set()
    for p in paths:
        if p in seen or not Path(p).is_file():
            continue
        seen.add(p)
        try:
            s = Session.open(p, readonly=True)  # listing a session never writes to it
        except (SessionFileError, OSError, ValueError, KeyError):
            continue
        try:
            out.append(
                RecentSession(
                    p,
                    s.state.world.scenario.title,
                    s.state.turn,
                    s.state.ended,
                    Path(p).stat().st_mtime,
                )
            )
        finally:
            s.close()
    return sorted(out, key=lambda r: -r.modified)[:RECENT_LIMIT]
