"""`dlcourse grade`: same scores as stock nbgrader, survives broken work, isolates notebooks, scales out on Dask."""

import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, make_course, submit, tool_grade
from submissions import fill, mistake_rounds, solution_answers

from dlcourse import cli
from dlcourse.autograde import autograde, read_scores
from dlcourse.course import Assignment, assignments
from dlcourse.grading import GradingRun, Progress, SubmissionResult, grade
from helpers.cells import ILLUSTRATION_TAG

pytestmark = pytest.mark.notebook

TENSORS = next(a for a in assignments(ROOT) if a.name == "01-tensors")


def with_answers(course: Assignment, source: Assignment, extra: dict[str, str] | None = None):
    """A notebook maker: the solution's answers, some replaced by ``extra``."""
    def make(nb, out):
        return fill(course.released(nb), solution_answers(source.source(nb)) | (extra or {}), out)
    return make


def test_scores_match_stock_nbgrader(tmp_path, grading_client):
    """Skipping illustration cells and forking kernels changes no score: per cell, the same as `nbgrader autograde`."""
    source = TENSORS  # 23 illustration cells; the round trips show for every assignment that skipping them is safe
    stock, tool = make_course(tmp_path / "stock", source), make_course(tmp_path / "tool", source)
    [notebook] = source.notebooks
    first_round = {m.grade_id: m.source for m in mistake_rounds(source.name)[0][:2]}  # two exercises wrong
    makers = {
        "solution": lambda c: with_answers(c, source),
        "untouched": lambda c: lambda nb, out: shutil.copyfile(c.released(nb), out),
        "mistakes": lambda c: with_answers(c, source, first_round),
    }
    for student, maker in makers.items():
        path = tmp_path / "work" / student / f"{notebook}.ipynb"
        path.parent.mkdir(parents=True)
        maker(stock)(notebook, path)
        [stock_result] = autograde(stock, {student: {notebook: path}})
        assert stock_result.success, stock_result.log
        result, scores = tool_grade(tool, student, maker(tool), grading_client)
        assert result.status == "graded", result.reason
        assert scores == stock_result.scores, f"{student}: dlcourse and nbgrader disagree"
    assert 0 < sum(s for s, _ in scores[notebook].values()) < sum(m for _, m in scores[notebook].values())


def test_broken_work_is_reported_and_the_batch_goes_on(tmp_path, grading_client):
    course = make_course(tmp_path / "course", TENSORS)
    [notebook] = course.notebooks
    answers = solution_answers(TENSORS.source(notebook))
    first = next(iter(answers))
    hang = "\n\ndef describe(t):\n    while True:\n        pass\n"
    deaf = "\n\nimport signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    time.sleep(1)\n"
    submit(course, "a-solution", with_answers(course, TENSORS))
    submit(course, "b-corrupt", lambda nb, out: out.write_text('{"cells": ['))
    submit(course, "c-crash", with_answers(course, TENSORS, {first: answers[first] + "\nimport os\nos._exit(3)\n"}))
    submit(course, "d-hang", with_answers(course, TENSORS, {first: answers[first] + hang}))
    submit(course, "e-deaf", with_answers(course, TENSORS, {first: answers[first] + deaf}))
    submit(course, "f-solution", with_answers(course, TENSORS))

    run = grade(course.root, force=True, client=grading_client, progress=Progress(quiet=True),
                cell_timeout=6, notebook_timeout=60)  # generous: CI machines are slower
    by_student = {r.student: r for r in run.results}
    assert set(by_student) == {"a-solution", "b-corrupt", "c-crash", "d-hang", "e-deaf", "f-solution"}
    for student in ("a-solution", "f-solution"):
        assert by_student[student].status == "graded" and by_student[student].score == by_student[student].max_score
    assert by_student["b-corrupt"].status == "failed" and "JSON" in by_student["b-corrupt"].reason
    assert by_student["c-crash"].status == "failed" and "kernel died" in by_student["c-crash"].reason
    assert "exit code 3" in by_student["c-crash"].reason, by_student["c-crash"].reason
    assert by_student["e-deaf"].status == "failed" and "ignored the interrupt" in by_student["e-deaf"].reason
    # A function that never returns costs its own exercise, nothing else.
    hung = by_student["d-hang"]
    assert hung.status == "graded" and hung.max_score - hung.score == 2, hung
    scores = read_scores(f"sqlite:///{course.root / 'gradebook.db'}", course.name, "d-hang", [notebook])[notebook]
    assert scores[f"{first}_test"][0] == 0
    # Nothing half-made is left behind for the failed ones; the state file says why.
    for student in ("b-corrupt", "c-crash", "e-deaf"):
        assert not (course.root / "autograded" / student / course.name).exists()
    state = json.loads((course.root / ".dlcourse" / "grading-state.json").read_text())["submissions"]
    assert state[f"c-crash/{course.name}"]["status"] == "failed"
    # ... and `dlcourse report` lists them, with the graded ones' feedback.
    assert cli.main(["--root", str(course.root), "report"]) == 0
    page = (course.root / "reports" / "index.html").read_text()
    assert "c-crash" in page and "kernel died" in page and "b-corrupt" in page
    assert (course.root / "feedback" / "a-solution" / course.name / f"{notebook}.html").exists()

    # Past the whole notebook's time limit, the kernel is killed whatever it is doing.
    [slow] = grade(course.root, students=["d-hang"], force=True, client=grading_client, progress=Progress(quiet=True),
                   cell_timeout=60, notebook_timeout=4).results
    assert slow.status == "failed" and "longer than 4 s" in slow.reason, slow


def test_nothing_leaks_from_one_notebook_into_the_next(tmp_path, grading_client):
    """A submission that rewires numpy and the checks, graded just before another on the same worker, changes
    nothing for it: every notebook starts from the fork server's pristine state."""
    course = make_course(tmp_path / "course", TENSORS)
    [notebook] = course.notebooks
    answers = solution_answers(TENSORS.source(notebook))
    first = next(iter(answers))
    meddling = ("\n\nimport numpy, helpers.checks, os\nnumpy.allclose = lambda *a, **k: True\n"
                "numpy.array_equal = lambda *a, **k: True\nhelpers.checks.FLOAT32_RTOL = 1e9\n"
                "helpers.checks.Exercise.fail = lambda *a, **k: None\nos.environ['DLCOURSE_LEAK'] = '1'\n")
    wrong = {m.grade_id: m.source for m in mistake_rounds(TENSORS.name)[0]}
    submit(course, "a-meddler", with_answers(course, TENSORS, {first: answers[first] + meddling}))
    submit(course, "b-wrong", with_answers(course, TENSORS, wrong))
    run = grade(course.root, force=True, client=grading_client, progress=Progress(quiet=True))
    results = {r.student: r for r in run.results}
    assert results["b-wrong"].status == "graded" and results["b-wrong"].score == 0, results["b-wrong"]
    workers = {nb["worker"] for r in run.results for nb in r.notebooks}
    assert len(workers) == 1, "both notebooks should have run on the one worker of this test"


def test_tagging_test_cells_as_illustrations_skips_nothing(tmp_path, grading_client):
    course = make_course(tmp_path / "course", TENSORS)

    def tagged(nb, out):
        released = nbformat.read(course.released(nb), as_version=4)
        for cell in released.cells:
            tags = cell.metadata.setdefault("tags", [])
            if cell.cell_type == "code" and ILLUSTRATION_TAG not in tags:
                tags.append(ILLUSTRATION_TAG)
        nbformat.write(released, out)

    result, _ = tool_grade(course, "tagger", tagged, grading_client)
    assert result.status == "graded" and result.score == 0 and result.max_score > 0, result.reason


def test_regrades_only_new_or_changed_work(tmp_path, grading_client):
    course = make_course(tmp_path / "course", TENSORS)
    submit(course, "ada", with_answers(course, TENSORS))
    submit(course, "bob", lambda nb, out: shutil.copyfile(course.released(nb), out))
    quiet = Progress(quiet=True)
    first = grade(course.root, client=grading_client, progress=quiet)
    assert sorted(r.status for r in first.results) == ["graded", "graded"]
    again = grade(course.root, client=grading_client, progress=quiet)
    assert [r.status for r in again.results] == ["up to date", "up to date"]
    assert {r.student: r.score for r in again.results} == {r.student: r.score for r in first.results}

    submit(course, "bob", with_answers(course, TENSORS))  # bob resubmits, now right
    third = {r.student: r for r in grade(course.root, client=grading_client, progress=quiet).results}
    assert third["ada"].status == "up to date"
    assert third["bob"].status == "graded" and third["bob"].score == third["bob"].max_score


def test_work_that_failed_is_tried_again_only_when_it_changed(tmp_path, grading_client):
    course = make_course(tmp_path / "course", TENSORS)
    submit(course, "ada", with_answers(course, TENSORS))
    submit(course, "cy", lambda nb, out: out.write_text('{"cells": ['))
    quiet = Progress(quiet=True)
    first = {r.student: r for r in grade(course.root, client=grading_client, progress=quiet).results}
    assert first["cy"].status == "failed" and "JSON" in first["cy"].reason

    again = grade(course.root, client=grading_client, progress=quiet)
    assert {r.student: r.status for r in again.results} == {"ada": "up to date", "cy": "still failing"}
    [still] = again.still_failing
    assert still.reason == first["cy"].reason and not still.notebooks
    summary = again.summary()
    assert "1 still failing" in summary and "--retry-failed" in summary
    assert f"1 x {first['cy'].reason}" in summary  # the reason, counted

    retried = grade(course.root, client=grading_client, progress=quiet, retry_failed=True)
    assert {r.student: r.status for r in retried.results} == {"ada": "up to date", "cy": "failed"}
    submit(course, "cy", with_answers(course, TENSORS))  # fixed: graded with no flag
    fixed = {r.student: r for r in grade(course.root, client=grading_client, progress=quiet).results}
    assert fixed["cy"].status == "graded" and fixed["cy"].score == fixed["cy"].max_score


def test_the_summary_shows_what_grading_found():
    noted = [SubmissionResult(f"s{k}", "01-tensors", "graded", 0, 15, notes=[f"note {k}.{j}" for j in range(5)])
             for k in range(4)]
    failed = [SubmissionResult("x", "01-tensors", "failed", reason="the kernel died"),
              SubmissionResult("y", "01-tensors", "failed", reason="the kernel died")]
    text = GradingRun(noted + failed, 2.0, 2).summary(notes_shown=3)
    assert "2 x the kernel died" in text
    assert "Grading found something in 4 submissions (20 notes" in text
    assert "s0/01-tensors: note 0.0" in text and "note 2.2" in text and "s3/" not in text
    assert "note 0.3" not in text and "... and 2 more" in text


def test_a_dask_cluster_gives_the_same_grades(tmp_path, grading_client):
    """A real `dask scheduler` and two `dask worker` processes on loopback grade exactly as the local run."""
    course = make_course(tmp_path / "course", TENSORS)
    wrong = {m.grade_id: m.source for m in mistake_rounds(TENSORS.name)[1]}
    submit(course, "ada", with_answers(course, TENSORS))
    submit(course, "bob", lambda nb, out: shutil.copyfile(course.released(nb), out))
    submit(course, "cy", with_answers(course, TENSORS, wrong))
    db_url = f"sqlite:///{course.root / 'gradebook.db'}"
    students = ["ada", "bob", "cy"]

    local = grade(course.root, client=grading_client, progress=Progress(quiet=True))
    assert {r.status for r in local.results} == {"graded"}
    local_scores = {s: read_scores(db_url, course.name, s, course.notebooks) for s in students}

    bin_dir = Path(sys.executable).parent
    scheduler_file = tmp_path / "scheduler.json"
    common = ["--no-dashboard"]
    processes = [subprocess.Popen([bin_dir / "dask", "scheduler", "--host", "127.0.0.1", "--port", "0",
                                   "--scheduler-file", scheduler_file, *common],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        for _ in range(2):
            processes.append(subprocess.Popen(
                [bin_dir / "dask", "worker", "--scheduler-file", scheduler_file, "--host", "127.0.0.1",
                 "--nworkers", "1", "--nthreads", "1", *common],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path))
        address = json.loads(scheduler_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        _wait_for_workers(address, 2)
        done = subprocess.run([bin_dir / "dlcourse", "--root", course.root, "grade", "--force", "--scheduler",
                               address], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        assert "3 submissions graded" in done.stderr, done.stderr[-3000:]
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    log = json.loads((course.root / ".dlcourse" / "last-run.json").read_text())
    assert len({nb["worker"] for r in log["results"] for nb in r["notebooks"]}) == 2, "both workers should grade"
    cluster_scores = {s: read_scores(db_url, course.name, s, course.notebooks) for s in students}
    assert cluster_scores == local_scores


def _fork_server_pid(dask_worker) -> int:
    from dlcourse.forkserver import shared_server

    return shared_server()._process.pid


def test_grading_again_on_a_running_cluster_keeps_its_warm_fork_servers(grading_client):
    """Each start imports TensorFlow: a cluster that already runs servers with the asked-for limits keeps them."""
    from dlcourse.cluster import start_fork_servers
    from dlcourse.sandbox import Limits

    start_fork_servers(grading_client, Limits())
    first = grading_client.run(_fork_server_pid)
    start_fork_servers(grading_client, Limits())
    assert grading_client.run(_fork_server_pid) == first, "same limits: the servers should not restart"
    try:
        start_fork_servers(grading_client, Limits(memory_mb=1536))
        changed = grading_client.run(_fork_server_pid)
        assert all(changed[w] != first[w] for w in first), "other limits: every server should restart with them"
    finally:
        start_fork_servers(grading_client, Limits())


def test_a_cluster_with_no_workers_yet_keeps_the_fork_server_plugin_for_those_that_join():
    from distributed import Client, LocalCluster

    from dlcourse.cluster import ForkServerPlugin, start_fork_servers
    from dlcourse.sandbox import Limits

    with LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address="127.0.0.1:0") as cluster, \
            Client(cluster) as client:
        start_fork_servers(client, Limits())
        registered = client.run_on_scheduler(lambda dask_scheduler: sorted(dask_scheduler.worker_plugins))
    assert ForkServerPlugin.name in registered, f"only {registered} would reach a worker that joins later"


def _wait_for_workers(address: str, n: int) -> None:
    from distributed import Client

    with Client(address, timeout="30s") as client:
        client.wait_for_workers(n, timeout=60)


def test_grade_refuses_an_assignment_that_was_never_released(tmp_path):
    course = make_course(tmp_path / "course", TENSORS)
    done = subprocess.run([Path(sys.executable).parent / "dlcourse", "--root", course.root, "grade", "99-nothing"],
                          capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert done.returncode == 2
    assert "99-nothing" in done.stderr and "release" in done.stderr


def _listing(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_size if p.is_file() else -1 for p in sorted(root.rglob("*"))}


def test_nothing_to_grade_says_what_was_looked_for_and_creates_nothing(tmp_path, capsys):
    course = make_course(tmp_path / "course", TENSORS)
    root, submitted = course.root, course.root / "submitted"

    def refused(*args) -> str:
        before = _listing(root)
        assert cli.main(["--root", str(root), "grade", *args]) == 2
        assert _listing(root) == before, "a run that grades nothing must leave the course folder as it was"
        return capsys.readouterr().err

    said = refused()
    assert f"there is no folder {submitted}" in said and "collect" in said
    submitted.mkdir()
    assert f"{submitted} is empty" in refused()
    submit(course, "ada", with_answers(course, TENSORS))
    said = refused("--student", "adaa")
    assert "No submissions from adaa" in said and str(submitted) in said and "ada" in said
    said = refused("01-tensor")
    assert "Not in the gradebook: 01-tensor" in said and "01-tensors" in said
    shutil.rmtree(submitted / "ada" / course.name)
    said = refused()
    assert "no an assignment" not in said and "01-tensors" in said and "ada" in said and str(submitted) in said

    (root / "gradebook.db").unlink()  # never released: the run must not create an empty gradebook
    assert "No gradebook at" in refused() and not (root / "gradebook.db").exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal", [True, False], ids=["terminal", "log"])
def test_progress_says_how_far_and_how_long(terminal):
    stream = _Terminal() if terminal else io.StringIO()
    progress = Progress(stream)
    progress.start(2, workers=2)
    progress.done(SubmissionResult("ada", "01-tensors", "graded", 13, 15))
    progress.done(SubmissionResult("bob", "01-tensors", "failed", reason="the kernel died"))
    progress.finish(GradingRun([], 1.0, 2))
    out = stream.getvalue()
    assert "Grading 2 submissions on 2 workers" in out
    assert "bob 01-tensors: COULD NOT GRADE: the kernel died" in out
    if terminal:
        assert "2/2" in out and "ETA" in out
    else:
        assert "[1/2] ETA" in out and "ada 01-tensors: 13/15" in out
