"""After-action review: the report model and its renderings."""
