"""The student course (`dlcourse publish`): it holds no answer, no hidden test and nothing of the grader; it works
from nothing with its own Makefile and venv; and its hand-in path carries a class's work through `dlcourse collect`,
`dlcourse grade` and `dlcourse report` to the right scores.

One published course and one student venv serve the whole module (the venv is the costly part: a real
`pip install` of the student's pins, from pip's cache when there is one), so the module runs on one xdist worker.
"""

import csv
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest
from conftest import ASSIGNMENTS, ROOT, make_course
from jupyterlab import free_port
from submissions import MISTAKES, fill, solution_answers

from dlcourse.course import assignments
from dlcourse.publish import MANIFEST, PublishError, publish, secrets_in, student_tree, telling

TENSORS = next(a for a in ASSIGNMENTS if a.name == "01-tensors")
INSTALL_TIMEOUT = 900  # a first `make lab`: a fresh venv with TensorFlow (about 2 minutes from pip's cache)
BLOCK = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", re.DOTALL)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("published") / "student-course"
    publish(ROOT, out, git=True)
    return out


def _files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(folder).parts}


# -- nothing secret --------------------------------------------------------------------------------------------------

def test_the_published_course_holds_no_answer_and_no_hidden_test(published):
    """Every line of every solution and hidden-test block of solutions/ (but the few that the course also shows
    outside a block, and lines of bare keywords like `return None`) is looked for in every file of the
    published course."""
    secret, public = set(), set()
    for path in sorted((ROOT / "solutions").glob("*/*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            source = cell.source if cell.source.endswith("\n") else cell.source + "\n"
            secret |= {line.strip() for block in BLOCK.findall(source) for line in block[1].splitlines()}
            public |= {line.strip() for line in BLOCK.sub("", source).splitlines()}
    secret = {line for line in secret - public if telling(line)}
    assert len(secret) > 500, "the scan found too few secret lines to be looking at the right thing"
    found = []
    for name, path in _files(published).items():
        text = path.read_bytes().decode("utf-8", errors="ignore")
        if name.endswith(".ipynb"):
            nb = nbformat.reads(text, as_version=4)
            text = "\n".join(cell.source for cell in nb.cells)
            assert all(not cell.get("outputs") for cell in nb.cells), f"{name} has outputs"
        found += [f"{name}: {line}" for line in {line.strip() for line in text.splitlines()} & secret]
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text, name
    assert not found, "published answers or hidden tests:\n" + "\n".join(found[:20])


def test_the_published_course_holds_no_file_of_the_instructor(published):
    private = {hashlib.sha256(p.read_bytes()).hexdigest(): p.relative_to(ROOT)
               for folder in ("dlcourse", "tests", "solutions") for p in (ROOT / folder).rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and p.stat().st_size > 0}
    files = _files(published)
    for name, path in files.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() not in private, f"{name} is {private.get(name)}"
        assert not {"solutions", "tests", "dlcourse", "mistakes", "corpus"} & set(Path(name).parts), name
    names = set(files)
    assert {"README.md", "Makefile", "pyproject.toml", "constraints.txt", "environment.yml", "postBuild",
            "nbgrader_config.py", ".gitignore", "helpers/__init__.py", "helpers/submit.py", MANIFEST} <= names
    released = {f"notebooks/{a.name}/{nb}.ipynb" for a in assignments(ROOT) for nb in a.notebooks}
    assert {n for n in names if n.startswith("notebooks/")} == released
    assert {n for n in names if n.startswith("img/")} == {"img/library-stack.png", "img/tensor-ranks.png"}
    assert not [n for n in names if n.endswith(".py") and n.startswith("img/")], "the figures' code stays private"
    for name in released:
        assert (published / name).read_bytes() == (ROOT / name).read_bytes()


def test_publish_refuses_a_tree_with_a_secret_in_it():
    tree = student_tree(ROOT)
    assert secrets_in(tree, ROOT) == []
    source = "\n".join(c.source for c in nbformat.read(TENSORS.source("tensors"), as_version=4).cells)
    line = next(line for _, block in BLOCK.findall(source) for line in block.splitlines() if len(line.strip()) > 20)
    planted = dict(tree, **{"helpers/notes.py": (line + "\n").encode()})
    assert any("helpers/notes.py: holds a line of solutions/01-tensors" in p for p in secrets_in(planted, ROOT))
    stale = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("f()", outputs=[
        nbformat.v4.new_output("error", ename="AssertionError", evalue="", traceback=["x", line])])])
    planted = dict(tree, **{"notebooks/01-tensors/tensors.ipynb": nbformat.writes(stale).encode()})
    assert any("tensors.ipynb: holds a line of solutions/01-tensors" in p for p in secrets_in(planted, ROOT)), \
        "a secret in a stale output is found too"
    planted = dict(tree, **{"helpers/harness.py": (ROOT / "dlcourse" / "harness.py").read_bytes()})
    assert any("the same file as dlcourse/harness.py" in p for p in secrets_in(planted, ROOT))
    planted = dict(tree, **{"tests/mistakes/x.py": b"pass\n"})
    assert any("a folder of the instructor's" in p for p in secrets_in(planted, ROOT))


def _small_course(folder: Path) -> Path:
    """A copy of the instructor's tree with one assignment, to publish and change freely."""
    for part in ("student", "img", "nbgrader_config.py", "solutions/01-tensors", "notebooks/01-tensors"):
        source, dest = ROOT / part, folder / part
        if source.is_dir():
            shutil.copytree(source, dest, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "logs"))
        else:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, dest)
    return folder


def test_publishing_again_changes_nothing_and_a_change_is_one_commit(tmp_path):
    root, out = _small_course(tmp_path / "course"), tmp_path / "out"
    first = publish(root, out, git=True)
    assert first.commit and first.written
    stamps = {name: path.stat().st_mtime_ns for name, path in _files(out).items()}
    again = publish(root, out, git=True)
    assert again.commit is None and not again.written and not again.removed
    assert {name: path.stat().st_mtime_ns for name, path in _files(out).items()} == stamps
    (out / ".venv").mkdir()  # a student's own files in the folder are left alone
    (out / "notes.txt").write_text("mine")
    with (root / "student" / "README.md").open("a") as readme:
        readme.write("\nOffice hours: Tuesdays.\n")
    (root / "student" / "environment.yml").unlink()
    changed = publish(root, out, git=True)
    assert changed.written == ["README.md"] and changed.removed == ["environment.yml"]
    log = subprocess.run(["git", "-C", out, "log", "--format=%s"], capture_output=True, text=True).stdout.splitlines()
    assert len(log) == 2 and all(line.startswith("Publish the course") for line in log)
    status = subprocess.run(["git", "-C", out, "status", "--porcelain"], capture_output=True, text=True).stdout
    assert status.split() == ["??", "notes.txt"], "the student course's .gitignore keeps .venv out of git"
    assert (out / "notes.txt").read_text() == "mine" and (out / "postBuild").stat().st_mode & 0o111


def test_publish_refuses_a_folder_it_did_not_make(tmp_path):
    out = tmp_path / "somebodys"
    out.mkdir()
    (out / "thesis.tex").write_text("keep me")
    with pytest.raises(PublishError, match="not empty and was not made by dlcourse publish"):
        publish(ROOT, out)
    assert [p.name for p in out.iterdir()] == ["thesis.tex"]
    with pytest.raises(PublishError, match="outside the course"):
        publish(ROOT, ROOT / "student-course")


def test_the_cli_publishes_and_says_what_it_wrote(tmp_path):
    done = subprocess.run([Path(sys.executable).parent / "dlcourse", "--root", ROOT, "publish", tmp_path / "o"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert re.search(r"published the student course to .*: \d+ files \(", done.stdout), done.stdout


# -- from nothing: the student's own make and venv ---------------------------------------------------------------------

def _student_env(scratch: Path) -> dict:
    """The student's machine: no venv of ours on PATH, Jupyter's user folders empty."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH", "JUPYTER"))}
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if p != venv_bin)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        env[name] = str(scratch / name.lower())
    return env


@pytest.fixture(scope="module")
def student_course(published, tmp_path_factory):
    """A scratch copy of the published course after its own `make lab` has installed it and served it: the
    server's API answered, formgrader is not there; the server is stopped by its process group."""
    scratch = tmp_path_factory.mktemp("student")
    course = scratch / "course"
    shutil.copytree(published, course, ignore=shutil.ignore_patterns(".git"))
    env = _student_env(scratch)
    port, token = free_port(), "t" + hashlib.sha256(os.urandom(8)).hexdigest()[:20]
    log = (scratch / "make-lab.log").open("w")
    lab = subprocess.Popen(["make", "lab", f"LAB_ARGS=--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port={port} "
                            f"--ServerApp.port_retries=0 --ServerApp.token={token}"],
                           cwd=course, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        status = _wait_for_api(f"http://127.0.0.1:{port}/api/status?token={token}", lab, INSTALL_TIMEOUT)
        assert status is not None, f"make lab did not serve:\n{(scratch / 'make-lab.log').read_text()[-3000:]}"
        assert "started" in status
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/formgrader?token={token}", timeout=10)
        assert missing.value.code == 404, "students get no formgrader"
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/lab/tree/notebooks?token={token}", timeout=30)
        assert page.status == 200
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        try:
            lab.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)
            lab.wait()
        log.close()
    return course, env


def _wait_for_api(url: str, process, timeout: float) -> str | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5) as reply:
                return json.dumps(json.load(reply))
        except (OSError, ValueError):
            time.sleep(1)
    return None


def test_make_lab_installs_only_the_student_package(student_course):
    course, _ = student_course
    python = course / ".venv" / "bin" / "python"
    done = subprocess.run([python, "-c", "import helpers, importlib.util as u; print(helpers.__file__); "
                           "print([m for m in ('dlcourse', 'dask', 'distributed', 'pytest') if u.find_spec(m)])"],
                          cwd=course, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    where, found = done.stdout.splitlines()
    assert Path(where).is_relative_to(course) and found == "[]", done.stdout


def test_make_check_runs_in_the_student_course(student_course):
    course, env = student_course
    done = subprocess.run(["make", "check", "NB=notebooks/01-tensors/tensors.ipynb"], cwd=course, env=env,
                          capture_output=True, text=True, timeout=300)
    assert "Visible checks of tensors.ipynb" in done.stdout, done.stdout + done.stderr
    assert re.search(r"0 of \d+ exercises pass their visible checks", done.stdout)
    assert "not answered" in done.stdout and "Traceback" not in done.stdout + done.stderr
    # It ends with check-my-work's own sentence and a status a script can test, not make's "*** ... Error 1".
    assert done.returncode != 0 and "***" not in done.stderr and "Error" not in done.stderr, done.stderr
    assert " ".join(done.stdout.split()).endswith("a good sign, not a guarantee."), done.stdout[-500:]


RUN_RELEASED = """
import json, sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=120, allow_errors=True, resources={"metadata": {"path": sys.argv[2]}}).execute()
errors = [(i, o.ename, o.evalue, cell.metadata.get("nbgrader", {}).get("grade", False))
          for i, cell in enumerate(nb.cells) if cell.cell_type == "code" for o in cell.outputs
          if o.output_type == "error"]
print(json.dumps({"errors": errors, "ran": sum(c.cell_type == "code" and c.execution_count is not None
                                               for c in nb.cells)}))
"""


def test_a_released_notebook_runs_in_the_student_venv_failing_only_where_answers_are_missing(student_course):
    course, env = student_course
    notebook = course / "notebooks" / "01-tensors" / "tensors.ipynb"
    done = subprocess.run([course / ".venv" / "bin" / "python", "-c", RUN_RELEASED, notebook, notebook.parent],
                          cwd=course, env=env | {"TF_CPP_MIN_LOG_LEVEL": "3"}, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["ran"] > 20 and result["errors"]
    for index, name, value, graded in result["errors"]:
        assert name == "NotImplementedError" or (graded and "not answered yet" in value), \
            f"cell {index}: {name}: {value}"


# -- the hand-in path ------------------------------------------------------------------------------------------------

CLASS = {"ada": "solution", "alan": "wrong", "barbara": "blank"}


def test_a_class_hands_in_through_make_submit_and_is_collected_graded_and_reported(student_course, tmp_path,
                                                                                   grading_client):
    from dlcourse.cli import main as dlcourse
    from dlcourse.grading import Progress, grade

    course, env = student_course
    notebook = course / "notebooks" / "01-tensors" / "tensors.ipynb"
    released = notebook.read_bytes()
    answers = solution_answers(TENSORS.source("tensors"))
    wrong = (MISTAKES / "01-tensors" / "ex1_3__missing_bias.py").read_text()
    uploads = tmp_path / "downloaded-from-the-lms"
    uploads.mkdir()
    try:
        for student, kind in CLASS.items():
            notebook.write_bytes(released)
            if kind != "blank":
                fill(notebook, answers | ({"ex1_3": wrong} if kind == "wrong" else {}), notebook)
            done = subprocess.run(["make", "submit", f"STUDENT={student}", f"NB={notebook.relative_to(course)}"],
                                  cwd=course, env=env, capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stdout + done.stderr
            archive = course / "submissions" / f"01-tensors--{student}.zip"
            assert f"submissions/01-tensors--{student}.zip" in done.stdout and archive.is_file()
            shutil.move(archive, uploads / archive.name)
    finally:
        notebook.write_bytes(released)
    assert (course / ".student-id").read_text().strip() == "barbara"

    instructor = make_course(tmp_path / "instructor", TENSORS)
    assert dlcourse(["--root", str(instructor.root), "collect", str(uploads)]) == 0
    assert sorted(p.name for p in (instructor.root / "submitted").iterdir()) == sorted(CLASS)
    run = grade(instructor.root, ["01-tensors"], client=grading_client, progress=Progress(quiet=True))
    assert not run.failed, [r.reason for r in run.failed]
    assert dlcourse(["--root", str(instructor.root), "report"]) == 0

    total, ex1_3 = _points(TENSORS.source("tensors"))
    with open(instructor.root / "reports" / "grades.csv") as grades:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(grades)}
    assert scores == {"ada": total, "alan": total - ex1_3, "barbara": 0.0}
    feedback = instructor.root / "feedback" / "alan" / "01-tensors" / "tensors.html"
    assert feedback.is_file() and "BEGIN HIDDEN TESTS" not in feedback.read_text()


def _points(source: Path) -> tuple[float, float]:
    cells = [c for c in nbformat.read(source, as_version=4).cells if c.metadata.get("nbgrader", {}).get("points")]
    total = sum(float(c.metadata.nbgrader["points"]) for c in cells)
    ex1_3 = next(float(c.metadata.nbgrader["points"]) for c in cells if c.metadata.nbgrader["grade_id"] == "ex1_3_test")
    return total, ex1_3
