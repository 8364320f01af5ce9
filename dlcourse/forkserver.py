"""Start grading kernels in a blink: fork them from a server that has already imported TensorFlow.

A new Jupyter kernel costs ≈0.5 s to start and ≈2 s more to import TensorFlow and Keras, before a line of the
notebook runs. The fork server pays that once: it imports the heavy modules, never runs a TensorFlow op, and
then forks one child per kernel. Each child is a fresh copy of that pristine state (copy-on-write memory), turns
itself into an ordinary ipykernel with the connection file jupyter_client wrote, and exits when the notebook is
done, so nothing one notebook does can reach another. The server stays single-threaded in Python and starts no
TensorFlow thread pools, which is what makes forking it safe.

Pieces, in the order a kernel start goes through them:

- ``ForkedKernelManager``: the jupyter_client kernel manager nbclient (and nbgrader's Execute) is given; it
  uses ``ForkedProvisioner`` instead of launching ``python -m ipykernel_launcher``.
- ``ForkedProvisioner`` asks this process's ``ForkServer`` for a kernel and manages it like a child process
  (``ForkedKernel`` has the ``Popen`` methods the provisioner uses).
- ``ForkServer`` starts and talks to the server process (``python -m dlcourse.forkserver``).

Protocol, over a Unix socket in a private folder: a client connects and sends one JSON line
``{"argv", "cwd", "env", "token"}`` (in a sandbox also ``"run"`` and ``"files"``: the names of the kernel's folder
of ``run/`` and of its staged files in ``control/``); the server forks and answers ``{"pid"}``; the client may then send
``{"signal", "group"}`` lines (interrupt the kernel, kill its process group: signals go through the server, since
in a sandbox the kernel's pid is not the one the client's system knows); when the kernel exits the server sends
``{"exit", "stderr"}`` (the Popen-style return code and the end of the kernel's stderr) and closes. If the client
hangs up first, the kernel's process group is killed. The server exits, killing its kernels, when its stdin
closes (the process that started it has gone) or on SIGTERM.

In a sandbox (``sandbox.Sandbox``) the server runs inside bubblewrap (and a memory cgroup, where there is one).
Once, before it imports anything, it checks that kernels can have PID and mount namespaces of their own
(``sandbox.namespaces_refused``) and says so in its ready line (``ready {"namespaces", "why"}``). Each kernel it
forks is confined before any of its code runs (``sandbox.confine_kernel``): with namespaces, the forked child
becomes the kernel's parent, outside, and the kernel PID 1 of a namespace of its own with fresh file systems, so
that whatever the kernel leaves running is gone the moment it exits; the parent passes signals on and exits as the
kernel did, so what the server reports is the kernel's. Each kernel gets the next of the sandbox's user ids (as
root), its limits, and no privilege. ``kill_leftovers`` sweeps the sandbox after every kernel, for where there are
no namespaces. The token, read from stdin at start, keeps kernels from asking the server for more processes.
"""

import asyncio
import atexit
import functools
import hmac
import itertools
import json
import os
import select
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from jupyter_core.paths import jupyter_runtime_dir
from traitlets import CaselessStrEnum, Type

# What a grading kernel would import anyway. matplotlib's backend is fixed at import, so the server sets the one
# ipykernel would set before importing it.
PRELOAD = ("tensorflow", "keras", "numpy", "matplotlib.pyplot", "IPython", "ipykernel.kernelapp",
           "helpers", "helpers.checks", "helpers.plots", "helpers.data")
_KERNEL_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
_STDERR_TAIL = 4000  # characters of a kernel's stderr sent back when it exits


class ForkServerError(RuntimeError):
    """The fork server could not be started or did not answer."""


# ---------------------------------------------------------------------------------------------------------------
# The server process
# ---------------------------------------------------------------------------------------------------------------

MAX_SANDBOXED_KERNELS = 4  # a grading worker runs one at a time; more would be a kernel asking for processes


def serve(socket_path: str, preload: tuple[str, ...] = PRELOAD, options: dict | None = None) -> None:
    """Import ``preload``, then fork a kernel for every request on ``socket_path`` until stdin closes.

    ``options`` (in a sandbox): see ``Sandbox.server_options``; then the first line of stdin is the token every
    request must carry.
    """
    token = bytearray(sys.stdin.buffer.raw.readline().strip()) if options else bytearray()
    ready = "ready"
    if options:
        from .sandbox import namespaces_refused

        why = namespaces_refused()  # before the imports: a small process forks fast
        options["namespaces"] = not why
        ready += " " + json.dumps({"namespaces": not why, "why": why})
    for name, value in _KERNEL_ENV.items():
        os.environ.setdefault(name, value)
    _quietly_import(preload)
    if options and options.get("grader_code"):
        _forget_grader_code(options["grader_code"])

    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path)
    listener.listen(64)
    wakeup_r, wakeup_w = os.pipe()
    os.set_blocking(wakeup_w, False)
    signal.set_wakeup_fd(wakeup_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # a handler, so SIGCHLD writes to the wakeup fd
    signal.signal(signal.SIGTERM, lambda *_: _shutdown(kernels, logs))
    kernels: dict[int, socket.socket] = {}  # pid -> the connection of the client that asked for it
    logs: dict[int, str] = {}  # pid -> its stderr file
    uids: dict[int, int | None] = {}  # pid -> the user id it runs as (in a sandbox, as root)
    turns = itertools.count()

    events = selectors.DefaultSelector()
    events.register(listener, selectors.EVENT_READ, "accept")
    events.register(wakeup_r, selectors.EVENT_READ, "child")
    events.register(sys.stdin, selectors.EVENT_READ, "parent")
    print(ready, flush=True)

    while True:
        for key, _ in events.select():
            if key.data == "parent" and not os.read(sys.stdin.fileno(), 1024):
                _shutdown(kernels, logs)
            elif key.data == "child":
                os.read(wakeup_r, 4096)
            elif key.data == "accept":
                conn, _ = listener.accept()
                if options and len(kernels) >= MAX_SANDBOXED_KERNELS:
                    _send(conn, {"error": f"this sandbox runs at most {MAX_SANDBOXED_KERNELS} kernels at once"})
                    conn.close()
                    continue
                uid = _next_uid(options, set(uids.values()), next(turns))
                pid = _fork_kernel(conn, [listener, wakeup_r, wakeup_w, events, *kernels.values()], socket_path,
                                   options, token, uid)
                if pid:
                    kernels[pid] = conn
                    logs[pid] = _stderr_path(socket_path, pid)
                    uids[pid] = uid
                    events.register(conn, selectors.EVENT_READ, pid)
            else:  # a client asks for a signal, or hung up: then its kernel goes
                _on_client(key.fileobj, key.data, events, bool(options and options.get("namespaces")))
        if _reap(kernels, logs, events) and options:
            from .sandbox import kill_leftovers

            for pid in set(uids) - set(kernels):
                del uids[pid]
            kill_leftovers(set(kernels), options["folder"])


def _next_uid(options: dict | None, in_use: set, turn: int) -> int | None:
    """The user id the next kernel runs as: the sandbox's ids in turn, never one a live kernel has (``None``: no
    ids to hand out, without root or without a sandbox)."""
    if not options or not options.get("uids"):
        return None
    first, count = options["uids"]
    for step in range(count):
        uid = first + (turn + step) % count
        if uid not in in_use:
            return uid
    raise ForkServerError(f"all {count} user ids of the sandbox are in use")  # more ids than kernels at once


def _forget_grader_code(folder: str) -> None:
    """Import what the kernels need of the grader (the guard, the limits), then delete its source.

    In a sandbox the grader's package is not mounted: ``Sandbox.stage_grader_code`` copies these few modules into a
    folder only this server uses, and they are gone before the first kernel is forked, so student code cannot read
    the guard's source (what it can see of the grader is the code objects in its own process).
    """
    from . import agent, sandbox, wire  # noqa: F401 (kept in sys.modules for the kernels: their kernel class)

    shutil.rmtree(folder, ignore_errors=True)
    if os.path.exists(folder):
        raise ForkServerError(f"could not delete the grader's code at {folder}")
    sys.path[:] = [p for p in sys.path if os.path.realpath(p) != os.path.realpath(folder)]


def _quietly_import(modules) -> None:
    """Import ``modules`` with fd 2 muted: TensorFlow prints start-up lines no setting silences."""
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        for name in modules:
            __import__(name)
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _stderr_path(socket_path: str, pid: int) -> str:
    return os.path.join(os.path.dirname(socket_path), f"kernel-{pid}.stderr")


def _fork_kernel(conn: socket.socket, server_fds, socket_path: str, options: dict | None, token: bytearray,
                 uid: int | None) -> int:
    """Read a request from ``conn`` and fork a kernel for it (running as ``uid`` in a sandbox); answer with its pid.
    Returns 0 on a bad request."""
    try:
        conn.settimeout(10)
        request = json.loads(conn.makefile("r").readline())
        argv, cwd, env = list(request["argv"]), str(request["cwd"]), dict(request["env"])
        if options and not hmac.compare_digest(str(request.get("token", "")).encode(), bytes(token)):
            raise ValueError("wrong token")
        kernel = {"uid": uid, "run": request.get("run"), "files": request.get("files")}
        if options:
            from .sandbox import plain_name

            for key in ("run", "files"):
                if kernel[key] is not None:
                    plain_name(kernel[key])
    except (OSError, ValueError, KeyError, TypeError) as err:
        _send(conn, {"error": f"bad request: {err}"})
        conn.close()
        return 0
    pid = os.fork()
    if pid == 0:  # the kernel
        try:
            token[:] = bytes(len(token))  # the kernel must not be able to ask for kernels of its own
            _become_kernel(argv, cwd, env, conn, server_fds, socket_path, options, kernel)
        except BaseException:  # noqa: BLE001 (whatever it is, it goes to the kernel's stderr, told to the client)
            import traceback

            traceback.print_exc()
            sys.stderr.flush()
        finally:
            os._exit(1)
    _send(conn, {"pid": pid})
    conn.setblocking(False)
    return pid


def _on_client(conn: socket.socket, pid: int, events, namespaced: bool) -> None:
    """A client wrote (signal requests, one JSON line each) or hung up (its kernel's group is killed). A
    ``namespaced`` kernel is signalled through its parent (``_stop_through_parent``)."""
    try:
        data = conn.recv(4096)
    except OSError:
        data = b""
    if not data:
        events.unregister(conn)
        _stop_through_parent(pid) if namespaced else _kill_group(pid)
        return
    for line in data.splitlines():
        try:
            request = json.loads(line)
            signum, group = int(request["signal"]), bool(request.get("group", True))
        except (ValueError, KeyError, TypeError):
            continue
        if namespaced:
            _stop_through_parent(pid, signum)
            continue
        try:
            if group:
                try:
                    os.killpg(pid, signum)
                    continue
                except OSError:
                    pass  # just forked, no group of its own yet: the kernel alone, then
            os.kill(pid, signum)
        except OSError:
            pass


def _stop_through_parent(pid: int, signum: int = signal.SIGKILL) -> None:
    """Signal a kernel that is PID 1 of a namespace of its own through its parent ``pid``, the server's child: an
    interrupt is passed on; any other signal kills the kernel, and so its namespace, and the parent exits once they
    are gone. So the exit the server then reports means nothing of the kernel is left (were the parent killed
    first, it would come before)."""
    try:
        os.kill(pid, signal.SIGINT if signum == signal.SIGINT else signal.SIGTERM)
    except OSError:
        pass


def _become_kernel(argv, cwd, env, conn, server_fds, socket_path, options, kernel) -> None:
    """In the forked child: drop everything of the server's, then run an ipykernel until it is shut down."""
    os.setsid()  # its own process group: interrupts and kills reach it and whatever it starts, not the server
    signal.set_wakeup_fd(-1)
    for sig in (signal.SIGCHLD, signal.SIGTERM):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    conn.close()
    for fd in server_fds:
        try:
            (fd.close() if hasattr(fd, "close") else os.close(fd))
        except OSError:
            pass
    stdin = os.open(os.devnull, os.O_RDONLY)
    stdout = os.open(os.devnull, os.O_WRONLY)
    stderr = _new_file(_stderr_path(socket_path, os.getpid()))
    for fd, target in ((stdin, 0), (stdout, 1), (stderr, 2)):
        os.dup2(fd, target)
        os.close(fd)
    if options:
        from .sandbox import confine_kernel

        confine_kernel(options, kernel)  # before any of the kernel's own code runs; may return in a new process
    os.chdir(cwd)
    sys.path[0] = cwd  # as for `python -m ipykernel_launcher` started in cwd
    os.environ.clear()
    os.environ.update(env)
    from ipykernel.kernelapp import IPKernelApp

    sys.argv = ["ipykernel_launcher", *argv]
    IPKernelApp.launch_instance(argv=argv)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _new_file(path: str) -> int:
    """A new file at ``path``, never opened through a link (without root, kernels could write in its folder)."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)


def _reap(kernels: dict, logs: dict, events) -> bool:
    """Collect every kernel that has exited and tell its client how it ended. Whether any had."""
    reaped = False
    while kernels:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return reaped
        if pid == 0:
            return reaped
        reaped = True
        conn = kernels.pop(pid, None)
        log = logs.pop(pid, None)
        tail = ""
        if log:
            try:
                with os.fdopen(os.open(log, os.O_RDONLY | os.O_NOFOLLOW), errors="replace") as f:
                    tail = f.read()[-_STDERR_TAIL:]
                os.remove(log)
            except OSError:
                pass
        if conn is not None:
            try:
                events.unregister(conn)
            except (KeyError, ValueError):
                pass
            conn.setblocking(True)
            _send(conn, {"exit": _returncode(status), "stderr": tail})
            conn.close()
    return reaped


def _returncode(status: int) -> int:
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def _kill_group(pid: int) -> None:
    # The kernel itself too: a kernel forked a moment ago may not have called setsid() yet, and then its group does
    # not exist and killpg alone would miss it (seen under load: the kernel lived on, orphaned).
    for kill in (os.kill, os.killpg):
        try:
            kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _shutdown(kernels: dict, logs: dict) -> None:
    for pid in list(kernels):
        _kill_group(pid)
    for log in logs.values():
        try:
            os.remove(log)
        except OSError:
            pass
    os._exit(0)


def _send(conn: socket.socket, message: dict) -> None:
    try:
        conn.sendall((json.dumps(message) + "\n").encode())
    except OSError:
        pass


# ---------------------------------------------------------------------------------------------------------------
# The client side: used by the process that runs nbclient
# ---------------------------------------------------------------------------------------------------------------

class ForkedKernel:
    """A kernel forked by the server, with the parts of ``subprocess.Popen`` jupyter_client's provisioner uses."""

    stdin = stdout = stderr = None

    def __init__(self, conn: socket.socket, pid: int):
        self._conn = conn
        self._buffer = b""
        self.pid = pid
        self.returncode: int | None = None
        self.stderr_tail = ""

    def poll(self) -> int | None:
        if self.returncode is None:
            self._read(timeout=0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.returncode is None:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            self._read(timeout=left)
        return self.returncode

    def send_signal(self, signum: int, group: bool = False) -> None:
        """Signal the kernel (``group``: and every process it started), through the server that forked it."""
        if self.poll() is None:  # once it has exited the server has let go of its pid
            try:
                self._conn.sendall((json.dumps({"signal": int(signum), "group": group}) + "\n").encode())
            except OSError:
                pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL, group=True)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM, group=True)

    def _read(self, timeout: float | None) -> None:
        ready, _, _ = select.select([self._conn], [], [], timeout)
        if not ready:
            return
        chunk = self._conn.recv(65536)
        if not chunk:  # the server went away: the kernel went with it
            self._finish({"exit": -signal.SIGKILL, "stderr": "the fork server stopped"})
            return
        self._buffer += chunk
        if b"\n" in self._buffer:
            self._finish(json.loads(self._buffer.split(b"\n", 1)[0]))

    def _finish(self, message: dict) -> None:
        self.returncode = int(message["exit"])
        self.stderr_tail = message.get("stderr", "")
        self._conn.close()


class ForkServer:
    """One fork server process, started by (and dying with) the process that holds this object.

    With ``sandbox`` (a ``sandbox.Sandbox``, which this server then owns) the server and its kernels run inside it.
    """

    def __init__(self, preload: tuple[str, ...] = PRELOAD, startup_timeout: float = 120, sandbox=None):
        self.sandbox = sandbox
        self._token = uuid.uuid4().hex if sandbox else ""
        env = {**os.environ, **{k: v for k, v in _KERNEL_ENV.items() if k not in os.environ}}
        if sandbox is None:
            self._folder = tempfile.mkdtemp(prefix="dlcourse-fork-")
            self.socket_path = os.path.join(self._folder, "server.sock")
            command = [sys.executable, "-m", "dlcourse.forkserver", self.socket_path, *preload]
        else:
            self._folder = str(sandbox.control)
            self.socket_path = os.path.join(self._folder, "server.sock")
            grader_code = sandbox.stage_grader_code()
            options = json.dumps(sandbox.server_options() | {"grader_code": grader_code})
            command = sandbox.command([sys.executable, "-m", "dlcourse.forkserver", self.socket_path,
                                       "--options", options, *preload])
            # The server's own environment is the kernels': what a kernel can read of its process's start.
            env = sandbox.kernel_env(env) | {k: v for k, v in _KERNEL_ENV.items() if k not in env}
            env["PYTHONPATH"] = grader_code  # the only place the sandbox has the grader's modules
        # In a sandbox the server's process joins the sandbox's memory cgroup before it execs bwrap.
        join = sandbox.join_cgroup if sandbox is not None and sandbox.cgroup is not None else None
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
                                         cwd=self._folder, preexec_fn=join)
        if self._token:
            self._process.stdin.write(self._token.encode() + b"\n")
            self._process.stdin.flush()
        self._ready = threading.Event()
        self.isolation: dict = {}  # in a sandbox, what the server could set up for kernels (its ready line)
        self._startup_timeout = startup_timeout
        self._lock = threading.Lock()

    def wait_ready(self) -> None:
        """Block until the server has imported everything and listens (the first call pays the imports)."""
        with self._lock:
            if self._ready.is_set():
                return
            ready, _, _ = select.select([self._process.stdout], [], [], self._startup_timeout)
            word, _, report = (self._process.stdout.readline() if ready else b"").strip().partition(b" ")
            if word != b"ready":
                self.close()
                raise ForkServerError(f"the fork server did not start (exit code {self._process.poll()})")
            if self.sandbox is not None:
                self.isolation = json.loads(report or b"{}")
                self.sandbox.server_ready(self.isolation)
            self._ready.set()

    def spawn(self, argv: list[str], cwd: str, env: dict[str, str], run: str | None = None,
              files: str | None = None) -> ForkedKernel:
        """Fork a kernel that runs ``ipykernel_launcher`` with ``argv`` in ``cwd`` with environment ``env``.

        In a sandbox, ``run`` names the kernel's folder of ``run/`` (``Sandbox.kernel_folder``) and ``files`` the
        folder of ``control/`` its files are staged in (``Sandbox.stage_files``).
        """
        self.wait_ready()
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        request = {"argv": argv, "cwd": cwd, "env": env, "token": self._token, "run": run, "files": files}
        try:
            conn.connect(self.socket_path)
            conn.sendall((json.dumps(request) + "\n").encode())
            conn.settimeout(30)
            reply = b""
            while not reply.endswith(b"\n"):
                chunk = conn.recv(4096)
                if not chunk:
                    break
                reply += chunk
            answer = json.loads(reply or b"{}")
        except (OSError, ValueError) as err:
            conn.close()
            raise ForkServerError(f"the fork server did not answer: {err}") from err
        if "pid" not in answer:
            conn.close()
            raise ForkServerError(f"the fork server refused: {answer.get('error', 'no answer')}")
        conn.settimeout(None)
        return ForkedKernel(conn, int(answer["pid"]))

    @property
    def pid(self) -> int:
        return self._process.pid

    def close(self) -> None:
        """Stop the server; any kernel it still runs is killed."""
        if self._process.poll() is None:
            self._process.stdin.close()  # the server's cue to exit
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process.stdout.close()
        if self.sandbox is not None:
            self.sandbox.close()
        else:
            shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> "ForkServer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_shared: ForkServer | None = None
_shared_lock = threading.Lock()
_shared_limits = None  # sandbox.Limits when this process's kernels are sandboxed (see ``use_sandbox``)


def use_sandbox(limits) -> None:
    """From now on this process's shared fork server runs in a sandbox with ``limits`` (``None``: no sandbox)."""
    global _shared_limits
    with _shared_lock:
        changed, _shared_limits = limits != _shared_limits, limits
    if changed and _shared is not None:
        close_shared_server()


def shared_server() -> ForkServer:
    """This process's fork server, started on first use and stopped when the process exits."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared._process.poll() is not None:
            if _shared is not None:
                _shared.close()
            sandbox = None
            if _shared_limits is not None:
                from .sandbox import Sandbox

                sandbox = Sandbox(_shared_limits)
            _shared = ForkServer(sandbox=sandbox)
            import atexit

            atexit.register(_shared.close)
        return _shared


def close_shared_server() -> None:
    global _shared
    with _shared_lock:
        if _shared is not None:
            _shared.close()
            _shared = None


class ForkedProvisioner(LocalProvisioner):
    """Launch ipykernel by forking it from this process's fork server; any other kernel starts as usual."""

    kernel: ForkedKernel | None = None  # kept after the base class lets go of ``process``

    async def launch_kernel(self, cmd: list[str], **kwargs):
        if not _is_ipykernel(cmd):
            return await super().launch_kernel(cmd, **kwargs)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        env = {str(k): str(v) for k, v in (kwargs.get("env") or os.environ).items()}
        server = shared_server()
        where = {}
        if server.sandbox is not None:
            run = getattr(self.parent, "run_folder", None)
            env = server.sandbox.kernel_env(env, run)
            if not cwd.startswith(str(server.sandbox.scratch)):
                cwd = str(server.sandbox.scratch)  # the only folder it may write to
            where = {"run": run.name if run else None, "files": server.sandbox.staged}
        self.process = self.kernel = server.spawn(cmd[3:], cwd, env, **where)
        self.pid = self.process.pid
        self.pgid = None  # signals go through the server (see ForkedKernel.send_signal)
        self.cwd = cwd
        return self.connection_info

    async def send_signal(self, signum: int) -> None:
        if self.process:
            # An interrupt is for the kernel alone (as jupyter_client's own); a kill or terminate for all it started.
            self.process.send_signal(signum, group=signum != signal.SIGINT)

    async def wait(self):
        # The base class polls every 0.1 s; a forked kernel tells us at once when it has gone.
        while self.process is not None and await self.poll() is None:
            await asyncio.sleep(0.005)
        return await super().wait()


def _is_ipykernel(cmd: list[str]) -> bool:
    """Is ``cmd`` ``<this python> -m ipykernel_launcher ...``, the kernel the server can become?"""
    return (len(cmd) >= 3 and cmd[1:3] == ["-m", "ipykernel_launcher"]
            and os.path.realpath(cmd[0]) == os.path.realpath(sys.executable))


class ForkedKernelClient(AsyncKernelClient):
    """A kernel client that knows the kernel is ready as soon as it is, not 0.2 s of silence later.

    jupyter_client's ``wait_for_ready`` ends by reading IOPub until nothing comes for 0.2 s. IOPub is connected
    and drained just as surely once the 'idle' status of the answered ``kernel_info`` request arrives: the kernel
    sends it after everything else that request caused.
    """

    async def _quick_wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout if timeout is not None else float("inf"))
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                if await self._idle_seen(reply["parent_header"].get("msg_id"), deadline):
                    self._handle_kernel_info_reply(reply)
                    return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    async def _idle_seen(self, request_id: str | None, deadline: float) -> bool:
        while time.monotonic() < deadline:
            try:
                msg = await self.iopub_channel.get_msg(timeout=0.1)  # missed (slow joiner)? ask again
            except Empty:
                return False
            if (msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle"
                    and msg["parent_header"].get("msg_id") == request_id):
                return True
        return False

    wait_for_ready = _quick_wait_for_ready


#: Bytes a Unix socket's path may have (sun_path is 108 with its NUL), less ZeroMQ's "-<port>" suffix.
SOCKET_PATH_MAX = 107 - len("-65535")


def ipc_address(kernel_id: str) -> str:
    """The path ZeroMQ's ipc sockets of an unsandboxed kernel start with: beside the connection files in Jupyter's
    runtime folder, or, where that would be too long for a Unix socket (a deep home, as a hub's may be), in a
    private folder of /tmp made once per process and removed at its exit."""
    path = os.path.join(jupyter_runtime_dir(), f"kernel-{kernel_id}-ipc")
    if len(os.fsencode(path)) <= SOCKET_PATH_MAX:
        os.makedirs(jupyter_runtime_dir(), exist_ok=True)
        return path
    return os.path.join(_short_runtime_dir(), f"{kernel_id}-ipc")


@functools.cache
def _short_runtime_dir() -> str:
    folder = tempfile.mkdtemp(prefix="dlcourse-ipc-")  # mode 700: the sockets are this user's alone
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


class ForkedKernelManager(AsyncKernelManager):
    """A kernel manager whose Python kernels are forked from the fork server (see the module's docstring).

    Kernels talk over Unix sockets (ZeroMQ's ipc transport): no TCP port to race other kernels for, and no
    traffic on the network stack.
    """

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)
    client_factory = Type(ForkedKernelClient, klass=AsyncKernelClient, config=True)

    async def _async_pre_start_kernel(self, **kw):
        if self.provisioner is None:  # jupyter_client only makes one when none is set
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = ForkedProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
        sandbox = shared_server().sandbox
        if sandbox is not None:
            # Connection file and sockets in a fresh folder of the kernel's own, where the sandboxed kernel can reach
            # them. The host makes it and writes the connection file; the kernel's privileged process gives both to
            # the kernel's user (the host chowns nothing the kernel could have replaced).
            self.run_folder = sandbox.kernel_folder(self.kernel_id)
            self.connection_file = str(self.run_folder / "kernel.json")
            if self.transport == "ipc":
                self.ip = str(self.run_folder / "ipc")
            return await super()._async_pre_start_kernel(**kw)
        if self.transport == "ipc" and not os.path.isabs(self.ip):
            # jupyter_client's default is relative ("kernel-ipc"), which kernel and client resolve in different
            # folders; give the sockets an absolute home.
            self.ip = ipc_address(self.kernel_id)
        return await super()._async_pre_start_kernel(**kw)

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        await super()._async_wait(pollinterval=min(pollinterval, 0.005))  # a forked kernel's exit is seen at once

    def last_stderr(self) -> str:
        """The end of the kernel's stderr, once it has exited (why a kernel died, often)."""
        return getattr(getattr(self.provisioner, "kernel", None), "stderr_tail", "")


if __name__ == "__main__":
    args = sys.argv[2:]
    server_options = None
    if args[:1] == ["--options"]:
        server_options, args = json.loads(args[1]), args[2:]
    serve(sys.argv[1], tuple(args) or PRELOAD, server_options)
