"""The trust boundary: test cells run in a trusted kernel, and only data comes back from the student's.

Small graded notebooks (one course cell of imports, student cells, test cells) run through the grading worker's
``run_job``, as a submission's notebook is; what each test cell prints tells what it saw.
"""

import re

import nbformat
import numpy as np
import pytest
from traitlets.config import Config

from dlcourse import wire
from dlcourse.harness import names_read, prelude
from dlcourse.worker import NotebookJob, run_job

pytestmark = pytest.mark.notebook

COURSE = "import numpy as np\nimport tensorflow as tf\nimport keras\nfrom helpers import checks"


def graded(*cells: tuple[str, str]) -> nbformat.NotebookNode:
    """A notebook of the course's imports, then ``("student" | "test", source)`` cells."""
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells.append(nbformat.v4.new_code_cell(COURSE))
    for i, (kind, source) in enumerate(cells):
        cell = nbformat.v4.new_code_cell(source)
        if kind == "test":
            cell.metadata.nbgrader = {"grade": True, "solution": False, "locked": True, "points": 1,
                                      "grade_id": f"test{i}", "schema_version": 3}
        nb.cells.append(cell)
    return nb


def run(*cells: tuple[str, str]) -> list[str]:
    """The text each cell after the imports printed (errors as ``ename: evalue``)."""
    config = Config()
    config.Execute.timeout = 30
    from nbgrader.preprocessors import Execute

    job = NotebookJob("student", "assignment", "notebook", graded(*cells), "/tmp", config, [Execute],
                      course_sources=frozenset([COURSE]), notebook_timeout=120)
    outcome = run_job(job)
    assert not outcome.error, outcome.error
    return ["".join(o.get("text", "") if o.output_type == "stream" else
                    f"{o.ename}: {o.evalue}" if o.output_type == "error" else
                    o.get("data", {}).get("text/plain", "") for o in cell.outputs).strip()
            for cell in outcome.nb.cells[1:]]


def test_tests_run_in_another_process_and_get_plain_data():
    out = run(("student", "import os\nSTUDENT_PID = os.getpid()\ndef double(x):\n    print('STUDENT PRINT')\n"
                          "    return x * 2\nscale = np.float32(3)\nnumbers = [1, (2.5, 'a'), {'k': None}]"),
              ("test", "import os\nr = double(np.arange(3))\nt = double(tf.constant([1.5]))\n"
                       "print(os.getpid() != STUDENT_PID, type(r).__name__, r.tolist(), tf.is_tensor(t), "
                       "t.dtype.name, type(scale).__name__, numbers)"))
    assert out[1] == "True ndarray [0, 2, 4] True float32 float32 [1, (2.5, 'a'), {'k': None}]"
    assert "STUDENT PRINT" not in "".join(out)


def test_the_notebook_cannot_change_the_tests_names_or_libraries():
    out = run(("student", "import numpy\nnumpy.allclose = lambda *a, **k: True\nchecks = None\nnp = None\n"
                          "def f(x):\n    return x + 1"),
              ("test", "print(np.allclose(1.0, 2.0), checks.Exercise('1', f).call(1))"))
    assert out[1] == "False 2"


def test_an_error_in_the_students_code_keeps_its_type_and_first_line():
    out = run(("student", "def f(kind):\n    if kind == 'todo':\n        raise NotImplementedError()\n"
                          "    if kind == 'tf':\n        tf.reshape(tf.ones(3), (2, 2))\n"
                          "    raise ValueError('bad value')"),
              ("test", "for kind in ('todo', 'tf', 'value'):\n    try:\n        f(kind)\n"
                       "    except Exception as err:\n        print(type(err).__name__, isinstance(err, ValueError))"),
              ("test", "checks.Exercise('1', f).call('value')"),
              ("test", "try:\n    checks.Exercise('1', f).call('value')\nexcept checks.CheckFailed as err:\n"
                       "    print('\\n'.join(err._render_traceback_()))"))
    assert out[1].splitlines() == ["NotImplementedError False", "InvalidArgumentError False", "ValueError True"]
    assert out[2].startswith("CheckFailed: Exercise 1 (`f`): calling it raised ValueError: bad value")
    # What the student sees: the sentence, then the frame of their own code, from their kernel; nothing else's.
    shown = re.sub(r"\x1b\[[0-9;]*m", "", out[3])
    assert shown.startswith("Exercise 1 (`f`): calling it raised ValueError: bad value"), shown
    assert "Where your code raised it:" in shown and "raise ValueError('bad value')" in shown, shown
    assert "site-packages" not in shown and "dlcourse" not in shown, shown


def test_a_change_to_an_argument_in_place_is_seen():
    out = run(("student", "def f(a):\n    a[0] = 99\n    return a"),
              ("test", "checks.Exercise('1', f).call(np.zeros(3))"))
    assert "changed its input array in place" in out[1]


def test_functions_go_to_the_kernel_as_code_and_run_there():
    out = run(("student", "def grad(loss, w):\n    w = tf.Variable(w)\n    with tf.GradientTape() as tape:\n"
                          "        value = loss(w)\n    return tape.gradient(value, w)"),
              ("test", "target = np.float32(3.0)\ndef loss(w, power=2):\n    return (w - target) ** power\n"
                       "print(float(grad(loss, 1.0)), float(grad(lambda w: tf.reduce_sum([w, w * 2.0]), 1.0)))"))
    assert out[1] == "-4.0 3.0"


def test_kernel_only_facts_are_asked_of_the_kernel():
    out = run(("student", "def make():\n    return tf.function(lambda v: 2.0 * v, "
                          "input_signature=[tf.TensorSpec([None], tf.float32)])\n"
                          "def lazy():\n    tf.compat.v1.disable_eager_execution()"),
              ("test", "g = make()\nprint(checks.type_name(g).rsplit('.', 1)[-1], g(tf.constant([1.0, 2.0])).numpy(), "
                       "g.experimental_get_tracing_count(), "
                       "checks.in_kernel(lambda f: isinstance(f, tf.types.experimental.PolymorphicFunction), g))"),
              ("test", "lazy()\nprint(tf.executing_eagerly(), checks.in_kernel(tf.executing_eagerly))"))
    assert out[1] == "Function [2. 4.] 1 True"
    assert out[2] == "True False"


def test_keras_models_and_graphs_come_back_as_data_and_code_in_them_does_not_run():
    out = run(("student", "def model(lam=False):\n    layers = [keras.Input((3,)), keras.layers.Dense(2)]\n"
                          "    if lam:\n        layers.append(keras.layers.Lambda(lambda x: x * 2))\n"
                          "    return keras.Sequential(layers)\n"
                          "def graph():\n    g = tf.Graph()\n    with g.as_default():\n"
                          "        tf.compat.v1.placeholder(tf.float32, name='x')\n    return g"),
              ("test", "m = model()\nprint(isinstance(m, keras.Model), m.count_params(), "
                       "[op.type for op in graph().get_operations()])"),
              ("test", "model(lam=True)"))
    assert out[1] == "True 8 ['Placeholder']"
    assert out[2].startswith("KernelCallError") and "safely" in out[2]


def test_a_compiled_model_comes_back_compiled_unless_its_loss_is_code():
    out = run(("student", "def model(code):\n    m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\n"
                          "    loss = (lambda y, p: (y - p) ** 2) if code else "
                          "keras.losses.SparseCategoricalCrossentropy(from_logits=True)\n"
                          "    m.compile(optimizer=keras.optimizers.Adam(0.01), loss=loss, metrics=['accuracy'])\n"
                          "    return m"),
              ("test", "m = model(False)\n"
                       "print(m.compiled, m.loss.get_config()['from_logits'], "
                       "round(float(m.optimizer.learning_rate), 4))"),
              ("test", "m = model(True)\nprint(m.compiled, m.count_params())"))
    assert out[1] == "True True 0.01"
    assert out[2] == "False 8"


def test_imitations_of_arrays_and_tensors_are_not_taken_for_them():
    out = run(("student", "class Fake(np.ndarray):\n    def __eq__(self, other):\n        return True\n"
                          "class FakeTensor:\n    shape, dtype = (3,), tf.float32\n    def numpy(self):\n"
                          "        return np.zeros(3)\n    def __array__(self, *a, **k):\n        return np.zeros(3)\n"
                          "def f(kind):\n    return np.zeros(3).view(Fake) if kind else FakeTensor()"),
              ("test", "for kind in (1, 0):\n    v = f(kind)\n    print(type(v).__name__, checks.type_name(v), "
                       "tf.is_tensor(v), isinstance(v, np.ndarray))"))
    assert out[1].splitlines() == ["Remote __main__.Fake False False", "Remote __main__.FakeTensor False False"]


def test_the_test_cells_source_never_reaches_the_kernel():
    out = run(("student", "import gc\nkept = []\ndef f(fn):\n    kept.append(fn)\n    return fn(2)"),
              ("test", "# HIDDEN-MARKER in a comment\nprint(f(lambda x: x + 1))\nsecret = 'HIDDEN-MARKER in a string'"),
              ("student", "import linecache, inspect\nseen = ' '.join(map(str, In + _ih)) + str(linecache.cache)\n"
                          "try:\n    seen += inspect.getsource(kept[0])\nexcept (OSError, TypeError):\n    pass\n"
                          "print('HIDDEN' + '-MARKER' in seen, 'secret' in globals(), len(kept))"))
    assert out[1] == "3"
    assert out[2] == "False False 1"


def test_a_kernel_that_dies_in_a_call_fails_the_test_at_once():
    job_out = run(("student", "import os\ndef f():\n    os._exit(3)"),
                  ("test", "import time\nstart = time.monotonic()\ntry:\n    f()\nexcept Exception as err:\n"
                           "    print(type(err).__name__, time.monotonic() - start < 10)"))
    assert job_out[1] == "KernelCallError True"


# -- the protocol itself ---------------------------------------------------------------------------------------

def roundtrip(value):
    tree, buffers = wire.encode(value, handles={})
    return wire.Decoder(buffers, trusted=True).decode(tree)


def test_plain_values_keep_their_kinds():
    import tensorflow as tf

    value = [None, True, 3, 2.5, float("inf"), "s", b"b", 1 + 2j, (1, [2]), {3, 4}, frozenset([5]),
             {"a": 1, (1, 2): 2}, slice(1, None, 2), range(3), np.int64(7), np.float32(1.5), np.dtype("int8")]
    assert roundtrip(value) == value
    array = roundtrip(np.arange(6, dtype=np.float32).reshape(2, 3))
    assert array.dtype == np.float32 and array.shape == (2, 3) and array.flags.writeable
    tensor = roundtrip(tf.constant([[1, 2]], tf.int32))
    assert tf.is_tensor(tensor) and tensor.dtype == tf.int32 and tensor.shape == (1, 2)
    variable = roundtrip(tf.Variable([1.0], trainable=False))
    assert isinstance(variable, tf.Variable) and not variable.trainable
    spec = roundtrip(tf.TensorSpec([None, 3], tf.float32))
    assert spec == tf.TensorSpec([None, 3], tf.float32)
    assert roundtrip(tf.float16) == tf.float16 and roundtrip(tf.TensorShape(None)).rank is None


@pytest.mark.parametrize("tree, buffers, reason", [
    ({"$": "array", "dtype": "object", "shape": [1], "buf": 0}, [b"x" * 8], "dtype 'object'"),
    ({"$": "array", "dtype": "float32", "shape": [3], "buf": 0}, [b"x" * 8], "does not fit"),
    ({"$": "array", "dtype": "float32", "shape": [-1], "buf": 0}, [b""], "non-negative"),
    ({"$": "array", "dtype": "float32", "shape": [1], "buf": 5}, [b"x" * 4], "missing buffer"),
    ({"$": "function", "buf": 0}, [b""], "unknown kind 'function'"),
    ({"$": "module", "name": "os"}, [], "unknown kind 'module'"),
    ({"$": "named", "module": "os", "qualname": "system"}, [], "unknown kind 'named'"),
    ({"$": "ref", "name": "x"}, [], "unknown kind 'ref'"),
    ({"$": "pickle", "buf": 0}, [b""], "unknown kind 'pickle'"),
    ({"a": 1}, [], "not a value of the protocol"),
    ([1, 2], [], "not a value of the protocol"),
    ({"$": "dict", "items": [[{"$": "list", "items": []}, 1]]}, [], "a key of kind list"),
    ({"$": "float", "v": "1e5"}, [], "nan or infinite"),
    ({"$": "keras", "buf": 0}, [b"not a zip"], "could not be loaded safely"),
    ({"$": "graph", "buf": 0}, [b"\xff\xff\xff"], "could not be read"),
])
def test_the_trusted_side_refuses_what_is_not_data(tree, buffers, reason):
    with pytest.raises(wire.WireError, match=reason):
        wire.Decoder(buffers, trusted=True).decode(tree)


def test_deep_or_huge_messages_are_refused():
    tree = 1
    for _ in range(wire.MAX_DEPTH + 2):
        tree = {"$": "list", "items": [tree]}
    with pytest.raises(wire.WireError, match="levels deep"):
        wire.Decoder([], trusted=True).decode(tree)
    many = {"$": "list", "items": [0] * (wire.MAX_NODES + 1)}
    with pytest.raises(wire.WireError, match="values"):
        wire.Decoder([], trusted=True).decode(many)


def test_what_is_not_data_stays_in_the_kernel_as_a_handle():
    handles = {}
    tree, _ = wire.encode(lambda: 1, handles=handles)
    assert tree["$"] == "handle" and tree["callable"] and tree["id"] in handles
    remote = wire.Decoder([], trusted=True, bridge=None).decode(tree)
    assert isinstance(remote, wire.Remote) and remote.__dlcourse_type__ == "function"
    with pytest.raises(AttributeError):
        remote.__array__  # noqa: B018 (Python's protocols never reach the kernel)


def test_a_test_sends_library_functions_by_name_and_its_own_as_code():
    import tensorflow as tf

    tree, buffers = wire.encode([tf.nn.relu, np.sum])
    assert [node["$"] for node in tree["items"]] == ["named", "named"]
    offset = 10

    def shifted(x, by=1):
        return [x + offset + by for _ in range(1)]

    tree, buffers = wire.encode(shifted)
    assert tree["$"] == "function" and tree["closure"] == [10] and "source" not in tree
    rebuilt = wire.Decoder(buffers, trusted=False).decode(tree)
    assert rebuilt(1) == [12] and rebuilt(1, by=0) == [11]
    with pytest.raises(wire.WireError, match="cannot send"):
        wire.encode(object())


def test_names_read_are_those_the_cell_does_not_bind_itself():
    code = ("check = checks.Exercise('1', f)\nx = np.ones(3)\ndef ref(a):\n    return a * scale + x\n"
            "print([g(i) for i in range(3)], ref(1))")
    assert names_read(code) == {"checks", "f", "np", "scale", "g", "print", "range"}


def test_the_prelude_is_the_courses_imports():
    sources = ["%matplotlib inline\nimport numpy as np\nfrom helpers import checks, setup\nsetup()",
               "import numpy as np\nx = 1", "from . import local"]
    assert prelude(sources) == "import numpy as np\nfrom helpers import checks, setup"
