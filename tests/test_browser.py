"""The course as students and instructors see it: JupyterLab in a real browser (Debian's Chromium, headless).

For every notebook, as its solution was last run (the outputs nbval checks): every figure and every image from img/
renders in the page, with alt text. For two released notebooks: run every cell as a student would and find errors
only where an exercise is unanswered, each with its explanation. (Running all eleven took about five of the suite's
minutes on two cores; every released notebook is also graded unanswered in tests/test_roundtrip.py, where each
error must be an unanswered exercise's.) For one notebook, type an answer into the page and press nbgrader's
Validate button: success for a right answer, the check's explanation for a wrong one. The instructor's formgrader
lists the assignments.

Screenshots are kept in test-artifacts/browser/ (git-ignored). `make test` installs Chromium (`make browser`);
nothing is downloaded by Playwright.
"""

import re
import secrets
from pathlib import Path

import nbformat
import pytest
from conftest import ASSIGNMENTS, ROOT
from jupyterlab import (
    CHROMIUM,
    NOTEBOOK,
    RUN_TIMEOUT_MS,
    JupyterLab,
    chromium,
    copy_course,
    type_answer,
    validate,
)
from submissions import MISTAKES, fill, grade_id, is_answer, is_test, solution_answers

ARTIFACTS = ROOT / "test-artifacts" / "browser"
#: The notebook whose exercise is answered through the page and validated.
VALIDATED = "01-tensors"
VALIDATED_EXERCISE = "ex1_3"
WRONG_ANSWER = MISTAKES / VALIDATED / "ex1_3__missing_bias.py"
#: A wrong answer whose code raises inside TensorFlow (`*` for `@`).
RAISING_ANSWER = MISTAKES / VALIDATED / "ex1_3__elementwise_product.py"
#: The explanation its visible check gives for that wrong answer.
WRONG_ANSWER_EXPLANATION = "Exercise 1.3 (`dense`): the result is x @ W without the bias."

# Run every cell as a student would: Run All stops at the first error, so start again after each one, as a student
# does with "Run Selected Cell and All Below". Then save, so the test can read what the page ran from the file.
RUN_EVERY_CELL = """
async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  const notebook = panel.content;
  window.__run = {done: false, stops: []};
  const hasError = (cell) => cell.model.type === 'code' &&
      Array.from({length: cell.model.outputs.length}, (_, k) => cell.model.outputs.get(k).type).includes('error');
  try {
    let start = 0, retries = 0;
    while (start < notebook.widgets.length) {
      notebook.activeCellIndex = start;
      if (await app.commands.execute('notebook:run-all-below')) break;
      const stop = notebook.widgets.findIndex((cell, i) => i >= start && hasError(cell));
      // Right after an error the kernel may still be discarding the requests queued behind it, and discard this
      // run too ("aborted", no error): run it again, as a student would press the button again.
      if (stop < 0 && retries < 5) {
        retries += 1;
        await new Promise(resolve => setTimeout(resolve, 250));
        continue;
      }
      if (stop < 0) {
        const seen = notebook.widgets.slice(start, start + 4).map(cell => cell.model.type + ':' +
            Array.from({length: cell.model.type === 'code' ? cell.model.outputs.length : 0},
                       (_, k) => cell.model.outputs.get(k).type).join(','));
        throw new Error('the run stopped at cell ' + start + ' without an error: ' + seen.join(' | '));
      }
      window.__run.stops.push(stop);
      start = stop + 1;
      retries = 0;
    }
    await app.commands.execute('docmanager:save');
  } catch (err) {
    window.__run.error = String(err);
  }
  window.__run.done = true;
}
"""

#: The notebook on show (JupyterLab keeps other tabs in the page, hidden).

# Every image in the notebook on show, with the index of the cell it is in.
IMAGES = """
selector => Array.from(document.querySelectorAll(selector + ' .jp-Cell')).flatMap((cell, index) =>
  Array.from(cell.querySelectorAll('img')).map(img => ({
    cell: index,
    alt: img.alt,
    loaded: img.complete && img.naturalWidth > 0,
    output: img.closest('.jp-OutputArea') !== null,
    src: (img.getAttribute('src') || '').slice(0, 80),
  })))
"""

@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail("the browser tests need Debian's Chromium at /usr/bin/chromium: run `make browser` "
                    "(or `sudo apt-get install chromium`)")
    work = tmp_path_factory.mktemp("jupyterlab")
    course = copy_course(work / "course")
    server = JupyterLab(course, work)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


@pytest.fixture()
def page(browser, lab):
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    page = context.new_page()
    page.set_default_timeout(60_000)
    problems = []
    page.on("pageerror", lambda err: problems.append(str(err)))
    yield page
    context.close()
    lab.shut_down_kernels()  # each notebook's kernel holds TensorFlow: ~0.5 GB
    assert not problems, f"JavaScript errors in the page: {problems}"


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def open_notebook(page, lab, path: str):
    # A workspace of its own, so the page opens this notebook alone, not every notebook opened before it.
    page.goto(lab.url(f"lab/workspaces/{secrets.token_hex(4)}/tree/{path}"))
    page.wait_for_selector(f"{NOTEBOOK} .jp-Cell")
    page.wait_for_function(
        "() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
        " const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;"
        " return kernel && kernel.status === 'idle'; }")


def explained_unanswered(cell, output) -> bool:
    """An error that says an exercise is not answered yet: its test cell's check, or a demo that calls it."""
    if output.ename == "CheckFailed":
        return is_test(cell) and "not answered yet" in output.evalue
    return output.ename == "NotImplementedError"


def coaching_after_error(cell) -> str:
    """The text of the hint ``setup()`` shows under a cell's error, or ''."""
    names = [o.output_type for o in cell.outputs]
    after = cell.outputs[names.index("error") + 1:] if "error" in names else []
    return " ".join(o.get("data", {}).get("text/plain", "") for o in after if o.output_type == "display_data")


def figure_outputs(nb) -> int:
    return sum("<img" in o.get("data", {}).get("text/html", "")
               for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs)


NOTEBOOKS = [(a, nb) for a in ASSIGNMENTS for nb in a.notebooks]
#: The released notebooks run cell by cell in the page: the one the Validate test uses, and the one whose
#: unanswered exercises fail inside tf.function tracing (their errors must still be explained).
RUN_IN_THE_PAGE = ["01-tensors", "02-graphs-and-sessions"]


def notebook_id(assignment, notebook) -> str:
    return assignment.name if len(assignment.notebooks) == 1 else f"{assignment.name}-{notebook}"


def check_images(page, path: str, nb, failed: set[int]) -> None:
    """Every image in the page loaded and is described; one per figure output and per markdown image.

    A cell that failed half-way (index in ``failed``) may leave a half-drawn figure behind (matplotlib shows what
    was drawn): it needs no alt text. Every other image, in markdown or a figure, must say in words what it shows.
    """
    images = page.evaluate(IMAGES, NOTEBOOK)
    broken = [image["src"] for image in images if not image["loaded"]]
    assert not broken, f"{path}: images that did not render: {broken}"
    described = [image for image in images if not (image["output"] and image["cell"] in failed)]
    missing_alt = [(image["cell"], image["src"]) for image in described if len(image["alt"].split()) < 3]
    assert not missing_alt, f"{path}: images without alt text (cell, src): {missing_alt}"
    shown = sum(image["output"] for image in described)
    assert shown == figure_outputs(nb) > 0, f"{path}: {figure_outputs(nb)} figures in the notebook, {shown} shown"
    markdown_images = len(re.findall(r"!\[", "".join(c.source for c in nb.cells if c.cell_type == "markdown")))
    assert sum(not image["output"] for image in images) == markdown_images, f"{path}: markdown images missing"


@pytest.mark.parametrize("assignment,notebook", NOTEBOOKS, ids=[notebook_id(a, nb) for a, nb in NOTEBOOKS])
def test_every_figure_and_image_renders_with_alt_text(page, lab, assignment, notebook):
    """The solution as `make execute` stored it, opened and not run: what a student's run draws, in the page."""
    path = f"solutions/{assignment.name}/{notebook}.ipynb"
    open_notebook(page, lab, path)
    stored = nbformat.read(lab.course / path, as_version=4)
    check_images(page, path, stored, failed=set())
    page.locator(f"{NOTEBOOK} .jp-OutputArea img").first.scroll_into_view_if_needed()
    screenshot(page, f"figures-{notebook_id(assignment, notebook)}")


RUN = [(a, nb) for a, nb in NOTEBOOKS if a.name in RUN_IN_THE_PAGE]


@pytest.mark.parametrize("assignment,notebook", RUN, ids=[notebook_id(a, nb) for a, nb in RUN])
def test_released_notebook_runs_in_jupyterlab(page, lab, assignment, notebook):
    path = f"notebooks/{assignment.name}/{notebook}.ipynb"
    open_notebook(page, lab, path)
    page.evaluate(RUN_EVERY_CELL)
    page.wait_for_function("() => window.__run.done", timeout=RUN_TIMEOUT_MS)
    run = page.evaluate("() => window.__run")
    assert "error" not in run, f"{path}: {run['error']}"

    ran = nbformat.read(lab.course / path, as_version=4)
    exercises = {grade_id(c) for c in ran.cells if is_test(c)}
    unanswered = []
    for index, cell in enumerate(ran.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        assert cell.execution_count is not None, f"{path}: cell {index} never ran"
        for output in cell.outputs:
            if output.output_type != "error":
                continue
            first_line = cell.source.splitlines()[0]
            assert explained_unanswered(cell, output), (
                f"{path}: cell {index} ({first_line!r}) failed with {output.ename}: {output.evalue}, "
                "which is not an unanswered exercise")
            if output.ename == "NotImplementedError":
                assert "not answered yet" in coaching_after_error(cell), (
                    f"{path}: cell {index} ({first_line!r}) hit an unanswered exercise without a hint saying so")
            unanswered.append(index)
    failed_tests = {grade_id(c) for c in ran.cells if is_test(c) and any(o.output_type == "error" for o in c.outputs)}
    assert failed_tests == exercises, f"{path}: every exercise is unanswered, so every test cell should say so"
    failed = {i for i, cell in enumerate(ran.cells) if any(o.output_type == "error" for o in cell.get("outputs", []))}
    check_images(page, path, ran, failed)

    # The screenshot shows the first exercise's explanation, the most typical sight of a fresh notebook.
    first = min(unanswered)
    page.locator(f"{NOTEBOOK} .jp-Cell").nth(first).scroll_into_view_if_needed()
    screenshot(page, notebook_id(assignment, notebook))


def test_validate_button_passes_a_right_answer_and_explains_a_wrong_one(page, lab):
    """A student who has answered every other exercise types the last one into the page and validates."""
    assignment = next(a for a in ASSIGNMENTS if a.name == VALIDATED)
    answers = solution_answers(assignment.source(assignment.notebooks[0]))
    released = lab.course / "notebooks" / VALIDATED / f"{assignment.notebooks[0]}.ipynb"
    practice = lab.course / "practice" / released.name
    practice.parent.mkdir(exist_ok=True)
    fill(released, {k: v for k, v in answers.items() if k != VALIDATED_EXERCISE}, practice)
    nb = nbformat.read(practice, as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if is_answer(c) and grade_id(c) == VALIDATED_EXERCISE)

    open_notebook(page, lab, f"practice/{practice.name}")
    answer_cell = page.locator(f"{NOTEBOOK} .jp-Cell").nth(index)
    type_answer(page, answer_cell, answers[VALIDATED_EXERCISE])
    result = validate(page)
    screenshot(page, "validate-right-answer")
    assert "Success! Your notebook passes all the tests." in result, result
    page.locator(".jp-Dialog").get_by_role("button", name="Ok").click()

    wrong = WRONG_ANSWER.read_text().split("\n", 1)[1]  # without the comment that names the mistake
    type_answer(page, answer_cell, wrong)
    result = validate(page)
    screenshot(page, "validate-wrong-answer")
    assert "The following cell failed" in result, result
    assert WRONG_ANSWER_EXPLANATION in result, result
    # The dialog leads with the explanation: the test cell's code is not what it shows first (or at all).
    assert "checks.Exercise(" not in result, result


def test_a_failed_check_shows_its_sentence_and_only_the_students_code(page, lab):
    """A wrong answer that makes TensorFlow raise: the page shows the check's sentence, then the student's frame."""
    assignment = next(a for a in ASSIGNMENTS if a.name == VALIDATED)
    answers = solution_answers(assignment.source(assignment.notebooks[0]))
    answers[VALIDATED_EXERCISE] = RAISING_ANSWER.read_text().split("\n", 1)[1]
    released = lab.course / "notebooks" / VALIDATED / f"{assignment.notebooks[0]}.ipynb"
    practice = lab.course / "practice" / f"raising-{released.name}"
    practice.parent.mkdir(exist_ok=True)
    fill(released, answers, practice)
    nb = nbformat.read(practice, as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if is_test(c) and grade_id(c) == f"{VALIDATED_EXERCISE}_test")

    open_notebook(page, lab, f"practice/{practice.name}")
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    output = page.locator(f"{NOTEBOOK} .jp-Cell").nth(index).locator(".jp-OutputArea-output").first
    output.wait_for(timeout=RUN_TIMEOUT_MS)
    output.scroll_into_view_if_needed()
    screenshot(page, "failed-check")
    shown = output.inner_text()
    lines = [line for line in shown.splitlines() if line.strip()]
    assert lines[0].startswith("Exercise 1.3 (`dense`): calling it raised InvalidArgumentError: Incompatible "
                               "shapes"), shown
    assert "return x * W + b" in shown, shown  # the student's own line, where it raised
    for hidden in ("helpers/", "tensorflow/", "site-packages", "Traceback (most recent call last)", "function_node"):
        assert hidden not in shown, f"{hidden!r} in what the page shows:\n{shown}"
    assert len(lines) <= 10, shown


def test_formgrader_lists_the_assignments(page, lab):
    page.goto(lab.url("formgrader"))
    names = [a.name for a in ASSIGNMENTS]
    page.wait_for_function(
        "names => { const t = document.querySelector('table');"
        " return t && names.every(n => t.innerText.includes(n)); }", arg=names)
    rows = page.locator("table tbody tr").all_inner_texts()
    listed = [row.split()[0] for row in rows if row.strip()]
    assert [n for n in listed if n in names] == names, rows
    screenshot(page, "formgrader")
