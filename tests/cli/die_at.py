"""Run `ttx ARGS...` so that the kernel kills it in the middle of writing: with a file-size limit
and SIGXFSZ at its default action, the first write that would pass LIMIT bytes ends the process
(no handler, no cleanup runs), as a SIGKILL would. Usage: die_at.py LIMIT ARGS..."""

import resource
import signal
import sys

limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
signal.signal(signal.SIGXFSZ, signal.SIG_DFL)  # Python ignores it at start-up; the default kills

from exercise.cli import main  # noqa: E402

sys.exit(main(sys.argv[2:]))
