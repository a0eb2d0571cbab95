"""Every use of a private name of Textual or textual-serve, in this package, each with its reason.

Nothing else in exercise/ reaches into either library's private names; where a public way
exists, the code takes it. tests/tui/test_internals.py checks that each name used here still
exists with the shape used, so an upgrade that renames or drops one fails there, loudly, and not
in front of a room of players.

Three modules, so that a console pays only for what it uses: `table` (Textual's DataTable, which
every console shows), `css` (one parse of each stylesheet source per process) and `serve`
(textual-serve, which pulls in aiohttp: only `ttx serve`).
"""
