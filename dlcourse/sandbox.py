"""Where student code runs while it is graded: a bubblewrap sandbox around the fork server, and limits per kernel.

A submission is code written by someone who gains from fooling the grader. Run as the instructor, it could read
``solutions/`` (the hidden tests) and the gradebook, overwrite other students' work, phone home, or take the
machine down. So the fork server, and with it every kernel it forks, runs inside bubblewrap (``bwrap``, Debian
package ``bubblewrap``), which works for root (CI) and, through a user namespace, for an instructor without root
(a JupyterHub server), as long as the kernel allows unprivileged user namespaces (Debian and Ubuntu do).

What a kernel sees and may do:

- **files**: a read-only view of the system (``/usr``, ``/etc``), of Python and the virtual environment, and of the
  student package ``helpers``, nothing else: no home folder, no course folder (so no ``solutions/``, gradebook,
  ``submitted/`` or ``autograded/``), and none of the grader's package ``dlcourse``: the fork server gets a copy of
  the few modules it and the kernels run (``GRADER_MODULES``) and deletes it before it forks a kernel. It can
  write only to its scratch folder, which holds the submission's other files (never its notebook, whose sanitized
  copy carries the hidden tests), to its private ``/tmp`` (a tmpfs of bounded size) and to the folder of its own
  connection file. Both folders are emptied before the next kernel.
- **network**: none; the sandbox has its own network namespace with only a loopback interface.
- **processes**: its own PID namespace: it cannot see or signal the instructor's processes; whatever it leaves
  running is killed when its kernel exits. A kernel may have ``processes`` processes and threads in all.
- **resources** (rlimits, set in each kernel): ``memory_mb`` of data (heap, anonymous mappings, thread stacks)
  beyond what the fork server had already imported, files of at most ``file_mb``, no core dumps. Wall time per
  cell and per notebook, and output size, are bounded by the grading worker.
- **identity**: as root, kernels drop to an unprivileged user id of their own (61000 and up, one per sandbox, no
  account needed), so the process limit counts only that sandbox and file permissions protect the rest. Without
  root, the user namespace gives the same: the limit counts processes inside the sandbox only.
"""

import fcntl
import os
import resource
import shutil
import signal
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

FIRST_UID = 61000  # kernels of sandbox k run as uid FIRST_UID + k when grading as root
UID_SLOTS = 1000
_LOCKS = Path("/tmp/dlcourse-grading-uids")

# The environment a sandboxed kernel gets: nothing of the instructor's (tokens, paths, credentials) but these.
KERNEL_ENV_KEEP = ("PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ", "TF_CPP_MIN_LOG_LEVEL", "MPLBACKEND",
                   "NBGRADER_EXECUTION", "PYTHONHASHSEED", "PYDEVD_DISABLE_FILE_VALIDATION", "JPY_PARENT_PID")


# The grader's modules the fork server and its kernels run: the server, the kernels' confinement, the kernel class.
GRADER_MODULES = ("__init__.py", "forkserver.py", "sandbox.py", "agent.py", "wire.py")


class SandboxError(RuntimeError):
    """The sandbox cannot be used here; the message says why and what to do."""


@dataclass(frozen=True)
class Limits:
    """What one kernel may use (see the module docstring)."""

    memory_mb: int = 2048
    processes: int = 256
    file_mb: int = 64
    tmp_mb: int = 256


def bwrap_path() -> str | None:
    return shutil.which("bwrap")


def check_available() -> None:
    """Raise ``SandboxError`` unless bubblewrap is installed and can make a sandbox here."""
    bwrap = bwrap_path()
    if bwrap is None:
        raise SandboxError("bubblewrap is not installed: `sudo apt-get install bubblewrap` (Debian/Ubuntu), "
                           "or grade with --no-sandbox on a machine where student code is trusted.")
    probe = [bwrap, *_namespaces(), "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "true"]
    result = subprocess.run(probe, capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        raise SandboxError(
            f"bubblewrap cannot make a sandbox here ({result.stderr.strip() or result.returncode}). Without root "
            "it needs unprivileged user namespaces: `sysctl kernel.unprivileged_userns_clone=1` (Debian) or "
            "an AppArmor profile allowing bwrap (Ubuntu 24.04+); or grade with --no-sandbox.")


def _namespaces() -> list[str]:
    options = ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
               "--die-with-parent", "--new-session"]
    if os.geteuid() != 0:
        options += ["--unshare-user", "--disable-userns"]  # and no nested namespace to escape the limits
    return options


class Sandbox:
    """One sandbox: a folder shared with the kernels, the bwrap command line, and (as root) a user id.

    The folder holds ``control/`` (the fork server's socket and the kernels' stderr: out of the kernels' reach
    as root), ``run/`` (connection files and ZeroMQ sockets) and ``scratch/`` (the kernel's working folder).
    """

    def __init__(self, limits: Limits = Limits()):
        import tempfile

        check_available()
        self.limits = limits
        self.folder = Path(tempfile.mkdtemp(prefix="dlcourse-sandbox-"))
        self.control, self.run, self.scratch = (self.folder / name for name in ("control", "run", "scratch"))
        self._lock = None
        self.uid = self.gid = None
        if os.geteuid() == 0:
            self.uid = self.gid = self._claim_uid()
        for path in (self.control, self.run, self.scratch):
            path.mkdir()
        os.chmod(self.folder, 0o755)
        os.chmod(self.control, 0o700)
        if self.uid is not None:
            for path in (self.run, self.scratch):
                os.chown(path, self.uid, self.gid)

    def _claim_uid(self) -> int:
        """A user id no other sandbox on this machine uses (held by a lock until ``close``)."""
        _LOCKS.mkdir(mode=0o700, exist_ok=True)
        for slot in range(UID_SLOTS):
            handle = open(_LOCKS / str(FIRST_UID + slot), "w")  # noqa: SIM115 (held until close)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.close()
                continue
            self._lock = handle
            return FIRST_UID + slot
        raise SandboxError(f"all {UID_SLOTS} grading user ids are in use")

    def command(self, argv: list[str]) -> list[str]:
        """``argv`` (the fork server's command line) wrapped in bwrap."""
        options = [bwrap_path(), *_namespaces()]
        for path in ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
            if os.path.islink(path):
                options += ["--symlink", os.readlink(path), path]
            elif os.path.isdir(path):
                options += ["--ro-bind", path, path]
        options += ["--proc", "/proc", "--dev", "/dev",
                    "--perms", "1777", "--size", str(self.limits.tmp_mb * 2**20), "--tmpfs", "/tmp"]
        binds = _python_paths()
        # bwrap makes the folders above a bind for root alone; the kernels' user must get through them.
        parents = sorted({str(p) for path in [*binds, str(self.folder)] for p in Path(path).parents
                          if str(p) not in ("/", "/tmp", "/usr", "/etc")}, key=lambda p: p.count("/"))
        for parent in parents:
            options += ["--perms", "0755", "--dir", parent]
        for path in binds:
            options += ["--ro-bind", path, path]
        for path in _grader_package_paths(binds):  # an installed (not editable) grader: an empty folder over it
            options += ["--tmpfs", path]
        options += ["--bind", str(self.folder), str(self.folder), "--chdir", str(self.scratch)]
        return [*options, "--", *argv]

    def stage_grader_code(self) -> str:
        """Copy ``GRADER_MODULES`` into a fresh folder of ``control/`` for the fork server; the folder to import from.

        The server deletes it once it has imported them (``forkserver._forget_grader_code``).
        """
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="grader-", dir=self.control))
        package = folder / __package__
        package.mkdir()
        for name in GRADER_MODULES:
            shutil.copyfile(Path(__file__).with_name(name), package / name)
        return str(folder)

    def server_options(self) -> dict:
        """What the fork server needs to confine each kernel it forks."""
        return {"limits": asdict(self.limits), "uid": self.uid, "gid": self.gid, "folder": str(self.folder)}

    def kernel_env(self, env: dict[str, str]) -> dict[str, str]:
        """The instructor's environment cut down to ``KERNEL_ENV_KEEP``, with home and temp in the sandbox."""
        kept = {k: v for k, v in env.items() if k in KERNEL_ENV_KEEP or k.startswith("JPY_")}
        # HOME is not the scratch folder: files a student submits (.ipython/, .config/matplotlib/) must not
        # configure the kernel that grades them.
        return kept | {"HOME": "/tmp/home", "TMPDIR": "/tmp", "IPYTHONDIR": "/tmp/ipython",
                       "MPLCONFIGDIR": "/tmp/matplotlib", "JUPYTER_RUNTIME_DIR": str(self.run)}

    def clear(self) -> None:
        """Empty the scratch and run folders (between two kernels)."""
        for folder in (self.scratch, self.run):
            for child in list(folder.iterdir()):
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def _grader_package_paths(binds: list[str]) -> list[str]:
    """The grader's package folders that ``binds`` would expose (it is installed in site-packages, not editable)."""
    import dlcourse

    found = {os.path.realpath(p) for p in dlcourse.__path__}
    return sorted(p for p in found if any(p.startswith(b.rstrip("/") + "/") for b in binds))


def _python_paths() -> list[str]:
    """Folders Python needs: the interpreter's, the environment's, and the student package (not the course)."""
    import helpers

    paths = {os.path.realpath(p) for p in (sys.base_prefix, sys.prefix, os.path.dirname(sys.executable))}
    paths |= {os.path.realpath(p) for p in helpers.__path__}
    # Packages installed outside the environment (pip --user); never the course repository itself (it also holds
    # solutions/), nor the folders pytest or the current directory put on sys.path.
    paths |= {os.path.realpath(p) for p in sys.path
              if os.path.basename(p.rstrip("/")) in ("site-packages", "dist-packages") and os.path.isdir(p)}
    # Inner folders are covered by outer ones; bwrap mounts in order, so outer first.
    kept = sorted(p for p in paths if not any(p != q and p.startswith(q.rstrip("/") + "/") for q in paths))
    return kept


# ---------------------------------------------------------------------------------------------------------------
# Inside the sandbox: the fork server confines each kernel it forks
# ---------------------------------------------------------------------------------------------------------------

def confine_kernel(options: dict) -> None:
    """In a freshly forked kernel, before any of its code runs: set its limits and drop root."""
    limits = Limits(**options["limits"])
    used = _data_bytes()
    for kind, value in ((resource.RLIMIT_DATA, used + limits.memory_mb * 2**20),
                        (resource.RLIMIT_NPROC, limits.processes),
                        (resource.RLIMIT_FSIZE, limits.file_mb * 2**20),
                        (resource.RLIMIT_CORE, 0)):
        resource.setrlimit(kind, (value, value))
    for folder in ("/tmp/home", "/tmp/ipython", "/tmp/matplotlib"):
        os.makedirs(folder, exist_ok=True)
    if options.get("uid") is not None:
        for folder in ("/tmp/home", "/tmp/ipython", "/tmp/matplotlib"):
            os.chown(folder, options["uid"], options["gid"])
        os.setgroups([])
        os.setgid(options["gid"])
        os.setuid(options["uid"])  # for good: no way back to root


def _data_bytes() -> int:
    """This process's data segment (VmData): what RLIMIT_DATA counts."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0


def kill_leftovers(keep: set[int], folder: str) -> None:
    """Kill every process in the sandbox but the server, the sandbox's init and the live kernels' sessions;
    with no kernel left, empty /tmp too (but for the sandbox's ``folder``, which the host empties).

    Whatever a kernel started and left behind (a daemon, a setsid'd child, a file) must not live on to meet the
    next student's work. Run by the fork server after a kernel exits; the PID namespace makes /proc the sandbox's.
    """
    me = os.getpid()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        pid = int(entry)
        if pid in (1, me):
            continue
        try:
            if os.getsid(pid) in keep:
                continue
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    if keep:
        return
    for entry in os.listdir("/tmp"):  # a private tmpfs: the next kernel starts with it empty
        path = os.path.join("/tmp", entry)
        if (folder + "/").startswith(path + "/"):
            continue  # the sandbox's own folder, bound from outside
        try:
            shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.remove(path)
        except OSError:
            pass

