"""What a notebook cell is to the course: the one definition every tool uses.

nbgrader's cell metadata says what a cell is (``nbgrader.utils``); the course adds one tag of its own. Roles:

- ``ANSWER``: a cell the student writes (nbgrader's solution cell);
- ``TEST``: a graded cell the student must not change (nbgrader's autograder tests);
- ``READ_ONLY``: any other cell nbgrader locks (course text and code restored from the gradebook);
- ``ILLUSTRATION``: an ordinary code cell tagged ``illustration`` (a figure, a demo): grading and check my work
  skip it, since graded functions must not depend on it;
- ``COURSE``: any other cell.

A hand-edited notebook may carry malformed metadata (``"nbgrader": 3``): such a cell is an ordinary ``COURSE``
cell, never an error. Cells may be nbformat nodes or plain JSON dicts.
"""

ANSWER, TEST, READ_ONLY, ILLUSTRATION, COURSE = "answer", "test", "read-only", "illustration", "course"

#: Cells with this tag only illustrate: grading skips them, and so does check my work.
ILLUSTRATION_TAG = "illustration"


def nbgrader_metadata(cell) -> dict:
    """The cell's nbgrader metadata, or ``{}`` when it has none or it is not a mapping."""
    metadata = cell.get("metadata") if isinstance(cell, dict) else None
    found = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    return found if isinstance(found, dict) else {}


def tags(cell) -> list[str]:
    metadata = cell.get("metadata") if isinstance(cell, dict) else None
    found = metadata.get("tags") if isinstance(metadata, dict) else None
    return [tag for tag in found if isinstance(tag, str)] if isinstance(found, list) else []


def role(cell) -> str:
    """The cell's role: ``ANSWER``, ``TEST``, ``READ_ONLY``, ``ILLUSTRATION`` or ``COURSE``."""
    if not nbgrader_metadata(cell):
        return ILLUSTRATION if _code(cell) and ILLUSTRATION_TAG in tags(cell) else COURSE
    from nbformat import NotebookNode
    from nbgrader import utils  # here, not at the top: importing nbgrader takes seconds, and setup() needs none of it

    node = NotebookNode(metadata=NotebookNode(nbgrader=nbgrader_metadata(cell)))  # nbgrader reads cell.metadata
    if utils.is_solution(node):
        return ANSWER
    if utils.is_grade(node):
        return TEST
    if utils.is_locked(node):
        return READ_ONLY
    return ILLUSTRATION if _code(cell) and ILLUSTRATION_TAG in tags(cell) else COURSE


def is_answer(cell) -> bool:
    """An answer cell the autograder runs: a code cell the student writes."""
    return _code(cell) and role(cell) == ANSWER


def is_test(cell) -> bool:
    """A code cell of autograder tests: graded, and restored from the gradebook when graded."""
    return _code(cell) and role(cell) == TEST


def is_illustration(cell) -> bool:
    return role(cell) == ILLUSTRATION


def grade_id(cell) -> str | None:
    found = nbgrader_metadata(cell).get("grade_id")
    return found if isinstance(found, str) and found else None


def points(cell) -> float:
    try:
        return float(nbgrader_metadata(cell).get("points", 0) or 0)
    except (TypeError, ValueError):
        return 0.0


def _code(cell) -> bool:
    return isinstance(cell, dict) and cell.get("cell_type") == "code"
