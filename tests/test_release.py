"""notebooks/ is exactly what `make release` makes from solutions/, and releasing is deterministic."""

import filecmp
import shutil

import pytest
from conftest import ASSIGNMENTS, ROOT

from dlcourse.course import CONFIG_FILE, Assignment
from dlcourse.release import release, released_paths


def released_copy(root, names):
    """Release the assignments ``names`` into ``root``, a scratch copy of the course's config and solutions."""
    shutil.copy(ROOT / CONFIG_FILE, root / CONFIG_FILE)
    shutil.copytree(ROOT / "solutions", root / "solutions")
    for name in names:
        release(Assignment(root, name))
    return root


@pytest.fixture(scope="module")
def fresh_release(tmp_path_factory):
    """Every assignment released into a scratch copy of the course."""
    return released_copy(tmp_path_factory.mktemp("release"), [a.name for a in ASSIGNMENTS])


def test_every_assignment_is_released():
    for assignment in ASSIGNMENTS:
        for notebook in assignment.notebooks:
            assert assignment.released(notebook).is_file(), \
                f"{assignment.released(notebook).relative_to(ROOT)} is missing: run `make release` and commit it"


def test_committed_release_is_what_release_makes(fresh_release):
    """Also the check that releasing is deterministic across machines and days: notebooks/ was made elsewhere."""
    first = fresh_release
    expected, committed = released_paths(first), released_paths(ROOT)
    assert committed == expected, "notebooks/ holds other files than a release makes: run `make release`"
    stale = [str(p) for p in expected if not filecmp.cmp(first / p, ROOT / p, shallow=False)]
    assert not stale, f"out of date with solutions/ (run `make release` and commit): {stale}"


def test_releasing_twice_gives_identical_files(fresh_release, tmp_path):
    first, second = fresh_release, released_copy(tmp_path, [ASSIGNMENTS[0].name])
    made = [p for p in released_paths(second) if p.parts[1] == ASSIGNMENTS[0].name]
    assert made, f"releasing {ASSIGNMENTS[0].name} made no notebook"
    differ = [str(p) for p in made if not filecmp.cmp(first / p, second / p, shallow=False)]
    assert not differ, f"two releases of the same solutions differ: {differ}"
