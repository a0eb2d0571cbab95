"""Names the rules, the consoles and the report share; each defined here only."""

from __future__ import annotations

from typing import Final

# Who plays a role: a team at its own console, the white cell entering a team's decisions, or a bot.
PLAY_MODES: Final = ("team", "facilitator", "bot")
PLAY_MODE_LABELS: Final = {
    "team": "team console",
    "facilitator": "facilitator-entered",
    "bot": "bot",
}
PLAY_MODE_SHORT: Final = {
    "team": "team console",
    "facilitator": "facilitator",
    "bot": "bot",
}  # a table column

# How the white cell rules: by the options' effects, by a matrix-game roll, or freely.
# estimative: the teams give the action a chance, the white cell takes their mean (or its own
# odds) and rolls d100 (engine/judgement.py).
ADJUDICATION_METHODS: Final = ("rules", "matrix", "estimative", "free")

# The matrix game: 2d6 plus (pros - cons) must reach the target; 7 is an even argument's odds.
MATRIX_TARGET: Final = 7

# How an inject reaches its audience (the inject schema's `medium`; a test keeps the two equal).
MEDIA: Final = (
    "intelligence report",
    "cable",
    "news",
    "phone call",
    "meeting",
    "letter",
    "military report",
    "briefing",
    "social media",
    "envoy",
)
