"""A memory cgroup around one sandbox: one bound on all the memory its processes use together.

``RLIMIT_DATA`` bounds one process's heap and private mappings. It does not see shared memory (``/dev/shm``,
``memfd_create``, ``mmap(MAP_SHARED)``), files in a tmpfs, or memory spread over many processes. A memory cgroup
charges all of that to whoever touched it, and when the cgroup's limit is reached the kernel reclaims what it can
(page cache) and then kills a process in it (the one with the highest ``oom_score_adj``: the sandbox's kernel).

The host makes the cgroup as a child of one it may write to (``create``), and the fork server's process joins it
before it execs bwrap (``join``, in ``Popen``'s ``preexec_fn``), so everything the sandbox ever starts is in it.

- cgroup v2: a child of our own cgroup, or of its parent (a systemd user session's delegated slice), whichever has
  the memory controller in ``cgroup.subtree_control`` and is writable; the limit is ``memory.max`` (and no swap).
- cgroup v1: a child of our own cgroup in the memory hierarchy; the limit is ``memory.limit_in_bytes`` (and
  ``memory.memsw.limit_in_bytes``, memory plus swap, where swap is accounted). v1 charges tmpfs and shm pages too.

Where neither exists or is writable (most unprivileged accounts without a systemd session), ``create`` raises
``CgroupError`` saying why; the sandbox then does without (see ``sandbox.py``).
"""

import os
import re
import signal
import time
import uuid
from pathlib import Path


class CgroupError(RuntimeError):
    """No memory cgroup can be made here; the message says why."""


class Cgroup:
    """A memory cgroup this process made (``create``); ``close`` kills what is left in it and removes it."""

    def __init__(self, path: Path, version: int):
        self.path = path
        self.version = version

    def join(self) -> None:
        """Move the calling process into this cgroup. Safe in ``preexec_fn``: plain system calls only."""
        fd = os.open(self.path / "cgroup.procs", os.O_WRONLY)
        try:
            os.write(fd, str(os.getpid()).encode())
        finally:
            os.close(fd)

    def usage(self) -> int:
        """Bytes charged to the cgroup now (its processes' memory, page cache, tmpfs and shared memory)."""
        return int(self._read("memory.current" if self.version == 2 else "memory.usage_in_bytes"))

    def limit(self) -> int:
        text = self._read("memory.max" if self.version == 2 else "memory.limit_in_bytes")
        return -1 if text == "max" else int(text)

    def set_limit(self, limit: int) -> None:
        """At most ``limit`` bytes for everything in the cgroup, swap included (no swapping past it)."""
        if self.version == 2:
            self._write("memory.max", limit)
            if (self.path / "memory.swap.max").exists():
                self._write("memory.swap.max", 0)
            return
        # Memory plus swap may never be below memory alone: lower memory first, raise memory plus swap first.
        order = ["memory.limit_in_bytes", "memory.memsw.limit_in_bytes"]
        if limit > self.limit():
            order.reverse()
        for name in order:
            if (self.path / name).exists():
                self._write(name, limit)

    def oom_kills(self) -> int:
        """How many processes the kernel has killed in this cgroup for reaching its limit."""
        text = self._read("memory.events" if self.version == 2 else "memory.oom_control")
        for line in text.splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill":
                return int(value)
        return 0

    def processes(self) -> list[int]:
        return [int(pid) for pid in self._read("cgroup.procs").split()]

    def close(self, seconds: float = 5) -> None:
        """Kill every process still in the cgroup, then remove it (a cgroup with processes cannot be removed)."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                left = self.processes()
            except OSError:
                return  # already gone
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            try:
                self.path.rmdir()
                return
            except OSError:
                if time.monotonic() > deadline:
                    return  # an empty, harmless cgroup stays behind; nothing in it runs
                time.sleep(0.02)

    def _read(self, name: str) -> str:
        return (self.path / name).read_text().strip()

    def _write(self, name: str, value: int) -> None:
        (self.path / name).write_text(str(value))


def create(prefix: str = "dlcourse-sandbox-") -> Cgroup:
    """A fresh memory cgroup for a sandbox, without a limit yet; ``CgroupError`` if none can be made here."""
    places = _candidates()
    if not places:
        raise CgroupError("this machine has no memory cgroup controller this process may use")
    why = []
    for base, version in places:
        _remove_stale(base, prefix)
        path = base / f"{prefix}{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            path.mkdir()
        except OSError as err:
            why.append(f"cannot make a cgroup in {base}: {err.strerror}")
            continue
        if not (path / ("memory.max" if version == 2 else "memory.limit_in_bytes")).exists():
            path.rmdir()
            why.append(f"{base} has no memory controller for its children")
            continue
        return Cgroup(path, version)
    raise CgroupError("; ".join(why))


def _remove_stale(base: Path, prefix: str) -> None:
    """Remove the empty cgroups of sandboxes whose process has died without ``close`` (killed, say). Each is named
    after the process that made it: one that still runs may be about to use its cgroup, and keeps it."""
    for path in base.glob(f"{prefix}*-*"):
        owner = path.name[len(prefix):].split("-")[0]
        if not owner.isdigit():
            continue
        try:
            os.kill(int(owner), 0)
            continue  # alive (or a process that took its number: then it stays until that one has gone)
        except ProcessLookupError:
            pass
        except OSError:
            continue
        try:
            path.rmdir()  # refused while a process is in it
        except OSError:
            pass


def _candidates() -> list[tuple[Path, int]]:
    """Where a child memory cgroup could be made: (folder, cgroup version), most specific first."""
    mounts = _cgroup_mounts()
    found = []
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, own = line.split(":", 2)
        if "memory" in controllers.split(",") and "v1" in mounts:
            mount, root = mounts["v1"]
            found.append((_under(mount, root, own), 1))
        elif controllers == "" and "v2" in mounts:
            mount, root = mounts["v2"]
            own_path = _under(mount, root, own)
            for base in (own_path, own_path.parent):
                if _delegates_memory(base, mount):
                    found.append((base, 2))
    return found


def _delegates_memory(base: Path, mount: Path) -> bool:
    """Can children of ``base`` (a v2 cgroup inside ``mount``) get the memory controller, and may we make them?"""
    try:
        enabled = (base / "cgroup.subtree_control").read_text().split()
    except OSError:
        return False
    return base.is_relative_to(mount) and "memory" in enabled and os.access(base, os.W_OK)


def _under(mount: Path, root: str, own: str) -> Path:
    """The folder of cgroup ``own`` (as /proc/self/cgroup names it) in a hierarchy mounted at ``mount``."""
    relative = own[len(root):] if root != "/" and own.startswith(root) else own
    return mount / relative.lstrip("/")


def _cgroup_mounts() -> dict[str, tuple[Path, str]]:
    """The memory hierarchy's mount ("v1") and the unified one ("v2"): (mount point, the cgroup it shows as root)."""
    mounts = {}
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields = line.split()
        separator = fields.index("-")
        fstype, options = fields[separator + 1], fields[separator + 3].split(",")
        point = Path(_unescape(fields[4]))
        if fstype == "cgroup2":
            mounts.setdefault("v2", (point, _unescape(fields[3])))
        elif fstype == "cgroup" and "memory" in options:
            mounts.setdefault("v1", (point, _unescape(fields[3])))
    return mounts


def _unescape(field: str) -> str:
    """mountinfo writes a space, tab, newline or backslash in a path as an octal escape (\\040)."""
    return re.sub(r"\\([0-7]{3})", lambda match: chr(int(match.group(1), 8)), field)
