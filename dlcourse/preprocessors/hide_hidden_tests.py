"""Keep hidden tests out of the feedback students receive."""

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests
from traitlets import Bool


class HideHiddenTests(ClearHiddenTests):
    """Remove hidden-test regions from test cells, and their code from tracebacks.

    nbgrader's feedback shows every test cell as it ran, hidden tests included
    (jupyter/nbgrader#917). Here, in each autograder-test cell that held a hidden
    region, the region is cut out of the source, and an error's traceback (which
    quotes the failing line) is cut down to its last line, "ErrorName: message":
    the checks' messages are written to be read by students.

    Only test cells are touched: their source comes from the gradebook, never from
    the student, so a student cannot make feedback generation fail by writing the
    markers into an answer.
    """

    enforce_metadata = Bool(False, help="Never fail feedback generation over a misplaced marker.").tag(
        config=True
    )

    def preprocess_cell(
        self, cell: NotebookNode, resources: ResourcesDict, cell_index: int
    ) -> tuple[NotebookNode, ResourcesDict]:
        if cell.cell_type != "code" or not utils.is_grade(cell) or utils.is_solution(cell):
            return cell, resources
        if self._remove_hidden_test_region(cell):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
        return cell, resources
