"""The trusted side of the trust boundary: the kernel where a graded notebook's test cells run.

While a submission is graded, two kernels serve its notebook. The student's cells run in the sandboxed kernel
(``agent.AgentKernel``); every test cell runs in a ``TrustedKernel``, a kernel forked for that notebook from a fork
server of its own outside the sandbox, with none of the student's code in it. Before a test cell runs, the names it
reads that trusted code has not bound (the course's imports, and what earlier test cells assigned) are looked up in
the student's kernel (``Bridge.lookup``): a function becomes a ``wire.Proxy`` that calls it there, a value comes
back as plain data (``wire``), anything else as a ``wire.Remote``. So the checker, NumPy, TensorFlow and the hidden
tests never exist in the student's process, nothing the student's code does can change them, and what it prints
while the tests call it is never recorded. The test kernel's outputs are the test cell's outputs, from which
nbgrader scores it as usual.

The test kernel starts with the course's own imports (every ``import`` statement of the source notebook's code
cells that are neither answers nor tests), so ``checks``, ``np`` and ``tf`` are the course's, never the notebook's.

Configuration comes in environment variables set by the grading worker: ``DLCOURSE_STUDENT_KERNEL`` (the student
kernel's connection info, JSON), ``DLCOURSE_PRELUDE`` (the imports) and ``DLCOURSE_CALL_TIMEOUT`` (seconds a call
may take; the cell's own time limit bounds it too).
"""

import builtins
import json
import os
import symtable
import threading
import time

import zmq
from ipykernel.ipkernel import IPythonKernel
from jupyter_client.session import Session

from . import wire
from .agent import REPLY, REQUEST

STUDENT_KERNEL_ENV = "DLCOURSE_STUDENT_KERNEL"
PRELUDE_ENV = "DLCOURSE_PRELUDE"
TIMEOUT_ENV = "DLCOURSE_CALL_TIMEOUT"
MAX_MESSAGE_BYTES = wire.MAX_BYTES + (64 << 20)


class KernelCallError(RuntimeError):
    """The student's kernel did not answer a test's request properly (died, timed out, sent what is not data)."""


class RemoteError(Exception):
    """Base of the errors raised in the student's kernel that are not Python's own (``tf.errors``, their own)."""


class Bridge:
    """The test kernel's connection to the student's kernel: one request, one reply, data only."""

    def __init__(self, connection: dict, timeout: float):
        self.session = Session(key=connection["key"].encode(), signature_scheme=connection["signature_scheme"])
        self.context = zmq.Context()
        self.socket = self.context.socket(zmq.DEALER)
        self.socket.linger = 0
        self.socket.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)  # a bigger message drops the connection
        transport, ip, port = connection["transport"], connection["ip"], connection["shell_port"]
        # Told when the kernel hangs up (it died), so that a call need not wait for its time limit.
        self.monitor = self.socket.get_monitor_socket(zmq.EVENT_DISCONNECTED)
        self.socket.connect(f"ipc://{ip}-{port}" if transport == "ipc" else f"tcp://{ip}:{port}")
        self.poller = zmq.Poller()
        self.poller.register(self.socket, zmq.POLLIN)
        self.poller.register(self.monitor, zmq.POLLIN)
        self.timeout = timeout
        self._lock = threading.Lock()

    def request(self, content: dict, buffers: list) -> tuple[dict, list]:
        with self._lock:
            sent = self.session.send(self.socket, REQUEST, content, buffers=buffers)
            msg_id = sent["header"]["msg_id"]
            deadline = time.monotonic() + self.timeout
            while True:
                ready = dict(self.poller.poll(max(0.0, deadline - time.monotonic()) * 1000))
                if self.monitor in ready:
                    raise KernelCallError("the notebook's kernel died while the test was calling it")
                if self.socket not in ready:
                    raise KernelCallError(f"the notebook's kernel did not answer within {self.timeout:g} s")
                parts = self.socket.recv_multipart(copy=False)
                try:
                    _, parts = self.session.feed_identities(parts, copy=False)
                    reply = self.session.deserialize(parts, content=True, copy=False)  # checks the signature
                except Exception:  # noqa: BLE001 (not a message of this session: ignore it, as a kernel would)
                    continue
                if reply["header"].get("msg_type") == REPLY and reply["parent_header"].get("msg_id") == msg_id:
                    return reply["content"], reply.get("buffers") or []

    def _result(self, content: dict, buffers: list, key: str = "result"):
        if not isinstance(content, dict):
            raise KernelCallError("the notebook's kernel answered with something that is not a reply")
        if content.get("status") == "error":
            raise remote_error(content)
        if content.get("status") != "ok" or key not in content:
            raise KernelCallError("the notebook's kernel answered with something that is not a reply")
        decoder = wire.Decoder(buffers, trusted=True, bridge=self)
        try:
            return decoder.decode(content[key]), decoder
        except wire.WireError as err:
            raise KernelCallError(f"the notebook's kernel sent back something the tests cannot use: {err}") from None

    def call(self, target: dict, args: tuple, kwargs: dict):
        """Call ``target`` (``{"ref": name}`` or ``{"handle": n}``) in the kernel; changes to arguments come back."""
        node = {"$": "ref", "name": target["ref"]} if "ref" in target else {"$": "handle", "id": target["handle"]}
        return self._call(node, args, kwargs)

    def run(self, function, args: tuple, kwargs: dict):
        """``helpers.checks.in_kernel``: run a test's own function in the student's kernel."""
        encoder = wire.Encoder()
        return self._call(encoder.encode(function), args, kwargs, encoder)

    def _call(self, target_node, args, kwargs, encoder: wire.Encoder | None = None):
        encoder = encoder or wire.Encoder()
        content = {"op": "call", "target": target_node, "args": [encoder.encode(a) for a in args],
                   "kwargs": {str(k): encoder.encode(v) for k, v in kwargs.items()}}
        reply, buffers = self.request(content, encoder.buffers)
        result, decoder = self._result(reply, buffers)
        for key, node in reply.get("changed") or []:
            original = args[key] if type(key) is int and 0 <= key < len(args) else kwargs.get(key)
            try:
                _update_in_place(original, decoder.decode(node))
            except wire.WireError as err:
                raise KernelCallError(f"the notebook's kernel sent back something the tests cannot use: {err}") \
                    from None
        return result

    def getattr(self, handle: int, name: str):
        reply, buffers = self.request({"op": "getattr", "handle": handle, "name": name}, [])
        if isinstance(reply, dict) and reply.get("status") == "error" and reply.get("type") == "AttributeError":
            raise AttributeError(str(reply.get("message", name)))
        return self._result(reply, buffers)[0]

    def lookup(self, names: list[str]) -> tuple[dict, list[str]]:
        """The notebook's values for ``names``: ``({name: value}, [missing names])``; functions as ``Proxy``s."""
        reply, buffers = self.request({"op": "lookup", "names": names}, [])
        if not isinstance(reply, dict) or reply.get("status") != "ok" or not isinstance(reply.get("found"), dict):
            raise KernelCallError("the notebook's kernel did not say what its names hold")
        decoder = wire.Decoder(buffers, trusted=True, bridge=self)
        found = {}
        for name in names:
            if name not in reply["found"]:
                continue
            try:
                value = decoder.decode(reply["found"][name])
            except wire.WireError as err:
                raise KernelCallError(f"`{name}` in the notebook holds something the tests cannot use: {err}") \
                    from None
            if isinstance(value, wire.Remote) and value._callable:
                value = wire.Proxy(self, name, value.__dlcourse_type__)  # looked up again at every call
            found[name] = value
        return found, [name for name in names if name not in found]


def _update_in_place(original, new) -> None:
    """What a call did to an argument in the kernel, done to the test's own object."""
    import numpy as np

    if type(original) is np.ndarray and type(new) is np.ndarray:
        if original.shape == new.shape:
            np.copyto(original, new.astype(original.dtype, copy=False), casting="unsafe")
        return
    tf = __import__("sys").modules.get("tensorflow")
    if tf is not None and isinstance(original, tf.Variable) and tf.is_tensor(new) and original.shape == new.shape:
        original.assign(tf.cast(new, original.dtype))


def remote_error(content: dict) -> BaseException:
    """The exception a test sees for an error raised in the student's kernel: Python's own type when it is one
    (``NotImplementedError`` must stay itself: it means "not answered yet"), else a ``RemoteError`` of that name."""
    name = str(content.get("type", "Exception"))[:100]
    message = str(content.get("message", ""))[:500]
    builtin = getattr(builtins, name, None)
    if isinstance(builtin, type) and issubclass(builtin, Exception) and builtin.__module__ == "builtins":
        try:
            err = builtin(message)
        except Exception:  # noqa: BLE001 (an exception type with other arguments: fall back)
            err = RemoteError(message)
    else:
        kind = type(name if name.isidentifier() else "RemoteError", (RemoteError,), {"__module__": "notebook"})
        err = kind(message)
    err.remote_traceback = str(content.get("traceback", ""))[-4000:]
    return err


def names_read(code: str) -> set[str]:
    """Names ``code`` reads from its module's namespace: at the top level without binding them there, and
    inside its functions and comprehensions as globals."""
    try:
        table = symtable.symtable(code, "<test cell>", "exec")
    except SyntaxError:
        return set()
    bound = {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}
    found = {s.get_name() for s in table.get_symbols() if s.is_referenced() and s.get_name() not in bound}
    stack = list(table.get_children())
    while stack:
        child = stack.pop()
        stack.extend(child.get_children())
        found |= {s.get_name() for s in child.get_symbols()
                  if s.is_global() and s.is_referenced() and s.get_name() not in bound}
    return found


class TrustedKernel(IPythonKernel):
    """The kernel test cells run in (see the module docstring)."""

    implementation = "dlcourse-test-ipython"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        connection = json.loads(os.environ[STUDENT_KERNEL_ENV])
        self.bridge = Bridge(connection, float(os.environ.get(TIMEOUT_ENV, "120")))
        self._prelude = os.environ.get(PRELUDE_ENV, "")
        self._from_notebook: dict[str, object] = {}  # name -> the value looked up for it, while it is bound

        from helpers import checks

        checks._kernel_runner = self.bridge.run

    async def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False,
                         *, cell_meta=None, cell_id=None):
        if self._prelude:
            prelude, self._prelude = self._prelude, ""
            exec(compile(prelude, "<the course's imports>", "exec"), self.shell.user_ns)  # noqa: S102 (the course's)
        error = self._bind_notebook_names(code)
        if error:
            code = f"raise RuntimeError({error!r})"  # the cell fails, with the reason as its error
        return await super().do_execute(code, silent, store_history, user_expressions, allow_stdin,
                                        cell_meta=cell_meta, cell_id=cell_id)

    def _bind_notebook_names(self, code: str) -> str:
        """Bind the names the cell reads from the notebook (see the module docstring); the reason it cannot."""
        namespace = self.shell.user_ns
        # A name trusted code has rebound since it was looked up is trusted code's now.
        for name, value in list(self._from_notebook.items()):
            if namespace.get(name, _MISSING) is not value:
                del self._from_notebook[name]
        try:
            source = self.shell.transform_cell(code)
        except Exception:  # noqa: BLE001 (IPython reports the syntax error when it runs the cell)
            return ""
        wanted = sorted(name for name in names_read(source) if not hasattr(builtins, name)
                        and (name not in namespace or name in self._from_notebook))
        if not wanted:
            return ""
        try:
            found, missing = self.bridge.lookup(wanted)
        except KernelCallError as err:
            return str(err)
        for name in missing:
            if name in self._from_notebook:
                del self._from_notebook[name]
                namespace.pop(name, None)
        for name, value in found.items():
            namespace[name] = self._from_notebook[name] = value
        return ""


_MISSING = object()


# ---------------------------------------------------------------------------------------------------------------
# The grading worker's side: starting a test kernel
# ---------------------------------------------------------------------------------------------------------------

_TEST_KERNEL_CLASS = f"{__name__}.TrustedKernel"
_server = None
_server_lock = threading.Lock()


def trusted_server():
    """This process's fork server for test kernels: outside any sandbox, started on first use."""
    global _server
    from .forkserver import PRELOAD, ForkServer

    with _server_lock:
        if _server is None or _server._process.poll() is not None:
            if _server is not None:
                _server.close()
            _server = ForkServer(preload=(*PRELOAD, __name__))
            import atexit

            atexit.register(_server.close)
        return _server


def close_trusted_server() -> None:
    global _server
    with _server_lock:
        if _server is not None:
            _server.close()
            _server = None


def prelude(course_sources) -> str:
    """The course's imports: every top-level ``import`` of the course's own code cells, in order, once each."""
    import ast

    from IPython.core.inputtransformer2 import TransformerManager

    transform, lines = TransformerManager(), []
    for source in course_sources:
        try:
            tree = ast.parse(transform.transform_cell(source))
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import) or isinstance(node, ast.ImportFrom) and node.level == 0:
                line = ast.unparse(node)
                if line not in lines:
                    lines.append(line)
    return "\n".join(lines)


def kernel_manager_class():
    """The kernel manager for test kernels (made on first use: it needs jupyter_client's managers)."""
    import uuid

    from jupyter_client.manager import AsyncKernelManager

    from .forkserver import ForkedKernelManager, ForkedProvisioner, _is_ipykernel, ipc_address

    class TrustedProvisioner(ForkedProvisioner):
        async def launch_kernel(self, cmd: list[str], **kwargs):
            if not _is_ipykernel(cmd):
                raise RuntimeError(f"a test kernel is an ipykernel, not {cmd[:3]}")
            cwd = str(kwargs.get("cwd") or os.getcwd())
            env = {str(k): str(v) for k, v in (kwargs.get("env") or os.environ).items()}
            self.process = self.kernel = trusted_server().spawn(cmd[3:], cwd, env)
            self.pid = self.process.pid
            self.pgid = None
            self.cwd = cwd
            return self.connection_info

    class TrustedKernelManager(ForkedKernelManager):
        async def _async_pre_start_kernel(self, **kw):
            if self.provisioner is None:
                self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
                self.provisioner = TrustedProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec,
                                                      parent=self)
            if self.transport == "ipc" and not os.path.isabs(self.ip):
                self.ip = ipc_address(self.kernel_id)
            return await AsyncKernelManager._async_pre_start_kernel(self, **kw)

    return TrustedKernelManager


def kernel_env(student_connection: dict, course_prelude: str, timeout: float) -> dict[str, str]:
    """The environment a test kernel starts with: the worker's, and where to find the student's kernel."""
    connection = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in student_connection.items()}
    return {**os.environ, STUDENT_KERNEL_ENV: json.dumps(connection), PRELUDE_ENV: course_prelude,
            TIMEOUT_ENV: str(timeout)}
