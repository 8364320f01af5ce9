"""The corpus of hostile and broken submissions (tests/corpus/), each graded in one batch with the rest.

For every case: the batch finishes, the score is the one the case says, the reason or notes say why; the
gradebook stays intact, no file outside the grading scratch area changes, nothing reaches the network.
"""

import hashlib
import html
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
from corpus import ASSIGNMENT, FULL_MARKS, RELEASED, SOLUTION, boundary, hostile, structural

from dlcourse.grading import Grader, Progress, grade
from dlcourse.report import write_report
from dlcourse.sandbox import Limits

pytestmark = pytest.mark.notebook
# The batch's limits: fewer processes than the default, so that the fork bomb meets the limit in well under the cell's
# time limit (forking a kernel that holds TensorFlow takes ~20 ms a child on a busy 2-core machine).
LIMITS = Limits(memory_mb=1024, processes=128)
GROUPS = {"hostile": hostile.CASES, "structural": structural.CASES, "boundary": boundary.CASES}


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
    owners_before = owners([outside, course.root / "gradebook.db"])
    host_tmp = TmpWatch()

    try:
        with host_tmp:
            run = grade(course.root, force=True, client=grading_client, cell_timeout=5, notebook_timeout=30,
                        limits=LIMITS, progress=Progress(quiet=True))
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
        elif case.reason == "" and said.strip(" |"):  # (None: not checked)
            wrong.append(f"{case.student}: the report must say nothing; it said: {said}")
    assert not wrong, "\n".join(wrong)

    # Everything grading noted reaches the instructor: each noted submission's notes in the report, and its ⚑.
    grader = Grader(course.root)
    page = write_report(course.root, tmp_path / "report", grader.failures(), grader.notes()).read_text()
    section = page.split('<h2 id="grading-notes">What grading found</h2>', 1)[1].split("<h2", 1)[0]
    students = page.split("<h2>Students</h2>", 1)[1].split("<h2", 1)[0]
    noted = {r.student: r.notes for r in run.results if r.notes}
    assert noted or group != "structural", "the damaged notebooks must have been noted"
    for student, notes in noted.items():
        row = re.search(rf'<tr id="(notes-\d+)"><td>{re.escape(html.escape(student))}</td>.*?</tr>', section, re.DOTALL)
        assert row and all(html.escape(note) in row[0] for note in notes), f"{student}'s notes are not all shown"
        mine = re.search(rf"<tr><td>{re.escape(html.escape(student))}</td>.*?</tr>", students)[0]
        assert f'href="#{row[1]}"' in mine, f"no marker on {student}'s row"

    # Nothing outside the grading area changed; the gradebook holds the course as released, and every grade.
    assert fingerprint(course.root, protected) | {"<outside>": outside.read_text()} == before
    assert fingerprint(ROOT / "student" / "helpers") == helpers_before
    assert course_tables(course.root / "gradebook.db") == tables_before
    assert listener.connections == 0
    if os.geteuid() == 0:  # what kernels started is gone with them (other test workers' sandboxes may be busy)
        uids = {uid for state in grading_client.run(_sandbox_state).values() for uid in state["uids"]}
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
        assert "FOUND" not in grader and "class AgentKernel" not in grader and "shell_handlers" not in grader
        assert "PYTEST" not in outputs["h-environment"] and "/root" not in outputs["h-environment"]
        assert "fork refused after" in outputs["h-fork-loop"]
        assert "stopped at" in outputs["h-memory-bomb"]
        assert "File too large" in outputs["h-big-file"]
        _check_processes_files_and_limits(outputs, grading_client)
        # No link a kernel planted was written or chowned through; the host's /tmp never held the scratch areas.
        assert owners([outside, course.root / "gradebook.db"]) == owners_before
        assert host_tmp.bytes_used < 2**30 and host_tmp.inodes_used < 50_000, vars(host_tmp)

    if group == "boundary":
        # No output holds a line of the hidden tests (one long enough to tell, and not also in the released notebook
        # or in an answer: a right submission holds the solution's lines, and printing them leaks nothing).
        released = nbformat.read(RELEASED, as_version=4)
        solution = nbformat.read(SOLUTION, as_version=4)
        shown = {line.strip() for cell in released.cells for line in cell.source.split("\n")}
        shown |= {line.strip() for cell in solution.cells if cell.metadata.get("nbgrader", {}).get("solution")
                  for line in cell.source.split("\n")}
        hidden, inside = set(), False
        for cell in solution.cells:
            for line in cell.source.split("\n"):
                if "### BEGIN HIDDEN TESTS" in line or "### END HIDDEN TESTS" in line:
                    inside = "BEGIN" in line
                elif inside and len(line.strip()) >= 20 and line.strip() not in shown:
                    hidden.add(line.strip())
        assert len(hidden) >= 20
        leaked = {case.student: [line for line in sorted(hidden) if line in autograded_text(course.root, case.student)]
                  for case in cases if case.graded}
        assert not any(leaked.values()), {student: lines[:3] for student, lines in leaked.items() if lines}
        # Right submissions graded after every attack (their ids sort last) still get full marks.
        right = [case.student for case in cases if case.student.startswith("b-zz-right")]
        assert len(right) >= 2 and sorted(results)[-len(right):] == sorted(right)
        assert all(results[student].score == FULL_MARKS for student in right)


def _sandbox_state():
    from dlcourse.forkserver import shared_server

    sandbox = shared_server().sandbox
    return {"uids": sandbox.uids or [], "fallbacks": sandbox.fallbacks}


def _check_processes_files_and_limits(outputs: dict[str, str], grading_client) -> None:
    """What the attacks on processes, files and limits printed: each was stopped where the sandbox says it is."""
    limits, fallbacks = LIMITS, {}
    for state in grading_client.run(_sandbox_state).values():
        fallbacks |= state["fallbacks"]
    assert "daemon started" in outputs["h-outlive-kernel"]
    later = outputs["h-zz-look-around"]
    assert "PLANTED" not in later and "OTHERS" in later, later
    if os.geteuid() == 0:  # a user id of its own: nothing of the kernels before it is left to see
        assert "OTHERS 0" in later, later
    assert "LINKED" in outputs["h-links-outside"]
    held = outputs["h-hold-shm-and-tmp"]
    assert "stopped in /dev/shm" in held and "stopped in /tmp" in held, held
    assert int(re.search(r"HELD (\d+) MB", held)[1]) <= 2 * limits.tmp_mb
    disk = outputs["h-fill-disk"]
    assert "No space left on device" in disk and int(re.search(r"HELD (\d+) MB", disk)[1]) <= limits.scratch_mb
    if "processes" not in fallbacks:  # the kernel's own scratch tmpfs has an inode limit (the sandbox's has not)
        inodes = outputs["h-fill-inodes"]
        assert "No space left on device" in inodes and int(re.search(r"MADE (\d+)", inodes)[1]) < limits.scratch_inodes


def owners(paths: list[Path]) -> dict[str, tuple[int, int, int]]:
    """Owner, group and mode of each path (a chown or chmod through a link would change them)."""
    return {str(path): (path.stat().st_uid, path.stat().st_gid, path.stat().st_mode) for path in paths}


class TmpWatch:
    """The most of the host's /tmp (its disk: free space and inodes) used at any moment while it is entered."""

    def __init__(self):
        self.bytes_used = self.inodes_used = 0
        self._done = threading.Event()

    def _free(self) -> tuple[int, int]:
        stat = os.statvfs("/tmp")
        return stat.f_bavail * stat.f_frsize, stat.f_favail

    def _watch(self, start: tuple[int, int]) -> None:
        while not self._done.wait(0.05):
            free = self._free()
            self.bytes_used = max(self.bytes_used, start[0] - free[0])
            self.inodes_used = max(self.inodes_used, start[1] - free[1])

    def __enter__(self):
        self._thread = threading.Thread(target=self._watch, args=(self._free(),), daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._done.set()
        self._thread.join()


def autograded_text(root: Path, student: str) -> str:
    """The outputs of a student's autograded notebook, as text."""
    nb = nbformat.read(root / "autograded" / student / ASSIGNMENT / "tensors.ipynb", as_version=4)
    return "\n".join(str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", ""))
                     for cell in nb.cells if cell.cell_type == "code" for output in cell.get("outputs", []))
