"""Recorded outcomes, replayed: simulated grading workers, for measuring the coordinator on its own.

``capture(folder, job)`` runs a job for real (``worker.run_job``) and keeps its outcome in ``folder`` under a key
made from what the job holds: the assignment, the notebook and the sanitized notebook's cells (both sanitize the
submitted notebook first, as a worker does). ``replay(folder,
job)`` gives back the outcome kept under the job's key, addressed to the job's student, without running a kernel.
Two students who hand in the same work get the same key, so a class copied from a few recorded students is
"graded" by replay as fast as the coordinator can take it (``bench/coordinator.py``).

Both are given to ``grading.grade`` as its ``runner`` (with ``functools.partial`` for the folder).
"""

import hashlib
import json
import os
import pickle
from pathlib import Path

from .sanitize import SanitizeError, sanitize_job
from .worker import NotebookJob, NotebookOutcome, run_job


def job_key(job: NotebookJob) -> str:
    """What the job's outcome depends on (the student's name is not part of it)."""
    h = hashlib.sha256(json.dumps([job.assignment, job.notebook]).encode())
    for cell in job.nb.cells:
        h.update(json.dumps([cell.cell_type, cell.source, cell.get("metadata", {})], sort_keys=True).encode())
    return h.hexdigest()


def capture(folder: str, job: NotebookJob) -> NotebookOutcome:
    """Run ``job`` for real and keep what running it gave (not what sanitizing it noted: that is redone)."""
    try:
        job = sanitize_job(job)
    except SanitizeError as err:
        return NotebookOutcome(job.student, job.assignment, job.notebook, error=str(err), notes=list(job.notes))
    outcome = run_job(job)
    kept = NotebookOutcome(outcome.student, outcome.assignment, outcome.notebook, outcome.nb, outcome.error,
                           outcome.seconds, outcome.cell_seconds, outcome.cells_run, outcome.cells_skipped,
                           outcome.worker, outcome.notes[len(job.notes):])
    path = Path(folder) / f"{job_key(job)}.pickle"
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(pickle.dumps(kept))
    tmp.replace(path)  # two workers recording the same work write the same bytes
    return outcome


_recorded: dict[str, bytes] = {}  # per worker process: each file is read once


def replay(folder: str, job: NotebookJob) -> NotebookOutcome:
    """The outcome recorded for work like ``job``'s, as ``run_job`` would have returned it; no kernel runs (the
    notebook is sanitized, as a real worker does)."""
    try:
        job = sanitize_job(job)
    except SanitizeError as err:
        return NotebookOutcome(job.student, job.assignment, job.notebook, error=str(err), notes=list(job.notes))
    key = job_key(job)
    if key not in _recorded:
        try:
            _recorded[key] = (Path(folder) / f"{key}.pickle").read_bytes()
        except OSError:
            return NotebookOutcome(job.student, job.assignment, job.notebook,
                                   error="no outcome was recorded for this work (replay)", notes=list(job.notes))
    outcome = pickle.loads(_recorded[key])  # a fresh copy each time, as a real run makes a fresh notebook
    outcome.student = job.student
    outcome.notes = list(job.notes) + outcome.notes
    outcome.worker = f"{os.uname().nodename}:{os.getpid()} (replay)"
    return outcome
