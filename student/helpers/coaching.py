"""Plain-language hints under the tracebacks of the mistakes beginners make with this course's tools.

``setup()`` installs an IPython ``post_run_cell`` callback. When a cell fails with one of the errors below, it
adds one more output after the traceback, for example::

    Hint: tf.matmul(a, b) (and a @ b) needs a's last size to equal b's first: here (2, 3) @ (2, 3), and 3 ≠ 2.
    tf.transpose(b) has shape (3, 2), which fits; otherwise reshape one side so the inner sizes match.

The traceback, the error's name and message, and the cell's status are left exactly as they were: the hint is an
extra display output, so nbgrader and the checks see the same failure with or without it.

Coached: an exercise still holding nbgrader's stub (``NotImplementedError``); shape mismatches in matrix products
and in broadcasting (TensorFlow and NumPy); float64 mixed with float32 and integers mixed with floats in
TensorFlow; TensorFlow 1 code run in TensorFlow 2; a Keras model used before it is built or compiled. Every other
error gets no hint, and no output. ``checks.CheckFailed`` explains itself, so it gets a hint only for the error
the student's own code raised (its ``__cause__``).

The hints are written from the error's message (the shapes, dtypes and names in it), never from the exercise's
answer: this module ships to students.
"""

import json
import linecache
import os
import re
import sys

from . import cells

# -- the callback ------------------------------------------------------------------------------------------------


def install(shell) -> None:
    """Show a hint under the traceback of the mistakes this module knows, in ``shell`` (an IPython shell).

    Safe to call again: the callback is registered once (a copy left by an earlier, reloaded version of this
    module is replaced).
    """
    _remove(shell, keep=_after_cell)
    shell.events.register("post_run_cell", _after_cell)  # IPython skips a callback that is already there


def uninstall(shell) -> None:
    """Stop showing hints in ``shell``; nothing happens if they were not shown."""
    _remove(shell)


def _remove(shell, keep=None) -> None:
    callbacks = shell.events.callbacks.get("post_run_cell", [])
    for callback in list(callbacks):
        ours = getattr(callback, "__module__", None) == __name__ and getattr(callback, "__name__", "") == "_after_cell"
        if ours and callback is not keep:
            callbacks.remove(callback)  # in place: IPython and the grading guard hold this very list


def _after_cell(result) -> None:
    """IPython's ``post_run_cell`` callback: display the hint for the cell's error, if there is one."""
    error = getattr(result, "error_in_exec", None)
    if error is None:
        return
    try:
        from IPython import get_ipython
        from IPython.display import display

        hint = hint_for(error, get_ipython())
        if hint:
            display({"text/markdown": f"**Hint:** {hint}", "text/plain": f"Hint: {hint}"}, raw=True)
    except Exception:  # noqa: BLE001 (a hint is a courtesy: it must never add an error of its own to the cell)
        pass


# -- the hints ---------------------------------------------------------------------------------------------------


def hint_for(error: BaseException, shell=None) -> str | None:
    """The hint for ``error``, or ``None`` when this module has nothing to add.

    Args:
        error: the exception a cell raised.
        shell: the IPython shell it ran in, if any: it knows which cell defined a function and which notebook
            the kernel runs (``__session__``).

    Returns:
        One to three plain sentences, or ``None``.

    Example:
        >>> hint_for(ValueError("operands could not be broadcast together with shapes (2,3) (2,) "))[:40]
        '(2, 3) and (2,) do not broadcast: shapes'
    """
    for _ in range(8):  # a CheckFailed's cause may itself be a CheckFailed; never loop on a cycle
        if not _is_check_failed(error):
            break
        error = error.__cause__
    else:
        return None
    if not isinstance(error, Exception):
        return None
    text = _ANSI.sub("", str(error))
    for coach in (_unanswered, _tf1_in_tf2, _keras_unbuilt, _matrix_product, _broadcasting, _dtypes):
        hint = coach(error, text, shell)
        if hint:
            return hint
    return None


def _is_check_failed(error) -> bool:
    # By name, so that a reloaded ``helpers.checks`` (a new class object) still counts.
    return any(c.__name__ == "CheckFailed" and c.__module__ == "helpers.checks" for c in type(error).__mro__)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # Keras puts bold on in its messages


# -- a. an exercise that is not answered yet ---------------------------------------------------------------------

_STUB = re.compile(r"raise NotImplementedError(\(\))?\s*(#.*)?")
_EXERCISE_HEADING = re.compile(r"^#{1,6}\s*Exercise\s+(\d+(?:\.\d+)*)", re.MULTILINE)
_GRADE_ID = re.compile(r"^ex(\d+)_(\d+)$")


def _unanswered(error, text, shell) -> str | None:
    if not isinstance(error, NotImplementedError):
        return None
    tb = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return None
    code = tb.tb_frame.f_code
    if code.co_name.startswith("<"):  # raised at a cell's top level (or in a lambda): no function to point at
        return None
    if not _STUB.fullmatch(linecache.getline(code.co_filename, tb.tb_lineno).strip()):
        return None  # a NotImplementedError from a library, or one the student wrote with a message
    name = code.co_name
    exercise = _exercise_number(name, _notebook_path(shell))
    if exercise:
        return (f"`{name}` (Exercise {exercise}) is not answered yet: its answer cell still says "
                "`raise NotImplementedError()`. Write your code there, run that cell, then run this one again.")
    label = _cell_label(shell, code.co_filename)
    where, run = (f" (defined in cell {label})", "that cell") if label else ("", f"the cell that defines `{name}`")
    return (f"`{name}`{where} is not answered yet: it still says `raise NotImplementedError()`. Replace that line "
            f"with your code, run {run}, then run this one again.")


def _notebook_path(shell) -> str | None:
    """The notebook the kernel runs, where Jupyter told it (``JPY_SESSION_NAME``, or IPython's ``__session__``)."""
    user_ns = getattr(shell, "user_ns", None) or {}
    path = user_ns.get("__session__") or os.environ.get("JPY_SESSION_NAME")
    if not isinstance(path, str) or not path.endswith(".ipynb"):
        return None
    if os.path.isfile(path):
        return path
    here = os.path.basename(path)  # a path relative to the server's root: the kernel runs in the notebook's folder
    return here if os.path.isfile(here) else None


def _exercise_number(function: str, path: str | None) -> str | None:
    """'1.3' when the notebook at ``path`` has an answer cell defining ``function`` under '### Exercise 1.3'."""
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as file:
            notebook_cells = json.load(file).get("cells", [])
    except (OSError, ValueError, AttributeError):
        return None
    defines = re.compile(rf"^\s*def\s+{re.escape(function)}\s*\(", re.MULTILINE)
    try:
        return _find_exercise(notebook_cells, defines)
    except (AttributeError, TypeError):  # not a notebook after all
        return None


def _find_exercise(notebook_cells: list, defines: re.Pattern) -> str | None:
    for i, cell in enumerate(notebook_cells):
        grade_id = cells.grade_id(cell)
        if cell.get("cell_type") != "code" or not grade_id or not defines.search(_source(cell)):
            continue
        for before in reversed(notebook_cells[:i]):
            if before.get("cell_type") == "markdown":
                headings = _EXERCISE_HEADING.findall(_source(before))
                if headings:
                    return headings[-1]
            elif cells.grade_id(before):
                break  # the previous exercise's cells: this one has no heading of its own
        match = _GRADE_ID.match(str(grade_id))
        return f"{match.group(1)}.{match.group(2)}" if match else None
    return None


def _source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _cell_label(shell, filename: str) -> str | None:
    """'In [12]' for code IPython compiled from the cell it ran as number 12."""
    try:
        label = shell.compile.format_code_name(filename)
    except AttributeError:  # no shell, or not IPython's
        return None
    if not label:
        return None
    return re.sub(r"^In\[", "In [", label[1])


# -- f. TensorFlow 1 code in TensorFlow 2 --------------------------------------------------------------------------

_NO_ATTRIBUTE = re.compile(r"module '(tensorflow[\w.]*)' has no attribute '(\w+)'")
# What TF2 offers instead of the TF1 names beginners meet most (tf.compat.v1 has them all).
_TF2_WAY = {
    "Session": "call the operations directly: TF2 runs them eagerly, and `@tf.function` builds a graph for you",
    "InteractiveSession": "call the operations directly: TF2 runs them eagerly",
    "placeholder": "pass the values as ordinary arguments of a Python function (add `@tf.function` for a graph)",
    "global_variables_initializer": "drop that line: a TF2 `tf.Variable` has its value as soon as it is created",
    "initialize_all_variables": "drop that line: a TF2 `tf.Variable` has its value as soon as it is created",
    "get_variable": "create the variable with `tf.Variable(initial_value)`",
    "reset_default_graph": "drop that line (TF2 has no global graph; `keras.backend.clear_session()` resets Keras)",
    "train.GradientDescentOptimizer": "use `keras.optimizers.SGD(learning_rate=...)`",
    "train.MomentumOptimizer": "use `keras.optimizers.SGD(learning_rate=..., momentum=...)`",
    "train.AdamOptimizer": "use `keras.optimizers.Adam(learning_rate=...)`",
    "train.RMSPropOptimizer": "use `keras.optimizers.RMSprop(learning_rate=...)`",
    "train.AdagradOptimizer": "use `keras.optimizers.Adagrad(learning_rate=...)`",
    "random_normal": "use `tf.random.normal`",
    "random_uniform": "use `tf.random.uniform`",
    "truncated_normal": "use `tf.random.truncated_normal`",
    "set_random_seed": "use `tf.random.set_seed`",
    "log": "use `tf.math.log`",
    "to_float": "use `tf.cast(x, tf.float32)`",
    "Print": "use `tf.print`",
    "layers": "use `keras.layers`",
}


def _tf1_in_tf2(error, text, shell) -> str | None:
    if isinstance(error, AttributeError):
        match = _NO_ATTRIBUTE.search(text)
        if not match:
            return None
        module, name = match.groups()
        if module != "tensorflow" and not module.startswith("tensorflow._api.v2."):
            return None
        path = ".".join([*module.split(".")[3:], name])  # tensorflow._api.v2.train -> train.<name>
        if not _in_compat_v1(path):
            return None
        hint = (f"`tf.{path}` is TensorFlow 1 code: in TF2 it is `tf.compat.v1.{path}` "
                f"(notebook 02 shows how to use it)")
        return hint + (f", or, the TF2 way, {_TF2_WAY[path]}." if path in _TF2_WAY else ".")
    if isinstance(error, RuntimeError):
        match = re.search(r"tf\.(\w+)\(\) is not compatible with eager execution", text)
        if match:
            return (f"`tf.compat.v1.{match.group(1)}` belongs to a TensorFlow 1 graph, but TF2 runs eagerly: create "
                    "it inside `with tf.Graph().as_default():`, as notebook 02 does, and run that graph with "
                    "`tf.compat.v1.Session(graph=...)`.")
        if "The Session graph is empty" in text:
            return ("This session's graph is empty: the operations ran eagerly (TF2's default) instead of being added "
                    "to a graph. Build them inside `with graph.as_default():` and open "
                    "`tf.compat.v1.Session(graph=graph)`, as notebook 02 does.")
    return None


def _in_compat_v1(path: str) -> bool:
    tf = sys.modules.get("tensorflow")  # the error came from it, so it is imported
    try:
        target = tf.compat.v1
        for part in path.split("."):
            target = getattr(target, part)
    except Exception:  # noqa: BLE001 (no TF, or a lazily loaded module that fails: no hint)
        return False
    return True


# -- g. a Keras model used before it is built or compiled ----------------------------------------------------------

_BUILD_IT = ("start it with `keras.Input(shape=(n_features,))`, or call `model.build((None, n_features))` "
             "(or the model on a batch of data) first")


def _keras_unbuilt(error, text, shell) -> str | None:
    if isinstance(error, ValueError):
        match = re.search(r"You tried to call `count_params` on layer '([^']+)', but the layer isn't built", text)
        if match:
            return (f"`{match.group(1)}` has no weights yet, so there are no parameters to count: Keras creates them "
                    f"when it learns the input's shape. To build the model, {_BUILD_IT}.")
        match = re.search(r"called `set_weights\(weights\)` on layer '([^']+)' with a weight list of length \d+, "
                          r"but the layer was expecting 0 weights", text)
        if match:
            return (f"`{match.group(1)}` has no weights yet to set: Keras creates them when it learns the input's "
                    f"shape. To build the model, {_BUILD_IT}.")
        if "You must call `compile()` before using the model" in text:
            return ("Call `model.compile(...)` before `fit` or `evaluate`: Keras needs the loss to measure and the "
                    "optimizer that lowers it, for example `model.compile(optimizer=\"adam\", loss=\"mse\")`.")
    if isinstance(error, AttributeError):
        match = (re.search(r"The layer (\S+) has never been called and thus has no defined (input|output)\b", text)
                 or re.search(r"Sequential model '([^']+)' has no defined (inputs|outputs|input shape|output shape) "
                              r"yet", text))
        if match:
            name, what = match.groups()
            return (f"`{name}` has no {what} yet: it has never seen any data, so Keras does not know the shapes. "
                    f"To build the model, {_BUILD_IT}.")
        match = re.search(r"You must build the layer before accessing `(\w+)`", text)
        weight = match.group(1) if match else _unbuilt_weight(error)
        if weight:
            return (f"A layer's `{weight}` is created only when the layer is built, when Keras learns the input's "
                    f"shape. To build the model, {_BUILD_IT}.")
    return None


def _unbuilt_weight(error: AttributeError) -> str | None:
    """``layer.bias`` on a Keras layer that will have one once built: Python's own "has no attribute" error.

    (A layer's ``kernel`` or ``embeddings`` says "You must build the layer" itself.)
    """
    layer, name = getattr(error, "obj", None), getattr(error, "name", None)
    if name != "bias" or getattr(layer, "built", True) or getattr(layer, "use_bias", False) is not True:
        return None
    is_layer = any(c.__name__ == "Layer" and c.__module__.startswith("keras") for c in type(layer).__mro__)
    return name if is_layer else None


# -- b. the sizes of a matrix product ------------------------------------------------------------------------------

_MATMUL_OPS = {"MatMul", "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3", "_MklMatMul", "_MklBatchMatMulV2"}
_ELEMENTWISE_OPS = {"Add", "AddV2", "Sub", "Mul", "RealDiv", "Div", "DivNoNan", "FloorDiv", "FloorMod", "Pow",
                    "Maximum", "Minimum", "SquaredDifference", "Equal", "NotEqual", "Less", "LessEqual", "Greater",
                    "GreaterEqual", "LogicalAnd", "LogicalOr", "SelectV2", "BiasAdd"}
# TensorFlow's shape-inference message (in a tf.function, a graph or a Keras layer).
_GRAPH_SHAPES = re.compile(r"(Dimensions must be equal|Shape must be rank (\d+) but is rank (\d+)).*?"
                           r"for '\{\{node [^}]*\}\} = (\w+)[\[(].*?with input shapes: (\[[\d?,]*\]), (\[[\d?,]*\])",
                           re.DOTALL)


def _matrix_product(error, text, shell) -> str | None:
    if isinstance(error, ValueError):  # NumPy
        match = re.search(r"shapes \(([\d, ]*)\) and \(([\d, ]*)\) not aligned", text)
        if match:
            return _matmul_hint(_shape(match.group(1)), _shape(match.group(2)), "np.dot")
        match = re.match(r"matmul: Input operand 1 has a mismatch in its core dimension 0.*"
                         r"\(size (\d+) is different from (\d+)\)", text, re.DOTALL)
        if match:
            inner_b, inner_a = match.groups()
            return (f"a @ b (np.matmul) needs a's last size to equal b's first, but here a's last size is {inner_a} "
                    f"and b's first is {inner_b}. Transpose one side (`b.T`) or reshape it so these sizes match.")
    match = re.search(r"Matrix size-incompatible: In\[0\]: (\[[\d,]*\]), In\[1\]: (\[[\d,]*\])", text)
    if match:
        return _matmul_hint(_shape(match.group(1)), _shape(match.group(2)), "tf")
    match = re.search(r"In\[([01])\] ndims must be >= 2", text)
    if match:
        return _vector_in_matmul("ab"[int(match.group(1))])
    # The same mistake as TensorFlow words it on CPUs where MatMul runs another kernel.
    match = re.search(r"In\[0\] and In\[1\] has different ndims: (\[[\d,]*\]) vs\. (\[[\d,]*\])", text)
    if match:
        a, b = _shape(match.group(1)), _shape(match.group(2))
        if min(len(a), len(b)) < 2:
            return _vector_in_matmul("a" if len(a) < 2 else "b")
    match = _GRAPH_SHAPES.search(text)
    if match and match.group(4) in _MATMUL_OPS:
        a, b = _shape(match.group(5)), _shape(match.group(6))
        if match.group(2):  # "Shape must be rank 2 but is rank 1"
            return _vector_in_matmul("a" if len(a) < 2 else "b")
        return _matmul_hint(a, b, "tf")
    return None


def _matmul_hint(a: tuple, b: tuple, library: str) -> str | None:
    if not a or not b:
        return None
    inner_a, inner_b = a[-1], b[-2] if len(b) >= 2 else b[0]
    which = "second-to-last" if len(b) > 2 else "first"
    call = {"tf": "tf.matmul(a, b) (and a @ b)", "np.dot": "np.dot(a, b)"}[library]
    sizes = f"{inner_a} ≠ {inner_b}" if inner_a is not None and inner_b is not None else "they differ"
    head = f"{call} needs a's last size to equal b's {which}: here {_show(a)} @ {_show(b)}, and {sizes}."
    numpy = library != "tf"
    if len(b) >= 2 and b[-1] == inner_a:
        fix = f"{_transposed('b', numpy, len(b))} has shape {_show((*b[:-2], b[-1], b[-2]))}, which fits"
    elif len(a) >= 2 and a[-2] == inner_b:
        fix = f"{_transposed('a', numpy, len(a))} has shape {_show((*a[:-2], a[-1], a[-2]))}, which fits"
    elif len(a) == 2 and len(b) == 2 and b[-1] == a[-2]:
        fix = "b @ a would fit: the order of a matrix product matters"
    else:
        return f"{head} Transpose or reshape one side so that these two sizes match."
    return f"{head} {fix}; otherwise reshape one side so the inner sizes match."


def _transposed(name: str, numpy: bool, rank: int) -> str:
    if numpy:
        return f"{name}.T" if rank == 2 else f"np.swapaxes({name}, -1, -2)"
    return f"tf.transpose({name})" if rank == 2 else f"tf.linalg.matrix_transpose({name})"


def _vector_in_matmul(name: str) -> str:
    return (f"tf.matmul(a, b) (and a @ b) multiplies matrices, but {name} has only one axis. Make it a column with "
            f"`{name}[:, None]` or `tf.reshape({name}, (-1, 1))` (a row: `{name}[None, :]`), or use "
            "`tf.linalg.matvec` for a matrix times a vector.")


# -- c. broadcasting -----------------------------------------------------------------------------------------------


def _broadcasting(error, text, shell) -> str | None:
    match = re.search(r"Incompatible shapes: (\[[\d,]*\]) vs\. (\[[\d,]*\])", text)
    if match:
        product = re.search(r"\[Op:Mul\]|__wrapped__Mul_", text) is not None  # `*`, not `+` or `-`
        return _broadcast_hint(_shape(match.group(1)), _shape(match.group(2)), numpy=False, product=product)
    if isinstance(error, ValueError):
        match = re.search(r"operands could not be broadcast together with (?:remapped )?shapes(.*)", text)
        if match:
            shapes = [_shape(s) for s in re.findall(r"(?<!->)\(([\d, ]*)\)", match.group(1))]
            for i, a in enumerate(shapes):
                for b in shapes[i + 1:]:
                    if _clash(a, b):
                        return _broadcast_hint(a, b, numpy=True)
    match = _GRAPH_SHAPES.search(text)
    if match and match.group(1).startswith("Dimensions") and match.group(4) in _ELEMENTWISE_OPS:
        return _broadcast_hint(_shape(match.group(5)), _shape(match.group(6)), numpy=False)
    return None


def _clash(a: tuple, b: tuple) -> tuple | None:
    """The first pair of sizes, from the right, that neither match nor include a 1 (None: unknown, fits)."""
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y and 1 not in (x, y) and None not in (x, y):
            return x, y
    return None


def _broadcast_hint(a: tuple, b: tuple, numpy: bool, product: bool = False) -> str | None:
    clash = _clash(a, b)
    if clash is None:
        return None
    head = (f"{_show(a)} and {_show(b)} do not broadcast: shapes are lined up from the right, and each pair of "
            f"sizes must be equal or 1, but here {clash[0]} meets {clash[1]}.")
    if product and len(a) >= 2 and len(b) >= 2 and a[-1] == b[-2]:
        # Shapes that fit a matrix product and not an entry-wise one: most often `*` written for `@`.
        matmul = "a @ b (np.matmul)" if numpy else "a @ b (tf.matmul)"
        return (f"`*` multiplies entry by entry, so its shapes must broadcast, and {_show(a)} and {_show(b)} do not. "
                f"If you meant the matrix product, which combines each row of a with each column of b, write "
                f"{matmul}: there a's last size must equal b's first, and {a[-1]} = {b[-2]}.")
    reshape = "v.reshape(-1, 1)" if numpy else "tf.reshape(v, (-1, 1))"
    for vector, matrix in ((b, a), (a, b)):
        if len(vector) == 1 and len(matrix) >= 2 and vector[0] == matrix[-2]:
            return (f"{head} To give each row its own value, make the {_show(vector)} one a column of shape "
                    f"{_show((vector[0], 1))}: `v[:, None]` or `{reshape}`.")
    if len(a) == len(b) == 2 and a == b[::-1]:
        transpose = "`.T`" if numpy else "`tf.transpose`"
        return f"{head} One is the other's shape transposed: {transpose} swaps the two axes."
    return f"{head} Reshape one of them (`[:, None]` adds an axis of size 1) so that every pair matches or is 1."


# -- d, e. dtypes: float64 with float32, integers with floats ----------------------------------------------------

# TensorFlow's C++ names for Python's dtype names.
_DTYPE_NAMES = {"float": "float32", "double": "float64", "half": "float16"}
_OPS = {"AddV2": "`+`", "Add": "`+`", "Sub": "`-`", "Mul": "`*`", "RealDiv": "`/`", "Div": "`/`",
        "MatMul": "`tf.matmul` (`@`)", "BatchMatMulV2": "`tf.matmul` (`@`)", "Exp": "`tf.exp`", "Log": "`tf.math.log`",
        "Sqrt": "`tf.sqrt`", "Rsqrt": "`tf.math.rsqrt`", "Sigmoid": "`tf.math.sigmoid`", "Tanh": "`tf.tanh`",
        "Softmax": "`tf.nn.softmax`", "Softplus": "`tf.math.softplus`", "Pow": "`**`"}


def _dtypes(error, text, shell) -> str | None:
    match = re.search(r"cannot compute (\w+) as input #(\d+)\(zero-based\) was expected to be a (\w+) tensor but is "
                      r"a (\w+) tensor", text)
    if match:
        op, _, first, other = match.groups()
        return _mix_hint(_op(op), _dtype(first), _dtype(other))
    match = re.search(r"Input '\w+' of '(\w+)' Op has type (\w+) that does not match type (\w+) of argument", text)
    if match:
        op, other, first = match.groups()
        return _mix_hint(_op(op), _dtype(first), _dtype(other))
    match = re.search(r"`x` and `y` must have the same dtype, got tf\.(\w+) != tf\.(\w+)", text)
    if match:
        return _mix_hint("`/`", *match.groups())  # only tf.math.truediv says this
    match = re.search(r"Tensor conversion requested dtype (\w+) for Tensor with dtype (\w+)", text)
    if match:
        return _mix_hint("This assignment", *match.groups(), given=True)
    match = re.search(r"Cannot convert (.+?) to EagerTensor of dtype (u?int\d+)", text, re.DOTALL)
    if match and re.search(r"\d\.|\d[eE]-?\d|\.\d", match.group(1)):
        value, dtype = match.groups()
        value = value if len(value) <= 30 else "that value"
        return (f"This tensor is {dtype}, so it cannot hold {value}: {_integer_origin(dtype)}. "
                f"{_make_float('float32', 'the tensor')}")
    match = (re.search(r"Value for attr 'T' of (\w+) is not in the list of allowed values: ([^;\n]*)", text)
             or re.search(r"has DataType (\w+) not in list of allowed values: ([^;\n]*)", text))
    if match and _is_integer(match.group(1)) and re.search(r"\b(float|half|double|float32)\b", match.group(2)):
        op = re.search(r"\[Op:(\w+)\]", text)
        what = _op(op.group(1)) if op else "This operation"
        dtype = match.group(1)
        return (f"{what} works only on floats, but it got {_a(dtype)} tensor: {_integer_origin(dtype)}. "
                f"{_make_float('float32', 'the tensor')}")
    return None


def _mix_hint(what: str, first: str, other: str, given: bool = False) -> str | None:
    """``first`` and ``other``: the two dtypes, in the order of the operands (or wanted, given)."""
    pair = {first, other}
    if pair == {"float64", "float32"}:
        if given:
            mixed = f"{what} gives a {other} value to a {first} tensor or variable"
        else:
            mixed = f"{what} got a {first} tensor and a {other} one"
        return (f"{mixed}, and TensorFlow never converts between them for you. NumPy's default is float64, but "
                "TF and Keras work in float32: cast with `tf.cast(x, tf.float32)`, or build the array with "
                "`dtype=np.float32`.")
    integer = next((d for d in (first, other) if _is_integer(d)), None)
    floating = next((d for d in (first, other) if d.startswith(("float", "bfloat"))), None)
    if integer is None or floating is None:
        return None
    if given:
        mixed = f"{what} gives {_a(other)} value to {_a(first)} tensor or variable"
    else:
        mixed = f"{what} got {_a(integer)} tensor and {_a(floating)} one" if first == integer else \
            f"{what} got {_a(floating)} tensor and {_a(integer)} one"
    return f"{mixed}, and TensorFlow never mixes integers and floats: {_integer_origin(integer)}. " \
           f"{_make_float(floating)}"


def _a(dtype: str) -> str:
    return f"{'an' if dtype.startswith('int') else 'a'} {dtype}"  # "a uint8": you-int


def _integer_origin(dtype: str) -> str:
    if dtype == "int32":
        return "`tf.constant([1, 2])` is int32 (whole numbers make integer tensors)"
    if dtype == "int64":
        return "a NumPy array of whole numbers, such as `np.array([1, 2])`, is int64"
    if dtype == "uint8":
        return "uint8 is the type of image pixels"
    return f"{dtype} is an integer type"


def _make_float(dtype: str, what: str = "the integer side") -> str:
    return (f"Make {what} {dtype}: write 1.0 instead of 1, pass `dtype=tf.{dtype}`, or use "
            f"`tf.cast(x, tf.{dtype})`.")


def _is_integer(dtype: str) -> bool:
    return re.fullmatch(r"u?int\d+", dtype) is not None


def _dtype(name: str) -> str:
    return _DTYPE_NAMES.get(name, name)


def _op(name: str) -> str:
    name = name.removeprefix("_Mkl")
    return _OPS.get(name, f"The {name} operation")


# -- shapes --------------------------------------------------------------------------------------------------------


def _shape(text: str) -> tuple:
    """(2, 3) from '[2,3]', '(2,3)' or '2, 3'; an unknown size ('?') is None."""
    sizes = [s.strip() for s in text.strip("[]() ").split(",")]
    return tuple(None if s == "?" else int(s) for s in sizes if s)


def _show(shape: tuple) -> str:
    return f"({shape[0]},)" if len(shape) == 1 else "(" + ", ".join(str(s) for s in shape) + ")"


__all__ = ["hint_for", "install", "uninstall"]
