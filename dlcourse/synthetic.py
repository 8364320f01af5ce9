"""Synthetic submissions: the released notebooks with answers filled in, right, wrong or not at all.

The course keeps wrong implementations in ``dlcourse/mistakes/<assignment>/<answer grade_id>__<what is wrong>.py``;
each file is a whole answer cell that replaces that cell of the released notebook. The round-trip tests, the demo
class and the grading benchmark all build their submissions from these and from the solutions.
"""

import ast
import copy
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from helpers.cells import grade_id, is_answer, is_test

#: The wrong implementations a beginner writes, one file per mistake (see ``mistakes``).
MISTAKES = Path(__file__).parent / "mistakes"

_MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")


@dataclass(frozen=True)
class Mistake:
    assignment: str
    grade_id: str  # of the answer cell it replaces
    name: str
    path: Path

    @property
    def source(self) -> str:
        return self.path.read_text()

    def __str__(self) -> str:
        return f"{self.assignment}/{self.path.name}"


def mistakes(folder: Path, assignment: str) -> list[Mistake]:
    """The wrong implementations kept in ``folder`` for an assignment, sorted by exercise then name."""
    found = []
    for path in sorted((Path(folder) / assignment).glob("*.py")):
        grade_id, sep, name = path.stem.partition("__")
        if not sep:
            raise ValueError(f"{path}: name it <answer grade_id>__<what is wrong>.py")
        found.append(Mistake(assignment, grade_id, name, path))
    return found


def mistake_rounds(folder: Path, assignment: str) -> list[list[Mistake]]:
    """Group the mistakes into rounds holding at most one mistake per exercise.

    Graded functions are pure, so one submission can carry a wrong answer for every exercise at
    once; round k holds the k-th mistake of each exercise. This grades all mistakes in a few
    submissions instead of one submission each.
    """
    by_exercise: dict[str, list[Mistake]] = {}
    for mistake in mistakes(folder, assignment):
        by_exercise.setdefault(mistake.grade_id, []).append(mistake)
    depth = max((len(group) for group in by_exercise.values()), default=0)
    return [[group[k] for group in by_exercise.values() if k < len(group)] for k in range(depth)]


def solution_answers(solution_path: Path) -> dict[str, str]:
    """``{grade_id: source}`` of every answer cell of a solution notebook, marker lines removed."""
    nb = nbformat.read(solution_path, as_version=4)
    return {
        grade_id(cell): "\n".join(line for line in cell.source.splitlines() if not _MARKER.match(line))
        for cell in nb.cells if is_answer(cell)
    }


def fill(released_path: Path, answers: dict[str, str], out_path: Path) -> Path:
    """Write a copy of the released notebook whose answer cells hold ``answers`` (by grade_id)."""
    nb = nbformat.read(released_path, as_version=4)
    unknown = set(answers) - {grade_id(c) for c in nb.cells if is_answer(c)}
    if unknown:
        raise KeyError(f"{released_path.name} has no answer cells {sorted(unknown)}")
    for cell in nb.cells:
        if is_answer(cell) and grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    nbformat.write(nb, out_path)
    return out_path


def with_test_cells(released_path: Path, source: str, out_path: Path) -> Path:
    """Write a copy of the released notebook whose every test cell is replaced by ``source``."""
    nb = copy.deepcopy(nbformat.read(released_path, as_version=4))
    for cell in nb.cells:
        if is_test(cell):
            cell.source = source
    nbformat.write(nb, out_path)
    return out_path


# -- a whole synthetic class ----------------------------------------------------------------------------------------

NAMES = ("ada", "alan", "barbara", "claude", "dorothy", "edsger", "frances", "grace", "hedy", "ivan", "jean",
         "john", "karen", "katherine", "ken", "leslie", "lynn", "margaret", "mary", "niklaus", "radia", "richard",
         "shafi", "sophie", "tim", "tony", "ursula", "vint", "whitfield", "yann", "yoshua", "geoffrey", "fei-fei",
         "andrew", "demis", "cynthia", "judea", "marvin", "seymour", "terry")

# How likely each kind of student is to get an exercise wrong / leave it blank, and to stop submitting.
PROFILES = {"strong": (0.08, 0.0, 0.0), "steady": (0.3, 0.05, 0.05), "struggling": (0.5, 0.25, 0.15)}

# Work that must not break grading, one of each in a class of 12 or more (see ``synthetic_class``).
CRASH_CELL = "import os\nos._exit(3)  # the kernel dies mid-notebook\n"
LOOP_FUNCTION = "def {name}(*args, **kwargs):  # never returns: the test times out\n    while True:\n        pass\n"


@dataclass
class Submitted:
    """One synthetic submission: who, which assignment, what kind of work."""

    student: str
    assignment: str
    kind: str  # "solution", "mixed", "blank", "tampered", "corrupt", "crash", "hang"
    wrong: tuple[str, ...] = ()  # answer grade_ids given a wrong implementation
    blank: tuple[str, ...] = ()  # answer grade_ids left unanswered


def synthetic_class(course_root: Path, mistakes_folder: Path, n_students: int = 30, seed: int = 2026,
                    assignments: list[str] | None = None, specials: bool = True) -> list[Submitted]:
    """Fill ``course_root/submitted/`` with a class's work on the released notebooks (nbgrader's layout).

    Each student gets a profile (strong, steady, struggling) that sets how often an exercise is wrong (a wrong
    implementation from ``mistakes_folder``) or blank, and how likely they are to stop submitting. Drawn with
    ``seed``, so the same arguments give the same class. With ``specials``, one submission each is corrupt (not
    JSON), crashes its kernel, has an answer that never finishes, rewrites its test cells to ``assert True``.

    Returns:
        What each submission holds, in the order written.
    """
    import random

    rng = random.Random(seed)
    released = Path(course_root) / "notebooks"
    names = sorted(p.name for p in released.iterdir() if p.is_dir()) if assignments is None else list(assignments)
    students = [NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else f"-{i // len(NAMES) + 1}")
                for i in range(n_students)]
    special_kinds = ["corrupt", "crash", "hang", "tampered"] if specials and n_students >= 12 else []
    special_at = {(students[3 + 2 * k], names[(1 + 3 * k) % len(names)]): kind
                  for k, kind in enumerate(special_kinds)}
    written = []
    for student in students:
        profile = rng.choices(list(PROFILES), weights=(4, 4, 2))[0]
        p_wrong, p_blank, p_stop = PROFILES[profile]
        if any(s == student for s, _ in special_at):
            p_stop = 0.0  # whoever does something odd keeps submitting, so the demo shows it
        for assignment in names:
            if rng.random() < p_stop:
                break  # stopped submitting
            folder = Path(course_root) / "submitted" / student / assignment
            folder.mkdir(parents=True, exist_ok=True)
            kind = special_at.get((student, assignment))
            for path in sorted((released / assignment).glob("*.ipynb")):
                written.append(_write(path, folder / path.name, student, assignment, kind, rng, p_wrong, p_blank,
                                      mistakes(mistakes_folder, assignment)))
            (folder / "timestamp.txt").write_text("2026-11-20 17:00:00.000000 UTC")
    return written


def _write(released: Path, out: Path, student: str, assignment: str, kind: str | None, rng, p_wrong: float,
           p_blank: float, wrong_ones: list[Mistake]) -> Submitted:
    source = released.parents[2] / "solutions" / assignment / released.name
    answers = solution_answers(source)
    if kind == "corrupt":
        out.write_text('{"cells": [')  # cut off mid-upload
        return Submitted(student, assignment, kind)
    if kind == "tampered":
        with_test_cells(released, "assert True", out)
        return Submitted(student, assignment, kind)
    if kind in ("crash", "hang"):
        first = next(iter(answers))
        name = next(node.name for node in ast.parse(answers[first]).body if isinstance(node, ast.FunctionDef))
        extra = CRASH_CELL if kind == "crash" else LOOP_FUNCTION.format(name=name)
        fill(released, answers | {first: answers[first] + "\n\n" + extra}, out)
        return Submitted(student, assignment, kind, wrong=(first,))
    by_exercise: dict[str, list[Mistake]] = {}
    for mistake in wrong_ones:
        by_exercise.setdefault(mistake.grade_id, []).append(mistake)
    wrong, blank, chosen = [], [], {}
    for gid, text in answers.items():
        draw = rng.random()
        if draw < p_blank:
            blank.append(gid)
        elif draw < p_blank + p_wrong and by_exercise.get(gid):
            wrong.append(gid)
            chosen[gid] = rng.choice(by_exercise[gid]).source
        else:
            chosen[gid] = text
    fill(released, chosen, out)
    kind = "solution" if not wrong and not blank else "blank" if not chosen else "mixed"
    return Submitted(student, assignment, kind, tuple(wrong), tuple(blank))
