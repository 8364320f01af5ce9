"""The grading coordinator's faster parts give exactly what nbgrader's own give.

``make bench-coordinator`` compares every grade of a whole class with a real run; these tests pin each part down on
its own, on the cases where they could differ: tampered cells, unknown grade ids, a manual score kept, a notebook
the caller still holds, a gradebook a worker must not write.
"""

import copy
import logging

import nbformat
import nbgrader.api
import pytest
from conftest import ROOT, make_course, submit
from corpus import save, solved
from nbconvert.exporters import NotebookExporter
from nbconvert.preprocessors import ClearOutputPreprocessor as ClearOutput
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import OverwriteCells, SaveAutoGrades
from sqlalchemy.exc import OperationalError

from dlcourse.course import assignments
from dlcourse.gradebook import Batch, for_workers
from dlcourse.grading import Progress, grade
from dlcourse.notebook_exporter import GradingNotebookExporter
from dlcourse.preprocessors.fewer_queries import OverwriteCellsFewerQueries, SaveAutoGradesFewerQueries, faster

TENSORS = next(a for a in assignments(ROOT) if a.name == "01-tensors")


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return make_course(tmp_path_factory.mktemp("coordinator") / "course", TENSORS)


def _db(course) -> str:
    return f"sqlite:///{course.root / 'gradebook.db'}"


def _resources(course, student="x"):
    return {"nbgrader": {"notebook": "tensors", "assignment": course.name, "student": student, "db_url": _db(course)}}


def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _tampered():
    nb = solved()
    test = _cell(nb, "ex1_2_test")
    test.source = "assert True"  # an edited read-only test cell
    test.metadata.nbgrader["points"] = 99  # and its points
    _cell(nb, "ex1_3_test").metadata.nbgrader["locked"] = False
    stranger = nbformat.v4.new_code_cell("x = 1", metadata={"nbgrader": {
        "grade_id": "not_in_the_course", "grade": False, "solution": True, "locked": False, "schema_version": 3}})
    stranger.id = "stranger"  # not a random one: the two copies are compared
    nb.cells.insert(3, stranger)
    return nb


def test_overwrite_cells_gives_nbgraders_notebook(course, caplog):
    mine, theirs = _tampered(), _tampered()
    with caplog.at_level(logging.WARNING):
        ours, _ = OverwriteCellsFewerQueries()(mine, _resources(course))
        expected, _ = OverwriteCells()(theirs, _resources(course))
    assert ours == expected
    assert _cell(ours, "ex1_2_test").metadata.nbgrader["points"] == 2 and "assert True" not in str(ours)
    assert "grade_id" not in ours.cells[3].metadata.nbgrader  # unknown to the gradebook, as nbgrader leaves it


def test_a_lookup_the_gradebook_cannot_answer_raises_nbgraders_error(course):
    nb = solved()
    nb.cells.insert(0, nbformat.v4.new_code_cell("assert 1", metadata={"nbgrader": {
        "grade_id": "ex1_2", "grade": True, "solution": False, "locked": True, "points": 1, "schema_version": 3}}))
    # the answer cell's grade id, marked as graded: the gradebook has no grade cell of that id
    for preprocessor in (OverwriteCells(), OverwriteCellsFewerQueries()):
        with pytest.raises(MissingEntry):
            preprocessor(copy.deepcopy(nb), _resources(course))


def _executed(course, failing: str) -> nbformat.NotebookNode:
    """The solved notebook as a worker returns it, with one test cell failed."""
    nb, _ = OverwriteCells()(solved(), _resources(course))
    _cell(nb, failing).outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="no", traceback=[])]
    return nb


def _recorded(db_url, student):
    with Gradebook(db_url) as gb:
        submission = gb.find_submission_notebook("tensors", TENSORS.name, student)
        grades = {g.name: (g.auto_score, g.manual_score, g.needs_manual_grade) for g in submission.grades}
        comments = {c.name: c.auto_comment for c in submission.comments}
    return grades, comments


def test_save_auto_grades_records_what_nbgrader_records(course):
    db = _db(course)
    with Gradebook(db) as gb:
        for student in ("nbgrader", "dlcourse"):
            gb.update_or_create_student(student)
            gb.add_submission(course.name, student)
            # a grader's manual score, which nbgrader keeps and flags for review
            gb.find_grade("ex1_3_test", "tensors", course.name, student).manual_score = 0.5
        gb.db.commit()
    nb = _executed(course, "ex1_2_test")
    SaveAutoGrades()(copy.deepcopy(nb), _resources(course, "nbgrader"))
    SaveAutoGradesFewerQueries()(copy.deepcopy(nb), _resources(course, "dlcourse"))
    ours, expected = _recorded(db, "dlcourse"), _recorded(db, "nbgrader")
    assert ours == expected
    assert ours[0]["ex1_2_test"][0] == 0 and ours[0]["ex1_3_test"][2] is True


def test_save_auto_grades_records_nothing_from_a_notebook_it_cannot_finish(course):
    with Gradebook(_db(course)) as gb:
        gb.update_or_create_student("half")
        gb.add_submission(course.name, "half")
    nb = _executed(course, "ex1_2_test")
    nb.cells.append(nbformat.v4.new_code_cell("", metadata={"nbgrader": {
        "grade_id": "no_such_test", "grade": True, "solution": False, "locked": True, "points": 1,
        "schema_version": 3}}))
    with pytest.raises(MissingEntry):
        SaveAutoGradesFewerQueries()(nb, _resources(course, "half"))
    grades, _ = _recorded(_db(course), "half")
    assert all(auto is None for auto, _, _ in grades.values())  # not half the notebook's grades


def test_the_exporter_writes_nbconverts_text_and_leaves_the_notebook_alone():
    nb = solved()
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="hello\n")]
    before = copy.deepcopy(nb)
    ours = GradingNotebookExporter(default_preprocessors=[])
    theirs = NotebookExporter(default_preprocessors=[])
    for exporter in (ours, theirs):
        exporter.register_preprocessor(ClearOutput(), enabled=True)
    assert ours.from_notebook_node(nb)[0] == theirs.from_notebook_node(copy.deepcopy(nb))[0]
    assert nb == before


def test_workers_open_the_gradebook_read_only(course):
    url = for_workers(_db(course))
    assert "mode=ro" in url and for_workers("postgresql+psycopg://u@127.0.0.1:5432/db").startswith("postgresql")
    with Gradebook(url) as gb:
        assert gb.find_notebook("tensors", course.name).source_cells
        with pytest.raises(Exception, match="readonly"):
            gb.update_or_create_student("intruder")
    with Gradebook(_db(course)) as gb, pytest.raises(MissingEntry):
        gb.find_student("intruder")


def test_a_batch_puts_nbgraders_gradebook_back(course):
    original = nbgrader.api.Gradebook.check_course, nbgrader.api.create_engine, nbgrader.api.inspect
    with Batch(_db(course)):
        with Gradebook(_db(course)) as gb:
            gb.update_or_create_student("in-a-batch")
        with Gradebook(_db(course)) as gb:  # the course was checked once: a second opening still works
            assert gb.find_student("in-a-batch")
    assert (nbgrader.api.Gradebook.check_course, nbgrader.api.create_engine, nbgrader.api.inspect) == original
    with Gradebook(_db(course)) as gb:
        assert gb.find_student("in-a-batch")  # committed on leaving


def test_faster_swaps_only_nbgraders_own_classes():
    class MyOverwriteCells(OverwriteCells):
        pass

    assert faster([OverwriteCells, MyOverwriteCells, ClearOutput]) == [OverwriteCellsFewerQueries, MyOverwriteCells,
                                                                        ClearOutput]


def test_an_sqlite_error_names_the_problem(tmp_path):
    with pytest.raises(OperationalError):
        Gradebook(for_workers(f"sqlite:///{tmp_path / 'missing.db'}"))  # read-only: never creates a gradebook
    assert not (tmp_path / "missing.db").exists()


def test_a_job_that_raises_on_the_worker_fails_its_submission_with_the_reason(course, grading_client):
    submit(course, "raiser", lambda name, path: save(solved(), path.parent, path.name))
    run = grade(course.root, [course.name], ["raiser"], force=True, client=grading_client, runner=int,
                kernels=False, sandbox=False, progress=Progress(quiet=True))  # int(job) raises TypeError
    [result] = run.results
    assert result.status == "failed" and "the grading worker was lost: TypeError" in result.reason, result
    assert not (course.root / "autograded" / "raiser").exists()
