"""Textual's Footer, rebuilt only when the keys it shows change, and never left empty.

Textual's Footer rebuilds all its keys whenever the focus moves, which costs the console about
20 ms on every tab switch (each tab hands the focus to its own table) although the keys shown
stay the same: the console's own actions. And it builds its keys only on a change of bindings
while the app has the focus: as the first screen of a browser tab that starts in the background
(textual-serve), it could stay empty.

Only public names: it overrides Footer's `bindings_changed`, the hook Footer subscribes to the
screen's `bindings_updated_signal` (tests/tui/test_internals.py checks both are still there).
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown: tuple = ()

    def on_mount(
        self,
    ) -> None:  # Footer.on_mount subscribes to changes; this shows the keys there are now
        self.call_after_refresh(self.bindings_changed, self.screen)

    def bindings_changed(self, screen: Screen) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        shown = tuple(
            (binding.key, binding.description, enabled)
            for _node, binding, enabled, _tooltip in screen.active_bindings.values()
            if binding.show
        )
        if shown == self._shown:
            return
        if not self.children or screen.app.app_focus:
            self._shown = shown
            super().bindings_changed(screen)  # marks the keys ready; rebuilds if the app is focused
            if not screen.app.app_focus:  # an empty footer is built in the background too
                self.call_after_refresh(self.recompose)
        else:  # as Footer does: no rebuilding while the app is in the background
            super().bindings_changed(screen)
