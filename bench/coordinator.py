"""Benchmark: the grading coordinator on its own, fed as fast as it can take (`make bench-coordinator`).

    make bench-coordinator                 # 100 students, copies of 4 graded for real
    make bench-coordinator STUDENTS=300 PROFILE=1

`dlcourse grade` has one writer: the process that sets each submission up in the gradebook (nbgrader's
`init_assignment`), records the grades, writes the autograded copies, and feeds the Dask workers (which sanitize
and run the notebooks). However many workers run the notebooks, a class is graded no
faster than that process records them. To measure it alone:

1. a small synthetic class (4 students, every assignment) is graded for real, and every notebook's outcome is
   kept (`dlcourse/replay.py`);
2. a class of STUDENTS, each handing in a copy of one of those students' work, is graded by simulated workers
   that sanitize each notebook, as real workers do, and answer with the kept outcome: no kernel runs, so what
   is timed is the coordinator (pinned to one CPU; the workers get the others). Where the workers cannot keep
   up (one other CPU), the coordinator waits: its time busy gives the rate it would keep with enough workers;
3. every grade of the copied class is compared with the real run's: they must be identical.

Prints the notebooks recorded a second and where the coordinator's time went (`--profile`: the functions).
"""

import argparse
import cProfile
import functools
import json
import math
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

from dlcourse.demo import make_course
from dlcourse.grading import RUN_LOG, WAITING, Progress, grade
from dlcourse.replay import capture, replay
from dlcourse.synthetic import MISTAKES, synthetic_class

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=100, help="the replayed class's size (default 100)")
    parser.add_argument("--recorded", type=int, default=4, help="students graded for real (default 4)")
    parser.add_argument("--workers", type=int, default=1, help="simulated workers (default 1)")
    parser.add_argument("--profile", metavar="FILE", type=Path,
                        help="also print where the time went, by function, and keep cProfile's data in FILE")
    parser.add_argument("--before", action="store_true",
                        help="replay with the coordinator as it was before batching its gradebook work (a comparison)")
    parser.add_argument("--scheduler-here", action="store_true",
                        help="run the Dask scheduler in the coordinator's process, as `dlcourse grade` does with a "
                             "local cluster (default: in a process of its own, as with --scheduler on a cluster)")
    parser.add_argument("--keep", action="store_true", help="keep the course folders (printed)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-coordinator-"))
    print(f"Recording: a class of {args.recorded} graded for real in {work / 'recorded'} ...", flush=True)
    try:
        copied, copy_of = copied_class(work, args.recorded, args.students)
    except RuntimeError as err:
        print(err)
        return 1
    recorded, outcomes = work / "recorded", work / "outcomes"
    notebooks = len(list((copied / "submitted").glob("*/*/*.ipynb")))
    print(f"Replaying: {args.students} students, {notebooks} notebooks, {args.workers} simulated worker(s)"
          f"{' with the coordinator as it was before batching' if args.before else ''} ...", flush=True)
    if args.before:
        _as_before()

    from distributed import Client, LocalCluster

    cluster = (LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                            dashboard_address="127.0.0.1:0") if args.scheduler_here
               else _ClusterElsewhere(args.workers))
    with cluster, Client(cluster.scheduler_address) as client:
        _pin(client)
        profile = cProfile.Profile() if args.profile else None
        cpu, started = time.process_time(), time.monotonic()
        if profile:
            profile.enable()
        run = replay_grade(copied, outcomes, client)
        if profile:
            profile.disable()
        wall, cpu = time.monotonic() - started, time.process_time() - cpu

    if run.failed:
        print(f"COULD NOT GRADE {len(run.failed)} submissions, e.g. {run.failed[0].reason}")
        return 1
    differences = _compare(recorded, copied, copy_of)
    if differences:
        print(f"GRADES DIFFER from the real run ({len(differences)}), e.g.: {differences[:5]}")
        return 1
    print(f"\nEvery grade and autograded notebook of the {notebooks} replayed notebooks equals the real run's.\n")
    print(f"coordinator: {notebooks / wall:.1f} notebooks recorded a second ({wall:.1f} s wall, {cpu:.1f} s CPU "
          f"of its process, {1000 * wall / notebooks:.1f} ms a notebook), on CPU {sorted(os.sched_getaffinity(0))}")
    busy = wall - run.coordinator.get(WAITING, 0.0)
    print(f"  of which busy {busy:.1f} s (the rest waiting for the simulated workers on the other CPUs): "
          f"{notebooks / busy:.1f} notebooks a second when never kept waiting")
    print("where its time went, ms a notebook:")
    for phase, seconds in sorted(run.coordinator.items(), key=lambda kv: -kv[1]):
        print(f"  {phase:28} {1000 * seconds / notebooks:7.2f}")
    rest = wall - sum(run.coordinator.values())
    print(f"  {'(Dask, the rest)':28} {1000 * rest / notebooks:7.2f}")
    per_notebook = _worker_seconds(recorded)
    print(f"\nA worker's time a notebook in the real run (sanitize, kernel, tests): {per_notebook:.1f} s on average. "
          f"A class of {CLASS[0]:,} x {CLASS[1]} notebooks in {CLASS[2] // 60} minutes needs "
          f"{CLASS[0] * CLASS[1] / CLASS[2]:.0f} notebooks a second: about "
          f"{math.ceil(CLASS[0] * CLASS[1] * per_notebook / CLASS[2])} worker processes (cores) like these, "
          f"and a coordinator that keeps up.")
    if profile:
        print()
        profile.dump_stats(args.profile)
        stats = pstats.Stats(profile, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(40)
    if args.keep:
        print(f"\nkept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def copied_class(work: Path, recorded_students: int, students: int) -> tuple[Path, dict[str, str]]:
    """In ``work``: a synthetic class graded for real (``recorded/``, each notebook's outcome kept in ``outcomes/``)
    and a released course whose ``students`` each hand in a copy of one recorded student's work (``class/``).

    Returns ``class/`` and which recorded student each student copied. Raises ``RuntimeError`` when the real run
    could not grade a submission.
    """
    outcomes, recorded = work / "outcomes", work / "recorded"
    outcomes.mkdir()
    make_course(ROOT, recorded)
    shutil.copytree(recorded, work / "released")  # the released course with nothing submitted yet
    synthetic_class(recorded, MISTAKES, recorded_students, seed=7, specials=False)
    real = grade(recorded, workers=2, runner=functools.partial(capture, str(outcomes)), progress=Progress(quiet=True))
    if real.failed:
        raise RuntimeError(f"the real run could not grade {len(real.failed)} submissions, e.g. {real.failed[0].reason}")
    copied = work / "class"
    shutil.copytree(work / "released", copied)
    originals = sorted(p.name for p in (recorded / "submitted").iterdir())
    copy_of = {}
    for i in range(students):
        student = f"s{i:04d}"
        copy_of[student] = originals[i % len(originals)]
        shutil.copytree(recorded / "submitted" / copy_of[student], copied / "submitted" / student)
    return copied, copy_of


def replay_grade(course: Path, outcomes: Path, client, progress=None):
    """Grade ``course`` with the kept outcomes (no kernel runs) on ``client``'s workers."""
    return grade(course, client=client, runner=functools.partial(replay, str(outcomes)), kernels=False,
                 sandbox=False, progress=progress or Progress(quiet=True))


class _NoBatch:
    """What the coordinator did before ``Batch``: every nbgrader session on its own engine, committing itself."""

    def __init__(self, db_url):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def commit(self):
        pass


def _as_before() -> None:
    """The coordinator without its batching and memo, for the before/after figures of one run."""
    import dlcourse.grading

    dlcourse.grading.Batch = _NoBatch
    dlcourse.grading.faster = list


#: The class the README's sizing is for: students, notebooks each, seconds to grade them all in.
CLASS = (2000, 9, 600)


def _worker_seconds(course: Path) -> float:
    """The mean seconds a worker spent on a notebook in ``course``'s last grading run (``.dlcourse/last-run.json``)."""
    results = json.loads((course / RUN_LOG).read_text())["results"]
    seconds = [notebook["seconds"] for result in results for notebook in result["notebooks"]]
    return statistics.mean(seconds)


def _cpus() -> tuple[set[int], set[int]]:
    """The coordinator's CPU, and the others (the same one on a single-CPU machine)."""
    cpus = sorted(os.sched_getaffinity(0))
    return {cpus[0]}, set(cpus[1:]) or {cpus[0]}


def _pin(client) -> None:
    """The coordinator on one CPU, the simulated workers on the others."""
    coordinator, others = _cpus()
    os.sched_setaffinity(0, coordinator)
    client.run(lambda: os.sched_setaffinity(0, others))


_CLUSTER = """
import sys
from distributed import LocalCluster
if __name__ == "__main__":
    with LocalCluster(n_workers=int(sys.argv[1]), threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        print(cluster.scheduler_address, flush=True)
        sys.stdin.read()  # until the benchmark closes it
"""


class _ClusterElsewhere:
    """A local Dask cluster whose scheduler runs in a process of its own, on the workers' CPUs: as with
    ``dlcourse grade --scheduler`` on a cluster, the coordinator's CPU does only the coordinator's work."""

    def __init__(self, workers: int):
        self.workers = workers

    def __enter__(self):
        _, others = _cpus()
        self.process = subprocess.Popen([sys.executable, "-c", _CLUSTER, str(self.workers)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True,
                                        preexec_fn=lambda: os.sched_setaffinity(0, others))
        self.scheduler_address = self.process.stdout.readline().strip()
        if not self.scheduler_address:
            self.process.kill()
            raise RuntimeError("the Dask cluster for the simulated workers did not start")
        return self

    def __exit__(self, *exc):
        self.process.stdin.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _compare(recorded: Path, copied: Path, copy_of: dict[str, str]) -> list:
    """Every grade, score and autograded notebook of the copied class that differs from its original's."""
    def grades(course: Path) -> dict:
        found = {}
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
            for assignment in gb.assignments:
                for submission in gb.assignment_submissions(assignment.name):
                    key = (submission.student.id, assignment.name)
                    found[key] = (submission.score, submission.max_score, submission.late_submission_penalty)
                    for notebook in submission.notebooks:
                        for grade in notebook.grades:
                            found[(*key, notebook.name, grade.name)] = (
                                grade.auto_score, grade.manual_score, grade.max_score, grade.needs_manual_grade)
                        for comment in notebook.comments:
                            found[(*key, notebook.name, comment.name, "comment")] = (comment.auto_comment,
                                                                                     comment.manual_comment)
        return found

    real, replayed = grades(recorded), grades(copied)
    differences = []
    for (student, *rest), value in replayed.items():
        if real.get((copy_of[student], *rest)) != value:
            differences.append(((student, *rest), value, real.get((copy_of[student], *rest))))
    expected = sum(1 for (student, *_) in real for s in copy_of.values() if s == student)
    if len(replayed) != expected:
        differences.append(("entries", len(replayed), expected))
    for student, original in copy_of.items():
        for path in sorted((copied / "autograded" / student).glob("*/*.ipynb")):
            twin = recorded / "autograded" / original / path.relative_to(copied / "autograded" / student)
            if nbformat.read(path, as_version=4) != nbformat.read(twin, as_version=4):
                differences.append((str(path), "autograded notebook differs"))
    return differences


if __name__ == "__main__":
    sys.exit(main())
