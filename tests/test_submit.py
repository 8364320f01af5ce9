"""The student's side of handing in (`helpers.submit`): what goes into an archive, and what is refused."""

import hashlib
import json
import re
import shutil
import zipfile
from datetime import UTC, datetime

import nbformat
import pytest
from conftest import ROOT

from helpers import submit

RELEASED = ROOT / "notebooks" / "01-tensors" / "tensors.ipynb"


@pytest.fixture
def assignment(tmp_path):
    folder = tmp_path / "notebooks" / "01-tensors"
    folder.mkdir(parents=True)
    shutil.copy(RELEASED, folder / "tensors.ipynb")
    return folder


def test_an_archive_holds_the_course_notebooks_and_a_manifest_that_names_them(assignment, tmp_path):
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]), assignment / "Untitled.ipynb")
    when = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    made = submit.write_archive("dl-foundations", assignment, "ada", tmp_path / "submissions", now=when)
    assert made.path.name == "01-tensors--ada.zip" and made.notebooks == ("tensors.ipynb",)
    with zipfile.ZipFile(made.path) as archive:
        assert sorted(archive.namelist()) == ["submission.json", "tensors.ipynb"]
        manifest = json.loads(archive.read("submission.json"))
        assert archive.read("tensors.ipynb") == RELEASED.read_bytes()
    assert manifest == {"format": 1, "course": "dl-foundations", "assignment": "01-tensors", "student": "ada",
                        "timestamp": "2026-12-01 09:30:00.000000 UTC",
                        "notebooks": {"tensors.ipynb": hashlib.sha256(RELEASED.read_bytes()).hexdigest()}}
    assert not list((tmp_path / "submissions").glob("*.partial"))


def test_nbgrader_zip_collect_finds_the_student_in_an_unpacked_archive():
    pattern = re.compile(submit.ZIP_COLLECT_PATTERN)
    found = pattern.match("/course/downloaded/01-tensors/extracted/smith_123_01-tensors--ada.b-2/tensors.ipynb")
    assert found and found["student_id"] == "ada.b-2" and found["file_id"] == "tensors.ipynb"
    assert not pattern.match("/course/downloaded/01-tensors/extracted/01-tensors--ada/submission.json")


@pytest.mark.parametrize("student", ["", "a b", "../ada", "ada--2", "-ada", "x" * 65, "ada/01"])
def test_a_student_id_that_nbgrader_could_not_file_is_refused(assignment, tmp_path, student):
    with pytest.raises(submit.CannotSubmit, match="is not a student id"):
        submit.write_archive("dl-foundations", assignment, student, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_folder_without_a_course_notebook_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(submit.CannotSubmit, match="no notebook of the course"):
        submit.write_archive("dl-foundations", tmp_path / "empty", "ada", tmp_path / "out")


def test_the_student_id_is_remembered_and_the_course_id_read_from_the_config(tmp_path):
    with pytest.raises(submit.CannotSubmit, match="STUDENT=your-id"):
        submit.remembered_student(tmp_path, None)
    assert submit.remembered_student(tmp_path, " ada ") == "ada"
    assert submit.remembered_student(tmp_path, None) == "ada"
    with pytest.raises(submit.CannotSubmit, match="no nbgrader_config.py"):
        submit.course_id(tmp_path)
    shutil.copy(ROOT / "student" / "nbgrader_config.py", tmp_path)
    assert submit.course_id(tmp_path) == "dl-foundations"
