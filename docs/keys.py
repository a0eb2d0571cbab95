"""The key table of docs/authoring.md, from the JSON Schemas: every key of every content kind,
its type, whether it is required, and what it means.

    python docs/keys.py            print the tables
    python docs/keys.py --write    replace them in docs/authoring.md
    python docs/keys.py --check    exit 1 when the doc's tables differ from the schemas

tests/content/test_authoring_doc.py runs the check, so the table cannot drift from the schemas.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from exercise.content.schema_keys import doc_tables, key_tables

DOC = Path(__file__).resolve().parent / "authoring.md"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help=f"replace the tables in {DOC.name}")
    mode.add_argument("--check", action="store_true", help="exit 1 when they differ")
    args = p.parse_args(argv)
    tables = key_tables()
    if not (args.write or args.check):
        print(tables)
        return 0
    doc = DOC.read_text("utf-8")
    found = doc_tables(doc)
    if found is None:
        print(f"{DOC}: no key tables (the markers are missing)", file=sys.stderr)
        return 2
    if args.check:
        if found != tables:
            print(f"{DOC}: the key tables differ from the schemas; run docs/keys.py --write")
            return 1
        print(f"{DOC}: the key tables match the schemas")
        return 0
    DOC.write_text(doc.replace(found, tables), "utf-8")
    print(f"wrote the key tables in {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
