"""Autograde round trips for every assignment found in solutions/, graded as `dlcourse grade` grades: through
nbgrader's converter, preprocessors and gradebook, with kernels forked from a warm server and the solution's
illustration-only cells skipped (tests/test_grading.py checks that stock nbgrader gives the same scores).

- the solution, submitted, earns full marks;
- the released notebook, submitted untouched, earns 0 on every graded cell, without a crash;
- a submission that rewrites the test cells to ``assert True`` earns nothing from the edit;
- every wrong implementation under dlcourse/mistakes/ loses its exercise's points, and only those.
"""

import html
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import ASSIGNMENTS, tool_grade
from submissions import fill, mistake_rounds, solution_answers, with_test_cells

from dlcourse.autograde import course_api
from dlcourse.course import Assignment

pytestmark = pytest.mark.notebook


@pytest.fixture
def grade(grading_client):
    """Grade a submission as `dlcourse grade` does (forked kernels, illustration cells skipped); its scores."""

    def run(course: Assignment, student: str, make_notebook) -> dict[str, dict[str, tuple[float, float]]]:
        result, scores = tool_grade(course, student, make_notebook, grading_client)
        assert result.status == "graded", f"grading {student} failed: {result.reason}"
        for notebook in course.notebooks:
            assert scores[notebook], f"{student}: no grades recorded for {notebook}"
        return scores

    return run


def by_name(assignments):
    return pytest.mark.parametrize("assignment", assignments, ids=[a.name for a in assignments])


@by_name(ASSIGNMENTS)
def test_solution_earns_full_marks(assignment, course_copy, grade):
    course = course_copy(assignment)
    scores = grade(course, "solution", lambda nb, out: fill(
        course.released(nb), solution_answers(assignment.source(nb)), out))
    lost = {cell: s for notebook in scores.values() for cell, s in notebook.items() if s[0] != s[1]}
    assert not lost, f"the solution lost points in {lost}"
    for notebook in course.notebooks:  # what feedback is made from: no TensorFlow start-up lines
        autograded = nbformat.read(course.root / "autograded" / "solution" / course.name / f"{notebook}.ipynb", 4)
        stderr = [o.text for c in autograded.cells if c.cell_type == "code" for o in c.outputs
                  if o.output_type == "stream" and o.name == "stderr"]
        assert not stderr, f"the autograded {notebook} holds stderr output: {stderr[0][:300]}"


@by_name(ASSIGNMENTS)
def test_untouched_release_scores_zero(assignment, course_copy, grade):
    course = course_copy(assignment)
    scores = grade(course, "untouched", lambda nb, out: Path(shutil.copyfile(course.released(nb), out)))
    earned = {cell: s for notebook in scores.values() for cell, s in notebook.items() if s[0] != 0}
    assert not earned, f"an unanswered notebook earned points in {earned}"
    for notebook in course.notebooks:  # a student who runs it all sees only "not answered yet" errors
        ran = nbformat.read(course.root / "autograded" / "untouched" / course.name / f"{notebook}.ipynb", 4)
        confusing = [f"cell {i}: {out.ename}: {out.evalue[:200]}" for i, cell in enumerate(ran.cells)
                     for out in cell.get("outputs", []) if out.output_type == "error"
                     and out.ename != "NotImplementedError" and "not answered yet" not in out.evalue]
        assert not confusing, f"{notebook}, unanswered, fails for other reasons than the missing answers: {confusing}"


@by_name(ASSIGNMENTS)
def test_rewritten_test_cells_earn_nothing(assignment, course_copy, grade):
    course = course_copy(assignment)
    scores = grade(course, "tamperer", lambda nb, out: with_test_cells(course.released(nb), "assert True", out))
    earned = {cell: s for notebook in scores.values() for cell, s in notebook.items() if s[0] != 0}
    assert not earned, f"rewriting test cells to `assert True` earned points in {earned}"


ROUNDS = [(a, k, r) for a in ASSIGNMENTS for k, r in enumerate(mistake_rounds(a.name))]


@pytest.mark.parametrize("assignment,k,mistakes", ROUNDS, ids=[f"{a.name}-round{k}" for a, k, _ in ROUNDS])
def test_wrong_implementations_lose_their_points(assignment, k, mistakes, course_copy, grade):
    course = course_copy(assignment)
    # Mistakes name answer cells by grade_id, unique across the assignment's notebooks.
    wrong_answers = {m.grade_id: m.source for m in mistakes}

    def with_mistakes(nb, out):
        answers = solution_answers(assignment.source(nb))
        return fill(course.released(nb), answers | {g: s for g, s in wrong_answers.items() if g in answers}, out)

    by_notebook = grade(course, f"mistakes{k}", with_mistakes)
    scores = {cell: s for notebook in by_notebook.values() for cell, s in notebook.items()}

    wrong = {f"{m.grade_id}_test": m for m in mistakes}
    missing = sorted(set(wrong) - set(scores))
    assert not missing, f"no test cell named {missing}: test cells must be named <answer grade_id>_test"
    survived = [str(m) for cell, m in wrong.items() if scores[cell][0] > 0]
    assert not survived, f"these wrong implementations still earned points: {survived}"
    collateral = {cell: s for cell, s in scores.items() if cell not in wrong and s[0] != s[1]}
    assert not collateral, f"correct answers lost points next to the wrong ones: {collateral}"


def test_every_exercise_has_a_wrong_implementation():
    from submissions import is_answer, mistakes

    for assignment in ASSIGNMENTS:
        kept = {m.grade_id for m in mistakes(assignment.name)}
        answers = set()
        for notebook in assignment.notebooks:
            nb = nbformat.read(assignment.source(notebook), as_version=4)
            answers |= {c.metadata["nbgrader"]["grade_id"] for c in nb.cells if is_answer(c)}
        assert answers <= kept, f"{assignment.name}: no wrong implementation under dlcourse/mistakes for " \
                                f"{sorted(answers - kept)}"
        assert kept <= answers, f"dlcourse/mistakes/{assignment.name} names unknown answer cells " \
                                f"{sorted(kept - answers)}"


@by_name(ASSIGNMENTS)
def test_feedback_shows_no_hidden_tests(assignment, course_copy, grade):
    course = course_copy(assignment)
    first_mistakes = {m.grade_id: m.source for m in (mistake_rounds(assignment.name) or [[]])[0]}

    def with_mistakes(nb, out):
        answers = solution_answers(assignment.source(nb))
        return fill(course.released(nb), answers | {g: s for g, s in first_mistakes.items() if g in answers}, out)

    grade(course, "feedback", with_mistakes)
    result = course_api(course.root).generate_feedback(assignment.name, "feedback")
    assert result["success"], result.get("error") or result.get("log")
    for notebook in course.notebooks:
        _feedback_hides_hidden_tests(course, assignment, notebook)


def _feedback_hides_hidden_tests(course, assignment, notebook):
    page = (course.root / "feedback" / "feedback" / assignment.name / f"{notebook}.html").read_text()
    # Code in feedback is syntax-highlighted: compare with the text, not the markup.
    text = html.unescape(re.sub(r"<[^>]+>", "", page))

    source = nbformat.read(assignment.source(notebook), as_version=4)
    # What the student may see: everything in the submission (their answers included), outputs aside.
    submitted = nbformat.read(course.root / "submitted" / "feedback" / course.name / f"{notebook}.ipynb", 4)
    visible = "\n".join(cell.source for cell in submitted.cells)
    for cell in source.cells:
        if "### BEGIN HIDDEN TESTS" not in cell.source:
            continue
        hidden = cell.source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
        for line in (line.strip() for line in hidden.splitlines()):
            if len(line) >= 12 and line not in visible:  # long enough to be unmistakably hidden-test code
                assert line not in text, f"feedback shows a hidden test line: {line}"
    assert "BEGIN HIDDEN TESTS" not in text
