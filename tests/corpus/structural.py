"""Structurally damaged submissions of 01-tensors: cells deleted, pasted twice, moved, split, merged, retyped,
re-pointed; an older release; files that are not notebooks, missing, extra or renamed.

Each must be graded as fairly as nbgrader allows (``dlcourse/repair.py`` says how): the course's own
cells (tests) are restored, the student's work is never restored or credited twice, cells run in the student's
order, and what cannot be graded is reported with its reason. Scores are out of 15 (``corpus.POINTS``).

Two rules the scores below rely on:
- of two copies of an answer cell, the one that runs last defines the function the tests see, as it would in
  the student's notebook run top to bottom (``s-duplicated-answer`` loses ex1_3, ``s-duplicated-answer-fixed``
  does not);
- a deleted answer cell stays deleted (``s-deleted-answer`` loses ex1_3), a deleted test cell comes back.

``s-huge-file`` writes a 60 MB notebook (the default limit is 50 MB): it is refused by its size before anything
reads it, so it costs the batch a few tenths of a second of disk writes and hashing.
"""

import copy
import json
from pathlib import Path

import nbformat

from dlcourse import synthetic

from . import Case, answers, is_test, save, solved

MISTAKES = synthetic.MISTAKES / "01-tensors"


def _wrong(exercise: str) -> str:
    """A wrong answer for an exercise, from the course's collection of plausible mistakes."""
    return sorted(MISTAKES.glob(f"{exercise}__*.py"))[0].read_text()


def _index(nb, gid: str) -> int:
    [i] = [i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == gid]
    return i


def _without(*gids: str):
    def build(folder: Path) -> None:
        nb = solved()
        nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") not in gids]
        save(nb, folder)
    return build


def _all_tests_deleted(folder: Path) -> None:
    nb = solved()
    nb.cells = [c for c in nb.cells if not is_test(c)]
    save(nb, folder)


def _duplicated_test(folder: Path) -> None:
    # Pasted twice, the copy above the answer, with its points raised: neither copy earns more than 2.
    nb = solved()
    test = copy.deepcopy(nb.cells[_index(nb, "ex1_2_test")])
    test.metadata.nbgrader["points"] = 50
    test["id"] = "pasted"  # JupyterLab gives a pasted cell an id of its own
    nb.cells.insert(_index(nb, "ex1_2"), test)
    save(nb, folder)


def _duplicated_answer(first: str, second: str):
    def build(folder: Path) -> None:
        nb = solved({"ex1_3": first})
        copy_ = copy.deepcopy(nb.cells[_index(nb, "ex1_3")])
        copy_.source = second
        copy_["id"] = "pasted"
        nb.cells.insert(_index(nb, "ex1_3") + 1, copy_)
        save(nb, folder)
    return build


def _test_above_answer(folder: Path) -> None:
    nb = solved()
    test = nb.cells.pop(_index(nb, "ex1_2_test"))
    nb.cells.insert(_index(nb, "ex1_2"), test)
    save(nb, folder)


def _swapped_exercises(folder: Path) -> None:
    # Exercise 1.5 (heading, answer, test) dragged above exercise 1.4's heading.
    nb = solved()
    start = next(i for i, c in enumerate(nb.cells) if "### Exercise 1.5" in c.source)
    block = nb.cells[start:_index(nb, "ex1_5_test") + 1]
    del nb.cells[start:_index(nb, "ex1_5_test") + 1]
    at = next(i for i, c in enumerate(nb.cells) if "### Exercise 1.4" in c.source)
    nb.cells[at:at] = block
    save(nb, folder)


def _split_answer(folder: Path) -> None:
    # JupyterLab's split (Ctrl-Shift-minus) copies the metadata, grade id included, to both halves.
    nb = solved({"ex1_4": answers()["ex1_4"] + "\n\nstandardize(tf.constant([[1.0, 2.0], [3.0, 5.0]]))"})
    i = _index(nb, "ex1_4")
    first, second = copy.deepcopy(nb.cells[i]), copy.deepcopy(nb.cells[i])
    first.source, second.source = answers()["ex1_4"], "standardize(tf.constant([[1.0, 2.0], [3.0, 5.0]]))"
    second["id"] = "split-half"
    nb.cells[i:i + 1] = [first, second]
    save(nb, folder)


def _merged(folder: Path) -> None:
    # JupyterLab's merge keeps the first cell's metadata: the ex1_3 test now sits inside the ex1_3 answer cell.
    nb = solved()
    i = _index(nb, "ex1_3")
    nb.cells[i].source += "\n\n" + nb.cells[i + 1].source
    del nb.cells[i + 1]
    save(nb, folder)


def _changed_grade_id(folder: Path) -> None:
    # A wrong answer, its test cell renamed and emptied: the course's test comes back and still fails it.
    nb = solved({"ex1_5": _wrong("ex1_5")})
    test = nb.cells[_index(nb, "ex1_5_test")]
    test.metadata.nbgrader["grade_id"] = "ex1_5_test_mine"
    test.source = "pass"
    save(nb, folder)


def _changed_points(folder: Path) -> None:
    nb = solved()
    nb.cells[_index(nb, "ex1_2_test")].metadata.nbgrader["points"] = 100
    save(nb, folder)


def _unlocked_and_edited(folder: Path) -> None:
    nb = solved({"ex1_3": _wrong("ex1_3")})
    test = nb.cells[_index(nb, "ex1_3_test")]
    test.metadata.nbgrader["locked"] = False
    test.source = "check = None  # nothing to see here"
    save(nb, folder)


def _test_as(cell_type: str):
    def build(folder: Path) -> None:
        nb = solved()
        i = _index(nb, "ex1_6_test")
        old = nb.cells[i]
        make = nbformat.v4.new_markdown_cell if cell_type == "markdown" else nbformat.v4.new_raw_cell
        nb.cells[i] = make(old.source, metadata=old.metadata, id=old.id)
        save(nb, folder)
    return build


def _outdated_release(folder: Path) -> None:
    # An older release: exercise 1.7 did not exist yet, exercise 1.5's cells had other grade ids and its test
    # fewer checks, exercise 1.6's test was the same as today's under another grade id.
    nb = solved()
    start = next(i for i, c in enumerate(nb.cells) if "### Exercise 1.7" in c.source)
    del nb.cells[start:_index(nb, "ex1_7_test") + 1]
    nb.cells[_index(nb, "ex1_5")].metadata.nbgrader["grade_id"] = "batch"
    old_test = nb.cells[_index(nb, "ex1_5_test")]
    old_test.metadata.nbgrader["grade_id"] = "batch_check"
    old_test.source = "\n".join(old_test.source.splitlines()[:3] + ["check.passed()"])
    nb.cells[_index(nb, "ex1_6_test")].metadata.nbgrader["grade_id"] = "channels_check"
    save(nb, folder)


def _writes(name: str, content: bytes):
    def build(folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    return build


def _huge(folder: Path) -> None:
    nb = solved()
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * 60_000_000)]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tensors.ipynb").write_text(json.dumps(nb))


def _only_timestamp(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "timestamp.txt").write_text("2026-03-02 09:00:00.000000 UTC\n")


def _extra_notebook(folder: Path) -> None:
    save(solved(), folder)
    save(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]), folder, "Untitled.ipynb")


def _renamed(*names: str):
    def build(folder: Path) -> None:
        for name in names:
            save(solved(), folder, name)
        (folder / "timestamp.txt").write_text("2026-03-02 09:00:00.000000 UTC\n")
    return build


CASES: list[Case] = [
    Case("s-deleted-test", "the ex1_2 test cell deleted", _without("ex1_2_test"), 15,
         r"restored the deleted test cell ex1_2_test"),
    Case("s-deleted-answer", "the ex1_3 answer cell deleted", _without("ex1_3"), 13,
         r"answer cell ex1_3 was deleted"),
    Case("s-deleted-locked", "every read-only cell deleted (in 01-tensors: the seven test cells)",
         _all_tests_deleted, 15,
         r"restored the deleted test cell ex1_1_test[\s\S]*restored the deleted test cell ex1_7_test"),
    Case("s-deleted-exercise", "the ex1_3 answer and its test deleted", _without("ex1_3", "ex1_3_test"), 13,
         r"answer cell ex1_3 was deleted[\s\S]*restored the deleted test cell ex1_3_test"),
    Case("s-duplicated-test", "the ex1_2 test pasted again above its answer, worth 50 points",
         _duplicated_test, 15, r"test cell ex1_2_test appears 2 times"),
    Case("s-duplicated-answer", "the ex1_3 answer duplicated, the second copy wrong (it runs last)",
         _duplicated_answer(answers()["ex1_3"], _wrong("ex1_3")), 13, r"answer cell ex1_3 appears 2 times"),
    Case("s-duplicated-answer-fixed", "the ex1_3 answer duplicated, the first copy wrong, the second right",
         _duplicated_answer(_wrong("ex1_3"), answers()["ex1_3"]), 15, r"answer cell ex1_3 appears 2 times"),
    Case("s-test-above-answer", "the ex1_2 test cell moved above its answer", _test_above_answer, 15,
         r"moved ex1_2_test back to its place"),
    Case("s-swapped-exercises", "exercise 1.5 moved above exercise 1.4", _swapped_exercises, 15,
         r"moved ex1_\d(_test)?, ex1_\d(_test)? back to their place"),
    Case("s-split-answer", "the ex1_4 answer split in two, both halves with its grade id", _split_answer, 15,
         r"answer cell ex1_4 appears 2 times \(duplicated or split\)"),
    Case("s-merged-cells", "the ex1_3 answer merged with its test below it (the answer's metadata kept)", _merged,
         15, r"test cell ex1_3_test had been merged into the answer cell ex1_3"),
    Case("s-changed-grade-id", "a wrong ex1_5 answer, its test's grade id changed and the test emptied",
         _changed_grade_id, 13, r"ex1_5_test_mine[\s\S]*restored the deleted test cell ex1_5_test"),
    Case("s-changed-points", "the ex1_2 test worth 100 points", _changed_points, 15,
         r"points of test cell ex1_2_test had been changed to 100"),
    Case("s-unlocked-edited", "a wrong ex1_3 answer, its test unlocked and emptied", _unlocked_and_edited, 13,
         r"nbgrader settings of test cell ex1_3_test had been changed \(locked\)[\s\S]*test cell ex1_3_test had been "
         r"edited"),
    Case("s-test-as-markdown", "the ex1_6 test cell turned into markdown", _test_as("markdown"), 15,
         r"test cell ex1_6_test had been turned into a markdown cell"),
    Case("s-test-as-raw", "the ex1_6 test cell turned into a raw cell", _test_as("raw"), 15,
         r"test cell ex1_6_test had been turned into a raw cell"),
    Case("s-outdated-release", "an older release: no exercise 1.7, other grade ids for exercise 1.5",
         _outdated_release, 13,
         r"batch, batch_check, channels_check[\s\S]*older release[\s\S]*test cell ex1_6_test was there with the "
         r"grade id channels_check[\s\S]*left out the tests under grade ids this notebook does not have "
         r"\(batch_check\)[\s\S]*restored the deleted test cell ex1_5_test[\s\S]*restored the deleted test cell "
         r"ex1_7_test"),
    Case("s-corrupt-json", "tensors.ipynb cut off after 12 characters", _writes("tensors.ipynb", b'{"cells": ['),
         0, r"tensors\.ipynb is not valid JSON \(line 1, column 12\)", graded=False),
    Case("s-empty-file", "tensors.ipynb empty (0 bytes)", _writes("tensors.ipynb", b""), 0,
         r"tensors\.ipynb is not a notebook: the file is empty", graded=False),
    Case("s-huge-file", "tensors.ipynb of 60 MB (a cell printed 60 million characters)", _huge, 0,
         r"tensors\.ipynb is 60(\.\d)? MB, over the 50 MB limit", graded=False),
    Case("s-missing-notebook", "only timestamp.txt submitted", _only_timestamp, 0,
         r"no notebook of the assignment could be graded: tensors\.ipynb was not submitted", graded=False),
    Case("s-extra-notebook", "an Untitled.ipynb next to the solved notebook", _extra_notebook, 15,
         r"Untitled\.ipynb is not part of the assignment"),
    Case("s-renamed-notebook", "the solved notebook saved as 'tensors (1).ipynb'", _renamed("tensors (1).ipynb"), 15,
         r"graded tensors \(1\)\.ipynb in its place"),
    Case("s-renamed-twice", "two renamed copies, 'tensors (1).ipynb' and 'tensors-Copy1.ipynb': which one?",
         _renamed("tensors (1).ipynb", "tensors-Copy1.ipynb"), 0,
         r"2 notebooks hold its cells \(tensors \(1\)\.ipynb, tensors-Copy1\.ipynb\)", graded=False),
]
