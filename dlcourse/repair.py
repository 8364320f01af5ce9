"""Grade structurally damaged submissions fairly: put back what the course owns, keep what the student wrote.

Students' notebooks arrive damaged, by accident or on purpose: a test cell deleted or pasted twice, cells moved,
an answer cell split in two, metadata edited, a cell turned into markdown, a notebook started from an older
release, a file renamed, emptied or cut short. nbgrader's sanitizing (``ClearOutput``, ``DeduplicateIds``,
``OverwriteKernelspec``, ``OverwriteCells``, ``CheckCellMetadata``) repairs some of this and refuses the rest,
and some of what it does is unfair (nbgrader 0.9.6, read in ``nbgrader/preprocessors/``):

- ``DeduplicateIds`` keeps the *last* copy of a duplicated grade id and sets the others' ``nbgrader`` metadata to
  ``{}``; ``CheckCellMetadata`` then rejects that empty dict (no ``schema_version``: ``SchemaTooOldError``), so one
  pasted test cell or one split answer cell makes the whole submission ungradable.
- ``OverwriteCells`` puts back the source, points, ``locked`` flag and cell type (code or markdown, not raw) of
  each course cell from the gradebook, which is right; but it deletes an unknown grade id and leaves the cell
  marked as graded, which ``CheckCellMetadata`` rejects, and it raises (``MissingEntry``) on an answer cell the
  student marked as graded. Its ``add_missing_cells`` option re-adds deleted grade cells, but not read-only
  cells, placed by the gradebook's (unordered) list of cells, and fails (``KeyError``) when the cell before a
  deleted one is gone too; so it stays off and deleted cells are restored here.
- nothing puts moved cells back: a test cell dragged above its answer fails with a ``NameError``.

So this module works before nbgrader's sanitizing and leaves it a notebook it accepts:

- ``check_submission`` (called by ``Grader.prepare``, before nbgrader reads anything): every notebook of the
  submission is a readable notebook under the size limit, else a clear reason; extra notebooks are ignored (as
  nbgrader does) and noted; a missing notebook is replaced by the one renamed copy that holds its cells, graded
  from a staged copy of the submission (``stage``), since nothing in submitted/ is ever changed.
- ``RepairStructure`` (run first by ``sanitize.Sanitize``) and ``repair``: one copy of each course cell, with the
  course's nbgrader metadata and cell type, in the course's order, deleted test and read-only cells restored.
  ``OverwriteCells`` still restores the locked cells' sources (the hidden tests) and checks their checksums.

Every repair is recorded as a plain sentence for the instructor's report. The rules, and why they are fair:

- The course's own cells (tests, read-only cells) are the course's: deleted, edited, unlocked, moved, retyped,
  re-pointed or merged with other cells, they are graded as the course made them, in the course's order. A
  deleted one comes back just before the next course cell, so that it runs after everything the student wrote
  for its exercise. A student's answer is theirs: it is never restored (a deleted answer cell stays deleted, and
  its tests see only what the other cells define) and never moved relative to the student's own cells.
- Cells run in the student's order. Of several cells claiming one grade id, the first keeps it and the others
  become ungraded code that still runs where it stands: a split answer runs as the two halves the student ran,
  and of two copies of an answer the one that runs last defines the function, as in the student's notebook.
  An unchanged copy of a test cell is the course's code, not the student's work: it is left out (the test runs
  once), as are cells marked as tests under grade ids the notebook does not have (an older release's tests).
- A course cell merged into another cell (JupyterLab's merge keeps the first cell's metadata) is split out again
  where it stands: the student's code around it still runs, in the same order.
- The student's own cells (and the course's prose and demos, which nbgrader does not track) stay right after the
  course cell they followed when the course's cells are put back in order.
- Other cells under grade ids the notebook does not have (an answer from an older release) run as ungraded code:
  the course's tests, restored, still see what they define.
"""

import json
import os
import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from traitlets import Instance

from helpers.cells import TEST, role
from helpers.cells import grade_id as cell_grade_id

MAX_NOTEBOOK_BYTES = 50_000_000
STAGING = Path(".dlcourse") / "staging"  # under the course folder: repaired copies of submissions, while graded
SCHEMA_VERSION = 3  # nbgrader's cell metadata schema (nbgrader.nbgraderformat.v3)
_CELL_TYPES = ("code", "markdown", "raw")


class Unreadable(Exception):
    """A submission nbgrader cannot be given: the message says why, for the instructor."""


# -- the course's side: what each notebook should hold ---------------------------------------------------------------

@dataclass(frozen=True)
class CourseCell:
    """A cell nbgrader tracks (it has a grade id), as the gradebook has it.

    Attributes:
        source: the gradebook's source, what nbgrader grades with (a test's hidden tests included).
        released: the source students were given (hidden tests cut out): a submitted cell equal to it is untouched.
    """

    grade_id: str
    cell_type: str
    source: str
    released: str
    checksum: str | None
    locked: bool
    grade: bool = False
    solution: bool = False
    task: bool = False
    points: float = 0.0

    @property
    def kind(self) -> str:
        if self.solution:
            return "answer cell"
        if self.grade:
            return "test cell"
        return "task cell" if self.task else "read-only cell"

    @property
    def restorable(self) -> bool:
        """Whether a deleted copy is put back: the course's own cells are; an answer is the student's work."""
        return self.locked and not self.solution

    def nbgrader_metadata(self) -> dict:
        """The cell's nbgrader metadata as ``nbgrader generate_assignment`` wrote it (schema 3)."""
        meta = {"grade": self.grade, "grade_id": self.grade_id, "locked": self.locked, "schema_version": SCHEMA_VERSION,
                "solution": self.solution, "task": self.task, "cell_type": self.cell_type}
        if self.checksum:
            meta["checksum"] = self.checksum
        if self.grade or self.task:
            meta["points"] = self.points
        return meta


@dataclass(frozen=True)
class Reference:
    """The course's version of one notebook: the cells nbgrader tracks, in the course's order."""

    notebook: str
    cells: tuple[CourseCell, ...]

    def __post_init__(self):
        object.__setattr__(self, "_index", {c.grade_id: i for i, c in enumerate(self.cells)})

    def get(self, grade_id) -> CourseCell | None:
        i = self._index.get(grade_id) if isinstance(grade_id, str) else None
        return None if i is None else self.cells[i]

    def position(self, grade_id: str) -> int:
        return self._index[grade_id]


def load_reference(db_url: str, assignment: str, notebook: str, source: Path | None = None) -> Reference:
    """The notebook's cells from the gradebook, ordered as in the source notebook ``source`` (the gradebook keeps
    no order; without a readable source notebook, the gradebook's own listing, which follows the release)."""
    with Gradebook(db_url) as gb:
        nb = gb.find_notebook(notebook, assignment)
        points = {c.name: float(c.max_score) for c in nb.grade_cells}
        tasks = {c.name: float(c.max_score) for c in nb.task_cells}
        solutions = {c.name for c in nb.solution_cells}
        cells = [CourseCell(c.name, c.cell_type, c.source or "", _released_source(c.source or ""), c.checksum,
                            bool(c.locked), c.name in points, c.name in solutions, c.name in tasks,
                            points.get(c.name, tasks.get(c.name, 0.0)))
                 for c in nb.source_cells]
    order = {grade_id: i for i, grade_id in enumerate(_source_order(source))} if source else {}
    listed = {c.grade_id: i for i, c in enumerate(cells)}
    cells.sort(key=lambda c: (order.get(c.grade_id, len(order)), listed[c.grade_id]))
    return Reference(notebook, tuple(cells))


def _released_source(source: str) -> str:
    """What ``generate_assignment`` gave students: nbgrader's own ClearHiddenTests on the gradebook's source."""
    cell = new_code_cell(source)
    try:
        ClearHiddenTests()._remove_hidden_test_region(cell)
    except RuntimeError:  # unbalanced markers: the release would have failed; compare with the source as is
        return source
    return cell.source


def _source_order(path: Path) -> tuple[str, ...]:
    try:
        stat = Path(path).stat()
    except OSError:
        return ()
    return _grade_ids_in(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _grade_ids_in(path: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    """The grade ids of a notebook file, in order (cached per file version: read once per grading run)."""
    try:
        return tuple(_grade_ids(json.loads(Path(path).read_bytes())))
    except (OSError, ValueError):
        return ()


def _grade_ids(nb) -> list[str]:
    """The grade ids in a notebook read as plain JSON, in order; nothing for what is not a notebook."""
    cells = nb.get("cells") if isinstance(nb, dict) else None
    found = []
    for cell in cells if isinstance(cells, list) else []:
        if cell_grade_id(cell):
            found.append(cell_grade_id(cell))
    return found


def course_notebooks(db_url: str, assignment: str) -> dict[str, frozenset[str]]:
    """``{notebook name: its grade ids}`` for an assignment in the gradebook."""
    with Gradebook(db_url) as gb:
        try:
            found = gb.find_assignment(assignment)
        except MissingEntry:
            return {}
        return {nb.name: frozenset(c.name for c in nb.source_cells) for nb in found.notebooks}


# -- cell level -------------------------------------------------------------------------------------------------------

class RepairStructure(NbGraderPreprocessor):
    """Runs ``repair`` on a submitted notebook before nbgrader's sanitize preprocessors; the notes go into
    ``resources["dlcourse"]["notes"]``. The source notebook, for the course's order, is found through
    ``coursedir``; the gradebook through ``resources["nbgrader"]["db_url"]``, as nbgrader's preprocessors do."""

    coursedir = Instance(CourseDirectory, allow_none=True)
    #: ``{(assignment, notebook): Reference}`` kept between notebooks by a grading run, whose course cannot change
    #: under it; ``None``: read the gradebook each time.
    references: dict | None = None

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        key = (info["assignment"], info["notebook"])
        reference = self.references.get(key) if self.references is not None else None
        if reference is None:
            source = None
            if self.coursedir is not None:
                folder = self.coursedir.format_path(self.coursedir.source_directory, ".", info["assignment"])
                source = Path(folder) / f"{info['notebook']}.ipynb"
            reference = load_reference(info["db_url"], info["assignment"], info["notebook"], source)
            if self.references is not None:
                self.references[key] = reference
        notes = repair(nb, reference)
        for note in notes:
            self.log.warning("%s: %s", info["notebook"], note)
        resources.setdefault("dlcourse", {}).setdefault("notes", []).extend(notes)
        return nb, resources


def repair(nb: nbformat.NotebookNode, reference: Reference) -> list[str]:
    """Repair ``nb`` in place against the course's ``reference``; returns what was done, as sentences.

    Afterwards every cell with nbgrader metadata is a course cell, present once, with the course's metadata and
    cell type, in the course's order, and the deleted course-owned cells are back (see the module docstring).
    """
    notes: list[str] = []
    items: list[tuple[nbformat.NotebookNode, CourseCell | None]] = []  # (cell, the course cell it is, or None)
    copies: dict[str, int] = {}
    strangers: dict[int, str] = {}  # id(cell) -> the grade id it had, one the notebook does not have
    stray_tests: set[int] = set()  # id(cell) of those marked as autograder tests
    for cell in _well_formed_cells(nb, notes):
        meta = cell.metadata.get("nbgrader")
        grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
        course = reference.get(grade_id)
        if course is None or grade_id in copies:
            if course is not None:
                copies[grade_id] += 1
            elif isinstance(meta, dict) and isinstance(grade_id, str) and grade_id and _claims_grading(meta):
                strangers[id(cell)] = grade_id
                if role(cell) == TEST:
                    stray_tests.add(id(cell))
            if "nbgrader" in cell.metadata:
                _make_plain(cell)
            items.append((cell, None))
            continue
        copies[grade_id] = 1
        cell = _as_course_made_it(cell, course, notes)
        before, after = _split_merged(cell, course, notes)
        items += [(c, None) for c in before] + [(cell, course)] + [(c, None) for c in after]

    for grade_id, n in copies.items():
        if n > 1:
            course = reference.get(grade_id)
            if course.solution:
                notes.append(f"the {course.kind} {grade_id} appears {n} times (duplicated or split): the copies run "
                             "in the notebook's order, so the code that runs last is what its tests see")
            else:
                notes.append(f"the {course.kind} {grade_id} appears {n} times: the first copy is graded, the "
                             f"{'other is' if n == 2 else 'others are'} not")
    if strangers:
        notes.append(f"grade ids this notebook does not have ({', '.join(dict.fromkeys(strangers.values()))}) were "
                     "edited in or come from an older release of the assignment: those cells are not graded themselves")
    items = _unmerged(items, reference, nb, notes, strangers)
    items = _without_test_copies(items, reference, notes)
    items = _without_stray_tests(items, strangers, stray_tests, notes)
    nb.cells = _with_unique_ids(_in_course_order(items, reference, nb, notes), nb)
    return notes


def _unmerged(items: list, reference: Reference, nb, notes: list[str], strangers: dict[int, str]) -> list:
    """Find the missing course-owned cells inside other cells and split them out again, where they stand.

    JupyterLab's merge keeps the first cell's metadata: an answer merged with its test below is one answer cell
    holding the test's code, and a test cell whose metadata was lost is an ordinary cell holding its code. Splitting
    the cell at the course's code into (what came before, the course's cell, what came after) runs everything in
    the order the student ran it, with the course's cell graded as the course's (hidden tests back in).
    """
    claimed = {course.grade_id for _, course in items if course is not None}
    for course in reference.cells:
        text = course.released.strip()
        if course.grade_id in claimed or not course.restorable or not text:
            continue
        for k, (cell, owner) in enumerate(items):
            at = cell.source.find(text) if cell.cell_type == course.cell_type else -1
            if at < 0 or (owner is not None and owner.locked):  # a locked cell's extra code was split out before
                continue
            head, tail = cell.source[:at].strip("\n"), cell.source[at + len(text):].strip("\n")
            parts = [(cell, owner)] if head.strip() or owner is not None else []
            cell.source = head
            parts.append((_restored_cell(course, nb), course))
            if tail.strip():
                parts.append((_student_cell(cell, tail), None))
            items[k:k + 1] = parts
            claimed.add(course.grade_id)
            if owner is None and not head.strip() and not tail.strip():
                had = f"the grade id {strangers[id(cell)]}" if id(cell) in strangers else "no nbgrader metadata"
                notes.append(f"the {course.kind} {course.grade_id} was there with {had}: graded as the course's "
                             "again")
            else:
                into = f"the {owner.kind} {owner.grade_id}" if owner is not None else "another cell"
                notes.append(f"the {course.kind} {course.grade_id} had been merged into {into}: split out again "
                             "and graded as the course's")
            break
    return items


def _without_stray_tests(items: list, strangers: dict[int, str], stray_tests: set[int], notes: list[str]) -> list:
    """Leave out the cells marked as autograder tests under grade ids the notebook does not have: an older
    release's tests (or a test re-pointed by hand). They are course code, not the student's work; the course's
    tests run in their place (restored where missing), and run as the student's code they would only add the
    old tests' side effects. Other cells under unknown grade ids (answers, read-only cells) run as ungraded code."""
    stray = [id(cell) for cell, course in items if course is None and id(cell) in stray_tests]
    if not stray:
        return items
    notes.append(f"left out the tests under grade ids this notebook does not have "
                 f"({', '.join(strangers[i] for i in stray)}): the course's tests run instead")
    return [(cell, course) for cell, course in items if id(cell) not in stray]


def _without_test_copies(items: list, reference: Reference, notes: list[str]) -> list:
    """Leave out the ungraded cells that are a present test cell's code, unchanged: pasted copies of a test.

    They are the course's code, not the student's work, and the test runs once where the course has it; run again
    as the student's code, they would only add the test's side effects (and the time it takes). A copy the student
    changed is their code and stays.
    """
    present = {course.grade_id for _, course in items if course is not None}
    texts = {}
    for course in reference.cells:
        if course.grade and not course.solution and course.grade_id in present:
            texts.update({text.strip(): course for text in (course.released, course.source) if text.strip()})
    kept, left_out = [], {}
    for cell, course in items:
        copy_of = texts.get(cell.source.strip()) if course is None and cell.cell_type == "code" else None
        if copy_of is None:
            kept.append((cell, course))
        else:
            left_out[copy_of] = left_out.get(copy_of, 0) + 1
    for course, n in left_out.items():
        notes.append(f"left out {n} unchanged {'copy' if n == 1 else 'copies'} of the {course.kind} "
                     f"{course.grade_id}: the test runs once, where the course has it")
    return kept


def _claims_grading(meta: dict) -> bool:
    return any(meta.get(flag) for flag in ("grade", "solution", "locked", "task"))


def _well_formed_cells(nb, notes: list[str]) -> list:
    """The cells, each with the fields nbgrader's preprocessors read (a hand-edited file may lack some)."""
    cells = nb.get("cells") if isinstance(nb.get("cells"), list) else []
    kept, dropped = [], 0
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") not in _CELL_TYPES:
            dropped += 1
            continue
        if not isinstance(cell, nbformat.NotebookNode):
            cell = nbformat.from_dict(cell)
        if not isinstance(cell.get("metadata"), dict):
            cell["metadata"] = nbformat.NotebookNode()
        if not isinstance(cell.get("source"), str):
            source = cell.get("source")
            cell["source"] = "".join(source) if isinstance(source, list) else ""
        if cell.cell_type == "code":
            cell.setdefault("outputs", [])
            cell.setdefault("execution_count", None)
        kept.append(cell)
    if dropped:
        notes.append(f"dropped {dropped} malformed {'entry' if dropped == 1 else 'entries'} from the list of cells")
    return kept


def _make_plain(cell) -> None:
    """An ordinary cell of the student's: no nbgrader metadata, nothing nbgrader would grade or restore."""
    cell.metadata.pop("nbgrader", None)


def _as_course_made_it(cell, course: CourseCell, notes: list[str]):
    """The cell with the course's cell type and nbgrader metadata (the student's source kept: for a locked cell,
    nbgrader's OverwriteCells puts the course's source back after this). Says what had been changed."""
    if cell.cell_type != course.cell_type:
        notes.append(f"the {course.kind} {course.grade_id} had been turned into a {cell.cell_type} cell: "
                     f"graded as a {course.cell_type} cell again")
        cell = _retyped(cell, course.cell_type)
    meta = cell.metadata.get("nbgrader") if isinstance(cell.metadata.get("nbgrader"), dict) else {}
    if course.grade and _number(meta.get("points")) != course.points:
        notes.append(f"the points of {course.kind} {course.grade_id} had been changed to {meta.get('points')!r}: "
                     f"the course's {course.points:g} count")
    flags = ("grade", "solution", "locked", "task")
    changed = [flag for flag in flags if bool(meta.get(flag)) != getattr(course, flag)]
    if changed:
        notes.append(f"the nbgrader settings of {course.kind} {course.grade_id} had been changed "
                     f"({', '.join(changed)}): the course's settings restored")
    if course.locked and cell.source.strip() not in (course.released.strip(), course.source.strip()) \
            and not (course.released.strip() and course.released.strip() in cell.source):
        notes.append(f"the read-only {course.kind} {course.grade_id} had been edited: graded with the course's "
                     "version")
    wanted = course.nbgrader_metadata()
    if {k: v for k, v in meta.items() if k != "checksum"} != {k: v for k, v in wanted.items() if k != "checksum"}:
        cell.metadata["nbgrader"] = wanted  # the checksum too: nbgrader's OverwriteCells sets it in any case
    return cell


def _number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _retyped(cell, cell_type: str):
    """The cell as a ``cell_type`` cell, same source, metadata and id (outputs and attachments dropped)."""
    make = new_code_cell if cell_type == "code" else new_markdown_cell
    new = make(cell.source, metadata=cell.metadata)
    if "id" in cell:
        new["id"] = cell["id"]
    else:
        new.pop("id", None)
    return new


def _split_merged(cell, course: CourseCell, notes: list[str]) -> tuple[list, list]:
    """A read-only cell that holds its released source *and* more was merged with the student's cells: the rest
    is cut out into cells of the student's before and after it (the course's part is graded as the course's, the
    student's code still runs). Returns (cells before, cells after)."""
    released = course.released.strip()
    if not course.locked or not released or cell.source.strip() in (released, course.source.strip()):
        return [], []
    at = cell.source.find(released)
    if at < 0:
        return [], []  # edited, not merged: OverwriteCells restores it
    head, tail = cell.source[:at].strip("\n"), cell.source[at + len(released):].strip("\n")
    cell.source = course.released
    parts = [[_student_cell(cell, text)] if text.strip() else [] for text in (head, tail)]
    notes.append(f"the read-only {course.kind} {course.grade_id} had other cells merged into it: their code runs "
                 "as ungraded cells next to it")
    return parts[0], parts[1]


def _student_cell(like, source: str):
    cell = (new_code_cell if like.cell_type == "code" else new_markdown_cell)(source)
    if "id" in like:
        cell["id"] = like["id"]  # made unique by _with_unique_ids
    else:
        cell.pop("id", None)
    return cell


def _in_course_order(items: list, reference: Reference, nb, notes: list[str]) -> list:
    """The cells with the course cells in the course's order, each followed by the other cells that followed it,
    and the deleted course-owned cells restored just before the course cell after them.

    Just before the next course cell, not right after the one before: a deleted test then runs after whatever the
    student wrote in between (an answer in a cell of their own, or under an older release's grade id), as the
    course's tests run after the student's answer; the course's own cells in between only illustrate.
    """
    prefix, segments = [], []  # segments: [course cell, [it, then the cells that followed it]]
    for cell, course in items:
        if course is None:
            (segments[-1][1] if segments else prefix).append(cell)
        else:
            segments.append([course, [cell]])
    found = [course.grade_id for course, _ in segments]
    segments.sort(key=lambda segment: reference.position(segment[0].grade_id))  # stable: the others follow along
    moved = _out_of_order(found, reference)
    if moved:
        notes.append(f"moved {', '.join(moved)} back to {'its' if len(moved) == 1 else 'their'} place in the "
                     "course's order")
    present = set(found)
    for course in reference.cells:
        if course.grade_id in present:
            continue
        if not course.restorable:
            notes.append(f"the {course.kind} {course.grade_id} was deleted: not restored (it held the student's "
                         "work), so its tests see only what the other cells define")
            continue
        here = reference.position(course.grade_id)
        later = [i for i, (c, _) in enumerate(segments) if reference.position(c.grade_id) > here]
        segments.insert(later[0] if later else len(segments), [course, [_restored_cell(course, nb)]])
        notes.append(f"restored the deleted {course.kind} {course.grade_id} from the course")
    return prefix + [cell for _, cells in segments for cell in cells]


def _out_of_order(found: list[str], reference: Reference) -> list[str]:
    """The fewest course cells whose moving puts ``found`` in the course's order (those outside a longest run
    already in order), in the order they were found. Between equally short answers, the course's own cells are
    the ones said to have moved, not the student's answers ("moved ex1_2_test back", not "moved ex1_2 back")."""
    ranks = [reference.position(g) for g in found]
    weight = [1.001 if reference.get(g).solution else 1.0 for g in found]
    best = list(weight)
    back = [-1] * len(ranks)
    for i in range(len(ranks)):
        for j in range(i):
            if ranks[j] < ranks[i] and best[j] + weight[i] > best[i]:
                best[i], back[i] = best[j] + weight[i], j
    keep, i = set(), max(range(len(ranks)), key=best.__getitem__, default=-1)
    while i >= 0:
        keep.add(i)
        i = back[i]
    return [g for i, g in enumerate(found) if i not in keep]


def _with_unique_ids(cells: list, nb) -> list:
    """nbformat 4.5 wants every cell to have an id of its own: copies made by hand (or by this module) share one."""
    if nb.get("nbformat", 4) != 4 or nb.get("nbformat_minor", 0) < 5:
        return cells
    seen = set()
    for cell in cells:
        base = str(cell.get("id") or "cell")[:56]
        new, n = base, 1
        while new in seen:
            n += 1
            new = f"{base}-{n}"
        seen.add(new)
        cell["id"] = new
    return cells


def _restored_cell(course: CourseCell, nb):
    """A new copy of a course cell, with the gradebook's source and the course's metadata."""
    make = new_code_cell if course.cell_type == "code" else new_markdown_cell
    cell = make(course.source, metadata={"nbgrader": course.nbgrader_metadata()})
    if nb.get("nbformat_minor", 5) >= 5:
        cell["id"] = f"restored-{course.grade_id}"[:64]
    else:
        cell.pop("id", None)  # cell ids came with nbformat 4.5
    return cell


# -- file level -------------------------------------------------------------------------------------------------------

@dataclass
class SubmissionFiles:
    """What ``check_submission`` found.

    Attributes:
        renames: ``{expected file name: submitted file to grade in its place}`` (grade from a staged copy).
        notes: sentences for the report.
    """

    renames: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def check_submission(folder: Path, expected: dict[str, frozenset[str]],
                     max_bytes: int = MAX_NOTEBOOK_BYTES) -> SubmissionFiles:
    """Check the notebooks of a submission folder before nbgrader reads them; nothing is changed.

    Args:
        folder: submitted/<student>/<assignment>.
        expected: ``{notebook name: its grade ids}`` (``course_notebooks``).
        max_bytes: the largest notebook file read.

    Raises:
        Unreadable: a notebook of the assignment is not a readable notebook, or none of them was submitted.
    """
    folder = Path(folder)
    result = SubmissionFiles()
    submitted = sorted(p.name for p in folder.glob("*.ipynb") if p.is_file()) if folder.is_dir() else []
    wanted = {f"{name}.ipynb": name for name in expected}
    for filename in submitted:
        if filename in wanted:
            problem = _read_notebook(folder / filename, max_bytes)[1]
            if problem:
                raise Unreadable(problem)
    extras = [f for f in submitted if f not in wanted]
    missing = [f for f in sorted(wanted) if f not in submitted]
    problems = []  # why a missing notebook could not be stood in for
    for filename in missing:
        # A notebook saved under another name ("tensors (1).ipynb", "tensors-Copy1.ipynb") holds its grade ids.
        holders = []
        for extra in extras:
            nb, problem = _read_notebook(folder / extra, max_bytes)
            if extra not in result.renames.values() and not problem \
                    and set(_grade_ids(nb)) & expected[wanted[filename]]:
                holders.append(extra)
        if len(holders) == 1:
            result.renames[filename] = holders[0]
            result.notes.append(f"{filename} was not submitted but {holders[0]} holds its cells: graded "
                                f"{holders[0]} in its place")
        elif holders:
            problems.append(f"{filename} was not submitted and {len(holders)} notebooks hold its cells "
                            f"({', '.join(holders)}): none was graded in its place")
        else:
            problems.append(f"{filename} was not submitted")
    if not any(f in submitted or f in result.renames for f in wanted):
        found = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
        listing = ", ".join(found[:8]) + (", ..." if len(found) > 8 else "") if found else "nothing"
        raise Unreadable(f"no notebook of the assignment could be graded: {'; '.join(problems)} "
                         f"(the submission holds {listing})")
    result.notes += [f"{problem}: no points for it" for problem in problems]
    result.notes += [f"{extra} is not part of the assignment: not graded" for extra in extras
                     if extra not in result.renames.values()]
    return result


def _read_notebook(path: Path, max_bytes: int) -> tuple[dict | None, str]:
    """(the notebook's JSON, ``""``), or (``None``, why ``path`` cannot be graded as a notebook). The size is
    checked before anything is read: a huge file costs nothing."""
    size = path.stat().st_size
    if size > max_bytes:
        return None, f"{path.name} is {_megabytes(size)}, over the {_megabytes(max_bytes)} limit"
    if size == 0:
        return None, f"{path.name} is not a notebook: the file is empty"
    try:
        nb = json.loads(path.read_bytes())
    except UnicodeDecodeError:
        return None, f"{path.name} is not a notebook: it is not UTF-8 text"
    except json.JSONDecodeError as err:
        return None, f"{path.name} is not valid JSON (line {err.lineno}, column {err.colno}): {err.msg}"
    if not isinstance(nb, dict):
        return None, f"{path.name} is not a notebook: it holds a JSON {type(nb).__name__}"
    version = nb.get("nbformat")
    if version not in (3, 4):  # nbformat converts version 3 when nbgrader reads it
        return None, f"{path.name} is not a notebook nbgrader can read (nbformat {version!r}; 4 expected)"
    if version == 4:
        # What nbformat needs to read it at all (repair() copes with the rest: missing sources, outputs, ...).
        if not isinstance(nb.get("cells"), list):
            return None, f"{path.name} is not a notebook: it has no list of cells"
        if not isinstance(nb.get("metadata", {}), dict) or not isinstance(nb.get("nbformat_minor"), int):
            return None, f"{path.name} is not a notebook nbgrader can read: its metadata or nbformat_minor is damaged"
        for n, cell in enumerate(nb["cells"], 1):
            if not isinstance(cell, dict) or not isinstance(cell.get("metadata", {}), dict):
                return None, f"{path.name} is not a notebook nbgrader can read: cell {n} is damaged"
    return nb, ""


def _megabytes(n: int) -> str:
    """A size as people say it: "210 MB", "50.4 MB", "2 kB"."""
    if n < 1e6:
        return f"{n / 1e3:.0f} kB" if n >= 1e3 else f"{n} bytes"
    return f"{n / 1e6:.1f}".removesuffix(".0") + " MB"


def stage(folder: Path, staging: Path, renames: dict[str, str]) -> None:
    """Copy the submission ``folder`` to ``staging`` (timestamp.txt and every other file with it), with the
    renamed notebooks under their expected names; nbgrader then grades the copy. ``folder`` is left untouched."""
    if staging.exists():
        shutil.rmtree(staging)
    staging.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(folder, staging, symlinks=True)
    for expected, submitted in renames.items():
        os.replace(staging / submitted, staging / expected)


def unstage(staging: Path, top: Path) -> None:
    """Remove a staged copy, then its parent folders up to ``top`` while they are empty."""
    shutil.rmtree(staging, ignore_errors=True)
    for parent in staging.parents:
        if parent == top.parent or not parent.is_relative_to(top):
            break
        try:
            parent.rmdir()
        except OSError:
            break
