"""The JSON report: the report model itself, serialised.

`build_report` lives in report_model; it is re-exported here for the callers that import it
from its first home.
"""

from __future__ import annotations

import json

from exercise.review.report_model import build_report

__all__ = ["build_report", "render_json"]


def render_json(model: dict) -> str:
    return json.dumps(model, indent=2, ensure_ascii=False) + "\n"
