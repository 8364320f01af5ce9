"""The instructor's report after autograding: grades, figures, the checks that failed most, feedback.

Everything here reads nbgrader's own data, so it works the same after stock ``nbgrader autograde``
and after our grading tool:

- the gradebook (``nbgrader.api.Gradebook``) for scores;
- the autograded notebooks, ``autograded/{student}/{assignment}/{notebook}.ipynb``, for the errors
  each test cell raised;
- ``feedback/{student}/{assignment}/{notebook}.html``, written by nbgrader's ``generate_feedback``
  with the course's preprocessors (which keep hidden tests out of what students see).

The report itself is for instructors only: it quotes the failing lines of hidden tests.

Typical use, after autograding::

    feedback = generate_feedback(root)            # feedback/{student}/{assignment}/{notebook}.html
    grader = Grader(root)                         # dlcourse.grading: what the last grading run found
    write_report(root, root / "report", grader.failures(), grader.notes())
    # -> report/index.html (self-contained) and report/grades.csv (nbgrader's CSV export)
"""

import ast
import base64
import html
import io
import os
import re
import statistics
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import nbformat
from nbgrader.api import Gradebook
from nbgrader.plugins import CsvExportPlugin

from helpers import cells, checks

from . import notes as grading_notes
from .autograde import course_api
from .feedback import exercise_label

#: How many of the most frequent failing checks the report lists.
TOP_FAILED_CHECKS = 20
#: Example messages are cut to this many characters.
MESSAGE_CHARS = 200
#: Grading notes and reasons are cut to this many characters (they can quote names a student chose).
NOTE_CHARS = 2000

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# IPython >= 8 opens each frame with "Cell In[12], line 5"; the arrow marks the failing line: "---> 5 code".
_CELL_FRAME = re.compile(r"^Cell In\s*\[(\d+)\], line (\d+)")
_ARROW = re.compile(r"^-*>\s*(\d+)\s?(.*)$")
# Between chained exceptions; the test cell's own frame is in the last part.
_CHECKED_AT = re.compile(re.escape(checks.CHECKED_AT).replace(re.escape("{line}"), r"(\d+)"))
_CHAINED = re.compile(r"During handling of the above exception|The above exception was the direct cause")


# -- nbgrader's CSV and feedback -------------------------------------------------------------------------------


def export_csv(root: Path, path: Path) -> Path:
    """Write the gradebook as nbgrader's CSV export (what ``nbgrader export`` writes).

    One row per student and assignment: ``assignment, duedate, timestamp, student_id, last_name, first_name,
    email, raw_score, late_submission_penalty, score, max_score``; a student who did not submit gets 0.

    Args:
        root: the course folder.
        path: where to write the CSV; its folder is created.

    Returns:
        ``path``.
    """
    api = course_api(root)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    plugin = CsvExportPlugin(config=api.config)
    plugin.to = str(path)
    with Gradebook(api.coursedir.db_url) as gradebook:
        plugin.export(gradebook)
    return path


@dataclass
class FeedbackResult:
    """What ``generate_feedback`` did.

    Attributes:
        written: the feedback HTML files written, one per notebook of each submission.
        failed: ``(assignment, student, message)`` for each submission whose feedback could not be made.
    """

    written: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)


def generate_feedback(
    root: Path, assignments: list[str] | None = None, students: list[str] | None = None
) -> FeedbackResult:
    """Write nbgrader's feedback HTML for every autograded submission in the gradebook.

    Runs through nbgrader's API, so the course's ``GenerateFeedback.preprocessors`` apply (hidden tests
    are cut out). A submission whose feedback fails is recorded in ``failed`` and the others go on.

    Args:
        root: the course folder.
        assignments: only these assignments. Defaults to all in the gradebook.
        students: only these students. Defaults to all with a submission.

    Returns:
        A ``FeedbackResult`` with the files written and the submissions that failed.
    """
    api = course_api(root)
    coursedir = api.coursedir
    result = FeedbackResult()
    with Gradebook(coursedir.db_url) as gradebook:
        submitted = sorted(
            (assignment.name, submission.student.id, sorted(nb.name for nb in submission.notebooks))
            for assignment in gradebook.assignments
            if assignments is None or assignment.name in assignments
            for submission in assignment.submissions
            if students is None or submission.student.id in students
        )
    for assignment, student, notebooks in submitted:
        if not Path(coursedir.format_path(coursedir.autograded_directory, student, assignment)).is_dir():
            result.failed.append((assignment, student, "not autograded: no autograded notebooks on disk."))
            continue
        outcome = api.generate_feedback(assignment, student)
        if not outcome["success"]:
            result.failed.append((assignment, student, _last_line(outcome.get("error") or outcome.get("log"))))
            continue
        folder = Path(coursedir.format_path(coursedir.feedback_directory, student, assignment))
        missing = [nb for nb in notebooks if not (folder / f"{nb}.html").is_file()]
        result.written += [folder / f"{nb}.html" for nb in notebooks if nb not in missing]
        if missing:
            result.failed.append((assignment, student, f"no feedback written for {', '.join(missing)}."))
    return result


def _last_line(text: str | None) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1][:300] if lines else "nbgrader gave no reason."


# -- collect ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exercise:
    """One autograded test cell: an exercise's points."""

    assignment: str
    notebook: str
    grade_id: str
    max_score: float

    @property
    def label(self) -> str:
        """``"Exercise 4.3"`` for grade_id ``ex4_3_test`` (as in the students' feedback); the grade_id otherwise."""
        return exercise_label(self.grade_id) or self.grade_id


@dataclass
class Submission:
    """One graded submission: a student's assignment."""

    student: str
    assignment: str
    score: float
    max_score: float
    notebooks: list[str]
    cells: dict[tuple[str, str], float]  # (notebook, grade_id) -> score

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.max_score if self.max_score else 0.0


@dataclass
class FailedCheck:
    """Submissions that failed one exercise at the same line of its test cell (``line`` None: not answered)."""

    exercise: Exercise
    line: str | None
    count: int = 0
    example: str = ""


@dataclass
class ClassResults:
    """Everything the report shows, read from nbgrader's gradebook and autograded notebooks."""

    root: Path
    assignments: dict[str, float]  # name -> max score, in the gradebook's order
    students: list[str]
    submissions: dict[tuple[str, str], Submission]  # (student, assignment) -> graded submission
    exercises: list[Exercise]
    failures: dict[tuple[str, str], str]  # (student, assignment) -> why it could not be graded
    failed_checks: list[FailedCheck]  # most frequent first
    missing_notebooks: list[Path]  # graded in the gradebook, but no readable autograded notebook on disk
    notes: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # what grading found (Grader.notes())

    def passed(self, exercise: Exercise) -> int:
        """How many graded submissions earned full marks on the exercise."""
        return sum(
            1 for s in self.graded(exercise.assignment)
            if s.cells.get((exercise.notebook, exercise.grade_id), 0.0) >= exercise.max_score
        )

    def not_answered(self, exercise: Exercise) -> int:
        return sum(c.count for c in self.failed_checks if c.exercise == exercise and c.line is None)

    def graded(self, assignment: str) -> list[Submission]:
        return [s for (_, a), s in sorted(self.submissions.items()) if a == assignment]


def read_results(root: Path, failures: Mapping[tuple[str, str], str] | None = None,
                 notes: Mapping[tuple[str, str], list[str]] | None = None) -> ClassResults:
    """Read scores from the gradebook and failing checks from the autograded notebooks.

    A submission listed in ``failures`` counts as not graded, even if the gradebook holds (stale) scores for it.

    Args:
        root: the course folder.
        failures: ``{(student, assignment): reason}`` for submissions that could not be graded.
        notes: ``{(student, assignment): [sentence, ...]}``, what grading found and did beyond scoring
            (``Grader.notes()``).

    Returns:
        The ``ClassResults`` the report is drawn from.

    Raises:
        TypeError: ``notes`` is not a mapping of (student, assignment) to a list of sentences.
    """
    failures = dict(failures or {})
    notes = _checked_notes(notes)
    coursedir = course_api(root).coursedir
    assignments: dict[str, float] = {}
    exercises: list[Exercise] = []
    submissions: dict[tuple[str, str], Submission] = {}
    with Gradebook(coursedir.db_url) as gradebook:
        students = sorted(s.id for s in gradebook.students)
        for assignment in gradebook.assignments:
            assignments[assignment.name] = float(assignment.max_score or 0.0)
            for notebook in assignment.notebooks:
                answers = {cell.name for cell in notebook.solution_cells}
                tests = [cell for cell in notebook.grade_cells if cell.cell_type == "code" and cell.name not in answers]
                exercises += sorted((Exercise(assignment.name, notebook.name, cell.name, float(cell.max_score or 0))
                                     for cell in tests), key=lambda e: _natural(e.grade_id))
            for submission in assignment.submissions:
                key = (submission.student.id, assignment.name)
                if key in failures:
                    continue
                submissions[key] = Submission(
                    student=submission.student.id,
                    assignment=assignment.name,
                    score=float(submission.score or 0.0),
                    max_score=float(submission.max_score or 0.0),
                    notebooks=sorted(nb.name for nb in submission.notebooks),
                    cells={(nb.name, grade.name): float(grade.score or 0.0)
                           for nb in submission.notebooks for grade in nb.grades},
                )
    students += sorted({student for student, _ in failures} - set(students))
    for _, assignment in failures:
        assignments.setdefault(assignment, 0.0)

    missing: list[Path] = []
    failed = failed_checks(_autograded(coursedir, submissions, missing), exercises)
    return ClassResults(Path(root), assignments, students, submissions, exercises, failures, failed, missing, notes)


def _checked_notes(notes: Mapping | None) -> dict[tuple[str, str], list[str]]:
    """``notes`` as a dict of lists of sentences, without the empty lists; a clear error for anything else (one
    sentence given in place of its list would otherwise be reported letter by letter)."""
    checked = {}
    for key, found in dict(notes or {}).items():
        if not (isinstance(key, tuple) and len(key) == 2) or not isinstance(found, list | tuple) \
                or not all(isinstance(note, str) for note in found):
            raise TypeError("notes must map (student, assignment) to a list of sentences, as Grader.notes() "
                            f"returns; got {key!r}: {found!r:.200}")
        if found:
            checked[key] = list(found)
    return checked


def _autograded(coursedir, submissions: dict[tuple[str, str], Submission], missing: list[Path]):
    """``(assignment, notebook, autograded notebook)`` for each graded notebook, read one at a time; the paths of
    those that cannot be read go into ``missing``."""
    for (student, assignment), submission in sorted(submissions.items()):
        folder = Path(coursedir.format_path(coursedir.autograded_directory, student, assignment))
        for notebook in submission.notebooks:
            path = folder / f"{notebook}.ipynb"
            try:
                nb = nbformat.read(path, as_version=4)
            except (OSError, ValueError, nbformat.ValidationError):  # not there, or not a notebook any more
                missing.append(path)
                continue
            yield assignment, notebook, nb


def failed_checks(autograded: Iterable[tuple[str, str, nbformat.NotebookNode]],
                  exercises: list[Exercise]) -> list[FailedCheck]:
    """The errors of autograded test cells, grouped by exercise and failing line, most frequent first.

    Args:
        autograded: ``(assignment, notebook name, autograded notebook)`` for each graded notebook.
        exercises: the gradebook's test cells; errors of other cells are left out (they are not graded).

    Returns:
        One ``FailedCheck`` per (exercise, failing line), with an example message: the first that says something,
        else what the error was ("AssertionError (no message)" for a bare ``assert``).
    """
    by_cell = {(e.assignment, e.notebook, e.grade_id): e for e in exercises}
    groups: dict[tuple[Exercise, str | None], FailedCheck] = {}
    unworded: dict[tuple[Exercise, str | None], str] = {}  # the first error's name, where none has a message yet
    for assignment, notebook, nb in autograded:
        for grade_id, cell, error in _test_cell_errors(nb):
            exercise = by_cell.get((assignment, notebook, grade_id))
            if exercise is None:  # a test cell the gradebook does not know: not graded, not reported
                continue
            line = None if _not_answered(error) else _failing_line(cell, error)
            group = groups.setdefault((exercise, line), FailedCheck(exercise, line))
            group.count += 1
            group.example = group.example or _example(error)
            unworded.setdefault((exercise, line), f"{_error_name(error)} (no message)")
    for key, group in groups.items():
        group.example = group.example or unworded[key]
    order = {e: i for i, e in enumerate(exercises)}
    return sorted(groups.values(), key=lambda g: (-g.count, order[g.exercise], g.line is not None, g.line))


def _natural(text: str) -> list:
    """Sort key that puts ex1_10 after ex1_9."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text)]


def _test_cell_errors(nb):
    """``(grade_id, cell, error output)`` for each error an autograded test cell raised."""
    for cell in nb.cells:
        if not cells.is_test(cell):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                yield cells.grade_id(cell) or "?", cell, output


def _not_answered(error) -> bool:
    return error.get("ename") == "NotImplementedError" or "not answered yet" in str(error.get("evalue", ""))


def _failing_line(cell, error) -> str:
    """The line of the test cell that raised, read from the traceback; ``"(line not found)"`` if it has none.

    A failed check of the course says its line: "(checked at line 12 of the test cell)". Any other error has
    IPython's traceback, a list of strings with ANSI colours. After chained exceptions ("During handling
    of the above exception ..."), the last part holds the cell's own frame, first: "Cell In[7], line 12",
    with an arrow at the line, "---> 12 check.equals(...)". The line is taken from the cell's source by its
    number (the arrow's copy may be cut short), with the rest of its statement when that goes on over a few
    more lines; else from the arrow.
    """
    text = _ANSI.sub("", "\n".join(error.get("traceback", [])))
    # A course check's failure names its line last (checks.CheckFailed); frames from the student's kernel, which
    # come before it, could hold a look-alike.
    checked = _CHECKED_AT.findall(text)
    number = int(checked[-1]) if checked else 0
    if 0 < number <= len(cell.source.splitlines()) and cell.source.splitlines()[number - 1].strip():
        return _statement(cell.source, number)
    last = _CHAINED.split(text)[-1].splitlines()
    own = f"{cell.get('execution_count')}"
    headers = [(i, m) for i, m in ((i, _CELL_FRAME.match(line.strip())) for i, line in enumerate(last)) if m]
    if not headers:
        return "(line not found)"
    start, header = next(((i, m) for i, m in headers if m[1] == own), headers[0])
    source = cell.source.splitlines()
    number = int(header[2])
    if header[1] == own and 0 < number <= len(source) and source[number - 1].strip():
        return _statement(cell.source, number)
    for line in last[start + 1:]:
        arrow = _ARROW.match(line.strip())
        if arrow:
            return arrow[2].strip()
        if _CELL_FRAME.match(line.strip()):
            break
    return "(line not found)"


def _statement(source: str, number: int, most: int = 6) -> str:
    """The simple statement that starts on line ``number`` of ``source`` (just that line if there is none)."""
    lines = source.splitlines()
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics, for example
        return lines[number - 1].strip()
    starting = [node for node in ast.walk(tree) if isinstance(node, ast.stmt) and node.lineno == number
                and not hasattr(node, "body") and node.end_lineno - node.lineno < most]
    if not starting:
        return lines[number - 1].strip()
    return textwrap.dedent("\n".join(lines[number - 1:starting[0].end_lineno])).strip()


def _error_name(error) -> str:
    return str(error.get("ename") or "Error")


def _example(error) -> str:
    """``"AssertionError: <first line of its message>"``, cut to ``MESSAGE_CHARS``; ``""`` for an error with no
    message (a bare ``assert x == 1``), so that a message another submission gave can stand for the group."""
    first = (str(error.get("evalue", "")).strip().splitlines() or [""])[0].strip()
    if not first:
        return ""
    return _cut(f"{_error_name(error)}: {first}", MESSAGE_CHARS)


def _cut(text: str, most: int) -> str:
    """``text``, or its first ``most - 1`` characters and "…"."""
    return text if len(text) <= most else text[: most - 1] + "…"


# -- figures ---------------------------------------------------------------------------------------------------


def _png(fig) -> str:
    """The figure as a base64 PNG."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def score_figure(results: ClassResults) -> tuple[str, str]:
    """Histograms of the scores, one per assignment, as (base64 PNG, alt text)."""
    fig, alt = _score_plot(results)
    return _png(fig), alt


def _score_plot(results: ClassResults):
    """The score histograms as a matplotlib ``Figure``, and their alt text. One colour for all: each subplot's
    title names its assignment (a colour per assignment would repeat, with more assignments than colours)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    from helpers.plots import PALETTE, STYLE

    names = [a for a in results.assignments if results.graded(a)]
    columns = min(3, len(names))
    rows = -(-len(names) // columns)
    summary = []
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(3.2 * columns, 2.2 * rows + 0.5), layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(rows, columns, sharex=True, sharey=True, squeeze=False).ravel()
        axes[0].yaxis.set_major_locator(MaxNLocator(integer=True))
        for ax, name in zip(axes, names, strict=False):
            percents = sorted(s.percent for s in results.graded(name))
            median = statistics.median(percents)
            ax.hist(percents, bins=[10 * i for i in range(11)], color=PALETTE[0], edgecolor="white")
            ax.axvline(median, color="black", linestyle="--", linewidth=1)
            ax.set_title(f"{name}\n{len(percents)} graded, median {median:.0f}%", fontsize=9)
            summary.append(f"{name}: {len(percents)} graded, median {median:.0f}%, "
                           f"lowest {percents[0]:.0f}%, highest {percents[-1]:.0f}%")
        for ax in axes[len(names):]:
            ax.set_visible(False)
        axes[0].set_xlim(0, 100)
        for ax in axes[(rows - 1) * columns:]:
            ax.set_xlabel("% of the assignment's points")
        for ax in axes[::columns]:
            ax.set_ylabel("submissions")
        fig.suptitle("Score distribution per assignment (dashed: median)")
    alt = "Histograms of scores in percent of each assignment's points, one per assignment. " + "; ".join(summary)
    return fig, alt


def pass_rate_figure(results: ClassResults) -> tuple[str, str]:
    """The pass rate of each exercise, one row of dots per assignment, as (base64 PNG, alt text)."""
    fig, alt = _pass_rate_plot(results)
    return _png(fig), alt


def _pass_rate_plot(results: ClassResults):
    """A dot per exercise at its pass rate (the share of graded submissions with full marks), one row per
    assignment, the lowest labelled with its number; as a ``Figure`` and its alt text. About 0.3 inch a row, so a
    whole course fits in a glance; the numbers are in the table under it."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    from helpers.plots import PALETTE, STYLE

    rows = []  # (assignment, [(exercise, pass rate in %)])
    for assignment in results.assignments:
        graded = len(results.graded(assignment))
        rated = [(e, 100.0 * results.passed(e) / graded) for e in results.exercises if e.assignment == assignment]
        if graded and rated:
            rows.append((assignment, rated))
    summary = []
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(7.0, 0.28 * len(rows) + 1.0), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.subplots()
        for y, (assignment, rated) in enumerate(rows):
            low = min(rate for _, rate in rated)
            lowest = [e for e, rate in rated if rate == low]
            placed: list[float] = []
            for exercise, rate in rated:
                # Dots closer than their width are stacked above and below the row, so that each one shows.
                near = sum(abs(rate - other) < 2.5 for other in placed)
                placed.append(rate)
                dy = (-1) ** near * 0.13 * min((near + 1) // 2, 3)
                ax.plot(rate, y + dy, "o", color=PALETTE[0], markersize=5, alpha=0.8)
                if exercise is lowest[0] and low < 100:
                    left = rate >= 12  # room on the left, where no dot is (it is the lowest)
                    ax.annotate(", ".join(e.label.removeprefix("Exercise ") for e in lowest), (rate, y + dy),
                                xytext=(-6 if left else 6, 0), textcoords="offset points", va="center",
                                ha="right" if left else "left", fontsize=7)
            summary.append(f"{assignment}: {len(rated)} exercise{'s' * (len(rated) != 1)}, from {low:.0f}% to "
                           f"{max(rate for _, rate in rated):.0f}%, lowest {', '.join(e.label for e in lowest)}")
        ax.set_yticks(range(len(rows)), [assignment for assignment, _ in rows], fontsize=9)
        ax.set_ylim(len(rows) - 0.5, -0.5)  # the first assignment at the top
        ax.set_xlim(-3, 103)
        ax.set_xticks(range(0, 101, 20))
        ax.xaxis.set_major_formatter(PercentFormatter())
        ax.set_xlabel("graded submissions with full marks on the exercise")
        ax.set_title("Pass rate of each exercise (one dot each; labelled: the lowest of its assignment)",
                     fontsize=10)
    alt = ("Dot chart of the pass rate of each exercise (full marks on its test cell), one row per assignment. "
           + "; ".join(summary))
    return fig, alt


# -- HTML ------------------------------------------------------------------------------------------------------

_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; color: #222; max-width: 1100px; margin: 2em auto; padding: 0 1em; }
h1 { margin-bottom: .2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; }
.meta { color: #555; } .note { background: #fff4d6; border-left: 4px solid #E69F00; padding: .5em 1em; }
.alert { background: #fde8dc; border-left: 4px solid #D55E00; padding: .5em 1em; font-weight: 600; }
.counts span { display: inline-block; margin-right: 1.5em; } .counts b { font-size: 1.3em; }
table { border-collapse: collapse; margin: 1em 0; font-size: 14px; }
th, td { border: 1px solid #ddd; padding: .3em .6em; text-align: left; vertical-align: top; }
th { background: #f3f6f9; } td.num { text-align: right; white-space: nowrap; }
td.bad { color: #D55E00; font-weight: 600; } td.none { color: #888; }
code { font-size: 13px; white-space: pre-wrap; } pre { white-space: pre-wrap; margin: 0; font-size: 13px; }
img { max-width: 100%; height: auto; }
a.flag { color: #E69F00; text-decoration: none; font-weight: 600; } a.flag.bad { color: #D55E00; }
ul.notes { margin: 0; padding-left: 1.2em; } ul.notes li { margin: .15em 0; }
.kind { display: inline-block; font-size: 12px; padding: 0 .4em; border: 1px solid #bbb; border-radius: 3px; }
.kind.bad { color: #D55E00; border-color: #D55E00; font-weight: 600; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
"""


def write_report(root: Path, out_dir: Path, failures: Mapping[tuple[str, str], str] | None = None,
                 notes: Mapping[tuple[str, str], list[str]] | None = None) -> Path:
    """Write the class report: ``out_dir/index.html`` (one self-contained page) and ``out_dir/grades.csv``.

    The page shows counts, the score distribution per assignment, the pass rate per exercise, the checks
    that failed most often (quoting hidden tests: instructors only), each student's scores with links to
    their feedback files (``generate_feedback`` writes them), what grading found in the submissions (tampering,
    repairs, output cut: ``notes``, marked ⚑ in the students table), and the submissions that could not be graded.

    Args:
        root: the course folder.
        out_dir: where to write; created if needed.
        failures: ``{(student, assignment): reason}`` for submissions the grading tool could not grade.
            Defaults to none.
        notes: ``{(student, assignment): [sentence, ...]}``, what the grading tool found and did beyond scoring
            (``Grader.notes()``). Defaults to none.

    Returns:
        The path of ``index.html``.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    export_csv(root, out_dir / "grades.csv")
    results = read_results(root, failures, notes)
    page = render(results, out_dir)
    path = out_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def render(results: ClassResults, out_dir: Path) -> str:
    """The report's HTML for ``results``; links are relative to ``out_dir``."""
    e = html.escape
    parts = [_header(results)]
    if not results.submissions:
        parts.append('<p class="note">No graded submissions in the gradebook yet. Autograde the class first '
                     "(<code>nbgrader autograde ASSIGNMENT</code>), then write this report again.</p>")
    else:
        png, alt = score_figure(results)
        parts.append(f'<h2>Scores</h2>\n<img src="data:image/png;base64,{png}" alt="{e(alt)}">')
        parts.append(_exercises_section(results))
        parts.append(_failed_checks_section(results))
    if results.students:
        parts.append(_students_section(results, out_dir))
    parts.append(_grading_notes_section(results))
    if results.failures:
        parts.append(_could_not_grade_section(results))
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>Grading report: {e(results.root.name)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(parts) + "\n</body>\n</html>\n")


def _header(results: ClassResults) -> str:
    e = html.escape
    written = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    counts = [(len(results.students), "student"), (len(results.assignments), "assignment"),
              (len(results.submissions), "graded submission")]
    counts = [(n, what if n == 1 else f"{what}s") for n, what in counts] + [(len(results.failures),
                                                                             "could not be graded")]
    alert = ""
    if results.failures:
        alert = (f'<p class="alert">{len(results.failures)} submission{"" if len(results.failures) == 1 else "s"} '
                 'could not be graded: <a href="#could-not-grade">see the list</a>.</p>\n')
    alert += _notes_alert(results)
    return (f"<h1>Grading report</h1>\n<p class=\"meta\">Course folder <code>{e(str(results.root))}</code> · "
            f"written {e(written)} · <a href=\"grades.csv\">grades.csv</a> (nbgrader's export)</p>\n"
            '<p class="counts">' + "".join(f"<span><b>{n}</b> {what}</span>" for n, what in counts) + "</p>\n"
            '<p class="note">Instructor only: this report quotes hidden tests.</p>\n' + alert)


def _exercises_section(results: ClassResults) -> str:
    e = html.escape
    if not results.exercises:
        return "<h2>Exercises</h2>\n<p>The graded assignments have no autograded test cells.</p>"
    png, alt = pass_rate_figure(results)
    rows = []
    for exercise in results.exercises:
        total = len(results.graded(exercise.assignment))
        if not total:
            continue
        passed, unanswered = results.passed(exercise), results.not_answered(exercise)
        rows.append(f"<tr><td>{e(exercise.label)}</td><td>{e(exercise.assignment)}</td>"
                    f'<td class="num">{exercise.max_score:g}</td>'
                    f'<td class="num">{passed} of {total} ({100 * passed / total:.0f}%)</td>'
                    f'<td class="num">{total - passed - unanswered}</td><td class="num">{unanswered}</td></tr>')
    return (f'<h2>Exercises</h2>\n<img src="data:image/png;base64,{png}" alt="{e(alt)}">\n'
            "<p>Passed: full marks on the exercise's test cell, over the graded submissions of its assignment.</p>\n"
            "<table><tr><th>Exercise</th><th>Assignment</th><th>Points</th><th>Passed</th><th>Failed a check</th>"
            "<th>Not answered</th></tr>\n" + "\n".join(rows) + "\n</table>")


def _failed_checks_section(results: ClassResults) -> str:
    e = html.escape
    head = (f"<h2>Checks that failed most often</h2>\n<p>The top {TOP_FAILED_CHECKS}, grouped by the line of the "
            "test cell that failed (hidden tests included). <em>not answered</em>: the answer cell still raises "
            "<code>NotImplementedError</code>.</p>")
    if results.missing_notebooks:
        head += (f"\n<p class=\"note\">{len(results.missing_notebooks)} graded notebook(s) have no readable "
                 "autograded copy on disk and are left out here.</p>")
    if not results.failed_checks:
        return head + "\n<p>No test cell raised an error.</p>"
    rows = [f"<tr><td>{e(c.exercise.label)}</td><td>{e(c.exercise.assignment)}</td>"
            + (f"<td><code>{e(c.line)}</code></td>" if c.line is not None else "<td><em>not answered</em></td>")
            + f'<td class="num">{c.count}</td><td><code>{e(c.example)}</code></td></tr>'
            for c in results.failed_checks[:TOP_FAILED_CHECKS]]
    return (head + "\n<table><tr><th>Exercise</th><th>Assignment</th><th>Failing line</th><th>Submissions</th>"
            "<th>Example message</th></tr>\n" + "\n".join(rows) + "\n</table>")


def _students_section(results: ClassResults, out_dir: Path) -> str:
    e = html.escape
    coursedir = course_api(results.root).coursedir
    head = "".join(f"<th>{e(a)}</th>" for a in results.assignments)
    possible = sum(results.assignments.values())
    anchors, kinds = _note_anchors(results), _note_kinds(results)
    rows = []
    for student in results.students:
        cells, earned = [], 0.0
        for assignment, max_score in results.assignments.items():
            key = (student, assignment)
            submission = results.submissions.get(key)
            flag = _flag(anchors[key], kinds[key]) if key in anchors else ""
            if key in results.failures:
                cells.append(f'<td class="bad">could not be graded{flag}</td>')
            elif submission is None:
                cells.append(f'<td class="none">—{flag}</td>')
            else:
                earned += submission.score
                folder = Path(coursedir.format_path(coursedir.feedback_directory, student, assignment))
                links = [f'<a href="{e(quote(os.path.relpath(folder / f"{nb}.html", out_dir)))}">'
                         f"{e(nb if len(submission.notebooks) > 1 else 'feedback')}</a>"
                         for nb in submission.notebooks if (folder / f"{nb}.html").is_file()]
                cells.append(f'<td class="num">{submission.score:g} / {submission.max_score or max_score:g}{flag}'
                             + (f"<br>{' '.join(links)}" if links else "") + "</td>")
        percent = f" ({100 * earned / possible:.0f}%)" if possible else ""
        rows.append(f"<tr><td>{e(student)}</td>{''.join(cells)}"
                    f'<td class="num">{earned:g} / {possible:g}{percent}</td></tr>')
    legend = (' <span aria-hidden="true">⚑</span>: grading found something in that submission (red: tampering), '
              'see <a href="#grading-notes">What grading found</a>.') if anchors else ""
    return (f"<h2>Students</h2>\n<p>Points earned / possible; — : not submitted. Links open the feedback "
            f"students receive.{legend}</p>\n<table><tr><th>Student</th>{head}<th>Total</th></tr>\n"
            + "\n".join(rows) + "\n</table>")


def _could_not_grade_section(results: ClassResults) -> str:
    e = html.escape
    rows = [f"<tr><td>{e(student)}</td><td>{e(assignment)}</td><td><pre>{e(_cut(reason, NOTE_CHARS))}</pre></td></tr>"
            for (student, assignment), reason in sorted(results.failures.items())]
    return ('<h2 id="could-not-grade">Could not be graded</h2>\n<p>These submissions earned no grade; the reason '
            "is what the grading tool reported.</p>\n<table><tr><th>Student</th><th>Assignment</th><th>Reason</th>"
            "</tr>\n" + "\n".join(rows) + "\n</table>")


# -- what grading found ----------------------------------------------------------------------------------------


def _note_kinds(results: ClassResults) -> dict[tuple[str, str], list[str]]:
    """The kinds of each noted submission's notes (``notes.KINDS``), in the order ``KINDS`` has them."""
    found = {key: {grading_notes.kind(note) for note in noted} for key, noted in results.notes.items()}
    return {key: [name for name in grading_notes.KINDS if name in kinds] for key, kinds in found.items()}


def _kind_counts(results: ClassResults) -> dict[str, int]:
    """How many submissions have notes of each kind (one with several kinds counts under each)."""
    kinds = _note_kinds(results).values()
    return {name: sum(name in found for found in kinds) for name in grading_notes.KINDS}


def _note_anchors(results: ClassResults) -> dict[tuple[str, str], str]:
    """The HTML id of each noted submission's row under What grading found, in the order the rows come."""
    return {key: f"notes-{k}" for k, key in enumerate(sorted(results.notes))}


def _kind_label(name: str) -> str:
    bad = " bad" if name == grading_notes.TAMPERING else ""
    return f'<span class="kind{bad}">{html.escape(name)}</span>'


def _flag(anchor: str, kinds: list[str]) -> str:
    """The ⚑ on a noted submission's cell of the students table, linking to its notes; its text says what it is."""
    e = html.escape
    what = f"Grading found: {', '.join(kinds)}. See What grading found."
    bad = " bad" if grading_notes.TAMPERING in kinds else ""
    return (f' <a class="flag{bad}" href="#{e(anchor)}" title="{e(what)}"><span aria-hidden="true">⚑</span>'
            f'<span class="visually-hidden">{e(what)}</span></a>')


def _notes_alert(results: ClassResults) -> str:
    """One line near the top when any submission was tampered with or repaired; ``""`` otherwise."""
    counts = _kind_counts(results)
    said = [(counts[name], verb) for name, verb in ((grading_notes.TAMPERING, "tampered with"),
                                                    (grading_notes.REPAIRED, "repaired")) if counts[name]]
    if not said:
        return ""
    (n, verb), *rest = said
    text = f"{n} submission{'s' * (n != 1)} {_was(n)} {verb}" + "".join(f" and {m} {_was(m)} {v}" for m, v in rest)
    return f'<p class="alert">{text}: see <a href="#grading-notes">What grading found</a>.</p>\n'


def _was(n: int) -> str:
    return "was" if n == 1 else "were"


def _grading_notes_section(results: ClassResults) -> str:
    """What grading found in the submissions and did beyond scoring them: how many submissions had each kind of
    note, then every noted submission with its notes."""
    e = html.escape
    head = '<h2 id="grading-notes">What grading found</h2>'
    if not results.notes:
        return head + "\n<p>Grading noted nothing in any submission: no tampering, no repairs, no output cut.</p>"
    counts = _kind_counts(results)
    summary = [f"<tr><td>{_kind_label(name)}</td><td class=\"num\">{counts[name]}</td><td>{e(meaning)}</td></tr>"
               for name, meaning in grading_notes.KINDS.items() if counts[name]]
    rows = []
    for key, anchor in _note_anchors(results).items():
        items = "".join(f"<li>{_kind_label(grading_notes.kind(note))} {e(_cut(note, NOTE_CHARS))}</li>"
                        for note in results.notes[key])
        rows.append(f'<tr id="{e(anchor)}"><td>{e(key[0])}</td><td>{e(key[1])}</td>'
                    f'<td><ul class="notes">{items}</ul></td></tr>')
    n = len(rows)
    return (f"{head}\n<p>What the grading tool found in {n} submission{'s' * (n != 1)} and did beyond scoring "
            "them (marked ⚑ in the students table). A submission with notes of several kinds counts under each."
            "</p>\n<table><tr><th>Kind</th><th>Submissions</th><th>What it means</th></tr>\n" + "\n".join(summary)
            + "\n</table>\n<table><tr><th>Student</th><th>Assignment</th><th>Notes</th></tr>\n" + "\n".join(rows)
            + "\n</table>")
