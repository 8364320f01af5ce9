"""Tests of the tests: how many separate checks of an exercise's test cell catch each wrong implementation.

For every exercise, the solution notebook runs in a kernel as usual; just before its test cell, each wrong
implementation kept in ``dlcourse/mistakes/`` replaces the answer in turn and the test cell runs with every check
made non-fatal: a check that fails is noted and the cell goes on. The number of checks that fail is how many
separate checks catch the mistake. Deleting one check at a time from the cell lets a mistake through exactly when
no other check fails for it, so a mistake caught by two or more checks survives no single deletion.

A check is a statement of a test cell that calls a method of the exercise's checker (``check.is_close(...)``,
``check.call(...)`` on the right of an assignment), or an ``assert``; ``check.passed()`` only prints. A check in a
``### BEGIN HIDDEN TESTS`` region is hidden, and so is a check of a function written in the visible part when a
call from the hidden part fails it. When a ``check.call`` fails (the function raised), the names it
would have assigned are unbound, so later checks on them do not count as catching it again.

The rules (``problems``): every mistake is caught by at least two checks, at least one of them hidden; every
exercise has at least three wrong implementations; every exercise whose function has parameters with defaults calls
it with a non-default argument in its visible checks; and every result a check reads, in every case, is checked for
its type, dtype and shape: handed back as a list, with another dtype or with one more axis, some check fails
(``output_mutants``).
"""

import ast
import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from helpers.cells import grade_id, is_answer, is_illustration, is_test

from . import output_mutants
from .synthetic import MISTAKES, Mistake, mistakes

_HIDDEN = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
_NOT_CHECKS = {"passed"}
_CAUGHT = "__dlcourse_caught__"
_HERE = "__dlcourse_in_hidden_part__"


@dataclass
class Caught:
    mistake: Mistake
    visible: int
    hidden: int
    error: str = ""  # the mistake's own cell did not run

    @property
    def checks(self) -> int:
        return self.visible + self.hidden


@dataclass
class ExerciseReport:
    grade_id: str
    checks: int  # check statements in the test cell
    hidden_checks: int
    caught: list[Caught] = field(default_factory=list)
    non_default_call: bool | None = None  # None: the function has no parameter with a default
    unchecked: list[str] = field(default_factory=list)  # cases whose output's type, dtype or shape no check sees

    def problems(self) -> list[str]:
        found = [f"{c.mistake}: caught by {c.checks} check(s) ({c.hidden} hidden)" for c in self.caught
                 if c.checks < 2 or c.hidden < 1]
        if len(self.caught) < 3:
            found.append(f"{self.grade_id}: {len(self.caught)} wrong implementation(s), 3 wanted")
        if self.non_default_call is False:
            found.append(f"{self.grade_id}: no visible check calls the function with a non-default argument")
        found += [f"{self.grade_id} {case} passes every check" for case in self.unchecked]
        return found


# -- the test cell, instrumented --------------------------------------------------------------------------------


def _hidden_lines(source: str) -> set[int]:
    inside, lines = False, set()
    for number, line in enumerate(source.splitlines(), 1):
        if line.strip() == _HIDDEN[0]:
            inside = True
        elif line.strip() == _HIDDEN[1]:
            inside = False
        elif inside:
            lines.add(number)
    return lines


def _is_check(node: ast.stmt) -> bool:
    if isinstance(node, ast.Assert):
        return True
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Attribute):
        return node.value.func.attr not in _NOT_CHECKS and isinstance(node.value.func.value, ast.Name)
    if isinstance(node, ast.Assign):
        return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "call"
                   for n in ast.walk(node.value))
    return False


class _Instrument(ast.NodeTransformer):
    """Wrap each check in try/except that notes its number; an assignment that failed unbinds its names."""

    def __init__(self, hidden_lines: set[int]):
        self.checks: list[bool] = []  # per check: hidden?
        self.hidden_lines = hidden_lines

    def generic_visit(self, node):
        super().generic_visit(node)
        for name in ("body", "orelse", "finalbody"):
            if name == "body" and isinstance(node, ast.Try):
                continue  # the test's own try/except must still see what its body raises
            block = getattr(node, name, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                setattr(node, name, [self._wrap(stmt) for stmt in block])
        return node

    def _wrap(self, stmt: ast.stmt) -> ast.stmt:
        """A check notes its number when it raises; another statement is skipped when it reads an unbound name.

        Any other error of a statement that is not a check ends the cell, as it would when graded (the counts so
        far stand).
        """
        if isinstance(stmt, (ast.FunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom, ast.Global, ast.Nonlocal)):
            return stmt
        names = [t.id for t in getattr(stmt, "targets", []) if isinstance(t, ast.Name)]
        unbind = "".join(f"\n    globals().pop({n!r}, None)" for n in names)  # later uses fail as NameError
        code = f"try:\n    pass\nexcept NameError:\n    pass{unbind}\n"
        if _is_check(stmt):
            code += f"except Exception:\n    {_CAUGHT}.add(({len(self.checks)}, {_HERE})){unbind}\n"
            self.checks.append(stmt.lineno in self.hidden_lines)
        handler = ast.parse(code).body[0]
        handler.body = [stmt]
        return ast.copy_location(handler, stmt)


def instrument(source: str) -> tuple[str, list[bool]]:
    """The test cell's source with every check non-fatal, and for each check whether it is hidden.

    Before each top-level statement the cell notes whether that statement is hidden, so that a check written in
    a function of the visible part counts as hidden when it fails for a call from the hidden part (the student
    never sees that failure).
    """
    hidden_lines = _hidden_lines(source)
    tree = ast.parse(source)
    visitor = _Instrument(hidden_lines)
    tree = visitor.visit(tree)
    body = []
    for stmt in tree.body:
        body += [ast.parse(f"{_HERE} = {stmt.lineno in hidden_lines}").body[0], stmt]
    tree.body = body
    ast.fix_missing_locations(tree)
    return ast.unparse(tree), visitor.checks


def tally(found, hidden: list[bool]) -> tuple[int, int]:
    """(visible, hidden) checks among ``found``, the (check, from hidden code) pairs a run noted.

    A check is counted once however often it failed: deleting its line would silence every one of its failures.
    It is hidden if its line is, or if it failed for a call from the hidden part.
    """
    from_hidden: dict[int, bool] = {}
    for check, here in found:
        from_hidden[check] = from_hidden.get(check, False) or bool(here) or hidden[check]
    return sum(not h for h in from_hidden.values()), sum(from_hidden.values())


def _non_default_call(answer: str, test: str, function: str) -> bool | None:
    """Whether a visible ``check.call`` passes an argument for a parameter that has a default."""
    try:
        defs = [n for n in ast.walk(ast.parse(answer)) if isinstance(n, ast.FunctionDef) and n.name == function]
    except SyntaxError:
        return None
    if not defs:
        return None
    args = defs[0].args
    positional = [a.arg for a in args.posonlyargs + args.args]
    defaulted = set(positional[len(positional) - len(args.defaults):]) if args.defaults else set()
    defaulted |= {a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None}
    if not defaulted:
        return None
    required = len(positional) - len(args.defaults)
    hidden = _hidden_lines(test)
    for node in ast.walk(ast.parse(test)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "call"
                and node.lineno not in hidden):
            if len(node.args) > required or any(k.arg in defaulted for k in node.keywords):
                return True
    return False


def _function_name(test: str) -> str | None:
    for node in ast.walk(ast.parse(test)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Exercise" and len(node.args) >= 2:
            return getattr(node.args[1], "id", None)
    return None


# -- running ----------------------------------------------------------------------------------------------------


def check_assignment(solution: Path, folder: Path = MISTAKES, timeout: int = 300) -> list[ExerciseReport]:
    """Run a solution notebook; for every mistake of every exercise, count the checks that catch it."""
    nb = nbformat.read(solution, as_version=4)
    assignment = solution.parent.name
    by_exercise: dict[str, list[Mistake]] = {}
    for mistake in mistakes(folder, assignment):
        by_exercise.setdefault(mistake.grade_id, []).append(mistake)
    answers = {grade_id(c): c.source for c in nb.cells if is_answer(c)}
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(solution.parent)}})
    reports = []
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or is_illustration(cell):
                continue
            if is_test(cell):
                answer_id = (grade_id(cell) or "").removesuffix("_test")
                reports.append(_check_exercise(client, index, cell, answer_id, answers.get(answer_id, ""),
                                               by_exercise.get(answer_id, [])))
            client.execute_cell(cell, index)
    return reports


def _run(client: NotebookClient, index: int, source: str) -> list:
    """Run ``source`` in the kernel as the cell at ``index``; its outputs."""
    cell = nbformat.v4.new_code_cell(source)
    client.execute_cell(cell, index)
    return cell.outputs


def _check_exercise(client, index, cell, answer_id, answer, found: list[Mistake]) -> ExerciseReport:
    source, hidden = instrument(cell.source)
    report = ExerciseReport(answer_id, len(hidden), sum(hidden))
    report.non_default_call = _non_default_call(answer, cell.source, _function_name(cell.source) or "")
    for mistake in found:
        errors = [o for o in _run(client, index, mistake.source) if o.output_type == "error"]
        if errors:
            report.caught.append(Caught(mistake, 0, 0, f"{errors[0].ename}: {errors[0].evalue}"))
            continue
        script = (f"{_CAUGHT} = set()\ntry:\n    exec(compile({source!r}, 'test cell', 'exec'), globals())\n"
                  f"finally:\n    import json as _j; print(_j.dumps(sorted({_CAUGHT})))")
        caught, error = _printed_json(_run(client, index, script))
        error = f"the instrumented test cell failed: {error}" if error else ""
        report.caught.append(Caught(mistake, *tally(caught or [], hidden), error))
    _run(client, index, answer)  # the right answer back, for the test cell and what follows
    report.unchecked = _unchecked_outputs(client, index, source)
    return report


def _unchecked_outputs(client, index, source: str) -> list[str]:
    """The cases whose output could change type, dtype or shape unnoticed (``output_mutants``), right answer in
    place. Only results that some check reads count: those a Nothing in their place does not get past."""
    found = []
    position, longest = 0, 1
    while position < longest:
        read = _changes(client, index, source, "anything", position)
        if "error" in read:
            return found + [read["error"]]
        longest = max(longest, read["longest"])
        for change in output_mutants.CHANGES:
            result = _changes(client, index, source, change, position)
            if "error" in result:
                return found + [result["error"]]
            found += [case for number, case in result["missed"] if number in read["caught"]]
        position += 1
    return found


def _changes(client, index, source: str, change: str, position: int) -> dict:
    script = (f"import json as _j, dlcourse.output_mutants as _m\n"
              f"print(_j.dumps(_m.missed({source!r}, globals(), {_CAUGHT!r}, {change!r}, {position})))")
    result, error = _printed_json(_run(client, index, script))
    return {"error": f"the {change} check could not run: {error or 'it printed nothing'}"} if result is None else result


def _printed_json(outputs: list):
    """(what the cell's last printed line holds as JSON, None) or (None, the error the cell raised, or "")."""
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream" and o.name == "stdout")
    try:
        return json.loads(printed.strip().splitlines()[-1]), ""
    except (IndexError, ValueError):
        failed = next((o for o in outputs if o.output_type == "error"), None)
        return None, f"{failed.ename}: {failed.evalue}" if failed else ""


def summary(reports: list[ExerciseReport]) -> dict:
    counts = [c.checks for r in reports for c in r.caught]
    return {"exercises": len(reports), "mistakes": len(counts), "min": min(counts, default=0),
            "median": statistics.median(counts) if counts else 0,
            "under_two": sum(n < 2 for n in counts),
            "no_hidden": sum(c.hidden < 1 for r in reports for c in r.caught),
            "problems": sum(len(r.problems()) for r in reports),
            "unchecked_outputs": sum(len(r.unchecked) for r in reports)}


def print_reports(name: str, reports: list[ExerciseReport]) -> None:
    print(f"{name}")
    for report in reports:
        counts = ", ".join(f"{c.mistake.name} {c.visible}+{c.hidden}" for c in report.caught)
        print(f"  {report.grade_id}: {report.checks} checks ({report.hidden_checks} hidden); "
              f"caught by visible+hidden: {counts}")
        for problem in report.problems():
            print(f"    ! {problem}")
