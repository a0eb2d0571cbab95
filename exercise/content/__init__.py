"""Content: load and validate roles, injects, scenarios and the bibliography.

Import the modules themselves: `content.library` loads (it needs PyYAML and jsonschema);
`content.model` and `content.build` do not, so the pure engine uses them without YAML.
"""
