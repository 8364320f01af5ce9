"""A corpus of hostile and broken submissions, each with the score it must get and the reason the report must give.

Every case is one student's submission of ``01-tensors`` (7 exercises, 15 points). ``tests/test_corpus.py`` puts
them all in one course, grades them in one batch and checks each score and reason, that the gradebook stays intact
and that nothing outside the grading scratch area changes. The cases live in ``hostile.py`` (code that attacks the
grader: its sandbox, its limits, the kernel the notebook runs in), ``boundary.py`` (code that attacks the tests while
they run, as a student who had read an in-process grader would: none of it can reach them now that they run in a
process of their own) and ``structural.py`` (notebooks damaged on purpose or by accident).
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from dlcourse.synthetic import grade_id, is_answer, is_test, solution_answers

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = "01-tensors"
NOTEBOOK = "tensors"
SOLUTION = ROOT / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
RELEASED = ROOT / "notebooks" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
FULL_MARKS = 15.0
POINTS = {"ex1_1_test": 2, "ex1_2_test": 2, "ex1_3_test": 2, "ex1_4_test": 3, "ex1_5_test": 2, "ex1_6_test": 2,
          "ex1_7_test": 2}


@dataclass(frozen=True)
class Case:
    """One submission of the corpus.

    Attributes:
        student: its student id in the batch (lower case letters, digits and dashes).
        attack: what it does, in a few words.
        build: ``build(folder)`` writes the submission's files into ``folder`` (submitted/<student>/01-tensors).
        score: the points it must get, out of 15.
        reason: a regular expression that the reason (for a submission that could not be graded) or the notes
            (for one that was) must match, searched case-insensitively; ``""``: no reason and no notes at all;
            ``None``: not checked.
        graded: whether it must be graded (``False``: reported as could-not-grade, with ``reason``).
    """

    student: str
    attack: str
    build: Callable[[Path], None]
    score: float
    reason: str | None = ""
    graded: bool = True


def released() -> nbformat.NotebookNode:
    """A fresh copy of the released notebook."""
    return nbformat.read(RELEASED, as_version=4)


def answers() -> dict[str, str]:
    """The solution's answer cells, by grade_id."""
    return dict(solution_answers(SOLUTION))


def solved(changes: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """The released notebook with every answer right, then answer cells replaced by ``changes`` (by grade_id)."""
    nb = released()
    filled = answers() | (changes or {})
    for cell in nb.cells:
        if is_answer(cell):
            cell.source = filled[grade_id(cell)]
    return nb


def with_extra(grade_id_: str, code: str) -> nbformat.NotebookNode:
    """The solved notebook with ``code`` appended to one answer cell."""
    return solved({grade_id_: answers()[grade_id_] + "\n\n" + code})


def save(nb: nbformat.NotebookNode, folder: Path, name: str = f"{NOTEBOOK}.ipynb") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(copy.deepcopy(nb), folder / name)


def cells(nb: nbformat.NotebookNode, test: Callable) -> list[int]:
    """Indices of the cells for which ``test(cell)`` holds (``is_answer``, ``is_test``, ...)."""
    return [i for i, cell in enumerate(nb.cells) if test(cell)]


__all__ = ["ASSIGNMENT", "FULL_MARKS", "NOTEBOOK", "POINTS", "RELEASED", "ROOT", "SOLUTION", "Case", "answers",
           "cells", "grade_id", "is_answer", "is_test", "released", "save", "solved", "with_extra"]
