"""Starting a session from a content root: the consoles' way in (they never read YAML)."""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import TYPE_CHECKING

from exercise.session.catalog import remember

if TYPE_CHECKING:
    from exercise.session.service import Session


def default_session_path(scenario_id: str, folder: Path | str = "sessions") -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return Path(folder) / f"{scenario_id}-{stamp}.ttx"


def new_seed() -> int:
    return random.SystemRandom().randrange(1, 1_000_000)


def scenario_roles(root: Path | str, scenario_id: str) -> tuple[str, list[tuple[str, str]]]:
    """The scenario's title and (role id, role name) of its played roles, read from the scenario
    and role files alone so the set-up dialog opens at once; create_session checks everything."""
    from exercise.content.files import peek

    found = [d.data for d in peek(root, "scenarios") if d.data.get("id") == scenario_id]
    try:
        scenario = found[0]
        names = {
            d.data["id"]: d.data["name"]
            for d in peek(root, "roles")
            if "id" in d.data and "name" in d.data
        }
        return str(scenario["title"]), [(r, str(names.get(r, r))) for r in scenario["roles"]]
    except (IndexError, KeyError, TypeError):  # missing or broken: the full check says exactly why
        from exercise.content.library import scenario_world

        scenario_world(root, scenario_id)  # raises ContentProblems or KeyError
        raise


def create_session(
    root: Path | str, scenario_id: str, path: Path | str, *, seed: int, participants: dict[str, str]
) -> Session:
    """Validate the content, then start a session file. Raises ContentProblems / KeyError."""
    from exercise.content.library import scenario_world
    from exercise.session.service import Session

    world = scenario_world(root, scenario_id)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    session = Session.create(path, world, seed=seed, participants=tuple(participants.items()))
    remember(path)
    return session
