"""Command palette: every action of the active screen, found by its description."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ScreenActions(Provider):
    """Offers the active screen's bindings (the same actions as the footer and the help)."""

    def _actions(self):
        # The screen the palette was opened on: while it is open, app.screen is the palette
        # itself, whose own keys are not what anyone looks for.
        screen = self.screen
        for binding in getattr(screen, "BINDINGS", []):
            if getattr(binding, "description", "") and binding.action:
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
