"""nbconvert's NotebookExporter without the copies and checks that repeat themselves, for the grading coordinator.

For each notebook nbconvert's ``NotebookExporter.from_notebook_node`` deep-copies the notebook, deep-copies it again
in ``_preprocess`` and once more in ``validator.normalize``, and after the preprocessors validates it in
``nbformat.writes``, which only logs what it finds, and copies it a last time to write it. With
``Exporter.optimistic_validation`` (which the grader sets) ``_preprocess`` has just validated the same notebook and
raised on an invalid one. The coordinator does this for every notebook twice (sanitize, record), and the copies
and checks were a third of its time. This exporter makes one copy (``normalize``'s: the caller's notebook is left
as it was) and one check, and gives the same text.
"""

import copy
import json
import os

from nbconvert.exporters import NotebookExporter
from nbformat import validator
from nbformat.v4.nbjson import BytesEncoder
from nbformat.v4.rwbase import split_lines, strip_transient
from traitlets import Bool


class GradingNotebookExporter(NotebookExporter):
    """``NotebookExporter`` that copies the notebook once and validates it once (see the module docstring).

    ``checked = True``: the notebook comes from a grading worker, whose exporter normalized and validated it after
    running it, and is the caller's to change: it is neither copied nor normalized nor validated again (the record
    step's preprocessors only write grades and check nbgrader's metadata).
    """

    checked = Bool(False, help="The notebook was normalized and validated where it was made (see the class).")

    def from_notebook_node(self, nb, resources=None, **kw):
        if self.nbformat_version != nb.nbformat or not self._preprocessors:
            return super().from_notebook_node(nb, resources, **kw)  # conversions, or nothing that validates
        nb_copy, resources = self.preprocessed(nb, resources)
        output = _writes(nb_copy)
        return output if output.endswith("\n") else output + "\n", resources

    def preprocessed(self, nb, resources=None):
        """``from_notebook_node`` without its last step: the preprocessed (and validated) copy of ``nb``, as a
        notebook, not as text, for a caller that goes on with it."""
        resources = self._init_resources(resources)
        if "language" in nb["metadata"]:
            resources["language"] = nb["metadata"]["language"].lower()
        nb_copy, resources = self._preprocess(nb, resources)
        metadata = resources.get("metadata", {}) if resources is not None else {}
        self._nb_metadata[os.path.join(metadata.get("path", ""), metadata.get("name", ""))] = nb_copy.metadata
        resources["output_suffix"] = ".nbconvert"
        return nb_copy, resources

    def _preprocess(self, nb, resources):
        # nbconvert's Exporter._preprocess, with normalize's copy as the only copy of the notebook
        nbc = nb if self.checked else validator.normalize(nb)[1]
        resc = copy.deepcopy(resources)
        preprocessor = None
        for preprocessor in self._preprocessors:
            nbc, resc = preprocessor(nbc, resc)
            if not self.optimistic_validation and not self.checked:
                self._validate_preprocessor(nbc, preprocessor)
        if self.optimistic_validation and not self.checked:
            self._validate_preprocessor(nbc, preprocessor)
        return nbc, resc


def _writes(nb) -> str:
    """``nbformat.v4.writes(nb)``, changing ``nb`` instead of copying it first (it is this exporter's own copy)."""
    return json.dumps(strip_transient(split_lines(nb)), cls=BytesEncoder, indent=1, sort_keys=True,
                      separators=(",", ": "), ensure_ascii=False)

