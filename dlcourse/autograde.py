"""Autograde submissions through nbgrader's own API and read the scores back from its gradebook."""

import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config.loader import PyFileConfigLoader

from .course import CONFIG_FILE, Assignment, put_scripts_on_path


@dataclass
class GradedSubmission:
    """What autograding one student's assignment gave.

    Attributes:
        student: the student id.
        success: nbgrader finished autograding (the notebook may still have failing cells).
        scores: ``{notebook: {grade_id: (score, max_score)}}`` for every graded cell.
        log: nbgrader's log for this submission (the error, when ``success`` is False).
    """

    student: str
    success: bool
    scores: dict[str, dict[str, tuple[float, float]]] = field(default_factory=dict)
    log: str = ""

    def total(self) -> tuple[float, float]:
        """(points earned, points possible) over every notebook."""
        cells = [s for notebook in self.scores.values() for s in notebook.values()]
        return sum(s for s, _ in cells), sum(m for _, m in cells)


def course_config(root: Path):
    """The course's nbgrader configuration: ``root``'s nbgrader_config.py, with ``root`` as the course folder."""
    put_scripts_on_path()
    config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    return config


def course_api(root: Path) -> NbGraderAPI:
    """nbgrader's API for the course in ``root``, configured by its nbgrader_config.py."""
    config = course_config(root)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def autograde(assignment: Assignment, submissions: Mapping[str, Mapping[str, Path]]) -> list[GradedSubmission]:
    """Copy each student's notebooks into the course's submitted/ folder, autograde them, read the scores.

    The assignment must have been released into this course's gradebook first
    (``nbgrader generate_assignment``; ``dlcourse release`` does it).

    Args:
        assignment: the assignment, in the course folder whose gradebook and submitted/ folder are used.
        submissions: ``{student_id: {notebook_name: path_to_ipynb}}``.

    Returns:
        One ``GradedSubmission`` per student, in the order given.
    """
    api = course_api(assignment.root)
    results = []
    for student, notebooks in submissions.items():
        folder = Path(api.coursedir.format_path(api.coursedir.submitted_directory, student, assignment.name))
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for notebook, path in notebooks.items():
            shutil.copyfile(path, folder / f"{notebook}.ipynb")
        outcome = api.autograde(assignment.name, student)
        graded = GradedSubmission(student, bool(outcome["success"]), log=outcome.get("error") or outcome.get("log", ""))
        if graded.success:
            graded.scores = read_scores(api.coursedir.db_url, assignment.name, student, list(notebooks))
        results.append(graded)
    return results


def read_scores(db_url: str, assignment: str, student: str, notebooks: list[str]):
    """``{notebook: {grade_id: (score, max_score)}}`` from the gradebook; a missing notebook gives ``{}``."""
    scores = {}
    with Gradebook(db_url) as gradebook:
        for notebook in notebooks:
            try:
                entry = gradebook.find_submission_notebook(notebook, assignment, student)
            except MissingEntry:
                scores[notebook] = {}
                continue
            scores[notebook] = {grade.name: (float(grade.score), float(grade.max_score)) for grade in entry.grades}
    return scores
