"""The graded kernel's side of the trust boundary: it answers the trusted test process's requests with data.

The student's notebook runs in this kernel (an ordinary IPython kernel, sandboxed), but its test cells do not: they
run in a trusted process (``harness.TrustedKernel``) that asks this kernel, over its own shell channel, for what the
tests need of the notebook. A request is a ``dlcourse_call_request`` message; the answer is a ``dlcourse_call_reply``
to the same client. Requests (``content["op"]``):

- ``lookup`` ``{"names"}``: the values of these names in the notebook (``{"found": {name: value}, "missing"}``);
- ``call`` ``{"target", "args", "kwargs"}``: call a name of the notebook (``ref``), an object handed out before
  (``handle``) or a test's own function (``function``, run here) and return what it returns (``result``), with the
  new values of NumPy arrays and ``tf.Variable``s it changed in place (``changed``: ``[[position or keyword,
  value], ...]``), so that the tests can see an argument modified by the student's function;
- ``getattr`` ``{"handle", "name"}``: an attribute of an object handed out before.

Values are encoded by ``wire``. An error in the student's code comes back as ``{"status": "error", "type",
"message", "traceback"}``. What the student's code prints meanwhile goes to this kernel's IOPub under the
request's header, which nobody records: it never reaches a notebook or feedback.

Nothing here is a defence: this is the student's process, and the student's code may replace any of it. All a
reply can do is carry data, which the trusted side checks as it decodes it.
"""

import sys

import numpy as np
from ipykernel.ipkernel import IPythonKernel

from helpers import checks

from . import wire

REQUEST = "dlcourse_call_request"
REPLY = "dlcourse_call_reply"
MAX_TRACEBACK = 4000  # characters of a student's traceback sent back


class AgentKernel(IPythonKernel):
    """The IPython kernel grading runs: the usual kernel, plus answers to the test process's requests."""

    implementation = "dlcourse-graded-ipython"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.shell_handlers[REQUEST] = self.call_request
        self._handles: dict[int, object] = {}
        # Every frame copied: a zero-copy send (of a frame past 64 kB) needs pyzmq's garbage-collector thread, which
        # a submission that has used up its process limit would keep from starting, and the reply would be lost.
        self.session.copy_threshold = 2**62
        _start_tensorflow()


    def call_request(self, stream, ident, parent) -> None:
        try:
            content, buffers = self._answer(parent.get("content") or {}, parent.get("buffers") or [])
        except BaseException as err:  # noqa: BLE001 (the student's code may raise anything, even SystemExit)
            content, buffers = _error(err), []
        self.session.send(stream, REPLY, content, parent, ident=ident, buffers=buffers)

    def _answer(self, request: dict, buffers: list) -> tuple[dict, list]:
        namespace = self.shell.user_ns
        decoder = wire.Decoder(buffers, trusted=False, namespace=namespace, handles=self._handles)
        encoder = wire.Encoder(self._handles)
        op = request.get("op")
        if op == "lookup":
            found, missing = {}, []
            for name in request.get("names", []):
                if isinstance(name, str) and name in namespace:
                    found[name] = encoder.encode(namespace[name])
                else:
                    missing.append(name)
            return {"status": "ok", "found": found, "missing": missing}, encoder.buffers
        if op == "getattr":
            target = decoder.decode({"$": "handle", "id": request.get("handle")})
            return {"status": "ok", "result": encoder.encode(getattr(target, str(request.get("name"))))}, \
                encoder.buffers
        if op == "call":
            target = decoder.decode(request.get("target"))
            args = [decoder.decode(node) for node in request.get("args", [])]
            kwargs = {str(k): decoder.decode(v) for k, v in (request.get("kwargs") or {}).items()}
            before = {key: _snapshot(value) for key, value in [*enumerate(args), *kwargs.items()]}
            result = target(*args, **kwargs)
            changed = []
            for key, old in before.items():
                if old is not None:
                    value = args[key] if isinstance(key, int) else kwargs[key]
                    if not np.array_equal(old, _snapshot(value), equal_nan=True):
                        changed.append([key, encoder.encode(value)])
            return {"status": "ok", "result": encoder.encode(result), "changed": changed}, encoder.buffers
        raise ValueError(f"unknown request {op!r}")


def _snapshot(value):
    """A copy of what a call could change in place and the tests could see: a NumPy array, a tf.Variable."""
    if type(value) is np.ndarray:
        return value.copy()
    tf = sys.modules.get("tensorflow")
    if tf is not None and isinstance(value, tf.Variable):
        return value.numpy().copy()
    return None


def _error(err: BaseException) -> dict:
    """An error in the student's code, as the tests will report it: its type, first line and traceback."""
    text = str(err).strip()
    # Only the frames of the notebook's cells: the student's code, as their own kernel would show it.
    shown = "\n".join(checks.your_frames(err))
    return {"status": "error", "type": type(err).__name__, "message": text.splitlines()[0][:500] if text else "",
            "traceback": shown[-MAX_TRACEBACK:]}


def _start_tensorflow() -> None:
    """Run one small op, so that TensorFlow makes its context and thread pools now, before any student code.

    The fork server imports TensorFlow but never runs an op (forking is only safe that way); left to the first op
    of the notebook, the pools would be made whenever a call needs them, and a submission that has used up its
    process limit by then (a fork loop) would leave TensorFlow unable to start the threads the tests' calls need.
    """
    tf = sys.modules.get("tensorflow")
    if tf is not None:
        tf.linalg.matmul(tf.ones((64, 64)), tf.ones((64, 64))).numpy()
