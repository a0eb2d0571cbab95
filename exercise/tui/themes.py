"""The consoles' themes: Textual's own, and ours (a high-contrast one).

Every app of ours calls `use_themes` from its constructor: it registers our themes, so that the
command palette's theme switcher (ctrl+p, "Theme") offers them beside Textual's, and applies the
theme asked for by `--theme NAME` or, failing that, the TTX_THEME environment variable (which a
console served by `ttx serve` inherits from the server). Importing this module loads nothing but
Textual's theme class: the command line checks a name with it before any console starts.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from textual.theme import BUILTIN_THEMES, Theme

if TYPE_CHECKING:
    from textual.app import App

ENV = "TTX_THEME"

BLACK, WHITE, YELLOW, CYAN = "#000000", "#FFFFFF", "#FFFF00", "#00FFFF"

# Black and white with strong yellow and cyan: every text is at least 10:1 against its ground
# (the greys Textual derives for muted text, blurred cursors and borders are replaced). Selection
# is also marked by text style in app.tcss, which holds in every theme.
HIGH_CONTRAST = Theme(
    name="ttx-high-contrast",
    primary=YELLOW,
    secondary=CYAN,
    accent=CYAN,
    warning=YELLOW,
    error="#FF6E6E",
    success="#00FF5F",
    foreground=WHITE,
    background=BLACK,
    surface=BLACK,
    panel=BLACK,
    boost=BLACK,
    dark=True,
    text_alpha=1.0,
    variables={
        "text": WHITE,
        "text-muted": "#D0D0D0",
        "text-disabled": "#B0B0B0",
        "foreground-muted": "#D0D0D0",
        "foreground-disabled": "#B0B0B0",
        "text-primary": YELLOW,
        "text-secondary": CYAN,
        "text-accent": CYAN,
        "text-warning": YELLOW,
        "block-cursor-foreground": BLACK,
        "block-cursor-background": YELLOW,
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": WHITE,
        "block-cursor-blurred-background": BLACK,
        "block-cursor-blurred-text-style": "underline",
        "block-hover-background": "#303030",
        "border": YELLOW,
        "border-blurred": WHITE,
        "scrollbar": CYAN,
        "scrollbar-hover": YELLOW,
        "scrollbar-active": YELLOW,
        "scrollbar-background": BLACK,
        "scrollbar-background-hover": BLACK,
        "scrollbar-background-active": BLACK,
        "scrollbar-corner-color": BLACK,
        "footer-foreground": WHITE,
        "footer-background": BLACK,
        "footer-key-foreground": YELLOW,
        "footer-description-foreground": WHITE,
        "input-cursor-background": WHITE,
        "input-cursor-foreground": BLACK,
        "input-selection-background": CYAN,
        "input-selection-foreground": BLACK,
        "button-foreground": WHITE,
        "button-color-foreground": BLACK,
        "button-focus-text-style": "bold reverse underline",
        "screen-selection-background": CYAN,
        "screen-selection-foreground": BLACK,
        "link-color": CYAN,
    },
)

THEMES: tuple[Theme, ...] = (HIGH_CONTRAST,)


class UnknownTheme(ValueError):
    """A theme name that is neither ours nor Textual's; its message names the valid ones."""


def theme_names() -> list[str]:
    """Every theme a console can show: ours first, then Textual's built-in ones."""
    ours = {t.name for t in THEMES}
    return [t.name for t in THEMES] + [n for n in BUILTIN_THEMES if n not in ours]


def chosen_theme(name: str | None = None) -> str | None:
    """The theme asked for: `name` (from --theme), else TTX_THEME, else None (the default).
    Raises UnknownTheme for a name no console has."""
    asked = name if name is not None else os.environ.get(ENV, "").strip() or None
    if asked is None:
        return None
    if asked not in theme_names():
        source = "--theme" if name is not None else ENV
        raise UnknownTheme(f"{source} {asked}: no such theme (themes: {', '.join(theme_names())})")
    return asked


def use_themes(app: App, name: str | None = None) -> None:
    """Register our themes with `app` and apply the one asked for (see chosen_theme). Every
    console's constructor calls this: it also has the process parse each CSS source once."""
    from exercise.tui.internals.css import share_parses

    share_parses()
    for theme in THEMES:
        app.register_theme(theme)
    asked = chosen_theme(name)
    if asked is not None:
        app.theme = asked
