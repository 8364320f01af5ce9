"""What nbgrader's Validate button shows for a failed check: the check's explanation first.

Validate lists each failing test cell as its source, then its error. For a check of this course the error is
the explanation (``checks.CheckFailed``), so the dialog would open on a page of test code, with the one sentence
that matters at the bottom of a small box. ``explain_first`` runs after each failing cell while Validate executes
the notebook (nbclient's ``on_cell_error`` hook, set in nbgrader_config.py). For a test cell whose check failed,
it puts the explanation where the dialog shows the source, and leaves under it only where the student's code
raised and which line of the test cell checked. Only Validate's copy of the notebook changes, never the
student's file, and only while validating: grading runs the same hook, and there it does nothing.
"""

import os

from . import cells

#: nbgrader sets this while its Validator executes a notebook (``nbgrader.utils.setenv``).
VALIDATING = "NBGRADER_VALIDATING"


def explain_first(cell, cell_index=None, execute_reply=None, **_) -> None:
    """After a test cell failed a check, lead with the check's explanation (while validating only)."""
    if os.environ.get(VALIDATING) != "1" or not cells.is_test(cell):
        return
    failure = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"
                    and o.get("ename") == "CheckFailed"), None)
    if failure is None:
        return
    from nbgrader import utils

    metadata = cell.metadata.nbgrader
    if metadata.get("checksum") != utils.compute_checksum(cell):
        return  # a changed test cell: Validate reports it as changed, so leave everything as nbgrader sees it
    explanation = str(failure.get("evalue", "")).strip()
    shown = list(failure.get("traceback", []))
    ours = explanation.splitlines()
    # CheckFailed._render_traceback_ starts with the explanation's lines; what follows is the rest of the story.
    rest = shown[len(ours):] if shown[:len(ours)] == ours else shown
    while rest and not rest[0].strip():
        rest = rest[1:]
    outputs = cell.get("outputs", [])
    after = outputs[outputs.index(failure) + 1:]
    hints = [o["data"]["text/plain"] for o in after if o.get("output_type") == "display_data"
             and str(o.get("data", {}).get("text/plain", "")).startswith("Hint:")]
    cell.source = "\n".join([explanation, *hints])
    failure["traceback"] = rest
    metadata["checksum"] = utils.compute_checksum(cell)
