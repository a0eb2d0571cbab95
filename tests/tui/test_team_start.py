"""A team console's first screen loads nothing of the session: a room connecting at once waits
on every console's imports, and "Joining as" needs none of them."""

import subprocess
import sys

from exercise.tui.team_app import TeamApp

LATER = ("exercise.session", "exercise.store", "exercise.engine", "sqlite3")


def test_the_team_app_and_its_first_screen_load_no_session_layer(session_file):
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from exercise.tui.team_app import TeamApp, _Joining\n"
        f"app = TeamApp(Path({str(session_file)!r}), 'damascus', 'Damascus')\n"
        "list(_Joining('Damascus').compose())\n"
        f"print(' '.join(n for n in sys.modules if n.split('.')[0] in {LATER!r} "
        f"or n.startswith({LATER[:3]!r})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == []


def test_the_gateway_is_made_when_first_used(session_file, clock):
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    assert app._gateway is None
    assert app.gateway is app.gateway and app.gateway.role == "damascus"
    assert app.gateway.path == session_file
