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


# -- one sandbox, one namespace, one user and fresh file systems per kernel ------------------------------------------

SMALL = {"memory_mb": 256, "tmp_mb": 32, "tmp_inodes": 400, "scratch_mb": 16, "scratch_inodes": 300}


@pytest.fixture(scope="module")
def sandbox_server():
    """A sandboxed fork server with small limits (and a light preload: these kernels import nothing heavy)."""
    from dlcourse.sandbox import Limits, Sandbox

    server = ForkServer(preload=("IPython", "ipykernel.kernelapp"), sandbox=Sandbox(Limits(**SMALL)))
    server.wait_ready()
    yield server
    server.close()


@pytest.fixture
def sandboxed(sandbox_server, monkeypatch):
    """This process's kernels come from ``sandbox_server`` for the test, as a grading worker's do."""
    from dlcourse import forkserver

    monkeypatch.setattr(forkserver, "_shared", sandbox_server)
    yield sandbox_server
    sandbox_server.sandbox.clear()


def namespaced(server) -> bool:
    return bool(server.isolation.get("namespaces"))


def outputs(nb) -> list[str]:
    return [text(cell).strip() for cell in nb.cells]


def test_each_sandboxed_kernel_gets_its_own_user_and_fresh_bounded_file_systems(sandboxed):
    scratch = str(sandboxed.sandbox.scratch)
    plant = ("import os\nprint(os.getuid())\nfor path in ('planted.py', '/tmp/planted', '/dev/shm/planted'):\n"
             "    open(path, 'w').write('PLANTED')\n")
    look = ("import os\nprint(os.getuid())\nprint(sorted(os.listdir('.')), sorted(os.listdir('/dev/shm')),\n"
            "      sorted(os.listdir('/tmp')))\n"
            "for path in ('.', '/tmp', '/dev/shm'):\n    s = os.statvfs(path)\n"
            "    print(path, s.f_blocks * s.f_frsize // 2**20, s.f_files)\n"
            "mounts = {line.split()[1]: line.split()[3] for line in open('/proc/self/mounts')}\n"
            "print(all('nosuid' in mounts[p] and 'nodev' in mounts[p] for p in (os.getcwd(), '/tmp', '/dev/shm')))\n")
    first, _ = run_cells(plant, cwd=scratch)
    second, _ = run_cells(look, cwd=scratch)
    assert not errors(first) and not errors(second), errors(first) + errors(second)
    uid, listings, *sizes, flags = outputs(second)[0].splitlines()
    assert os.listdir(scratch) == [], "the host's scratch folder stays empty: kernels have a tmpfs there"
    if os.geteuid() == 0:
        assert int(uid) != int(outputs(first)[0]), "each kernel runs as a user id of its own"
        assert int(uid) in sandboxed.sandbox.uids
    if not namespaced(sandboxed):
        pytest.skip(f"no namespaces here: {sandboxed.sandbox.fallbacks}")
    assert "planted" not in listings, "the next kernel starts with empty scratch, /tmp and /dev/shm"
    assert sizes == [f". {SMALL['scratch_mb']} {SMALL['scratch_inodes']}", f"/tmp {SMALL['tmp_mb']} "
                     f"{SMALL['tmp_inodes']}", f"/dev/shm {SMALL['tmp_mb']} {SMALL['tmp_inodes']}"]
    assert flags == "True"


def test_a_kernels_leftovers_are_gone_the_moment_it_exits(sandboxed, tmp_path):
    """A daemon (double fork, setsid) holds a lock on a file in the kernel's run folder, which the host sees; the
    lock is free as soon as the kernel's exit is reported: its namespace went with it, no sweep needed."""
    if not namespaced(sandboxed):
        pytest.skip(f"no namespaces here: {sandboxed.sandbox.fallbacks}")
    daemon = ("import fcntl, os, time\nfrom ipykernel.kernelapp import IPKernelApp\n"
              "lock = os.path.join(os.path.dirname(IPKernelApp.instance().connection_file), 'daemon.lock')\n"
              "open(lock, 'w').close()\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
              "        fcntl.flock(open(lock), fcntl.LOCK_EX)\n        time.sleep(120)\n    os._exit(0)\n"
              "os.wait()\ntime.sleep(0.5)\nprint(lock, os.getuid())")
    nb, client = run_cells(daemon, cwd=str(sandboxed.sandbox.scratch))
    assert not errors(nb), errors(nb)
    lock, uid = outputs(nb)[0].split()
    with open(lock) as f:
        import fcntl

        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises BlockingIOError if the daemon lived on
    if os.geteuid() == 0:
        import psutil

        left = []
        for process in psutil.Process(sandboxed.pid).children(recursive=True):  # the sandbox's (bwrap's) processes
            try:
                if process.uids().real == int(uid):
                    left.append(process.as_dict(["pid", "status", "cmdline"]))
            except psutil.Error:
                pass  # gone meanwhile
        assert not left, left


def test_a_sandboxed_kernel_is_interrupted_and_reports_its_own_exit(sandboxed):
    """The kernel is PID 1 of its namespace, under a parent that passes an interrupt on and exits as it did."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import time\ntime.sleep(30)"),
                                         nbformat.v4.new_code_cell("print('still here')")])
    client = NotebookClient(nb, kernel_manager_class=ForkedKernelManager, timeout=2, interrupt_on_timeout=True,
                            allow_errors=True, shutdown_kernel="immediate",
                            resources={"metadata": {"path": str(sandboxed.sandbox.scratch)}})
    client.execute()
    assert "KeyboardInterrupt" in errors(nb)[0] and text(nb.cells[1]).strip() == "still here"
    with pytest.raises(DeadKernelError):
        run_cells("import os\nos._exit(7)", cwd=str(sandboxed.sandbox.scratch))
    run = sandboxed.sandbox.kernel_folder("exit-code-test")
    env = sandboxed.sandbox.kernel_env(dict(os.environ), run)
    kernel = sandboxed.spawn(["-f", str(run / "never-written.json")], str(sandboxed.sandbox.scratch), env,
                             run=run.name)
    time.sleep(0.5)
    kernel.kill()
    assert kernel.wait(timeout=10) == -signal.SIGKILL, kernel.stderr_tail


def test_staged_files_reach_the_kernels_scratch_and_links_do_not(sandboxed, tmp_path):
    secret = tmp_path / "outside.txt"
    secret.write_text("not for the kernel")
    sandbox = sandboxed.sandbox
    sandbox.stage_files({"data.csv": b"1,2\n", "sub/inner.txt": b"inner", "../escape.txt": b"no", "/abs": b"no"})
    (sandbox.control / sandbox.staged / "link.txt").symlink_to(secret)  # as if one got there: never followed
    nb, _ = run_cells("import os\nfor folder, _, names in sorted(os.walk('.')):\n    for name in sorted(names):\n"
                      "        path = os.path.join(folder, name)\n"
                      "        print(path, open(path).read().strip(), os.stat(path).st_uid == os.getuid())\n",
                      cwd=str(sandbox.scratch))
    assert outputs(nb)[0].splitlines() == ["./data.csv 1,2 True", "./sub/inner.txt inner True"]


def test_the_host_writes_and_chowns_nothing_through_a_kernels_links(sandboxed, tmp_path):
    """The kernel replaces its connection file with a link to a file outside and plants links in its run folder;
    the host's clean-up (jupyter_client's and the sandbox's) removes the links and leaves the file alone."""
    outside = tmp_path / "outside.txt"
    outside.write_text("nobody may change this")
    os.chmod(outside, 0o640)
    before = outside.stat()
    nb, _ = run_cells(
        "import os\nfrom ipykernel.kernelapp import IPKernelApp\nconnection = IPKernelApp.instance().connection_file\n"
        f"run = os.path.dirname(connection)\nfor name in ('ipc-9', 'kernel.json.new', 'planted'):\n"
        f"    os.symlink({str(outside)!r}, os.path.join(run, name))\n"
        "os.replace(os.path.join(run, 'kernel.json.new'), connection)\nprint(sorted(os.listdir(run)))",
        cwd=str(sandboxed.sandbox.scratch))
    assert not errors(nb), errors(nb)
    sandboxed.sandbox.clear()
    after = outside.stat()
    assert outside.read_text() == "nobody may change this"
    assert (after.st_uid, after.st_gid, after.st_mode) == (before.st_uid, before.st_gid, before.st_mode)
    assert list(sandboxed.sandbox.run.iterdir()) == []


def test_shared_memory_counts_against_the_sandboxs_memory(sandboxed):
    """RLIMIT_DATA does not see a shared mapping; the sandbox's memory cgroup does, and kills the kernel (not the
    server) when the total passes its limit. The next kernel runs as usual."""
    cgroup = sandboxed.sandbox.cgroup
    if cgroup is None:
        pytest.skip(f"no memory cgroup here: {sandboxed.sandbox.fallbacks}")
    assert cgroup.limit() == sandboxed.sandbox.memory_limit
    assert sandboxed.pid in cgroup.processes(), "bwrap joined the cgroup before it started anything"
    kills = cgroup.oom_kills()
    hog = ("import mmap\nm = mmap.mmap(-1, 3 * (1 << 30))\nchunk = b'x' * (1 << 26)\n"
           "for _ in range(48):\n    m.write(chunk)\nprint('HELD 3 GB')")
    with pytest.raises(DeadKernelError):
        run_cells(hog, cwd=str(sandboxed.sandbox.scratch))
    assert cgroup.oom_kills() > kills
    assert sandboxed._process.poll() is None, "the server lives on"
    nb, _ = run_cells("print('next')", cwd=str(sandboxed.sandbox.scratch))
    assert outputs(nb) == ["next"]


def test_kernel_sockets_fit_a_unix_socket_path_from_a_deep_home(tmp_path, monkeypatch):
    from dlcourse.forkserver import SOCKET_PATH_MAX, ipc_address

    deep = tmp_path / ("a-long-folder-name-" * 6) / ".local/share/jupyter/runtime"
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(deep))
    path = ipc_address("1e023882-2daa-4e3e-ad4d-00762e9e35bc")
    assert len(path) <= SOCKET_PATH_MAX and os.path.isdir(os.path.dirname(path)), path
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "rt"))
    assert ipc_address("k").startswith(str(tmp_path / "rt"))  # the runtime folder where it fits
