"""helpers.setup(): quiet, reproducible, safe to run twice; importing helpers does nothing heavy."""

import subprocess
import sys
import textwrap


def run_python(code: str, home) -> subprocess.CompletedProcess:
    """Run code in a fresh interpreter with a bare environment (no TF_CPP_MIN_LOG_LEVEL inherited)."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home)}  # Keras and matplotlib write caches under HOME
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          cwd=home, env=env, timeout=120)


def test_import_helpers_imports_no_tensorflow(tmp_path):
    result = run_python("""
        import sys, helpers, helpers.checks, helpers.data
        print("tensorflow" in sys.modules, "matplotlib" in sys.modules)
    """, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


def test_setup_is_quiet_seeded_deterministic_and_idempotent(tmp_path):
    result = run_python("""
        import os
        from helpers import setup
        setup()
        import numpy as np, random, tensorflow as tf, matplotlib
        first = (random.random(), np.random.rand(), float(tf.random.uniform(())))
        setup(verbose=False)
        second = (random.random(), np.random.rand(), float(tf.random.uniform(())))
        assert first == second, (first, second)
        assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "3"
        assert matplotlib.rcParams["figure.dpi"] == 80
        print("ok")
    """, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Set up: TensorFlow {_version('tensorflow')}, Keras {_version('keras')}, NumPy {_version('numpy')}; "
        "seed 42, deterministic ops.",
        "ok",
    ]
    assert result.stderr == "", f"setup() let TensorFlow's start-up lines through:\n{result.stderr}"


def test_setup_changes_only_what_it_says(tmp_path):
    result = run_python("""
        import matplotlib
        before = dict(matplotlib.rcParams)
        from helpers import setup
        from helpers.plots import STYLE
        setup(verbose=False)
        changed = {k for k in before if before[k] != matplotlib.rcParams[k]}
        assert changed <= set(STYLE), changed - set(STYLE)
    """, tmp_path)
    assert result.returncode == 0, result.stderr


def _version(module: str) -> str:
    from importlib.metadata import version

    return version(module)


def _fake_tensorflow(folder, body: str):
    package = folder / "fake" / "tensorflow"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(textwrap.dedent(body))
    return folder / "fake"


def test_a_broken_tensorflow_import_shows_what_it_printed(tmp_path):
    fake = _fake_tensorflow(tmp_path, """
        import os
        os.write(2, b"libtensorflow.so: cannot open shared object file\\n")
        raise RuntimeError("broken install")
    """)
    result = run_python(f"""
        import sys; sys.path.insert(0, {str(fake)!r})
        from helpers import setup
        setup()
    """, tmp_path)
    assert result.returncode != 0
    assert "libtensorflow.so: cannot open shared object file" in result.stderr
    assert "RuntimeError: broken install" in result.stderr


def test_a_missing_tensorflow_warns_with_the_fix(tmp_path):
    fake = _fake_tensorflow(tmp_path, 'raise ImportError("No module named tensorflow")')
    result = run_python(f"""
        import sys; sys.path.insert(0, {str(fake)!r})
        from helpers import setup
        setup(verbose=False)
    """, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "`tensorflow` is not installed" in result.stderr and "make lab" in result.stderr
