"""Checks that tell a student what is wrong with an exercise, in plain words.

A test cell builds one ``Exercise`` for the function the student wrote, calls it
through the check, and asserts on the result in order: it runs, then its type and
dtype, then its shape, then its values. The first failure raises ``CheckFailed``
(an ``AssertionError``, so nbgrader counts the cell as failed) with a message that
names the exercise and the concept, for example::

    Exercise 1.3 (`dense`): the result has shape (2, 2), but (2, 3) was expected.
    Hint: the matrix product x @ W has one column per column of W.

The expected values come from the test cell, never from this module: this package
ships to students and holds no answers.

When a notebook is graded, its test cells run in a trusted process of their own, not in the
notebook's kernel: there the student's functions are stand-ins that call into the kernel and
bring back plain data (arrays, tensors, numbers, a saved Keras model). These checks are the
same in both places. What only the kernel can tell (whether TensorFlow still runs eagerly
there, how often a ``tf.function`` was traced) a test asks with ``in_kernel``; ``type_name``
names what a value is, wherever it lives.
"""

import copy
import re
import traceback
import types

import numpy as np

#: Relative tolerance for float32 results: float32 carries about 7 significant digits.
FLOAT32_RTOL = 1e-5


class CheckFailed(AssertionError):
    """A visible or hidden check found a mistake; the message explains it.

    IPython (a notebook, Validate, the grader's test kernel) shows a failure as its message and nothing of this
    module or of TensorFlow (``_render_traceback_``): when the student's function raised, the frames of their own
    code follow, and a last line says which line of the test cell checked. The error their code raised stays in
    ``__cause__`` (``sys.last_value.__cause__`` after the cell), for anyone who wants all of it.
    """

    def _render_traceback_(self) -> list[str]:
        lines = str(self).splitlines()
        try:
            frames = your_frames(self.__cause__) if self.__cause__ is not None else []
            line = _test_cell_line(self.__traceback__)
        except Exception:  # noqa: BLE001 (the sentence is what matters: never lose it to a rendering problem)
            return lines
        if frames:
            lines += ["", "Where your code raised it:", *frames]
        if line:
            lines += ["", CHECKED_AT.format(line=line)]
        return lines


#: The last line of a failure as IPython shows it; the instructor's report reads the line number back.
CHECKED_AT = "(checked at line {line} of the test cell)"


def _ipython():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _cell_files(shell) -> dict:
    """The files IPython compiled the notebook's cells into (what its tracebacks show as "Cell In[5]")."""
    return getattr(getattr(shell, "compile", None), "_filename_map", None) or {}


def _walk(tb):
    while tb is not None:
        yield tb
        tb = tb.tb_next


def _test_cell_line(tb) -> int | None:
    """The line of the outermost notebook cell in a traceback: the test cell's line that raised."""
    cells = _cell_files(_ipython())
    return next((t.tb_lineno for t in _walk(tb) if t.tb_frame.f_code.co_filename in cells), None)


def your_frames(err: BaseException) -> list[str]:
    """The frames of ``err``'s traceback that ran code of the notebook's cells, as IPython renders frames.

    No frame of a library (TensorFlow, NumPy, this package) and no chained errors: what the student wrote and
    where it raised. An error that came back from the student's kernel while grading brings these lines with it
    (``remote_traceback``). Outside IPython, or when no cell's code is in the traceback: ``[]``.
    """
    remote = getattr(err, "remote_traceback", None)
    if isinstance(remote, str):
        return remote.rstrip("\n").splitlines() if remote.strip() else []
    shell = _ipython()
    cells = _cell_files(shell)
    kept = [t for t in _walk(err.__traceback__) if t.tb_frame.f_code.co_filename in cells]
    if not kept:
        return []
    chain = None
    for t in reversed(kept):
        chain = types.TracebackType(chain, t.tb_frame, t.tb_lasti, t.tb_lineno)
    printer = shell.InteractiveTB
    try:
        # One exception, not its chain: [header, frames..., the exception's own lines].
        whole = printer.format_exception_as_a_whole(type(err), err, chain, 3, None)[0]
        ending = len(printer.format_exception(type(err), err))
        return "\n".join(whole[1:len(whole) - ending]).rstrip("\n").splitlines()
    except Exception:  # noqa: BLE001 (another IPython: the standard library's rendering still says where)
        return "".join(traceback.format_list(traceback.extract_tb(chain))).rstrip("\n").splitlines()


def rel_error(got, expected) -> float:
    """Largest relative error between two arrays, ``|a - b| / max(1e-8, |a| + |b|)``, element-wise.

    Scale-free, so one tolerance suits small and large numbers alike.

    Args:
        got, expected: array-likes (NumPy arrays, tensors, lists, numbers) of the same shape.

    Returns:
        float: 0.0 for identical arrays; about 1e-7 for float32 round-off; 1.0 for opposite signs.
        ``inf`` where only one side is NaN or infinite.

    Example:
        >>> rel_error([1.0, 2.0], [1.0, 2.000001]) < 1e-5
        True
    """
    a = np.asarray(got, dtype=np.float64)
    b = np.asarray(expected, dtype=np.float64)
    if a.size == 0:
        return 0.0
    same = (a == b) | (np.isnan(a) & np.isnan(b))
    with np.errstate(invalid="ignore", divide="ignore"):
        err = np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))
    err = np.where(same, 0.0, err)
    err = np.where(np.isfinite(err), err, np.inf)
    return float(np.max(err))


#: Set by the grader's test process: runs a function in the graded kernel (see ``in_kernel``).
_kernel_runner = None


def in_kernel(function, *args, **kwargs):
    """``function(*args, **kwargs)``, run where the notebook's own code runs, and what it returns.

    In a student's notebook that is just a call. When grading, the tests run in a process of their
    own, and ``function`` (defined in the test cell) is sent to the notebook's kernel to run there:
    use it for what only that kernel knows, e.g.
    ``in_kernel(lambda: tf.executing_eagerly())`` after calling the student's function.
    """
    __tracebackhide__ = True
    if _kernel_runner is not None:
        return _kernel_runner(function, args, kwargs)
    return function(*args, **kwargs)


def type_name(value) -> str:
    """The name of a value's type, with its module: ``"numpy.ndarray"``, ``"int"``.

    For an object that stays in the notebook's kernel while grading (a ``tf.function``, say), the
    kernel's name for its type.
    """
    remote = getattr(value, "__dlcourse_type__", None)
    if isinstance(remote, str):
        return remote
    kind = type(value)
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def _kind(value) -> str:
    """A beginner-friendly name for what a value is."""
    remote = getattr(value, "__dlcourse_type__", None)
    if isinstance(remote, str):
        return _a(f"{remote.rsplit('.', 1)[-1]} object")
    try:
        import tensorflow as tf
    except ImportError:  # the checks also work on plain NumPy answers
        tf = None
    if tf is not None:
        if isinstance(value, tf.Variable):
            return "a tf.Variable"
        if tf.is_tensor(value):
            return "a TensorFlow tensor"
    if isinstance(value, np.ndarray):
        return "a NumPy array"
    if isinstance(value, np.generic):
        return f"a NumPy scalar ({type(value).__name__})"
    if value is None:
        return "None (did the function forget to `return`?)"
    return _a(type(value).__name__)


def _a(noun: str) -> str:
    """'a tuple', 'an int'."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _dtype_name(dtype) -> str:
    """'float32' for tf.float32, np.float32, np.dtype('float32') or 'float32'."""
    name = getattr(dtype, "name", None)
    if isinstance(name, str):
        return name
    return np.dtype(dtype).name


def _shape(value) -> tuple:
    shape = getattr(value, "shape", None)
    if shape is None:
        return np.shape(value)
    return tuple(shape)


class Exercise:
    """The checks for one exercise, bound to the function the student wrote.

    Args:
        exercise: the exercise's number as the notebook's heading gives it, e.g. ``"1.3"``.
        function: the student's function.

    Example:
        >>> def double(x):
        ...     return 2 * x
        >>> check = Exercise("0.1", double)
        >>> check.equals(check.call(3), 6)
        >>> check.passed()
        Exercise 0.1 (`double`): all visible checks passed.
    """

    def __init__(self, exercise: str, function):
        self.exercise = exercise
        self.function = function
        self.name = getattr(function, "__name__", repr(function))

    # -- failing ---------------------------------------------------------------------------------------------

    def message(self, problem: str, hint: str | None = None) -> str:
        """The text of a failure: the exercise's name, what is wrong and, optionally, a hint."""
        return f"Exercise {self.exercise} (`{self.name}`): {problem}" + (f"\nHint: {hint}" if hint else "")

    def fail(self, problem: str, hint: str | None = None):
        """Raise ``CheckFailed`` with ``message(problem, hint)``."""
        __tracebackhide__ = True  # pytest and IPython's %tb skip the checks' own frames
        raise CheckFailed(self.message(problem, hint))

    def that(self, condition: bool, problem: str, hint: str | None = None):
        """Fail with ``problem`` unless ``condition`` holds: for checks no other method covers."""
        __tracebackhide__ = True
        if not condition:
            self.fail(problem, hint)

    # -- running ---------------------------------------------------------------------------------------------

    def call(self, *args, **kwargs):
        """Call the student's function on deep copies of the arguments and return what it returns.

        Fails with a plain message if the exercise is not answered yet, if the function
        raises, or if it changed an argument in place.
        """
        __tracebackhide__ = True
        if not callable(self.function):
            self.fail(f"expected a function, but `{self.name}` is {_kind(self.function)}.")
        copies = copy.deepcopy((args, kwargs))
        unanswered = False
        try:
            result = self.function(*copies[0], **copies[1])
        except NotImplementedError:
            unanswered = True  # reported below, outside this block, so the stub's traceback is not shown too
        except Exception as err:  # the student's code may raise anything; report it in their terms
            detail = _plain_error(err)
            problem = f"calling it raised {type(err).__name__}" + (f": {detail}" if detail else ".")
            # Shown under the message: the frames of the student's own code (CheckFailed._render_traceback_).
            raise CheckFailed(self.message(problem)) from err
        if unanswered:
            self.fail(
                "not answered yet.",
                f"replace `raise NotImplementedError()` in the answer cell of Exercise {self.exercise} with "
                "your code, run that cell, then run this one again.",
            )
        for original, passed in zip((*args, *kwargs.values()), (*copies[0], *copies[1].values()), strict=True):
            if isinstance(original, np.ndarray) and not np.array_equal(original, passed, equal_nan=True):
                self.fail(
                    "it changed its input array in place.",
                    "work on a copy (or build a new array/tensor) so the caller's data stays as it was.",
                )
        return result

    # -- type, dtype, shape ----------------------------------------------------------------------------------

    def is_tensor(self, value, what: str = "the result"):
        """A TensorFlow tensor (a tf.Variable counts too), not a NumPy array or a list."""
        __tracebackhide__ = True
        import tensorflow as tf

        if not tf.is_tensor(value) and not isinstance(value, tf.Variable):
            self.fail(
                f"{what} should be a TensorFlow tensor, but it is {_kind(value)}.",
                "build it with tf.* operations, or convert at the end with tf.convert_to_tensor(...).",
            )

    def is_variable(self, value, what: str = "the result", trainable: bool | None = True):
        """A ``tf.Variable`` (trainable unless ``trainable`` says otherwise; ``None``: either)."""
        __tracebackhide__ = True
        import tensorflow as tf

        if not isinstance(value, tf.Variable):
            self.fail(
                f"{what} should be a tf.Variable, but it is {_kind(value)}.",
                "a tf.constant can never change; weights that training updates live in a tf.Variable(...).",
            )
        if trainable is not None and value.trainable != trainable:
            self.fail(f"{what} should {'' if trainable else 'not '}be trainable.")

    def is_instance(self, value, types, what: str = "the result"):
        """An instance of ``types`` (a type or a tuple of types)."""
        __tracebackhide__ = True
        if not isinstance(value, types):
            names = " or ".join(_a(t.__name__) for t in (types if isinstance(types, tuple) else (types,)))
            self.fail(f"{what} should be {names}, but it is {_kind(value)}.")

    def has_dtype(self, value, dtype, what: str = "the result", hint: str | None = None):
        """Elements of type ``dtype`` (``tf.float32``, ``np.float32`` or ``"float32"`` alike)."""
        __tracebackhide__ = True
        got = getattr(value, "dtype", None)
        if got is None:
            self.fail(f"{what} is {_kind(value)}, which has no dtype; a tensor or array was expected.")
        want, have = _dtype_name(dtype), _dtype_name(got)
        if want != have:
            if hint is None and have == "float64" and want == "float32":
                hint = ("NumPy computes in float64 by default; TensorFlow and Keras work in float32. "
                        "Cast with tf.cast(x, tf.float32) or build the values as float32.")
            elif hint is None and want.startswith("float") and have.startswith(("int", "uint")):
                hint = "integer tensors cannot hold fractions; cast to float before dividing or averaging."
            self.fail(f"{what} has dtype {have}, but {want} was expected.", hint)

    def has_shape(self, value, shape, what: str = "the result", hint: str | None = None):
        """Exactly the shape ``shape`` (a tuple; a scalar has shape ``()``)."""
        __tracebackhide__ = True
        got = _shape(value)
        if tuple(got) != tuple(shape):
            self.fail(f"{what} has shape {tuple(got)}, but {tuple(shape)} was expected.", hint)

    # -- values ----------------------------------------------------------------------------------------------

    def equals(self, value, expected, what: str = "the result", hint: str | None = None):
        """Exactly ``expected``: for integers, strings, tuples, shapes, booleans and integer arrays."""
        __tracebackhide__ = True
        if isinstance(expected, (np.ndarray, list)) or hasattr(value, "numpy") or isinstance(value, np.ndarray):
            got, want = np.asarray(value), np.asarray(expected)
            if got.shape != want.shape:
                self.fail(f"{what} has shape {got.shape}, but {want.shape} was expected.", hint)
            if not np.array_equal(got, want, equal_nan=got.dtype.kind in "fc" and want.dtype.kind in "fc"):
                self.fail(f"{what} is not what was expected{_differences(got, want, got != want)}.", hint)
        else:
            same_type = type(value) is type(expected) or _same_number(value, expected)
            if value != expected or not same_type:
                if isinstance(value, np.generic) and isinstance(expected, (int, float, bool)):
                    kind = type(expected).__name__
                    hint = hint or f"convert it to a Python {kind} with {kind}(...)."
                self.fail(f"{what} is {value!r} ({_kind(value)}), but {expected!r} was expected.", hint)

    def is_close(self, value, expected, what: str = "the result", rtol: float = FLOAT32_RTOL,
                 hint: str | None = None):
        """Equal to ``expected`` up to relative error ``rtol`` (see ``rel_error``), same shape."""
        __tracebackhide__ = True
        got, want = np.asarray(value), np.asarray(expected)
        if got.shape != want.shape:
            self.fail(f"{what} has shape {got.shape}, but {want.shape} was expected.", hint)
        if not np.issubdtype(got.dtype, np.number) and got.dtype != bool:
            self.fail(f"{what} should hold numbers, but it holds {got.dtype} values.", hint)
        err = rel_error(got, want)
        if err > rtol:
            self.fail(f"{what} is not what was expected{_differences(got, want, _far(got, want, rtol))} (largest "
                      f"relative error {err:.2g}, tolerance {rtol:g}).", hint)

    def has_layers(self, model, expected, what: str = "the model"):
        """Layer by layer: class, output shape, activation and parameter count, in order.

        Args:
            model: a built Keras model.
            expected: one ``(class_name, output_shape, activation, n_params)`` per layer, e.g.
                ``("Dense", (None, 32), "relu", 25120)``. ``None`` for the activation of a layer that has none.

        The first layer that differs is reported as expected vs got, naming the field.
        """
        __tracebackhide__ = True
        import keras

        if not isinstance(model, keras.Model):
            self.fail(f"{what} should be a Keras model, but it is {_kind(model)}.",
                      "build it with keras.Sequential([...]) or keras.Model(inputs, outputs).")
        got = [_layer_summary(layer) for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
        for i, (have, want) in enumerate(zip(got, expected, strict=False)):
            want = (want[0], tuple(want[1]), want[2], want[3])
            for field, h, w in zip(("type", "output shape", "activation", "number of parameters"), have, want,
                                   strict=True):
                if h != w:
                    self.fail(f"layer {i} of {what} has {field} {h}, but {w} was expected.\n"
                              f"  expected layer {i}: {_describe_layer(want)}\n"
                              f"  your layer {i}:     {_describe_layer(have)}")
        if len(got) != len(expected):
            self.fail(f"{what} has {len(got)} layers (not counting the input), but {len(expected)} were expected.")

    def passed(self):
        """Print the all-clear line that ends a test cell's visible checks."""
        print(f"Exercise {self.exercise} (`{self.name}`): all visible checks passed.")


def _layer_summary(layer) -> tuple:
    activation = getattr(layer, "activation", None)
    name = getattr(activation, "__name__", None) if activation is not None else None
    try:
        shape = tuple(layer.output.shape)
    except (AttributeError, ValueError):  # a layer that was never called has no output yet
        shape = ("not built",)
    return type(layer).__name__, shape, name, layer.count_params() if layer.built else 0


def _describe_layer(summary: tuple) -> str:
    kind, shape, activation, params = summary
    return f"{kind}, output {shape}, activation {activation}, {params} parameters"


def _plain_error(err: Exception) -> str:
    """The first line of an error's message, without TensorFlow's internal node and op names."""
    text = str(err).strip()
    text = text.splitlines()[0] if text else ""
    text = re.sub(r"^\{\{function_node [^}]*\}\}\s*", "", text)  # "{{function_node __wrapped__AddV2...}}"
    return re.sub(r"\s*\[Op:\w+\].*$", "", text)  # "... [Op:AddV2] name: "


def _same_number(a, b) -> bool:
    """3 == 3.0 == np.int64(3) for plain number comparisons, but True is not 1."""
    numbers = (int, float, np.integer, np.floating)
    return (isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool)
            and not isinstance(b, bool))


def _far(got: np.ndarray, want: np.ndarray, rtol: float) -> np.ndarray:
    """Where two arrays differ by more than ``rtol`` (relative, as ``rel_error``); NaN matches NaN."""
    a, b = got.astype(np.float64), want.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        far = ~(np.abs(a - b) <= rtol * np.maximum(1e-8, np.abs(a) + np.abs(b)))
    return far & ~(np.isnan(a) & np.isnan(b)) & ~(a == b)


#: Arrays up to this many entries are shown whole in a message; bigger ones by shape and count.
SHOWN_WHOLE = 8


def _differences(got: np.ndarray, want: np.ndarray, differs) -> str:
    """": at index (1, 2) got 5, expected 6", plus how many entries differ in a bigger array."""
    differs = np.asarray(differs, dtype=bool)
    if not differs.any():
        return ""
    if got.ndim == 0:
        return f": got {_value(got[()])}, expected {_value(want[()])}"
    where = tuple(int(i) for i in np.argwhere(differs)[0])
    index = where[0] if len(where) == 1 else where
    entry = f"{_value(got[where])} where {_value(want[where])} was expected"
    if got.size <= SHOWN_WHOLE:
        return f": at index {index} it has {entry} (all of it: {_show(got)}, expected {_show(want)})"
    return (f": {int(differs.sum())} of its {got.size} entries (shape {got.shape}) differ, the first at index "
            f"{index}, which is {entry}")


def _value(x) -> str:
    return f"{x:.6g}" if isinstance(x, (float, np.floating)) else repr(x.item() if isinstance(x, np.generic) else x)


def _show(array: np.ndarray) -> str:
    """A small array, in full, for a message."""
    text = np.array2string(array, separator=", ", threshold=SHOWN_WHOLE + 1)
    return " ".join(line.strip() for line in text.splitlines())  # one line: rows always start a new one


__all__ = ["CheckFailed", "Exercise", "FLOAT32_RTOL", "in_kernel", "rel_error", "type_name", "your_frames"]
