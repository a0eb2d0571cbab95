"""The Textual consoles: facilitator, team and review."""
