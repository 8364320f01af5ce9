"""The dlcourse command and the preprocessors the course adds to nbgrader."""

import nbformat
import pytest
from conftest import ROOT
from nbformat.v4 import new_code_cell, new_notebook, new_output

from dlcourse.cli import main
from dlcourse.preprocessors import HideHiddenTests, TidyMetadata


def test_list_names_every_assignment(capsys):
    assert main(["--root", str(ROOT), "list"]) == 0
    assert "01-tensors: tensors" in capsys.readouterr().out.splitlines()


def test_unknown_assignment_is_a_clear_error(capsys):
    assert main(["--root", str(ROOT), "release", "99-nothing"]) == 2
    err = capsys.readouterr().err
    assert "No assignment 99-nothing" in err and "01-tensors" in err


def test_outside_a_course_says_where_to_run(tmp_path, capsys):
    assert main(["--root", str(tmp_path), "list"]) == 2
    assert "Run the command from the course folder, or pass --root" in capsys.readouterr().err


def _test_cell(source, **nbgrader):
    cell = new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "t", "points": 1, **nbgrader}
    return cell


def test_hide_hidden_tests_cuts_the_region_and_the_traceback():
    cell = _test_cell("visible()\n### BEGIN HIDDEN TESTS\nsecret_check(42)\n### END HIDDEN TESTS")
    cell.outputs = [new_output("error", ename="CheckFailed", evalue="Exercise 1.1: wrong",
                               traceback=["---> 3 secret_check(42)", "CheckFailed: Exercise 1.1: wrong"])]
    nb, _ = HideHiddenTests().preprocess(new_notebook(cells=[cell]), {})
    assert nb.cells[0].source == "visible()"
    assert nb.cells[0].outputs[0].traceback == ["CheckFailed: Exercise 1.1: wrong"]


def test_hide_hidden_tests_leaves_student_cells_alone():
    answer = new_code_cell("### BEGIN HIDDEN TESTS\nmy own notes")  # no END marker: must not crash
    answer.metadata["nbgrader"] = {"grade": False, "solution": True, "grade_id": "a"}
    visible_only = _test_cell("visible()")
    visible_only.outputs = [new_output("error", ename="E", evalue="v", traceback=["line 1", "E: v"])]
    nb, _ = HideHiddenTests().preprocess(new_notebook(cells=[answer, visible_only]), {})
    assert nb.cells[0].source == answer.source
    assert nb.cells[1].outputs[0].traceback == ["line 1", "E: v"]


def test_tidy_metadata_keeps_only_what_a_release_needs():
    cell = new_code_cell("x = 1")
    cell.metadata.update({"nbgrader": {"grade": False}, "editable": False, "tags": ["a"], "scrolled": True,
                          "execution": {"iopub.status.busy": "2026-01-01"}})
    kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb = new_notebook(cells=[cell], metadata={"kernelspec": kernelspec, "language_info": {"name": "x"},
                                              "widgets": {}})
    nb, _ = TidyMetadata().preprocess(nb, {})
    assert set(nb.metadata) == {"kernelspec"}
    assert set(nb.cells[0].metadata) == {"nbgrader", "editable", "tags"}
    nbformat.validate(nb)


def test_late_work_loses_a_tenth_of_its_score_per_started_day():
    from dlcourse.late import PerDayPenalty

    late = PerDayPenalty()
    assert late.late_submission_penalty("ada", 8.0, 0) is None  # on time
    assert late.late_submission_penalty("ada", 8.0, 1) == pytest.approx(0.8)  # a second late: a day started
    assert late.late_submission_penalty("ada", 8.0, 86400) == pytest.approx(0.8)
    assert late.late_submission_penalty("ada", 8.0, 86401) == pytest.approx(1.6)
    assert late.late_submission_penalty("ada", 8.0, 30 * 86400) == pytest.approx(8.0)  # never below zero
    assert PerDayPenalty(percent_per_day=25).late_submission_penalty("ada", 8.0, 1) == pytest.approx(2.0)


def test_the_course_config_uses_the_late_work_policy(root):
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    assert config.AssignLatePenalties.plugin_class == "dlcourse.late.PerDayPenalty"
