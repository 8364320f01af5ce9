"""Autograde a whole class in parallel, through nbgrader's own converter, preprocessors and gradebook.

nbgrader's ``autograde`` does three things to each notebook of a submission: sanitize it (restore the
instructor's test cells from the gradebook, clear outputs), execute it, and save the scores to the gradebook.
Here the same steps are split so that only the middle one, the slow one, runs in parallel:

1. **prepare** (this process): nbgrader's ``Autograde`` converter up to sanitizing: gradebook entries for the
   student and submission, the submission's other files copied (``sanitize.Initialize``);
2. **execute** (a Dask worker, ``worker.run_job``): the sanitize preprocessors (``sanitize.sanitize_job``, which
   only read the gradebook), then the autograde preprocessors before ``SaveAutoGrades``, with the kernel forked
   from the worker's warm fork server and the solution's illustration-only cells skipped;
3. **record** (this process): ``SaveAutoGrades`` and the preprocessors after it, the autograded notebook
   written, permissions set, the post-convert hook run.

Only this process writes to the gradebook, so it has one writer however many workers run. A submission that cannot
be read, crashes its kernel or runs past its time limit is reported with the reason, and the rest go on.
What was graded, with a digest of the submission, is kept in ``.dlcourse/grading-state.json``: a re-run grades
only submissions that are new or changed (or changed solutions), unless forced.
"""

import contextlib
import hashlib
import json
import logging
import os
import sys
import time
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path

import nbformat
from nbconvert.writers import FilesWriter
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.converters import Autograde
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import SaveAutoGrades
from nbgrader.utils import find_all_files, rmtree

from helpers import cells

from . import repair
from .autograde import course_config
from .course import CONFIG_FILE, CourseError
from .gradebook import Batch
from .notebook_exporter import GradingNotebookExporter
from .preprocessors.fewer_queries import faster
from .sanitize import Errors, Initialize, first_error, quiet_log
from .worker import NotebookJob, NotebookOutcome, run_job

STATE_FILE = Path(".dlcourse") / "grading-state.json"
RUN_LOG = Path(".dlcourse") / "last-run.json"


@dataclass
class SubmissionResult:
    """How grading one student's assignment went.

    Attributes:
        status: ``"graded"``, ``"failed"`` (see ``reason``), ``"up to date"`` (graded before, unchanged) or
            ``"still failing"`` (it failed before and has not changed since, so it was not tried again).
        score, max_score: the autograded points (0 when not graded).
        notebooks: per notebook: seconds on the worker, seconds of cell execution, cells skipped, worker.
        notes: what grading found and did beyond scoring: repairs to the notebook's structure, tampering caught
            (and the cells that lost their credit for it), output cut short. Each a sentence for the report.
    """

    student: str
    assignment: str
    status: str
    score: float = 0.0
    max_score: float = 0.0
    reason: str = ""
    notebooks: list[dict] = field(default_factory=list)
    coordinator_seconds: float = 0.0  # spent here on nbgrader's sanitizing and recording (the one-writer part)
    notes: list[str] = field(default_factory=list)


@dataclass
class GradingRun:
    """Everything one ``grade`` call did."""

    results: list[SubmissionResult]
    seconds: float
    workers: int
    coordinator: dict[str, float] = field(default_factory=dict)  # seconds this process spent, per step

    @property
    def graded(self) -> list[SubmissionResult]:
        return [r for r in self.results if r.status == "graded"]

    @property
    def failed(self) -> list[SubmissionResult]:
        """The submissions this run tried and could not grade."""
        return [r for r in self.results if r.status == "failed"]

    @property
    def still_failing(self) -> list[SubmissionResult]:
        """The submissions that could not be graded before and were not tried again (unchanged since)."""
        return [r for r in self.results if r.status == "still failing"]

    def summary(self, notes_shown: int = 3) -> str:
        """What the run did, in a few lines: counts, why submissions fail, and what grading found (notes)."""
        done = [nb for r in self.results if r.status in ("graded", "failed") for nb in r.notebooks]
        up_to_date = sum(r.status == "up to date" for r in self.results)
        text = (f"{len(self.graded)} submissions graded, {len(self.failed)} could not be graded, "
                f"{up_to_date} up to date")
        if self.still_failing:
            text += f", {len(self.still_failing)} still failing (unchanged since; --retry-failed tries them again)"
        text += f"; {len(done)} notebooks in {self.seconds:.1f} s on {self.workers} workers"
        if done:
            text += f" ({self.seconds / len(done):.2f} s a notebook)"
        lines = [text]
        failing = self.failed + self.still_failing
        if failing:
            reasons: dict[str, int] = {}
            for result in failing:
                reasons[result.reason] = reasons.get(result.reason, 0) + 1
            lines.append("Why they could not be graded:")
            lines += [f"  {n} x {reason}" for reason, n in sorted(reasons.items(), key=lambda kv: -kv[1])[:5]]
            if len(reasons) > 5:
                lines.append(f"  ... and {len(reasons) - 5} other reasons (dlcourse report lists every one)")
        noted = [r for r in self.results if r.status in ("graded", "failed") and r.notes]
        if noted:
            count = sum(len(r.notes) for r in noted)
            lines.append(f"Grading found something in {len(noted)} submission{'s' * (len(noted) != 1)} "
                         f"({count} note{'s' * (count != 1)}; dlcourse report shows every one, under What grading "
                         f"found){', the first:' if len(noted) > notes_shown else ':'}")
            for result in noted[:notes_shown]:
                lines.append(f"  {result.student}/{result.assignment}: {result.notes[0]}")
                lines += [f"    {note}" for note in result.notes[1:3]]
                if len(result.notes) > 3:
                    lines.append(f"    ... and {len(result.notes) - 3} more")
        return "\n".join(lines)


class PrepareError(Exception):
    """nbgrader could not set a submission up for grading; the message says why."""


class Grader:
    """The coordinator's side of grading one course (see the module docstring)."""

    def __init__(self, root: Path, *, run_all_cells: bool = False, cell_timeout: float | None = None,
                 notebook_timeout: float = 600, max_notebook_bytes: int = repair.MAX_NOTEBOOK_BYTES):
        self.root = Path(root).resolve()
        self.max_notebook_bytes = max_notebook_bytes  # a larger notebook is refused before anything parses it
        if not (self.root / CONFIG_FILE).is_file():
            raise CourseError(f"No {CONFIG_FILE} in {self.root}.")
        self.config = course_config(self.root)
        if cell_timeout is not None:
            self.config.ExecutePreprocessor.timeout = int(cell_timeout)
            self.config.Execute.timeout = int(cell_timeout)
        self.run_all_cells = run_all_cells
        self.notebook_timeout = notebook_timeout
        if "optimistic_validation" not in self.config.Exporter:
            # nbconvert validates the whole notebook after every preprocessor by default; once at the end finds
            # the same invalid notebooks, at a tenth of the cost (the coordinator's largest single cost otherwise).
            self.config.Exporter.optimistic_validation = True
        self.coursedir = CourseDirectory(config=self.config)
        self.log = logging.getLogger("dlcourse.grading")
        self.state_path = self.root / STATE_FILE
        self.state = self._read_state()
        preprocessors = Autograde(coursedir=self.coursedir, config=self.config).autograde_preprocessors
        if SaveAutoGrades not in preprocessors:
            raise CourseError("Autograde.autograde_preprocessors has no SaveAutoGrades: nothing would be recorded.")
        split = preprocessors.index(SaveAutoGrades)
        self.run_preprocessors, self.record_preprocessors = faster(preprocessors[:split]), faster(preprocessors[split:])
        self.seconds: dict[str, float] = {}  # where this process's time went, per step (the benchmark prints it)
        self.run = uuid.uuid4().hex  # this run's id: workers keep what they read of the course for one run
        # What every submission of an assignment is compared with, read once (``_once``): the course does not
        # change during a run (a Grader is made per run).
        self._memo: dict = {}

    @contextlib.contextmanager
    def timed(self, step: str):
        began = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[step] = self.seconds.get(step, 0.0) + time.perf_counter() - began

    # -- what to grade ------------------------------------------------------------------------------------------

    def submissions(self, assignments: Iterable[str] | None = None,
                    students: Iterable[str] | None = None) -> list[tuple[str, str]]:
        """(student, assignment) for every submission in submitted/, in assignment then student order.

        Raises ``CourseError`` saying what was looked for and where when that finds nothing: no submitted/ folder,
        an empty one, no gradebook, an assignment or student with no submission there. Nothing is written: a run
        that grades nothing leaves the course folder as it was (an SQLite gradebook is not even created).
        """
        submitted = Path(self.coursedir.format_path(self.coursedir.submitted_directory, ".", ".")).resolve()
        collect = ("Collect the students' work first: `dlcourse collect ARCHIVES` (hand-in archives) or "
                   "`nbgrader collect ASSIGNMENT` (nbgrader's exchange).")
        # The assignment's name first: a misspelled one is the likelier mistake than an empty folder.
        released = self._released_assignments()
        wanted = list(dict.fromkeys(assignments)) if assignments else None
        unknown = [a for a in wanted or [] if a not in released]
        if unknown:
            raise CourseError(f"Not in the gradebook: {', '.join(unknown)}. Release them first "
                              f"(dlcourse release); the gradebook has: {', '.join(sorted(released)) or 'none'}.")
        if not submitted.is_dir():
            raise CourseError(f"Nothing to grade: there is no folder {submitted}. {collect}")
        folders = {p.name: p for p in sorted(submitted.iterdir()) if p.is_dir()}
        if not folders:
            raise CourseError(f"Nothing to grade: {submitted} is empty. {collect}")
        if students:
            students = list(dict.fromkeys(students))
            missing = [s for s in students if s not in folders]
            if missing:
                raise CourseError(f"No submissions from {', '.join(missing)} in {submitted}: it has folders for "
                                  f"{_some(folders)}.")
        found = []
        for student, student_dir in folders.items():
            if students and student not in students:
                continue
            for assignment_dir in sorted(p for p in student_dir.iterdir() if p.is_dir()):
                name = assignment_dir.name
                if name in released and (wanted is None or name in wanted):
                    found.append((student, name))
        if not found:
            where = (f"the folder{'s' * (len(students) > 1)} of {', '.join(students)}" if students
                     else f"every student's folder ({_some(folders)})")
            what = " or ".join(wanted) if wanted else f"an assignment of the gradebook ({_some(released)})"
            raise CourseError(f"Nothing to grade: looked for {what} in {where} under {submitted}, and found none.")
        return sorted(found, key=lambda sa: (sa[1], sa[0]))

    def needs_grading(self, student: str, assignment: str, retry_failed: bool = False) -> bool:
        """Whether the submission is new or changed, or its grades are missing from the gradebook or disk.

        One that could not be graded last time is tried again only when it changed, or with ``retry_failed``
        (after changing the limits, say): an unchanged notebook that hangs would only hang again.
        """
        entry = self.state.get(f"{student}/{assignment}")
        if not entry or entry.get("digest") != self.digest(student, assignment):
            return True
        if entry.get("status") != "graded":
            return retry_failed
        folder = Path(self.coursedir.format_path(self.coursedir.autograded_directory, student, assignment))
        if not all((folder / f"{nb}.ipynb").exists() for nb in entry.get("notebooks", [])):
            return True
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                gb.find_submission(assignment, student)
            except MissingEntry:
                return True
        return False

    def digest(self, student: str, assignment: str) -> str:
        """A fingerprint of what grading depends on: the submitted files, the source notebooks, the options."""
        h = hashlib.sha256(json.dumps({"run_all_cells": self.run_all_cells}).encode())
        for folder in (Path(self.coursedir.format_path(self.coursedir.submitted_directory, student, assignment)),
                       Path(self.coursedir.format_path(self.coursedir.source_directory, ".", assignment))):
            for path in sorted(find_all_files(str(folder), self.coursedir.ignore)):
                h.update(os.path.relpath(path, folder).encode() + b"\0")
                h.update(Path(path).read_bytes())
        return h.hexdigest()

    # -- the three steps ----------------------------------------------------------------------------------------

    def prepare(self, student: str, assignment: str) -> list[NotebookJob]:
        """Step 1: nbgrader's set-up of the submission, giving one job per notebook. Raises ``PrepareError``.

        The files come first (``repair.check_submission``): a notebook that is not one, or is larger than
        ``max_notebook_bytes``, is refused with the reason before anything parses it, and a notebook submitted
        under another name is graded from a staged copy of the submission (in ``.dlcourse/staging``, removed
        afterwards: submitted/ is never changed). Then nbgrader's ``init_assignment`` (``sanitize.Initialize``);
        each job holds its notebook's text for the worker to sanitize (``sanitize.sanitize_job``). What the file
        checks found goes into the first job's ``notes``.
        """
        folder = Path(self.coursedir.format_path(self.coursedir.submitted_directory, student, assignment))
        try:
            with self.timed("prepare: check the files"):
                expected = self._once(("notebooks", assignment),
                                      lambda: repair.course_notebooks(self.coursedir.db_url, assignment))
                files = repair.check_submission(folder, expected, self.max_notebook_bytes)
        except repair.Unreadable as err:
            raise PrepareError(str(err)) from None
        converter, messages = self._converter(Initialize, student, assignment)
        staging = self.root / repair.STAGING / student / assignment if files.renames else None
        try:
            if staging is not None:
                repair.stage(folder, staging, files.renames)
                converter.coursedir.submitted_directory = str(repair.STAGING)  # nbgrader reads the copy
            with self.timed("prepare: nbgrader's init_assignment"):
                converter.start()
        except Exception as err:  # noqa: BLE001 (nbgrader logs the details; we keep them)
            raise PrepareError(first_error(messages, err)) from None
        finally:
            if staging is not None:
                repair.unstage(staging, self.root / repair.STAGING)
        if not converter.prepared:
            raise PrepareError(first_error(messages, "no notebook of the assignment was submitted"))
        cwd = converter._format_dest(assignment, student)
        with self.timed("prepare: make the jobs"):
            illustrations = frozenset() if self.run_all_cells else self._illustration_sources(assignment)
            others = _other_files(Path(cwd), {f"{name}.ipynb" for name, _, _ in converter.prepared})
            jobs = [
                NotebookJob(student, assignment, name, None, os.path.abspath(cwd), self.config, self.run_preprocessors,
                            illustrations, self.notebook_timeout, files=others,
                            course_sources=self._course_sources(assignment), submitted=text, resources=resources,
                            run=self.run)
                for name, text, resources in converter.prepared
            ]
        jobs[0].notes[:0] = files.notes  # about the submission's files: reported once, with its first notebook
        return jobs

    def record(self, student: str, assignment: str, outcomes: list[NotebookOutcome]) -> SubmissionResult:
        """Step 3: save the scores of executed notebooks to the gradebook and write the autograded copies."""
        timings = [_timing(o) for o in outcomes]
        notes = [f"{o.notebook}: {note}" for o in outcomes for note in o.notes]
        failed = [o for o in outcomes if o.error]
        if failed:
            self._discard(student, assignment)
            reason = "; ".join(f"{o.notebook}: {o.error}" for o in failed)
            return self._remember(SubmissionResult(student, assignment, "failed", reason=reason, notebooks=timings,
                                                   notes=notes))
        converter, messages = self._converter(Autograde, student, assignment)
        converter._sanitizing = False  # paths are now those of autograded/
        try:
            with self.timed("record: nbgrader's save and write"):
                converter.writer = FilesWriter(parent=converter, config=converter.config)
                exporter = GradingNotebookExporter(parent=converter, config=self.config, default_preprocessors=[],
                                                   checked=True)  # by the worker, and each outcome is ours
                for preprocessor in self.record_preprocessors:
                    exporter.register_preprocessor(preprocessor)  # as nbgrader does
                for outcome in outcomes:
                    path = os.path.join(converter._format_dest(assignment, student), f"{outcome.notebook}.ipynb")
                    resources = converter.init_single_notebook_resources(path)
                    output, resources = exporter.from_notebook_node(outcome.nb, resources)
                    converter.write_single_notebook(output, resources)
                converter.set_permissions(assignment, student)
                converter.run_post_convert_hook()
            with self.timed("record: read the score"):
                score, max_score = self._score(student, assignment)
        except Exception as err:  # noqa: BLE001 (a broken record must not stop the batch)
            self._discard(student, assignment)
            reason = f"recording the grades failed: {first_error(messages, err)}"
            return self._remember(SubmissionResult(student, assignment, "failed", reason=reason, notebooks=timings,
                                                   notes=notes))
        return self._remember(SubmissionResult(student, assignment, "graded", score, max_score, notebooks=timings,
                                               notes=notes), [o.notebook for o in outcomes])

    def up_to_date(self, student: str, assignment: str) -> SubmissionResult:
        """The result kept from when the submission was last graded, or last failed (``"still failing"``)."""
        entry = self.state[f"{student}/{assignment}"]
        status = "up to date" if entry.get("status") == "graded" else "still failing"
        return SubmissionResult(student, assignment, status, entry.get("score", 0.0), entry.get("max_score", 0.0),
                                reason=entry.get("reason", ""), notes=list(entry.get("notes", [])))

    # -- helpers ------------------------------------------------------------------------------------------------

    def _converter(self, kind, student: str, assignment: str):
        """An nbgrader converter for one submission, logging into a list we can quote from."""
        coursedir = CourseDirectory(config=self.config)
        coursedir.assignment_id, coursedir.student_id = assignment, student
        messages = Errors()
        converter = kind(coursedir=coursedir, config=self.config, log=quiet_log(messages))
        converter.force = True  # whether to grade is decided here, from the digest
        return converter, messages

    def _released_assignments(self) -> set[str]:
        database = _sqlite_file(self.coursedir.db_url)
        if database is not None and not database.is_file():  # opening it would create it
            raise CourseError(f"No gradebook at {database}: release the assignments first (dlcourse release, or "
                              "nbgrader generate_assignment), which records them in it.")
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            return {a.name for a in gb.assignments}

    def _once(self, key, make):
        """``make()``, computed once per run for ``key``."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def _course_sources(self, assignment: str) -> frozenset[str]:
        """Sources of the source notebooks' code cells that are neither answers nor tests: the course's own."""
        return self._once(("course sources", assignment), lambda: frozenset(
            c.source for c in self._source_code_cells(assignment) if cells.role(c) not in (cells.ANSWER, cells.TEST)))

    def _illustration_sources(self, assignment: str) -> frozenset[str]:
        return self._once(("illustrations", assignment), lambda: frozenset(
            c.source for c in self._source_code_cells(assignment) if cells.is_illustration(c)))

    def _source_code_cells(self, assignment: str) -> list:
        """The code cells of the assignment's source (solution) notebooks."""
        folder = Path(self.coursedir.format_path(self.coursedir.source_directory, ".", assignment))
        return [cell for path in sorted(folder.glob("*.ipynb"))
                for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]

    def _score(self, student: str, assignment: str) -> tuple[float, float]:
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            submission = gb.find_submission(assignment, student)
            return float(submission.score), float(submission.max_score)

    def _discard(self, student: str, assignment: str) -> None:
        """Remove a half-made autograded copy, as nbgrader does when autograding fails."""
        folder = self.coursedir.format_path(self.coursedir.autograded_directory, student, assignment)
        if os.path.isdir(folder):
            rmtree(folder)

    def _read_state(self) -> dict:
        try:
            return json.loads(self.state_path.read_text())["submissions"]
        except (OSError, ValueError, KeyError, TypeError):
            return {}

    def _remember(self, result: SubmissionResult, notebooks: list[str] | None = None) -> SubmissionResult:
        with self.timed("digest the submission"):
            digest = self.digest(result.student, result.assignment)
        self.state[f"{result.student}/{result.assignment}"] = {
            "status": result.status, "reason": result.reason, "score": result.score, "max_score": result.max_score,
            "notes": result.notes,
            "digest": digest, "notebooks": notebooks or [],
            "graded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        return result

    def save_state(self) -> None:
        """Write the state file atomically (a crash mid-write leaves the old one)."""
        with self.timed("state file"):
            self._save_state()

    def _save_state(self) -> None:
        self.state_path.parent.mkdir(exist_ok=True)
        tmp = self.state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": 1, "submissions": self.state}, indent=1, sort_keys=True))
        tmp.replace(self.state_path)

    def failures(self) -> dict[tuple[str, str], str]:
        """(student, assignment) -> reason, for every submission whose last grading failed."""
        return {tuple(key.split("/", 1)): entry.get("reason", "")
                for key, entry in self.state.items() if entry.get("status") == "failed"}

    def notes(self) -> dict[tuple[str, str], list[str]]:
        """(student, assignment) -> what grading found and did (``SubmissionResult.notes``), where it found any."""
        return {tuple(key.split("/", 1)): list(entry["notes"])
                for key, entry in self.state.items() if entry.get("notes")}


def _some(names: Iterable[str], most: int = 10) -> str:
    """``a, b, c`` (the first ``most`` names, in order, and how many more)."""
    names = sorted(names)
    shown = ", ".join(names[:most]) or "none"
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def _sqlite_file(db_url: str) -> Path | None:
    """The file of an SQLite gradebook URL (``sqlite:///gradebook.db``); ``None`` for other databases."""
    from sqlalchemy.engine import make_url

    url = make_url(db_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database).resolve()


MAX_OTHER_FILES_BYTES = 64 * 2**20


def _other_files(folder: Path, notebooks: set[str]) -> dict[str, bytes]:
    """The files nbgrader copied next to the notebooks (data a submission reads), for the sandbox's scratch folder.

    Not the notebooks: nbgrader's sanitized copies hold the hidden tests. Past ``MAX_OTHER_FILES_BYTES`` in all,
    the rest are left out (a notebook reading them then fails, as it would with the files missing).
    """
    files, total = {}, 0
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
        relative = path.relative_to(folder).as_posix()
        if relative in notebooks or relative.startswith(".ipynb_checkpoints/"):
            continue
        total += path.stat().st_size
        if total > MAX_OTHER_FILES_BYTES:
            break
        files[relative] = path.read_bytes()
    return files


def _timing(outcome: NotebookOutcome) -> dict:
    """The outcome without its notebook (``asdict`` would deep-copy the notebook first)."""
    return {f.name: getattr(outcome, f.name) for f in fields(outcome) if f.name != "nb"}


# -- the batch ------------------------------------------------------------------------------------------------------

def grade(root: Path, assignments: Iterable[str] | None = None, students: Iterable[str] | None = None, *,
          force: bool = False, retry_failed: bool = False, scheduler: str | None = None,
          workers: int | None = None, client=None,
          run_all_cells: bool = False, cell_timeout: float | None = None, notebook_timeout: float = 600,
          sandbox: bool = True, limits=None, progress=None, runner=run_job,
          kernels: bool = True) -> GradingRun:
    """Autograde every submission in the course's submitted/ folder (or those named), in parallel on Dask.

    Args:
        root: the course folder.
        assignments, students: only these (default: all submitted).
        force: grade even submissions that are up to date (and those still failing).
        retry_failed: try again the submissions that could not be graded last time, though unchanged.
        scheduler: a Dask scheduler's address; without one a local cluster of ``workers`` processes is used.
        workers: local cluster size (default: one per CPU).
        client: an existing ``distributed.Client`` to use instead (then ``scheduler``/``workers`` are ignored).
        run_all_cells: also run the cells tagged ``illustration`` (slower, same grades).
        cell_timeout: seconds a cell may run (default: the course config's ``ExecutePreprocessor.timeout``).
        notebook_timeout: seconds a whole notebook may run before its kernel is killed.
        sandbox: run student code in a bubblewrap sandbox (see ``sandbox.py``); ``False`` only for trusted work.
        limits: the sandbox's ``sandbox.Limits`` (default: ``Limits()``).
        progress: a ``Progress`` (default: a bar on a terminal, a line a submission otherwise).
        runner: what a worker does with each ``NotebookJob`` (default ``worker.run_job``: run it in a kernel from
            the worker's fork server); the coordinator benchmark replays recorded outcomes instead (``replay.py``).
        kernels: whether ``runner`` runs kernels; ``False`` (replay): the workers get no fork servers.
    """
    from .sandbox import Limits, SandboxError, check_available

    if sandbox:
        limits = limits or Limits()
        try:
            check_available()
        except SandboxError as err:
            raise CourseError(str(err)) from None
    else:
        limits = None

    started = time.monotonic()
    grader = Grader(root, run_all_cells=run_all_cells, cell_timeout=cell_timeout, notebook_timeout=notebook_timeout)
    chosen = grader.submissions(assignments, students)
    progress = progress or Progress()
    with Batch(grader.coursedir.db_url) as batch:
        with grader.timed("find what to grade"):
            todo = [sa for sa in chosen if force or grader.needs_grading(*sa, retry_failed=retry_failed)]
        results = [grader.up_to_date(*sa) for sa in sorted(set(chosen) - set(todo), key=chosen.index)]
        if not todo:
            run = GradingRun(results, time.monotonic() - started, 0, dict(grader.seconds))
            failing = len(run.still_failing)
            progress.message(f"Nothing to grade: {len(results) - failing} submissions up to date (--force regrades "
                             "them)" + (f", {failing} still failing, unchanged since they failed (--retry-failed "
                                        "tries them again)" if failing else "") + ".")
            if failing:
                progress.message(run.summary())
            return run
        n_workers = _grade_on_workers(grader, todo, results, batch, progress, client, scheduler, workers, limits,
                                      runner, kernels)
    grader.save_state()
    run = GradingRun(results, time.monotonic() - started, n_workers, dict(grader.seconds))
    _write_run_log(grader.root / RUN_LOG, run)
    progress.finish(run)
    return run


#: The coordinator's time spent waiting for the workers' next outcome (a step of ``Grader.seconds``).
WAITING = "waiting for the workers"
#: How often the coordinator commits the gradebook and writes the state file (seconds): a crash loses at most this.
FLUSH_SECONDS = 1.0


def _grade_on_workers(grader: Grader, todo: list[tuple[str, str]], results: list[SubmissionResult], batch: Batch,
                      progress: "Progress", client, scheduler, workers, limits, runner, kernels: bool) -> int:
    """Prepare, run on the Dask workers and record every submission in ``todo``; returns how many workers ran."""
    from distributed import as_completed

    from .cluster import dask_client, start_fork_servers, worker_count

    # A client of the caller's stays open; its workers (re)start their fork servers with these limits.
    context = (contextlib.nullcontext(client) if client is not None
               else dask_client(scheduler, workers, limits, fork_servers=kernels))
    with context as client:
        if context.__class__ is contextlib.nullcontext and kernels:
            start_fork_servers(client, limits)
        n_workers = worker_count(client)
        progress.start(len(todo), n_workers)
        queue = iter(todo)
        waiting: dict[tuple[str, str], dict] = {}  # submission -> {"left": n, "outcomes": [...]}
        # Results come with their futures, fetched by Dask's own thread: no round trip to it per result.
        futures = as_completed(with_results=True, raise_errors=False)
        identities: dict[str, tuple[str, str, str]] = {}
        flushed = time.monotonic()

        def flush(now: bool = False) -> None:
            # The gradebook first: the state file must never say graded what the gradebook does not hold.
            nonlocal flushed
            if now or time.monotonic() - flushed >= FLUSH_SECONDS:
                with grader.timed("commit the gradebook"):
                    batch.commit()
                grader.save_state()
                flushed = time.monotonic()

        def feed() -> None:
            # Keep every worker busy with one job running and one queued, preparing just in time.
            while futures.count() < 2 * n_workers:
                submission = next(queue, None)
                if submission is None:
                    return
                began = time.monotonic()
                try:
                    jobs = grader.prepare(*submission)
                except PrepareError as err:
                    grader._discard(*submission)
                    result = grader._remember(SubmissionResult(*submission, "failed", reason=str(err)))
                    results.append(result)
                    progress.done(result)
                    continue
                waiting[submission] = {"left": len(jobs), "outcomes": [], "coordinator": time.monotonic() - began}
                for job in jobs:
                    key = f"grade-{job.assignment}-{job.student}-{job.notebook}-{uuid.uuid4().hex[:8]}"
                    identities[key] = (job.student, job.assignment, job.notebook)
                    futures.add(client.submit(runner, job, pure=False, key=key))

        feed()
        arriving = iter(futures)
        while True:
            with grader.timed(WAITING):
                future, sent = next(arriving, (None, None))
            if future is None:
                break
            outcome = _outcome_of(sent, identities.pop(future.key))
            entry = waiting[(outcome.student, outcome.assignment)]
            entry["outcomes"].append(outcome)
            entry["left"] -= 1
            if entry["left"] == 0:
                del waiting[(outcome.student, outcome.assignment)]
                began = time.monotonic()
                result = grader.record(outcome.student, outcome.assignment, entry["outcomes"])
                result.coordinator_seconds = entry["coordinator"] + time.monotonic() - began
                results.append(result)
                progress.done(result)
                flush()
            feed()
        flush(now=True)
    return n_workers


def _write_run_log(path: Path, run: GradingRun) -> None:
    """Where the time went, per notebook: for instructors wondering, and for the benchmark."""
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps({"seconds": run.seconds, "workers": run.workers, "coordinator": run.coordinator,
                                "results": [asdict(r) for r in run.results]}, indent=1))


def _outcome_of(sent, identity: tuple[str, str, str]) -> NotebookOutcome:
    """The outcome a worker sent, or a failed one where the job raised instead (e.g. ``KilledWorker``: the worker
    process died running it)."""
    if isinstance(sent, NotebookOutcome):
        return sent
    if isinstance(sent, tuple) and len(sent) == 3 and isinstance(sent[1], BaseException):
        sent = sent[1]  # Dask's (type, error, traceback) for a job that raised
    student, assignment, notebook = identity
    return NotebookOutcome(student, assignment, notebook, error=f"the grading worker was lost: {sent!r}"[:500])


class Progress:
    """Progress for an instructor: a bar with an ETA on a terminal, one line per submission otherwise."""

    def __init__(self, stream=None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self._bar = None
        self._count = self._total = 0
        self._started = 0.0

    def message(self, text: str) -> None:
        if not self.quiet:
            print(text, file=self.stream)

    def start(self, total: int, workers: int) -> None:
        self._total, self._started = total, time.monotonic()
        self.message(f"Grading {total} submissions on {workers} workers.")
        if self.quiet or not self.stream.isatty():
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        self._bar = Bar(TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TextColumn("ETA"),
                        TimeRemainingColumn(), TextColumn("{task.description}"),
                        console=Console(file=self.stream), transient=False)
        self._bar.start()
        self._task = self._bar.add_task("", total=total)

    def done(self, result: SubmissionResult) -> None:
        self._count += 1
        what = (f"{result.score:g}/{result.max_score:g}" if result.status == "graded"
                else f"COULD NOT GRADE: {result.reason}")
        line = f"{result.student} {result.assignment}: {what}"
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=line[:60])
            if result.status == "failed":
                self._bar.console.print(line)
        elif not self.quiet:
            elapsed = time.monotonic() - self._started
            eta = elapsed / self._count * (self._total - self._count)
            print(f"[{self._count:>{len(str(self._total))}}/{self._total}] ETA {_clock(eta)}  {line}",
                  file=self.stream, flush=True)

    def finish(self, run: GradingRun) -> None:
        if self._bar is not None:
            self._bar.stop()
        self.message(run.summary())


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(int(round(seconds)), 60)
    return f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"
