"""``setup()``: the first code cell of every notebook.

It makes a notebook reproducible (seeds, deterministic ops), quiet (no TensorFlow
start-up chatter) and consistent (one plotting style), adds a plain-language hint under
the tracebacks of common mistakes (``coaching``), and is safe to run twice.
"""

import contextlib
import importlib
import os
import sys
import tempfile
import warnings

DEFAULT_SEED = 42
_INSTALL_HINT = "run `make lab` in the course folder, or `pip install -c constraints.txt -e .` in your environment"


def setup(seed: int = DEFAULT_SEED, *, deterministic: bool = True, quiet: bool = True, verbose: bool = True,
          coach: bool = True):
    """Prepare a notebook: seeds, deterministic ops, quiet logs, the course's plot style, hints under errors.

    Args:
        seed: seeds Python's `random`, NumPy and TensorFlow/Keras. Defaults to 42.
        deterministic: make TensorFlow ops deterministic, so a notebook gives the same numbers
            on every run (slightly slower on a GPU). Defaults to True.
        quiet: hide TensorFlow's C++ start-up lines, and its Python log messages below ERROR.
            Defaults to True.
        verbose: print one line saying what was set up. Defaults to True.
        coach: in Jupyter (or IPython), show a short hint under the traceback of the mistakes beginners
            make most (unanswered exercises, shape and dtype mismatches, TensorFlow 1 code, unbuilt Keras
            models); the traceback itself is unchanged. False turns the hints off. Never active while
            nbgrader runs the notebook, so grading sees exactly what it always saw. Defaults to True.

    Returns:
        None.

    Example:
        >>> from helpers import setup
        >>> setup(verbose=False)
    """
    if quiet:
        # TF reads this when its C++ core loads, so it must be set before the first import.
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

    tf = _import_tensorflow(quiet)
    keras = _optional_import("keras")
    np = _optional_import("numpy")

    if keras is not None:
        keras.utils.set_random_seed(seed)  # Python's random, NumPy and the backend in one call
    else:
        import random

        random.seed(seed)
        if np is not None:
            np.random.seed(seed)
    if tf is not None:
        if deterministic:
            tf.config.experimental.enable_op_determinism()
        if quiet:
            tf.get_logger().setLevel("ERROR")

    _apply_plot_style()
    _coach(coach)

    if verbose:
        versions = ", ".join(
            f"{name} {module.__version__}" for name, module in (("TensorFlow", tf), ("Keras", keras), ("NumPy", np))
            if module is not None
        )
        determinism = "deterministic ops" if deterministic and tf is not None else "non-deterministic ops"
        print(f"Set up: {versions}; seed {seed}, {determinism}.")


def _coach(coach: bool) -> None:
    """Turn the hints under tracebacks (``coaching``) on or off, in IPython only."""
    # nbgrader sets this while it autogrades or validates. The grading guard takes an IPython hook that appears
    # after its snapshot (say, from a set-up cell the student edited) for tampering: grading kernels get none.
    if os.environ.get("NBGRADER_EXECUTION"):
        return
    ipython = sys.modules.get("IPython")  # not imported: not running under IPython
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return
    from . import coaching

    if coach:
        coaching.install(shell)
    else:
        coaching.uninstall(shell)


def _optional_import(name: str):
    try:
        return importlib.import_module(name)
    except ImportError:
        warnings.warn(f"`{name}` is not installed, so parts of this notebook will fail: {_INSTALL_HINT}.", stacklevel=3)
        return None


def _import_tensorflow(quiet: bool):
    """Import TensorFlow, hiding the lines its C++ core writes to stderr while it loads.

    Some of those lines are printed before TensorFlow's logging is configured, so no setting
    can silence them; they go to a temporary file instead, which is shown if the import fails.
    """
    if "tensorflow" in sys.modules or not quiet:
        return _optional_import("tensorflow")
    error, log = None, ""
    with _stderr_to_file() as captured:
        try:
            import tensorflow as tf

            tf.config.list_physical_devices()  # device discovery logs too; get it over with here
        except Exception as err:  # reported below, once stderr is back
            tf, error = None, err
            captured.seek(0)
            log = captured.read()
    if isinstance(error, ImportError):
        warnings.warn(f"`tensorflow` is not installed, so this notebook will fail: {_INSTALL_HINT}.", stacklevel=3)
        return None
    if error is not None:
        sys.stderr.write(log)
        raise error
    return tf


@contextlib.contextmanager
def _stderr_to_file():
    """Send file descriptor 2, where C++ code writes, to a temporary file for the duration."""
    sys.stderr.flush()
    with tempfile.TemporaryFile(mode="w+") as tmp:
        try:
            saved = os.dup(2)
        except OSError:  # no real stderr (some embedded interpreters): nothing to hide
            yield tmp
            return
        os.dup2(tmp.fileno(), 2)
        try:
            yield tmp
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def _apply_plot_style():
    try:
        import matplotlib
    except ImportError:
        warnings.warn(f"`matplotlib` is not installed, so figures will fail: {_INSTALL_HINT}.", stacklevel=3)
        return
    from .plots import STYLE

    matplotlib.rcParams.update(STYLE)
