"""Where the course's files are, and which assignments it has."""

import os
import sys
from dataclasses import dataclass
from pathlib import Path

CONFIG_FILE = "nbgrader_config.py"
SOURCE_DIR = "solutions"
RELEASE_DIR = "notebooks"


class CourseError(Exception):
    """Something about the course folder is wrong; the message says what to do."""


@dataclass(frozen=True)
class Assignment:
    """One assignment: a folder of solutions/ (e.g. ``01-tensors``) and its notebooks."""

    root: Path
    name: str

    @property
    def source_dir(self) -> Path:
        return self.root / SOURCE_DIR / self.name

    @property
    def release_dir(self) -> Path:
        return self.root / RELEASE_DIR / self.name

    @property
    def notebooks(self) -> list[str]:
        """Notebook names without ``.ipynb``, e.g. ``["tensors"]``."""
        return sorted(p.stem for p in self.source_dir.glob("*.ipynb"))

    def source(self, notebook: str) -> Path:
        return self.source_dir / f"{notebook}.ipynb"

    def released(self, notebook: str) -> Path:
        return self.release_dir / f"{notebook}.ipynb"


def find_root(start: str | os.PathLike | None = None) -> Path:
    """The course folder: the nearest folder at or above ``start`` holding nbgrader_config.py and solutions/.

    Args:
        start: where to start looking. Defaults to the current directory.

    Raises:
        CourseError: no such folder above ``start``.
    """
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file() and (folder / SOURCE_DIR).is_dir():
            return folder
    raise CourseError(
        f"No course found at or above {here}: expected a folder with {CONFIG_FILE} and {SOURCE_DIR}/. "
        "Run the command from the course folder, or pass --root."
    )


def assignments(root: Path, names: list[str] | None = None) -> list[Assignment]:
    """The course's assignments in order: every folder of solutions/ with a notebook in it.

    Args:
        root: the course folder.
        names: only these assignments. Defaults to all of them.

    Raises:
        CourseError: a name in ``names`` is not an assignment.
    """
    found = sorted(
        p.name for p in (root / SOURCE_DIR).iterdir() if p.is_dir() and any(p.glob("*.ipynb"))
    )
    if names:
        unknown = [n for n in names if n not in found]
        if unknown:
            raise CourseError(f"No assignment {', '.join(unknown)} in {root / SOURCE_DIR}; the course has: "
                              f"{', '.join(found) or 'none'}.")
        found = [n for n in found if n in names]
    return [Assignment(root, name) for name in found]


def put_scripts_on_path() -> None:
    """Put this Python's scripts folder first on PATH.

    nbgrader runs the `alembic` command to create a gradebook, so it must be found even when
    the course's virtual environment is not activated (``.venv/bin/dlcourse``, ``make``).
    """
    scripts = os.path.dirname(sys.executable)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")
