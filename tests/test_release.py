"""notebooks/ is exactly what `make release` makes from solutions/, and releasing is deterministic."""

import filecmp
import shutil

import pytest
from conftest import ASSIGNMENTS, ROOT

from dlcourse.course import CONFIG_FILE, Assignment
from dlcourse.release import release, released_paths


@pytest.fixture(scope="module")
def fresh_release(tmp_path_factory):
    """Release every assignment twice into a scratch copy of the course: (first, second) roots."""
    roots = []
    for name in ("first", "second"):
        root = tmp_path_factory.mktemp(f"release-{name}")
        shutil.copy(ROOT / CONFIG_FILE, root / CONFIG_FILE)
        shutil.copytree(ROOT / "solutions", root / "solutions")
        for assignment in ASSIGNMENTS:
            release(Assignment(root, assignment.name))
        roots.append(root)
    return roots


def test_every_assignment_is_released():
    for assignment in ASSIGNMENTS:
        for notebook in assignment.notebooks:
            assert assignment.released(notebook).is_file(), \
                f"{assignment.released(notebook).relative_to(ROOT)} is missing: run `make release` and commit it"


def test_committed_release_is_what_release_makes(fresh_release):
    first, _ = fresh_release
    expected, committed = released_paths(first), released_paths(ROOT)
    assert committed == expected, "notebooks/ holds other files than a release makes: run `make release`"
    stale = [str(p) for p in expected if not filecmp.cmp(first / p, ROOT / p, shallow=False)]
    assert not stale, f"out of date with solutions/ (run `make release` and commit): {stale}"


def test_releasing_twice_gives_identical_files(fresh_release):
    first, second = fresh_release
    differ = [str(p) for p in released_paths(first) if not filecmp.cmp(first / p, second / p, shallow=False)]
    assert not differ, f"two releases of the same solutions differ: {differ}"
