"""Check my work: run a notebook the way grading will, and say exercise by exercise what the visible checks found.

From a notebook (the last cell of every course notebook)::

    from helpers.check_my_work import check_my_work
    check_my_work()

From a terminal, in the course folder::

    .venv/bin/check-my-work notebooks/01-tensors/tensors.ipynb      # or: make check NB=notebooks/01-tensors/...

Grading restarts from nothing: a fresh Python, the notebook's cells from top to bottom, without the cells tagged
``illustration`` (figures and demos that graded functions must not depend on). This does the same with the notebook
as last saved, and prints one row per exercise. It only knows the visible checks: the hidden tests that decide the
final mark try other inputs.
"""

import argparse
import ast
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import cells

#: Set in the kernel that runs the check: a ``check_my_work()`` call inside it does nothing, so a check never
#: runs itself even where a student has removed the tag.
RUNNING_ENV = "DLCOURSE_CHECKING"
#: Seconds a cell may run, as in grading.
CELL_TIMEOUT = 120

HIDDEN_TESTS_NOTE = ("Only the visible checks ran. Your final mark comes from hidden tests that try other inputs "
                     "and cases: passing every visible check is a good sign, not a guarantee.")


class CannotCheck(Exception):
    """The notebook could not be checked at all (missing, unreadable, not a course notebook)."""


@dataclass
class ExerciseResult:
    """What the visible checks of one exercise found."""

    exercise: str  # "1.3"
    function: str  # "dense"
    points: float
    status: str  # "passed", "failed", "not answered", "error" or "did not run"
    explanation: str = ""


@dataclass
class Report:
    notebook: Path
    saved_at: float
    exercises: list[ExerciseResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # errors outside test cells, changed test cells
    skipped: int = 0  # illustration cells not run

    shown: bool = field(default=False, repr=False)  # the table was printed already

    @property
    def all_passed(self) -> bool:
        return bool(self.exercises) and all(e.status == "passed" for e in self.exercises)

    def _ipython_display_(self):
        # A notebook cell that ends with check_my_work() shows the table once, never this object's repr.
        if not self.shown:
            print_report(self)


def check_my_work(notebook: str | os.PathLike | None = None, *, show: bool = True) -> Report | None:
    """Restart and run a notebook as grading will, and print a table of its exercises' visible checks.

    Args:
        notebook: the notebook file. Defaults to the notebook this is called from (JupyterLab tells the kernel
            which one), or the only notebook in the current folder.
        show: print the table. Defaults to True.

    Returns:
        The ``Report`` (a notebook shows it as the table, once), or None when called inside a check (a check
        never runs itself).
    """
    if os.environ.get(RUNNING_ENV):
        return None
    try:
        report = run_check(find_notebook(notebook))
    except CannotCheck as err:
        print(f"Could not check your work: {err}")
        return None
    if show:
        print_report(report)
        report.shown = True
    return report


def find_notebook(notebook=None) -> Path:
    if notebook is not None:
        path = Path(notebook)
    elif os.environ.get("JPY_SESSION_NAME", "").endswith(".ipynb"):
        path = Path(os.environ["JPY_SESSION_NAME"])  # Jupyter server sets it to the notebook's path
    else:
        here = sorted(Path.cwd().glob("*.ipynb"))
        if len(here) != 1:
            raise CannotCheck("say which notebook to check, e.g. check_my_work(\"tensors.ipynb\").")
        path = here[0]
    if not path.is_file():
        raise CannotCheck(f"there is no notebook at {path}.")
    return path.resolve()


def run_check(path: Path) -> Report:
    """Run the notebook at ``path`` as grading will and collect what its test cells say."""
    import nbformat
    from jupyter_client import KernelManager
    from nbclient import NotebookClient

    saved_at = path.stat().st_mtime
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as err:  # nbformat raises several kinds for a file that is not a notebook
        raise CannotCheck(f"{path.name} is not a readable notebook ({type(err).__name__}: {err}). If you edited "
                          "it outside JupyterLab, restore it from your last good copy.") from err
    report = Report(path, saved_at)
    tests = [i for i, cell in enumerate(nb.cells) if cells.is_test(cell)]
    if not tests:
        raise CannotCheck(f"{path.name} has no graded exercises (no nbgrader test cells).")
    report.problems += _changed_test_cells(nb)

    # Run a copy without the cells grading skips; remember where each run cell came from.
    kept = [i for i, cell in enumerate(nb.cells) if not cells.is_illustration(cell)]
    report.skipped = sum(1 for cell in nb.cells if cell.cell_type == "code") - sum(
        1 for i in kept if nb.cells[i].cell_type == "code")
    run = nbformat.v4.new_notebook(metadata=nb.metadata, cells=[nb.cells[i] for i in kept])
    env = {**os.environ, RUNNING_ENV: "1", "TF_CPP_MIN_LOG_LEVEL": "3"}
    with tempfile.TemporaryDirectory(prefix="check-my-work-") as sockets:
        # Local sockets, not TCP: nothing listens on the network, and the kernel does not warn about it.
        kernel = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "kernel"))
        client = NotebookClient(run, km=kernel, timeout=CELL_TIMEOUT, allow_errors=True, record_timing=False,
                                resources={"metadata": {"path": str(path.parent)}})
        try:
            client.execute(env=env)
        except Exception as err:  # a kernel that died or a cell that timed out: report what ran
            first = str(err).strip().splitlines()[0] if str(err).strip() else ""
            report.problems.append(f"the run stopped early: {type(err).__name__}: {first}")
        finally:
            if kernel.has_kernel:  # nbclient shuts down only the kernels it started itself
                kernel.shutdown_kernel(now=True)
    ran = {original: run.cells[position] for position, original in enumerate(kept)}

    answer_errors = {}
    for i, cell in enumerate(nb.cells):
        if i not in ran or cell.cell_type != "code":
            continue
        error = _error(ran[i])
        role = cells.role(cell)
        if role == cells.ANSWER and error:
            answer_errors[_function_defined(cell.source) or i] = error
        elif role in (cells.COURSE, cells.READ_ONLY) and error:
            report.problems.append(f"cell {i + 1} (`{_first_line(cell.source)}`) raised {_describe(error)}")
    skipped_names = _names_defined([cell.source for i, cell in enumerate(nb.cells) if i not in ran])
    for i in tests:
        result = _result(nb.cells[i], ran.get(i), answer_errors)
        missing = re.search(r"name '(\w+)' is not defined", result.explanation)
        if missing and missing.group(1) in skipped_names:
            result.explanation += (f" `{missing.group(1)}` is made in a cell grading skips (tagged illustration): a "
                                   "graded function must use only its arguments and the notebook's imports.")
        report.exercises.append(result)
    return report


def _result(cell, ran, answer_errors) -> ExerciseResult:
    exercise, function = _exercise_of(cell.source)
    points = cells.points(cell)
    result = ExerciseResult(exercise, function, points, "passed")
    if ran is None or ran.get("execution_count") is None:
        result.status, result.explanation = "did not run", "the run stopped before this test cell."
        return result
    error = _error(ran)
    if error is None:
        return result
    name, value = error.ename, error.evalue
    if "not answered yet" in value or name == "NotImplementedError":
        result.status, result.explanation = "not answered", "replace `raise NotImplementedError()` with your code."
    elif name in ("CheckFailed", "AssertionError"):
        result.status = "failed"
        result.explanation = re.sub(r"^Exercise [\d.]+ \(`[^`]*`\): ", "", value)
    else:
        result.status, result.explanation = "error", f"the test cell raised {_describe(error)}"
    if function in answer_errors:
        result.explanation = f"your answer cell raised {_describe(answer_errors[function])}. " + result.explanation
    return result


def _changed_test_cells(nb) -> list[str]:
    """Test cells that no longer match the checksum nbgrader stored: grading puts the original back."""
    from nbgrader.utils import compute_checksum

    changed = []
    for cell in nb.cells:
        grading = cells.nbgrader_metadata(cell)
        if cells.is_test(cell) and "checksum" in grading and compute_checksum(cell) != grading["checksum"]:
            exercise, _ = _exercise_of(cell.source)
            changed.append(f"the test cell of Exercise {exercise} was changed; grading uses the original, so "
                           "this check may not match your mark. Undo your edits to it.")
    return changed


def _exercise_of(source: str) -> tuple[str, str]:
    match = re.search(r"Exercise\(\s*[\"']([^\"']+)[\"']\s*,\s*([A-Za-z_]\w*)", source)
    return (match.group(1), match.group(2)) if match else ("?", "?")


def _function_defined(source: str) -> str | None:
    match = re.search(r"^def\s+([A-Za-z_]\w*)\s*\(", source, flags=re.MULTILINE)
    return match.group(1) if match else None


def _names_defined(sources: list[str]) -> set[str]:
    """Names that the given cells assign, define or import at top level."""
    names = set()
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
            else:
                for target in ast.walk(node):
                    if isinstance(target, ast.Name) and isinstance(target.ctx, ast.Store):
                        names.add(target.id)
    return names


def _error(cell):
    return next((o for o in cell.get("outputs", []) if o.output_type == "error"), None)


def _describe(error) -> str:
    first = error.evalue.strip().splitlines()[0] if error.evalue.strip() else ""
    return f"{error.ename}: {first}" if first else error.ename


def _first_line(source: str) -> str:
    line = next((line for line in source.splitlines() if line.strip()), "")
    return line if len(line) <= 60 else line[:57] + "..."


#: Characters of monospace text a notebook's output area shows in a normal-width JupyterLab (1280 px window).
NOTEBOOK_WIDTH = 88

STATUS_STYLE = {"passed": "green", "failed": "red", "not answered": "yellow", "error": "red", "did not run": "red"}


def print_report(report: Report, console=None):
    """Print ``report`` as a table, with the plain statement of what it does not cover."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    if console.is_jupyter:
        # Rich assumes a wide page in Jupyter; a notebook's output area in a normal window holds about this many.
        console = Console(width=NOTEBOOK_WIDTH)
    saved = time.strftime("%H:%M:%S", time.localtime(report.saved_at))
    table = Table(title=f"Visible checks of {report.notebook.name} (as saved at {saved})", title_justify="left",
                  show_lines=True)
    table.add_column("Exercise", no_wrap=True)
    table.add_column("Points", justify="right")
    table.add_column("Visible checks", no_wrap=True)
    table.add_column("What they found")
    for result in report.exercises:
        table.add_row(f"{result.exercise} `{result.function}`", f"{result.points:g}",
                      f"[{STATUS_STYLE[result.status]}]{result.status}[/]", result.explanation)
    console.print(table, markup=True)
    passed = sum(r.status == "passed" for r in report.exercises)
    console.print(f"{passed} of {len(report.exercises)} exercises pass their visible checks. "
                  f"Ran from a fresh start, skipping {report.skipped} illustration cells, as grading does; "
                  "unsaved edits are not included (save with Ctrl+S first).", markup=False)
    for problem in report.problems:
        console.print(f"Note: {problem}", markup=False, style="yellow")
    console.print(HIDDEN_TESTS_NOTE, markup=False, style="bold")


def main(argv=None) -> int:
    """``check-my-work [NOTEBOOK ...]``: exit 0 when every visible check passes, 1 when some fail, 2 on bad input.

    With ``--submit``: check, then pack each assignment for hand-in (``helpers.submit``); exit 0 when every archive
    was written (whatever the checks found), 2 when one could not be.
    """
    parser = argparse.ArgumentParser(prog="check-my-work", description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to check (default: every notebook under notebooks/)")
    parser.add_argument("--submit", action="store_true",
                        help="then pack each notebook's assignment into submissions/ to hand in")
    parser.add_argument("--student", help="your student id, for --submit (remembered after the first time)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(Path("notebooks").glob("*/*.ipynb"))
    if not paths:
        print("check-my-work: no notebooks given, and none under notebooks/ here.", file=sys.stderr)
        return 2
    if args.submit:
        return _submit(paths, args.student)
    reports, unchecked = [], []
    for path in paths:
        try:
            report = run_check(find_notebook(path))
        except CannotCheck as err:
            print(f"check-my-work: {err}", file=sys.stderr)
            unchecked.append(path.name)
            continue
        print_report(report)
        reports.append(report)
    if len(paths) > 1:
        print(summary(reports, unchecked))
    return 2 if unchecked else 0 if all(report.all_passed for report in reports) else 1


def summary(reports: list[Report], unchecked: list[str]) -> str:
    """One sentence on several notebooks: how many pass, which need work, which could not be checked."""
    passing = sum(report.all_passed for report in reports)
    sentence = f"{passing} of {len(reports) + len(unchecked)} notebooks pass all their visible checks"
    needing = [f"{report.notebook.name} ({sum(r.status != 'passed' for r in report.exercises)} of "
               f"{len(report.exercises)} exercises)" for report in reports if not report.all_passed]
    if needing:
        sentence += "; need work: " + ", ".join(needing)
    if unchecked:
        sentence += "; could not be checked (see above): " + ", ".join(unchecked)
    return sentence + "."


def _submit(paths: list[Path], student: str | None) -> int:
    """Check every notebook of each assignment named by ``paths``, then write its archive."""
    from . import submit

    root = Path.cwd()
    try:
        course = submit.course_id(root)
        student = submit.remembered_student(root, student)
    except submit.CannotSubmit as err:
        print(f"check-my-work: {err}", file=sys.stderr)
        return 2
    folders = sorted({path.resolve().parent for path in paths})
    status, written = 0, []
    for folder in folders:
        notebooks, others = submit.course_notebooks(folder)
        for other in others:
            print(f"check-my-work: {other.relative_to(root) if other.is_relative_to(root) else other} is not one of "
                  "the course's notebooks: not handed in.", file=sys.stderr)
        try:
            reports = [run_check(find_notebook(path)) for path in notebooks]
        except CannotCheck as err:
            print(f"check-my-work: {folder.name} was not packed: {err}", file=sys.stderr)
            status = 2
            continue
        for report in reports:
            print_report(report)
        try:
            archive = submit.write_archive(course, folder, student, root / submit.SUBMISSIONS_DIR)
        except (submit.CannotSubmit, OSError) as err:
            print(f"check-my-work: {folder.name} was not packed: {err}", file=sys.stderr)
            status = 2
            continue
        passed = sum(r.status == "passed" for report in reports for r in report.exercises)
        total = sum(len(report.exercises) for report in reports)
        written.append(f"  {archive.path.relative_to(root)}  ({passed} of {total} exercises pass their visible checks)")
    if written:
        print(f"Packed for {student}, as last saved:\n" + "\n".join(written) +
              "\nUpload each file as it is (do not unzip or rename it) where your instructor collects work.")
    return status


if __name__ == "__main__":
    sys.exit(main())
