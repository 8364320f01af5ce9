"""Where student code runs while it is graded: a bubblewrap sandbox around the fork server, and a confinement of
its own for each kernel.

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
  write only to its scratch area, its ``/tmp`` and ``/dev/shm``, and the folder of its own connection file
  (``run/<kernel id>/``, made fresh by the host). Scratch, ``/tmp`` and ``/dev/shm`` are tmpfs mounted for that
  kernel alone, in a mount namespace of its own, nosuid and nodev, bounded in size and in files (``scratch_mb``
  and ``scratch_inodes``; ``tmp_mb`` and ``tmp_inodes`` each): a submission cannot fill the host's disk or
  inodes, and nothing it writes is there for the next kernel. Scratch holds the submission's other files (never
  its notebook, whose sanitized copy carries the hidden tests); the host never touches it: it writes them into a
  fresh folder of ``control/`` (``Sandbox.stage_files``) and the kernel's process, still privileged, copies them
  in (refusing links, following none) and gives them to the kernel's user. Then ``control/`` (the server's
  socket, the kernels' stderr, staged files) is covered with an empty read-only tmpfs in the kernel's view.
- **network**: none; the sandbox has its own network namespace with only a loopback interface.
- **processes**: each kernel is PID 1 of a PID namespace of its own, inside the sandbox's: it cannot see or signal
  the server, another kernel or the instructor's processes, and when it exits Linux kills everything left in its
  namespace (daemons and setsid'd children too) before the server hears of the exit. Being PID 1, it ignores
  signals it sends itself that it has no handler for. ``processes`` processes and threads at most.
- **memory**: where the machine delegates a memory cgroup (``cgroups.py``), the whole sandbox is in one made for
  it: everything it uses together, shared memory, tmpfs files and page cache included, is bounded by what the
  server used once ready plus ``memory_mb`` plus what the kernel's tmpfs may hold (``Limits.tmpfs_mb``); past that
  the kernel is killed (SIGKILL; its ``oom_score_adj`` of 1000 makes it the first choice, not the server). In each
  kernel also ``memory_mb`` of data (RLIMIT_DATA: heap, anonymous mappings, thread stacks) beyond what the fork
  server had already imported, so that ordinary allocation fails with a ``MemoryError`` first. Files of at most
  ``file_mb``, no core dumps. Wall time per cell and per notebook, and output size, are bounded by the grading
  worker.
- **identity**: as root, each kernel runs as a user id of its own: a sandbox claims a block of ``UIDS_PER_SANDBOX``
  ids (62000 and up, no account needed; the claim is a lock in ``/tmp/dlcourse-grading-uids``) and its kernels
  take them in turn, so what one kernel started cannot signal the next, and the process limit (which Linux counts
  per user id) counts one kernel only. Without root there is one user id, the instructor's, mapped into a user
  namespace: the server and all its kernels share it (file permissions cannot tell them apart; the namespaces
  above still do). Either way a kernel has no capabilities left and cannot gain any (no_new_privs).

Where the machine lacks a piece, the sandbox does without it and says so in ``Sandbox.fallbacks``:

- no PID and mount namespace per kernel (``unshare`` or a mount refused, e.g. by a setuid bwrap, which leaves a user
  without root no capabilities): kernels run in the sandbox's own namespaces. What a kernel leaves running is
  killed by ``kill_leftovers`` after it exits; scratch, ``/tmp`` and ``/dev/shm`` are the sandbox's tmpfs
  (bounded in size by bwrap, not in files), which its kernels use one after another, emptied in between;
  ``control/`` stays in view (as root, unreadable to the kernels).
- no memory cgroup: memory is bounded per process, not in total: ``memory_mb`` of data each, and at most
  ``Limits.tmpfs_mb`` in the tmpfs; shared memory outside a file system (``memfd_create``, ``mmap(MAP_SHARED)``)
  is bounded only by the machine.

``kill_leftovers`` runs after every kernel in either case: a second line behind the PID namespace.
"""

import ctypes
import fcntl
import functools
import os
import re
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

# As root, sandbox k's kernels run as FIRST_UID + k * UIDS_PER_SANDBOX and the next ids; above 61000-61999, where
# a grader of one id per sandbox (before kernels had their own) takes its ids, so that the two never share one.
FIRST_UID = 62000
UIDS_PER_SANDBOX = 16  # more than a server's MAX_SANDBOXED_KERNELS, so a live kernel's id is never handed out
UID_BLOCKS = 200  # sandboxes at once on one machine (ids up to 65199, below nobody's 65534)
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
    tmp_mb: int = 256  # /tmp, and as much again for /dev/shm
    tmp_inodes: int = 20000  # files and folders in each
    scratch_mb: int = 256
    scratch_inodes: int = 20000

    def tmpfs_mb(self) -> int:
        """What a kernel's tmpfs (scratch, /tmp, /dev/shm) may hold together: memory, once written."""
        return self.scratch_mb + 2 * self.tmp_mb


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


_SANDBOX_NAMESPACES = ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
                       "--die-with-parent", "--new-session"]
_USER_NAMESPACE = ["--unshare-user", "--disable-userns"]  # and no nested one to escape the limits


def _namespaces() -> list[str]:
    options = list(_SANDBOX_NAMESPACES)
    if os.geteuid() != 0:
        options += _USER_NAMESPACE + (["--cap-add", "ALL"] if _capabilities_allowed() else [])
    return options


@functools.cache
def _capabilities_allowed() -> bool:
    """Without root: may bwrap keep capabilities in its user namespace (it refuses where it is installed setuid)?

    They are the user namespace's only, for the server to give each kernel namespaces of its own; every kernel drops
    them all before it runs. Where bwrap refuses, kernels share the sandbox's namespaces (``Sandbox.fallbacks``).
    """
    probe = [bwrap_path(), *_SANDBOX_NAMESPACES, *_USER_NAMESPACE, "--cap-add", "ALL", "--ro-bind", "/", "/", "true"]
    return subprocess.run(probe, capture_output=True, timeout=30).returncode == 0


class Sandbox:
    """One sandbox: a folder shared with the kernels, the bwrap command line, a memory cgroup where the machine
    allows one, and (as root) a block of user ids.

    The folder holds ``control/`` (the server's socket, the kernels' stderr and the files staged for the next
    kernel: the host's and the server's alone), ``run/`` (a fresh folder per kernel, made by the host, for its
    connection file and ZeroMQ sockets; the kernel's privileged process gives it to the kernel's user) and
    ``scratch/``, where each kernel sees a tmpfs of its own (the host's folder stays empty).
    """

    def __init__(self, limits: Limits = Limits()):
        from . import cgroups

        check_available()
        self.limits = limits
        self.folder = Path(tempfile.mkdtemp(prefix="dlcourse-sandbox-"))
        self.control, self.run, self.scratch = (self.folder / name for name in ("control", "run", "scratch"))
        self.fallbacks: dict[str, str] = {}  # protection -> why this machine lacks it, and what is done instead
        self.staged: str | None = None  # the folder of control/ the next kernel copies its files from
        self.memory_limit: int | None = None  # bytes, for the whole sandbox (see ``server_ready``)
        self._lock = None
        self.uids: list[int] | None = self._claim_uids() if os.geteuid() == 0 else None
        for path in (self.control, self.run, self.scratch):
            path.mkdir()
        os.chmod(self.folder, 0o755)
        os.chmod(self.control, 0o700)
        for path in (self.run, self.scratch):
            os.chmod(path, 0o755)
        try:
            self.cgroup = cgroups.create()
        except (cgroups.CgroupError, OSError) as err:
            self.cgroup = None
            self.fallbacks["memory"] = (f"no memory cgroup ({err}): memory is bounded per process (RLIMIT_DATA) "
                                        "and in the tmpfs, not in total")

    def _claim_uids(self) -> list[int]:
        """A block of user ids no other sandbox on this machine uses (held by a lock until ``close``)."""
        _LOCKS.mkdir(mode=0o700, exist_ok=True)
        for block in range(UID_BLOCKS):
            first = FIRST_UID + block * UIDS_PER_SANDBOX
            fd = os.open(_LOCKS / f"{first}+{UIDS_PER_SANDBOX}", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue
            self._lock = fd
            return list(range(first, first + UIDS_PER_SANDBOX))
        raise SandboxError(f"all {UID_BLOCKS} blocks of grading user ids are in use")

    def command(self, argv: list[str]) -> list[str]:
        """``argv`` (the fork server's command line) wrapped in bwrap."""
        options = [bwrap_path(), *_namespaces(), *system_view()]
        # Where kernels cannot have their own (see the module docstring), the sandbox's, bounded in size.
        for path, size, mode in (("/tmp", self.limits.tmp_mb, "1777"), ("/dev/shm", self.limits.tmp_mb, "1777")):
            options += ["--perms", mode, "--size", str(size * 2**20), "--tmpfs", path]
        binds = python_paths()
        options += folders_above([*binds, str(self.folder)])
        for path in binds:
            options += ["--ro-bind", path, path]
        for path in grader_package_paths(binds):  # an installed (not editable) grader: an empty folder over it
            options += ["--tmpfs", path]
        options += ["--bind", str(self.folder), str(self.folder),
                    "--size", str(self.limits.scratch_mb * 2**20), "--tmpfs", str(self.scratch),
                    "--chdir", str(self.scratch)]
        return [*options, "--", *argv]

    def stage_grader_code(self) -> str:
        """Copy ``GRADER_MODULES`` into a fresh folder of ``control/`` for the fork server; the folder to import from.

        The server deletes it once it has imported them (``forkserver._forget_grader_code``).
        """
        folder = Path(tempfile.mkdtemp(prefix="grader-", dir=self.control))
        package = folder / __package__
        package.mkdir()
        for name in GRADER_MODULES:
            shutil.copyfile(Path(__file__).with_name(name), package / name)
        return str(folder)

    def server_options(self) -> dict:
        """What the fork server needs to confine each kernel it forks."""
        uids = None if self.uids is None else [self.uids[0], len(self.uids)]
        return {"limits": asdict(self.limits), "uids": uids, "folder": str(self.folder)}

    def server_ready(self, report: dict) -> None:
        """The server is up (``report``: what it could set up for kernels): note what is missing, and bound the
        sandbox's memory from now on at what it uses plus what one kernel may add (one runs at a time)."""
        if not report.get("namespaces"):
            self.fallbacks["processes"] = (f"no PID and mount namespace per kernel ({report.get('why')}): "
                                           "leftovers are killed after each kernel; scratch and /tmp are shared")
        if self.cgroup is not None:
            limit = self.cgroup.usage() + (self.limits.memory_mb + self.limits.tmpfs_mb()) * 2**20
            try:
                self.cgroup.set_limit(limit)
                self.memory_limit = limit
            except OSError as err:
                self.fallbacks["memory"] = (f"the memory cgroup's limit cannot be set ({err}): memory is bounded "
                                            "per process (RLIMIT_DATA) and in the tmpfs, not in total")

    def join_cgroup(self) -> None:
        """In the fork server's process, before it execs bwrap (``Popen``'s ``preexec_fn``): so nothing escapes."""
        if self.cgroup is not None:
            self.cgroup.join()

    def kernel_env(self, env: dict[str, str], run: Path | None = None) -> dict[str, str]:
        """The instructor's environment cut down to ``KERNEL_ENV_KEEP``, with home and temp in the sandbox
        (``run``: the kernel's own folder of ``run/``)."""
        kept = {k: v for k, v in env.items() if k in KERNEL_ENV_KEEP or k.startswith("JPY_")}
        # HOME is not the scratch folder: files a student submits (.ipython/, .config/matplotlib/) must not
        # configure the kernel that grades them.
        return kept | {"HOME": "/tmp/home", "TMPDIR": "/tmp", "IPYTHONDIR": "/tmp/ipython",
                       "MPLCONFIGDIR": "/tmp/matplotlib", "JUPYTER_RUNTIME_DIR": str(run or self.run)}

    def kernel_folder(self, kernel_id: str) -> Path:
        """A new, empty folder of ``run/`` for one kernel's connection file and sockets, the host's until the
        kernel's privileged process gives it to the kernel's user. A restarted kernel (same id) gets a new one."""
        path = self.run / plain_name(kernel_id)
        _remove(path)
        path.mkdir(mode=0o700)  # fails if anything took the name since: nothing is written through it
        return path

    def stage_files(self, files: dict[str, bytes]) -> None:
        """Write a submission's other files (path relative to the submission -> content) into a fresh folder of
        ``control/``, for the next kernels' privileged process to copy into their scratch area.

        A name that would leave the folder (``../x``, ``/x``) is skipped: nbgrader would not have copied it either.
        """
        folder = Path(tempfile.mkdtemp(prefix="files-", dir=self.control))
        for relative, content in files.items():
            parts = PurePosixPath(relative).parts
            if not parts or relative.startswith("/") or any(part in ("..", ".") for part in parts):
                continue
            target = folder.joinpath(*parts)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            except OSError:
                continue  # a name that is also a folder's ("a" and "a/b"): the first one wins
            with os.fdopen(fd, "wb") as out:
                out.write(content)
        self.staged = folder.name

    def clear(self) -> None:
        """Remove the kernels' run folders and the staged files (between two notebooks).

        Kernels can write in ``run/``: every removal is by name, never through a link (``_remove``).
        """
        for child in list(self.run.iterdir()):
            _remove(child)
        for child in self.control.glob("files-*"):
            _remove(child)
        self.staged = None

    def close(self) -> None:
        if self.cgroup is not None:
            self.cgroup.close()  # whatever is left of the sandbox goes first
        shutil.rmtree(self.folder, ignore_errors=True)
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


def _remove(path: Path) -> None:
    """Remove ``path`` whatever it is; a link is removed, not followed (``rmtree`` follows none inside either, and
    refuses a folder swapped for a link meanwhile). What cannot be removed stays: a fresh name is used next time."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except OSError:
        pass


def grader_package_paths(binds: list[str]) -> list[str]:
    """The grader's package folders that ``binds`` would expose (it is installed in site-packages, not editable)."""
    import dlcourse

    found = {os.path.realpath(p) for p in dlcourse.__path__}
    return sorted(p for p in found if any(p.startswith(b.rstrip("/") + "/") for b in binds))


def system_view(own_proc: bool = True) -> list[str]:
    """bwrap options for a read-only view of the system (``/usr``, ``/etc`` and the top-level folders or links into
    ``/usr``), a ``/dev`` of its own and a ``/proc``: what a program needs, and no home, course or other user's data.

    ``own_proc=False`` shows the machine's ``/proc`` instead: bwrap covers parts of the ``/proc`` it mounts, and
    Linux refuses a sandbox inside the view (the grader's) a ``/proc`` of its own while any part of one is covered.
    """
    options = []
    for path in ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(path):
            options += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            options += ["--ro-bind", path, path]
    return [*options, *(["--proc", "/proc"] if own_proc else ["--bind", "/proc", "/proc"]), "--dev", "/dev"]


def folders_above(paths: list[str]) -> list[str]:
    """bwrap options making the folders above ``paths`` (mounted next) open to any user: bwrap makes them for root
    alone, and a kernel's (or a student's) user must get through them."""
    parents = sorted({str(p) for path in paths for p in Path(path).parents
                      if str(p) not in ("/", "/tmp", "/usr", "/etc")}, key=lambda p: p.count("/"))
    return [option for parent in parents for option in ("--perms", "0755", "--dir", parent)]


def python_paths() -> list[str]:
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

_libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNS, CLONE_NEWPID = 0x00020000, 0x20000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 8, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 1, 24, 38, 47, 4
_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
_FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)  # what the kernel's parent passes on (see below)


def namespaces_refused() -> str:
    """Why kernels cannot have PID and mount namespaces of their own here; ``""`` when they can.

    Tried once, in a child of the fork server before it imports anything (a small process forks fast): everything
    a kernel will do (``_enter_namespaces``, ``_mount_kernel_filesystems``) but on a scratch folder of its own.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            _unshare(CLONE_NEWNS | CLONE_NEWPID)
            _mount(None, "/", None, MS_REC | MS_PRIVATE)
            child = os.fork()
            if child == 0:  # PID 1 of the new namespace
                try:
                    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
                    _mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,nr_inodes=16,mode=1777")
                except OSError as err:
                    os.write(write_end, str(err).encode())
                os._exit(0)
            os.waitpid(child, 0)
        except OSError as err:
            os.write(write_end, str(err).encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as answer:
        why = answer.read().decode(errors="replace")
    os.waitpid(pid, 0)
    return why


def confine_kernel(options: dict, kernel: dict) -> None:
    """In a freshly forked kernel, before any of its code runs: its own namespaces and file systems, its files,
    its limits, and no privilege left. ``kernel``: ``uid`` (``None`` without root), ``run`` (its folder of
    ``run/``) and ``files`` (its staged files' folder of ``control/``), any of them ``None``.

    With namespaces (``options["namespaces"]``) this returns in a new process, PID 1 of the kernel's namespace;
    the process it was called in stays behind as the kernel's parent (``_parent_of_kernel``).
    """
    limits = Limits(**options["limits"])
    folder, uid = options["folder"], kernel.get("uid")
    _write("/proc/self/oom_score_adj", "1000")  # when the sandbox runs out of memory, the kernel goes, not the server
    parent = None
    if options.get("namespaces"):
        parent = _enter_namespaces()
        _mount_kernel_filesystems(folder, limits, uid)
    else:
        _empty_scratch(os.path.join(folder, "scratch"), uid)
    _copy_staged(folder, kernel.get("files"), uid)
    _hand_over(folder, kernel.get("run"), uid)
    if options.get("namespaces"):  # the server's socket, the kernels' stderr, the staged files: out of sight
        _mount("tmpfs", os.path.join(folder, "control"), "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
               "size=4k,nr_inodes=1,mode=0755")
    used = _data_bytes()
    for kind, value in ((resource.RLIMIT_DATA, used + limits.memory_mb * 2**20),
                        (resource.RLIMIT_NPROC, limits.processes),
                        (resource.RLIMIT_FSIZE, limits.file_mb * 2**20),
                        (resource.RLIMIT_CORE, 0)):
        resource.setrlimit(kind, (value, value))
    for path in ("/tmp/home", "/tmp/ipython", "/tmp/matplotlib"):
        os.makedirs(path, exist_ok=True)
        if uid is not None:
            os.chown(path, uid, uid, follow_symlinks=False)
    _drop_privileges(uid)
    if parent is not None:
        _die_with_parent(parent)  # only now: a change of user id clears it


def _enter_namespaces() -> int:
    """Fork the kernel as PID 1 of a new PID namespace, in a new mount namespace; return in it, with the read end
    of a pipe its parent holds open (``_die_with_parent``).

    This process stays outside as the kernel's parent, the process the server forked and waits for
    (``_parent_of_kernel``). The kernel dies with it, and everything in the namespace with the kernel.
    """
    _unshare(CLONE_NEWNS | CLONE_NEWPID)
    _mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing mounted from here on is seen outside
    alive_read, alive_write = os.pipe()
    signal.pthread_sigmask(signal.SIG_BLOCK, _FORWARDED)  # until each side has its own handlers
    pid = os.fork()
    if pid:
        os.close(alive_read)
        _parent_of_kernel(pid)
    os.close(alive_write)
    os.setsid()  # a session of its own: the server's signals to the parent's group do not reach it twice
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _FORWARDED)
    return alive_read


def _die_with_parent(alive_read: int) -> None:
    """Be killed when the kernel's parent dies (it is killed itself when the kernel is). ``alive_read``: a pipe
    whose only write end the parent holds: at end of file, it had died before this took effect."""
    _check(_libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "prctl(PR_SET_PDEATHSIG)")
    if select.select([alive_read], [], [], 0)[0]:
        os._exit(1)
    os.close(alive_read)


def _parent_of_kernel(pid: int) -> None:
    """Wait for the kernel ``pid`` and exit as it did (code, or the same signal), so the server's report of its
    child's exit is the kernel's. Passes an interrupt on; a terminate or hangup becomes a kill (the server's way
    to kill the kernel: ``forkserver._stop_through_parent``), since the kernel, PID 1 of its namespace, would
    ignore one it has no handler for. Never returns."""

    def forward(signum, _frame):
        try:
            os.kill(pid, signal.SIGINT if signum == signal.SIGINT else signal.SIGKILL)
        except OSError:
            pass

    for signum in _FORWARDED:
        signal.signal(signum, forward)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _FORWARDED)
    _, status = os.waitpid(pid, 0)  # the whole namespace is gone by the time this returns
    code = os.waitstatus_to_exitcode(status)
    if code >= 0:
        os._exit(code)
    signum = -code
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if signum not in (signal.SIGKILL, signal.SIGSTOP):  # those two have no handler to reset
        signal.signal(signum, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signum])
    os.kill(os.getpid(), signum)
    os._exit(128 + signum)  # a signal that does not end a process (none the kernel dies of)


def _mount_kernel_filesystems(folder: str, limits: Limits, uid: int | None) -> None:
    """The kernel's own /proc (its namespace's processes only), /tmp, /dev/shm and scratch (fresh tmpfs)."""
    flags = MS_NOSUID | MS_NODEV
    _mount("proc", "/proc", "proc", flags | MS_NOEXEC)
    tmp = f"size={limits.tmp_mb}m,nr_inodes={limits.tmp_inodes},mode=1777"
    _mount_over_tmp(tmp)
    _mount("tmpfs", "/dev/shm", "tmpfs", flags, tmp)
    owner = "" if uid is None else f",uid={uid},gid={uid}"
    _mount("tmpfs", os.path.join(folder, "scratch"), "tmpfs", flags,
           f"size={limits.scratch_mb}m,nr_inodes={limits.scratch_inodes},mode=0700{owner}")


def _mount_over_tmp(options: str) -> None:
    """A fresh tmpfs on /tmp, with what the sandbox had mounted below /tmp (its own folder, perhaps Python's)
    mounted again on it: each is held by a file descriptor while /tmp is covered."""
    below = _mounts_below("/tmp")
    held = [(path, os.open(path, os.O_PATH | os.O_NOFOLLOW)) for path in below]
    _mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, options)
    for path, fd in held:
        source = f"/proc/self/fd/{fd}"
        for parent in reversed(Path(path).parents[:-2]):  # /tmp/a, /tmp/a/b, ...: the way in, for everyone
            if not parent.exists():
                parent.mkdir()
                parent.chmod(0o755)
        if os.path.isdir(source):
            os.mkdir(path, 0o755)
        else:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        _mount(source, path, None, MS_BIND | MS_REC)  # keeps its flags (read-only stays read-only)
        os.close(fd)


def _mounts_below(top: str) -> list[str]:
    """Mount points strictly below ``top``, outermost only (a recursive bind brings the inner ones along)."""
    points = []
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        point = re.sub(r"\\([0-7]{3})", lambda match: chr(int(match.group(1), 8)), line.split()[4])
        if point.startswith(top.rstrip("/") + "/") and point not in points:
            points.append(point)
    return [p for p in points if not any(p.startswith(q + "/") for q in points)]


def _empty_scratch(scratch: str, uid: int | None) -> None:
    """Without namespaces: the sandbox's scratch tmpfs, emptied of the last kernel's files, for this one alone."""
    fd = os.open(scratch, _DIRECTORY)
    try:
        for entry in os.scandir(fd):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.name, dir_fd=fd)
            else:
                os.unlink(entry.name, dir_fd=fd)
        if uid is not None:
            os.fchown(fd, uid, uid)
        os.fchmod(fd, 0o700)
    finally:
        os.close(fd)


def _copy_staged(folder: str, name: str | None, uid: int | None) -> None:
    """Copy the files the host staged in ``control/<name>`` into the kernel's scratch area, owned by its user."""
    if not name:
        return
    source = os.open(os.path.join(folder, "control", plain_name(name)), _DIRECTORY)
    target = os.open(os.path.join(folder, "scratch"), _DIRECTORY)
    try:
        _copy_tree(source, target, uid)
    finally:
        os.close(source)
        os.close(target)


def _copy_tree(source: int, target: int, uid: int | None) -> None:
    """Copy the folder open as ``source`` into the one open as ``target``: folders and plain files only (a link
    is refused, none is followed), each new one opened by name in its parent, never overwriting."""
    for entry in os.scandir(source):
        if entry.is_dir(follow_symlinks=False):
            os.mkdir(entry.name, 0o755, dir_fd=target)
            inner_source = os.open(entry.name, _DIRECTORY, dir_fd=source)
            inner_target = os.open(entry.name, _DIRECTORY, dir_fd=target)
            try:
                _own(inner_target, uid)
                _copy_tree(inner_source, inner_target, uid)
            finally:
                os.close(inner_source)
                os.close(inner_target)
        elif entry.is_file(follow_symlinks=False):
            src = os.open(entry.name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=source)
            dst = os.open(entry.name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=target)
            try:
                while chunk := os.read(src, 1 << 20):
                    os.write(dst, chunk)
                _own(dst, uid)
            finally:
                os.close(src)
                os.close(dst)


def _hand_over(folder: str, name: str | None, uid: int | None) -> None:
    """Give the kernel's user its folder of ``run/`` (made by the host, holding its connection file): by file
    descriptor, opened without following a link."""
    if not name or uid is None:
        return
    run = os.open(os.path.join(folder, "run"), _DIRECTORY)
    try:
        own = os.open(plain_name(name), _DIRECTORY, dir_fd=run)
    finally:
        os.close(run)
    try:
        for entry in os.scandir(own):
            if entry.is_file(follow_symlinks=False):
                fd = os.open(entry.name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=own)
                _own(fd, uid)
                os.close(fd)
        _own(own, uid)
    finally:
        os.close(own)


def _own(fd: int, uid: int | None) -> None:
    if uid is not None:
        os.fchown(fd, uid, uid)


def plain_name(name: str) -> str:
    """``name`` if it is one file name (no folder, not . or ..), else ``ValueError``: what the server is sent is
    checked, not trusted."""
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_.-]+", name) or name in (".", ".."):
        raise ValueError(f"not a plain file name: {name!r}")
    return name


def _drop_privileges(uid: int | None) -> None:
    """No capabilities left, none to gain: to ``uid`` for good as root; in a user namespace, capabilities dropped."""
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)")
    last = int(Path("/proc/sys/kernel/cap_last_cap").read_text())
    for cap in range(last + 1):
        _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)  # fails without CAP_SETPCAP: then there is nothing to drop
    _libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    if uid is not None:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)  # for good: no way back to root
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    _check(_libc.capset(header, (ctypes.c_uint32 * 6)()), "capset")
    with open("/proc/self/status") as status:
        left = [line for line in status if line.startswith(("CapPrm:", "CapEff:", "CapAmb:"))]
    if any(int(line.split()[1], 16) for line in left):
        raise PermissionError(f"the kernel kept capabilities: {left}")


def _unshare(flags: int) -> None:
    _check(_libc.unshare(flags), "unshare")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    args = [None if text is None else text.encode() for text in (source, target, fstype)]
    _check(_libc.mount(*args, flags, None if data is None else data.encode()), f"mount {target}")


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _write(path: str, text: str) -> None:
    with open(path, "w") as f:
        f.write(text)


def _data_bytes() -> int:
    """This process's data segment (VmData): what RLIMIT_DATA counts."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0


def kill_leftovers(keep: set[int], folder: str) -> None:
    """Kill every process of the sandbox's own PID namespace but the server, the sandbox's init and the live
    kernels' sessions; with no kernel left, empty /tmp and /dev/shm too (but for the sandbox's ``folder``).

    Whatever a kernel started and left behind (a daemon, a setsid'd child, a file) must not live on to meet the
    next student's work. A kernel with a PID namespace of its own took its leftovers with it (a process in another
    namespace is one of a live kernel's, gone when it goes); this is for kernels without one. Run by the fork server
    after a kernel exits; the PID namespace makes /proc the sandbox's.
    """
    me = os.getpid()
    own = os.readlink("/proc/self/ns/pid")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        pid = int(entry)
        if pid in (1, me):
            continue
        try:
            if os.getsid(pid) in keep or os.readlink(f"/proc/{pid}/ns/pid") != own:
                continue
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    if keep:
        return
    for top in ("/tmp", "/dev/shm"):  # the sandbox's tmpfs: the next kernel starts with them empty
        for entry in os.listdir(top):
            path = os.path.join(top, entry)
            if (folder + "/").startswith(path + "/"):
                continue  # the sandbox's own folder, bound from outside
            try:
                shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.remove(path)
            except OSError:
                pass
