"""Generate the student notebooks (notebooks/) from the solutions with nbgrader."""

import subprocess
import sys
from pathlib import Path

from .course import Assignment, put_scripts_on_path


class ReleaseError(Exception):
    """nbgrader could not generate an assignment; the message holds its log."""


def release(assignment: Assignment, db_url: str | None = None) -> None:
    """Run ``nbgrader generate_assignment --force`` for one assignment in its course folder.

    nbgrader runs as its own process so that it reads the course's nbgrader_config.py
    exactly as an instructor's ``nbgrader`` command would.

    Args:
        assignment: the assignment to release.
        db_url: the gradebook to record the assignment in. Defaults to the course's gradebook.db.

    Raises:
        ReleaseError: nbgrader failed; the message holds its output.
    """
    command = [sys.executable, "-m", "nbgrader", "generate_assignment", assignment.name, "--force"]
    if db_url:
        command.append(f"--db={db_url}")
    put_scripts_on_path()
    result = subprocess.run(command, cwd=assignment.root, capture_output=True, text=True)
    if result.returncode != 0:
        raise ReleaseError(f"nbgrader could not release {assignment.name}:\n{result.stdout}{result.stderr}")


def released_paths(root: Path) -> list[Path]:
    """Every released notebook under ``root``/notebooks, relative to the course folder."""
    return sorted(p.relative_to(root) for p in (root / "notebooks").glob("*/*.ipynb"))
