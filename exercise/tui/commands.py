"""Command palette: every action of the active screen, found by its description."""

from __future__ import annotations

from functools import partial

from textual.actions import ActionError, parse
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen


def _can_run(screen: Screen, action: str) -> bool:
    """The screen runs `action` now (its `check_action`: a team's estimate only while the white
    cell asks for one, its feedback only once the session has ended)."""
    try:
        _, name, parameters = parse(action)
    except ActionError:
        return True  # Textual says what is wrong with it when it is run
    return bool(screen.check_action(name, parameters))


class ScreenActions(Provider):
    """Offers the active screen's bindings (the same actions as the footer and the help) that it
    can run now."""

    def _actions(self):
        # The screen the palette was opened on: while it is open, app.screen is the palette
        # itself, whose own keys are not what anyone looks for.
        screen = self.screen
        for binding in getattr(screen, "BINDINGS", []):
            if (
                getattr(binding, "description", "")
                and binding.action
                and _can_run(screen, binding.action)
            ):
                key = binding.key.split(",")[0].replace("question_mark", "?")
                yield binding.description, binding.action, key, screen

    async def discover(self) -> Hits:
        for description, action, key, screen in self._actions():
            yield DiscoveryHit(description, partial(screen.run_action, action), help=f"key: {key}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for description, action, key, screen in self._actions():
            score = matcher.match(description)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(description),
                    partial(screen.run_action, action),
                    help=f"key: {key}",
                )
