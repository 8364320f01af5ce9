"""dlcourse.mutation: a test cell's checks, made non-fatal, say how many separate checks catch a mistake."""

import numpy as np
import pytest

from dlcourse import mutation
from helpers import checks

TEST_CELL = '''check = checks.Exercise("0.1", double)
out = check.call(np.array([1.0, 2.0]))
check.has_shape(out, (2,))
check.is_close(out, [2.0, 4.0])
check.passed()
### BEGIN HIDDEN TESTS
for x in [np.array([3.0]), np.array([-1.0, 0.0, 5.0])]:
    out = check.call(x)
    check.is_close(out, 2 * x)
assert out.dtype == np.float64
### END HIDDEN TESTS
'''


def caught(function) -> list[int]:
    source, hidden = mutation.instrument(TEST_CELL)
    namespace = {"checks": checks, "np": np, "double": function, mutation._CAUGHT: set()}
    try:
        exec(compile(source, "<test cell>", "exec"), namespace)  # noqa: S102 (our own test cell)
    except Exception:  # noqa: BLE001, S110 (a statement that is not a check ended the cell: counts so far stand)
        pass
    return list(mutation.tally(namespace[mutation._CAUGHT], hidden))


def test_every_check_is_counted_once_and_hidden_ones_apart():
    _, hidden = mutation.instrument(TEST_CELL)
    assert (len(hidden), sum(hidden)) == (6, 3)  # passed() only prints: not a check
    assert caught(lambda x: 2 * x) == [0, 0]
    assert caught(lambda x: x + x + 1) == [1, 1]  # the values, in the visible case and in the loop
    assert caught(lambda x: (2 * x).astype(np.float32)) == [0, 1]  # only the hidden dtype check


def test_a_check_in_a_visible_helper_counts_as_hidden_when_only_a_hidden_call_fails_it():
    cell = '''check = checks.Exercise("0.1", double)


def check_double(x):
    check.is_close(check.call(x), 2 * x)


check_double(np.array([1.0, 2.0]))
### BEGIN HIDDEN TESTS
check_double(np.array([-3.0]))
### END HIDDEN TESTS
'''
    source, hidden = mutation.instrument(cell)
    assert hidden == [False]  # one check, is_close, written in the visible part

    def run(function):
        namespace = {"checks": checks, "np": np, "double": function, mutation._CAUGHT: set()}
        exec(compile(source, "<test cell>", "exec"), namespace)  # noqa: S102 (our own test cell)
        return list(mutation.tally(namespace[mutation._CAUGHT], hidden))

    assert run(lambda x: 2 * x) == [0, 0]
    assert run(lambda x: np.abs(2 * x)) == [0, 1]  # wrong for negative numbers only: the student never sees it
    assert run(lambda x: 2 * x + 1) == [0, 1]  # one line, counted once, hidden since a hidden call failed it too


def test_a_call_that_raises_counts_once_per_call_and_not_again_for_what_it_did_not_return():
    def broken(x):
        raise ValueError("no")
    assert caught(broken) == [1, 1]


def test_visible_checks_must_pass_a_non_default_argument_when_there_is_one():
    answer = "def scale(x, factor=2.0):\n    return factor * x\n"
    default_only = 'check = checks.Exercise("0.2", scale)\nout = check.call(np.ones(2))\n'
    assert mutation._non_default_call(answer, default_only, "scale") is False
    assert mutation._non_default_call(answer, default_only + "out = check.call(np.ones(2), 3.0)\n", "scale") is True
    hidden_only = (default_only + "### BEGIN HIDDEN TESTS\nout = check.call(np.ones(2), factor=3.0)\n"
                   "### END HIDDEN TESTS\n")
    assert mutation._non_default_call(answer, hidden_only, "scale") is False
    assert mutation._non_default_call("def f(x):\n    return x\n", default_only, "f") is None


# -- statistical checks: a right answer passes them under every seed ----------------------------------------------

SEEDS = 200


def statistical_test_cells():
    """``(id, prelude, answer, test cell)`` for every test cell with a statistical check (so marked in a comment)."""
    import nbformat
    from conftest import ASSIGNMENTS
    from submissions import grade_id, is_answer, is_test, solution_answers

    from dlcourse.harness import prelude

    for assignment in ASSIGNMENTS:
        for notebook in assignment.notebooks:
            path = assignment.source(notebook)
            nb = nbformat.read(path, as_version=4)
            imports = prelude(c.source for c in nb.cells if c.cell_type == "code" and not is_answer(c)
                              and not is_test(c))
            answers = solution_answers(path)
            for cell in nb.cells:
                if is_test(cell) and "# Statistical check:" in cell.source:
                    answer_id = grade_id(cell).removesuffix("_test")
                    yield f"{assignment.name}:{grade_id(cell)}", imports, answers[answer_id], cell.source


CELLS = list(statistical_test_cells())


def test_some_test_cell_has_a_statistical_check():
    assert CELLS, "no test cell says '# Statistical check:' any more: update this test"


def reseeded(function, trial: int):
    """``function`` whose NumPy generators made from an int seed draw a stream of their own for each trial.

    An answer that takes a seed argument (np.random.default_rng(seed)) would otherwise draw the same numbers in
    every trial; the test cell's own generators are left alone, so its data stay what its bounds were worked out for.
    """
    import functools
    from unittest import mock

    real = np.random.default_rng

    def default_rng(seed=None):
        return real([int(seed), trial]) if isinstance(seed, (int, np.integer)) else real(seed)

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with mock.patch.object(np.random, "default_rng", default_rng):
            return function(*args, **kwargs)
    return wrapper


@pytest.mark.parametrize("name,imports,answer,test", CELLS, ids=[c[0] for c in CELLS])
def test_a_right_answer_passes_a_statistical_check_under_many_seeds(name, imports, answer, test):
    namespace: dict = {}
    exec(imports, namespace)  # noqa: S102 (the course's own cells)
    before = set(namespace)
    exec(answer, namespace)  # noqa: S102
    answers = {k: v for k, v in namespace.items() if k not in before and callable(v)}
    failures = []
    for seed in range(SEEDS):
        namespace["tf"].random.set_seed(seed)
        np.random.seed(seed)
        trial = dict(namespace) | {k: reseeded(v, seed) for k, v in answers.items()}
        try:
            exec(test, trial)  # noqa: S102
        except AssertionError as err:
            failures.append((seed, str(err).splitlines()[0]))
    assert not failures, f"{name}: a right answer failed under {len(failures)} of {SEEDS} seeds: {failures[:3]}"


# -- the course's own test cells: `make test-the-tests`, run by `make test` ----------------------------------------


def _notebooks():
    from conftest import ASSIGNMENTS

    return [(assignment, notebook) for assignment in ASSIGNMENTS for notebook in assignment.notebooks]


NOTEBOOKS = _notebooks()


@pytest.mark.parametrize("assignment,notebook", NOTEBOOKS, ids=[f"{a.name}/{n}" for a, n in NOTEBOOKS])
def test_every_wrong_implementation_is_caught_by_two_checks_one_of_them_hidden(assignment, notebook):
    reports = mutation.check_assignment(assignment.source(notebook))
    assert reports, f"{assignment.name}/{notebook} has no test cells"
    problems = [problem for report in reports for problem in report.problems()]
    assert not problems, f"{assignment.name}/{notebook}: " + "; ".join(problems)


def test_a_case_whose_type_dtype_or_shape_goes_unchecked_is_found():
    import tensorflow as tf

    from dlcourse import output_mutants

    cell = '''check = checks.Exercise("0.1", double)
out = check.call(tf.constant([1.0, 2.0]))
check.is_tensor(out)
check.has_dtype(out, tf.float32)
check.has_shape(out, (2,))
check.is_close(out, [2.0, 4.0])
again = check.call(tf.constant([3.0]))
check.is_close(again, [6.0])
unread = check.call(tf.constant([5.0]))
'''
    source, _ = mutation.instrument(cell)

    def run(change):
        namespace = {"checks": checks, "np": np, "tf": tf, "double": lambda x: 2 * x}
        found = output_mutants.missed(source, namespace, mutation._CAUGHT, change, 0)
        return [number for number, _ in found["missed"]], found["caught"]

    assert run("anything") == ([3], [1, 2])  # the third result is never read: not a checked output
    assert run("type") == ([2, 3], [1])  # a list where a tensor is due passes is_close: the second case misses it
    assert run("dtype") == ([2, 3], [1])
    assert run("shape") == ([3], [1, 2])  # is_close itself compares shapes
