"""``dlcourse demo``: the whole instructor workflow on a synthetic class, in a course folder of its own.

release → collect (a synthetic class in submitted/) → grade in parallel → feedback → report. The demo course
copies the real course's config and solutions; it never touches the real course's gradebook or submissions.
"""

import shutil
import sys
import time
from pathlib import Path

from .course import CONFIG_FILE, SOURCE_DIR, CourseError, assignments

MARKER = ".dlcourse-demo"  # a course folder holding this was made by make_course and may be wiped and rebuilt

# What make_course adds to the copy's nbgrader_config.py: its own gradebook, given or beside the file.
GIVEN_GRADEBOOK = """
# This copy's own gradebook, never the source course's (written by dlcourse.demo.make_course).
c.CourseDirectory.db_url = {db_url!r}
"""
GRADEBOOK_BESIDE_CONFIG = """
# This copy's own gradebook, never the source course's (written by dlcourse.demo.make_course).
import os as _os  # noqa: E402
c.CourseDirectory.db_url = "sqlite:///" + _os.path.join(_os.path.dirname(_os.path.abspath(__file__)), "gradebook.db")
"""


def make_course(source_root: Path, dest: Path, names: list[str] | None = None, db_url: str | None = None) -> list[str]:
    """A fresh course in ``dest``: the config and solutions of ``source_root``, released into its gradebook.

    Refuses to overwrite a folder it did not make (one without the marker file).

    The copy's nbgrader_config.py names its gradebook (``CourseDirectory.db_url``): never the source course's, even
    where that is a database server's (a PostgreSQL URL would be copied with the rest of the config).

    Args:
        db_url: the copy's gradebook, any SQLAlchemy URL nbgrader takes (``postgresql+psycopg://...``). Defaults to
            gradebook.db beside the copy's nbgrader_config.py (so a copy of the copy has its own again).

    Returns:
        The assignments released.
    """
    from .autograde import course_api

    dest = Path(dest).resolve()
    if dest.exists():
        if not (dest / MARKER).exists():
            raise CourseError(f"{dest} exists and was not made by the demo; choose another folder with --dir.")
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    (dest / MARKER).write_text("Made by dlcourse (demo, benchmark or tests): may be deleted and rebuilt.\n")
    shutil.copy(source_root / CONFIG_FILE, dest / CONFIG_FILE)
    with open(dest / CONFIG_FILE, "a", encoding="utf-8") as config:
        config.write(GIVEN_GRADEBOOK.format(db_url=db_url) if db_url else GRADEBOOK_BESIDE_CONFIG)
    chosen = [a.name for a in assignments(source_root, names)]
    api = course_api(dest)
    for name in chosen:
        shutil.copytree(source_root / SOURCE_DIR / name, dest / SOURCE_DIR / name,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "logs"))
        result = api.generate_assignment(name)
        if not result["success"]:
            raise CourseError(f"releasing {name} in the demo course failed:\n{result.get('error') or result['log']}")
    return chosen


def run_demo(source_root: Path, dest: Path, *, students: int = 30, seed: int = 2026, cell_timeout: float | None = None,
             **grading) -> int:
    """Build the demo course and class, grade it, write feedback and the report; print where things are."""
    from .grading import Grader, grade
    from .report import generate_feedback, write_report
    from .synthetic import MISTAKES, synthetic_class

    started = time.monotonic()
    print(f"1/4  Releasing the assignments into a demo course at {dest} ...")
    names = make_course(source_root, dest)
    print(f"2/4  Writing the work of {students} synthetic students into {Path(dest) / 'submitted'} ...")
    made = synthetic_class(dest, MISTAKES, students, seed)
    kinds = {}
    for submission in made:
        kinds[submission.kind] = kinds.get(submission.kind, 0) + 1
    print("     " + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())) + f" across {len(names)} assignments")
    print("3/4  Grading (dlcourse grade) ...")
    # A demo should not wait two minutes on the student whose answer never finishes.
    run = grade(dest, cell_timeout=cell_timeout or 15, **grading)
    print("4/4  Feedback and report (dlcourse report) ...")
    feedback = generate_feedback(dest)
    grader = Grader(dest)
    page = write_report(dest, dest / "reports", grader.failures(), grader.notes())
    print(f"\nDone in {time.monotonic() - started:.0f} s. {run.summary()}.")
    print(f"  report:   {page}\n  grades:   {dest / 'reports' / 'grades.csv'}\n"
          f"  feedback: {len(feedback.written)} files under {dest / 'feedback'}")
    for result in run.failed:
        print(f"  could not grade {result.student}/{result.assignment}: {result.reason}", file=sys.stderr)
    return 0
