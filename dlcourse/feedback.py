"""The feedback page students receive: nbgrader's feedback template, with each test cell named for its exercise.

nbgrader's template (``feedback/index.html.j2`` among its formgrader templates) lists every test cell in the
page's table of contents as "Test cell (Score: 1.0 / 1.0)". The course's template, ``TEMPLATE_FILE`` in
``templates/dlcourse_feedback`` (whose conf.json names nbgrader's ``feedback`` as its base), extends it by Jinja
inheritance and names each entry for its exercise, "Exercise 4.3 (Score: 1.0 / 1.0)", with the ``exercise_label``
filter. nbgrader_config.py selects them for ``GenerateFeedback``'s exporter only (formgrader's pages keep their
templates), so ``nbgrader generate_feedback``, formgrader's feedback and ``dlcourse report`` all use them.
"""

import re
from pathlib import Path

import nbgrader

#: The course's feedback template: a folder of ``TEMPLATE_DIR``, and the file in it.
TEMPLATE_NAME = "dlcourse_feedback"
TEMPLATE_FILE = "exercises.html.j2"  # not index.html.j2: that name is nbgrader's template, which it extends
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
#: Where nbgrader keeps the ``feedback`` template the course's extends (what ``GenerateFeedback`` uses by default).
NBGRADER_TEMPLATE_DIR = Path(nbgrader.__file__).resolve().parent / "server_extensions" / "formgrader" / "templates"

_EXERCISE_CELL = re.compile(r"^ex(\d+)_(\d+)(?:_test)?$")


def exercise_label(grade_id: str) -> str:
    """``"Exercise 4.3"`` for the cells of exercise 4.3: its answer cell ``ex4_3`` and its test cell ``ex4_3_test``
    (the course's grade ids); ``""`` for others.

    A Jinja filter of the feedback template; the report names exercises the same way.
    """
    match = _EXERCISE_CELL.match(str(grade_id or ""))
    return f"Exercise {match[1]}.{match[2]}" if match else ""
