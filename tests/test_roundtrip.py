"""Autograde round trips for every assignment found in solutions/, graded as `dlcourse grade` grades: through
nbgrader's converter, preprocessors and gradebook, with kernels forked from a warm server and the solution's
illustration-only cells skipped (tests/test_grading.py checks that stock nbgrader gives the same scores).

- the solution, submitted, earns full marks;
- the released notebook, submitted untouched, earns 0 on every graded cell, without a crash;
- a submission that rewrites the test cells to ``assert True`` earns nothing from the edit;
- every wrong implementation under dlcourse/mistakes/ loses its exercise's points, and only those.

An assignment's submissions are graded together, in one batch as a class's would be, and each test reads its own.
"""

import html
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import ASSIGNMENTS, submit
from submissions import fill, mistake_rounds, solution_answers, with_test_cells

from dlcourse.autograde import course_api, read_scores
from dlcourse.course import Assignment
from dlcourse.grading import Progress, grade

pytestmark = pytest.mark.notebook


class Graded:
    """One assignment's round-trip submissions, graded together in one batch: the results and scores of each."""

    def __init__(self, assignment, course: Assignment, client):
        self.assignment, self.course = assignment, course
        self.rounds = mistake_rounds(assignment.name)
        makers = {"solution": self._with(),
                  "untouched": lambda nb, out: Path(shutil.copyfile(course.released(nb), out)),
                  "tamperer": lambda nb, out: with_test_cells(course.released(nb), "assert True", out)}
        makers |= {f"mistakes{k}": self._with({m.grade_id: m.source for m in mistakes})
                   for k, mistakes in enumerate(self.rounds)}
        for student, make in makers.items():
            submit(course, student, make)
        run = grade(course.root, [course.name], list(makers), force=True, client=client,
                    progress=Progress(quiet=True))
        self.results = {r.student: r for r in run.results}
        db_url = f"sqlite:///{course.root / 'gradebook.db'}"
        self.scores = {student: read_scores(db_url, course.name, student, course.notebooks) for student in makers}

    def _with(self, wrong: dict[str, str] | None = None):
        """A notebook maker: the solution's answers, those of ``wrong`` (by grade_id) replaced."""
        def make(nb, out):
            answers = solution_answers(self.assignment.source(nb))
            return fill(self.course.released(nb), answers | {g: s for g, s in (wrong or {}).items() if g in answers},
                        out)
        return make

    def __call__(self, student: str) -> dict[str, tuple[float, float]]:
        """``{grade_id: (score, max_score)}`` of the student's graded cells, over all the assignment's notebooks."""
        result = self.results[student]
        assert result.status == "graded", f"grading {student} failed: {result.reason}"
        for notebook in self.course.notebooks:
            assert self.scores[student][notebook], f"{student}: no grades recorded for {notebook}"
        return {cell: s for notebook in self.scores[student].values() for cell, s in notebook.items()}

    def autograded(self, student: str, notebook: str):
        return nbformat.read(self.course.root / "autograded" / student / self.course.name / f"{notebook}.ipynb", 4)


@pytest.fixture(scope="session")
def graded(course_copy, grading_client):
    """``graded(assignment)``: its round-trip batch, graded once per pytest worker (conftest keeps an assignment's
    round-trip tests on one worker)."""
    made = {}

    def get(assignment) -> Graded:
        if assignment.name not in made:
            made[assignment.name] = Graded(assignment, course_copy(assignment), grading_client)
        return made[assignment.name]

    return get


def by_name(assignments):
    return pytest.mark.parametrize("assignment", assignments, ids=[a.name for a in assignments])


@by_name(ASSIGNMENTS)
def test_solution_earns_full_marks(assignment, graded):
    batch = graded(assignment)
    lost = {cell: s for cell, s in batch("solution").items() if s[0] != s[1]}
    assert not lost, f"the solution lost points in {lost}"
    for notebook in batch.course.notebooks:  # what feedback is made from: no TensorFlow start-up lines
        stderr = [o.text for c in batch.autograded("solution", notebook).cells if c.cell_type == "code"
                  for o in c.outputs if o.output_type == "stream" and o.name == "stderr"]
        assert not stderr, f"the autograded {notebook} holds stderr output: {stderr[0][:300]}"


@by_name(ASSIGNMENTS)
def test_untouched_release_scores_zero(assignment, graded):
    batch = graded(assignment)
    earned = {cell: s for cell, s in batch("untouched").items() if s[0] != 0}
    assert not earned, f"an unanswered notebook earned points in {earned}"
    for notebook in batch.course.notebooks:  # a student who runs it all sees only "not answered yet" errors
        ran = batch.autograded("untouched", notebook)
        confusing = [f"cell {i}: {out.ename}: {out.evalue[:200]}" for i, cell in enumerate(ran.cells)
                     for out in cell.get("outputs", []) if out.output_type == "error"
                     and out.ename != "NotImplementedError" and "not answered yet" not in out.evalue]
        assert not confusing, f"{notebook}, unanswered, fails for other reasons than the missing answers: {confusing}"


@by_name(ASSIGNMENTS)
def test_rewritten_test_cells_earn_nothing(assignment, graded):
    earned = {cell: s for cell, s in graded(assignment)("tamperer").items() if s[0] != 0}
    assert not earned, f"rewriting test cells to `assert True` earned points in {earned}"


ROUNDS = [(a, k) for a in ASSIGNMENTS for k in range(len(mistake_rounds(a.name)))]


# The id starts with the assignment's name and a "/": conftest.py sends an assignment's round trips to one worker.
@pytest.mark.parametrize("assignment,k", ROUNDS, ids=[f"{a.name}/round{k}" for a, k in ROUNDS])
def test_wrong_implementations_lose_their_points(assignment, k, graded):
    batch = graded(assignment)
    scores = batch(f"mistakes{k}")
    # Mistakes name answer cells by grade_id, unique across the assignment's notebooks.
    wrong = {f"{m.grade_id}_test": m for m in batch.rounds[k]}
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
def test_feedback_shows_no_hidden_tests(assignment, graded):
    """Feedback for the first round of wrong implementations: failed checks, each with its explanation."""
    batch = graded(assignment)
    student = "mistakes0" if batch.rounds else "solution"
    batch(student)
    result = course_api(batch.course.root).generate_feedback(assignment.name, student)
    assert result["success"], result.get("error") or result.get("log")
    for notebook in batch.course.notebooks:
        _feedback_hides_hidden_tests(batch.course, assignment, notebook, student)


def _feedback_hides_hidden_tests(course, assignment, notebook, student):
    page = (course.root / "feedback" / student / assignment.name / f"{notebook}.html").read_text()
    # Code in feedback is syntax-highlighted: compare with the text, not the markup.
    text = html.unescape(re.sub(r"<[^>]+>", "", page))

    source = nbformat.read(assignment.source(notebook), as_version=4)
    # What the student may see: everything in the submission (their answers included), outputs aside.
    submitted = nbformat.read(course.root / "submitted" / student / course.name / f"{notebook}.ipynb", 4)
    visible = "\n".join(cell.source for cell in submitted.cells)
    for cell in source.cells:
        if "### BEGIN HIDDEN TESTS" not in cell.source:
            continue
        hidden = cell.source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
        for line in (line.strip() for line in hidden.splitlines()):
            if len(line) >= 12 and line not in visible:  # long enough to be unmistakably hidden-test code
                assert line not in text, f"feedback shows a hidden test line: {line}"
    assert "BEGIN HIDDEN TESTS" not in text
