"""The fork server: kernels forked after `import tensorflow` work, start clean, and never outlive their owners."""

import json
import os
import signal
import socket
import subprocess
import sys
import time

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

from dlcourse.forkserver import ForkedKernelManager, ForkServer, shared_server

pytestmark = pytest.mark.notebook


def run_cells(*sources: str, cwd: str = "/tmp") -> tuple[nbformat.NotebookNode, NotebookClient]:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    client = NotebookClient(nb, kernel_manager_class=ForkedKernelManager, timeout=60, allow_errors=True,
                            shutdown_kernel="immediate", resources={"metadata": {"path": cwd}})
    client.execute()
    return nb, client


def text(cell) -> str:
    return "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in cell.outputs)


def errors(nb) -> list[str]:
    return [f"{o.ename}: {o.evalue}" for c in nb.cells for o in c.outputs if o.output_type == "error"]


def test_a_forked_kernel_runs_tensorflow_and_keras(tmp_path):
    nb, _ = run_cells(
        "from helpers import setup\nsetup()",
        "import tensorflow as tf\nprint(float(tf.reduce_sum(tf.constant([1.0, 2.0]) * 3.0)))",
        "@tf.function\ndef double(x):\n    return 2 * x\nprint(int(double(tf.constant(21))))",
        "import keras, numpy as np\nmodel = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])\n"
        "model.compile('sgd', 'mse')\nh = model.fit(np.ones((8, 3)), np.ones((8, 1)), epochs=2, verbose=0)\n"
        "print(len(h.history['loss']))",
        "import os\nprint(os.getcwd())",
        cwd=str(tmp_path),
    )
    assert not errors(nb)
    assert [text(c).strip() for c in nb.cells[1:]] == ["9.0", "42", "2", str(tmp_path)]


def test_every_kernel_starts_from_the_same_clean_state():
    first, _ = run_cells("import numpy, os\nnumpy.LEFT_BEHIND = 1\nos.environ['LEFT_BEHIND'] = '1'\nx = 5")
    assert not errors(first)
    second, _ = run_cells("import numpy, os\nprint(hasattr(numpy, 'LEFT_BEHIND'), 'LEFT_BEHIND' in os.environ,"
                          " 'x' in globals())")
    assert text(second.cells[0]).strip() == "False False False"


def test_a_kernel_that_dies_says_how(tmp_path):
    with pytest.raises(DeadKernelError):
        run_cells("import os\nos._exit(7)", "print('never')")
    broken = tmp_path / "connection.json"
    broken.write_text("{")  # a kernel that cannot start: its exit code and stderr come back
    kernel = shared_server().spawn(["-f", str(broken)], str(tmp_path), dict(os.environ))
    assert kernel.wait(timeout=60) != 0
    assert "JSON" in kernel.stderr_tail or "Expecting" in kernel.stderr_tail, kernel.stderr_tail


def test_a_kernel_dies_with_its_client():
    server = shared_server()
    kernel = server.spawn(["-f", "/tmp/dlcourse-test-never-written.json"], "/tmp", dict(os.environ))
    time.sleep(1.0)
    kernel._conn.close()  # the process that asked for the kernel is gone
    _wait_gone(kernel.pid)


def test_the_server_and_its_kernels_exit_with_their_owner():
    owner = subprocess.run(
        [sys.executable, "-c",
         "import os, json\nfrom dlcourse.forkserver import ForkServer\n"
         "s = ForkServer()\nk = s.spawn(['-f', '/tmp/dlcourse-test-owner.json'], '/tmp', dict(os.environ))\n"
         "print(json.dumps([s.pid, k.pid]), flush=True)\nos._exit(0)  # no clean-up at all"],
        capture_output=True, text=True, timeout=120)
    server_pid, kernel_pid = json.loads(owner.stdout.strip().splitlines()[-1])
    _wait_gone(server_pid)
    _wait_gone(kernel_pid)


def test_a_bad_request_is_refused_and_the_server_goes_on():
    with ForkServer() as server:
        server.wait_ready()
        raw = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        raw.connect(server.socket_path)
        raw.sendall(b"this is not json\n")
        assert "bad request" in raw.makefile().readline()
        raw.close()
        kernel = server.spawn(["-f", "/tmp/dlcourse-test-after-bad.json"], "/tmp", dict(os.environ))
        assert kernel.poll() is None
        kernel.kill()
        assert kernel.wait(timeout=10) == -signal.SIGKILL


def _wait_gone(pid: int, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        if _is_zombie(pid):
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    raise AssertionError(f"process {pid} outlived its owner")


def _is_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_a_sandboxed_server_has_deleted_its_copy_of_the_grader_before_it_serves(tmp_path):
    """The sandbox mounts the student package, not dlcourse: the server imports the guard from a copy it deletes
    before it forks a kernel, so nothing of the grader's source is left where a kernel could read it."""
    from dlcourse.sandbox import GRADER_MODULES, Limits, Sandbox

    server = ForkServer(preload=("IPython",), sandbox=Sandbox(Limits()))
    try:
        staged = list(server.sandbox.control.glob("grader-*"))
        server.wait_ready()
        assert len(GRADER_MODULES) >= 3 and staged, "the grader's modules were staged for the server"
        assert not any(path.exists() for path in staged), "the server left the grader's code behind"
        assert not list(server.sandbox.folder.rglob("guard.py"))
    finally:
        server.close()
