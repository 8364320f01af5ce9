"""nbgrader's sanitizing, split between the coordinator and the grading workers.

nbgrader's ``Autograde`` sanitizes each submitted notebook before running it: it records the submission in the
gradebook and copies the student's files (``init_assignment``), then runs its sanitize preprocessors (outputs
cleared, the course's test and read-only cells restored from the gradebook, cell metadata checked). The first
part writes to the gradebook, so the coordinator does it (``Initialize``); the second only reads the gradebook and
is about a third of the work per notebook, so the workers do it (``sanitize_job``), in parallel, just before they
run the notebook. The sanitizing itself is nbgrader's converter's (``Sanitize``), with ``repair.RepairStructure``
first, as before.

Workers open the gradebook through ``gradebook.for_workers(db_url)``: an SQLite gradebook read-only (only the
coordinator writes).
"""

import copy
import logging
import os
import uuid
from dataclasses import replace

import nbformat
from nbconvert.exporters import Exporter
from nbgrader.converters import Autograde
from nbgrader.coursedir import CourseDirectory
from traitlets import Type

from . import repair
from .gradebook import for_workers
from .notebook_exporter import GradingNotebookExporter
from .preprocessors.fewer_queries import faster


class Errors(logging.Handler):
    """Keeps the error messages an nbgrader converter logs, to say why a submission failed."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def quiet_log(errors: Errors) -> logging.Logger:
    """A logger of its own for one converter: its errors go to ``errors``, nothing to the terminal."""
    log = logging.getLogger(f"dlcourse.nbgrader.{uuid.uuid4().hex}")
    log.propagate = False
    log.addHandler(errors)
    return log


def first_error(errors: Errors, fallback) -> str:
    """The most telling line: the exception at the end of the first traceback nbgrader logged, else its first
    error message, else ``fallback``."""
    for message in errors.messages:
        if message.startswith("Traceback"):
            lines = [line for line in message.splitlines() if line.strip()]
            return lines[-1].strip()[:500]
    text = errors.messages[0] if errors.messages else str(fallback)
    return text.strip()[:500] or type(fallback).__name__


class Initialize(Autograde):
    """nbgrader's ``Autograde`` up to its sanitizing (the coordinator's part): ``init_assignment`` records the
    submission and fills its autograded folder; ``prepared`` holds ``(notebook, its text, its resources)`` for
    each submitted notebook, for a worker to sanitize."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepared: list[tuple[str, str, dict]] = []

    def convert_single_notebook(self, notebook_filename: str) -> None:
        resources = self.init_single_notebook_resources(notebook_filename)
        resources["nbgrader"]["db_url"] = for_workers(resources["nbgrader"]["db_url"])
        # what nbconvert's from_filename adds (the modified date only matters to HTML templates)
        path, basename = os.path.split(notebook_filename)
        resources["metadata"] = {"name": os.path.splitext(basename)[0], "path": path}
        with open(notebook_filename, encoding="utf-8") as file:
            self.prepared.append((resources["nbgrader"]["notebook"], file.read(), resources))

    def set_permissions(self, assignment_id: str, student_id: str) -> None:
        pass  # done once the grades are recorded

    def run_post_convert_hook(self) -> None:
        pass  # likewise


class Sanitize(Autograde):
    """nbgrader's ``Autograde`` as far as its sanitize preprocessors, on one notebook at a time (``sanitized``).

    ``repair.RepairStructure`` runs before nbgrader's sanitize preprocessors: they then see each course cell once,
    in the course's order, with the course's metadata, where they would refuse or misgrade a damaged notebook
    (duplicated or unknown grade ids, deleted or moved cells); the notes say what it repaired.
    """

    exporter_class = Type(GradingNotebookExporter, klass=Exporter).tag(config=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.references: dict = {}  # RepairStructure's, kept between notebooks (see RepairStructure.references)
        self.sanitize_preprocessors = faster(self.sanitize_preprocessors)
        self.exporter = self.exporter_class(parent=self, config=self.config)

    def _init_preprocessors(self) -> None:
        super()._init_preprocessors()
        first = repair.RepairStructure(parent=self.exporter, config=self.config, coursedir=self.coursedir)
        first.references = self.references
        self.exporter._preprocessors.insert(0, first)  # nbconvert's list, which register_preprocessor appends to

    def sanitized(self, text: str, resources: dict) -> tuple[nbformat.NotebookNode, list[str]]:
        """The submitted notebook ``text``, sanitized, and the notes of its repairs. Raises what nbgrader raises
        (and logs the details)."""
        self._sanitizing = True
        self._init_preprocessors()  # afresh for each notebook, as nbgrader does
        resources = copy.deepcopy(resources)  # the exporter makes it a ResourcesDict
        nb, resources = self.exporter.preprocessed(nbformat.reads(text, as_version=4), resources)
        return nb, list(resources.get("dlcourse", {}).get("notes", []))


class SanitizeError(Exception):
    """nbgrader could not sanitize a notebook; the message says why."""


#: This worker process's sanitizer for the grading run it last worked for: (run, converter, its errors).
_sanitizer: tuple[str, Sanitize, Errors] | None = None


def sanitize_job(job):
    """``job`` (a ``worker.NotebookJob``) with its submitted notebook sanitized into ``job.nb`` and the notes of
    the repairs added; ``job`` itself when it holds a sanitized notebook already. Raises ``SanitizeError``."""
    global _sanitizer
    if job.nb is not None:
        return job
    if _sanitizer is None or _sanitizer[0] != job.run:
        errors = Errors()
        _sanitizer = job.run, Sanitize(coursedir=CourseDirectory(config=job.config), config=job.config,
                                       log=quiet_log(errors)), errors
    _, converter, errors = _sanitizer
    errors.messages.clear()
    try:
        nb, notes = converter.sanitized(job.submitted, job.resources)
    except Exception as err:  # noqa: BLE001 (nbgrader logs the details; we keep them)
        raise SanitizeError(first_error(errors, err)) from None
    return replace(job, nb=nb, submitted="", notes=[*job.notes, *notes])
