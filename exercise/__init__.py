"""exercise: a tabletop wargame engine for policy training."""

__version__ = "0.1.0"
