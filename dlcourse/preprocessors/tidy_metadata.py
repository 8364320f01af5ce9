"""Strip editor and execution metadata from released notebooks."""

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import List, Unicode


class TidyMetadata(NbGraderPreprocessor):
    """Keep only the metadata a released notebook needs, so releases are byte-identical.

    JupyterLab and nbclient add metadata as a side effect of editing and running
    (language_info, widths, timings, scroll state). None of it belongs in what
    students receive, and all of it makes two releases of the same source differ.
    """

    notebook_keys = List(
        Unicode(), default_value=["kernelspec"], help="Notebook-level metadata keys to keep."
    ).tag(config=True)
    cell_keys = List(
        Unicode(),
        default_value=["nbgrader", "deletable", "editable", "tags"],
        help="Cell-level metadata keys to keep (nbgrader's own, the lock flags it sets, and tags).",
    ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        for key in list(nb.metadata):
            if key not in self.notebook_keys:
                del nb.metadata[key]
        return super().preprocess(nb, resources)

    def preprocess_cell(
        self, cell: NotebookNode, resources: ResourcesDict, cell_index: int
    ) -> tuple[NotebookNode, ResourcesDict]:
        for key in list(cell.metadata):
            if key not in self.cell_keys:
                del cell.metadata[key]
        return cell, resources
