"""``dlcourse``: the instructor's command line.

    dlcourse list                 the assignments and their notebooks
    dlcourse execute [NAME ...]   run solution notebooks and store their outputs
    dlcourse release [NAME ...]   regenerate notebooks/ from solutions/ with nbgrader
"""

import argparse
import sys
from pathlib import Path

from .course import CourseError, assignments, find_root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dlcourse", description="Instructor tools for the course.")
    parser.add_argument("--root", type=Path, help="the course folder (default: found from the current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="list the assignments and their notebooks")
    for name, text in (("execute", "run solution notebooks and store their outputs"),
                       ("release", "regenerate notebooks/ from solutions/ with nbgrader")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("assignments", nargs="*", metavar="NAME", help="assignment folders (default: all)")
    args = parser.parse_args(argv)

    try:
        root = find_root(args.root)
        chosen = assignments(root, getattr(args, "assignments", None))
    except CourseError as err:
        print(f"dlcourse: {err}", file=sys.stderr)
        return 2
    return {"list": _list, "execute": _execute, "release": _release}[args.command](chosen)


def _list(chosen) -> int:
    for assignment in chosen:
        print(f"{assignment.name}: {', '.join(assignment.notebooks)}")
    return 0


def _execute(chosen) -> int:
    from nbclient.exceptions import CellExecutionError

    from .execute import execute_notebook

    failed = 0
    for assignment in chosen:
        for notebook in assignment.notebooks:
            path = assignment.source(notebook)
            try:
                seconds = execute_notebook(path)
            except CellExecutionError as err:
                failed += 1
                print(f"FAILED  {path}: a cell raised an error, the notebook was not saved.\n{err}", file=sys.stderr)
                continue
            print(f"ran     {path.relative_to(assignment.root)} in {seconds:.1f} s")
    return 1 if failed else 0


def _release(chosen) -> int:
    from .release import ReleaseError, release

    for assignment in chosen:
        try:
            release(assignment)
        except ReleaseError as err:
            print(f"dlcourse: {err}", file=sys.stderr)
            return 1
        for notebook in assignment.notebooks:
            print(f"released {assignment.released(notebook).relative_to(assignment.root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
