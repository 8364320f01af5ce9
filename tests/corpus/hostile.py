"""Submissions that attack the grader: each a right answer set (15 points) plus one attack, unless it says otherwise.

The attack sits in an answer cell, where a student's code goes. ``SERVER_PORT`` is set by the test to the port of a
server it runs on 127.0.0.1, which the network attack tries to reach.
"""

from pathlib import Path

from . import FULL_MARKS, ROOT, Case, save, solved, with_extra

SERVER_PORT = 0  # set by tests/test_corpus.py before the cases are built
COURSE_ROOT = Path("/nonexistent")  # likewise: the course folder the batch grades


def attack(name: str, what: str, code, score: float = FULL_MARKS, reason: str = "", graded: bool = True,
           cell: str = "ex1_2") -> Case:
    """A case whose submission is the solution with ``code`` (a string, or a function giving one) appended to
    the answer cell ``cell``."""
    def build(folder: Path) -> None:
        save(with_extra(cell, code() if callable(code) else code), folder)

    return Case(name, what, build, score, reason, graded)


def replaced(name: str, what: str, cell: str, code: str, score: float, reason: str = "") -> Case:
    """A case whose answer cell ``cell`` is ``code`` (the rest right)."""
    return Case(name, what, lambda folder: save(solved({cell: code}), folder), score, reason)


def _connect(port: int) -> str:
    return (f"import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), timeout=3).sendall(b'x')\n"
            "    print('CONNECTED')\nexcept OSError as err:\n    print('no network:', err)\n")


def _read(paths: list) -> str:
    return (f"import glob\nfor path in [*{[str(p) for p in paths]!r}, *glob.glob('*.ipynb')]:\n    try:\n"
            "        print(open(path, 'rb').read()[:2000])\n    except OSError as err:\n"
            "        print('cannot read', path, type(err).__name__)\n")


def _read_grader() -> str:
    """What a student who has read the grader's repository would try, to read the guard's source: the repository's
    file, the grader's package on every import path, the file its code objects name, inspect, and a search of the
    folders the kernel may write to, where a copy could be left (Python's own folders aside: the import paths are
    looked at above)."""
    return (_read([ROOT / "dlcourse" / "guard.py", ROOT / "dlcourse" / "forkserver.py"]) +
            "import inspect, os, sys\nkernel_class = type(get_ipython().kernel)\nprint('kernel', kernel_class)\n"
            "places = [os.path.join(p, 'dlcourse', 'guard.py') for p in sys.path if p]\n"
            "places.append(kernel_class.__init__.__code__.co_filename)\n"
            "for path in places:\n    if os.path.exists(path):\n        print('FOUND', path)\n"
            "for target in (kernel_class, sys.modules.get('dlcourse.guard')):\n    try:\n"
            "        print(inspect.getsource(target)[:2000])\n    except (OSError, TypeError) as err:\n"
            "        print('no source:', type(err).__name__)\n"
            "python = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, *sys.path) if p}\n"
            "for top in ('/tmp', os.path.dirname(os.getcwd())):\n    for folder, dirs, files in os.walk(top):\n"
            "        dirs[:] = [d for d in dirs if os.path.realpath(os.path.join(folder, d)) not in python]\n"
            "        for name in files:\n"
            "            if name in ('guard.py', 'forkserver.py') or 'dlcourse' in folder.split(os.sep):\n"
            "                print('FOUND', os.path.join(folder, name))\n")


def _write(paths: list) -> str:
    return (f"import os\nfor path in {[str(p) for p in paths]!r}:\n    try:\n"
            "        os.makedirs(os.path.dirname(path), exist_ok=True)\n        open(path, 'w').write('{}')\n"
            "        print('WROTE', path)\n    except OSError as err:\n"
            "        print('cannot write', path, type(err).__name__)\n")


TAMPERED = 0.0  # every test cell from the tampering answer (ex1_1's, the first) on gets no credit

CASES = [
    # -- runs forever, dies, eats the machine ---------------------------------------------------------------
    replaced("h-loop-in-answer", "infinite loop in a graded function", "ex1_2",
             "def init_dense_params(n_inputs, n_units):\n    while True:\n        pass\n", FULL_MARKS - 2),
    attack("h-loop-unstoppable", "infinite loop that ignores the interrupt",
           "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n",
           0, r"ignored the interrupt|longer than \d+ s", graded=False),
    attack("h-os-exit", "os._exit in an answer cell", "import os\nos._exit(3)\n", 0, "exit code 3", graded=False),
    attack("h-segfault", "a segfault", "import ctypes\nctypes.string_at(0)\n", 0, r"signal 11 \(SIGSEGV", graded=False),
    attack("h-memory-at-once", "asks for 64 GB at once",
           "try:\n    hog = bytearray(64 * 2**30)\nexcept MemoryError:\n    print('no memory for that')\n"),
    attack("h-memory-bomb", "allocates until it cannot",
           "hog = []\ntry:\n    while True:\n        hog.append(bytearray(32 * 2**20))\nexcept MemoryError:\n"
           "    print('stopped at', len(hog) * 32, 'MB')\n    del hog\n"),
    attack("h-output-flood", "prints 24 MB", "for _ in range(240_000):\n    print('x' * 99)\n",
           reason="output cut after 4 MB"),
    attack("h-fork-loop", "forks until it cannot (at most 2000)",
           "import os, time\nborn = 0\ntry:\n    while born < 2000:\n        if os.fork() == 0:\n"
           "            time.sleep(120)\n            os._exit(0)\n        born += 1\nexcept OSError as err:\n"
           "    print('fork refused after', born, err)\n"),
    attack("h-big-file", "writes a 100 MB file (the write fails past the file size limit)",
           "try:\n    open('big.bin', 'wb').write(b'x' * (100 * 2**20))\nexcept OSError as err:\n    print(err)\n"),
    attack("h-kill-the-grader", "signals the fork server and the sandbox's init",
           "import os, signal\nfor pid in (1, os.getppid()):\n    try:\n        os.kill(pid, signal.SIGKILL)\n"
           "    except OSError as err:\n        print(pid, err)\n"),
    # -- reaches for what it must not ---------------------------------------------------------------------
    attack("h-network", "connects to a server on the grading machine", lambda: _connect(SERVER_PORT)),
    attack("h-read-hidden-tests", "reads solutions/, the gradebook, its own sanitized notebook",
           lambda: _read([COURSE_ROOT / "solutions" / "01-tensors" / "tensors.ipynb", COURSE_ROOT / "gradebook.db",
                          "tensors.ipynb"])),
    attack("h-write-other-student", "writes into another student's submission and autograded folders",
           lambda: _write([COURSE_ROOT / "submitted" / "h-hardcoded" / "01-tensors" / "tensors.ipynb",
                           COURSE_ROOT / "autograded" / "h-hardcoded" / "01-tensors" / "tensors.ipynb",
                           ROOT / "student" / "helpers" / "__init__.py"])),
    attack("h-read-grader-source", "reads the grading guard's source: its module's file, inspect, a search for it",
           lambda: _read_grader()),
    attack("h-environment", "looks for the instructor's secrets in its environment",
           "import os\nprint(sorted(os.environ))\nprint(open('/proc/self/environ', 'rb').read()[:2000])\n"),
    replaced("h-hardcoded", "hard-codes the visible example's answer", "ex1_1",
             "def describe(t):\n    return 3, (2, 3, 4), 24\n", FULL_MARKS - 2),
    # -- tampers with the tests ---------------------------------------------------------------------------
    attack("h-input-transformer", "IPython input transformer: every later cell becomes `pass`",
           "get_ipython().input_transformers_cleanup.append(lambda lines: ['pass\\n'])\n",
           TAMPERED, r"tampering: cell \d+ \(ex1_1\) changed an IPython transformer", cell="ex1_1"),
    attack("h-ast-transformer", "AST transformer that deletes every assert and check call",
           "import ast\nclass Quiet(ast.NodeTransformer):\n    def visit_Expr(self, node):\n        return ast.Pass()\n"
           "get_ipython().ast_transformers.append(Quiet())\n",
           TAMPERED, r"ast_transformers", cell="ex1_1"),
    attack("h-event-hook", "pre_run_cell hook that rewrites the tests' names",
           "def fake(info):\n    get_ipython().user_ns['checks'] = None\n"
           "get_ipython().events.register('pre_run_cell', fake)\n",
           TAMPERED, r"event hook", cell="ex1_1"),
    attack("h-showtraceback", "a showtraceback that hides every failure",
           "get_ipython().showtraceback = lambda *args, **kwargs: None\n", TAMPERED, r"showtraceback", cell="ex1_1"),
    attack("h-custom-exc", "a custom exception handler that swallows failures",
           "get_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: None)\n",
           TAMPERED, r"custom exception handler", cell="ex1_1"),
    attack("h-patch-numpy", "numpy.allclose always True", "import numpy\nnumpy.allclose = lambda *a, **k: True\n",
           TAMPERED, r"numpy\.allclose", cell="ex1_1"),
    attack("h-patch-tensorflow", "tf.reduce_all always True and tf.Tensor.__eq__ replaced",
           "import tensorflow as tf\ntf.reduce_all = lambda *a, **k: True\n", TAMPERED, r"tensorflow\.reduce_all",
           cell="ex1_1"),
    attack("h-patch-builtins", "builtins.isinstance always True",
           "import builtins\nbuiltins.isinstance = lambda *a: True\n", TAMPERED, r"builtins\.isinstance",
           cell="ex1_1"),
    attack("h-patch-helpers", "the course's checks made to pass everything",
           "from helpers import checks as _c\nfor _name in ('that', 'is_close', 'has_shape', 'is_tensor'):\n"
           "    setattr(_c.Exercise, _name, lambda self, *a, **k: None)\n",
           TAMPERED, r"helpers\.checks\.Exercise\.", cell="ex1_1"),
    attack("h-rebind-checks", "the notebook's `checks` replaced by a fake",
           "class _Pass:\n    def __getattr__(self, name):\n        return lambda *a, **k: self\n"
           "    def call(self, f, *a, **k):\n        return f(*a, **k)\nchecks = _Pass()\n",
           TAMPERED, r"`checks`", cell="ex1_1"),
    attack("h-settrace", "a trace function watching the tests run",
           "import sys\ndef spy(frame, event, arg):\n    return None\nsys.settrace(spy)\n",
           TAMPERED, r"trace or profile function", cell="ex1_1"),
    attack("h-thread", "a thread that patches numpy while the tests run",
           "import threading, time, numpy\ndef later():\n    time.sleep(0.5)\n"
           "    numpy.allclose = lambda *a, **k: True\nthreading.Thread(target=later, daemon=True).start()\n",
           TAMPERED, r"thread left running", cell="ex1_1"),
    replaced("h-fake-score", "a wrong answer that prints a full score before failing", "ex1_2",
             "def init_dense_params(n_inputs, n_units):\n    get_ipython().displayhook(2.0)\n    return None\n",
             FULL_MARKS - 2),
]
