"""Hand in without JupyterHub: one archive per assignment, to upload to the course's LMS (Canvas, Moodle, ...).

    make submit STUDENT=your-id                      # every assignment under notebooks/
    make submit STUDENT=your-id NB=notebooks/01-tensors/tensors.ipynb
    .venv/bin/check-my-work --submit --student your-id notebooks/01-tensors/tensors.ipynb

Each notebook is checked once more (as ``check_my_work`` does), then the assignment's notebooks, as last saved, go
into ``submissions/<assignment>--<student>.zip`` with a manifest, ``submission.json``: the course, the assignment,
the student, when it was made, and each notebook's SHA-256. The instructor brings a folder of these in with
``dlcourse collect`` (or ``nbgrader zip_collect``, whose file-name pattern is ``ZIP_COLLECT_PATTERN``) into
nbgrader's ``submitted/<student>/<assignment>/``.

This module defines the archive format; the instructor's ``dlcourse collect`` reads it.
"""

import hashlib
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

#: Folder of the student course the archives are written to.
SUBMISSIONS_DIR = "submissions"
#: The manifest inside every archive.
MANIFEST = "submission.json"
#: Archive format version, in the manifest.
FORMAT = 1
#: Between the assignment and the student in an archive's name (neither may contain it).
SEPARATOR = "--"
#: A student id: what nbgrader files the work under (letters, digits and ``. _ @ -``; no ``--``).
STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
#: nbgrader's timestamp format (timestamp.txt).
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"
#: ``FileNameCollectorPlugin.named_regexp`` for ``nbgrader zip_collect``: zip_collect unpacks each archive into a
#: folder named after it (``.../extracted/01-tensors--ada/tensors.ipynb``), so the student is in the folder's name.
ZIP_COLLECT_PATTERN = r".*/[^/]*?--(?P<student_id>[A-Za-z0-9][A-Za-z0-9._@-]*)/(?P<file_id>[^/]+\.ipynb)$"
#: Where a student's id is remembered between two ``make submit``s.
STUDENT_FILE = ".student-id"


class CannotSubmit(Exception):
    """The archive could not be written; the message says why and what to do."""


def check_student_id(student: str) -> str:
    student = student.strip()
    if not STUDENT_ID.fullmatch(student) or SEPARATOR in student:
        raise CannotSubmit(f"{student!r} is not a student id: use the id your instructor gave you (letters, digits "
                           "and . _ @ -, at most 64 characters, no '--').")
    return student


def archive_name(assignment: str, student: str) -> str:
    return f"{assignment}{SEPARATOR}{student}.zip"


@dataclass(frozen=True)
class Archive:
    path: Path
    assignment: str
    notebooks: tuple[str, ...]


def course_notebooks(assignment_dir: Path) -> tuple[list[Path], list[Path]]:
    """The course's notebooks in ``assignment_dir`` (those with graded cells, or unreadable: grading says why),
    and the others (a student's ``Untitled.ipynb``), which are not handed in."""
    from . import cells

    course, others = [], []
    for path in sorted(p for p in assignment_dir.glob("*.ipynb") if p.is_file()):
        try:
            found = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
            graded = any(cells.grade_id(cell) for cell in found if isinstance(cell, dict))
        except (OSError, ValueError, AttributeError):
            graded = True
        (course if graded else others).append(path)
    return course, others


def write_archive(course_id: str, assignment_dir: Path, student: str, out_dir: Path,
                  now: datetime | None = None) -> Archive:
    """Pack the course's notebooks of ``assignment_dir`` (a folder of notebooks/) for ``student`` into ``out_dir``.

    Raises:
        CannotSubmit: no course notebook there, or a bad student id.
    """
    student = check_student_id(student)
    assignment = assignment_dir.name
    notebooks, _ = course_notebooks(assignment_dir)
    if not notebooks:
        raise CannotSubmit(f"there is no notebook of the course in {assignment_dir}.")
    contents = {p.name: p.read_bytes() for p in notebooks}
    manifest = {
        "format": FORMAT,
        "course": course_id,
        "assignment": assignment,
        "student": student,
        "timestamp": (now or datetime.now(UTC)).strftime(TIMESTAMP_FORMAT),
        "notebooks": {name: hashlib.sha256(data).hexdigest() for name, data in contents.items()},
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / archive_name(assignment, student)
    partial = path.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
        for name, data in contents.items():
            archive.writestr(name, data)
    partial.replace(path)  # never a half-written archive under the real name
    return Archive(path, assignment, tuple(contents))


def course_id(course_root: Path) -> str:
    """The course id in the student course's nbgrader_config.py (``CourseDirectory.course_id``)."""
    from traitlets.config.loader import ConfigFileNotFound, PyFileConfigLoader

    try:
        config = PyFileConfigLoader("nbgrader_config.py", path=str(course_root)).load_config()
    except ConfigFileNotFound:
        raise CannotSubmit(f"there is no nbgrader_config.py in {course_root}: run this from the course folder.") \
            from None
    found = config.CourseDirectory.get("course_id") if "CourseDirectory" in config else None
    if not found:
        raise CannotSubmit(f"{course_root / 'nbgrader_config.py'} names no course (CourseDirectory.course_id).")
    return str(found)


def remembered_student(course_root: Path, given: str | None) -> str:
    """The student id given now, else the one remembered from last time; a new one is remembered."""
    saved = course_root / STUDENT_FILE
    if given:
        student = check_student_id(given)
        saved.write_text(student + "\n")
        return student
    if saved.is_file():
        return check_student_id(saved.read_text())
    raise CannotSubmit("say who you are the first time: make submit STUDENT=your-id (the id your instructor gave "
                       "you); it is remembered after that.")
