"""nbgrader's OverwriteCells and SaveAutoGrades, asking the gradebook once per notebook instead of once per cell.

Both look up each nbgrader cell of a notebook with its own query (``find_source_cell``, ``find_graded_cell``,
``find_grade``, ``find_comment``: joins over five tables each), and SaveAutoGrades commits after every cell. For a
notebook of 40 cells that is over a hundred queries and commits, most of the grading coordinator's gradebook time.
These subclasses run nbgrader's own per-cell code unchanged, against a gradebook whose ``find_*`` answer from the
notebook's rows read in one query each (the same ORM objects, in the same session), and SaveAutoGrades commits
once, after the notebook's last cell: what it records is the same, and a notebook that fails half-way records
nothing rather than half its grades. A cell the gradebook does not have raises nbgrader's ``MissingEntry`` as
before.
"""

from nbgrader.api import (
    Assignment,
    Comment,
    Gradebook,
    MissingEntry,
    Notebook,
    Student,
    SubmittedAssignment,
    SubmittedNotebook,
)
from nbgrader.api import Grade as GradeRow
from nbgrader.preprocessors import CheckCellMetadata, NbGraderPreprocessor, OverwriteCells, SaveAutoGrades
from sqlalchemy.orm import joinedload

from .check_cell_metadata import CheckCellMetadataOnce


class _Lookups:
    """A ``Gradebook`` whose lookups for one notebook's cells answer from dicts; anything else is the gradebook's."""

    def __init__(self, gradebook: Gradebook, notebook: str, assignment: str, student: str | None = None):
        self._gradebook, self._key = gradebook, (notebook, assignment)
        self._student = student
        self._tables: dict[str, dict] = {}

    def __getattr__(self, name):
        return getattr(self._gradebook, name)

    def _find(self, table: str, name: str, notebook: str, assignment: str, *student: str):
        if (notebook, assignment) != self._key or (student and student[0] != self._student):
            return getattr(self._gradebook, f"find_{table}")(name, notebook, assignment, *student)  # not ours
        if table not in self._tables:
            self._tables[table] = self._read(table)
        try:
            return self._tables[table][name]
        except KeyError:
            raise MissingEntry(f"No such {table.replace('_', ' ')}: {assignment}/{notebook}/{name}") from None

    def _read(self, table: str) -> dict:
        gb, (notebook, assignment) = self._gradebook, self._key
        if table in ("source_cell", "graded_cell"):
            try:
                source = gb.find_notebook(notebook, assignment)
            except MissingEntry:
                return {}
            if table == "source_cell":
                return {cell.name: cell for cell in source.source_cells}
            # nbgrader's find_graded_cell: a grade cell of that name, else a task cell
            return {cell.name: cell for cell in [*source.task_cells, *source.grade_cells]}
        row = GradeRow if table == "grade" else Comment
        rows = (gb.db.query(row).options(joinedload(row.cell))
                .join(SubmittedNotebook, SubmittedNotebook.id == row.notebook_id)
                .join(Notebook, Notebook.id == SubmittedNotebook.notebook_id)
                .join(SubmittedAssignment, SubmittedAssignment.id == SubmittedNotebook.assignment_id)
                .join(Assignment, Assignment.id == SubmittedAssignment.assignment_id)
                .join(Student, Student.id == SubmittedAssignment.student_id)
                .filter(Notebook.name == notebook, Assignment.name == assignment, Student.id == self._student)
                .all())
        return {found.cell.name: found for found in rows}

    def find_source_cell(self, name, notebook, assignment):
        return self._find("source_cell", name, notebook, assignment)

    def find_graded_cell(self, name, notebook, assignment):
        return self._find("graded_cell", name, notebook, assignment)

    def find_grade(self, grade_cell, notebook, assignment, student):
        return self._find("grade", grade_cell, notebook, assignment, student)

    def find_comment(self, solution_cell, notebook, assignment, student):
        return self._find("comment", solution_cell, notebook, assignment, student)


class _CommitAtTheEnd:
    """A session whose ``commit()`` waits for the end of the notebook (``SaveAutoGrades`` commits every cell)."""

    def __init__(self, session):
        self._session = session

    def __getattr__(self, name):
        return getattr(self._session, name)

    def commit(self) -> None:
        pass


class _SaveLookups(_Lookups):
    @property
    def db(self):
        return _CommitAtTheEnd(self._gradebook.db)


class OverwriteCellsFewerQueries(OverwriteCells):
    """nbgrader's ``OverwriteCells`` with the notebook's source cells read in one query (see the module)."""

    def preprocess(self, nb, resources):
        # nbgrader's OverwriteCells.preprocess, with the lookups in front of its gradebook
        self.notebook_id = resources["nbgrader"]["notebook"]
        self.assignment_id = resources["nbgrader"]["assignment"]
        self.db_url = resources["nbgrader"]["db_url"]
        with Gradebook(self.db_url) as gradebook:
            self.gradebook = _Lookups(gradebook, self.notebook_id, self.assignment_id)
            nb, resources = NbGraderPreprocessor.preprocess(self, nb, resources)
            if self.add_missing_cells:
                nb, resources = self.add_missing_grade_cells(nb, resources)
                nb, resources = self.add_missing_task_cells(nb, resources)
        return nb, resources


class SaveAutoGradesFewerQueries(SaveAutoGrades):
    """nbgrader's ``SaveAutoGrades``, reading the notebook's grades and comments in one query each and committing
    once (see the module)."""

    def preprocess(self, nb, resources):
        self.notebook_id = resources["nbgrader"]["notebook"]
        self.assignment_id = resources["nbgrader"]["assignment"]
        self.student_id = resources["nbgrader"]["student"]
        self.db_url = resources["nbgrader"]["db_url"]
        with Gradebook(self.db_url) as gradebook:
            self.gradebook = _SaveLookups(gradebook, self.notebook_id, self.assignment_id, self.student_id)
            nb, resources = NbGraderPreprocessor.preprocess(self, nb, resources)
            gradebook.db.commit()
        return nb, resources


#: nbgrader's preprocessors and the course's drop-in replacements for the grading coordinator.
FASTER = {
    CheckCellMetadata: CheckCellMetadataOnce,
    OverwriteCells: OverwriteCellsFewerQueries,
    SaveAutoGrades: SaveAutoGradesFewerQueries,
}


def faster(preprocessors: list) -> list:
    """``preprocessors`` with nbgrader's classes swapped for their replacements in ``FASTER`` (same results)."""
    return [FASTER.get(p, p) for p in preprocessors]
