"""Shared fixtures, and how the suite is spread over pytest-xdist's workers."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from xdist.scheduler import LoadScopeScheduling

from dlcourse.course import assignments

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = assignments(ROOT)


# Modules whose tests share a costly module-scoped fixture (a graded course, a full release): their tests go to one
# worker, or each worker would build the fixture again (test_report's takes about a minute).
ONE_WORKER_MODULES = {"tests/test_release.py", "tests/test_repair.py", "tests/test_report.py", "tests/test_publish.py"}


#: Modules whose tests share a costly fixture per assignment: an assignment's tests (their parameter id starts with
#: its name, then "/" or "]") go to one worker.
ONE_WORKER_PER_ASSIGNMENT = {"tests/test_roundtrip.py"}


class NotebookScheduling(LoadScopeScheduling):
    """Send every test to whichever worker is free, except nbval's cells: a notebook's cells share
    one kernel, so they all go to one worker, in order. The tests of ONE_WORKER_MODULES go to one worker too,
    and those of one assignment in ONE_WORKER_PER_ASSIGNMENT.

    (xdist's own ``--dist loadgroup`` would do this with marks, but it renames node ids through an
    attribute pytest 9 no longer reads, so its groups are silently ignored.)
    """

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::", 1)[0]
        if path.endswith(".ipynb") or path in ONE_WORKER_MODULES:
            return path
        if path in ONE_WORKER_PER_ASSIGNMENT and "[" in nodeid:
            return path + "::" + nodeid.split("[", 1)[1].split("/", 1)[0].rstrip("]")
        return nodeid


def pytest_configure(config):
    """Every kernel the suite starts (nbval's, nbclient's, JupyterLab's) gets a private IPython profile with no
    history database: the tests do not depend on the user's ~/.ipython (startup scripts, extensions), and
    concurrent kernels do not queue on one shared history.sqlite. Workers inherit the controller's setting."""
    if "IPYTHONDIR" in os.environ and os.environ.get("DLCOURSE_TEST_IPYTHONDIR") == os.environ["IPYTHONDIR"]:
        return
    folder = Path(tempfile.mkdtemp(prefix="dlcourse-ipython-"))
    profile = folder / "profile_default"
    profile.mkdir()
    (profile / "ipython_config.py").write_text("c.HistoryManager.enabled = False\n")
    os.environ["IPYTHONDIR"] = os.environ["DLCOURSE_TEST_IPYTHONDIR"] = str(folder)
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


@pytest.hookimpl(optionalhook=True)  # the suite also runs without xdist (-p no:xdist)
def pytest_xdist_make_scheduler(config, log):
    return NotebookScheduling(config, log)


def pytest_collection_modifyitems(items):
    for item in items:
        if item.nodeid.split("::", 1)[0].endswith(".ipynb"):
            item.add_marker(pytest.mark.notebook)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def grading_client():
    """One local Dask worker per pytest worker (two on CI's two cores), its fork server started once."""
    from dlcourse.cluster import dask_client
    from dlcourse.sandbox import Limits

    with dask_client(workers=1, limits=Limits()) as client:  # the limits `grade` uses by default
        yield client


def make_course(root: Path, assignment):
    """A new course folder at ``root`` holding one assignment of this course, released into its own gradebook."""
    from dlcourse.course import Assignment
    from dlcourse.demo import make_course as make

    make(ROOT, root, [assignment.name])
    return Assignment(root.resolve(), assignment.name)


@pytest.fixture(scope="session")
def course_copy(tmp_path_factory):
    """A released copy of one assignment in a course folder of its own, made once per worker."""
    made = {}

    def get(assignment):
        if assignment.name not in made:
            folder = tmp_path_factory.mktemp(f"course-{assignment.name}") / "course"
            made[assignment.name] = make_course(folder, assignment)
        return made[assignment.name]

    return get


def submit(course, student: str, make_notebook) -> None:
    """Put a submission in the course's submitted/ folder: ``make_notebook(notebook, out_path)`` writes each."""
    folder = course.root / "submitted" / student / course.name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for nb in course.notebooks:
        make_notebook(nb, folder / f"{nb}.ipynb")


def tool_grade(course, student: str, make_notebook, client, **options):
    """Submit with ``make_notebook`` and grade with ``dlcourse grade``'s machinery; the result and scores."""
    from dlcourse.autograde import read_scores
    from dlcourse.grading import Progress, grade

    submit(course, student, make_notebook)
    run = grade(course.root, [course.name], [student], force=True, client=client, progress=Progress(quiet=True),
                **options)
    [result] = run.results
    db_url = f"sqlite:///{course.root / 'gradebook.db'}"
    return result, read_scores(db_url, course.name, student, course.notebooks)
