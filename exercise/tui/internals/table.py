"""Textual's DataTable, drawn at its columns' final widths (see the package's docstring)."""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import DataTable as TextualDataTable
from textual.widgets.data_table import RowKey


class DataTable(TextualDataTable):
    """Every table of ours. Textual widens auto-width columns to their rows when the table is
    next idle, but keeps the cells it drew before then in its render caches: a row painted
    between `add_row` and that moment stays cut to the old widths until something else clears
    them (the review's timeline showed every column cut to its header).

    And Textual drops every cell it drew on any style update or resize, which a table is given
    each time its tab is shown or focus moves: a screenful of cells drawn again per tab switch.
    Here they are dropped when the styles they were drawn with change, checked as the table
    paints (the styles of its cursor and stripes are worked out after the update is announced).
    Textual's cache keys hold the table's pseudo-classes, so the cells drawn focused and those
    drawn unfocused are both kept; a theme or a stylesheet changing what a state looks like is
    not in them, which is what is checked."""

    _drawn_with: dict | None = None  # pseudo-class state (focus, hover...) -> styles drawn with
    _drawn_state: object = None  # the pseudo-class state of the last drawing

    # Private: the step where Textual measures the new rows; nothing public follows it. The
    # cells drawn before it are dropped only when it widened a column: a new turn's rows that
    # fit the columns as they were cost the table one drawing, not two.
    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        before = self._widths()
        super()._update_dimensions(new_rows)
        if self._widths() != before:
            self._clear_caches()

    def _widths(self) -> tuple[int, ...]:
        return (
            self._label_column.content_width,
            *(column.get_render_width(self) for column in self.columns.values()),
        )

    _drawn_size: Size | None = None

    def _on_resize(self, event: events.Resize) -> None:
        # A table whose tab is shown again is sent a Resize to the size it had, and Textual's
        # handler then makes every cached cell stale. Only a new size is passed on to it.
        if event.size == self._drawn_size:
            event.prevent_default()
        self._drawn_size = event.size

    def notify_style_update(self) -> None:
        ScrollView.notify_style_update(self)
        self._styles_cache.clear()  # the frame around the lines; the lines are kept
        self.refresh()

    def _component_names(self) -> list[str]:
        return sorted(n for n in self.COMPONENT_CLASSES if n in self._component_styles)

    def render_lines(self, crop: Region) -> list[Strip]:
        drawn_with = (
            self.rich_style,
            # Not get_component_rich_style: its cache can be filled between the update and
            # the component styles being worked out, and then hold the old ones.
            *(self.get_component_styles(name).rich_style for name in self._component_names()),
        )
        # Not `_pseudo_class_state`: Textual sets that in the render_lines called below, so here
        # it is the state of the last drawing, and a focus change looked like a restyle.
        state = self.get_pseudo_class_state()
        if self._drawn_with is None or self._drawn_with.get(state, drawn_with) != drawn_with:
            self._drawn_with = {}
            self._clear_caches()
            self._get_styles_to_render_cell.cache_clear()
        elif state != self._drawn_state:
            # The cells drawn in this state are kept (Textual's keys hold it), but the styles
            # a cell is drawn with are looked up in a cache its keys do not hold it in.
            self._get_styles_to_render_cell.cache_clear()
        self._drawn_with[state] = drawn_with
        self._drawn_state = state
        return super().render_lines(crop)
