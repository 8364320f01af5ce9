"""The instructor's report, read from nbgrader's gradebook and autograded notebooks of a small graded class.

Four students take 01-tensors and are graded once, by the stock path (nbgrader's API):
alice submits the solution, bob the untouched release, carol the first round of wrong implementations,
and mallory an answer whose error message is hostile HTML. The figures are also drawn for a larger made-up class.
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
from dlcourse.report import (
    ClassResults,
    Exercise,
    Submission,
    _pass_rate_plot,
    _score_plot,
    export_csv,
    failed_checks,
    generate_feedback,
    read_results,
    write_report,
)

pytestmark = pytest.mark.notebook

NAME, NOTEBOOK = "01-tensors", "tensors"
SOURCE = ROOT / "solutions" / NAME / f"{NOTEBOOK}.ipynb"
HOSTILE = "<script>alert('owned')</script>"
HOSTILE_ID = "<script>alert('id')</script>"
MALLORY_ANSWER = f"def describe(t):\n    raise ValueError({HOSTILE!r})\n"
# What Grader.notes() could say of this class: one tampering, two repairs (one quoting a grade id the student chose),
# and output cut for a submission that could not be graded.
NOTES = {
    ("carol", NAME): [f"{NOTEBOOK}: the read-only test cell ex1_3_test had been edited: graded with the course's "
                      "version", f"{NOTEBOOK}: moved ex1_2_test back to its place in the course's order"],
    ("mallory", NAME): [f"{NOTEBOOK}: grade ids this notebook does not have ({HOSTILE_ID}) were edited in or come from "
                        "an older release of the assignment: those cells are not graded themselves"],
    (HOSTILE_ID, NAME): [f"{NOTEBOOK}: output cut after 4 MB (cell 7 on)"],
}


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
    with_notes = write_report(root, root / "report-notes", {(HOSTILE_ID, NAME): failures[(HOSTILE_ID, NAME)]}, NOTES)
    return {"root": root, "feedback": feedback, "plain": plain, "with_failures": with_failures,
            "with_notes": with_notes}


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


def noted_rows(page: str) -> dict[tuple[str, str], str]:
    """``{(student, assignment): the id of its row under What grading found}``, read from the page."""
    return {(html.unescape(student), html.unescape(assignment)): anchor for anchor, student, assignment in
            re.findall(r'<tr id="(notes-\d+)"><td>(.*?)</td><td>(.*?)</td>', page)}


def student_row(page: str, student: str) -> str:
    """The student's row of the students table."""
    students = page.split("<h2>Students</h2>", 1)[1].split("<h2", 1)[0]
    return re.search(rf"<tr><td>{re.escape(html.escape(student))}</td>.*?</tr>", students)[0]


def test_what_grading_found(graded):
    page = graded["with_notes"].read_text()
    section = page.split('<h2 id="grading-notes">What grading found</h2>', 1)[1].split("<h2", 1)[0]
    summary = {re.sub(r"<[^>]+>", "", kind): int(n) for kind, n in
               re.findall(r'<tr><td>(<span class="kind[^"]*">[^<]+</span>)</td><td class="num">(\d+)</td>', section)}
    assert summary == {"tampering": 1, "repaired": 2, "output cut": 1}
    assert "a course cell (a test, task or read-only cell) was edited" in section  # each kind is explained
    rows = noted_rows(page)
    assert sorted(rows) == sorted(NOTES)
    for key, notes in NOTES.items():
        row = re.search(rf'<tr id="{rows[key]}">.*?</tr>', section, re.DOTALL)[0]
        assert [html.escape(note) in row for note in notes] == [True] * len(notes), row
        assert f'href="#{rows[key]}"' in student_row(page, key[0]), f"no marker on {key[0]}'s row"
    # the marker says what it means, to a screen reader too, and is red for tampering
    assert re.search(r'<td[^>]*>[^<]+<a class="flag bad" href="#notes-\d+" title="Grading found: '
                     r'tampering, repaired\. See What grading found\."><span aria-hidden="true">⚑</span>'
                     r'<span class="visually-hidden">Grading found: tampering, repaired\.', student_row(page, "carol"))
    assert "could not be graded <a class=\"flag\"" in student_row(page, HOSTILE_ID)
    assert 'href="#notes-' not in student_row(page, "alice")
    assert '1 submission was tampered with and 2 were repaired: see <a href="#grading-notes">' in page
    assert page.index('href="#grading-notes"') < page.index("<h2>Scores</h2>"), "the alert comes near the top"
    assert "<script" not in page and html.escape(HOSTILE_ID) in section


def test_no_notes_is_said_in_one_line(graded):
    page = graded["plain"].read_text()
    section = page.split('<h2 id="grading-notes">What grading found</h2>\n', 1)[1]
    assert section.startswith("<p>Grading noted nothing in any submission: no tampering, no repairs, no output cut."
                              "</p>\n")
    assert 'class="flag' not in page and 'href="#grading-notes"' not in page


def test_notes_must_be_lists_of_sentences(graded):
    with pytest.raises(TypeError, match="list of sentences"):
        read_results(graded["root"], notes={("carol", NAME): "moved ex1_2_test back to its place"})
    assert read_results(graded["root"], notes={("carol", NAME): []}).notes == {}


def made_up_class(assignments: int = 9, exercises: int = 5, students: int = 12) -> ClassResults:
    """A class of ``students`` with ``assignments`` of ``exercises`` each, no gradebook: exercise j of assignment k
    is passed by the students i with (i + j + k) % (j + 2) != 0."""
    names = [f"{k:02d}-topic" for k in range(1, assignments + 1)]
    tests = [Exercise(name, "nb", f"ex{k}_{j}_test", 2.0) for k, name in enumerate(names, 1)
             for j in range(1, exercises + 1)]
    submissions = {}
    for i in range(students):
        for k, name in enumerate(names, 1):
            cells = {("nb", e.grade_id): 2.0 * ((i + j + k) % (j + 2) != 0)
                     for j, e in enumerate([e for e in tests if e.assignment == name], 1)}
            submissions[(f"s{i:02d}", name)] = Submission(f"s{i:02d}", name, sum(cells.values()), 2.0 * exercises,
                                                          ["nb"], cells)
    return ClassResults(Path("made-up"), {name: 2.0 * exercises for name in names},
                        sorted({s for s, _ in submissions}), submissions, tests, {}, [], [])


def test_score_histograms_one_per_assignment_in_one_colour():
    results = made_up_class()
    fig, alt = _score_plot(results)
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title().split("\n")[0] for ax in axes] == list(results.assignments)  # each names its assignment
    colours = {patch.get_facecolor() for ax in axes for patch in ax.patches}
    assert len(colours) == 1, "a colour per assignment would repeat: one colour, and each subplot is labelled"
    assert all(f"{name}: 12 graded" in alt for name in results.assignments)


def test_pass_rates_are_one_compact_row_of_dots_per_assignment():
    results = made_up_class()
    fig, alt = _pass_rate_plot(results)
    [ax] = fig.axes
    assert [label.get_text() for label in ax.get_yticklabels()] == list(results.assignments)
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    assert len(dots) == len(results.exercises) and len({line.get_color() for line in dots}) == 1
    rates = sorted((round(line.get_ydata()[0]), round(line.get_xdata()[0], 6)) for line in dots)
    assert rates == sorted((k, round(100 * results.passed(e) / 12, 6)) for k, name in enumerate(results.assignments)
                           for e in results.exercises if e.assignment == name)
    assert fig.get_size_inches()[1] < 0.35 * len(results.assignments) + 1.2, "a row per assignment, not per exercise"
    # the lowest exercise of each assignment is labelled with its number: exercise 1 (passed by 2 in 3)
    labels = [text.get_text() for text in ax.texts]
    assert labels == [f"{k}.1" for k in range(1, 10)], labels
    assert "01-topic: 5 exercises, from 67% to" in alt


def _test_cell(grade_id: str, evalue: str):
    """An autograded test cell that raised an AssertionError with the message ``evalue``."""
    cell = nbformat.v4.new_code_cell("assert describe(1) == 1", execution_count=3)
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "grade_id": grade_id,
                                 "points": 1, "schema_version": 3}
    cell.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue=evalue, traceback=[])]
    return cell


def test_no_example_message_is_empty():
    exercises = [Exercise(NAME, NOTEBOOK, f"ex1_{k}_test", 1.0) for k in (1, 2)]
    autograded = [(NAME, NOTEBOOK, nbformat.v4.new_notebook(cells=[_test_cell("ex1_1_test", ""),
                                                                    _test_cell("ex1_2_test", "")])),
                  (NAME, NOTEBOOK, nbformat.v4.new_notebook(cells=[_test_cell("ex1_2_test", "got 2, not 1")]))]
    found = {c.exercise.grade_id: (c.count, c.example) for c in failed_checks(autograded, exercises)}
    assert found == {"ex1_1_test": (1, "AssertionError (no message)"),
                     "ex1_2_test": (2, "AssertionError: got 2, not 1")}


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


def test_feedback_names_each_exercise(graded):
    # nbgrader's feedback lists "Test cell (Score: ...)" for each; the course's template names the exercise.
    for path in graded["feedback"].written:
        toc = re.search(r'<div id="toc">(.*?)</div>', path.read_text(), re.DOTALL)[1]
        entries = [re.sub(r"\s+", " ", _text(item)).strip() for item in re.findall(r"<li.*?</li>", toc, re.DOTALL)]
        comments = [entry for entry in entries if entry.startswith("Comment")]  # an answer's "No response."
        entries = [entry for entry in entries if not entry.startswith("Comment")]
        assert all(re.fullmatch(r"Comment on Exercise 1\.\d", c) for c in comments), comments
        labels = [re.sub(r" \(Score: [\d.]+ / [\d.]+\)$", "", entry) for entry in entries]
        assert labels == [f"Exercise 1.{k}" for k in range(1, len(POINTS) + 1)], f"{path}: {entries}"
        points = [float(re.search(r"/ ([\d.]+)\)$", entry)[1]) for entry in entries]
        assert points == list(POINTS.values())
        assert f'<a href="#{next(iter(POINTS))}">Exercise 1.1</a>' in toc
