"""Sessions: open/new/resume, run commands through the engine, viewer-filtered queries."""

from exercise.session.service import Session, iso
from exercise.store import NotASession

__all__ = ["NotASession", "Session", "iso"]
