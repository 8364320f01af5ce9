"""The test suite's view of ``dlcourse.synthetic``: mistakes come from dlcourse/mistakes/."""

from dlcourse import synthetic
from dlcourse.synthetic import MISTAKES, fill, grade_id, is_answer, is_test, solution_answers, with_test_cells

__all__ = ["MISTAKES", "fill", "grade_id", "is_answer", "is_test", "mistake_rounds", "mistakes", "solution_answers",
           "with_test_cells"]


def mistakes(assignment: str) -> list[synthetic.Mistake]:
    return synthetic.mistakes(MISTAKES, assignment)


def mistake_rounds(assignment: str) -> list[list[synthetic.Mistake]]:
    return synthetic.mistake_rounds(MISTAKES, assignment)
