"""A chance in whole percent as the consoles ask for it (a decision's confidence, a team's
estimate, the odds of an estimative ruling): a short box that takes digits, read as a number
from 0 to 100, or none when left empty."""

from __future__ import annotations

from textual.widgets import Input

NONE = -1  # the engine's "no chance given"


class ChanceInput(Input):
    DEFAULT_CSS = "ChanceInput { width: 12; }"

    def __init__(self, percent: int = NONE, *, placeholder: str = "%", **kwargs) -> None:
        super().__init__(
            _text(percent), placeholder=placeholder, type="integer", max_length=3, **kwargs
        )

    def show(self, percent: int) -> None:
        """Fill the box with `percent` (empty for none)."""
        self.value = _text(percent)

    def chance(self) -> int:
        """The chance typed, or NONE when the box is empty; ValueError says what is wrong in
        words a person can act on."""
        text = self.value.strip()
        if not text:
            return NONE
        try:
            percent = int(text)
        except ValueError:
            raise ValueError(f"A chance is a whole number from 0 to 100, not “{text}”.") from None
        if not 0 <= percent <= 100:
            raise ValueError(f"A chance is from 0 to 100%, not {percent}%.")
        return percent


def _text(percent: int) -> str:
    return "" if percent < 0 else str(percent)


def percent_text(percent: int, none: str = "") -> str:
    """A chance as the tables show it: "70%", or `none` when none was given."""
    return f"{percent}%" if percent >= 0 else none
