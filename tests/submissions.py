"""The test suite's view of ``helpers.instructor.synthetic``: mistakes come from tests/mistakes/."""

from pathlib import Path

from helpers.instructor import synthetic
from helpers.instructor.synthetic import fill, grade_id, is_answer, is_test, solution_answers, with_test_cells

MISTAKES = Path(__file__).parent / "mistakes"

__all__ = ["MISTAKES", "fill", "grade_id", "is_answer", "is_test", "mistake_rounds", "mistakes", "solution_answers",
           "with_test_cells"]


def mistakes(assignment: str) -> list[synthetic.Mistake]:
    return synthetic.mistakes(MISTAKES, assignment)


def mistake_rounds(assignment: str) -> list[list[synthetic.Mistake]]:
    return synthetic.mistake_rounds(MISTAKES, assignment)
