"""Submissions that attack the grader: each a right answer set (15 points) plus one attack, unless it says otherwise.

The attack sits in an answer cell, where a student's code goes. ``SERVER_PORT`` is set by the test to the port of a
server it runs on 127.0.0.1, which the network attack tries to reach.
"""

from pathlib import Path

from . import FULL_MARKS, POINTS, ROOT, Case, answers, grade_id, is_answer, released, save, solved, with_extra

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
    """What a student who has read the grader's repository would try, to read the grader's source: the repository's
    file, the grader's package on every import path, the file its code objects name, inspect, and a search of the
    folders the kernel may write to, where a copy could be left (Python's own folders aside: the import paths are
    looked at above)."""
    return (_read([ROOT / "dlcourse" / "harness.py", ROOT / "dlcourse" / "agent.py"]) +
            "import inspect, os, sys\nkernel_class = type(get_ipython().kernel)\nprint('kernel', kernel_class)\n"
            "places = [os.path.join(p, 'dlcourse', 'agent.py') for p in sys.path if p]\n"
            "places.append(kernel_class.__init__.__code__.co_filename)\n"
            "for path in places:\n    if os.path.exists(path):\n        print('FOUND', path)\n"
            "for target in (kernel_class, sys.modules.get('dlcourse.agent')):\n    try:\n"
            "        print(inspect.getsource(target)[:2000])\n    except (OSError, TypeError) as err:\n"
            "        print('no source:', type(err).__name__)\n"
            "python = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, *sys.path) if p}\n"
            "for top in ('/tmp', os.path.dirname(os.getcwd())):\n    for folder, dirs, files in os.walk(top):\n"
            "        dirs[:] = [d for d in dirs if os.path.realpath(os.path.join(folder, d)) not in python]\n"
            "        for name in files:\n"
            "            if name in ('agent.py', 'harness.py') or 'dlcourse' in folder.split(os.sep):\n"
            "                print('FOUND', os.path.join(folder, name))\n")


def _write(paths: list) -> str:
    return (f"import os\nfor path in {[str(p) for p in paths]!r}:\n    try:\n"
            "        os.makedirs(os.path.dirname(path), exist_ok=True)\n        open(path, 'w').write('{}')\n"
            "        print('WROTE', path)\n    except OSError as err:\n"
            "        print('cannot write', path, type(err).__name__)\n")


def tamper(name: str, what: str, code: str, score: float = POINTS["ex1_1_test"], reason: str = "",
           graded: bool = True) -> Case:
    """A case whose only answer is ex1_1's, right, with ``code`` after it: whatever the code does to the kernel,
    the tests run elsewhere, so it earns ex1_1's points and nothing for the unanswered rest."""
    def build(folder: Path) -> None:
        nb = released()
        for cell in nb.cells:
            if is_answer(cell) and grade_id(cell) == "ex1_1":
                cell.source = answers()["ex1_1"] + "\n\n" + code
        save(nb, folder)

    return Case(name, what, build, score, reason, graded)


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
    attack("h-read-grader-source", "reads the grader's source: its modules' files, inspect, a search for them",
           lambda: _read_grader()),
    attack("h-environment", "looks for the instructor's secrets in its environment",
           "import os\nprint(sorted(os.environ))\nprint(open('/proc/self/environ', 'rb').read()[:2000])\n"),
    replaced("h-hardcoded", "hard-codes the visible example's answer", "ex1_1",
             "def describe(t):\n    return 3, (2, 3, 4), 24\n", FULL_MARKS - 2),
    # -- tampers with the tests: only ex1_1 answered, the attack in its cell; ex1_1's 2 points are all it earns -----
    tamper("h-input-transformer", "IPython input transformer: every later cell becomes `pass`",
           "get_ipython().input_transformers_cleanup.append(lambda lines: ['pass\\n'])\n"),
    tamper("h-ast-transformer", "AST transformer that deletes every assert and check call",
           "import ast\nclass Quiet(ast.NodeTransformer):\n    def visit_Expr(self, node):\n        return ast.Pass()\n"
           "get_ipython().ast_transformers.append(Quiet())\n"),
    tamper("h-event-hook", "pre_run_cell hook that rewrites the tests' names",
           "def fake(info):\n    get_ipython().user_ns['checks'] = None\n"
           "get_ipython().events.register('pre_run_cell', fake)\n"),
    tamper("h-showtraceback", "a showtraceback that hides every failure",
           "get_ipython().showtraceback = lambda *args, **kwargs: None\n"),
    tamper("h-custom-exc", "a custom exception handler that swallows failures",
           "get_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: None)\n"),
    tamper("h-patch-numpy", "numpy.allclose always True", "import numpy\nnumpy.allclose = lambda *a, **k: True\n"),
    tamper("h-patch-tensorflow", "tf.reduce_all always True",
           "import tensorflow as tf\ntf.reduce_all = lambda *a, **k: True\n"),
    tamper("h-patch-builtins", "builtins.isinstance always True (the kernel itself cannot run then)",
           "import builtins\nbuiltins.isinstance = lambda *a: True\n", 0, "the kernel died|ignored the interrupt",
           graded=False),
    tamper("h-patch-helpers", "the course's checks made to pass everything",
           "from helpers import checks as _c\nfor _name in ('that', 'is_close', 'has_shape', 'is_tensor', 'call'):\n"
           "    setattr(_c.Exercise, _name, lambda self, *a, **k: None)\n"),
    tamper("h-rebind-checks", "the notebook's `checks` replaced by a fake",
           "class _Pass:\n    def __getattr__(self, name):\n        return lambda *a, **k: self\n"
           "    def call(self, f, *a, **k):\n        return f(*a, **k)\nchecks = _Pass()\n"),
    tamper("h-settrace", "a trace function watching the tests run",
           "import sys\ndef spy(frame, event, arg):\n    return None\nsys.settrace(spy)\n"),
    tamper("h-thread", "a thread that patches numpy while the tests run",
           "import threading, time, numpy\ndef later():\n    time.sleep(0.5)\n"
           "    numpy.allclose = lambda *a, **k: True\nthreading.Thread(target=later, daemon=True).start()\n"),
    replaced("h-fake-score", "a wrong answer that prints a full score before failing", "ex1_2",
             "def init_dense_params(n_inputs, n_units):\n    get_ipython().displayhook(2.0)\n    return None\n",
             FULL_MARKS - 2),
]


# -- outlives its kernel, fills the disk, plants links: processes, files and limits -----------------------------------

def _outlive() -> str:
    """A daemon (double fork, setsid) that waits for its kernel to exit, then for 30 s attacks what comes next: plants
    files where the next kernel works, holds processes (the next kernel of its user could start none), and kills
    every other process of its user it can see."""
    return ("import os, time\ndef _daemon(kernel, scratch):\n    while True:\n        try:\n"
            "            os.kill(kernel, 0)\n        except OSError:\n            break\n        time.sleep(0.02)\n"
            "    held, deadline = set(), time.time() + 30\n    while time.time() < deadline:\n"
            "        for path in (scratch + '/planted.py', '/tmp/planted', '/dev/shm/planted'):\n            try:\n"
            "                open(path, 'w').write('PLANTED')\n            except OSError:\n                pass\n"
            "        if len(held) < 200:\n            try:\n                pid = os.fork()\n"
            "                if pid == 0:\n                    time.sleep(30)\n                    os._exit(0)\n"
            "                held.add(pid)\n            except OSError:\n                pass\n"
            "        for entry in os.listdir('/proc'):\n            try:\n"
            "                if entry.isdigit() and int(entry) not in held | {os.getpid()} and "
            "os.stat('/proc/' + entry).st_uid == os.getuid():\n                    os.kill(int(entry), 9)\n"
            "            except OSError:\n                pass\n        time.sleep(0.01)\n"
            "kernel, scratch = os.getpid(), os.getcwd()\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
            "        try:\n            _daemon(kernel, scratch)\n        finally:\n            os._exit(0)\n"
            "    os._exit(0)\nos.wait()\nprint('daemon started')\n")


def _look_around() -> str:
    """What a later submission finds of the ones before: files where it works, and other processes of its user."""
    return ("import os\nfor folder in ('.', '/tmp', '/dev/shm'):\n    for name in os.listdir(folder):\n"
            "        path = os.path.join(folder, name)\n        if os.path.isfile(path):\n"
            "            print('FOUND', path, open(path, errors='replace').read(100))\n"
            "mine = [p for p in os.listdir('/proc') if p.isdigit() and int(p) != os.getpid()\n"
            "        and os.stat('/proc/' + p).st_uid == os.getuid()]\nprint('OTHERS', len(mine))\n")


def _links() -> str:
    """Links to a file outside the sandbox (the test's outside.txt) and to the gradebook, planted where the grader
    might write or chown: the scratch area, the kernel's run folder, its connection file replaced by one."""
    outside, gradebook = str(COURSE_ROOT.parent / "outside.txt"), str(COURSE_ROOT / "gradebook.db")
    return ("import os\nfrom ipykernel.kernelapp import IPKernelApp\n"
            "connection = IPKernelApp.instance().connection_file\nrun = os.path.dirname(connection)\n"
            f"for target, link in (({outside!r}, 'data.txt'), "
            f"({outside!r}, os.path.join(run, 'ipc-9')), ({gradebook!r}, os.path.join(run, 'kernel.json.new')), "
            f"({outside!r}, '/tmp/home/.bashrc')):\n    try:\n        os.symlink(target, link)\n"
            "        print('LINKED', link)\n    except OSError as err:\n        print('cannot link', link, err)\n"
            "os.replace(os.path.join(run, 'kernel.json.new'), connection)\n")


def _hold(folders: tuple[str, ...], files: int, mb: int = 60) -> str:
    """Write ``files`` files of ``mb`` MB (under the 64 MB file limit) into each folder until a write fails."""
    return (f"held = 0\nfor folder in {folders!r}:\n    try:\n        for n in range({files}):\n"
            f"            with open(f'{{folder}}/hog{{n}}', 'wb') as f:\n                f.write(b'x' * {mb} * 2**20)\n"
            f"            held += {mb}\n    except OSError as err:\n"
            "        print('stopped in', folder, 'at', held, 'MB:', err.strerror)\nprint('HELD', held, 'MB')\n")


_INODES = ("made = 0\ntry:\n    os.mkdir('many')\n    for made in range(100_000):\n"
           "        open(f'many/{made}', 'w').close()\n    made = 100_000\nexcept OSError as err:\n"
           "    print('stopped after', made, 'files:', err.strerror)\nprint('MADE', made)\n")

CASES += [
    attack("h-outlive-kernel", "a daemon (double fork, setsid) that outlives its kernel: kills every process of its "
           "user, holds processes and plants files for the next kernel", _outlive),
    attack("h-links-outside", "symlinks to a file outside and to the gradebook in the scratch area, the run folder and "
           "as the connection file, for the grader to write or chown through", lambda: _links()),
    attack("h-hold-shm-and-tmp", "holds 3 GB in /dev/shm and /tmp (60 MB files) under a 1 GB memory limit",
           _hold(("/dev/shm", "/tmp"), 26)),
    attack("h-fill-disk", "fills the scratch area (the disk) with 50 files of 60 MB", _hold((".",), 50)),
    attack("h-fill-inodes", "creates 100,000 empty files in the scratch area", "import os\n" + _INODES),
    # Graded after every attack (their ids sort last), on the same worker: what the attacks left must not reach them.
    attack("h-zz-look-around", "a right submission that looks for files and processes left by the ones before",
           _look_around),
    *[Case(f"h-zz-right-{i}", "a right submission, graded after the attacks", lambda folder: save(solved(), folder),
           FULL_MARKS) for i in (1, 2)],
]
