"""Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer rebuilds all its keys whenever the focus moves, which costs the console about
20 ms on every tab switch (each tab hands the focus to its own table) although the keys shown
stay the same: the console's own actions.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown: tuple = ()

    def bindings_changed(self, screen: Screen) -> None:
        shown = tuple((binding.key, binding.description, enabled)
                      for _node, binding, enabled, _tooltip in screen.active_bindings.values() if binding.show)
        if shown == self._shown and self.children:
            return
        self._shown = shown
        super().bindings_changed(screen)
