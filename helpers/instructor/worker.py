"""The part of autograding that runs student code: executing one sanitized notebook, on a grading worker.

The coordinator (``grading.py``) does everything that touches the gradebook; a worker only runs the autograde
preprocessors that come before nbgrader's ``SaveAutoGrades`` (``Execute`` and the output clean-ups after it),
with ``Execute`` swapped for ``ForkedExecute``. The job and its outcome are plain data, so a worker can be a
process on this machine or on a Dask cluster.
"""

import os
import signal
import threading
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime

import nbformat
from jupyter_core.utils import run_sync
from nbconvert.exporters import NotebookExporter
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Enum, List, Unicode
from traitlets.config import Config

from .forkserver import ForkedKernelManager

ILLUSTRATION_TAG = "illustration"
_SKIP_TAG = "dlcourse-skip"  # put on the cells to skip just before running; never trusted from a submission


@dataclass
class NotebookJob:
    """One notebook of one submission, sanitized by nbgrader and ready to run.

    Attributes:
        student, assignment, notebook: whose, which assignment, which notebook (name without .ipynb).
        nb: the sanitized notebook.
        cwd: the folder it runs in (the submission's autograded folder, with the student's other files).
        config: the course's nbgrader configuration.
        preprocessors: the autograde preprocessors to run, in order (those before ``SaveAutoGrades``).
        illustration_sources: sources of the solution's cells tagged ``illustration``; a submitted cell is
            skipped only if it carries the tag *and* its source is one of these (the tag alone is the student's).
        notebook_timeout: seconds after which the kernel is killed, whatever it is doing.
    """

    student: str
    assignment: str
    notebook: str
    nb: NotebookNode
    cwd: str
    config: Config
    preprocessors: list
    illustration_sources: frozenset[str] = frozenset()
    notebook_timeout: float = 600


@dataclass
class NotebookOutcome:
    """What running a ``NotebookJob`` gave.

    Attributes:
        nb: the executed notebook (``None`` when it could not be run to the end).
        error: why it could not (``""`` when it could).
        seconds: wall time on the worker, kernel start and shutdown included.
        cell_seconds: time the kernel spent busy running cells (the notebook's own execution).
        cells_run, cells_skipped: code cells run and skipped.
        worker: the host and process that ran it.
    """

    student: str
    assignment: str
    notebook: str
    nb: NotebookNode | None = None
    error: str = ""
    seconds: float = 0.0
    cell_seconds: float = 0.0
    cells_run: int = 0
    cells_skipped: int = 0
    worker: str = field(default_factory=lambda: f"{os.uname().nodename}:{os.getpid()}")


class ForkedExecute(Execute):
    """nbgrader's ``Execute``, with kernels forked from a warm server and illustration-only cells skipped."""

    illustration_sources = List(Unicode(), help="Sources of cells that may be skipped (see NotebookJob).")
    skip_cells_with_tag = Unicode(_SKIP_TAG)
    # The kernel is thrown away: no need to wait for it to exit cleanly.
    shutdown_kernel = Enum(["graceful", "immediate"], default_value="immediate")

    def __init__(self, *args, **kwargs):
        kwargs["kernel_manager_class"] = ForkedKernelManager
        super().__init__(*args, **kwargs)
        self.kernel = None  # the ForkedKernel, kept after nbclient lets go of its manager

    async def async_start_new_kernel(self, **kwargs) -> None:
        await super().async_start_new_kernel(**kwargs)
        self.kernel = getattr(self.km.provisioner, "kernel", None)

    start_new_kernel = run_sync(async_start_new_kernel)  # nbclient binds the sync name to its own coroutine

    def preprocess(self, nb, resources=None, km=None):
        allowed = set(self.illustration_sources)
        for cell in nb.cells:
            tags = cell.metadata.get("tags", [])
            if _SKIP_TAG in tags:
                tags.remove(_SKIP_TAG)
            if (cell.cell_type == "code" and ILLUSTRATION_TAG in tags and cell.source in allowed
                    and not cell.metadata.get("nbgrader", {}).get("grade_id")):
                tags.append(_SKIP_TAG)
                cell.metadata["tags"] = tags
        try:
            nb, resources = super().preprocess(nb, resources, km)
            resources.setdefault("dlcourse", {})["busy"] = cell_busy_seconds(nb)  # before timings are cleared
            return nb, resources
        finally:
            for cell in nb.cells:
                tags = cell.metadata.get("tags")
                if tags and _SKIP_TAG in tags:
                    tags.remove(_SKIP_TAG)
                    resources.setdefault("dlcourse", {}).setdefault("skipped", 0)
                    resources["dlcourse"]["skipped"] += 1


def run_job(job: NotebookJob) -> NotebookOutcome:
    """Run ``job``'s preprocessors on its notebook; never raises: a failure comes back as ``error``."""
    outcome = NotebookOutcome(job.student, job.assignment, job.notebook)
    started = time.monotonic()
    exporter = NotebookExporter(config=job.config, default_preprocessors=[])  # only the ones given
    executes = []
    for preprocessor in job.preprocessors:
        if preprocessor is Execute:
            preprocessor = ForkedExecute
        instance = preprocessor(parent=exporter, config=job.config)
        if isinstance(instance, Execute):
            instance.illustration_sources = sorted(job.illustration_sources)
            executes.append(instance)
        exporter.register_preprocessor(instance)  # as nbgrader does: each one's own `enabled` decides
    resources = {
        "metadata": {"path": job.cwd if os.path.isdir(job.cwd) else os.getcwd()},
        "nbgrader": {"student": job.student, "assignment": job.assignment, "notebook": job.notebook},
        "unique_key": job.notebook,
    }
    watchdog = _Watchdog(executes, job.notebook_timeout)
    previous = os.environ.get("NBGRADER_EXECUTION")
    os.environ["NBGRADER_EXECUTION"] = "autograde"  # as `nbgrader autograde` sets it for its kernels
    try:
        with watchdog:
            output, resources = exporter.from_notebook_node(job.nb, resources)  # works on a copy
        outcome.nb = nbformat.reads(output, as_version=4)
        outcome.cell_seconds = _busy_seconds(resources)
        outcome.cells_skipped = resources.get("dlcourse", {}).get("skipped", 0)
        outcome.cells_run = sum(c.cell_type == "code" for c in outcome.nb.cells) - outcome.cells_skipped
    except Exception as err:  # noqa: BLE001 (whatever a submission does, the batch goes on)
        outcome.error = _explain(err, executes, watchdog)
    finally:
        if previous is None:
            os.environ.pop("NBGRADER_EXECUTION", None)
        else:
            os.environ["NBGRADER_EXECUTION"] = previous
        outcome.seconds = time.monotonic() - started
    return outcome


def _busy_seconds(resources: dict) -> float:
    return resources.get("dlcourse", {}).get("busy", 0.0)


class _Watchdog:
    """Kill the kernel of a notebook that runs past its time limit (a cell timeout needs a kernel that listens)."""

    def __init__(self, executes: list, limit: float):
        self._executes = executes
        self._timer = threading.Timer(limit, self._kill)
        self._timer.daemon = True
        self.fired = False
        self.limit = limit

    def _kill(self) -> None:
        for execute in self._executes:
            pid = getattr(getattr(execute, "kernel", None), "pid", None)
            if pid:
                self.fired = True
                try:
                    os.killpg(pid, signal.SIGKILL)
                except OSError:
                    pass

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, *exc):
        self._timer.cancel()


def _explain(err: Exception, executes: list, watchdog: _Watchdog) -> str:
    """A one-paragraph reason an instructor can act on."""
    if watchdog.fired:
        return f"the notebook ran longer than {watchdog.limit:.0f} s and its kernel was stopped"
    name = type(err).__name__
    if name == "DeadKernelError":
        details = []
        for execute in executes:
            kernel = getattr(execute, "kernel", None)
            if kernel is not None and kernel.poll() is not None:
                code = kernel.returncode
                details.append(f"killed by signal {-code}" if code < 0 else f"exit code {code}")
                details += kernel.stderr_tail.strip().splitlines()[-3:]
        return "the kernel died while running the notebook" + (f" ({' / '.join(details)})" if details else "")
    message = str(err).strip().splitlines()
    if name == "CellTimeoutError":  # nbclient interrupted the cell at its time limit, and it went on regardless
        return f"a cell ran past its time limit and ignored the interrupt ({message[0] if message else name})"
    where = traceback.extract_tb(err.__traceback__)[-1] if err.__traceback__ else None
    detail = f"{name}: {message[0][:300] if message else ''}"
    return detail + (f" (in {os.path.basename(where.filename)}:{where.lineno})" if where else "")


def cell_busy_seconds(nb: NotebookNode) -> float:
    """Seconds the kernel was busy with the notebook's cells, from the timings nbclient records."""
    total = 0.0
    for cell in nb.cells:
        timing = cell.get("metadata", {}).get("execution", {})
        if "iopub.status.busy" in timing and "iopub.status.idle" in timing:
            total += (_when(timing["iopub.status.idle"]) - _when(timing["iopub.status.busy"]))
    return total


def _when(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
