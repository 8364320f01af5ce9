"""Check my work: runs a notebook as grading will and reports each exercise's visible checks, in plain words."""

import io
from pathlib import Path

import nbformat
import pytest
from conftest import ASSIGNMENTS
from rich.console import Console
from submissions import MISTAKES as MISTAKES_ROOT
from submissions import fill, grade_id, is_test, solution_answers

from helpers import check_my_work as cmw

TENSORS = next(a for a in ASSIGNMENTS if a.name == "01-tensors")
MISTAKES = MISTAKES_ROOT / "01-tensors"


def student_copy(tmp_path, answers: dict[str, str], edit_test: str | None = None):
    """The released 01-tensors notebook with some answers filled in (and one test cell edited), in tmp_path."""
    path = fill(TENSORS.released(TENSORS.notebooks[0]), answers, tmp_path / "tensors.ipynb")
    if edit_test:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if is_test(cell) and grade_id(cell) == edit_test:
                cell.source = cell.source.replace("check.passed()", "check.passed()  # edited")
        nbformat.write(nb, path)
    return path


def printed(report) -> str:
    out = io.StringIO()
    cmw.print_report(report, Console(file=out, width=200, color_system=None))
    return out.getvalue()


#: Two assignments, one of them in two notebooks. (That no graded function leans on an illustration cell, which
#: grading skips, is shown for every assignment by tests/test_roundtrip.py: the solution earns full marks.)
CHECKED = [a for a in ASSIGNMENTS if a.name in ("01-tensors", "06-gradient-descent")]


@pytest.mark.parametrize("assignment", CHECKED, ids=lambda a: a.name)
def test_a_solution_passes_its_visible_checks_when_run_as_grading_runs_it(assignment):
    for notebook in assignment.notebooks:
        report = cmw.run_check(assignment.source(notebook))
        assert report.exercises and report.all_passed, \
            [(notebook, e.exercise, e.status, e.explanation) for e in report.exercises]
        assert report.skipped > 0 and not report.problems, (notebook, report.problems)


def test_a_mixed_notebook_gets_one_plain_row_per_exercise(tmp_path):
    right = solution_answers(TENSORS.source(TENSORS.notebooks[0]))
    answers = {
        "ex1_1": right["ex1_1"],
        "ex1_2": right["ex1_2"],
        "ex1_3": (MISTAKES / "ex1_3__missing_bias.py").read_text(),  # a wrong answer
        # Uses `vector`, which only an illustration cell makes: fine in JupyterLab, not in grading.
        "ex1_4": "def standardize(x):\n    return (x - tf.reduce_mean(x, axis=0)) / vector[0]",
        "ex1_5": "def get_batch(x, batch_size, index)\n    return x",  # a syntax error
        "ex1_6": right["ex1_6"],
        # ex1_7 left unanswered
    }
    report = cmw.run_check(student_copy(tmp_path, answers, edit_test="ex1_6_test"))
    rows = {e.exercise: e for e in report.exercises}
    assert [e.exercise for e in report.exercises] == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"]
    assert rows["1.1"].status == rows["1.2"].status == rows["1.6"].status == "passed"
    assert rows["1.3"].status == "failed"
    assert rows["1.3"].explanation == ("the result is x @ W without the bias.\n"
                                       "Hint: add b: broadcasting adds it to every row.")
    assert rows["1.4"].status == "failed" and "name 'vector' is not defined" in rows["1.4"].explanation
    assert "tagged illustration" in rows["1.4"].explanation
    assert rows["1.5"].explanation.startswith("your answer cell raised SyntaxError")
    assert rows["1.7"].status == "not answered"
    assert rows["1.3"].points == 2 and rows["1.4"].points == 3
    assert any("test cell of Exercise 1.6 was changed" in p for p in report.problems), report.problems

    text = printed(report)
    assert "the result is x @ W without the bias." in text
    assert "3 of 7 exercises pass their visible checks" in text
    assert "hidden tests" in text and "not a guarantee" in text


def test_the_command_checks_notebooks_and_says_so_in_its_exit_code(tmp_path, capsys):
    untouched = student_copy(tmp_path, {})
    assert cmw.main([str(untouched)]) == 1
    out = capsys.readouterr().out
    assert out.count("not answered") == 7 and "0 of 7 exercises pass" in out

    broken = tmp_path / "broken.ipynb"
    broken.write_text('{"cells": [')
    missing = tmp_path / "missing.ipynb"
    no_exercises = tmp_path / "plain.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]), no_exercises)
    assert cmw.main([str(broken), str(missing), str(untouched), str(no_exercises)]) == 2
    captured = capsys.readouterr()
    err = captured.err
    # Several notebooks end with one sentence on all of them.
    assert captured.out.rstrip().splitlines()[-1] == (
        "0 of 4 notebooks pass all their visible checks; need work: tensors.ipynb (7 of 7 exercises); "
        "could not be checked (see above): broken.ipynb, missing.ipynb, plain.ipynb.")
    assert "broken.ipynb is not a readable notebook" in err
    assert f"there is no notebook at {missing}" in err
    assert "plain.ipynb has no graded exercises" in err
    assert broken.read_text() == '{"cells": ['


def test_a_check_never_runs_itself_and_finds_the_notebook_it_is_called_from(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(cmw.RUNNING_ENV, "1")
    assert cmw.check_my_work(tmp_path / "anything.ipynb") is None
    monkeypatch.delenv(cmw.RUNNING_ENV)

    path = student_copy(tmp_path, {})
    monkeypatch.setenv("JPY_SESSION_NAME", str(path))  # what Jupyter server tells a notebook's kernel
    assert cmw.find_notebook() == path
    monkeypatch.delenv("JPY_SESSION_NAME")
    monkeypatch.chdir(tmp_path)
    assert cmw.find_notebook() == path  # the only notebook in the folder
    (tmp_path / "other.ipynb").write_text("{}")
    assert cmw.check_my_work() is None
    assert 'say which notebook to check, e.g. check_my_work("tensors.ipynb")' in capsys.readouterr().out


def test_a_notebook_shows_the_table_once_and_never_the_reports_repr(capsys):
    report = cmw.Report(Path("tensors.ipynb"), 0.0, shown=True)
    report._ipython_display_()  # what IPython calls for a cell that ends with check_my_work()
    assert capsys.readouterr().out == ""
    report.shown = False
    report._ipython_display_()
    assert "Visible checks of tensors.ipynb" in capsys.readouterr().out
