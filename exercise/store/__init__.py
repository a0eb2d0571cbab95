"""The durable, append-only, hash-chained session log (SQLite)."""

from exercise.store.log import NotASession, Row, SessionLog, canonical_json, verify_file

__all__ = ["NotASession", "Row", "SessionLog", "canonical_json", "verify_file"]
