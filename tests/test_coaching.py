"""helpers.coaching: a plain hint under the traceback of the common mistakes, and nothing else changes.

Every error here is the real one, raised by really calling the library: the hints are parsed from its message.
"""

import asyncio
import os
import re
from types import SimpleNamespace

import keras
import nbformat
import numpy as np
import pytest
import tensorflow as tf
from IPython.core.events import EventManager, available_events
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from helpers import coaching
from helpers.checks import CheckFailed, Exercise
from helpers.coaching import hint_for


def raised(call) -> Exception:
    try:
        call()
    except Exception as err:  # noqa: BLE001 (whatever the library raises is what the hint must read)
        return err
    pytest.fail("the call was expected to raise")


def hint(call, shell=None) -> str | None:
    return hint_for(raised(call), shell)


def dense(x, W, b):
    # YOUR CODE HERE
    raise NotImplementedError()


def unbuilt_model():
    return keras.Sequential([keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1)])


# -- a. an exercise not answered yet ---------------------------------------------------------------------------------

EXERCISE_CELLS = [
    nbformat.v4.new_markdown_cell("### Exercise 1.3 — A dense layer\n\nWrite `dense(x, W, b)`."),
    nbformat.v4.new_code_cell("def dense(x, W, b):\n    # YOUR CODE HERE\n    raise NotImplementedError()",
                              metadata={"nbgrader": {"grade": False, "grade_id": "ex1_3", "locked": False,
                                                     "schema_version": 3, "solution": True, "task": False}}),
]


def write_notebook(path, cells) -> str:
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return str(path)


def test_an_unanswered_exercise_is_named_from_the_notebook_the_kernel_runs(tmp_path, monkeypatch):
    path = write_notebook(tmp_path / "tensors.ipynb", [nbformat.v4.new_code_cell("x = 1"), *EXERCISE_CELLS])
    expected = ("`dense` (Exercise 1.3) is not answered yet: its answer cell still says `raise NotImplementedError()`."
                " Write your code there, run that cell, then run this one again.")
    assert hint(lambda: dense(1, 2, 3), SimpleNamespace(user_ns={"__session__": path})) == expected
    monkeypatch.setenv("JPY_SESSION_NAME", path)  # what Jupyter server sets; IPython's __session__ may be missing
    assert hint(lambda: dense(1, 2, 3)) == expected


def test_an_unanswered_exercise_falls_back_to_the_cell_that_defined_it(monkeypatch):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    this_file = dense.__code__.co_filename
    labels = SimpleNamespace(format_code_name=lambda name: ("Cell", "In[12]") if name == this_file else None)
    assert hint(lambda: dense(1, 2, 3), SimpleNamespace(user_ns={}, compile=labels)) == (
        "`dense` (defined in cell In [12]) is not answered yet: it still says `raise NotImplementedError()`. "
        "Replace that line with your code, run that cell, then run this one again.")
    assert hint(lambda: dense(1, 2, 3)).startswith("`dense` is not answered yet")


def test_only_the_stub_counts_as_unanswered():
    def todo():
        raise NotImplementedError("the student's own message")

    assert hint(todo) is None
    assert hint_for(NotImplementedError()) is None  # never raised: no function to point at


# -- b. matrix products ----------------------------------------------------------------------------------------------


def test_matmul_shapes_in_tensorflow():
    text = hint(lambda: tf.ones((2, 3)) @ tf.ones((2, 3)))
    assert text.startswith("tf.matmul(a, b) (and a @ b) needs a's last size to equal b's first: here (2, 3) @ (2, 3),"
                           " and 3 ≠ 2.")
    assert "tf.transpose(b) has shape (3, 2)" in text
    assert "tf.transpose(a) has shape (2, 3)" in hint(lambda: tf.matmul(tf.ones((3, 2)), tf.ones((3, 4))))
    assert "`b[:, None]`" in hint(lambda: tf.matmul(tf.ones((2, 3)), tf.ones((3,))))  # a vector is not a matrix

    @tf.function
    def product(a, b):
        return a @ b

    assert "here (2, 3) @ (2, 3)" in hint(lambda: product(tf.ones((2, 3)), tf.ones((2, 3))))  # traced: other words


def test_matmul_shapes_in_numpy():
    text = hint(lambda: np.ones((2, 3)) @ np.ones((2, 3)))
    assert "a @ b (np.matmul)" in text and "a's last size is 3 and b's first is 2" in text and "`b.T`" in text
    text = hint(lambda: np.dot(np.ones((2, 3)), np.ones((2, 3))))
    assert "here (2, 3) @ (2, 3), and 3 ≠ 2" in text and "b.T has shape (3, 2)" in text


# -- c. broadcasting -------------------------------------------------------------------------------------------------


def test_broadcasting_in_tensorflow_explains_the_rule_with_the_shapes():
    assert hint(lambda: tf.ones((2, 3)) + tf.ones((2,))) == (
        "(2, 3) and (2,) do not broadcast: shapes are lined up from the right, and each pair of sizes must be equal "
        "or 1, but here 3 meets 2. To give each row its own value, make the (2,) one a column of shape (2, 1): "
        "`v[:, None]` or `tf.reshape(v, (-1, 1))`.")
    # `*` where the shapes fit a matrix product: the hint names the matrix product, not a transpose.
    text = hint(lambda: tf.ones((2, 3)) * tf.ones((3, 2)))
    assert "a @ b (tf.matmul)" in text and "transpose" not in text, text
    assert "`tf.transpose`" in hint(lambda: tf.ones((2, 3)) + tf.ones((3, 2)))


def test_broadcasting_in_numpy():
    text = hint(lambda: np.ones((2, 3)) + np.ones((2,)))
    assert text.startswith("(2, 3) and (2,) do not broadcast") and "`v.reshape(-1, 1)`" in text
    assert "here 2 meets 3" in hint(lambda: np.ones((4, 2, 3)) - np.ones((4, 3, 3)))


# -- d, e. dtypes ----------------------------------------------------------------------------------------------------


def test_float64_from_numpy_with_float32():
    text = hint(lambda: tf.constant(np.ones(3)) + tf.ones(3))
    assert text.startswith("`+` got a float64 tensor and a float32 one")
    assert "NumPy's default is float64" in text and "`tf.cast(x, tf.float32)`" in text and "dtype=np.float32" in text
    assert "float32 tensor and a float64 one" in hint(lambda: tf.ones((2, 2)) @ tf.Variable(np.ones((2, 2))))
    assert "gives a float64 value to a float32" in hint(lambda: tf.Variable(tf.ones(3)).assign(tf.constant(np.ones(3))))


def test_integers_with_floats():
    text = hint(lambda: tf.constant([1, 2]) + tf.constant([0.5, 0.5]))
    assert text.startswith("`+` got an int32 tensor and a float32 one")
    assert "`tf.constant([1, 2])` is int32" in text and "1.0" in text and "`dtype=tf.float32`" in text
    assert "int64" in hint(lambda: tf.ones(2) * tf.constant(np.array([1, 2])))
    assert hint(lambda: tf.constant([1, 2]) * 0.5).startswith("This tensor is int32, so it cannot hold 0.5")


def test_float_only_operations_on_integers():
    assert hint(lambda: tf.exp(tf.constant([1, 2]))).startswith("`tf.exp` works only on floats, but it got an int32")
    assert hint(lambda: tf.math.sigmoid(tf.constant([1, 2]))).startswith("`tf.math.sigmoid` works only on floats")
    assert "`tf.cast(x, tf.float32)`" in hint(lambda: tf.sqrt(tf.constant([4, 9])))


# -- f. TensorFlow 1 code ------------------------------------------------------------------------------------------


def test_tensorflow_1_names_point_to_compat_v1():
    assert hint(lambda: tf.Session()).startswith(
        "`tf.Session` is TensorFlow 1 code: in TF2 it is `tf.compat.v1.Session` (notebook 02 shows how to use it)")
    assert "`tf.compat.v1.placeholder`" in hint(lambda: tf.placeholder(tf.float32))
    assert "drop that line" in hint(lambda: tf.global_variables_initializer())
    text = hint(lambda: tf.train.GradientDescentOptimizer(0.1))
    assert "`tf.compat.v1.train.GradientDescentOptimizer`" in text and "keras.optimizers.SGD" in text
    assert hint(lambda: tf.mtmul) is None  # a typo is not TensorFlow 1


def test_a_placeholder_outside_a_graph():
    text = hint(lambda: tf.compat.v1.placeholder(tf.float32))
    assert "`with tf.Graph().as_default():`" in text and "notebook 02" in text


# -- g. Keras models used too early --------------------------------------------------------------------------------


def test_an_unbuilt_model_says_how_to_build_it():
    text = hint(lambda: unbuilt_model().count_params())
    assert re.match(r"`sequential(_\d+)?` has no weights yet", text)
    assert "`keras.Input(shape=(n_features,))`" in text and "`model.build((None, n_features))`" in text
    assert "has no output yet" in hint(lambda: unbuilt_model().output)
    assert hint(lambda: unbuilt_model().layers[0].kernel).startswith("A layer's `kernel` is created only when")
    assert hint(lambda: unbuilt_model().layers[0].bias).startswith("A layer's `bias` is created only when")
    assert hint(lambda: keras.layers.Dense(3, use_bias=False).bias) is None  # it will never have one
    assert hint(lambda: unbuilt_model().bias) is None  # nor will a model


def test_fit_before_compile():
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
    assert "`model.compile(" in hint(lambda: model.fit(np.ones((4, 3)), np.ones((4, 1)), verbose=0))


# -- what gets no hint ---------------------------------------------------------------------------------------------


def test_other_errors_get_no_hint():
    assert hint(lambda: 1 / 0) is None
    assert hint(lambda: {}["key"]) is None
    assert hint(lambda: int("three")) is None
    assert hint(lambda: np.ones(3).reshape(2, 2)) is None
    assert hint_for(KeyboardInterrupt()) is None


def test_a_failed_check_explains_itself_but_the_error_behind_it_is_coached():
    assert hint_for(CheckFailed("Exercise 1.3 (`dense`): the result has shape (2, 2), but (2, 3) was expected.")) \
        is None
    assert hint(lambda: Exercise("1.3", dense).call(1, 2, 3)) is None  # "not answered yet" is already said

    def add_bias(x):
        return x + tf.constant([1.0, 2.0])

    failed = raised(lambda: Exercise("1.4", add_bias).call(tf.zeros((2, 3))))
    assert isinstance(failed, CheckFailed) and failed.__cause__ is not None
    assert hint_for(failed) == hint_for(failed.__cause__)
    assert hint_for(failed).startswith("(2, 3) and (2,) do not broadcast")


# -- installing ----------------------------------------------------------------------------------------------------


def test_install_registers_one_callback_however_often_it_runs():
    shell = SimpleNamespace()
    shell.events = EventManager(shell, available_events)
    coaching.install(shell)
    coaching.install(shell)
    assert shell.events.callbacks["post_run_cell"] == [coaching._after_cell]
    coaching.uninstall(shell)
    coaching.uninstall(shell)
    assert shell.events.callbacks["post_run_cell"] == []


# -- through a real kernel -----------------------------------------------------------------------------------------

FAILING = ["import tensorflow as tf\ntf.ones((2, 3)) @ tf.ones((2, 3))", "dense(1, 2, 3)", "1 / 0"]


def kernel_notebook(path, coach: bool, tail: list[str] = ()) -> tuple[nbformat.NotebookNode, list[int]]:
    """Set-up run twice, the exercise, three failing cells (indices returned), a passing one, then ``tail``."""
    cells = [nbformat.v4.new_code_cell(f"from helpers import setup\nsetup(coach={coach})"),
             nbformat.v4.new_code_cell(f"setup(verbose=False, coach={coach})"),
             *EXERCISE_CELLS,
             *(nbformat.v4.new_code_cell(s, metadata={"tags": ["raises-exception"]}) for s in FAILING),
             nbformat.v4.new_code_cell("print('fine')"),
             *(nbformat.v4.new_code_cell(s) for s in tail)]
    write_notebook(path, cells)
    return nbformat.read(path, as_version=4), list(range(4, 4 + len(FAILING)))


def client_for(nb, folder, replies: dict, allow_errors: bool) -> NotebookClient:
    def record(cell, cell_index, execute_reply):
        replies[cell_index] = execute_reply["content"]["status"]

    return NotebookClient(nb, kernel_name="python3", timeout=60, allow_errors=allow_errors,
                          resources={"metadata": {"path": str(folder)}}, on_cell_executed=record)


def kernel_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("JPY_SESSION_NAME", "NBGRADER_EXECUTION")}
    return {**env, "TF_CPP_MIN_LOG_LEVEL": "3", **extra}


def hints(cell) -> list[str]:
    return [o.data["text/plain"] for o in cell.outputs if o.output_type == "display_data" and
            str(o.get("data", {}).get("text/plain", "")).startswith("Hint: ")]


def test_in_a_kernel_the_hint_follows_an_unchanged_error(tmp_path):
    coached_path = tmp_path / "coached.ipynb"
    coached, failing = kernel_notebook(coached_path, coach=True)
    # The uncoached notebook goes on: hints are off under nbgrader, back on after; its last cell fails untagged.
    plain, _ = kernel_notebook(tmp_path / "plain.ipynb", coach=False, tail=[
        "import os\nos.environ['NBGRADER_EXECUTION'] = 'autograde'\nsetup(verbose=False)",
        "tf.ones((2, 3)) @ tf.ones((2, 3))",
        "del os.environ['NBGRADER_EXECUTION']\nsetup(verbose=False)",
        "dense(1, 2, 3)",
    ])
    plain.cells[-3].metadata["tags"] = ["raises-exception"]
    coached_replies, plain_replies = {}, {}
    coached_client = client_for(coached, tmp_path, coached_replies, allow_errors=True)
    plain_client = client_for(plain, tmp_path, plain_replies, allow_errors=False)

    async def both():  # two kernels at once: each start costs seconds
        return await asyncio.gather(
            coached_client.async_execute(env=kernel_env(JPY_SESSION_NAME=str(coached_path))),
            plain_client.async_execute(env=kernel_env()), return_exceptions=True)

    coached_result, plain_result = asyncio.run(both())
    assert not isinstance(coached_result, Exception), coached_result
    # An error still stops a run that allows none: the hint does not turn it into a success.
    assert isinstance(plain_result, CellExecutionError), plain_result

    for i in failing:
        errors = [o for o in coached.cells[i].outputs if o.output_type == "error"]
        plain_errors = [o for o in plain.cells[i].outputs if o.output_type == "error"]
        assert len(errors) == 1 and errors == plain_errors, f"cell {i}: the error output changed"
        assert coached_replies[i] == plain_replies[i] == "error"
        assert not hints(plain.cells[i]), f"cell {i}: a hint with coach=False"
    matmul, unanswered, unrelated = (coached.cells[i] for i in failing)
    for cell in (matmul, unanswered):
        assert [o.output_type for o in cell.outputs][-2:] == ["error", "display_data"], cell.outputs
        assert len(hints(cell)) == 1, "setup() ran twice and the hint came twice"
        assert cell.outputs[-1].data["text/markdown"] == "**Hint:** " + hints(cell)[0].removeprefix("Hint: ")
    assert "here (2, 3) @ (2, 3), and 3 ≠ 2" in hints(matmul)[0]
    assert hints(unanswered)[0].startswith("Hint: `dense` (Exercise 1.3) is not answered yet")
    assert not hints(unrelated) and not hints(coached.cells[7])

    assert not hints(plain.cells[-3]), "a hint while nbgrader runs the notebook"
    assert plain_replies[len(plain.cells) - 1] == "error"
    answer_count = plain.cells[3].execution_count
    assert hints(plain.cells[-1]) == [
        f"Hint: `dense` (defined in cell In [{answer_count}]) is not answered yet: it still says "
        "`raise NotImplementedError()`. Replace that line with your code, run that cell, then run this one again."]
    assert plain.cells[-1].outputs[0].output_type == "error"
