"""Shared fixtures, and how the suite is spread over pytest-xdist's workers."""

from pathlib import Path

import pytest
from xdist.scheduler import LoadScopeScheduling

from helpers.instructor.course import assignments

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = assignments(ROOT)


class NotebookScheduling(LoadScopeScheduling):
    """Send every test to whichever worker is free, except nbval's cells: a notebook's cells share
    one kernel, so they all go to one worker, in order.

    (xdist's own ``--dist loadgroup`` would do this with marks, but it renames node ids through an
    attribute pytest 9 no longer reads, so its groups are silently ignored.)
    """

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::", 1)[0]
        return path if path.endswith(".ipynb") else nodeid


def pytest_xdist_make_scheduler(config, log):
    return NotebookScheduling(config, log)


def pytest_collection_modifyitems(items):
    for item in items:
        if item.nodeid.split("::", 1)[0].endswith(".ipynb"):
            item.add_marker(pytest.mark.notebook)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
