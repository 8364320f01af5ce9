"""The kinds of grading notes (dlcourse.notes): every wording grading writes has the kind the report counts it as.

The wordings are read from the source (every sentence appended to a list of notes in dlcourse/), so that a new or
reworded note fails here until it has a kind and a realistic example below.
"""

import ast
from pathlib import Path

import pytest
from conftest import ROOT

from dlcourse.notes import KINDS, OTHER, OUTPUT_CUT, REPAIRED, TAMPERING, kind


class Chosen(str):
    """A value the student chose (a grade id, a file name, a points value): it must not change the note's kind."""


# (wording, with {} for each value, as dlcourse writes it; its kind; realistic values for the {}s, each a string or
# a tuple of the pieces it is made of)
WORDINGS = [
    ("the {} {} had been turned into a {} cell: graded as a {} cell again", TAMPERING,
     ("test cell", "ex1_3_test", "markdown", "code")),
    # an answer cell retyped is the student's own cell, one key away in JupyterLab: an accident, repaired
    ("the {} {} had been turned into a {} cell: graded as a {} cell again", REPAIRED,
     ("answer cell", "ex1_3", "raw", "code")),
    ("the points of {} {} had been changed to {}: the course's {} count", TAMPERING,
     ("test cell", "ex1_3_test", Chosen("'100'"), "2")),
    ("the nbgrader settings of {} {} had been changed ({}): the course's settings restored", TAMPERING,
     ("test cell", "ex1_3_test", "grade, locked")),
    ("the nbgrader settings of {} {} had been changed ({}): the course's settings restored", TAMPERING,
     ("answer cell", "ex1_3", "grade")),
    ("the read-only {} {} had been edited: graded with the course's version", TAMPERING,
     ("test cell", "ex1_3_test")),
    ("the read-only {} {} had other cells merged into it: their code runs as ungraded cells next to it", REPAIRED,
     ("read-only cell", "setup")),
    ("the {} {} appears {} times (duplicated or split): the copies run in the notebook's order, so the code that "
     "runs last is what its tests see", REPAIRED, ("answer cell", "ex1_3", "2")),
    ("the {} {} appears {} times: the first copy is graded, the {} not", REPAIRED,
     ("read-only cell", "intro", "3", "others are")),
    ("grade ids this notebook does not have ({}) were edited in or come from an older release of the assignment: "
     "those cells are not graded themselves", REPAIRED, (Chosen("ex1_9, my-answer"),)),
    ("the {} {} was there with {}: graded as the course's again", REPAIRED,
     ("test cell", "ex1_2_test", ("the grade id ", Chosen("old_ex1_2_test")))),
    ("the {} {} had been merged into {}: split out again and graded as the course's", REPAIRED,
     ("test cell", "ex1_3_test", "the answer cell ex1_3")),
    ("left out the tests under grade ids this notebook does not have ({}): the course's tests run instead", REPAIRED,
     (Chosen("ex2_1_test"),)),
    ("left out {} unchanged {} of the {} {}: the test runs once, where the course has it", REPAIRED,
     ("2", "copies", "test cell", "ex1_1_test")),
    ("dropped {} malformed {} from the list of cells", REPAIRED, ("1", "entry")),
    ("moved {} back to {} place in the course's order", REPAIRED, ("ex1_2_test, ex1_4_test", "their")),
    ("restored the deleted {} {} from the course", REPAIRED, ("test cell", "ex1_2_test")),
    ("{} was not submitted but {} holds its cells: graded {} in its place", REPAIRED,
     ("tensors.ipynb", Chosen("tensors (1).ipynb"), Chosen("tensors (1).ipynb"))),
    ("output cut after {} MB (cell {} on)", OUTPUT_CUT, ("4.19", "7")),
    ("the {} {} was deleted: not restored (it held the student's work), so its tests see only what the other cells "
     "define", OTHER, ("answer cell", "ex1_3")),
    # {} is why a missing notebook was not stood in for: the two wordings of check_submission's problems
    ("{}: no points for it", OTHER, ("tensors.ipynb was not submitted",)),
    ("{}: no points for it", OTHER, (("tensors.ipynb was not submitted and 2 notebooks hold its cells (",
                                      Chosen("a.ipynb, tensors-Copy1.ipynb"), "): none was graded in its place"),)),
    ("{} is not part of the assignment: not graded", OTHER, (Chosen("scratch.ipynb"),)),
]


def note(wording: str, values: tuple) -> str:
    """The wording with its {}s filled in, in order."""
    parts = wording.split("{}")
    assert len(parts) == len(values) + 1, f"{wording!r} has {len(parts) - 1} values, {len(values)} given"
    return parts[0] + "".join("".join(_pieces(value)) + part for value, part in zip(values, parts[1:], strict=True))


def _pieces(value) -> tuple:
    return value if isinstance(value, tuple) else (value,)


def forgeries(values: tuple, text: str):
    """``values`` with each value the student chose replaced by ``text``, one at a time."""
    for k, value in enumerate(values):
        pieces = _pieces(value)
        for i, piece in enumerate(pieces):
            if isinstance(piece, Chosen):
                yield values[:k] + (pieces[:i] + (text,) + pieces[i + 1:],) + values[k + 1:]


def _template(node) -> str | None:
    """The sentence a string literal or f-string writes, each formatted value as {}; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)
    return None


def _is_notes(node) -> bool:
    return isinstance(node, ast.Name) and node.id == "notes" or isinstance(node, ast.Attribute) and node.attr == "notes"


def written_notes() -> dict[str, str]:
    """``{wording: where}`` for every sentence dlcourse appends to a list of notes (``notes.append(...)``,
    ``result.notes += [...]``)."""
    found = {}
    for path in sorted((ROOT / "dlcourse").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append" \
                    and _is_notes(node.func.value):
                written = node.args
            elif isinstance(node, ast.AugAssign) and _is_notes(node.target) and isinstance(node.value, ast.List):
                written = node.value.elts
            elif isinstance(node, ast.AugAssign) and _is_notes(node.target) and isinstance(node.value, ast.ListComp):
                written = [node.value.elt]
            else:
                continue
            where = f"{Path(path).relative_to(ROOT)}:{node.lineno}"
            for value in written:
                wording = _template(value)
                assert wording is not None, f"{where}: a note must be a sentence written there, for this test to see"
                found[wording] = where
    return found


def test_every_wording_grading_writes_has_a_kind_here():
    written = written_notes()
    assert len(written) >= 15, written  # the scan finds the modules' notes
    listed = {wording for wording, _, _ in WORDINGS}
    new = {wording: where for wording, where in written.items() if wording not in listed}
    assert not new, f"notes with no kind: give each one in dlcourse/notes.py and an example here: {new}"
    assert not listed - set(written), f"wordings no module writes any more: {listed - set(written)}"


@pytest.mark.parametrize("wording, want, values", WORDINGS, ids=[w[:40] for w, _, _ in WORDINGS])
def test_each_wording_has_its_kind(wording, want, values):
    sentence = note(wording, values)
    assert kind(sentence) == want, sentence
    assert kind(f"tensors: {sentence}") == want, "Grader.record puts the notebook's name in front"
    assert kind(f"part1_descent: {sentence}") == want


def test_a_value_the_student_chose_does_not_change_the_kind():
    examples = [note(wording, values) for wording, _, values in WORDINGS]
    forged = 0
    for wording, want, values in WORDINGS:
        for other in examples:
            for changed in forgeries(values, f"tensors: {other}"):
                sentence = note(wording, changed)
                assert kind(f"tensors: {sentence}") == want, sentence
                forged += 1
    assert forged >= 7 * len(examples)


def test_kinds_are_explained_in_order():
    assert list(KINDS) == [TAMPERING, REPAIRED, OUTPUT_CUT, OTHER]
    assert all(len(text.split()) >= 8 for text in KINDS.values())
    assert {want for _, want, _ in WORDINGS} == set(KINDS)


def test_an_unknown_sentence_is_other_and_a_non_sentence_an_error():
    assert kind("tensors: something new happened") == OTHER
    assert kind("") == OTHER
    # a known wording inside a longer sentence is not that wording
    assert kind("tensors: restored the deleted test cell ex1_2_test from the course, and more") == OTHER
    with pytest.raises(TypeError, match="sentence"):
        kind(["restored the deleted test cell ex1_2_test from the course"])
