"""`ttx ARGS...` with every console made to die of an unhandled exception once it is on screen
(its own mount has run, the first frame is drawn): the crash the exit-code tests need, without a
hook in the product."""

import sys

from exercise.cli import main
from exercise.tui.app import FacilitatorApp
from exercise.tui.review_app import ReviewApp
from exercise.tui.team_app import TeamApp


def crash_after_mount(cls) -> None:
    mount = cls.on_mount

    def on_mount(self):
        mount(self)
        self.call_after_refresh(boom)

    def boom():
        raise RuntimeError("console crashed on purpose")

    cls.on_mount = on_mount


for app in (FacilitatorApp, ReviewApp, TeamApp):
    crash_after_mount(app)
sys.exit(main(sys.argv[1:]))
