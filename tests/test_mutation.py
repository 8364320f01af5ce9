"""dlcourse.mutation: a test cell's checks, made non-fatal, say how many separate checks catch a mistake."""

import numpy as np

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
    exec(compile(source, "<test cell>", "exec"), namespace)  # noqa: S102 (our own test cell)
    found = namespace[mutation._CAUGHT]
    return [sum(not hidden[k] for k in found), sum(hidden[k] for k in found)]


def test_every_check_is_counted_once_and_hidden_ones_apart():
    _, hidden = mutation.instrument(TEST_CELL)
    assert (len(hidden), sum(hidden)) == (6, 3)  # passed() only prints: not a check
    assert caught(lambda x: 2 * x) == [0, 0]
    assert caught(lambda x: x + x + 1) == [1, 1]  # the values, in the visible case and in the loop
    assert caught(lambda x: (2 * x).astype(np.float32)) == [0, 1]  # only the hidden dtype check


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
