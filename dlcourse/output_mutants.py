"""Runs in the kernel of ``dlcourse test-the-tests``: is each case's output checked for its type, dtype and shape?

For one kind of change at a time, every value the exercise's function returns to the test cell through
``check.call`` is changed on its way back, keeping its values: its type (a tensor or an array becomes a list),
its dtype (a tensor's float32 becomes float64, int32 int64, and back; an array's integers become floats, its
floats complex numbers), or its shape (one more axis of length 1). Of a tuple, one position is changed at a time.
A case is caught when a check fails (or the cell stops) after its call and before the next call; a case that is
not caught is one whose type, dtype or shape no check looks at, so a student's answer with that mistake would pass.
"""

import numpy as np

from helpers import checks

CHANGES = ("type", "dtype", "shape")
_SAME = object()
_LARGEST = 1_000_000  # entries; a larger result is not changed
# Changes that keep every value and that no exercise accepts: TensorFlow's dtypes are exact (a float32 tensor is
# not a float64 one), while a NumPy answer may be asked for only "a float array", so there the kind changes.
# No change undoes another, so that a changed result passed on to the next call is not changed back.
_TENSOR_DTYPES = {"float32": "float64", "float64": "float16", "float16": "float64", "int32": "int64",
                  "int64": "int16", "int16": "int64", "uint8": "int32"}


class Nothing:
    """What the "anything" change hands back: no check can take it for a right result."""

    def __repr__(self):
        return "<not a result>"


def _changed(value, change: str):
    """``value`` with its type, dtype or shape changed, or _SAME when no such change is wrong for every exercise.

    Python and NumPy scalars are left alone: an exercise may fairly take any number there. The change "anything"
    replaces any value by a Nothing: a case whose result is not caught even then is one whose result no check reads
    (``_, m, v = check.call(...)``), not one whose type goes unchecked.
    """
    import tensorflow as tf

    if change == "anything":
        return Nothing()

    if isinstance(value, (tf.Tensor, tf.Variable)):
        if change == "type":  # a list, or for one number a Python float: never a tensor
            return value.numpy().tolist()
        if change == "dtype":
            other = _TENSOR_DTYPES.get(value.dtype.name)
            return tf.cast(value, other) if other else _SAME
        return value[..., tf.newaxis]
    if isinstance(value, np.ndarray) and value.dtype != object:
        if change == "type":
            return value.tolist() if value.ndim else _SAME
        if change == "dtype":
            if np.issubdtype(value.dtype, np.integer):
                return value.astype(np.float64)
            return value.astype(np.complex128) if np.issubdtype(value.dtype, np.floating) else _SAME
        return value[..., np.newaxis]
    return _SAME


def _changed_at(result, change: str, position: int):
    if isinstance(result, tuple):
        if position >= len(result):
            return _SAME
        new = _changed(result[position], change)
        return _SAME if new is _SAME else (*result[:position], new, *result[position + 1:])
    return _changed(result, change) if position == 0 else _SAME


def _describe(value) -> str:
    shape, dtype = getattr(value, "shape", None), getattr(value, "dtype", None)
    if shape is not None and dtype is not None:
        return f"{type(value).__name__} {tuple(shape)} {getattr(dtype, 'name', dtype)}"
    text = repr(value)
    return text if len(text) <= 24 else type(value).__name__


def _case(number: int, args, kwargs, change: str, position: int, result) -> str:
    shown = ", ".join([_describe(a) for a in args] + [f"{k}={_describe(v)}" for k, v in kwargs.items()])
    part = f"item {position} of the result" if isinstance(result, tuple) else "the result"
    return f"call {number} ({shown}): {part} with another {change}"


def missed(source: str, namespace: dict, caught_name: str, change: str, position: int) -> dict:
    """Run the instrumented test cell ``source`` with one change; the cases no check caught.

    Returns ``{"missed": [[call number, case], ...], "caught": [call number, ...], "changed": how many calls were
    changed, "longest": the longest tuple}``.
    """
    events: list[tuple[str, str | None]] = []
    longest = 0

    class Failures:
        def add(self, check):
            events.append(("fail", None))

    original = checks.Exercise.call

    handed_back: list = []  # the changed results, kept alive so that their ids stay theirs

    def call(self, *args, **kwargs):
        nonlocal longest
        result = original(self, *args, **kwargs)
        longest = max(longest, len(result) if isinstance(result, tuple) else 1)
        number = sum(kind == "call" for kind, _ in events) + 1
        given = [*args, *kwargs.values()]
        given += [item for value in given if isinstance(value, tuple) for item in value]
        if any(value is changed for value in given for changed in handed_back) or np.size(result) > _LARGEST:
            # A case fed a changed result of an earlier one (a loop of steps) is changed no further: an extra
            # axis would otherwise grow with every step.
            events.append(("call", None))
            return result
        new = _changed_at(result, change, position)
        events.append(("call", None if new is _SAME else _case(number, args, kwargs, change, position, result)))
        if new is _SAME:
            return result
        handed_back.append(new)
        if isinstance(new, tuple):
            handed_back.extend(new)
        return new

    namespace[caught_name] = Failures()
    checks.Exercise.call = call
    try:
        exec(compile(source, "test cell", "exec"), namespace)  # noqa: S102 (the course's own test cell)
    except Exception:  # noqa: BLE001 (a statement that is not a check stopped the cell: the case is caught)
        events.append(("fail", None))
    finally:
        checks.Exercise.call = original
    found, caught, number = [], [], 0
    for index, (kind, case) in enumerate(events):
        number += kind == "call"
        if kind == "call" and case is not None:
            after = events[index + 1:]
            until = next((k for k, (other, _) in enumerate(after) if other == "call"), len(after))
            if any(other == "fail" for other, _ in after[:until]):
                caught.append(number)
            else:
                found.append([number, case])
    return {"missed": found, "caught": caught, "longest": longest,
            "changed": sum(kind == "call" and case is not None for kind, case in events)}
