"""The JSON report: the report model, serialised (`as_json`: field order is key order).

`build_report` lives in report_model; it is re-exported here for the callers that import it
from its first home.
"""

from __future__ import annotations

import json

from exercise.review.report_model import build_report
from exercise.review.report_types import Report, as_json

__all__ = ["build_report", "render_json"]


def render_json(model: Report) -> str:
    return json.dumps(as_json(model), indent=2, ensure_ascii=False) + "\n"
