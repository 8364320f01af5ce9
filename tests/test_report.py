"""The instructor's report, read from nbgrader's gradebook and autograded notebooks of a small graded class.

Four students take 01-tensors and are graded once, by the stock path (nbgrader's API):
alice submits the solution, bob the untouched release, carol the first round of wrong implementations,
and mallory an answer whose error message is hostile HTML.
"""

import base64
import csv
import html
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, make_course
from submissions import fill, grade_id, is_test, mistake_rounds, solution_answers

from dlcourse.autograde import autograde
from dlcourse.course import CONFIG_FILE, Assignment
from dlcourse.report import export_csv, generate_feedback, read_results, write_report

pytestmark = pytest.mark.notebook

NAME, NOTEBOOK = "01-tensors", "tensors"
SOURCE = ROOT / "solutions" / NAME / f"{NOTEBOOK}.ipynb"
HOSTILE = "<script>alert('owned')</script>"
HOSTILE_ID = "<script>alert('id')</script>"
MALLORY_ANSWER = f"def describe(t):\n    raise ValueError({HOSTILE!r})\n"


def _points() -> dict[str, float]:
    """``{test cell grade_id: points}`` of the solution notebook."""
    nb = nbformat.read(SOURCE, as_version=4)
    return {grade_id(c): float(c.metadata["nbgrader"]["points"]) for c in nb.cells if is_test(c)}


POINTS = _points()
BROKEN = {f"{m.grade_id}_test" for m in mistake_rounds(NAME)[0]}  # exercises carol gets wrong


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A course with one assignment, four graded students, their feedback and two reports."""
    course = make_course(tmp_path_factory.mktemp("course-report") / "course", Assignment(ROOT, NAME))
    root = course.root
    release, work = course.released(NOTEBOOK), root / "work"
    work.mkdir()
    answers = solution_answers(SOURCE)
    submissions = {
        "alice": fill(release, answers, work / "alice.ipynb"),
        "bob": Path(shutil.copyfile(release, work / "bob.ipynb")),
        "carol": fill(release, answers | {m.grade_id: m.source for m in mistake_rounds(NAME)[0]}, work / "carol.ipynb"),
        "mallory": fill(release, {"ex1_1": MALLORY_ANSWER}, work / "mallory.ipynb"),
    }
    results = autograde(course, {student: {NOTEBOOK: path} for student, path in submissions.items()})
    assert all(r.success for r in results), [r.log for r in results if not r.success]

    feedback = generate_feedback(root)
    failures = {(HOSTILE_ID, NAME): f"the kernel died: {HOSTILE}", ("carol", NAME): "timed out after 120 s"}
    plain = write_report(root, root / "report")
    with_failures = write_report(root, root / "report-failures", failures)
    return {"root": root, "feedback": feedback, "plain": plain, "with_failures": with_failures}


def _text(page: str) -> str:
    """What a reader sees: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_csv_has_nbgraders_scores(graded, tmp_path):
    rows = list(csv.DictReader(export_csv(graded["root"], tmp_path / "grades.csv").open()))
    scores = {row["student_id"]: (float(row["score"]), float(row["max_score"])) for row in rows}
    total = sum(POINTS.values())
    carol = sum(points for cell, points in POINTS.items() if cell not in BROKEN)
    assert scores == {"alice": (total, total), "bob": (0, total), "carol": (carol, total), "mallory": (0, total)}
    assert {row["assignment"] for row in rows} == {NAME}
    assert (graded["plain"].parent / "grades.csv").read_text() == (tmp_path / "grades.csv").read_text()


def test_report_holds_the_figures(graded):
    page = graded["plain"].read_text()
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)"', page)
    assert len(images) == 2, "expected the score distribution and the pass rates"
    for data, alt in images:
        assert base64.b64decode(data).startswith(b"\x89PNG")
        assert len(alt) > 40
    assert "Instructor only: this report quotes hidden tests" in page
    assert re.search(r"<b>4</b> students.*<b>1</b> assignment</span>.*<b>4</b> graded submissions", page)


def test_pass_rates(graded):
    results = read_results(graded["root"])
    page = _text(graded["plain"].read_text())
    for exercise in results.exercises:
        want = 1 + (exercise.grade_id not in BROKEN)  # alice, and carol where her round left it right
        assert results.passed(exercise) == want, exercise.label
        assert f"{exercise.label}{NAME}{exercise.max_score:g}{want} of 4 ({100 * want / 4:.0f}%)" in page
    assert [e.label for e in results.exercises] == [f"Exercise 1.{k}" for k in range(1, len(POINTS) + 1)]


def test_failed_checks_quote_the_test_cells(graded):
    results = read_results(graded["root"])
    test_lines = {line.strip() for c in nbformat.read(SOURCE, as_version=4).cells if is_test(c)
                  for line in c.source.splitlines()}
    quoted = [c for c in results.failed_checks if c.line is not None]
    assert {f"{c.exercise.grade_id}" for c in quoted} >= BROKEN
    for check in quoted:
        assert check.line.splitlines()[0] in test_lines, f"not a line of a test cell: {check.line}"
    page = graded["plain"].read_text()
    first = quoted[0]
    assert f"<code>{html.escape(first.line)}</code>" in page


def test_not_answered_is_counted(graded):
    results = read_results(graded["root"])
    for exercise in results.exercises:
        want = 1 + (exercise.grade_id != "ex1_1_test")  # bob everywhere; mallory answered only 1.1
        assert results.not_answered(exercise) == want, exercise.label
    assert "not answered" in graded["plain"].read_text()


def test_students_link_to_their_feedback(graded):
    page = graded["plain"].read_text()
    for student in ("alice", "bob", "carol", "mallory"):
        link = f'href="../feedback/{student}/{NAME}/{NOTEBOOK}.html"'
        assert link in page
        assert (graded["plain"].parent / "../feedback" / student / NAME / f"{NOTEBOOK}.html").is_file()


def test_could_not_grade_and_hostile_text_is_escaped(graded):
    page = graded["with_failures"].read_text()
    assert '<h2 id="could-not-grade">Could not be graded</h2>' in page
    assert "timed out after 120 s" in page
    assert re.search(r"<b>5</b> students.*<b>3</b> graded submissions.*<b>2</b> could not be graded", page)
    assert html.escape(HOSTILE_ID) in page and html.escape(HOSTILE) in page
    for report in (graded["plain"], graded["with_failures"]):
        text = report.read_text()
        assert "<script" not in text
        # mallory's error message is quoted, escaped, as the example of her failing check
        assert html.escape(HOSTILE) in text
    assert 'id="could-not-grade"' not in graded["plain"].read_text()


def test_empty_gradebook(tmp_path):
    shutil.copy(ROOT / CONFIG_FILE, tmp_path / CONFIG_FILE)
    (tmp_path / "solutions").mkdir()
    page = write_report(tmp_path, tmp_path / "report").read_text()
    assert "No graded submissions in the gradebook yet" in page
    assert (tmp_path / "report" / "grades.csv").read_text().startswith("assignment,duedate,")


def test_feedback_hides_hidden_tests(graded):
    feedback = graded["feedback"]
    assert not feedback.failed
    assert sorted(p.relative_to(graded["root"]).as_posix() for p in feedback.written) == [
        f"feedback/{s}/{NAME}/{NOTEBOOK}.html" for s in ("alice", "bob", "carol", "mallory")]

    hidden, shown = set(), set()
    for cell in nbformat.read(SOURCE, as_version=4).cells:
        outside = cell.source
        while "### BEGIN HIDDEN TESTS" in outside:
            before, rest = outside.split("### BEGIN HIDDEN TESTS", 1)
            inside, _, after = rest.partition("### END HIDDEN TESTS")
            hidden |= {line.strip() for line in inside.splitlines() if line.strip()}
            outside = before + after
        shown |= {line.strip() for line in outside.splitlines()}
    only_hidden = {line for line in hidden - shown if len(line) >= 12}  # shorter ones, like "]:", match anything
    assert only_hidden
    for path in feedback.written:
        page = path.read_text()
        text = _text(page)  # code is syntax-highlighted: a line is split over many tags
        assert "BEGIN HIDDEN TESTS" not in page
        leaked = [line for line in only_hidden if line in text]
        assert not leaked, f"{path} shows hidden test lines: {leaked[:3]}"
