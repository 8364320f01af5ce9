"""Build submissions for the autograde round trips: the released notebook with answers filled in.

Wrong implementations live in ``tests/mistakes/<assignment>/<answer grade_id>__<what is wrong>.py``.
Each file is a whole answer cell: it replaces that cell of the released notebook.
"""

import copy
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

MISTAKES = Path(__file__).parent / "mistakes"
_MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")


@dataclass(frozen=True)
class Mistake:
    assignment: str
    grade_id: str  # of the answer cell it replaces
    name: str
    path: Path

    @property
    def source(self) -> str:
        return self.path.read_text()

    def __str__(self) -> str:
        return f"{self.assignment}/{self.path.name}"


def mistakes(assignment: str) -> list[Mistake]:
    """The wrong implementations kept for an assignment, sorted by exercise then name."""
    found = []
    for path in sorted((MISTAKES / assignment).glob("*.py")):
        grade_id, sep, name = path.stem.partition("__")
        if not sep:
            raise ValueError(f"{path}: name it <answer grade_id>__<what is wrong>.py")
        found.append(Mistake(assignment, grade_id, name, path))
    return found


def mistake_rounds(assignment: str) -> list[list[Mistake]]:
    """Group the mistakes into rounds holding at most one mistake per exercise.

    Graded functions are pure, so one submission can carry a wrong answer for every exercise at
    once; round k holds the k-th mistake of each exercise. This grades all mistakes in a few
    submissions instead of one submission each.
    """
    by_exercise: dict[str, list[Mistake]] = {}
    for mistake in mistakes(assignment):
        by_exercise.setdefault(mistake.grade_id, []).append(mistake)
    depth = max((len(group) for group in by_exercise.values()), default=0)
    return [[group[k] for group in by_exercise.values() if k < len(group)] for k in range(depth)]


def is_answer(cell) -> bool:
    nbgrader = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and nbgrader.get("solution", False) and not nbgrader.get("grade", False)


def is_test(cell) -> bool:
    nbgrader = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and nbgrader.get("grade", False) and not nbgrader.get("solution", False)


def grade_id(cell) -> str:
    return cell.metadata["nbgrader"]["grade_id"]


def solution_answers(solution_path: Path) -> dict[str, str]:
    """``{grade_id: source}`` of every answer cell of a solution notebook, marker lines removed."""
    nb = nbformat.read(solution_path, as_version=4)
    return {
        grade_id(cell): "\n".join(line for line in cell.source.splitlines() if not _MARKER.match(line))
        for cell in nb.cells if is_answer(cell)
    }


def fill(released_path: Path, answers: dict[str, str], out_path: Path) -> Path:
    """Write a copy of the released notebook whose answer cells hold ``answers`` (by grade_id)."""
    nb = nbformat.read(released_path, as_version=4)
    unknown = set(answers) - {grade_id(c) for c in nb.cells if is_answer(c)}
    if unknown:
        raise KeyError(f"{released_path.name} has no answer cells {sorted(unknown)}")
    for cell in nb.cells:
        if is_answer(cell) and grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    nbformat.write(nb, out_path)
    return out_path


def with_test_cells(released_path: Path, source: str, out_path: Path) -> Path:
    """Write a copy of the released notebook whose every test cell is replaced by ``source``."""
    nb = copy.deepcopy(nbformat.read(released_path, as_version=4))
    for cell in nb.cells:
        if is_test(cell):
            cell.source = source
    nbformat.write(nb, out_path)
    return out_path
