"""The part of autograding that runs student code: sanitizing and executing one notebook, on a grading worker.

The coordinator (``grading.py``) does everything that writes to the gradebook; a worker sanitizes the submitted
notebook with nbgrader's sanitize preprocessors (``sanitize.sanitize_job``, reading the gradebook) and runs the
autograde preprocessors that come before nbgrader's ``SaveAutoGrades`` (``Execute`` and the output clean-ups
after it), with ``Execute`` swapped for ``ForkedExecute``. The job and its outcome are plain data, so a worker
can be a process on this machine or on a Dask cluster that sees the course folder.
"""

import os
import shutil
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime

import nbformat
from jupyter_core.utils import ensure_async, run_sync
from nbconvert.exporters import NotebookExporter
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Enum, Integer, List, Unicode
from traitlets.config import Config

from helpers import cells

from . import harness
from .forkserver import ForkedKernelManager, shared_server
from .sanitize import SanitizeError, sanitize_job

_SKIP_TAG = "dlcourse-skip"  # put on the cells to skip just before running; never trusted from a submission


@dataclass
class NotebookJob:
    """One notebook of one submission, to sanitize (``submitted``) or sanitized (``nb``), and run.

    Attributes:
        student, assignment, notebook: whose, which assignment, which notebook (name without .ipynb).
        nb: the sanitized notebook; ``None`` until the worker has sanitized ``submitted``.
        cwd: the folder it runs in (the submission's autograded folder, with the student's other files).
        config: the course's nbgrader configuration.
        preprocessors: the autograde preprocessors to run, in order (those before ``SaveAutoGrades``).
        course_sources: sources of the source notebook's code cells that are neither answers nor tests: their
            imports are what the test kernel starts with (``harness.prelude``).
        illustration_sources: sources of the solution's cells tagged ``illustration``; a submitted cell is
            skipped only if it carries the tag *and* its source is one of these (the tag alone is the student's).
        notebook_timeout: seconds after which the kernel is killed, whatever it is doing.
        notes: what preparing the notebook found and repaired, for the report (plain sentences).
        files: the submission's other files (path relative to the submission -> content), for the kernel's
            scratch folder when it runs in a sandbox; never the notebook itself (its sanitized copy holds the
            hidden tests).
        submitted: the submitted notebook's text, for the worker to sanitize (``sanitize.sanitize_job``).
        resources: nbgrader's resources for sanitizing it (the gradebook's URL as workers open it, its names).
        run: the grading run's id: a worker keeps its sanitizer (and what it read of the course) for one run.
    """

    student: str
    assignment: str
    notebook: str
    nb: NotebookNode | None
    cwd: str
    config: Config
    preprocessors: list
    illustration_sources: frozenset[str] = frozenset()
    notebook_timeout: float = 600
    notes: list[str] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    course_sources: frozenset[str] = frozenset()
    submitted: str = ""
    resources: dict = field(default_factory=dict)
    run: str = ""


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
        notes: what running it found (tampering caught, output cut), for the report (plain sentences).
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
    notes: list[str] = field(default_factory=list)


class ForkedExecute(Execute):
    """nbgrader's ``Execute``, with kernels forked from a warm server, illustration-only cells skipped, and the
    test cells run on the trusted side of the boundary (``harness``).

    The student's cells run in the (sandboxed) notebook kernel; each graded test cell runs in the notebook's test
    kernel, started at the first test cell, which calls into the notebook kernel for what the test uses of it.
    nbclient records each cell's outputs from the kernel that ran it, so nbgrader scores the test cells from
    what trusted code printed and raised. A test cell's error output goes first, so that nothing printed before
    it can pass for a score; output past ``max_output_bytes`` is cut.
    """

    illustration_sources = List(Unicode(), help="Sources of cells that may be skipped (see NotebookJob).")
    course_sources = List(Unicode(), help="Sources of the course's own cells (see NotebookJob).")
    skip_cells_with_tag = Unicode(_SKIP_TAG)
    # The kernel is thrown away: no need to wait for it to exit cleanly.
    shutdown_kernel = Enum(["graceful", "immediate"], default_value="immediate")
    max_output_bytes = Integer(4 * 2**20, help="Output kept per notebook; the rest is cut, with a note.")

    def __init__(self, *args, **kwargs):
        kwargs["kernel_manager_class"] = ForkedKernelManager
        super().__init__(*args, **kwargs)
        self.kernel = None  # the notebook's ForkedKernel, kept after nbclient lets go of its manager
        self.test_kernel = None  # the test kernel's
        self.extra_arguments = [*self.extra_arguments, f"--IPKernelApp.kernel_class={_AGENT_KERNEL}"]
        self.notes: list[str] = []
        self._tests = None  # (manager, client) of the test kernel, once connected
        self._test_manager = None  # its manager, once launched
        self._test_folder = None  # its working folder
        self._notebook_km = None  # the notebook kernel's manager (self.km but while a test cell runs)
        self._output_bytes = 0
        self._cut = False

    def preprocess_cell(self, cell, resources, index):
        if not cells.is_test(cell):
            return super().preprocess_cell(cell, resources, index)
        if self._tests is None:
            run_sync(self._start_test_kernel)()
        notebook = self.km, self.kc
        self.km, self.kc = self._tests
        try:
            cell = self.execute_cell(cell, index, store_history=True)
        finally:
            self.km, self.kc = notebook
        cell.outputs.sort(key=lambda output: output.output_type != "error")
        return cell, self.resources

    async def _launch_test_kernel(self) -> None:
        """Fork the test kernel (right after the notebook's: the two start side by side)."""
        manager = harness.kernel_manager_class()(kernel_name=self.kernel_name)
        env = harness.kernel_env(self.km.get_connection_info(session=False), harness.prelude(self.course_sources),
                                 self.timeout or 120)
        self._test_folder = tempfile.mkdtemp(prefix="dlcourse-tests-")  # a working folder with nothing of the student's
        self._test_manager = manager
        await manager.start_kernel(extra_arguments=[f"--IPKernelApp.kernel_class={_TRUSTED_KERNEL}"], env=env,
                                   cwd=self._test_folder)
        self.test_kernel = getattr(manager.provisioner, "kernel", None)

    async def _start_test_kernel(self) -> None:
        """Connect to the test kernel once it is ready (at the first test cell)."""
        if self._test_manager is None:
            await self._launch_test_kernel()
        client = self._test_manager.client()
        client.start_channels()
        await client.wait_for_ready(timeout=self.startup_timeout)
        self._tests = self._test_manager, client

    async def _async_handle_timeout(self, timeout, cell=None):
        # A test cell that ran out of time is waiting on the notebook's kernel: interrupt that one too.
        if self._tests is not None and self.km is self._tests[0] and self._notebook_km is not None:
            await ensure_async(self._notebook_km.interrupt_kernel())
        return await super()._async_handle_timeout(timeout, cell)

    def output(self, outs, msg, display_id, cell_index):
        size = _output_size(msg)
        self._output_bytes += size
        if self._output_bytes > self.max_output_bytes and msg["msg_type"] != "error":
            if not self._cut:
                self._cut = True
                limit = self.max_output_bytes / 2**20
                self.notes.append(f"output cut after {limit:g} MB (cell {cell_index + 1} on)")
                outs.append(nbformat.v4.new_output(
                    "stream", name="stdout", text=f"\n[output cut: the notebook printed more than {limit:g} MB]\n"))
            return None
        return super().output(outs, msg, display_id, cell_index)

    async def async_start_new_kernel(self, **kwargs) -> None:
        await super().async_start_new_kernel(**kwargs)
        self.kernel = getattr(self.km.provisioner, "kernel", None)
        self._notebook_km = self.km
        await self._launch_test_kernel()

    start_new_kernel = run_sync(async_start_new_kernel)  # nbclient binds the sync name to its own coroutine

    def kill(self) -> None:
        """Kill both kernels, whatever they are doing (the notebook's time is up)."""
        for kernel in (self.kernel, self.test_kernel):
            if kernel is not None:
                kernel.kill()

    def preprocess(self, nb, resources=None, km=None):
        allowed = set(self.illustration_sources)
        for cell in nb.cells:
            tags = cell.metadata.get("tags", [])
            if _SKIP_TAG in tags:
                tags.remove(_SKIP_TAG)
            if cells.is_illustration(cell) and cell.source in allowed:
                tags.append(_SKIP_TAG)
                cell.metadata["tags"] = tags
        try:
            nb, resources = super().preprocess(nb, resources, km)
            resources.setdefault("dlcourse", {})["busy"] = cell_busy_seconds(nb)  # before timings are cleared
            resources["dlcourse"].setdefault("notes", []).extend(self.notes)
            return nb, resources
        finally:
            self._stop_test_kernel()
            for cell in nb.cells:
                tags = cell.metadata.get("tags")
                if tags and _SKIP_TAG in tags:
                    tags.remove(_SKIP_TAG)
                    resources.setdefault("dlcourse", {}).setdefault("skipped", 0)
                    resources["dlcourse"]["skipped"] += 1

    def _stop_test_kernel(self) -> None:
        manager, self._test_manager = self._test_manager, None
        if self._tests is not None:
            self._tests[1].stop_channels()
            self._tests = None
        if self.test_kernel is not None:
            self.test_kernel.kill()
        if manager is not None:
            try:
                run_sync(manager.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001 (it is gone already; nothing of it is needed)
                pass
        if self._test_folder is not None:
            shutil.rmtree(self._test_folder, ignore_errors=True)
            self._test_folder = None


_AGENT_KERNEL = "dlcourse.agent.AgentKernel"
_TRUSTED_KERNEL = "dlcourse.harness.TrustedKernel"


def _output_size(msg: dict) -> int:
    content = msg.get("content", {})
    size = len(content.get("text", ""))
    for value in (content.get("data") or {}).values():
        size += len(value) if isinstance(value, str) else len(str(value))
    return size


def run_job(job: NotebookJob) -> NotebookOutcome:
    """Sanitize ``job``'s notebook if it is not yet, and run its preprocessors on it; never raises: a failure
    comes back as ``error``."""
    started = time.monotonic()
    try:
        job = sanitize_job(job)
    except SanitizeError as err:
        return NotebookOutcome(job.student, job.assignment, job.notebook, error=str(err), notes=list(job.notes),
                               seconds=time.monotonic() - started)
    outcome = NotebookOutcome(job.student, job.assignment, job.notebook, notes=list(job.notes))
    sandbox = shared_server().sandbox
    cwd = job.cwd if os.path.isdir(job.cwd) else os.getcwd()
    if sandbox is not None:
        sandbox.clear()
        sandbox.stage_files(job.files)  # the kernel copies them into its own scratch area: the host never writes there
        cwd = str(sandbox.scratch)
    exporter = NotebookExporter(config=job.config, default_preprocessors=[])  # only the ones given
    executes = []
    for preprocessor in job.preprocessors:
        if preprocessor is Execute:
            preprocessor = ForkedExecute
        instance = preprocessor(parent=exporter, config=job.config)
        if isinstance(instance, Execute):
            instance.illustration_sources = sorted(job.illustration_sources)
            instance.course_sources = sorted(job.course_sources)
            executes.append(instance)
        exporter.register_preprocessor(instance)  # as nbgrader does: each one's own `enabled` decides
    resources = {
        "metadata": {"path": cwd},
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
        outcome.notes += resources.get("dlcourse", {}).get("notes", [])
    except Exception as err:  # noqa: BLE001 (whatever a submission does, the batch goes on)
        outcome.error = _explain(err, executes, watchdog)
    finally:
        if sandbox is not None:
            sandbox.clear()
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
            if getattr(execute, "kernel", None) is not None:
                self.fired = True
                execute.kill()  # both kernels and everything they started

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, *exc):
        self._timer.cancel()


_SIGNALS = {9: "SIGKILL: killed, often for running out of memory", 11: "SIGSEGV: a crash inside native code",
            25: "SIGXFSZ: it wrote a file over the size limit", 6: "SIGABRT: aborted"}


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
                details.append(f"killed by signal {-code}" + (f" ({_SIGNALS[-code]})" if -code in _SIGNALS else "")
                               if code < 0 else f"exit code {code}")
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
