"""Does an editor complete and check ids with the workspace schemas? Asked of the real thing.

    python tools/editor_check.py [--root DIR] [--keep]

Installs yaml-language-server (the server behind VS Code's YAML extension, pinned below) with
npm into a cache folder outside the repo (~/.cache/ttx-tools, or TTX_TOOLS_CACHE), copies the
content of DIR (default: this repo) to a temporary folder, runs `ttx schema --workspace
--modelines` there, starts the server over stdio and speaks LSP to it as an editor would:

1. a shipped inject, its schema line pointed at the workspace schema: completion at an audience
   item must offer every role, completion of an option's `effects` keys every indicator, and a
   `kyiv` in the audience must get a diagnostic on that word;
2. the same inject without a schema line, in a folder two levels down (injects/<f>/drafts/):
   the `.vscode/settings.json` glob must bring the workspace schema, so roles complete there too;
3. a content root nested inside (the test fixture tests/fixtures/mini) must be left out of the
   globs: its scenario names injects the outer root lacks, and must get no diagnostics.

Prints what the server answered. Exit 0 when every check passes, 1 when one fails, 2 when DIR
lacks the sample inject, 3 when the check cannot run here (no node or npm, or the install
failed, e.g. with no network): the test suite skips on 3 and says why.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
YLS_VERSION = "1.25.0"  # runs on Node 20; 2.x needs Node 22.13
CANNOT_RUN = 3
DEADLINE = 90.0  # seconds for the server to answer one question (it loads 300 kB of schemas)
NESTED = Path("tests") / "fixtures" / "mini"  # a content root of its own, without schema lines
SAMPLE = Path("injects") / "aleppo" / "alp-khan-touman.yaml"  # private, with options and effects


class CannotRun(Exception):
    """The check cannot run on this machine (said why); not a failure of the schemas."""


def cache_dir() -> Path:
    base = os.environ.get("TTX_TOOLS_CACHE") or Path.home() / ".cache" / "ttx-tools"
    return Path(base) / f"yaml-language-server-{YLS_VERSION}"


def server_command() -> list[str]:
    """The server's command line, installing it first if the cache does not hold it."""
    node = shutil.which("node")
    if node is None:
        raise CannotRun("node is not installed")
    script = cache_dir() / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
    if not script.is_file():
        _install(cache_dir())
    return [node, str(script), "--stdio"]


def _install(target: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise CannotRun("npm is not installed")
    target.parent.mkdir(parents=True, exist_ok=True)
    # Installed beside the target and renamed into place: a half install is never used.
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        done = subprocess.run(
            [npm, "install", "--prefix", str(staging), "--no-audit", "--no-fund",
             f"yaml-language-server@{YLS_VERSION}"],
            capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            said = _npm_says(done.stderr)
            raise CannotRun(f"npm could not install yaml-language-server@{YLS_VERSION}: {said}")
        try:
            staging.rename(target)
        except OSError:
            if not target.is_dir():  # another run put it there first: use theirs
                raise
    except subprocess.TimeoutExpired:
        raise CannotRun("npm install took over 10 minutes") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _npm_says(stderr: str) -> str:
    """npm's one telling line: the error code, or else its first line (not the log's path)."""
    lines = [line.removeprefix("npm error").strip() for line in stderr.splitlines()]
    lines = [line for line in lines if line and not line.startswith("A complete log")]
    code = next((line for line in lines if line.startswith("code ")), None)
    return code or (lines[0] if lines else "no message")


# The language server, spoken to over stdio (JSON-RPC with Content-Length headers)


class Server:
    def __init__(self, command: list[str], root: Path):
        self.root = root
        self.proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.settings: dict[str, Any] = {}
        self._next = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
            if length is not None:
                self.inbox.put(json.loads(out.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stdin = self.proc.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        self._next += 1
        ident = self._next
        self._send({"id": ident, "method": method, "params": params})
        found = self._until(lambda m: m.get("id") == ident and "method" not in m)
        if found is None:
            raise RuntimeError(f"no answer to {method} within {DEADLINE:.0f} s")
        if "error" in found:
            raise RuntimeError(f"{method}: {found['error']}")
        return found.get("result")

    def wait_diagnostics(self, uri: str, seconds: float = DEADLINE) -> list[dict[str, Any]]:
        """The diagnostics published for `uri` once the server has validated it."""
        self._until(lambda m: False, seconds, stop=lambda: uri in self.diagnostics)
        return self.diagnostics.get(uri, [])

    def _until(self, wanted, seconds: float = DEADLINE, stop=lambda: False):
        end = time.monotonic() + seconds
        while not stop():
            left = end - time.monotonic()
            if left <= 0:
                return None
            try:
                message = self.inbox.get(timeout=left)
            except queue.Empty:
                return None
            if message is None:
                raise RuntimeError("the language server stopped")
            if wanted(message):
                return message
            self._handle(message)
        return None

    def _handle(self, message: dict[str, Any]) -> None:
        method = message.get("method")
        if method == "textDocument/publishDiagnostics":
            params = message["params"]
            self.diagnostics[params["uri"]] = params["diagnostics"]
        elif method == "workspace/configuration" and "id" in message:
            items = message["params"]["items"]
            result = [self._section(item.get("section")) for item in items]
            self._send({"id": message["id"], "result": result})
        elif "id" in message and method is not None:  # any other request: a plain yes
            self._send({"id": message["id"], "result": None})

    def _section(self, name: str | None) -> Any:
        if not name:
            return self.settings
        node: Any = self.settings
        for part in name.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        return node

    def start(self, yaml_settings: dict[str, Any]) -> None:
        uri = self.root.as_uri()
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": uri,
                "workspaceFolders": [{"uri": uri, "name": self.root.name}],
                "capabilities": {
                    "workspace": {"configuration": True, "workspaceFolders": True},
                    "textDocument": {
                        "completion": {"completionItem": {"snippetSupport": True}},
                        "publishDiagnostics": {},
                    },
                },
            },
        )
        self.settings = {"yaml": yaml_settings}
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})

    def open(self, path: Path, text: str) -> str:
        uri = path.as_uri()
        # A new version each time: the server keeps a file's parse by uri and version.
        self._next += 1
        document = {"uri": uri, "languageId": "yaml", "version": self._next, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": document})
        return uri

    def close(self, uri: str) -> None:
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def complete(self, uri: str, line: int, character: int) -> list[str]:
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        items = result.get("items", []) if isinstance(result, dict) else (result or [])
        return [item["label"] for item in items]

    def stop(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except (RuntimeError, OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()


# The documents asked about: the sample inject, edited the way an author would be typing


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def with_cursor(text: str, pattern: str, replacement: str) -> tuple[str, int, int]:
    """`text` with the first line matching `pattern` replaced; the cursor goes where
    `replacement` has a `|` (removed)."""
    lines = text.split("\n")
    n = next(i for i, line in enumerate(lines) if re.match(pattern, line))
    before, _, after = replacement.partition("|")
    new = (before + after).split("\n")
    cursor_line = n + before.count("\n")
    column = _utf16(before.split("\n")[-1])
    lines[n : n + 1] = new
    return "\n".join(lines), cursor_line, column


def role_ids(root: Path) -> set[str]:
    return {p.stem for p in (root / "roles").glob("*.yaml")}


def indicator_ids(root: Path) -> set[str]:
    """Those the scenarios list and those indicators/ defines, read off the files by eye."""
    ids = {p.stem for p in (root / "indicators").glob("*.yaml")}
    for path in (root / "scenarios").glob("*.yaml"):
        text = path.read_text("utf-8")
        block = text.split("\nindicators:\n", 1)[-1].split("\nschedule:", 1)[0]
        ids |= set(re.findall(r"^  - id: ([a-z0-9_-]+)$", block, re.MULTILINE))
    return ids


class Report:
    def __init__(self) -> None:
        self.failed = 0

    def check(self, name: str, ok: bool, detail: str) -> None:
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
        self.failed += not ok


def _shown(labels: list[str], wanted: set[str]) -> str:
    found = sorted(wanted & set(labels))
    missing = sorted(wanted - set(labels))
    text = f"{len(labels)} items offered, {len(found)}/{len(wanted)} expected: {', '.join(found)}"
    return text + (f"; missing: {', '.join(missing)}" if missing else "")


def check_sample(server: Server, root: Path, report: Report) -> None:
    path = root / SAMPLE
    text = path.read_text("utf-8")
    roles, indicators = role_ids(root), indicator_ids(root)

    # First, while nothing else was published for this file: closing a file publishes an empty
    # list for it, which a later wait could take for the answer.
    doc, line, col = with_cursor(text, r"^audience:", "audience: [moscow, |kyiv]")
    uri = server.open(path, doc)
    found = [
        d
        for d in server.wait_diagnostics(uri)
        if d["range"]["start"]["line"] == line and d["range"]["start"]["character"] == col
    ]
    messages = "; ".join(d["message"] for d in found) or "none on 'kyiv'"
    report.check(
        "a diagnostic on the unknown role 'kyiv'",
        any("role" in d["message"] for d in found),
        messages,
    )
    server.close(uri)

    doc, line, col = with_cursor(text, r"^audience:", "audience:\n  - |")
    uri = server.open(path, doc)
    labels = server.complete(uri, line, col)
    report.check("roles offered at an audience item", roles <= set(labels), _shown(labels, roles))
    server.close(uri)

    doc, line, col = with_cursor(text, r"^    effects: \{", "    effects:\n      |")
    uri = server.open(path, doc)
    labels = server.complete(uri, line, col)
    report.check(
        "indicators offered as an option's effects keys",
        indicators <= set(labels),
        _shown(labels, indicators),
    )
    server.close(uri)


def check_glob(server: Server, root: Path, report: Report) -> None:
    """A file with no schema line, two folders down: only settings.json can give it a schema."""
    text = (root / SAMPLE).read_text("utf-8").split("\n", 1)[1]
    path = root / SAMPLE.parent / "drafts" / "alp-new-draft.yaml"
    doc, line, col = with_cursor(text, r"^audience:", "audience:\n  - |")
    uri = server.open(path, doc)
    labels = server.complete(uri, line, col)
    roles = role_ids(root)
    report.check(
        "roles offered in a file without a schema line, at injects/*/drafts/ (settings.json)",
        roles <= set(labels),
        _shown(labels, roles),
    )
    server.close(uri)


def check_nested(server: Server, root: Path, report: Report) -> None:
    """A content root inside this one (a test fixture) has ids of its own: settings.json leaves
    it out, so its scenario, which names injects this root lacks, gets no workspace errors."""
    path = root / NESTED / "scenarios" / "mini.yaml"
    uri = server.open(path, path.read_text("utf-8"))
    found = server.wait_diagnostics(uri, seconds=10)
    shown = "; ".join(d["message"][:60] for d in found[:3]) or "no diagnostics"
    report.check(f"a nested content root ({NESTED}) left to its own schemas", not found, shown)
    server.close(uri)


def prepare(source: Path, dest: Path) -> dict[str, Any]:
    """A copy of the content with its workspace schemas; the settings an editor would send."""
    from exercise.content.files import FOLDERS

    for folder in FOLDERS:
        if (source / folder).is_dir():
            shutil.copytree(source / folder, dest / folder)
    shutil.copytree(ROOT / NESTED, dest / NESTED)
    done = subprocess.run(
        [sys.executable, "-m", "exercise", "schema", "--workspace", str(dest), "--modelines"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    print(done.stderr.strip())
    if done.returncode != 0:
        raise SystemExit(f"ttx schema --workspace failed (exit {done.returncode})")
    settings = json.loads((dest / ".vscode" / "settings.json").read_text("utf-8"))
    return {
        "validate": True,
        "completion": True,
        "hover": True,
        "schemaStore": {"enable": False},
        "schemas": settings["yaml.schemas"],
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--root", default=str(ROOT), help="content root to copy (default: this repo)")
    p.add_argument("--keep", action="store_true", help="keep the temporary copy, print its path")
    args = p.parse_args(argv)
    if not (Path(args.root) / SAMPLE).is_file():
        print(f"--root {args.root}: has no {SAMPLE.as_posix()} to open", file=sys.stderr)
        return 2
    try:
        command = server_command()
    except CannotRun as exc:
        print(f"cannot run the editor check: {exc}", file=sys.stderr)
        return CANNOT_RUN
    print(f"yaml-language-server {YLS_VERSION} from {cache_dir()}")
    work = Path(tempfile.mkdtemp(prefix="ttx-editor-check-"))
    try:
        root = work / "content"
        root.mkdir()
        yaml_settings = prepare(Path(args.root), root)
        server = Server(command, root)
        report = Report()
        try:
            server.start(yaml_settings)
            check_sample(server, root, report)
            check_glob(server, root, report)
            check_nested(server, root, report)
        finally:
            server.stop()
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("editor check passed" if not report.failed else f"{report.failed} check(s) failed")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
