"""A course hub on this machine, to try the semester's loop on the real parts: JupyterHub, nbgrader's exchange and
real accounts.

``dlcourse hub`` (``make hub``) makes what the hub needs in a state folder (``.hub/`` by default) and runs
JupyterHub with ``hub/jupyterhub_config.py``, which is the interface for a real deployment (README, "A course on
JupyterHub"). What it makes, all of it marked as the trial's and removed by ``dlcourse hub --remove``:

- system accounts (one instructor, a few students) with a fresh random password each, printed at start: JupyterHub
  logs them in with PAM, its default authenticator, and runs each user's server as that user;
- their homes under ``<state>/home/``, open to their owner alone;
- nbgrader's exchange, ``<state>/exchange``, open to everyone as nbgrader expects (it makes the course's
  ``inbound/`` write-only for students itself);
- the instructor's course, ``~instructor/dl-foundations``: this repository's config and solutions, released.

Each server runs in bubblewrap, as its user (``CourseSpawner``, ``user_view``): a student's sees the system, Python
with the course stack and the student package, their own home and the exchange, and nothing else of this machine:
no other home, no instructor's course, not this repository's ``solutions/``. Whatever they try in the file browser
or a terminal, there is nothing else to read.
"""

import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import List, Unicode

from . import sandbox
from .course import CourseError

REPO = Path(__file__).resolve().parent.parent
HUB_DIR = REPO / "hub"  # jupyterhub_config.py, each role's Jupyter config, configurable-http-proxy's pin
PROXY = HUB_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
COURSE_FOLDER = "dl-foundations"  # the instructor's course, in their home
COURSE_ID = "dl-foundations"  # nbgrader_config.py's CourseDirectory.course_id: the course's folder in the exchange
#: The comment (GECOS) field of the accounts the trial makes: only these are ever changed or removed.
MARKER = "dl-foundations trial hub account (dlcourse hub --remove deletes it)"
INSTRUCTOR = "instructor"
STUDENTS = ("ada", "ben", "cy")
TRIAL_FILE = "hub.json"  # what hub/jupyterhub_config.py reads: accounts, folders, ports


@dataclass
class Trial:
    """One trial hub's state folder and what is in it."""

    state: Path
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    instructors: list[str] = field(default_factory=lambda: [INSTRUCTOR])
    students: list[str] = field(default_factory=lambda: list(STUDENTS))
    passwords: dict[str, str] = field(default_factory=dict)

    @property
    def exchange(self) -> Path:
        return self.state / "exchange"

    @property
    def homes(self) -> Path:
        return self.state / "home"

    def home(self, name: str) -> Path:
        return self.homes / name

    @property
    def course(self) -> Path:
        return self.home(self.instructors[0]) / COURSE_FOLDER

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def save(self) -> None:
        settings = {"port": self.port, "hub_port": self.hub_port, "proxy_api_port": self.proxy_api_port,
                    "instructors": self.instructors, "students": self.students,
                    "exchange": str(self.exchange), "course": str(self.course)}
        (self.state / TRIAL_FILE).write_text(json.dumps(settings, indent=1) + "\n")
        passwords = self.state / "passwords.json"
        passwords.write_text(json.dumps(self.passwords, indent=1) + "\n")
        passwords.chmod(0o600)


def prepare(state: Path, *, port: int = 8000, hub_port: int = 8081, proxy_api_port: int = 8001,
            students: list[str] | None = None, assignments: list[str] | None = None) -> Trial:
    """Accounts, homes, exchange and the instructor's course for a trial hub in ``state``; new passwords each time.

    Raises:
        CourseError: not root, no bubblewrap, setpriv or configurable-http-proxy, or a
            name taken by an account the trial did not make. Nothing is changed then.
    """
    from .demo import make_course

    trial = Trial(Path(state).resolve(), port, hub_port, proxy_api_port, students=list(students or STUDENTS))
    _check_machine(trial)
    trial.state.mkdir(parents=True, exist_ok=True)
    trial.state.chmod(0o700)  # users reach their home and the exchange only in their view (user_view)
    trial.homes.mkdir(exist_ok=True)
    trial.exchange.mkdir(exist_ok=True)
    trial.exchange.chmod(0o1777)  # what nbgrader's exchange makes of its root itself
    for name in [*trial.instructors, *trial.students]:
        _account(name, trial.home(name))
        trial.passwords[name] = secrets.token_urlsafe(9)
        subprocess.run(["chpasswd"], input=f"{name}:{trial.passwords[name]}\n", text=True, check=True)
    # The course's folder in the exchange, made now and the instructor's: nbgrader makes it at the first release,
    # and until then any student could make it first and own it (the root is open to all; jupyter/nbgrader#1225).
    (trial.exchange / COURSE_ID).mkdir(exist_ok=True)
    shutil.chown(trial.exchange / COURSE_ID, trial.instructors[0], trial.instructors[0])
    (trial.exchange / COURSE_ID).chmod(0o755)
    if not (trial.course / "nbgrader_config.py").exists():
        make_course(REPO, trial.course, assignments)  # a course made by an earlier start is kept, with its grades
        _give(trial.course, trial.instructors[0])
    trial.save()
    return trial


def remove(state: Path) -> list[str]:
    """Delete the trial's accounts (only those it made) and its state folder. Returns the accounts removed."""
    state = Path(state).resolve()
    settings = json.loads((state / TRIAL_FILE).read_text()) if (state / TRIAL_FILE).exists() else {}
    removed = []
    for name in [*settings.get("instructors", [INSTRUCTOR]), *settings.get("students", STUDENTS)]:
        if _is_trial_account(name):
            subprocess.run(["pkill", "-KILL", "-u", name], check=False)
            subprocess.run(["userdel", name], check=True, capture_output=True)
            removed.append(name)
    shutil.rmtree(state, ignore_errors=True)
    return removed


def hub_command(trial: Trial) -> list[str]:
    """JupyterHub's command line, run with the state folder as its working directory (see ``hub_env``)."""
    return [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(HUB_DIR / "jupyterhub_config.py")]


def hub_env(trial: Trial) -> dict[str, str]:
    env = dict(os.environ, DLCOURSE_HUB_STATE=str(trial.state))
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '/usr/bin:/bin')}"
    return env


def run(trial: Trial) -> int:
    """Run the hub in the foreground until Ctrl-C; says where it is and how to log in first."""
    print(f"The course hub: {trial.url}  (127.0.0.1 only; Ctrl-C stops it)")
    print(f"Log in as (new passwords each start; also in {trial.state / 'passwords.json'}, for root only):")
    for name in [*trial.instructors, *trial.students]:
        role = "instructor: formgrader, nbgrader's commands" if name in trial.instructors else "student"
        print(f"  {name:<12} {trial.passwords[name]:<14} {role}")
    print(f"The instructor's course: {trial.course}; the exchange: {trial.exchange}")
    print("Remove the accounts and the state again with: make hub-clean", flush=True)
    process = subprocess.Popen(hub_command(trial), cwd=trial.state, env=hub_env(trial))
    try:
        return process.wait()
    except KeyboardInterrupt:  # Ctrl-C: how the trial hub is meant to end, so not a failure
        process.send_signal(signal.SIGINT)
        process.wait()
        return 0


def user_env(name: str, settings: dict) -> dict[str, str]:
    """What a user's server (and every terminal and kernel in it) has in its environment besides JupyterHub's own:
    the course's Python first on PATH, the Jupyter config of the user's role, the exchange and the course."""
    role = "instructor" if name in settings["instructors"] else "student"
    return {
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "JUPYTER_CONFIG_PATH": str(HUB_DIR / role),
        "NBGRADER_EXCHANGE": settings["exchange"],
        "DLCOURSE_COURSE": settings["course"],
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }


def user_view(name: str, settings: dict) -> list[str]:
    """The command line, up to the program, that runs a program as ``name`` in that user's view of the machine.

    bwrap runs as root, so that it can mount what the user needs but may not reach on the host (the course's
    Python may live under /root), then setpriv becomes the user: their ids and groups, no capabilities, no way to
    gain any. The view holds the system, the course's Python (``sandbox.python_paths``: the environment and the
    student package), the role's Jupyter config, the user's home and the exchange; an instructor's also the grader
    (``dlcourse/``), which their course's config imports, and the machine's ``/proc`` and processes, so that the
    grader can make its own sandbox inside (``sandbox.system_view``). A student's process tree is its own: the hub
    stops a server by signalling bwrap, and everything in the tree goes with it.
    """
    account = pwd.getpwnam(name)
    instructor = name in settings["instructors"]
    readable = [*sandbox.python_paths(), str(REPO / "student"), str(HUB_DIR / ("instructor" if instructor else
                                                                                  "student"))]
    if instructor:
        readable.append(str(REPO / "dlcourse"))
    writable = [account.pw_dir, settings["exchange"]]
    # The grader in an instructor's view needs the machine's /proc, which only makes sense in the machine's process
    # namespace; there, a stopped server's kernels and terminals end with it (ipykernel watches its parent, a
    # terminal's shell gets SIGHUP).
    own = ["--unshare-ipc", "--unshare-uts", *([] if instructor else ["--unshare-pid"])]
    options = [sandbox.bwrap_path(), *own, "--die-with-parent",
               *sandbox.system_view(own_proc=not instructor),
               "--perms", "1777", "--tmpfs", "/tmp", "--perms", "1777", "--tmpfs", "/dev/shm",  # (semaphores live here)
               *sandbox.folders_above([*readable, *writable])]
    for path in sorted(set(readable), key=lambda p: p.count("/")):
        options += ["--ro-bind", path, path]
    if not instructor:  # an installed (not editable) grader would be in the environment: an empty folder over it
        for path in sandbox.grader_package_paths(readable):
            options += ["--tmpfs", path]
    for path in writable:
        options += ["--bind", path, path]
    become = ["setpriv", f"--reuid={account.pw_uid}", f"--regid={account.pw_gid}", "--init-groups",
              "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"]
    return [*options, "--chdir", account.pw_dir, "--", *become, "--"]


def settings_of(trial: Trial) -> dict:
    """What ``user_env`` and ``user_view`` need, as hub/jupyterhub_config.py has it (from hub.json)."""
    return json.loads((trial.state / TRIAL_FILE).read_text())


def as_user(trial: Trial, name: str, argv: list[str], cwd: Path | None = None) -> tuple[list[str], dict[str, str]]:
    """``argv`` as ``name`` would run it in a terminal of their hub server (in ``cwd``, default their home): the
    command line and its environment."""
    settings = settings_of(trial)
    home = pwd.getpwnam(name).pw_dir
    env = {"HOME": home, "USER": name, "LANG": "C.UTF-8", "SHELL": "/bin/bash", **user_env(name, settings)}
    view = user_view(name, settings)
    if cwd is not None:
        view[view.index("--chdir") + 1] = str(cwd)
    return [*view, *argv], env


class CourseSpawner(LocalProcessSpawner):
    """JupyterHub's local-process spawner, each server in its user's view of the machine (``user_view``)."""

    instructors = List(Unicode(), help="users with the instructor's view: formgrader, the grader").tag(config=True)
    exchange = Unicode(help="nbgrader's exchange folder (Exchange.root)").tag(config=True)
    course = Unicode(help="the instructor's course folder").tag(config=True)

    def _settings(self) -> dict:
        return {"instructors": self.instructors, "exchange": self.exchange, "course": self.course}

    def get_env(self):
        env = super().get_env()
        env.update(user_env(self.user.name, self._settings()))
        return env

    def make_preexec_fn(self, name):
        return None  # bwrap starts as root; setpriv inside the view becomes the user

    async def start(self):
        plain = self.cmd
        self.cmd = [*user_view(self.user.name, self._settings()), *plain]
        try:
            return await super().start()  # reads self.cmd before its first await
        finally:
            self.cmd = plain


def _check_machine(trial: Trial) -> None:
    if os.geteuid() != 0:
        raise CourseError("The trial hub makes system accounts and runs each user's server as its user: run it as "
                          "root (sudo make hub).")
    for tool in ("useradd", "usermod", "userdel", "chpasswd", "setpriv"):
        if shutil.which(tool) is None:
            raise CourseError(f"The trial hub needs {tool} (Debian packages passwd and util-linux).")
    if sandbox.bwrap_path() is None:
        raise CourseError("Students' servers run in bubblewrap: apt-get install bubblewrap (make sandbox).")
    if not PROXY.exists():
        raise CourseError(f"No configurable-http-proxy at {PROXY}: run make hub, which installs it with npm.")
    for name in [*trial.instructors, *trial.students]:
        if _exists(name) and not _is_trial_account(name):
            raise CourseError(f"An account named {name} exists and the trial hub did not make it; it leaves it alone. "
                              "Remove it, or try the hub on another machine.")


def _account(name: str, home: Path) -> None:
    if not _exists(name):
        subprocess.run(["useradd", "--comment", MARKER, "--home-dir", str(home), "--create-home",
                        "--shell", "/bin/bash", "--user-group", name], check=True, capture_output=True)
    elif pwd.getpwnam(name).pw_dir != str(home):  # a trial account of another state folder: this one's home now
        subprocess.run(["usermod", "--home", str(home), name], check=True, capture_output=True)
    home.mkdir(exist_ok=True)
    shutil.chown(home, name, name)
    home.chmod(0o700)  # nobody else reads a student's work, submitted or not


def _give(folder: Path, name: str) -> None:
    for path in [folder, *folder.rglob("*")]:
        shutil.chown(path, name, name)


def _exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def _is_trial_account(name: str) -> bool:
    try:
        return pwd.getpwnam(name).pw_gecos == MARKER
    except KeyError:
        return False
