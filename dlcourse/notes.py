"""The kinds of notes grading writes: what it found in a submission and did beyond scoring it.

Notes are plain sentences. ``repair.repair`` writes them about a notebook's cells, ``repair.check_submission``
about the submission's files, ``worker.GradingExecutor`` about its output; ``Grader.record`` puts the notebook's
name in front ("tensors: moved ex1_2_test back to its place in the course's order") and ``Grader.notes()`` returns
them per submission. ``kind(note)`` sorts one into ``KINDS`` by those modules' wordings, so that the report can
say how many submissions were tampered with. tests/test_notes.py gives every wording a kind.
"""

import re

TAMPERING, REPAIRED, OUTPUT_CUT, OTHER = "tampering", "repaired", "output cut", "other"

#: Each kind, in the order the report lists them, with what it means for the instructor.
KINDS = {
    TAMPERING: "a course cell (a test, task or read-only cell) was edited or retyped, or a cell had its points or "
               "nbgrader settings changed, on purpose or not; it was graded as the course made it",
    REPAIRED: "the notebook's structure was damaged: cells deleted, moved, duplicated, split, merged or retyped, "
              "cells from an older release, malformed entries, the notebook saved under another name; grading "
              "put the course's cells back and graded the student's work",
    OUTPUT_CUT: "the notebook printed more than the output limit: the rest of its output was cut",
    OTHER: "anything else: a deleted answer cell (not restored: it is the student's work), a notebook of the "
           "assignment missing, a file that is not part of the assignment",
}

_COURSE_CELL = r"(?:test|task|read-only) cell \S+"  # repair.CourseCell.kind and its grade id: the course's own
_CELL = rf"(?:answer cell \S+|{_COURSE_CELL})"
# Each wording, the variable parts as patterns; a note matches one in full, so that a grade id or file name
# the student chose cannot make it pass for another kind.
_WORDINGS = {
    TAMPERING: [
        rf"the {_COURSE_CELL} had been turned into a \w+ cell: graded as a \w+ cell again",
        rf"the points of {_CELL} had been changed to .+: the course's \S+ count",
        rf"the nbgrader settings of {_CELL} had been changed \(.+\): the course's settings restored",
        rf"the read-only {_COURSE_CELL} had been edited: graded with the course's version",
    ],
    REPAIRED: [
        rf"the {_CELL} appears \d+ times(?: \(duplicated or split\): the copies run in the notebook's order, so the "
        r"code that runs last is what its tests see|: the first copy is graded, the others? (?:is|are) not)",
        r"grade ids this notebook does not have \(.+\) were edited in or come from an older release of the "
        r"assignment: those cells are not graded themselves",
        rf"the {_CELL} was there with (?:the grade id .+|no nbgrader metadata): graded as the course's again",
        rf"the {_CELL} had been merged into (?:the {_CELL}|another cell): split out again and graded as the "
        r"course's",
        r"left out the tests under grade ids this notebook does not have \(.+\): the course's tests run instead",
        rf"left out \d+ unchanged cop(?:y|ies) of the {_CELL}: the test runs once, where the course has it",
        rf"the read-only {_COURSE_CELL} had other cells merged into it: their code runs as ungraded cells next to it",
        # an answer cell retyped is an accident (one key in JupyterLab) and the student's own cell
        r"the answer cell \S+ had been turned into a \w+ cell: graded as a \w+ cell again",
        r"dropped \d+ malformed entr(?:y|ies) from the list of cells",
        r"moved .+ back to (?:its|their) place in the course's order",
        rf"restored the deleted {_COURSE_CELL} from the course",
        r".+ was not submitted but .+ holds its cells: graded .+ in its place",
    ],
    OUTPUT_CUT: [r"output cut after \S+ MB \(cell \d+ on\)"],
}
_NOTEBOOK = r"(?:[^:\n]+: )?"  # the notebook's name, as Grader.record writes it in front
_PATTERNS = [(name, re.compile(_NOTEBOOK + wording, re.DOTALL))
             for name, wordings in _WORDINGS.items() for wording in wordings]


def kind(note: str) -> str:
    """The kind of a grading note: one of ``KINDS``; ``OTHER`` for a wording none of the others has.

    >>> kind("tensors: the read-only test cell ex1_3_test had been edited: graded with the course's version")
    'tampering'
    """
    if not isinstance(note, str):
        raise TypeError(f"A grading note is a sentence (str); got {type(note).__name__}: {note!r}.")
    return next((name for name, pattern in _PATTERNS if pattern.fullmatch(note)), OTHER)
