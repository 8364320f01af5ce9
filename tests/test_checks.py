"""helpers.checks: each check passes on right answers and explains wrong ones in plain words."""

import numpy as np
import pytest
import tensorflow as tf

from helpers import checks
from helpers.checks import CheckFailed, Exercise


def square(x):
    return x * x


def unanswered(x):
    raise NotImplementedError()


def fails(message):
    return pytest.raises(CheckFailed, match=message)


def test_check_failed_is_an_assertion_error_so_nbgrader_marks_the_cell_failed():
    assert issubclass(CheckFailed, AssertionError)


def test_rel_error_is_scale_free_and_handles_nan_and_inf():
    assert checks.rel_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert checks.rel_error([1e6], [1e6 + 1]) == pytest.approx(5e-7, rel=1e-3)
    assert checks.rel_error([1e-6], [1e-6 + 1e-12]) == pytest.approx(5e-7, rel=1e-3)
    assert checks.rel_error([1.0], [-1.0]) == 1.0
    assert checks.rel_error([np.nan], [np.nan]) == 0.0
    assert checks.rel_error([np.nan], [1.0]) == np.inf
    assert checks.rel_error([np.inf], [1.0]) == np.inf


def test_call_reports_an_unanswered_exercise_by_number():
    with fails(r"Exercise 2\.1 \(`unanswered`\): not answered yet\.\nHint: replace `raise NotImplementedError\(\)`"):
        Exercise("2.1", unanswered).call(3)


def test_call_names_the_error_the_student_code_raised_and_keeps_it_chained():
    def broken(x):
        return x + "a"

    with pytest.raises(CheckFailed, match=r"Exercise 1\.1 \(`broken`\): calling it raised TypeError") as info:
        Exercise("1.1", broken).call(3)
    assert isinstance(info.value.__cause__, TypeError)


def test_call_strips_tensorflows_internal_names_from_errors():
    def add(x):
        return x + tf.constant([1.0, 2.0])

    with pytest.raises(CheckFailed) as info:
        Exercise("1.4", add).call(tf.zeros((2, 3)))
    first = str(info.value).splitlines()[0]
    assert first == "Exercise 1.4 (`add`): calling it raised InvalidArgumentError: Incompatible shapes: [2,3] vs. [2]"


def test_call_works_on_copies_and_catches_changes_in_place():
    def scale_in_place(a):
        a *= 2
        return a

    original = np.array([1.0, 2.0])
    with fails("changed its input array in place"):
        Exercise("1.7", scale_in_place).call(original)
    np.testing.assert_array_equal(original, [1.0, 2.0])


def test_call_rejects_something_that_is_not_a_function():
    with fails("expected a function"):
        Exercise("1.1", 42).call()


def test_is_tensor_explains_numpy_arrays_and_missing_returns():
    check = Exercise("1.3", square)
    check.is_tensor(tf.constant(1.0))
    check.is_tensor(tf.Variable(1.0))
    with fails("should be a TensorFlow tensor, but it is a NumPy array"):
        check.is_tensor(np.zeros(2))
    with fails("did the function forget to `return`"):
        check.is_tensor(None)


def test_is_variable_distinguishes_constants_and_trainability():
    check = Exercise("1.2", square)
    check.is_variable(tf.Variable(1.0))
    with fails("should be a tf.Variable, but it is a TensorFlow tensor"):
        check.is_variable(tf.constant(1.0))
    with fails("should be trainable"):
        check.is_variable(tf.Variable(1.0, trainable=False))


def test_has_dtype_accepts_any_spelling_and_explains_float64():
    check = Exercise("1.7", square)
    for spelling in (tf.float32, np.float32, "float32"):
        check.has_dtype(tf.constant(1.0), spelling)
    with fails(r"has dtype float64, but float32 was expected\.\nHint: NumPy computes in float64"):
        check.has_dtype(np.zeros(1), tf.float32)
    with fails("integer tensors cannot hold fractions"):
        check.has_dtype(tf.constant([1]), tf.float32)
    with fails("which has no dtype"):
        check.has_dtype([1.0], tf.float32)


def test_has_shape_names_both_shapes_and_the_hint():
    check = Exercise("1.3", square)
    check.has_shape(tf.zeros((2, 3)), (2, 3))
    check.has_shape(np.float32(1), ())
    with fails(r"W has shape \(3, 2\), but \(2, 3\) was expected\.\nHint: one row per input"):
        check.has_shape(tf.zeros((3, 2)), (2, 3), "W", hint="one row per input")


def test_equals_compares_exactly_and_minds_python_types():
    check = Exercise("1.1", square)
    check.equals(3, 3)
    check.equals(np.int64(3), 3)
    check.equals((2, 3), (2, 3))
    check.equals(tf.constant([1, 2]), [1, 2])
    with fails(r"the rank is 2 \(an int\), but 3 was expected"):
        check.equals(2, 3, "the rank")
    with fails("TensorShape"):
        check.equals(tf.TensorShape([2, 3]), (2, 3))
    with fails("but 1 was expected"):
        check.equals(True, 1)
    # Arrays: the first differing index and both values; a small one whole, a big one by shape and count.
    with fails(r"at index 1 it has 2 where 3 was expected \(all of it: \[1, 2\], expected \[1, 3\]\)\.$"):
        check.equals(tf.constant([1, 2]), [1, 3])
    with fails(r"8 of its 100 entries \(shape \(100,\)\) differ, the first at index 92, which is 92 where 93 was"):
        check.equals(np.arange(100), np.arange(100) + (np.arange(100) >= 92))
    # Two long arrays that print alike still get told apart.
    with fails(r"1 of its 1000 entries \(shape \(10, 100\)\) differ, the first at index \(4, 50\)"):
        check.equals(np.zeros((10, 100), int), np.zeros((10, 100), int) + (np.arange(1000).reshape(10, 100) == 450))
    with fails(r"has shape \(2,\), but \(3,\) was expected"):
        check.equals(np.array([1, 2]), [1, 2, 3])


def test_is_close_uses_float32_tolerance_and_points_at_the_first_difference():
    check = Exercise("1.4", square)
    check.is_close(tf.constant([1.0, 2.0]), [1.0, 2.0000001])
    with fails(r"is not what was expected: at index \(1, 0\) it has 5 where 4 was expected \(all of it: "
               r"\[\[1\., 2\.\], \[5\., 4\.\]\], expected .*\(largest relative error 0\.11"):
        check.is_close([[1.0, 2.0], [5.0, 4.0]], [[1.0, 2.0], [4.0, 4.0]])
    with fails(r"has shape \(2,\), but \(3,\) was expected"):
        check.is_close([1.0, 2.0], [1.0, 2.0, 3.0])
    with fails("got nan"):
        check.is_close(np.float32("nan"), 1.0)
    with fails("should hold numbers"):
        check.is_close(np.array(["a"]), [1.0])


def test_that_and_passed():
    check = Exercise("1.2", square)
    check.that(True, "never shown")
    with fails(r"Exercise 1\.2 \(`square`\): W is all zeros\.\nHint: draw W at random"):
        check.that(False, "W is all zeros.", hint="draw W at random")


def test_passed_prints_the_all_clear(capsys):
    Exercise("1.2", square).passed()
    assert capsys.readouterr().out == "Exercise 1.2 (`square`): all visible checks passed.\n"


def test_messages_hold_no_bare_assertion_error():
    with pytest.raises(CheckFailed) as info:
        Exercise("9.9", square).is_close([1.0], [2.0])
    assert str(info.value).startswith("Exercise 9.9 (`square`): ")


def test_has_layers_reports_the_first_differing_layer():
    import keras

    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(32, activation="relu"),
                              keras.layers.Dense(10), keras.layers.Dense(1, activation="sigmoid")])
    expected = [("Dense", (None, 32), "relu", 25120), ("Dense", (None, 10), "linear", 330),
                ("Dense", (None, 1), "sigmoid", 11)]
    check = Exercise("3.4", square)
    check.has_layers(model, expected)
    wrong = [expected[0], ("Dense", (None, 10), "relu", 330), expected[2]]
    with fails(r"layer 1 of the model has activation linear, but relu was expected\.\n"
               r"  expected layer 1: Dense, output \(None, 10\), activation relu, 330 parameters"):
        check.has_layers(model, wrong)
    with fails("has 3 layers \\(not counting the input\\), but 2 were expected"):
        check.has_layers(model, expected[:2])
    with fails("should be a Keras model, but it is a list"):
        check.has_layers([1], expected)
