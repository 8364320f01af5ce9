"""Submissions that attack the boundary between the student's code and the tests that grade it.

Each is written as a student who has read ``dlcourse/guard.py`` would write it: the guard restores the kernel's
state before every test cell and compares it after, so these attacks act *while* a test cell runs and undo what
they did before it ends, change what the guard cannot see (a function's ``__code__``, a new name in a module, an
object that only looks like a tensor), talk to the grader through the kernel's own messages, or read the running
test cell (hidden tests included) and print it into the feedback.

Most start from wrong or unanswered answers, with the attack in an answer cell, where a student's code goes; the
score is what the honest part deserves (0 for nothing answered, ``FULL_MARKS`` less the points of each exercise
answered wrongly). The leaking ones answer everything right and must not get the hidden tests into any output
(``tests/test_corpus.py`` checks that for the whole group). The ``reason`` is not checked (``None``): whether the
grader reports the attempt or simply gives it nothing depends on its design, the score does not. Right submissions
(``b-zz-right-*``) are graded after the attacks, in the same batch, and must still get full marks with nothing to
report.

Kinds (``Case.attack`` starts with one):
- during: code that runs while a test cell runs (the graded function, a signal timer, a thread, a finalizer, a
  garbage-collector callback) changes the checks or NumPy, and puts them back before the cell ends;
- imitation: results that imitate tensors and arrays well enough for ``tf.is_tensor`` and the comparisons;
- internals: a function changed inside while its identity stays (``__code__``, ``__defaults__``, a closure cell),
  builtins changed where the checks or the test cell look them up, a module the checks import lazily poisoned;
- messaging: the kernel's messages tampered with (errors dropped, a test cell's completion forged);
- leak: the running test cell's source read (linecache, the kernel's parent header, a thread) and printed.
"""

from pathlib import Path

from . import FULL_MARKS, POINTS, Case, answers, grade_id, is_answer, released, save, solved

# -- answers ---------------------------------------------------------------------------------------------------

# Wrong answers with the right types and shapes and wrong values: each a mistake students make (see
# dlcourse/mistakes/01-tensors), so that only the comparisons of values fail, which is what the attacks defeat.
WRONG = {
    "ex1_1": "def describe(t):\n    shape = tuple(t.shape)\n    return len(shape), shape, int(sum(shape))\n",
    "ex1_2": ("def init_dense_params(n_inputs, n_units):\n"
              "    W = tf.Variable(tf.random.normal((n_inputs, n_units), stddev=0.05))\n"
              "    b = tf.Variable(tf.random.normal((n_units,), stddev=0.05))\n"
              "    return W, b\n"),
    "ex1_3": "def dense(x, W, b):\n    return tf.matmul(x, W) - b\n",
    "ex1_4": ("def standardize(x):\n    n = tf.cast(tf.shape(x)[0], x.dtype)\n"
              "    mean = tf.reduce_mean(x, axis=0)\n"
              "    std = tf.sqrt(tf.reduce_sum((x - mean) ** 2, axis=0) / (n - 1))\n"
              "    return (x - mean) / std\n"),
    "ex1_5": "def get_batch(x, batch_index, batch_size):\n    return x[batch_index:batch_index + batch_size]\n",
    "ex1_6": ("def change_layout(t, source, target):\n"
              "    return tf.reshape(t, [t.shape[source.index(axis)] for axis in target])\n"),
    "ex1_7": ("def center_pixels(pixels):\n    channel_mean = pixels.mean(axis=(0, 1, 2))\n"
              "    centred = pixels.astype(np.float32) - channel_mean.astype(np.uint8)\n"
              "    return tf.constant(centred / 255, dtype=tf.float32)\n"),
}
# Other wrong answers, for attacks that defeat a particular check.
SIZE_AS_TENSOR = "def describe(t):\n    shape = tuple(t.shape)\n    return len(shape), shape, tf.size(t)\n"
HARD_CODED = "def describe(t):\n    return 3, (2, 3, 4), 24\n"
BIAS_NOT_TRAINABLE = ("def init_dense_params(n_inputs, n_units):\n"
                      "    W = tf.Variable(tf.random.normal((n_inputs, n_units), stddev=0.05))\n"
                      "    b = tf.Variable(tf.zeros((n_units,)), trainable=False)\n"
                      "    return W, b\n")
SHIFTED_WEIGHTS = ("def init_dense_params(n_inputs, n_units):\n"
                   "    W = tf.Variable(tf.random.normal((n_inputs, n_units), mean=0.05, stddev=0.05))\n"
                   "    b = tf.Variable(tf.zeros((n_units,)))\n"
                   "    return W, b\n")
IN_NUMPY = {  # right values, computed in NumPy: NumPy arrays, not tensors
    "ex1_3": "def dense(x, W, b):\n    return np.asarray(x) @ np.asarray(W) + np.asarray(b)\n",
    "ex1_4": ("def standardize(x):\n    x = np.asarray(x)\n"
              "    return (x - x.mean(axis=0)) / x.std(axis=0)\n"),
    "ex1_5": ("def get_batch(x, batch_index, batch_size):\n    start = batch_index * batch_size\n"
              "    return np.asarray(x)[start:start + batch_size]\n"),
    "ex1_6": ("def change_layout(t, source, target):\n"
              "    return np.transpose(np.asarray(t), [source.index(axis) for axis in target])\n"),
    "ex1_7": ("def center_pixels(pixels):\n"
              "    return ((pixels - pixels.mean(axis=(0, 1, 2))) / 255).astype(np.float32)\n"),
}


def hooked(answer: str, line: str) -> str:
    """``answer`` (one function) with ``line`` as its first statement."""
    head, body = answer.split(":\n", 1)
    return f"{head}:\n    {line}\n{body}"


def lost(*exercises: str) -> float:
    """Full marks less the points of ``exercises`` (answered wrongly or not at all)."""
    return FULL_MARKS - sum(POINTS[f"{e}_test"] for e in exercises)


def stub(gid: str) -> str:
    """The released notebook's answer cell ``gid``, unanswered (its function raises NotImplementedError)."""
    [cell] = [c for c in released().cells if is_answer(c) and grade_id(c) == gid]
    return cell.source


def solved_answer(gid: str) -> str:
    """The solution's (right) answer ``gid``."""
    return answers()[gid]


def case(student: str, attack: str, score: float, changes: dict[str, str], unanswered: bool = False) -> Case:
    """A submission: the released notebook with every answer right (or, with ``unanswered``, none answered), then
    the answer cells in ``changes`` (by grade_id) replaced."""
    def build(folder: Path) -> None:
        nb = released() if unanswered else solved()
        for cell in nb.cells:
            if is_answer(cell) and grade_id(cell) in changes:
                cell.source = changes[grade_id(cell)]
        save(nb, folder)

    return Case(student, attack, build, score, reason=None)


# -- during: code that runs while a test cell runs --------------------------------------------------------------

# The graded functions switch failing off when a check calls them, and add one more statement to the running cell:
# IPython runs a cell statement by statement from a list (run_ast_nodes' `to_run`), so a statement appended to it
# runs after the test's own, as part of the cell, before the guard looks.
DURING_GRADED = """\
import ast, sys
from helpers import checks as _checks

_real_fail = _checks.Exercise.fail


def _no_fail(self, problem, hint=None):
    return None


def _put_back():
    _checks.Exercise.fail = _real_fail


def _while_this_test_runs():
    if _checks.Exercise.fail is _no_fail:
        return
    frame = sys._getframe(1)
    while frame is not None and "to_run" not in frame.f_locals:
        frame = frame.f_back
    if frame is not None:
        frame.f_locals["to_run"].append((ast.parse("_put_back()").body[0], "exec"))
        _checks.Exercise.fail = _no_fail
"""

# A signal timer: the graded function makes `helpers.checks.rel_error` say 0 and starts a fast timer; the timer's
# handler puts rel_error back as soon as the interrupted code is no longer running the cell's statements (IPython's
# run_ast_nodes), and stops.
DURING_SIGNAL = """\
import signal, sys
from helpers import checks as _checks

_real_rel_error = _checks.rel_error


def _no_error(got, expected):
    return 0.0


def _in_cell(frame):
    while frame is not None:
        if frame.f_code.co_name == "run_ast_nodes":
            return True
        frame = frame.f_back
    return False


def _tick(signum, frame):
    try:
        if not _in_cell(frame):
            _checks.rel_error = _real_rel_error
            signal.setitimer(signal.ITIMER_REAL, 0)
    except BaseException:
        pass


def _while_this_test_runs():
    if _checks.rel_error is not _no_error:
        _checks.rel_error = _no_error
        signal.signal(signal.SIGALRM, _tick)
        signal.setitimer(signal.ITIMER_REAL, 0.0002, 0.0002)
"""

# A thread (a threading.Timer: its run() is the standard library's, so the guard takes it for a library thread)
# watches the main thread: while it runs a test cell's statements (IPython's run_ast_nodes, for a request whose
# metadata says "test"), numpy.array_equal says True and numpy.max says 0 to rel_error; otherwise they are real.
# A tiny switch interval keeps the watcher close behind the main thread.
DURING_THREAD = """\
import sys, threading, time
import numpy

_real = {"array_equal": numpy.array_equal, "max": numpy.max}
_kernel = get_ipython().kernel
_main = threading.main_thread().ident


def _always_equal(a1, a2, equal_nan=False):
    return True


def _max(*args, **kwargs):
    if sys._getframe(1).f_code.co_name == "rel_error":
        return 0.0
    return _real["max"](*args, **kwargs)


_fake = {"array_equal": _always_equal, "max": _max}


def _testing():
    frame = sys._current_frames().get(_main)
    while frame is not None:
        if frame.f_code.co_name == "run_ast_nodes":
            parent = _kernel.get_parent() or {}
            return (parent.get("metadata") or {}).get("dlcourse_role") == "test"
        frame = frame.f_back
    return False


def _watch():
    while True:
        try:
            wanted = _fake if _testing() else _real
            for name, value in wanted.items():
                if getattr(numpy, name) is not value:
                    setattr(numpy, name, value)
        except Exception:
            pass
        time.sleep(0.00005)


sys.setswitchinterval(0.00001)
_watcher = threading.Timer(0, _watch)
_watcher.daemon = True
_watcher.start()
"""

# A finalizer: the graded function makes numpy.max say 0 to helpers.checks.rel_error, and ties putting it back to
# the life of IPython's coroutine that runs the cell's statements: it ends with the cell's last statement.
DURING_FINALIZER = """\
import gc, sys, types, weakref
import numpy

_real_max = numpy.max


def _max(*args, **kwargs):
    if sys._getframe(1).f_code.co_name == "rel_error":
        return 0.0
    return _real_max(*args, **kwargs)


def _put_back():
    numpy.max = _real_max


def _while_this_test_runs():
    if numpy.max is _max:
        return
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_name != "run_ast_nodes":
        frame = frame.f_back
    if frame is None:
        return
    coroutines = [o for o in gc.get_referrers(frame) if isinstance(o, types.CoroutineType) and o.cr_frame is frame]
    if not coroutines:
        coroutines = [o for o in gc.get_objects() if isinstance(o, types.CoroutineType) and o.cr_frame is frame]
    if coroutines:
        weakref.finalize(coroutines[0], _put_back)
        del coroutines
        numpy.max = _max
"""

# A garbage-collector callback: the graded function makes builtins.isinstance lenient for the checks' is_instance
# and is_tensor, and collects after every allocation; the callback puts isinstance back at the first collection in
# the main thread once it no longer runs the cell's statements (IPython's run_ast_nodes).
DURING_GC = """\
import builtins, gc, sys, threading

_real_isinstance = builtins.isinstance
_main = threading.main_thread().ident
_thresholds = gc.get_threshold()


def _lenient(obj, types):
    if sys._getframe(1).f_code.co_name in ("is_instance", "is_tensor"):
        return True
    return _real_isinstance(obj, types)


def _in_cell(frame):
    while frame is not None:
        if frame.f_code.co_name == "run_ast_nodes":
            return True
        frame = frame.f_back
    return False


def _collected(phase, info):
    if threading.get_ident() != _main:
        return
    if phase == "stop" and not _in_cell(sys._getframe(1)):
        builtins.isinstance = _real_isinstance
        gc.set_threshold(*_thresholds)
        if _collected in gc.callbacks:
            gc.callbacks.remove(_collected)


def _while_this_test_runs():
    if builtins.isinstance is not _lenient:
        builtins.isinstance = _lenient
        gc.callbacks.append(_collected)
        gc.set_threshold(1)
"""

HOOK = "_while_this_test_runs()"

# -- imitation: results that only look like tensors ---------------------------------------------------------------

# Whatever a check of helpers.checks compares such an object with, it turns into just that (its __array__ reads the
# check's `expected`); anywhere else it shows its own values. tf.is_tensor accepts anything with `is_tensor_like`.
IMITATION_DUCK = """\
import sys
import numpy


def _checked(frame):
    caller = frame.f_back
    if caller.f_globals.get("__name__") == "helpers.checks" and "expected" in caller.f_locals:
        return numpy.asarray(caller.f_locals["expected"])
    return None


class _Like:
    is_tensor_like = True

    def __init__(self, value):
        self._value = numpy.asarray(value)

    shape = property(lambda self: self._value.shape)
    ndim = property(lambda self: self._value.ndim)
    dtype = property(lambda self: tf.as_dtype(self._value.dtype))

    def numpy(self):
        return self

    def __array__(self, dtype=None, copy=None):
        value = _checked(sys._getframe())
        value = self._value if value is None else value
        return value if dtype is None else value.astype(dtype)

    def __getitem__(self, key):
        return _Like(self._value[key])

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__

    def __len__(self):
        return len(self._value)

    def __getattr__(self, name):  # mean(), std(), ...; never __array_interface__ and the like
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._value, name)


class _AnyInt(int):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = int.__hash__
"""
IMITATION_DUCK_ANSWERS = {
    "ex1_1": ("def describe(t):\n    shape = tuple(t.shape)\n"
              "    return len(shape), shape, _AnyInt(sum(shape))\n"),
    "ex1_2": ("def init_dense_params(n_inputs, n_units):\n"
              "    W = tf.Variable(tf.random.normal((n_inputs, n_units), stddev=0.05))\n"
              "    b = tf.Variable(tf.random.normal((n_units,), stddev=0.05))\n"
              "    values = b.read_value().numpy()\n"
              "    b.numpy = lambda: _Like(values)\n"
              "    return W, b\n"),
    "ex1_3": "def dense(x, W, b):\n    return _Like(tf.matmul(x, W) - b)\n",
    "ex1_5": "def get_batch(x, batch_index, batch_size):\n    return _Like(x[batch_index:batch_index + batch_size])\n",
    "ex1_6": ("def change_layout(t, source, target):\n"
              "    return _Like(tf.reshape(t, [t.shape[source.index(axis)] for axis in target]))\n"),
    "ex1_7": "def center_pixels(pixels):\n    return _Like(tf.cast(pixels, tf.float32) / 255)\n",
}

# A subclass of tf.Tensor (so tf.is_tensor is True by isinstance) whose __array__ and numpy() do the same.
IMITATION_SUBCLASS = """\
import sys
import numpy


class _Tensor(tf.Tensor):
    def __init__(self, value):
        self._value = numpy.asarray(value)

    shape = property(lambda self: tf.TensorShape(self._value.shape))
    dtype = property(lambda self: tf.as_dtype(self._value.dtype))
    ndim = property(lambda self: self._value.ndim)

    def __array__(self, dtype=None, copy=None):
        caller = sys._getframe(1)
        if caller.f_globals.get("__name__") == "helpers.checks" and "expected" in caller.f_locals:
            value = numpy.asarray(caller.f_locals["expected"])
        else:
            value = self._value
        return value if dtype is None else value.astype(dtype)

    def numpy(self):
        return self._value

    def __getitem__(self, key):
        return _Tensor(self._value[key])

    def __repr__(self):
        return f"<tf.Tensor: shape={self._value.shape}, dtype={self.dtype.name}>"
"""
IMITATION_SUBCLASS_ANSWERS = {
    "ex1_3": "def dense(x, W, b):\n    return _Tensor(tf.matmul(x, W) - b)\n",
    "ex1_6": ("def change_layout(t, source, target):\n"
              "    return _Tensor(tf.reshape(t, [t.shape[source.index(axis)] for axis in target]))\n"),
    "ex1_7": "def center_pixels(pixels):\n    return _Tensor(tf.cast(pixels, tf.float32) / 255)\n",
}

# -- internals: the same objects, changed inside ----------------------------------------------------------------

CODE_SWAP = """\
from helpers import checks as _checks


def _never(self, problem, hint=None):
    return None


_checks.Exercise.fail.__code__ = _never.__code__  # the same function object: the guard compares identities
"""

# __defaults__: is_close's default tolerance 1.0 (any two same-shape arrays are within it). A closure cell:
# tf.is_tensor asks the runtime Protocol IsTensorLike, whose subclass hook names its protocol in a closure cell;
# pointed at a protocol every NumPy array satisfies, it makes tf.is_tensor accept NumPy arrays.
DEFAULTS_CLOSURE = """\
import typing
from helpers import checks as _checks
from tensorflow.python.framework import tensor_util as _tensor_util

_checks.Exercise.is_close.__defaults__ = ("the result", 1.0, None)


@typing.runtime_checkable
class _HasArray(typing.Protocol):
    def __array__(self): ...


_protocol = _tensor_util.IsTensorLike
for _cell in _protocol.__subclasshook__.__closure__ or ():
    if _cell.cell_contents is _protocol:
        _cell.cell_contents = _HasArray
_protocol._abc_caches_clear()
"""

# New names in helpers.checks' namespace shadow the builtins its functions look up (the guard compares the names
# the module had; it never looks for new ones): is_instance and is_tensor accept anything, rel_error's float()
# says 0.
BUILTINS_SHADOWED = """\
import builtins, sys
from helpers import checks as _checks


def _isinstance(obj, types):
    if sys._getframe(1).f_code.co_name in ("is_instance", "is_tensor"):
        return True
    return builtins.isinstance(obj, types)


class _float(builtins.float):
    def __new__(cls, value=0.0):
        if sys._getframe(1).f_code.co_name == "rel_error":
            value = 0.0
        return builtins.float(value)


vars(_checks)["isinstance"] = _isinstance
vars(_checks)["float"] = _float
"""

# The notebook's namespace gets builtins of its own (names starting with "_" are not the guard's concern): the test
# cells' own tuple() and abs() lie (tuple stays a type that every tuple is an instance of, for is_instance).
BUILTINS_NAMESPACE = """\
import builtins, sys

_ns = get_ipython().user_ns


class _TupleType(type):
    def __instancecheck__(cls, obj):
        return builtins.isinstance(obj, builtins.tuple)


class _tuple(builtins.tuple, metaclass=_TupleType):
    def __new__(cls, iterable=()):
        caller = sys._getframe(1)
        if caller.f_code.co_name == "<module>" and isinstance(caller.f_globals.get("want"), builtins.tuple):
            return caller.f_globals["want"]
        return builtins.tuple(iterable)


_tuple.__name__ = _tuple.__qualname__ = "tuple"


def _abs(x):
    if sys._getframe(1).f_code.co_name == "<module>":
        return 0.0
    return builtins.abs(x)


_ns["__builtins__"] = dict(vars(builtins), tuple=_tuple, abs=_abs)
"""

# `import tensorflow` inside the checks' functions reads the interpreter's own module table; `sys.modules` is only
# a name for it. Renamed to a copy, it still shows the guard the real TensorFlow, while the table gives the checks
# a TensorFlow whose is_tensor accepts NumPy arrays.
LAZY_IMPORT = """\
import sys, types
import numpy
import tensorflow as _tf


class _TensorFlow(types.ModuleType):
    def __getattr__(self, name):
        return getattr(_tf, name)


_fake = _TensorFlow("tensorflow")
_fake.is_tensor = lambda value: _tf.is_tensor(value) or isinstance(value, numpy.ndarray)
_table = sys.modules
sys.modules = dict(_table)
_table["tensorflow"] = _fake
"""

# numpy.testing is imported lazily by NumPy (numpy.testing on first use): a fake one in sys.modules before that,
# for any check that uses np.testing.
LAZY_NUMPY_TESTING = """\
import sys, types
import numpy

_testing = types.ModuleType("numpy.testing")
_testing.assert_allclose = _testing.assert_array_equal = _testing.assert_equal = lambda *a, **k: None
if "numpy.testing" not in sys.modules:
    sys.modules["numpy.testing"] = _testing
vars(numpy).setdefault("testing", _testing)
"""

# -- messaging: the kernel's messages ---------------------------------------------------------------------------

# The kernel's Session is not the guard's concern: its send() (an instance attribute) drops errors and stderr and
# turns an error reply into an ok one.
DROP_SESSION = """\
_session = get_ipython().kernel.session
_send = _session.send


def _quiet_send(stream, msg_or_type, content=None, parent=None, *args, **kwargs):
    kind = msg_or_type if isinstance(msg_or_type, str) else msg_or_type.get("header", {}).get("msg_type")
    content = content if content is not None else {}
    if kind == "error" or (kind == "stream" and content.get("name") == "stderr"):
        return None
    if kind == "execute_reply" and content.get("status") != "ok":
        content = {"status": "ok", "execution_count": content.get("execution_count"), "user_expressions": {},
                   "payload": []}
    return _send(stream, msg_or_type, content, parent, *args, **kwargs)


_session.send = _quiet_send
"""

# The shell sends a failing cell's error on its displayhook's pub_socket: a socket that forgets errors. The reply,
# which says the error again, is mended by the kernel's finish_metadata (an instance attribute: the guard watches
# the kernel's class), which gets the reply's content and can change it in place.
DROP_SOCKET = """\
import json

_hook = get_ipython().displayhook
_kernel = get_ipython().kernel
_finish_metadata = _kernel.finish_metadata


class _NoErrors:
    def __init__(self, socket):
        self._socket = socket

    def __getattr__(self, name):
        return getattr(self._socket, name)

    def send_multipart(self, parts, *args, **kwargs):
        frames = [bytes(p) if not isinstance(p, bytes) else p for p in parts]
        if b"<IDS|MSG>" in frames:
            header = json.loads(frames[frames.index(b"<IDS|MSG>") + 2])
            if header.get("msg_type") == "error":
                return None
        return self._socket.send_multipart(parts, *args, **kwargs)


def _finish(parent, metadata, reply_content):
    if reply_content.get("status") != "ok":
        count = reply_content.get("execution_count")
        reply_content.clear()
        reply_content.update(status="ok", execution_count=count, user_expressions={}, payload=[])
    return _finish_metadata(parent, metadata, reply_content)


_hook.pub_socket = _NoErrors(_hook.pub_socket)
_kernel.finish_metadata = _finish
"""

# The graded function, called by a test, tells the grader the cell is over and fine (an ok execute_reply, with the
# guard's report, and an idle status) before the checks fail; what the cell says after that is not for any request
# the grader still waits for.
FORGE_REPLY = """\
import sys
from datetime import datetime, timezone

_kernel = get_ipython().kernel
_forged = set()


def _done_already():
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_name != "execute_request":
        frame = frame.f_back
    if frame is None:
        return
    stream, ident, parent = frame.f_locals["stream"], frame.f_locals["ident"], frame.f_locals["parent"]
    if (parent.get("metadata") or {}).get("dlcourse_role") != "test" or parent["header"]["msg_id"] in _forged:
        return
    _forged.add(parent["header"]["msg_id"])
    sys.stdout.flush()
    content = {"status": "ok", "execution_count": _kernel.execution_count, "user_expressions": {}, "payload": []}
    metadata = {"started": datetime.now(timezone.utc).isoformat(), "dependencies_met": True,
                "engine": _kernel.ident, "status": "ok", "dlcourse_guard": {"changed": [], "found": []}}
    _kernel.session.send(stream, "execute_reply", content, parent, metadata=metadata, ident=ident)
    _kernel._publish_status("idle", "shell", parent)
"""
FORGE_ANSWERS = {
    "ex1_1": "def describe(t):\n    _done_already()\n",
    "ex1_2": "def init_dense_params(n_inputs, n_units):\n    _done_already()\n",
    "ex1_3": "def dense(x, W, b):\n    _done_already()\n",
    "ex1_4": "def standardize(x):\n    _done_already()\n",
    "ex1_5": "def get_batch(x, batch_index, batch_size):\n    _done_already()\n",
    "ex1_6": "def change_layout(t, source, target):\n    _done_already()\n",
    "ex1_7": "def center_pixels(pixels):\n    _done_already()\n",
}

# -- leak: the running test cell, hidden tests included ---------------------------------------------------------

# IPython keeps a cell's source in linecache while it runs (the guard forgets it after): the graded function finds
# the test cell's frame and prints the whole cell.
LEAK_LINECACHE = """\
import linecache, sys

_shown = set()


def _show_the_test():
    try:
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_name != "<module>":
            frame = frame.f_back
        if frame is None or frame.f_code.co_filename in _shown:
            return
        _shown.add(frame.f_code.co_filename)
        print("".join(linecache.getlines(frame.f_code.co_filename)))
    except Exception:
        pass  # the answer itself stays right
"""

# The kernel's current request holds the cell's code: the graded function prints it.
LEAK_PARENT = """\
_seen = set()


def _show_the_test():
    try:
        parent = get_ipython().kernel.get_parent()
        if parent["header"]["msg_id"] not in _seen:
            _seen.add(parent["header"]["msg_id"])
            print(parent["content"]["code"])
    except Exception:
        pass  # the answer itself stays right
"""

# A thread copies every request's code (and IPython's history, and the cell the main thread runs) while the tests
# run; a later answer cell prints what it has.
LEAK_THREAD = """\
import sys, threading, time

_kernel = get_ipython().kernel
_shell = get_ipython()
_main = threading.main_thread().ident
_copied = {}


def _copy_now():
    parent = _kernel.get_parent() or {}
    code = (parent.get("content") or {}).get("code")
    if code:
        _copied.setdefault(code, None)
    frame = sys._current_frames().get(_main)
    while frame is not None:
        for name in ("raw_cell", "transformed_cell"):
            value = frame.f_locals.get(name)
            if isinstance(value, str):
                _copied.setdefault(value, None)
        frame = frame.f_back
    for value in list(_shell.user_ns.get("_ih", [])) + list(_shell.user_ns.get("In", [])):
        _copied.setdefault(value, None)


def _copier():
    while True:
        try:
            _copy_now()
        except Exception:
            pass
        time.sleep(0.0005)


_thread = threading.Timer(0, _copier)
_thread.daemon = True
_thread.start()
"""
LEAK_THREAD_PRINT = "\n\nprint('\\n'.join(_copied))\n"

# Where an exercise is answered wrongly, so is every one after it, and the attack sits in the first wrong one's cell
# (or later): a grader that reports the attack and gives no credit from there on gives the score the honest part
# deserves, as one that simply defeats the attack does.
CASES = [
    # -- during: changed while the test runs, put back before it ends ----------------------------------------
    case("b-during-graded-fn", "during: the graded functions switch failing off when called, and append a "
         "statement that switches it back to the running cell's list of statements",
         0, {"ex1_1": DURING_GRADED + "\n\n" + hooked(WRONG["ex1_1"], HOOK),
             **{gid: hooked(WRONG[gid], HOOK) for gid in WRONG if gid != "ex1_1"}}),
    case("b-during-signal", "during: the graded function makes helpers.checks.rel_error say 0 and starts a "
         "0.2 ms timer (setitimer); its SIGALRM handler puts it back once the cell's statements are done",
         lost("ex1_7"), {"ex1_7": DURING_SIGNAL + "\n\n" + hooked(WRONG["ex1_7"], HOOK)}),
    case("b-during-thread", "during: a watcher thread (a threading.Timer) keeps numpy.array_equal always True and "
         "numpy.max 0 for rel_error while the main thread runs a test cell's statements, real otherwise",
         lost("ex1_6", "ex1_7"), {"ex1_6": DURING_THREAD + "\n\n" + WRONG["ex1_6"], "ex1_7": WRONG["ex1_7"]}),
    case("b-during-finalizer", "during: the graded function makes numpy.max say 0 to rel_error; a "
         "weakref.finalize on IPython's statement-running coroutine puts it back when the cell's statements end",
         lost("ex1_7"), {"ex1_7": DURING_FINALIZER + "\n\n" + hooked(WRONG["ex1_7"], HOOK)}),
    case("b-during-gc-callback", "during: the graded function makes builtins.isinstance lenient and collects after "
         "every allocation; a gc.callbacks callback puts it back at the first collection after the cell's statements",
         lost("ex1_7"), {"ex1_7": DURING_GC + "\n\n" + hooked(IN_NUMPY["ex1_7"], HOOK)}),
    # -- imitation: results that only look like tensors (nothing in the kernel changed) ----------------------
    case("b-imitation-duck", "imitation: results that have is_tensor_like, shape, dtype, numpy() and an __array__ "
         "that turns into whatever the check expects; an int whose __eq__ is always True",
         lost(*IMITATION_DUCK_ANSWERS),
         {"ex1_1": IMITATION_DUCK + "\n\n" + IMITATION_DUCK_ANSWERS["ex1_1"],
          **{gid: code for gid, code in IMITATION_DUCK_ANSWERS.items() if gid != "ex1_1"}}),
    case("b-imitation-subclass", "imitation: results of a tf.Tensor subclass whose __array__ turns into whatever "
         "the check expects", lost(*IMITATION_SUBCLASS_ANSWERS),
         {"ex1_3": IMITATION_SUBCLASS + "\n\n" + IMITATION_SUBCLASS_ANSWERS["ex1_3"],
          **{gid: code for gid, code in IMITATION_SUBCLASS_ANSWERS.items() if gid != "ex1_3"}}),
    # -- internals: the same objects, changed inside ------------------------------------------------------
    case("b-internals-code", "internals: checks.Exercise.fail.__code__ replaced by a function that does nothing",
         0, {"ex1_1": CODE_SWAP + "\n\n" + WRONG["ex1_1"], **{gid: WRONG[gid] for gid in WRONG if gid != "ex1_1"}}),
    case("b-internals-defaults-closure", "internals: is_close's __defaults__ (tolerance 1); the closure cell of "
         "tf.is_tensor's protocol hook pointed at a protocol NumPy arrays satisfy",
         lost("ex1_4", "ex1_5", "ex1_6", "ex1_7"),
         {"ex1_4": DEFAULTS_CLOSURE + "\n\n" + IN_NUMPY["ex1_4"], "ex1_5": IN_NUMPY["ex1_5"],
          "ex1_6": IN_NUMPY["ex1_6"], "ex1_7": WRONG["ex1_7"]}),
    case("b-internals-builtins-shadowed", "internals: new names isinstance and float in helpers.checks' namespace "
         "shadow the builtins its checks use", lost("ex1_5", "ex1_6", "ex1_7"),
         {"ex1_5": BUILTINS_SHADOWED + "\n\n" + IN_NUMPY["ex1_5"], "ex1_6": IN_NUMPY["ex1_6"],
          "ex1_7": WRONG["ex1_7"]}),
    case("b-internals-builtins-namespace", "internals: get_ipython().user_ns['__builtins__'] replaced: the test "
         "cells' tuple() and abs() lie (the rest unanswered)", 0,
         {"ex1_1": BUILTINS_NAMESPACE + "\n\n" + HARD_CODED, "ex1_2": SHIFTED_WEIGHTS}, unanswered=True),
    case("b-internals-lazy-import", "internals: sys.modules renamed to a copy and the interpreter's module table "
         "given a fake tensorflow for the checks' `import tensorflow`; a fake numpy.testing too",
         lost("ex1_4", "ex1_5", "ex1_6", "ex1_7"),
         {"ex1_4": LAZY_IMPORT + "\n" + LAZY_NUMPY_TESTING + "\n\n" + IN_NUMPY["ex1_4"],
          **{gid: IN_NUMPY[gid] for gid in ("ex1_5", "ex1_6", "ex1_7")}}),
    # -- messaging: the kernel's messages -----------------------------------------------------------------
    case("b-messaging-drop-session", "messaging: the kernel session's send() (an instance attribute) drops errors "
         "and stderr and makes error replies ok; nothing answered",
         0, {"ex1_1": stub("ex1_1") + "\n\n" + DROP_SESSION}, unanswered=True),
    case("b-messaging-drop-socket", "messaging: the displayhook's pub_socket, where the shell sends a cell's error, "
         "replaced by one that drops errors; the kernel's finish_metadata makes the reply ok", lost("ex1_6", "ex1_7"),
         {"ex1_6": DROP_SOCKET + "\n\n" + WRONG["ex1_6"], "ex1_7": WRONG["ex1_7"]}),
    case("b-messaging-forge-reply", "messaging: the graded functions, called by a test, send an ok execute_reply "
         "(with a clean guard report) and an idle status for the running request; nothing answered",
         0, {"ex1_1": FORGE_REPLY + "\n\n" + FORGE_ANSWERS["ex1_1"],
             **{gid: code for gid, code in FORGE_ANSWERS.items() if gid != "ex1_1"}}, unanswered=True),
    # -- leak: the running test cell, hidden tests included (right answers) ---------------------------
    case("b-leak-linecache", "leak: the graded functions print the running test cell from linecache (found "
         "through sys._getframe)", FULL_MARKS,
         {"ex1_1": LEAK_LINECACHE + "\n\n" + hooked(solved_answer("ex1_1"), "_show_the_test()"),
          **{gid: hooked(solved_answer(gid), "_show_the_test()") for gid in WRONG if gid != "ex1_1"}}),
    case("b-leak-parent-header", "leak: the graded functions print the kernel's current request's code "
         "(get_parent()['content']['code']); the last answer wrong", lost("ex1_7"),
         {"ex1_1": LEAK_PARENT + "\n\n" + hooked(solved_answer("ex1_1"), "_show_the_test()"),
          "ex1_7": hooked(WRONG["ex1_7"], "_show_the_test()"),
          **{gid: hooked(solved_answer(gid), "_show_the_test()") for gid in WRONG if gid not in ("ex1_1", "ex1_7")}}),
    case("b-leak-thread", "leak: a thread copies every request's code, IPython's raw_cell and history while the "
         "tests run; the last answer cell prints them", FULL_MARKS,
         {"ex1_1": solved_answer("ex1_1") + "\n\n" + LEAK_THREAD,
          "ex1_7": solved_answer("ex1_7") + LEAK_THREAD_PRINT}),
    # -- right submissions after all the attacks: full marks, nothing to report --------------------------
    *[Case(f"b-zz-right-{i}", "a right submission, graded after the attacks", lambda folder: save(solved(), folder),
           FULL_MARKS) for i in (1, 2, 3)],
]
