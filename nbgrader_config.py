"""nbgrader's view of the course: solutions/ is the source, notebooks/ the release.

Every `nbgrader` command and `dlcourse` reads this file. One assignment per folder:
solutions/01-tensors/tensors.ipynb is released to notebooks/01-tensors/tensors.ipynb.
"""

import os

from dlcourse import feedback
from dlcourse.preprocessors import HideHiddenTests, TidyMetadata
from helpers.submit import ZIP_COLLECT_PATTERN
from helpers.validate import explain_first
from nbgrader.converters import GenerateAssignment, GenerateFeedback

# Kernels started by nbgrader inherit this: TensorFlow's C++ logging stays out of autograded notebooks
# and feedback. (helpers.setup() also silences the lines TF prints before its logging is configured.)
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
# The id students' hand-in archives carry (student/nbgrader_config.py says the same; a test keeps them in step).
c.CourseDirectory.course_id = "dl-foundations"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
# submitted/, autograded/, feedback/ and gradebook.db keep nbgrader's defaults; all are git-ignored.
# Files nbgrader never copies between steps: its defaults, plus the TensorBoard logs notebooks write.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "logs"]

# Archives from `make submit` (student/, helpers.submit) come in with `dlcourse collect`, or with nbgrader's own
# `nbgrader zip_collect ASSIGNMENT` from downloaded/ASSIGNMENT/archive/: this pattern finds the student in the name.
c.FileNameCollectorPlugin.named_regexp = ZIP_COLLECT_PATTERN

# Late work (once an assignment has a due date: `nbgrader db assignment add NAME --duedate=...`): 10 % of a
# notebook's score off for each started day late (dlcourse/late.py; nbgrader's own plugin offers none or zero).
c.AssignLatePenalties.plugin_class = "dlcourse.late.PerDayPenalty"
c.PerDayPenalty.percent_per_day = 10

# A notebook runs in well under 30 s on two cores; a cell that takes minutes is a bug, not slow work.
c.ExecutePreprocessor.timeout = 120
c.ExecutePreprocessor.startup_timeout = 120
c.ExecutePreprocessor.interrupt_on_timeout = True

# Released notebooks: nbgrader's pipeline, then only kernelspec and nbgrader metadata kept, so
# releasing twice gives byte-identical files.
c.GenerateAssignment.preprocessors = [*GenerateAssignment.class_traits()["preprocessors"].default(), TidyMetadata]

# Feedback shows what each test found, never the hidden tests themselves (jupyter/nbgrader#917).
generate_feedback = GenerateFeedback.class_traits()["preprocessors"].default()
c.GenerateFeedback.preprocessors = [generate_feedback[0], HideHiddenTests, *generate_feedback[1:]]
# Its table of contents names each test cell's exercise ("Exercise 4.3 (Score: ...)", not "Test cell"): the course's
# template extends nbgrader's (dlcourse/feedback.py). Set for GenerateFeedback's exporter only: formgrader's pages keep
# their templates, and it outranks the template name nbgrader's API sets for every HTMLExporter.
c.GenerateFeedback.HTMLExporter.template_name = feedback.TEMPLATE_NAME
c.GenerateFeedback.HTMLExporter.template_file = feedback.TEMPLATE_FILE
c.GenerateFeedback.HTMLExporter.extra_template_basedirs = [str(feedback.TEMPLATE_DIR),
                                                           str(feedback.NBGRADER_TEMPLATE_DIR)]
c.GenerateFeedback.HTMLExporter.filters = {"exercise_label": "dlcourse.feedback.exercise_label"}

# Validate's dialog leads with a failed check's explanation, not the test cell's code; grading is unchanged.
c.Execute.on_cell_error = explain_first
