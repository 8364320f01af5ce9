"""Run solution notebooks top to bottom and store their outputs, as nbval will compare them."""

import os
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .preprocessors import TidyMetadata

#: nbval's tag for cells it does not run.
NBVAL_SKIP = "nbval-skip"
#: Seconds a single cell may run; notebooks are meant to finish in well under 30 s.
CELL_TIMEOUT = 120


def execute_notebook(path: Path, timeout: int = CELL_TIMEOUT) -> float:
    """Execute the notebook at ``path`` in a fresh kernel, in its own folder, and save it in place.

    Outputs are stored; editor and timing metadata are dropped so that re-running an
    unchanged notebook gives an unchanged file (apart from volatile outputs).

    Args:
        path: the .ipynb file.
        timeout: seconds allowed per cell. Defaults to 120.

    Returns:
        The wall time of the run in seconds.

    Raises:
        nbclient.exceptions.CellExecutionError: a cell raised; the notebook is not saved.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # the kernel inherits it
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
        # What nbval does not run keeps no stored output (the check-my-work cell: its table has the time in it).
        skip_cells_with_tag=NBVAL_SKIP,
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    for cell in nb.cells:
        if NBVAL_SKIP in cell.metadata.get("tags", []) and cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb, _ = TidyMetadata().preprocess(nb, {})
    nbformat.write(nb, path)
    return elapsed
