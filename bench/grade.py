"""Benchmark: stock `nbgrader autograde` against `dlcourse grade` on the same synthetic class.

    make bench-grade                 # 8 students x 9 assignments
    make bench-grade STUDENTS=30

Builds one synthetic class (no deliberately broken submissions: both graders must finish every notebook), copies
it into course folders, grades one with stock nbgrader (`nbgrader autograde NAME` per assignment: one student and
one fresh kernel after another) and the others with `dlcourse grade` on 1 and then 2 local workers, and once on 1
worker without the sandbox (what isolation costs); checks that every graded cell got the same score from all, and
prints per notebook: wall seconds, CPU seconds (every process of the run, reaped children included), peak memory
(sum of proportional set sizes over the run's processes, sampled every 0.25 s) and the overhead beyond the
notebook's own cell execution.
"""

import argparse
import ctypes
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil
from nbgrader.api import Gradebook

from dlcourse.demo import make_course
from dlcourse.synthetic import MISTAKES, synthetic_class
from dlcourse.worker import cell_busy_seconds

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="tool runs to make (default: 1 2)")
    parser.add_argument("--keep", action="store_true", help="keep the course folders (printed) for inspection")
    args = parser.parse_args()
    _become_subreaper()  # orphaned grandchildren are reparented to us, so their CPU time is counted

    work = Path(tempfile.mkdtemp(prefix="bench-grade-"))
    print(f"Building a class of {args.students} students in {work} ...", flush=True)
    base = work / "class"
    names = make_course(ROOT, base)
    synthetic_class(base, MISTAKES, args.students, seed=7, specials=False)
    notebooks = len(list((base / "submitted").glob("*/*/*.ipynb")))
    print(f"{notebooks} notebooks ({len(names)} assignments).", flush=True)

    runs = {}
    stock = _copy(base, work / "stock")
    runs["stock nbgrader"] = _measure(
        [[str(BIN / "nbgrader"), "autograde", name, "--force"] for name in names], stock)
    runs["stock nbgrader"]["cell"] = _stock_cell_seconds(stock)
    # The sandboxed runs the instructor gets, and one without the sandbox: what isolation costs.
    tool_runs = [(n, True) for n in args.workers] + [(1, False)]
    for n, sandboxed in tool_runs:
        folder = _copy(base, work / f"tool-{n}-{'sandbox' if sandboxed else 'bare'}")
        command = [str(BIN / "dlcourse"), "--root", str(folder), "grade", "--force", "--workers", str(n)]
        run = _measure([command + ([] if sandboxed else ["--no-sandbox"])], folder)
        log = json.loads((folder / ".dlcourse" / "last-run.json").read_text())
        timed = [nb for r in log["results"] for nb in r["notebooks"]]
        run["cell"] = sum(nb["cell_seconds"] for nb in timed)
        run["in_worker_overhead"] = sum(nb["seconds"] - nb["cell_seconds"] for nb in timed) / max(1, len(timed))
        run["coordinator"] = sum(r["coordinator_seconds"] for r in log["results"]) / max(1, len(timed))
        run["workers"] = n
        run["sandboxed"] = sandboxed
        runs[f"dlcourse grade, {n} worker{'s' * (n > 1)}{'' if sandboxed else ', no sandbox'}"] = run
        mismatches = _compare(stock, folder)
        if mismatches:
            print(f"SCORES DIFFER ({len(mismatches)} cells), e.g.: {mismatches[:5]}")
            return 1
    print(f"\nEvery graded cell of all {notebooks} notebooks got the same score from stock nbgrader and dlcourse.\n")
    _print(runs, notebooks)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"\nkept: {work}")
    return 0


def _copy(base: Path, dest: Path) -> Path:
    shutil.copytree(base, dest, symlinks=True)
    return dest


def _measure(commands: list[list[str]], cwd: Path) -> dict:
    """Wall, CPU (this process's reaped descendants) and peak summed PSS while running ``commands``."""
    sampler = _MemorySampler()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    sampler.start()
    try:
        for command in commands:
            done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if done.returncode != 0:
                raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    finally:
        sampler.stop()
    wall = time.monotonic() - started
    _reap_orphans()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "peak_mb": sampler.peak / 2**20}


def _stock_cell_seconds(course: Path) -> float:
    return sum(cell_busy_seconds(nbformat.read(path, as_version=4))
               for path in (course / "autograded").glob("*/*/*.ipynb"))


def _compare(a: Path, b: Path) -> list:
    """Every (student, assignment, notebook, cell) whose score differs between two courses' gradebooks."""
    def scores(course: Path) -> dict:
        found = {}
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
            for assignment in gb.assignments:
                for submission in gb.assignment_submissions(assignment.name):
                    for notebook in submission.notebooks:
                        for grade in notebook.grades:
                            key = (submission.student.id, assignment.name, notebook.name, grade.name)
                            found[key] = grade.auto_score
        return found

    left, right = scores(a), scores(b)
    return [(key, left.get(key), right.get(key)) for key in sorted(set(left) | set(right))
            if left.get(key) != right.get(key)]


def _print(runs: dict, notebooks: int) -> None:
    stock = runs["stock nbgrader"]
    header = f"{'':36} {'s/notebook':>11} {'speed-up':>9} {'CPU s/nb':>9} {'peak MB':>8} {'overhead s/nb':>14}"
    print(header)
    print("-" * len(header))
    for name, run in runs.items():
        per = run["wall"] / notebooks
        # Overhead: time (worker-seconds when parallel) not spent executing the notebooks' cells, per notebook.
        overhead = (run["wall"] * run.get("workers", 1) - run["cell"]) / notebooks
        print(f"{name:36} {per:11.2f} {stock['wall'] / run['wall']:8.1f}x {run['cpu'] / notebooks:9.2f} "
              f"{run['peak_mb']:8.0f} {overhead:14.2f}")
    print("\noverhead s/nb = (wall seconds x workers - seconds the kernels spent running cells) / notebooks: kernel"
          "\nstart, imports, nbgrader's steps, the gradebook, the cluster; for stock nbgrader every cell is run,"
          "\nfor dlcourse the illustration-only cells are skipped, so the two rows' cell seconds differ.")
    for name, run in runs.items():
        if "in_worker_overhead" in run:
            print(f"{name}: on the worker, {run['in_worker_overhead']:.2f} s a notebook beyond its cells "
                  f"(fork, kernel start, preprocessors); cells ran {run['cell'] / notebooks:.2f} s a notebook; "
                  f"the coordinator spent {run['coordinator']:.3f} s a notebook on nbgrader's sanitize and record.")
    print(f"stock nbgrader: cells ran {stock['cell'] / notebooks:.2f} s a notebook.")
    tool = {run["workers"]: run["wall"] for run in runs.values() if run.get("sandboxed")}
    if 1 in tool and 2 in tool:
        print(f"scaling 1 -> 2 workers: {tool[1] / tool[2]:.2f}x the throughput")
    bare = [run for run in runs.values() if run.get("sandboxed") is False]
    boxed = [run for run in runs.values() if run.get("sandboxed") and run["workers"] == 1]
    if bare and boxed:
        wall = (boxed[0]["wall"] - bare[0]["wall"]) / notebooks
        on_worker = boxed[0]["in_worker_overhead"] - bare[0]["in_worker_overhead"]
        cells = (boxed[0]["cell"] - bare[0]["cell"]) / notebooks
        print(f"isolation (the bubblewrap sandbox and its limits), 1 worker: {wall:+.3f} s a notebook of wall time; "
              f"{on_worker:+.3f} s on the worker beyond the cells, {cells:+.3f} s in the cells (the test "
              "kernel runs in both)")


class _MemorySampler(threading.Thread):
    """Peak of the summed PSS of this process's descendants (PSS splits shared pages fairly between forks)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak = 0
        self._done = threading.Event()

    def run(self) -> None:
        me = psutil.Process()
        while not self._done.wait(0.25):
            total = 0
            for child in me.children(recursive=True):
                try:
                    total += child.memory_full_info().pss
                except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                    pass
            self.peak = max(self.peak, total)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _become_subreaper() -> None:
    PR_SET_CHILD_SUBREAPER = 36
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _reap_orphans(patience: float = 10) -> None:
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.2)  # an orphan is still running: give it a moment


if __name__ == "__main__":
    sys.exit(main())
