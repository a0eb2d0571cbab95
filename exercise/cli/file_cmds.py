"""ttx backup: a copy of a live session that holds everything."""

from __future__ import annotations

from pathlib import Path

from exercise.cli.commands import UserError, command


@command
def register_backup(sub) -> None:
    p = sub.add_parser(
        "backup", help="a consistent single-file copy of a session, safe while consoles write"
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("out", metavar="OUT", help="the copy to write (must not exist)")
    p.set_defaults(func=run_backup)


def run_backup(args) -> int:
    from exercise.store import NotASession
    from exercise.store.copies import BackupError, backup

    if not Path(args.file).exists():
        raise UserError(f"{args.file}: no such session file")
    if Path(args.out).resolve() == Path(args.file).resolve():
        raise UserError(f"{args.out}: is the session file itself; choose another file")
    try:
        seq, digest = backup(args.file, args.out)
    except (BackupError, NotASession) as exc:
        raise UserError(str(exc)) from None
    print(f"{args.out}: done, {seq} events copied and verified, head {seq}:{digest}")
    return 0
