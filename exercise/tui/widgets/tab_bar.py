"""A one-line strip of tab titles that drives a ContentSwitcher.

The facilitator console has used TabbedContent; on a console that must be on screen within
1.5x of a hello-world app, its fourteen extra widgets (tab, underline and pane per tab) cost a
fifth of the budget. This strip is one widget: it draws the titles, marks the active one, and
says which was clicked; on its right it names the keys that work everywhere. The keys 1-5
switch tabs from anywhere on the screen.
"""

from __future__ import annotations

from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget


class TabBar(Widget):
    DEFAULT_CSS = """
    TabBar { height: 1; width: 100%; padding: 0 1; }
    TabBar > .tab-bar--tab { color: $foreground 55%; }
    TabBar > .tab-bar--active { color: $text-accent; text-style: bold underline; }
    TabBar:ansi > .tab-bar--tab { text-style: dim; }
    TabBar:ansi > .tab-bar--active { text-style: not dim bold underline; }
    """
    COMPONENT_CLASSES = {"tab-bar--tab", "tab-bar--active"}
    ALLOW_SELECT = False

    active: reactive[str] = reactive("", layout=False)

    class Changed(Message):
        """The user picked a tab (by clicking it)."""

        def __init__(self, bar: TabBar, tab: str) -> None:
            super().__init__()
            self.bar = bar
            self.tab = tab

        @property
        def control(self) -> TabBar:
            return self.bar

    def __init__(
        self, tabs: list[tuple[str, str]], active: str, hints: tuple[str, ...] = (), **kwargs
    ) -> None:
        super().__init__(**kwargs)
        self.tabs = tabs  # (id, title)
        self.hints = (
            hints  # keys that hold everywhere ("F1 help"), right-aligned while there is room
        )
        self.set_reactive(TabBar.active, active)

    def _spans(self) -> list[tuple[int, int, str]]:
        """(start, end, tab id) of each title, in cells from the left edge of the content."""
        spans, x = [], 0
        for tab, title in self.tabs:
            width = len(title) + 2
            spans.append((x, x + width, tab))
            x += width + 1
        return spans

    def render(self) -> Content:
        plain = self.get_visual_style("tab-bar--tab")
        chosen = self.get_visual_style("tab-bar--active")
        parts: list[tuple[str, Style] | str] = []
        for tab, title in self.tabs:
            parts += [(f" {title} ", chosen if tab == self.active else plain), " "]
        used = self._spans()[-1][1] + 1 if self.tabs else 0  # the last title and the space after it
        hints = list(self.hints)
        while hints and used + len("  ·  ".join(hints)) > self.content_size.width:
            hints.pop()
        if hints:
            text = "  ·  ".join(hints)
            parts += [" " * (self.content_size.width - used - len(text)), (text, plain)]
        return Content.assemble(*parts)

    def on_click(self, event: Click) -> None:
        x = event.x - self.styles.padding.left
        for start, end, tab in self._spans():
            if start <= x < end:
                if tab != self.active:
                    self.post_message(self.Changed(self, tab))
                return
