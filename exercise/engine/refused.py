"""The one way the engine says no."""


class Refused(Exception):
    """The command breaks a rule; nothing was recorded."""
