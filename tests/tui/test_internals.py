"""What exercise/tui leans on in Textual and textual-serve beyond their documented API.

Each private name that exercise/tui/internals/ uses, and each quiet assumption that the public
code makes, is checked here by name and shape: an upgrade that renames or drops one fails here,
loudly, rather than as a console that silently misbehaves in front of the players.
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import os
import re
from pathlib import Path

from textual.app import App
from textual.screen import Screen
from textual.widgets import Footer
from textual_serve.app_service import AppService
from textual_serve.server import Server

from exercise.tui.internals import serve as internals
from exercise.tui.internals.table import DataTable
from exercise.tui.serve import ConsoleServer
from exercise.tui.web_auth import JOIN_CODE, Door

TUI = Path(internals.__file__).parent.parent
INTERNALS = TUI / "internals"


def _params(function) -> list[str]:
    return list(inspect.signature(function).parameters)


async def _noop(*_args) -> None:
    return None


# -- the private names internals/ uses ----------------------------------------------------------


def test_textual_serve_builds_the_childs_environment_in_build_environment():
    assert _params(AppService._build_environment) == ["self", "width", "height"]
    # ...and that is still where the child's environment comes from
    assert "_build_environment" in inspect.getsource(AppService._open_app_process)


def test_the_console_process_sets_and_unsets_variables_in_the_childs_environment(monkeypatch):
    monkeypatch.setenv(JOIN_CODE, "INHERITED")
    monkeypatch.setenv("TTX_TEST_KEPT", "kept")
    console = internals.ConsoleProcess(
        "true",
        set_env={"TTX_TEST_SET": "set"},
        unset_env=(JOIN_CODE,),
        write_bytes=_noop,
        write_str=_noop,
        close=_noop,
        download_manager=None,
        debug=False,
    )
    env = console._build_environment(width=100, height=30)
    assert env["TTX_TEST_SET"] == "set" and env["TTX_TEST_KEPT"] == "kept" and JOIN_CODE not in env
    # textual-serve's own part is still there
    assert env["COLUMNS"] == "100" and env["ROWS"] == "30"
    assert os.environ[JOIN_CODE] == "INHERITED"  # the server's own environment is left alone


def test_textual_serve_relays_the_browser_in_process_messages():
    assert inspect.iscoroutinefunction(Server._process_messages)
    assert _params(Server._process_messages) == ["self", "websocket", "app_service"]
    # The messages of its browser client that the relay must carry.
    source = inspect.getsource(Server._process_messages)
    assert all(f'"{kind}"' in source for kind in ("stdin", "resize", "ping", "blur", "focus"))


def test_datatable_still_measures_new_rows_in_update_dimensions_and_caches_their_cells():
    from textual.widgets import DataTable as Theirs

    assert _params(Theirs._update_dimensions) == ["self", "new_rows"]
    assert callable(Theirs._clear_caches) and _params(Theirs._clear_caches) == ["self"]
    assert "_on_idle" in vars(Theirs) and "_update_dimensions" in inspect.getsource(Theirs._on_idle)


async def test_the_reviews_timeline_is_drawn_at_its_columns_widths(session_file):
    """Seen with Textual's own table: the timeline filled once, drawn before the table measured
    it, and every column stayed cut to its header ("14:1", "con", "Sessi")."""

    from exercise.tui.review_app import ReviewApp
    from tests.conftest import idle, wait_for_text

    app = ReviewApp(session_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_text(pilot, "#review-title", "Review: ")
        await idle(pilot)
        table = app.screen.query_one("#events", DataTable)
        shown = "".join(segment.text for segment in table.render_line(1))
    assert "14:13:20" in shown and "Session started: A small test scenario" in shown


def _private_uses(path: Path) -> list[str]:
    """`x._name` on anything but `self`/`cls` (another object's private name: a library's is what
    this guards, one of ours would be a smell too), and `self._name` or `def _name` where a
    Textual or textual-serve base class of the enclosing class defines `_name`."""
    module = importlib.import_module(
        ".".join(path.relative_to(TUI.parent.parent).with_suffix("").parts)
    )
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and re.fullmatch(r"_[A-Za-z]\w*", node.attr):
            owner = node.value
            if not (isinstance(owner, ast.Name) and owner.id in ("self", "cls")):
                found.append(f"line {node.lineno}: .{node.attr}")
    for cls in vars(module).values():
        if not (inspect.isclass(cls) and cls.__module__ == module.__name__):
            continue
        theirs = [
            b for b in cls.__mro__[1:] if b.__module__.split(".")[0] in ("textual", "textual_serve")
        ]
        source = inspect.getsource(cls)
        names = set(re.findall(r"(?:self\.|def )(_[A-Za-z]\w*)", source)) - {"__init__"}
        found += [
            f"{cls.__name__}.{n} (of {b.__name__})"
            for n in sorted(names)
            for b in theirs
            if n in _defined_by(b)
        ]
    return found


@functools.cache
def _defined_by(cls: type) -> set[str]:
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):
        source = ""
    return set(vars(cls)) | set(re.findall(r"self\.(_[A-Za-z]\w*)\s*[:=]", source))


def test_no_module_but_internals_touches_a_private_name_of_either_library():
    found = {p: _private_uses(p) for p in sorted(TUI.rglob("*.py"))}
    # the check sees what internals/ does
    assert _private_uses(INTERNALS / "serve.py") and _private_uses(INTERNALS / "table.py")
    outside = {
        str(p.relative_to(TUI)): u for p, u in found.items() if u and INTERNALS not in p.parents
    }
    assert outside == {}


def test_every_table_of_ours_is_the_one_drawn_at_its_final_widths():
    """A DataTable made anywhere in exercise/tui is internals.table.DataTable (or a subclass)."""
    made = []
    for path in sorted(TUI.rglob("*.py")):
        if INTERNALS in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "textual.widgets":
                made += [f"{path.name}: {a.name}" for a in node.names if a.name == "DataTable"]
    assert made == []


# -- public names whose behaviour the code counts on ----------------------------------------------


def test_the_console_server_still_finds_what_it_takes_from_textual_serves_server(tmp_path):
    for name in ("initialize_logging", "handle_download", "on_shutdown"):
        assert callable(getattr(Server, name)), name
    server = ConsoleServer(
        tmp_path / "s.ttx",
        [("moscow", "Moscow")],
        "t",
        door=Door("0" * 64, {}),
        host="127.0.0.1",
        port=8000,
    )
    for name in (
        "statics_path",
        "templates_path",
        "download_manager",
        "debug",
        "public_url",
        "title",
    ):
        assert hasattr(server, name), name
    assert (Path(server.templates_path) / "app_index.html").is_file()
    assert _params(AppService.__init__) == [
        "self",
        "command",
        "write_bytes",
        "write_str",
        "close",
        "download_manager",
        "debug",
    ]


def test_the_footer_hook_the_steady_footer_overrides():
    assert _params(Footer.bindings_changed) == ["self", "screen"]
    # Footer subscribes that hook to the screen's public signal; the steady footer leaves it so.
    assert "bindings_updated_signal" in inspect.getsource(Footer.on_mount)


def test_the_blank_first_screen_of_an_app_is_a_plain_screen():
    """The review console's escape leaves the app when the screen below it is this one."""
    assert type(App().get_default_screen()) is Screen


def test_stylesheets_parse_each_source_through_parse_rules_with_its_shape():
    from textual.css.stylesheet import Stylesheet

    from exercise.tui.internals import css

    assert _params(css._original) == [
        "self",
        "css",
        "read_from",
        "is_default_rules",
        "tie_breaker",
        "scope",
    ]
    assert isinstance(Stylesheet()._variables, dict)
    assert "self._parse_rules(" in inspect.getsource(Stylesheet.parse)
    assert "Stylesheet(variables=" in inspect.getsource(Stylesheet.reparse)  # why it is shared


def test_a_shared_parse_is_the_parse_it_stands_for_and_errors_are_not_kept():
    from textual.css.stylesheet import Stylesheet, StylesheetParseError

    from exercise.tui.internals import css

    css.share_parses()
    source = "Static { color: $primary; }"
    one, two = Stylesheet(variables={"primary": "red"}), Stylesheet(variables={"primary": "red"})
    other = Stylesheet(variables={"primary": "blue"})
    for sheet in (one, two, other):
        sheet.add_source(source, read_from=("t.tcss", ""))
        sheet.parse()
    assert one.rules is not two.rules and one.rules[0] is two.rules[0]  # parsed once
    assert one.css == two.css != other.css  # another theme is parsed on its own
    bad = Stylesheet()
    bad.add_source("Static { colour: red; }", read_from=("bad.tcss", ""))
    for _ in range(2):
        try:
            bad.parse()
        except StylesheetParseError:
            bad._invalid_css.clear()  # as a fresh Stylesheet would be: it must fail again
        else:
            raise AssertionError("a bad source parsed")


def test_a_screen_restyles_at_its_resume_through_the_events_refresh_styles():
    from textual import events

    assert events.ScreenResume().refresh_styles is True  # what App posts at a push or switch
    assert "event.refresh_styles" in inspect.getsource(Screen._on_screen_resume)


async def test_a_styled_once_screen_skips_only_its_first_resumes_restyle():
    from textual import events
    from textual.widgets import Static

    from exercise.tui.internals.screen import StyledOnce

    restyled: list = []

    class Counting(App):
        def update_styles(self, node, animate: bool = True) -> None:
            restyled.append(node)
            super().update_styles(node, animate)

    class Once(StyledOnce):
        def compose(self):
            yield Static("styled at its mount")

    class Plain(Screen):
        def compose(self):
            yield Static("styled at its mount, and again")

    app = Counting()
    async with app.run_test() as pilot:
        once, plain = Once(), Plain()
        await app.push_screen(plain)
        await pilot.pause()
        assert restyled.count(plain) == 1  # Textual's own: why StyledOnce is worth having
        await app.push_screen(once)
        await pilot.pause()
        assert restyled.count(once) == 0
        assert once.query_one(Static).styles.height is not None  # styled all the same
        once.post_message(events.ScreenResume())  # as App's next push or switch to it would
        await pilot.pause()
        assert restyled.count(once) == 1  # a later resume restyles as before
