"""The semester's loop on a real JupyterHub, in Chromium: release through nbgrader's exchange, fetch, answer, validate
and submit from JupyterLab, collect, grade with dlcourse, release feedback and read it; and what a student cannot see.

The hub is `make hub`'s (dlcourse/hub.py, hub/jupyterhub_config.py) with accounts and a state folder of the test's
own, on free ports of 127.0.0.1. Everything it starts is stopped by pid at the end, the accounts are deleted. A
screenshot of each step goes to test-artifacts/hub/.
"""

import json
import os
import pwd
import re
import signal
import subprocess
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from jupyterlab import NOTEBOOK, RUN_TIMEOUT_MS, chromium, free_port, type_answer, validate
from submissions import MISTAKES, grade_id, is_answer, solution_answers

from dlcourse import hub
from dlcourse.course import assignments

ARTIFACTS = ROOT / "test-artifacts" / "hub"
#: The two assignments released; the first one's exercise TYPED is answered in the page, the rest by upload.
FIRST, SECOND = "01-tensors", "04-activations"
TYPED = "ex1_3"
WRONG_ANSWER = MISTAKES / FIRST / "ex1_3__missing_bias.py"
WRONG_ANSWER_EXPLANATION = "Exercise 1.3 (`dense`): the result is x @ W without the bias."
STUDENTS = ["ada", "ben", "cy"]  # ada answers right; ben submits blank, then a wrong answer; cy leaves it blank, late



class Hub:
    """A trial hub running until ``stop()``: its state (accounts, passwords, folders) and its process."""

    def __init__(self, state: Path):
        self.trial = hub.prepare(state, port=free_port(), hub_port=free_port(), proxy_api_port=free_port(),
                                 students=STUDENTS, assignments=[FIRST, SECOND])
        self.log_path = state / "jupyterhub.log"
        self._log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(hub.hub_command(self.trial), cwd=self.trial.state,
                                        env=hub.hub_env(self.trial), stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(self.trial.url + "hub/api/", timeout=2).close()
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"the hub did not start:\n{self.log()}") from None
                time.sleep(0.5)

    def url(self, path: str) -> str:
        return self.trial.url + path.lstrip("/")

    def as_instructor(self, *argv: str) -> str:
        """Run a command as the instructor would in their hub terminal, in the course folder; its output."""
        command, env = hub.as_user(self.trial, "instructor", list(argv), cwd=self.trial.course)
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{' '.join(argv)} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout + done.stderr

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-6000:]

    def stop(self) -> None:
        """The hub (it stops the users' servers first), then its proxy, then anything the accounts left, by pid."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        proxy = self.trial.state / "proxy.pid"
        if proxy.exists():
            _kill(int(proxy.read_text()))
        uids = {pwd.getpwnam(name).pw_uid for name in [*self.trial.instructors, *self.trial.students]}
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                uid = int(re.search(r"^Uid:\s+(\d+)", status.read_text(), re.M).group(1))
            except (OSError, AttributeError):
                continue
            if uid in uids:
                _kill(int(status.parent.name))
        self._log.close()


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="module")
def course_hub(tmp_path_factory):
    if os.geteuid() != 0:
        pytest.skip("the hub makes system accounts and runs servers as them: needs root (CI is)")
    if not hub.PROXY.exists():
        pytest.fail(f"no configurable-http-proxy at {hub.PROXY}: `make test` (or `make hub`) installs it with npm")
    state = tmp_path_factory.mktemp("hub") / "state"
    running = None
    try:
        running = Hub(state)  # makes the accounts: removed below even when the hub does not start
        yield running
    finally:
        if running is not None:
            running.stop()
        hub.remove(state)


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


def screenshot(page, step: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{step}.png"))


def log_in(browser, course_hub: Hub, name: str):
    """A browser of ``name``'s own, logged in through the hub's login page, on their JupyterLab."""
    _preferences(course_hub.trial.home(name), name)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(course_hub.url("hub/login"))
    page.fill("#username_input", name)
    page.fill("#password_input", course_hub.trial.passwords[name])
    page.click("#login_submit")
    page.wait_for_function("() => window.jupyterapp && document.querySelector('.jp-LabShell')", timeout=240_000)
    return page


def _preferences(home: Path, name: str) -> None:
    """What the tests need of JupyterLab in a user's own settings: its app in the page, every cell rendered."""
    files = {
        home / ".jupyter" / "jupyter_server_config.json": {"LabApp": {"expose_app_in_browser": True}},
        home / ".jupyter/lab/user-settings/@jupyterlab/notebook-extension/tracker.jupyterlab-settings":
            {"windowingMode": "none"},
    }
    for path, value in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    for path in [home / ".jupyter", *(home / ".jupyter").rglob("*")]:
        os.chown(path, pwd.getpwnam(name).pw_uid, pwd.getpwnam(name).pw_gid)


def open_assignments(page):
    """nbgrader's Assignments tab, from the Nbgrader menu, with its lists loaded."""
    page.get_by_text("Nbgrader", exact=True).click()
    page.get_by_text("Assignment List", exact=True).click()
    page.wait_for_selector("#released_assignments_list_loading", state="hidden")
    page.wait_for_selector("#fetched_assignments_list_loading", state="hidden")


def row(page, listing: str, assignment: str):
    return page.locator(f"#{listing}_assignments_list .list_item", has_text=assignment).first


def fetch(page, assignment: str) -> None:
    row(page, "released", assignment).get_by_role("button", name="Fetch").click()
    row(page, "fetched", assignment).wait_for()


def submit(page, assignment: str) -> None:
    """Press Submit and wait for the submission to be listed (one more than before)."""
    listed = "#submitted_assignments_list .list_item"
    before = page.locator(listed).count()
    row(page, "fetched", assignment).get_by_role("button", name="Submit").click()
    page.wait_for_function(f"n => document.querySelectorAll('{listed}').length > n", arg=before)


def notebook_path(assignment: str) -> str:
    name = next(a for a in assignments(ROOT) if a.name == assignment).notebooks[0]
    return f"dl-foundations/{assignment}/{name}.ipynb"


def upload_answers(page, path: str, answers: dict[str, str]) -> None:
    """Put ``answers`` into the student's fetched notebook through their own server (as pasting them in would)."""
    page.evaluate("""async ([path, answers]) => {
        const contents = window.jupyterapp.serviceManager.contents;
        const model = await contents.get(path, {content: true});
        for (const cell of model.content.cells) {
            const nbgrader = cell.metadata.nbgrader;
            if (nbgrader && nbgrader.solution && nbgrader.grade_id in answers) cell.source = answers[nbgrader.grade_id];
        }
        await contents.save(path, {type: 'notebook', format: 'json', content: model.content});
    }""", [path, answers])


def open_notebook(page, course_hub: Hub, name: str, path: str):
    page.goto(course_hub.url(f"user/{name}/lab/workspaces/{name}-{time.monotonic_ns()}/tree/{path}"))
    page.wait_for_selector(f"{NOTEBOOK} .jp-Cell")
    page.wait_for_function(
        "() => { const w = window.jupyterapp.shell.currentWidget;"
        " const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;"
        " return kernel && kernel.status === 'idle'; }", timeout=RUN_TIMEOUT_MS)


def typed_cell(page):
    released = ROOT / "notebooks" / notebook_path(FIRST).split("/", 1)[1]
    nb = nbformat.read(released, as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if is_answer(c) and grade_id(c) == TYPED)
    return page.locator(f"{NOTEBOOK} .jp-Cell").nth(index)


def save(page) -> None:
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty")


def close_dialog(page) -> None:
    page.locator(".jp-Dialog").get_by_role("button", name="Ok").click()


def api_status(page, name: str, path: str) -> int:
    """The status JupyterLab's file browser gets when it asks ``name``'s server for ``path``."""
    return page.evaluate("""async path => {
        const settings = window.jupyterapp.serviceManager.serverSettings;
        const response = await fetch(settings.baseUrl + 'api/contents/' + path, {headers: {
            'X-XSRFToken': (document.cookie.match(/_xsrf=([^;]+)/) || [])[1] || ''}});
        return response.status; }""", path)


def hidden_test_lines(assignment: str) -> list[str]:
    """The lines of the assignment's hidden tests long enough to be telling (not `)` or a comment), and not also
    in what students were given (a hidden check may repeat a visible one on other inputs)."""
    source = next(a for a in assignments(ROOT) if a.name == assignment)
    nb = nbformat.read(source.source(source.notebooks[0]), as_version=4)
    given = {line.strip() for cell in nbformat.read(source.released(source.notebooks[0]), as_version=4).cells
             for line in cell.source.splitlines()}
    # and not in a right answer, which feedback shows as the student wrote it
    given |= {line.strip() for answer in solution_answers(source.source(source.notebooks[0])).values()
              for line in answer.splitlines()}
    lines = []
    for cell in nb.cells:
        hidden = re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", cell.source, re.S)
        lines += [line.strip() for block in hidden for line in block.splitlines()
                  if len(line.strip()) > 25 and not line.strip().startswith("#") and line.strip() not in given]
    return lines


def test_a_semester_on_the_hub(course_hub, browser):
    answers = {a: solution_answers(next(x for x in assignments(ROOT) if x.name == a).source(
        next(x for x in assignments(ROOT) if x.name == a).notebooks[0])) for a in (FIRST, SECOND)}
    right_typed = answers[FIRST][TYPED]
    blank_typed = nbformat.read(ROOT / "notebooks" / notebook_path(FIRST).split("/", 1)[1], as_version=4)
    blank_typed = next(c.source for c in blank_typed.cells if is_answer(c) and grade_id(c) == TYPED)
    first, second = notebook_path(FIRST), notebook_path(SECOND)
    others = {g: s for g, s in answers[FIRST].items() if g != TYPED}

    # The instructor releases both assignments through the exchange and sees them in formgrader.
    for assignment in (FIRST, SECOND):
        assert "Released as: dl-foundations" in course_hub.as_instructor("nbgrader", "release_assignment", assignment)
    instructor = log_in(browser, course_hub, "instructor")
    instructor.goto(course_hub.url("user/instructor/formgrader"))
    instructor.wait_for_function("names => names.every(n => document.body.innerText.includes(n))", arg=[FIRST, SECOND])
    rows = instructor.locator("table tbody tr").all_inner_texts()
    assert [r.split()[0] for r in rows if "released" in r] == [FIRST, SECOND], rows  # formgrader reads the exchange
    screenshot(instructor, "01-instructor-formgrader-released")

    # Each student logs in, fetches both, answers, validates and submits.
    pages = {}
    for name in STUDENTS:
        page = pages[name] = log_in(browser, course_hub, name)
        assert page.evaluate("() => window.jupyterapp.commands.hasCommand('nbgrader:open-formgrader')") is False
        open_assignments(page)
        for assignment in (FIRST, SECOND):
            fetch(page, assignment)
        screenshot(page, f"02-{name}-fetched")
        upload_answers(page, first, others)
        upload_answers(page, second, answers[SECOND])

    ada, ben, cy = (pages[n] for n in STUDENTS)
    open_notebook(ada, course_hub, "ada", first)
    type_answer(ada, typed_cell(ada), right_typed)
    save(ada)
    result = validate(ada)
    screenshot(ada, "03-ada-validate")
    assert "Success! Your notebook passes all the tests." in result, result
    close_dialog(ada)
    open_assignments(ada)
    submit(ada, FIRST)
    submit(ada, SECOND)
    screenshot(ada, "04-ada-submitted")

    open_assignments(ben)
    submit(ben, FIRST)  # the exercise still blank: this submission must not be the one graded
    open_notebook(ben, course_hub, "ben", first)
    type_answer(ben, typed_cell(ben), WRONG_ANSWER.read_text().split("\n", 1)[1])
    save(ben)
    result = validate(ben)
    screenshot(ben, "05-ben-validate-wrong-answer")
    assert WRONG_ANSWER_EXPLANATION in result, result
    close_dialog(ben)
    open_assignments(ben)
    submit(ben, FIRST)
    submit(ben, SECOND)
    screenshot(ben, "06-ben-submitted-twice")

    # The due date passes: cy's work comes in after it.
    time.sleep(1.5)
    due = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    for assignment in (FIRST, SECOND):
        course_hub.as_instructor("nbgrader", "db", "assignment", "add", assignment, f"--duedate={due}")
    time.sleep(1.5)
    open_notebook(cy, course_hub, "cy", first)
    result = validate(cy)
    screenshot(cy, "07-cy-validate-blank")
    assert "Validation failed" in result or "The following cell failed" in result, result
    assert "Exercise 1.3" in result, result
    close_dialog(cy)
    open_assignments(cy)
    submit(cy, FIRST)
    submit(cy, SECOND)
    screenshot(cy, "08-cy-submitted-late")

    # The instructor collects, grades, reports and releases feedback.
    for assignment in (FIRST, SECOND):
        course_hub.as_instructor("nbgrader", "collect", assignment)
    course = course_hub.trial.course
    graded = course_hub.as_instructor("dlcourse", "grade", "--workers", "2")
    course_hub.as_instructor("dlcourse", "report")
    for assignment in (FIRST, SECOND):
        course_hub.as_instructor("nbgrader", "release_feedback", assignment)
    instructor.goto(course_hub.url(f"user/instructor/formgrader/manage_submissions/{FIRST}"))
    instructor.wait_for_function("names => names.every(n => document.body.innerText.includes(n))", arg=STUDENTS)
    screenshot(instructor, "09-instructor-gradebook")

    scores = _scores(course)
    full = scores[("ada", FIRST)]["max_score"]
    assert scores[("ada", FIRST)]["score"] == full, (scores, graded)
    typed_points = _points(course, FIRST, TYPED)
    assert scores[("ben", FIRST)]["score"] == full - typed_points, scores  # the latest submission, the wrong answer
    # cy: the exercise left blank, and 10 % of the rest off for a day started late (nbgrader keeps the two apart)
    assert scores[("cy", FIRST)]["score"] == full - typed_points, scores
    assert scores[("cy", FIRST)]["late_penalty"] == pytest.approx(0.1 * (full - typed_points)), scores
    assert all(scores[(n, a)]["late_penalty"] == 0 for n in ("ada", "ben") for a in (FIRST, SECOND)), scores

    # Each student fetches their feedback: their score, the visible checks' explanations, no hidden test.
    hidden = hidden_test_lines(FIRST)
    assert hidden, "the first assignment has hidden tests to look for"
    for name in STUDENTS:
        page = pages[name]
        open_assignments(page)
        row(page, "submitted", FIRST).get_by_role("button", name="Fetch Feedback").click()
        folder = f"dl-foundations/{FIRST}/feedback"
        page.wait_for_function("""async folder => {
            try { const m = await window.jupyterapp.serviceManager.contents.get(folder);
                  return m.content.length > 0; } catch (e) { return false; } }""", arg=folder)
        stamp = page.evaluate("async f => (await window.jupyterapp.serviceManager.contents.get(f)).content[0].name",
                              folder)
        html = f"{folder}/{stamp}/{Path(first).stem}.html"
        page.goto(course_hub.url(f"user/{name}/files/{html}"))
        text = page.locator("body").inner_text()
        screenshot(page, f"10-{name}-feedback")
        score = scores[(name, FIRST)]
        # nbgrader's feedback heading: "tensors (Score: 11.7 / 15.0)", the score less any late penalty, listed below
        final = float(score["score"]) - float(score["late_penalty"])
        assert f"(Score: {round(final, 2)} / {round(float(full), 2)})" in text, text[:500]
        if score["late_penalty"]:
            assert f"Late submission penalty (Score: -{round(float(score['late_penalty']), 2)})" in text, text[:800]
        leaked = [line for line in hidden if line in text]
        assert not leaked, f"{name}'s feedback shows hidden tests: {leaked[:3]}"
    ben_feedback = pages["ben"].locator("body").inner_text()
    assert WRONG_ANSWER_EXPLANATION in ben_feedback, ben_feedback[-2000:]

    # What a student cannot reach: another student's server, files, submissions; the instructor's course.
    ada.goto(course_hub.url("user/ben/lab"))
    assert "/user/ben/lab" not in ada.url or "403" in ada.locator("body").inner_text(), ada.url
    ada.goto(course_hub.url("user/ada/lab"))
    ada.wait_for_function("() => window.jupyterapp && document.querySelector('.jp-LabShell')")
    # Encoded slashes: the browser would resolve a literal ../ in the URL before sending it; the server decodes these.
    for path in ("..%2Fben", "dl-foundations%2F..%2F..%2Fben", "..%2F..%2Fexchange", "%2Fetc"):
        assert 400 <= api_status(ada, "ada", path) < 500, path
    assert ada.evaluate("async () => (await fetch('/user/ada/formgrader')).status") == 404
    inbound = course_hub.trial.exchange / "dl-foundations" / "inbound"
    bens = sorted(p for p in inbound.iterdir() if p.name.startswith("ben+"))
    attempts = {
        "another student's home": course_hub.trial.home("ben"),
        "another student's fetched work": course_hub.trial.home("ben") / first,
        "the list of submissions": inbound,
        "the instructor's course": course,
        "the instructor's source": course / "solutions" / FIRST,
        "the course repository's solutions": ROOT / "solutions" / FIRST,
        "the collected submissions": course / "submitted",
    }
    probe = "; ".join(f"(ls {str(p)!r} || cat {str(p)!r}) >/dev/null 2>&1 && echo 'READ {p}' || echo 'NOT {p}'"
                      for p in attempts.values())
    ada.evaluate("() => window.jupyterapp.commands.execute('terminal:create-new')")
    ada.locator(".jp-Terminal .xterm-helper-textarea").first.wait_for(state="attached")
    ada.wait_for_timeout(2000)
    ada.locator(".jp-Terminal").first.click()
    ada.keyboard.type(f"{{ {probe}; }} > ~/probe.txt; echo probed\n")
    ada.wait_for_timeout(2000)
    screenshot(ada, "11-ada-terminal")
    probe_file = course_hub.trial.home("ada") / "probe.txt"
    deadline = time.monotonic() + 30
    while not probe_file.exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    found = probe_file.read_text()
    assert found.count("NOT ") == len(attempts), found
    assert bens, "ben's submissions are in the exchange"  # they exist; ada's terminal could not list them


def _binds(view: list[str]) -> set[str]:
    """The host paths a bwrap command line mounts."""
    return {view[i + 1] for i, option in enumerate(view) if option in ("--bind", "--ro-bind")}


def test_a_students_view_holds_their_home_the_exchange_and_the_course_python_only():
    me = pwd.getpwuid(os.getuid())
    settings = {"instructors": ["someone-else"], "exchange": "/srv/exchange", "course": "/home/teacher/course"}
    view = hub.user_view(me.pw_name, settings)
    binds = _binds(view)
    assert {me.pw_dir, "/srv/exchange", str(ROOT / "student"), str(ROOT / ".venv")} <= binds, binds
    inside_repo = {b for b in binds if b == str(ROOT) or b.startswith(str(ROOT) + "/")}
    assert inside_repo <= {str(ROOT / p) for p in (".venv", "student", "student/helpers", "hub/student")}, inside_repo
    assert "/home/teacher/course" not in binds and not any(b.startswith("/home/teacher") for b in binds)
    assert "--unshare-pid" in view and view[view.index("--proc") + 1] == "/proc"
    become = view[view.index("setpriv"):]
    assert f"--reuid={me.pw_uid}" in become and "--no-new-privs" in become and become[-1] == "--"
    env = hub.user_env(me.pw_name, settings)
    assert env["JUPYTER_CONFIG_PATH"] == str(hub.HUB_DIR / "student") and env["NBGRADER_EXCHANGE"] == "/srv/exchange"


def test_the_instructors_view_adds_the_grader_but_not_this_repositorys_solutions():
    me = pwd.getpwuid(os.getuid())
    settings = {"instructors": [me.pw_name], "exchange": "/srv/exchange", "course": f"{me.pw_dir}/course"}
    view = hub.user_view(me.pw_name, settings)
    binds = _binds(view)
    assert str(ROOT / "dlcourse") in binds and str(ROOT / "hub" / "instructor") in binds, binds
    assert not any(b == str(ROOT) or b.startswith(str(ROOT / "solutions")) for b in binds), binds
    assert "--unshare-pid" not in view  # the grader's own sandbox needs the machine's /proc and processes
    assert hub.user_env(me.pw_name, settings)["JUPYTER_CONFIG_PATH"] == str(hub.HUB_DIR / "instructor")


def test_the_hub_refuses_an_account_it_did_not_make(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("prepare needs root")
    existing = pwd.getpwuid(0).pw_name  # root exists and is not the trial's
    with pytest.raises(hub.CourseError, match=f"An account named {existing} exists"):
        hub.prepare(tmp_path / "state", students=[existing])
    assert not (tmp_path / "state").exists()  # nothing was made


def _scores(course: Path) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {(s.student.id, s.assignment.name): {"score": s.score, "max_score": s.max_score,
                                                    "late_penalty": s.late_submission_penalty}
                for a in (FIRST, SECOND) for s in gb.assignment_submissions(a)}


def _points(course: Path, assignment: str, grade: str) -> float:
    source = next(a for a in assignments(ROOT) if a.name == assignment)
    nb = nbformat.read(source.source(source.notebooks[0]), as_version=4)
    return sum(c.metadata["nbgrader"].get("points", 0) for c in nb.cells
               if c.metadata.get("nbgrader", {}).get("grade") and re.match(rf"{grade}(_|$)", grade_id(c)))

