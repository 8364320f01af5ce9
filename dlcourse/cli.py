"""``dlcourse``: the instructor's command line.

    dlcourse list                 the assignments and their notebooks
    dlcourse execute [NAME ...]   run solution notebooks and store their outputs
    dlcourse release [NAME ...]   regenerate notebooks/ from solutions/ with nbgrader
    dlcourse publish OUT [--git]  write the student course (no answers, no tests, no grader) to OUT
    dlcourse collect PATH ...     file students' hand-in archives (or folders of them) into submitted/
    dlcourse grade [NAME ...]     autograde the submissions in submitted/, in parallel (new or changed ones)
    dlcourse report               feedback for students, and a CSV and HTML report for the instructor
    dlcourse demo                 a synthetic class of students, graded and reported, in a folder of its own
    dlcourse hub [--remove]       a course hub on this machine to try the loop (JupyterHub, exchange, accounts)
"""

import argparse
import json
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
    tests = commands.add_parser("test-the-tests", help="count the checks that catch each wrong implementation")
    tests.add_argument("assignments", nargs="*", metavar="NAME", help="assignment folders (default: all)")
    tests.add_argument("--json", type=Path, help="also write the counts to this file")
    publish = commands.add_parser("publish", help="write the student course to a folder (a public repository)")
    publish.add_argument("out", type=Path, metavar="OUT", help="the student course's folder (made if missing)")
    publish.add_argument("--git", action="store_true", help="make OUT a git repository: one commit per publish")
    collect = commands.add_parser("collect", help="file students' hand-in archives into submitted/")
    collect.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                         help="an archive from check-my-work --submit, or a folder: every .zip directly in it")
    collect.add_argument("--dry-run", action="store_true", help="say what would be collected; write nothing")
    grade = commands.add_parser("grade", help="autograde submitted/ in parallel (only new or changed submissions)")
    grade.add_argument("assignments", nargs="*", metavar="NAME", help="assignments (default: all submitted)")
    grade.add_argument("--student", action="append", metavar="ID", help="only this student (repeatable)")
    grade.add_argument("--force", action="store_true", help="regrade submissions that are up to date")
    grade.add_argument("--retry-failed", action="store_true",
                       help="try again the submissions that could not be graded, though unchanged since")
    _add_grading_options(grade)
    report = commands.add_parser("report", help="feedback for students; grades.csv and index.html for you")
    report.add_argument("--out", type=Path, help="folder for the report (default: <course>/reports)")
    report.add_argument("--no-feedback", action="store_true", help="skip generating students' feedback")
    demo = commands.add_parser("demo", help="grade a synthetic class and write its report")
    demo.add_argument("--students", type=int, default=30, help="class size (default: 30)")
    demo.add_argument("--dir", type=Path, help="where the demo course goes (default: <course>/demo-class)")
    demo.add_argument("--seed", type=int, default=2026, help="draws who makes which mistakes")
    _add_grading_options(demo)
    hub = commands.add_parser("hub", help="run a course hub on 127.0.0.1 to try the loop (root; makes accounts)")
    hub.add_argument("--state", type=Path, help="its state folder: accounts' homes, exchange (default: <course>/.hub)")
    hub.add_argument("--port", type=int, default=8000, help="the hub's port on 127.0.0.1 (default 8000)")
    hub.add_argument("--remove", action="store_true", help="delete the trial's accounts and its state folder")
    args = parser.parse_args(argv)

    try:
        root = find_root(args.root)
        if args.command == "collect":
            return _collect(root, args)
        if args.command == "publish":
            return _publish(root, args)
        if args.command == "hub":
            return _hub(root, args)
        if args.command in ("grade", "report", "demo"):
            _quiet_nbgrader_noise()
            return {"grade": _grade, "report": _report, "demo": _demo}[args.command](root, args)
        chosen = assignments(root, getattr(args, "assignments", None))
    except CourseError as err:
        print(f"dlcourse: {err}", file=sys.stderr)
        return 2
    if args.command == "test-the-tests":
        return _test_the_tests(chosen, args)
    return {"list": _list, "execute": _execute, "release": _release}[args.command](chosen)


def _test_the_tests(chosen, args) -> int:
    """Exit 0 when every mistake is caught by two checks, one hidden, and the other rules hold; else 1."""
    from . import mutation

    everything, problems = [], 0
    for assignment in chosen:
        for notebook in assignment.notebooks:
            reports = mutation.check_assignment(assignment.source(notebook))
            mutation.print_reports(f"{assignment.name}/{notebook}", reports)
            everything += reports
            problems += sum(len(r.problems()) for r in reports)
    total = mutation.summary(everything)
    print(f"{total['mistakes']} wrong implementations of {total['exercises']} exercises; checks catching each: "
          f"minimum {total['min']}, median {total['median']}; {total['under_two']} caught by fewer than 2, "
          f"{total['no_hidden']} by no hidden check; {total['unchecked_outputs']} cases whose type, dtype or shape "
          f"goes unchecked; {problems} problems.")
    if args.json:
        args.json.write_text(json.dumps({"summary": total, "exercises": [
            {"grade_id": r.grade_id, "checks": r.checks, "hidden_checks": r.hidden_checks,
             "non_default_call": r.non_default_call, "unchecked": r.unchecked,
             "caught": [{"mistake": c.mistake.name, "visible": c.visible, "hidden": c.hidden, "error": c.error}
                        for c in r.caught]} for r in everything]}, indent=1))
    return 1 if problems else 0


def _add_grading_options(sub) -> None:
    sub.add_argument("--workers", type=int, help="local Dask workers, each running one notebook (default: one a CPU)")
    sub.add_argument("--scheduler", metavar="ADDRESS", help="grade on this Dask cluster (e.g. tcp://10.0.0.5:8786)")
    sub.add_argument("--run-all-cells", action="store_true", help="also run illustration-only cells (same grades)")
    sub.add_argument("--cell-timeout", type=float, help="seconds a cell may run (default: nbgrader_config.py)")
    sub.add_argument("--notebook-timeout", type=float, default=600, help="seconds a notebook may run (default 600)")
    sub.add_argument("--memory-mb", type=int, default=2048, help="memory a kernel may use (MB, default 2048)")
    sub.add_argument("--max-processes", type=int, default=256,
                     help="processes and threads a kernel may have in all (default 256)")
    sub.add_argument("--no-sandbox", action="store_true",
                     help="run student code without the bubblewrap sandbox (only for work you trust)")


def _grading_options(args) -> dict:
    from .sandbox import Limits

    return {"workers": args.workers, "scheduler": args.scheduler, "run_all_cells": args.run_all_cells,
            "cell_timeout": args.cell_timeout, "notebook_timeout": args.notebook_timeout,
            "sandbox": not args.no_sandbox, "limits": Limits(memory_mb=args.memory_mb, processes=args.max_processes)}


def _quiet_nbgrader_noise() -> None:
    """nbgrader 0.9.6 with SQLAlchemy 2 warns on every gradebook query; none of it is actionable."""
    import warnings

    warnings.filterwarnings("ignore", module=r"nbgrader(\.|$)")
    warnings.filterwarnings("ignore", message=r".*not in session.*")
    warnings.filterwarnings("ignore", category=DeprecationWarning)


def _publish(root: Path, args) -> int:
    from .publish import publish

    result = publish(root, args.out, git=args.git)
    print(f"published the student course to {result.out}: {result.summary()}")
    if args.git:
        print(f"  commit {result.commit}" if result.commit else "  no commit: the student course is unchanged")
    return 0


def _hub(root: Path, args) -> int:
    from . import hub

    state = args.state or root / ".hub"
    if args.remove:
        removed = hub.remove(state)
        print(f"Removed {state} and the trial's accounts: {', '.join(removed) or 'none were left'}.")
        return 0
    return hub.run(hub.prepare(state, port=args.port))


def _collect(root: Path, args) -> int:
    from .collect import collect

    result = collect(root, args.paths, dry_run=args.dry_run)
    would = "would collect" if result.dry_run else "collected"
    lines: dict[Path, list[str]] = {}  # an archive named twice has two lines
    for item in result.collected:
        line = f"{would} {item.student}/{item.assignment} from {item.archive}"
        if item.replaced_path:
            line += f" (the older submission {'would go' if result.dry_run else 'moved'} to {item.replaced_path})"
        lines.setdefault(item.archive, []).append("".join([line, *(f"\n    warning: {w}" for w in item.warnings)]))
    for verb, items in (("skipped", result.skipped), ("refused", result.refused)):
        for item in items:
            lines.setdefault(item.archive, []).append(f"{verb} {item.archive}: {item.reason}")
    for archive in result.archives:  # in the order given
        print(lines[archive].pop(0))
    print(f"{len(result.collected)} {would}, {len(result.skipped)} skipped, {len(result.refused)} refused"
          + (" (dry run: nothing written)" if result.dry_run else ""))
    # 1 when an archive was refused: someone has to look at it (ask the student again); skipped ones need nothing.
    return 1 if result.refused else 0


def _grade(root: Path, args) -> int:
    from .grading import grade

    run = grade(root, args.assignments or None, args.student, force=args.force, retry_failed=args.retry_failed,
                **_grading_options(args))
    for result in run.failed:
        print(f"could not grade {result.student}/{result.assignment}: {result.reason}", file=sys.stderr)
    # 0 also when some submissions could not be graded: that is the students' work, reported above and in
    # `dlcourse report`; 1 is for the tool itself failing.
    return 0


def _report(root: Path, args) -> int:
    from .grading import Grader
    from .report import generate_feedback, write_report

    out = args.out or root / "reports"
    if not args.no_feedback:
        feedback = generate_feedback(root)
        print(f"feedback: {len(feedback.written)} files in {root / 'feedback'}")
        for assignment, student, message in feedback.failed:
            print(f"no feedback for {student}/{assignment}: {message}", file=sys.stderr)
    grader = Grader(root)  # what the last grading runs found: failures and notes, from the state file
    page = write_report(root, out, grader.failures(), grader.notes())
    print(f"report: {page}\ngrades: {out / 'grades.csv'}")
    return 0


def _demo(root: Path, args) -> int:
    from .demo import run_demo

    return run_demo(root, args.dir or root / "demo-class", students=args.students, seed=args.seed,
                    **_grading_options(args))


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
