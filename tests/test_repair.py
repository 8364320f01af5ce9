"""Structurally damaged submissions (dlcourse/repair.py): the course's cells restored, the student's
work kept as it ran, what cannot be graded refused with its reason, and nothing in submitted/ changed.

Most tests run ``repair`` on notebooks, or ``Grader.prepare`` (nbgrader's sanitizing, no kernel); a few grade.
"""

import copy
import hashlib
import json
import re

import nbformat
import pytest
from conftest import ROOT, make_course
from corpus import answers, save, solved
from nbgrader.preprocessors import CheckCellMetadata, ClearOutput, DeduplicateIds, OverwriteCells, OverwriteKernelspec
from submissions import MISTAKES

from dlcourse.course import assignments
from dlcourse.grading import Grader, PrepareError, Progress, grade
from dlcourse.repair import (
    CourseCell,
    Reference,
    Unreadable,
    check_submission,
    load_reference,
    repair,
    stage,
    unstage,
)
from dlcourse.sanitize import sanitize_job

TENSORS = next(a for a in assignments(ROOT) if a.name == "01-tensors")
WRONG_DENSE = (MISTAKES / "01-tensors" / "ex1_3__missing_bias.py").read_text()


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course of its own: the tests leave submissions in it that a batch over the whole course would grade."""
    return make_course(tmp_path_factory.mktemp("repair") / "course", TENSORS)


@pytest.fixture(scope="module")
def reference(course) -> Reference:
    source = course.root / "solutions" / course.name / "tensors.ipynb"
    return load_reference(_db(course), course.name, "tensors", source)


def _db(course) -> str:
    return f"sqlite:///{course.root / 'gradebook.db'}"


def ids(nb) -> list[str]:
    """The grade ids of the notebook's nbgrader cells, in order."""
    return [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]


def at(nb, grade_id: str) -> int:
    [i] = [i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    return i


def course_order(reference: Reference) -> list[str]:
    return [c.grade_id for c in reference.cells]


def sanitize(nb, course, with_repair: bool = True):
    """nbgrader's sanitize preprocessors, as autograde runs them, after ``repair`` (or not): the notebook, notes."""
    notes = repair(nb, load_reference(_db(course), course.name, "tensors")) if with_repair else []
    resources = {"nbgrader": {"notebook": "tensors", "assignment": course.name, "student": "x", "db_url": _db(course)}}
    for preprocessor in (ClearOutput(), DeduplicateIds(), OverwriteKernelspec(), OverwriteCells(), CheckCellMetadata()):
        nb, resources = preprocessor(nb, resources)
    return nb, notes


# -- what the course gives ------------------------------------------------------------------------------------------

def test_the_reference_is_the_gradebook_in_the_course_order(reference, course):
    assert course_order(reference) == ids(nbformat.read(course.released("tensors"), as_version=4))
    test = reference.get("ex1_2_test")
    assert test.kind == "test cell" and test.restorable and test.points == 2
    assert "BEGIN HIDDEN TESTS" in test.source and "BEGIN HIDDEN TESTS" not in test.released
    assert reference.get("ex1_2").kind == "answer cell" and not reference.get("ex1_2").restorable


def test_an_undamaged_notebook_is_left_as_it_is(reference):
    for nb in (solved(), nbformat.read(TENSORS.released("tensors"), as_version=4)):
        before = copy.deepcopy(nb)
        assert repair(nb, reference) == []
        assert nb == before


# -- 1. deleted cells -----------------------------------------------------------------------------------------------

def test_a_deleted_test_cell_is_restored_before_the_next_exercise(reference):
    nb = solved()
    mine = nbformat.v4.new_code_cell("def init_dense_params(n_inputs, n_units):\n    return 'second thoughts'")
    nb.cells[at(nb, "ex1_2_test")] = mine
    notes = repair(nb, reference)
    assert ids(nb) == course_order(reference)
    # After everything the student wrote for the exercise (their last word counts), before the next exercise.
    assert at(nb, "ex1_2_test") == at(nb, "ex1_3") - 1 and nb.cells.index(mine) < at(nb, "ex1_2_test")
    restored = nb.cells[at(nb, "ex1_2_test")]
    assert restored.source == reference.get("ex1_2_test").source  # hidden tests included
    assert restored.metadata.nbgrader["points"] == 2 and restored.metadata.nbgrader["locked"]
    assert notes == ["restored the deleted test cell ex1_2_test from the course"]


def test_a_deleted_answer_stays_deleted_and_its_test_comes_back_when_both_go(reference):
    nb = solved()
    del nb.cells[at(nb, "ex1_3_test")]
    del nb.cells[at(nb, "ex1_3")]
    notes = repair(nb, reference)
    assert "ex1_3" not in ids(nb) and at(nb, "ex1_3_test") == at(nb, "ex1_4") - 1
    assert notes[0].startswith("the answer cell ex1_3 was deleted: not restored")
    assert notes[1] == "restored the deleted test cell ex1_3_test from the course"


def test_a_deleted_read_only_cell_is_restored_at_its_place():
    """01-tensors has no read-only cells but its tests; a course may (a locked instructions cell, say)."""
    intro = CourseCell("intro", "markdown", "Read me first.", "Read me first.", None, locked=True)
    answer = CourseCell("a1", "code", "# YOUR CODE HERE", "# YOUR CODE HERE", None, locked=False, solution=True)
    test = CourseCell("a1_test", "code", "assert f() == 1", "assert f() == 1", None, locked=True, grade=True,
                      points=1)
    reference = Reference("nb", (intro, answer, test))
    mine = nbformat.v4.new_code_cell("def f():\n    return 1", metadata={"nbgrader": answer.nbgrader_metadata()})
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"), mine])
    notes = repair(nb, reference)
    assert [c.source for c in nb.cells] == ["# Title", "Read me first.", mine.source, "assert f() == 1"]
    assert nb.cells[1].cell_type == "markdown" and nb.cells[1].metadata.nbgrader["locked"]
    assert notes == ["restored the deleted read-only cell intro from the course",
                     "restored the deleted test cell a1_test from the course"]
    assert len({c.id for c in nb.cells}) == 4


def test_notebooks_older_than_nbformat_4_5_get_no_cell_ids(reference):
    nb = solved()
    nb.nbformat_minor = 4
    for cell in nb.cells:
        del cell["id"]
    del nb.cells[at(nb, "ex1_2_test")]
    nb.cells.insert(at(nb, "ex1_3") + 1, copy.deepcopy(nb.cells[at(nb, "ex1_3")]))
    repair(nb, reference)
    assert ids(nb).count("ex1_2_test") == 1 and not any("id" in c for c in nb.cells)


# -- 2. duplicated cells --------------------------------------------------------------------------------------------

def test_nbgrader_alone_refuses_a_notebook_with_a_pasted_cell(course):
    """Why repair runs first: DeduplicateIds empties the copy's metadata, and CheckCellMetadata rejects that."""
    nb = solved()
    nb.cells.insert(at(nb, "ex1_2_test"), copy.deepcopy(nb.cells[at(nb, "ex1_2_test")]))
    with pytest.raises(Exception, match="schema version"):
        sanitize(nb, course, with_repair=False)


def test_a_pasted_test_cell_is_graded_once_for_the_course_points(course):
    nb = solved()
    test = copy.deepcopy(nb.cells[at(nb, "ex1_2_test")])
    test.metadata.nbgrader["points"] = 50
    edited = copy.deepcopy(test)
    edited.source = test.source.replace("check.passed()", "print(result)")
    nb.cells[at(nb, "ex1_2") + 2:at(nb, "ex1_2") + 2] = [test, edited]
    cells = len(nb.cells)
    nb, notes = sanitize(nb, course)
    assert ids(nb).count("ex1_2_test") == 1 and len(nb.cells) == cells - 1
    assert nb.cells[at(nb, "ex1_2_test")].metadata.nbgrader["points"] == 2
    # The unchanged copy is left out (the course's code, run once); the edited one is the student's code.
    assert nb.cells[at(nb, "ex1_2_test") + 1].source == edited.source and "nbgrader" not in edited.metadata
    assert notes == [
        "the test cell ex1_2_test appears 3 times: the first copy is graded, the others are not",
        "left out 1 unchanged copy of the test cell ex1_2_test: the test runs once, where the course has it",
    ]


def test_copies_of_an_answer_run_in_the_students_order(reference):
    nb = solved()
    second = copy.deepcopy(nb.cells[at(nb, "ex1_3")])
    second.source = WRONG_DENSE
    nb.cells.insert(at(nb, "ex1_3") + 1, second)
    sources = [c.source for c in nb.cells]
    notes = repair(nb, reference)
    assert [c.source for c in nb.cells] == sources  # the wrong copy still runs last, before the test
    assert nb.cells[at(nb, "ex1_3")].source == answers()["ex1_3"] and "nbgrader" not in second.metadata
    assert notes == ["the answer cell ex1_3 appears 2 times (duplicated or split): the copies run in the notebook's "
                     "order, so the code that runs last is what its tests see"]


# -- 3. reordered cells ---------------------------------------------------------------------------------------------

def test_a_test_moved_above_its_answer_goes_back_and_the_students_cells_stay_with_theirs(reference):
    nb = solved()
    mine = nbformat.v4.new_code_cell("W, b = init_dense_params(3, 2)")
    nb.cells.insert(at(nb, "ex1_2") + 1, mine)
    nb.cells.insert(at(nb, "ex1_2"), nb.cells.pop(at(nb, "ex1_2_test")))
    notes = repair(nb, reference)
    assert ids(nb) == course_order(reference)
    assert nb.cells[at(nb, "ex1_2") + 1] is mine  # right after the course cell it followed
    assert notes == ["moved ex1_2_test back to its place in the course's order"]


def test_swapped_exercises_are_put_back_in_order(reference):
    nb = solved()
    block = [nb.cells[i] for i in (at(nb, "ex1_5"), at(nb, "ex1_5_test"))]
    del nb.cells[at(nb, "ex1_5"):at(nb, "ex1_5_test") + 1]
    nb.cells[at(nb, "ex1_4"):at(nb, "ex1_4")] = block
    notes = repair(nb, reference)
    assert ids(nb) == course_order(reference)
    assert len(notes) == 1 and re.fullmatch(r"moved ex1_\d(_test)?, ex1_\d(_test)? back to their place in the "
                                            r"course's order", notes[0])


# -- 4. split and merged cells --------------------------------------------------------------------------------------

def test_a_split_answer_runs_as_the_two_halves_the_student_ran(course):
    nb = solved()
    i = at(nb, "ex1_4")
    first, second = copy.deepcopy(nb.cells[i]), copy.deepcopy(nb.cells[i])
    first.source, second.source = "import tensorflow as tf", answers()["ex1_4"]
    nb.cells[i:i + 1] = [first, second]
    nb, notes = sanitize(nb, course)
    i = at(nb, "ex1_4")
    assert nb.cells[i].source == "import tensorflow as tf" and nb.cells[i + 1].source == answers()["ex1_4"]
    assert nb.cells[i + 2].metadata.nbgrader["grade_id"] == "ex1_4_test"
    assert len({c.id for c in nb.cells}) == len(nb.cells)
    assert any("(duplicated or split)" in n for n in notes)


def test_a_test_merged_into_its_answer_is_split_out_where_it_was(course, reference):
    nb = solved()
    i = at(nb, "ex1_3")
    nb.cells[i].source += "\n\n" + nb.cells[i + 1].source + "\n\nprint('done')"
    del nb.cells[i + 1]
    nb, notes = sanitize(nb, course)
    i = at(nb, "ex1_3")
    assert nb.cells[i].source == answers()["ex1_3"]
    assert nb.cells[i + 1].source == reference.get("ex1_3_test").source  # hidden tests back in
    assert nb.cells[i + 2].source == "print('done')" and "nbgrader" not in nb.cells[i + 2].metadata
    assert notes == ["the test cell ex1_3_test had been merged into the answer cell ex1_3: split out again and "
                     "graded as the course's"]


def test_an_answer_merged_into_the_test_above_it_still_runs(course):
    nb = solved()
    i = at(nb, "ex1_1_test")
    nb.cells[i].source += "\n\nextra = describe(tf.zeros((2, 2)))"
    nb, notes = sanitize(nb, course)
    i = at(nb, "ex1_1_test")
    assert "BEGIN HIDDEN TESTS" in nb.cells[i].source and "extra" not in nb.cells[i].source
    assert nb.cells[i + 1].source == "extra = describe(tf.zeros((2, 2)))"
    assert notes == ["the read-only test cell ex1_1_test had other cells merged into it: their code runs as "
                     "ungraded cells next to it"]


# -- 5. changed metadata, cell types --------------------------------------------------------------------------------

def test_nbgrader_alone_refuses_unknown_grade_ids_and_answers_marked_as_graded(course):
    renamed, graded = solved(), solved()
    renamed.cells[at(renamed, "ex1_2_test")].metadata.nbgrader["grade_id"] = "mine"
    graded.cells[at(graded, "ex1_3")].metadata.nbgrader.update(grade=True, points=5)
    with pytest.raises(Exception, match="failed to validate"):
        sanitize(renamed, course, with_repair=False)
    with pytest.raises(Exception, match="No such grade cell"):
        sanitize(graded, course, with_repair=False)


def test_a_changed_grade_id_runs_as_the_students_code_and_the_test_comes_back(course, reference):
    nb = solved()
    test = nb.cells[at(nb, "ex1_5_test")]
    test.metadata.nbgrader["grade_id"] = "mine"
    test.source = "pass"
    nb, notes = sanitize(nb, course)
    assert ids(nb) == course_order(reference)
    assert nb.cells[at(nb, "ex1_5_test")].source == reference.get("ex1_5_test").source
    assert not any(c.source == "pass" for c in nb.cells)  # a test under another grade id is left out
    assert notes == [
        "grade ids this notebook does not have (mine) were edited in or come from an older release of the "
        "assignment: those cells are not graded themselves",
        "left out the tests under grade ids this notebook does not have (mine): the course's tests run instead",
        "restored the deleted test cell ex1_5_test from the course",
    ]


def test_an_answer_under_an_unknown_grade_id_still_runs_before_its_test(reference):
    nb = solved()
    nb.cells[at(nb, "ex1_1")].metadata.nbgrader["grade_id"] = "describe"
    notes = repair(nb, reference)
    assert nb.cells[at(nb, "ex1_1_test") - 1].source == answers()["ex1_1"]
    assert "nbgrader" not in nb.cells[at(nb, "ex1_1_test") - 1].metadata
    assert notes[1].startswith("the answer cell ex1_1 was deleted: not restored")


def test_changed_points_flags_and_edits_are_undone(course, reference):
    nb = solved({"ex1_3": WRONG_DENSE})
    nb.cells[at(nb, "ex1_2_test")].metadata.nbgrader["points"] = 100
    test = nb.cells[at(nb, "ex1_3_test")]
    test.metadata.nbgrader["locked"] = False
    test.source = "check = None"
    nb.cells[at(nb, "ex1_4")].metadata.nbgrader.update(grade=True, points=5)
    nb, notes = sanitize(nb, course)
    assert nb.cells[at(nb, "ex1_2_test")].metadata.nbgrader["points"] == 2
    assert nb.cells[at(nb, "ex1_3_test")].source == reference.get("ex1_3_test").source
    assert not nb.cells[at(nb, "ex1_4")].metadata.nbgrader["grade"]
    assert sum(c.metadata.nbgrader.get("points", 0) for c in nb.cells if "nbgrader" in c.metadata) == 15
    assert notes == [
        "the points of test cell ex1_2_test had been changed to 100: the course's 2 count",
        "the nbgrader settings of test cell ex1_3_test had been changed (locked): the course's settings restored",
        "the read-only test cell ex1_3_test had been edited: graded with the course's version",
        "the nbgrader settings of answer cell ex1_4 had been changed (grade): the course's settings restored",
    ]


@pytest.mark.parametrize("cell_type", ["markdown", "raw"])
def test_a_test_cell_turned_into_another_type_is_code_again(course, cell_type):
    nb = solved()
    i = at(nb, "ex1_6_test")
    make = nbformat.v4.new_markdown_cell if cell_type == "markdown" else nbformat.v4.new_raw_cell
    nb.cells[i] = make(nb.cells[i].source, metadata=nb.cells[i].metadata, id=nb.cells[i].id)
    nb, notes = sanitize(nb, course)
    assert nb.cells[i].cell_type == "code" and nb.cells[i].outputs == [] and nb.cells[i].id == "c050"
    assert notes == [f"the test cell ex1_6_test had been turned into a {cell_type} cell: graded as a code cell again"]


def test_malformed_cells_and_stray_metadata_do_not_stop_nbgrader(course):
    nb = solved()
    del nb.cells[0]["metadata"]
    nb.cells[1].metadata["nbgrader"] = "oops"
    nb.cells[3].metadata["nbgrader"] = {}  # what DeduplicateIds leaves on a copy
    nb.cells[5].metadata["nbgrader"] = {"grade": True, "points": 9}  # graded, no grade id
    nb.cells.append({"cell_type": "nonsense", "source": ""})
    nb, notes = sanitize(nb, course)
    assert notes == ["dropped 1 malformed entry from the list of cells"]
    assert [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata] == ids(solved())


# -- 6. an older release --------------------------------------------------------------------------------------------

def test_an_older_release_grades_what_matches_and_restores_the_tests(reference):
    """No exercise 1.7 yet; exercise 1.5 under other grade ids, its test shorter; 1.6's test as today's, renamed."""
    nb = solved()
    del nb.cells[at(nb, "ex1_7"):at(nb, "ex1_7_test") + 1]
    nb.cells[at(nb, "ex1_5")].metadata.nbgrader["grade_id"] = "batch"
    old_test = nb.cells[at(nb, "ex1_5_test")]
    old_test.metadata.nbgrader["grade_id"] = "batch_check"
    old_test.source = "check = checks.Exercise('1.5', get_batch)\ncheck.passed()"
    nb.cells[at(nb, "ex1_6_test")].metadata.nbgrader["grade_id"] = "channels_check"
    notes = repair(nb, reference)
    assert ids(nb) == [g for g in course_order(reference) if g not in ("ex1_5", "ex1_7")]
    assert not any(c.source == old_test.source for c in nb.cells)
    # The course's tests, after the student's answers: the old answer cell runs as the student's code.
    [old_answer] = [i for i, c in enumerate(nb.cells) if c.source == answers()["ex1_5"]]
    assert at(nb, "ex1_4_test") < old_answer < at(nb, "ex1_5_test") < at(nb, "ex1_6")
    assert at(nb, "ex1_6_test") == at(nb, "ex1_6") + 1
    assert nb.cells[at(nb, "ex1_6_test")].source == reference.get("ex1_6_test").source
    assert notes == [
        "grade ids this notebook does not have (batch, batch_check, channels_check) were edited in or come from an "
        "older release of the assignment: those cells are not graded themselves",
        "the test cell ex1_6_test was there with the grade id channels_check: graded as the course's again",
        "left out the tests under grade ids this notebook does not have (batch_check): the course's tests run "
        "instead",
        "the answer cell ex1_5 was deleted: not restored (it held the student's work), so its tests see only what "
        "the other cells define",
        "restored the deleted test cell ex1_5_test from the course",
        "the answer cell ex1_7 was deleted: not restored (it held the student's work), so its tests see only what "
        "the other cells define",
        "restored the deleted test cell ex1_7_test from the course",
    ]


# -- 7. files -------------------------------------------------------------------------------------------------------

EXPECTED = {"tensors": frozenset({"ex1_1", "ex1_1_test"})}


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "tensors.ipynb is not a notebook: the file is empty"),
    (b'{"cells": [', r"tensors.ipynb is not valid JSON \(line 1, column 12\)"),
    (b"\x80abc", "tensors.ipynb is not a notebook: it is not UTF-8 text"),
    (b"[1, 2]", "tensors.ipynb is not a notebook: it holds a JSON list"),
    (b'{"nbformat": 4, "cells": 3}', "tensors.ipynb is not a notebook: it has no list of cells"),
    (b'{"nbformat": 9, "cells": []}', r"tensors.ipynb is not a notebook nbgrader can read \(nbformat 9"),
    (b'{"nbformat": 4, "nbformat_minor": 5, "cells": [{"cell_type": "code", "metadata": null}]}',
     "tensors.ipynb is not a notebook nbgrader can read: cell 1 is damaged"),
    (b" " * 3000, r"tensors.ipynb is 3 kB, over the 2 kB limit"),
])
def test_a_file_that_is_not_a_readable_notebook_is_refused_with_its_reason(tmp_path, content, reason):
    (tmp_path / "tensors.ipynb").write_bytes(content)
    with pytest.raises(Unreadable, match=reason):
        check_submission(tmp_path, EXPECTED, max_bytes=2000)


def test_missing_extra_and_renamed_notebooks(tmp_path):
    nb = solved()
    (tmp_path / "timestamp.txt").write_text("2026-03-02 09:00:00 UTC")
    with pytest.raises(Unreadable, match=r"tensors.ipynb was not submitted \(the submission holds timestamp.txt\)"):
        check_submission(tmp_path, EXPECTED)
    save(nbformat.v4.new_notebook(), tmp_path, "Untitled.ipynb")
    with pytest.raises(Unreadable, match="tensors.ipynb was not submitted"):
        check_submission(tmp_path, EXPECTED)  # an unrelated notebook does not stand in
    save(nb, tmp_path, "tensors (1).ipynb")
    found = check_submission(tmp_path, EXPECTED)
    assert found.renames == {"tensors.ipynb": "tensors (1).ipynb"}
    assert found.notes == ["tensors.ipynb was not submitted but tensors (1).ipynb holds its cells: graded "
                           "tensors (1).ipynb in its place", "Untitled.ipynb is not part of the assignment: not graded"]
    save(nb, tmp_path, "tensors-Copy1.ipynb")
    with pytest.raises(Unreadable, match=r"2 notebooks hold its cells \(tensors \(1\).ipynb, tensors-Copy1.ipynb\)"):
        check_submission(tmp_path, EXPECTED)
    save(nb, tmp_path, "tensors.ipynb")
    found = check_submission(tmp_path, EXPECTED)
    assert found.renames == {} and len(found.notes) == 3


def test_a_missing_notebook_of_several_gets_no_points_and_a_note(tmp_path):
    save(solved(), tmp_path, "tensors.ipynb")
    found = check_submission(tmp_path, EXPECTED | {"graphs": frozenset({"ex2_1"})})
    assert found.notes == ["graphs.ipynb was not submitted: no points for it"]


def test_staging_copies_the_submission_and_leaves_it_alone(tmp_path):
    submitted = tmp_path / "submitted" / "ada" / "01-tensors"
    save(solved(), submitted, "tensors (1).ipynb")
    (submitted / "timestamp.txt").write_text("2026-03-02 09:00:00 UTC")
    (submitted / "data").mkdir()
    (submitted / "data" / "mine.csv").write_text("1,2\n")
    before = _tree(submitted)
    top = tmp_path / ".dlcourse" / "staging"
    staging = top / "ada" / "01-tensors"
    stage(submitted, staging, {"tensors.ipynb": "tensors (1).ipynb"})
    assert sorted(p.name for p in staging.iterdir()) == ["data", "tensors.ipynb", "timestamp.txt"]
    assert (staging / "data" / "mine.csv").read_text() == "1,2\n"
    unstage(staging, top)
    assert not top.exists() and (tmp_path / ".dlcourse").is_dir()
    assert _tree(submitted) == before


def _tree(folder) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_prepare_refuses_big_notebooks_before_reading_them(course):
    folder = course.root / "submitted" / "big" / course.name
    folder.mkdir(parents=True)
    (folder / "tensors.ipynb").write_bytes(b"\0" * 3_500_000)  # not even JSON: never read
    with pytest.raises(PrepareError, match=r"^tensors.ipynb is 3.5 MB, over the 3 MB limit$"):
        Grader(course.root, max_notebook_bytes=3_000_000).prepare("big", course.name)
    with pytest.raises(PrepareError, match="not valid JSON"):
        Grader(course.root).prepare("big", course.name)


def test_prepare_passes_the_notes_on(course):
    folder = course.root / "submitted" / "notes" / course.name
    nb = solved()
    del nb.cells[at(nb, "ex1_2_test")]
    save(nb, folder, "tensors-Copy1.ipynb")
    [job] = Grader(course.root).prepare("notes", course.name)
    job = sanitize_job(job)  # as the worker does
    assert job.notebook == "tensors" and ids(job.nb) == ids(solved())
    assert job.notes == ["tensors.ipynb was not submitted but tensors-Copy1.ipynb holds its cells: graded "
                         "tensors-Copy1.ipynb in its place",
                         "restored the deleted test cell ex1_2_test from the course"]
    assert not (course.root / ".dlcourse" / "staging").exists()
    assert sorted(p.name for p in folder.iterdir()) == ["tensors-Copy1.ipynb"]


# -- through grading ------------------------------------------------------------------------------------------------

def test_damaged_submissions_are_graded_fairly_and_submitted_work_is_untouched(tmp_path, grading_client):
    course = make_course(tmp_path / "course", TENSORS)
    submitted = course.root / "submitted"

    def moved_and_deleted(nb):  # the ex1_2 test above its answer, the ex1_4 test gone, a wrong ex1_3 pasted twice
        nb.cells.insert(at(nb, "ex1_2"), nb.cells.pop(at(nb, "ex1_2_test")))
        del nb.cells[at(nb, "ex1_4_test")]
        second = copy.deepcopy(nb.cells[at(nb, "ex1_3")])
        second.source, second["id"] = WRONG_DENSE, "pasted"
        nb.cells.insert(at(nb, "ex1_3") + 1, second)
        return nb

    save(moved_and_deleted(solved()), submitted / "ada" / course.name)
    save(solved(), submitted / "bob" / course.name, "tensors (1).ipynb")
    (submitted / "bob" / course.name / "timestamp.txt").write_text("2026-03-02 09:00:00.000000 UTC\n")
    (submitted / "cy" / course.name).mkdir(parents=True)
    (submitted / "cy" / course.name / "tensors.ipynb").write_text('{"cells": [')
    before = _tree(submitted)

    run = grade(course.root, force=True, client=grading_client, progress=Progress(quiet=True))
    results = {r.student: r for r in run.results}
    assert (results["ada"].status, results["ada"].score, results["ada"].max_score) == ("graded", 13, 15)
    assert "tensors: moved ex1_2_test back to its place in the course's order" in results["ada"].notes
    assert "tensors: restored the deleted test cell ex1_4_test from the course" in results["ada"].notes
    assert (results["bob"].status, results["bob"].score) == ("graded", 15), results["bob"]
    assert (course.root / "autograded" / "bob" / course.name / "timestamp.txt").exists()
    assert results["cy"].status == "failed"
    assert results["cy"].reason == "tensors.ipynb is not valid JSON (line 1, column 12): Expecting value"
    assert _tree(submitted) == before
    assert not (course.root / ".dlcourse" / "staging").exists()
    state = json.loads((course.root / ".dlcourse" / "grading-state.json").read_text())["submissions"]
    assert state[f"bob/{course.name}"]["notes"] == results["bob"].notes
