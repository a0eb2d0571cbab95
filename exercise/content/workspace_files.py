"""What `ttx schema --workspace` writes: the schemas, the editor's settings, and (on request) the
schema lines of the content files, all worked out before anything is written.

Why the schema lines matter: yaml-language-server (VS Code's YAML extension, and most editors'
YAML support) obeys a file's own `# yaml-language-server: $schema=...` line before any setting,
and every shipped file and `ttx new` scaffold has one, pointing at the package's schemas, which
know no ids. So `.vscode/settings.json` maps the content folders to the workspace schemas for
files without such a line, and `--modelines` points the lines themselves at the workspace schemas
(`--modelines package` points them back, as the files are shipped).

The settings file is merged, never clobbered: only our own `yaml.schemas` entries are replaced.
It must be plain JSON; a comment (which VS Code allows) is refused rather than silently dropped.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from exercise.content.files import FOLDERS, discover
from exercise.content.kinds import FOLDER_KIND, KINDS
from exercise.content.scaffold_yaml import modeline
from exercise.content.workspace_ids import KnownIds, known_ids
from exercise.content.workspace_schemas import SCHEMA_DIR, workspace_schemas
from exercise.content.yamlio import ContentError, read_bytes

SETTINGS = (".vscode", "settings.json")
SCHEMAS_KEY = "yaml.schemas"
MODES = ("workspace", "package")
# At the start of a line: an indented `#` may be the text of a block scalar, not a comment.
_MODELINE = re.compile(
    rb"^#[ \t]*yaml-language-server[ \t]*:[^\n]*?\$schema=([^\s]+)", re.MULTILINE
)
_NOT_CONTENT = frozenset({"node_modules", "__pycache__", "site-packages"})
_KIND_FILE = re.compile(r"(?:^|[/\\])([a-z]+)\.schema\.json$")


class WorkspaceError(ValueError):
    """Why nothing was written, in one line naming the file (and line:col) at fault."""


class Plan(NamedTuple):
    root: Path
    files: dict[Path, str | bytes]  # every file to write, in order: schemas, settings, content
    ids: KnownIds
    schema_files: tuple[Path, ...]
    settings: Path
    modelines: int  # content files whose schema line is rewritten
    overriding: tuple[Path, ...]  # files whose schema line still points elsewhere


def is_content_root(root: Path) -> bool:
    return any((root / folder).is_dir() for folder in FOLDERS)


def plan(root: Path, modelines: str | None = None) -> Plan:
    """Everything to write for `root`; WorkspaceError (nothing written) when it cannot be."""
    settings_path = root.joinpath(*SETTINGS)
    settings_text = _merged_settings(settings_path, settings_entries(nested_roots(root)))
    ids = known_ids(root)
    folder = root.joinpath(*SCHEMA_DIR)
    files: dict[Path, str | bytes] = {}
    for kind, data in workspace_schemas(ids).items():
        files[folder / f"{kind}.schema.json"] = (
            json.dumps(data, indent=1, ensure_ascii=False) + "\n"
        )
    schema_files = tuple(files)
    # The folder is derived and goes stale: ignored by git wherever the root lives.
    files[root.joinpath(SCHEMA_DIR[0], ".gitignore")] = "*\n"
    files[settings_path] = settings_text
    lines = schema_lines(root, modelines) if modelines else {}
    files.update(lines)
    overriding = tuple(
        path for path, target in pointed_elsewhere(root).items() if path not in lines and target
    )
    return Plan(root, files, ids, schema_files, settings_path, len(lines), overriding)


# The editor's settings


def settings_entries(nested: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Each workspace schema, as VS Code's YAML extension names it (from the workspace folder),
    and the files it applies to at any depth (the extension matches `**/` + each glob), except
    those of the content roots `nested` inside this one, which have ids of their own."""
    by_kind: dict[str, list[str]] = {}
    for folder, kind in FOLDER_KIND.items():
        by_kind.setdefault(kind, []).extend([f"{folder}/**/*.yaml", f"{folder}/**/*.yml"])
    skip = [f"!{rel}/**" for rel in nested]
    schema_dir = "/".join(SCHEMA_DIR)
    return {
        f"./{schema_dir}/{kind}.schema.json": by_kind[kind] + skip
        for kind in KINDS
        if kind in by_kind
    }


def nested_roots(root: Path) -> tuple[str, ...]:
    """Content roots inside `root` (test fixtures, a second exercise), as relative paths."""
    found: list[str] = []
    for here, dirs, _files in os.walk(root):
        at_top = Path(here) == root
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and d not in _NOT_CONTENT
            and not (at_top and d in FOLDERS)  # the root's own content folders
        )
        if not at_top and is_content_root(Path(here)):
            found.append(Path(here).relative_to(root).as_posix())
            dirs[:] = []
    return tuple(found)


def _merged_settings(path: Path, ours: dict[str, list[str]]) -> str:
    data = _read_settings(path)
    schemas = data.get(SCHEMAS_KEY, {})
    if not isinstance(schemas, dict):
        raise WorkspaceError(f'{path}: "{SCHEMAS_KEY}" is not an object; nothing was written')
    kept = {k: v for k, v in schemas.items() if not _is_ours(k)}
    data[SCHEMAS_KEY] = {**kept, **ours}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _is_ours(key: str) -> bool:
    """An entry an earlier run wrote: a path to a schema in our folder, however it is spelt."""
    normal = PurePosixPath(key.replace("\\", "/").removeprefix("./"))
    return normal.parent == PurePosixPath(*SCHEMA_DIR) and normal.name.endswith(".schema.json")


def _read_settings(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkspaceError(
            f"{path}: cannot be read ({_reason(exc)}); nothing was written"
        ) from None
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        here = f"{path}:{exc.lineno}:{exc.colno}"
        if text[exc.pos : exc.pos + 2] in ("//", "/*"):
            raise WorkspaceError(
                f"{here}: a comment; ttx rewrites this file as plain JSON and would drop it: "
                f"remove the comments, or add the {SCHEMAS_KEY} entries yourself; "
                "nothing was written"
            ) from None
        raise WorkspaceError(f"{here}: not valid JSON ({exc.msg}); nothing was written") from None
    if not isinstance(data, dict):
        raise WorkspaceError(f"{path}: not a JSON object of settings; nothing was written")
    return data


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return "not UTF-8"


# The schema lines of the content files


def schema_lines(root: Path, mode: str) -> dict[Path, bytes]:
    """Each content file whose schema line names a kind's schema, with the line pointed at the
    workspace schema (`workspace`) or back at the package's (`package`); unchanged files left out.
    A line naming some other schema is the author's choice and is left alone."""
    if mode not in MODES:
        raise WorkspaceError(f"--modelines {mode}: one of {', '.join(MODES)}")
    out: dict[Path, bytes] = {}
    for path, raw, found in _schema_lines(root):
        kind = _kind_of(found.group(1).decode("utf-8", "replace"))
        if kind is None:
            continue
        line = (
            workspace_line(kind, root, path) if mode == "workspace" else modeline(kind, root, path)
        )
        new = raw[: found.start()] + line.encode("utf-8") + raw[found.end(0) :]
        # The line's own end (\n or \r\n) is kept: only the comment up to it was matched.
        if new != raw:
            out[path] = new
    return out


def workspace_line(kind: str, root: Path, target: Path) -> str:
    schema_file = root.joinpath(*SCHEMA_DIR, f"{kind}.schema.json")
    rel = os.path.relpath(schema_file.resolve(), target.parent.resolve())
    return f"# yaml-language-server: $schema={PurePosixPath(Path(rel).as_posix())}"


def new_file_line(kind: str, root: Path, target: Path) -> str:
    """The schema line for a file `ttx new` writes: the workspace schema where the root has one
    and most of its content files already point there (`ttx schema --workspace --modelines`),
    so that a new file completes ids as its neighbours do; else the package's, as shipped."""
    if root.joinpath(*SCHEMA_DIR, f"{kind}.schema.json").is_file():
        elsewhere = list(pointed_elsewhere(root).values())
        if elsewhere and elsewhere.count(False) > len(elsewhere) / 2:
            return workspace_line(kind, root, target)
    return modeline(kind, root, target)


def pointed_elsewhere(root: Path) -> dict[Path, bool]:
    """Each content file with a schema line naming a kind's schema -> whether the line points
    anywhere but the workspace schema (so that an editor would not use the workspace's)."""
    out: dict[Path, bool] = {}
    for path, _raw, found in _schema_lines(root):
        target = found.group(1).decode("utf-8", "replace")
        kind = _kind_of(target)
        if kind is not None:
            ours = root.joinpath(*SCHEMA_DIR, f"{kind}.schema.json").resolve()
            out[path] = (path.parent / target).resolve() != ours
    return out


def _schema_lines(root: Path) -> Iterator[tuple[Path, bytes, re.Match[bytes]]]:
    for path in discover(root):
        try:
            raw = read_bytes(path, str(path))
        except ContentError:
            continue  # unreadable: ttx validate says why; nothing to point
        found = _MODELINE.search(raw)
        if found is not None:
            yield path, raw, found


def _kind_of(target: str) -> str | None:
    match = _KIND_FILE.search(target.rstrip("\r"))
    return match.group(1) if match and match.group(1) in KINDS else None
