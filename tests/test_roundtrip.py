"""Autograde round trips through nbgrader itself, for every assignment found in solutions/.

- the solution, submitted, earns full marks;
- the released notebook, submitted untouched, earns 0 on every graded cell, without a crash;
- a submission that rewrites the test cells to ``assert True`` earns nothing from the edit;
- every wrong implementation under tests/mistakes/ loses its exercise's points, and only those.
"""

import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import ASSIGNMENTS, ROOT
from submissions import fill, mistake_rounds, solution_answers, with_test_cells

from helpers.instructor.autograde import autograde, course_api
from helpers.instructor.course import CONFIG_FILE, Assignment

pytestmark = pytest.mark.notebook


@pytest.fixture(scope="session")
def course_copy(tmp_path_factory):
    """A released copy of one assignment in a course folder of its own, made once per worker."""
    made: dict[str, Assignment] = {}

    def get(assignment: Assignment) -> Assignment:
        if assignment.name not in made:
            root = tmp_path_factory.mktemp(f"course-{assignment.name}")
            shutil.copy(ROOT / CONFIG_FILE, root / CONFIG_FILE)
            shutil.copytree(assignment.source_dir, root / "solutions" / assignment.name)
            result = course_api(root).generate_assignment(assignment.name)
            assert result["success"], result.get("error") or result.get("log")
            made[assignment.name] = Assignment(root, assignment.name)
        return made[assignment.name]

    return get


def grade(course: Assignment, student: str, make_notebook) -> dict[str, dict[str, tuple[float, float]]]:
    """Build each notebook of a submission with ``make_notebook(notebook, out_path)`` and autograde it."""
    folder = course.root / "work" / student
    folder.mkdir(parents=True)
    paths = {nb: make_notebook(nb, folder / f"{nb}.ipynb") for nb in course.notebooks}
    [graded] = autograde(course, {student: paths})
    assert graded.success, f"autograding {student} crashed:\n{graded.log}"
    for notebook in course.notebooks:
        assert graded.scores[notebook], f"{student}: no grades recorded for {notebook}\n{graded.log}"
    return graded.scores


def by_name(assignments):
    return pytest.mark.parametrize("assignment", assignments, ids=[a.name for a in assignments])


@by_name(ASSIGNMENTS)
def test_solution_earns_full_marks(assignment, course_copy):
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
def test_untouched_release_scores_zero(assignment, course_copy):
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
def test_rewritten_test_cells_earn_nothing(assignment, course_copy):
    course = course_copy(assignment)
    scores = grade(course, "tamperer", lambda nb, out: with_test_cells(course.released(nb), "assert True", out))
    earned = {cell: s for notebook in scores.values() for cell, s in notebook.items() if s[0] != 0}
    assert not earned, f"rewriting test cells to `assert True` earned points in {earned}"


ROUNDS = [(a, k, r) for a in ASSIGNMENTS for k, r in enumerate(mistake_rounds(a.name))]


@pytest.mark.parametrize("assignment,k,mistakes", ROUNDS, ids=[f"{a.name}-round{k}" for a, k, _ in ROUNDS])
def test_wrong_implementations_lose_their_points(assignment, k, mistakes, course_copy):
    course = course_copy(assignment)
    [notebook] = course.notebooks  # one notebook per assignment; mistakes name answer cells within it
    answers = solution_answers(assignment.source(notebook)) | {m.grade_id: m.source for m in mistakes}
    scores = grade(course, f"mistakes{k}", lambda nb, out: fill(course.released(nb), answers, out))[notebook]

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
        for notebook in assignment.notebooks:
            nb = nbformat.read(assignment.source(notebook), as_version=4)
            answers = {c.metadata["nbgrader"]["grade_id"] for c in nb.cells if is_answer(c)}
            assert answers <= kept, f"{assignment.name}: no wrong implementation under tests/mistakes for " \
                                    f"{sorted(answers - kept)}"
            assert kept <= answers, f"tests/mistakes/{assignment.name} names unknown answer cells " \
                                    f"{sorted(kept - answers)}"


@by_name(ASSIGNMENTS)
def test_feedback_shows_no_hidden_tests(assignment, course_copy):
    course = course_copy(assignment)
    [notebook] = course.notebooks
    first_mistakes = {m.grade_id: m.source for m in (mistake_rounds(assignment.name) or [[]])[0]}
    answers = solution_answers(assignment.source(notebook)) | first_mistakes
    grade(course, "feedback", lambda nb, out: fill(course.released(nb), answers, out))
    result = course_api(course.root).generate_feedback(assignment.name, "feedback")
    assert result["success"], result.get("error") or result.get("log")
    html = (course.root / "feedback" / "feedback" / assignment.name / f"{notebook}.html").read_text()

    source = nbformat.read(assignment.source(notebook), as_version=4)
    for cell in source.cells:
        if "### BEGIN HIDDEN TESTS" not in cell.source:
            continue
        hidden = cell.source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
        for line in (line.strip() for line in hidden.splitlines()):
            if len(line) >= 12:  # long enough to be unmistakably hidden-test code
                assert _escaped(line) not in html, f"feedback shows a hidden test line: {line}"
    assert "BEGIN HIDDEN TESTS" not in html


def _escaped(text: str) -> str:
    import html

    return html.escape(text, quote=False)
