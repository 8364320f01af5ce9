"""The corpus of hostile and broken submissions (tests/corpus/), each graded in one batch with the rest.

For every case: the batch finishes, the score is the one the case says, the reason or notes say why; the
gradebook stays intact, no file outside the grading scratch area changes, nothing reaches the network.
"""

import hashlib
import os
import re
import socket
import sqlite3
import threading
from pathlib import Path

import nbformat
import psutil
import pytest
from conftest import ASSIGNMENTS, ROOT, make_course
from corpus import ASSIGNMENT, hostile, structural

from dlcourse.grading import Progress, grade
from dlcourse.sandbox import Limits

pytestmark = pytest.mark.notebook
GROUPS = {"hostile": hostile.CASES, "structural": structural.CASES}


class Listener:
    """A server on 127.0.0.1 that counts the connections it gets (the network attack must not reach it)."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self):
        self.socket.close()


def fingerprint(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """sha256 of every file under ``folder`` but those under the ``skip`` names (paths relative to folder)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and not relative.startswith(skip):
            found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def course_tables(db: Path) -> dict[str, list]:
    """What the release put in the gradebook: must be the same after grading."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall())
                for table in ("assignment", "notebook", "grade_cells", "solution_cells", "task_cells", "source_cell",
                              "base_cell")}


def test_cases_are_well_formed():
    cases = [case for group in GROUPS.values() for case in group]
    assert len(cases) >= 30
    students = [case.student for case in cases]
    assert len(students) == len(set(students)), "every case needs its own student id"
    assert all(re.fullmatch(r"[a-z0-9-]+", s) for s in students)


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_the_corpus_is_graded_right_in_one_batch(group, tmp_path, grading_client):
    cases = GROUPS[group]
    [assignment] = [a for a in ASSIGNMENTS if a.name == ASSIGNMENT]
    course = make_course(tmp_path / "course", assignment)
    listener = Listener()
    hostile.SERVER_PORT, hostile.COURSE_ROOT = listener.port, course.root
    for case in cases:
        folder = course.root / "submitted" / case.student / ASSIGNMENT
        folder.mkdir(parents=True, exist_ok=True)
        case.build(folder)
        (folder / "timestamp.txt").write_text("2026-11-20 17:00:00.000000 UTC")
    outside = tmp_path / "outside.txt"
    outside.write_text("nobody may change this")
    protected = ("autograded/", ".dlcourse/", "gradebook.db")
    before = fingerprint(course.root, protected) | {"<outside>": outside.read_text()}
    helpers_before = fingerprint(ROOT / "student" / "helpers")
    tables_before = course_tables(course.root / "gradebook.db")

    try:
        run = grade(course.root, force=True, client=grading_client, cell_timeout=5, notebook_timeout=30,
                    limits=Limits(memory_mb=1024), progress=Progress(quiet=True))
    finally:
        listener.close()

    results = {r.student: r for r in run.results}
    assert sorted(results) == sorted(c.student for c in cases), "the batch must finish every submission"
    wrong = []
    for case in cases:
        result = results[case.student]
        said = " | ".join([result.reason, *result.notes])
        expected_status = "graded" if case.graded else "failed"
        if result.status != expected_status or result.score != case.score:
            wrong.append(f"{case.student} ({case.attack}): {result.status} {result.score:g}, expected "
                         f"{expected_status} {case.score:g}; said: {said}")
        elif case.reason and not re.search(case.reason, said, re.IGNORECASE):
            wrong.append(f"{case.student}: the report must match {case.reason!r}; it said: {said}")
        elif not case.reason and said.strip(" |"):
            wrong.append(f"{case.student}: the report must say nothing; it said: {said}")
    assert not wrong, "\n".join(wrong)

    # Nothing outside the grading area changed; the gradebook holds the course as released, and every grade.
    assert fingerprint(course.root, protected) | {"<outside>": outside.read_text()} == before
    assert fingerprint(ROOT / "student" / "helpers") == helpers_before
    assert course_tables(course.root / "gradebook.db") == tables_before
    assert listener.connections == 0
    if os.geteuid() == 0:  # what kernels started is gone with them (other test workers' sandboxes may be busy)
        uids = set(grading_client.run(_sandbox_uid).values())
        left = [p.info for p in psutil.process_iter(["pid", "uids", "name"]) if p.info["uids"].real in uids]
        assert not left, left

    if group == "hostile":
        outputs = {case.student: autograded_text(course.root, case.student) for case in cases if case.graded}
        assert "no network" in outputs["h-network"] and "CONNECTED" not in outputs["h-network"]
        assert outputs["h-read-hidden-tests"].count("cannot read") >= 3
        assert "BEGIN HIDDEN TESTS" not in outputs["h-read-hidden-tests"]
        # (It may "write" the others' paths when the course is under /tmp: into the sandbox's private /tmp, gone with
        # it; the fingerprints above show the real files unchanged.)
        assert f"cannot write {ROOT / 'student' / 'helpers' / '__init__.py'}" in outputs["h-write-other-student"]
        grader = outputs["h-read-grader-source"]
        assert grader.count("cannot read") >= 2 and grader.count("no source:") == 2, grader[:3000]
        assert "FOUND" not in grader and "class Guard" not in grader and "WATCHED_MODULES" not in grader
        assert "PYTEST" not in outputs["h-environment"] and "/root" not in outputs["h-environment"]
        assert "fork refused after" in outputs["h-fork-loop"]
        assert "stopped at" in outputs["h-memory-bomb"]
        assert "File too large" in outputs["h-big-file"]


def _sandbox_uid():
    from dlcourse.forkserver import shared_server

    return shared_server().sandbox.uid


def autograded_text(root: Path, student: str) -> str:
    """The outputs of a student's autograded notebook, as text."""
    nb = nbformat.read(root / "autograded" / student / ASSIGNMENT / "tensors.ipynb", as_version=4)
    return "\n".join(str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", ""))
                     for cell in nb.cells if cell.cell_type == "code" for output in cell.get("outputs", []))
