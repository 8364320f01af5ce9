"""nbgrader's CheckCellMetadata, remembering the metadata it has already found valid."""

import json
import traceback

from nbformat.notebooknode import NotebookNode
from nbgrader.nbgraderformat import MetadataValidator, ValidationError
from nbgrader.preprocessors import CheckCellMetadata


class _RememberingValidator(MetadataValidator):
    """Validates each distinct (cell type, nbgrader metadata) once per process.

    nbgrader checks every cell's metadata with ``jsonschema.validate``, which checks the schema itself on every
    call: about a fifth of the grading coordinator's time. A class's notebooks hold the same metadata over and over
    (the course's cells are restored from the gradebook), and the verdict depends on nothing else: the cell's
    source only appears in the error message, and a cell that fails is checked again each time.
    """

    _valid: set[tuple[str, str]] = set()

    def validate_cell(self, cell: NotebookNode) -> None:
        if "nbgrader" not in cell.metadata:
            return
        key = (cell.cell_type, json.dumps(cell.metadata["nbgrader"], sort_keys=True))
        if key in self._valid:
            return
        super().validate_cell(cell)
        self._valid.add(key)


class CheckCellMetadataOnce(CheckCellMetadata):
    """The same check and the same errors as nbgrader's ``CheckCellMetadata`` (duplicate grade ids included)."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        try:
            _RememberingValidator().validate_nb(nb)
        except ValidationError:
            self.log.error(traceback.format_exc())
            msg = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(msg)
            raise ValidationError(msg) from None
        return nb, resources

