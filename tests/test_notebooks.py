"""The anatomy of every notebook (DESIGN.md), checked by small rules over nbformat.

Solutions: title first, the setup cell second, and each exercise a heading "Exercise N.M", one answer
cell holding one function (grade_id exN_M), then one test cell (exN_M_test) with points, visible checks
and hidden tests. Released notebooks: no solutions, no hidden tests, no outputs, tidy metadata.
Images, figures, colours and the first and last cells are checked in test_accessibility.py.
"""

import ast
import re
from pathlib import Path

import nbformat
import pytest
from conftest import ASSIGNMENTS, ROOT
from submissions import grade_id, is_answer, is_test

from dlcourse import timing

SOLUTIONS = [a.source(nb) for a in ASSIGNMENTS for nb in a.notebooks]
RELEASED = [a.released(nb) for a in ASSIGNMENTS for nb in a.notebooks if a.released(nb).exists()]
SETUP_CELL = "from helpers import setup\n\nsetup()"
EXERCISE_ID = re.compile(r"^ex(\d+)_(\d+)$")


def ids(paths):
    return [str(p.relative_to(ROOT)) for p in paths]


def read(path: Path):
    return nbformat.read(path, as_version=4)


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids(SOLUTIONS))
def test_solution_opens_with_title_and_setup(path):
    cells = read(path).cells
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# "), "first cell: a '# Title' cell"
    for needed in ("**Time:**", "**You need:**"):
        assert needed in cells[0].source, f"the title cell should say {needed}"
    assert cells[1].cell_type == "code" and cells[1].source.strip() == SETUP_CELL, \
        f"second cell: exactly\n{SETUP_CELL}"


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids(SOLUTIONS))
def test_the_stated_time_matches_the_estimate(path):
    """The Time line says what dlcourse.timing estimates from the notebook as it is now."""
    nb = read(path)
    est = timing.estimate(nb)
    stated = timing.stated_minutes(nb.cells[0].source)
    assert stated is not None, f"{path.name}: the title cell has no '- **Time:** about N minutes' line"
    assert abs(stated - est.minutes) <= max(5, 0.1 * est.minutes), \
        f"{path.name} says about {stated} minutes, its contents about {est.minutes}: run `make bench-times WRITE=1`"
    assert "runs top to bottom in about" in nb.cells[0].source, f"{path.name}: say how long the notebook runs"


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids(SOLUTIONS))
def test_solution_exercises_follow_the_anatomy(path):
    cells = read(path).cells
    answers = [i for i, c in enumerate(cells) if is_answer(c)]
    # At least five graded exercises an assignment; one split into parts counts them over its notebooks.
    in_assignment = sum(is_answer(c) for part in path.parent.glob("*.ipynb") for c in read(part).cells)
    assert in_assignment >= 5, f"{path.parent.name} has {in_assignment} graded exercises; at least 5 are asked for"
    number = path.parent.name.split("-")[0].lstrip("0")
    for i in answers:
        answer = cells[i]
        match = EXERCISE_ID.match(grade_id(answer))
        assert match and match.group(1) == number, \
            f"answer cell {grade_id(answer)!r}: name it ex{number}_M for Exercise {number}.M"
        heading = f"Exercise {match.group(1)}.{match.group(2)}"
        before = [c for c in cells[:i] if c.cell_type == "markdown"]
        assert before and f"### {heading}" in before[-1].source, f"the markdown before {grade_id(answer)} " \
                                                                  f"should have the heading '### {heading}'"
        tree = ast.parse(_strip_magics(answer.source))
        functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
        assert len(functions) == 1 and len(tree.body) == 1, f"{grade_id(answer)}: the answer cell holds one function"
        assert "### BEGIN SOLUTION" in answer.source and "### END SOLUTION" in answer.source

        test = cells[i + 1]
        assert is_test(test) and grade_id(test) == f"{grade_id(answer)}_test", \
            f"the cell after {grade_id(answer)} should be its test cell, {grade_id(answer)}_test"
        assert test.metadata["nbgrader"].get("points", 0) > 0, f"{grade_id(test)} is worth no points"
        assert f'checks.Exercise("{match.group(1)}.{match.group(2)}", {functions[0].name})' in test.source, \
            f"{grade_id(test)} should check {functions[0].name} with checks.Exercise(\"{heading[9:]}\", ...)"
        visible, _, hidden = test.source.partition("### BEGIN HIDDEN TESTS")
        assert hidden and "### END HIDDEN TESTS" in hidden, f"{grade_id(test)} has no hidden tests"
        assert ".passed()" in visible, f"{grade_id(test)}: the visible checks should end with check.passed()"


def _strip_magics(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids(SOLUTIONS))
def test_solution_ran_cleanly(path):
    nb = read(path)
    # Cells nbval skips are not run by `make execute` either (the check-my-work cell), and keep no output.
    code = [c for c in nb.cells if c.cell_type == "code" and "nbval-skip" not in c.metadata.get("tags", [])]
    assert all(c.execution_count for c in code), f"{path.name} has cells that never ran: run `make execute`"
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), f"{path.name} was not run top to bottom: run `make execute`"
    for c in code:
        for out in c.outputs:
            assert out.output_type != "error", f"{path.name}: a cell stored an error: {out.get('evalue')}"
            assert not (out.output_type == "stream" and out.name == "stderr"), \
                f"{path.name}: a cell wrote to stderr: {out.text[:200]}"


@pytest.mark.parametrize("path", RELEASED, ids=ids(RELEASED))
def test_released_notebook_holds_no_answers_and_no_outputs(path):
    nb = read(path)
    text = path.read_text()
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text, f"{path.name} contains '### {marker}'"
    assert set(nb.metadata) <= {"kernelspec", "nbgrader"}, f"{path.name}: extra metadata {set(nb.metadata)}"
    for cell in nb.cells:
        assert cell.source.strip(), f"{path.name} has an empty cell"
        assert set(cell.metadata) <= {"nbgrader", "deletable", "editable", "tags"}
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{path.name} has stored outputs"
        if is_answer(cell):
            assert "raise NotImplementedError()" in cell.source, f"{grade_id(cell)} still holds code to write"


@pytest.mark.parametrize("path", RELEASED, ids=ids(RELEASED))
def test_released_answer_cells_hold_no_solution_code(path):
    """Every line of a solution between its markers is gone from the released notebook."""
    solution = read(ROOT / "solutions" / path.relative_to(ROOT / "notebooks"))
    released = {grade_id(c): c.source for c in read(path).cells if is_answer(c)}
    for cell in solution.cells:
        if not is_answer(cell):
            continue
        body = cell.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
        for line in (line.strip() for line in body.splitlines()):
            if len(line) < 6:  # a bare ")" or "pass" proves nothing
                continue
            assert line not in released[grade_id(cell)], f"{grade_id(cell)}: released with '{line}'"
