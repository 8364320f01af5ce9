"""nbgrader's settings for your copy of the course: what the Validate button and `make submit` read.

Validate runs your notebook the way grading does, with the same time limit per cell. The course id goes into
the archives `make submit` writes, so your instructor's tools know which course they belong to.
"""

import os

# Kernels started by Validate inherit this: no TensorFlow start-up noise in what it shows you.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "dl-foundations"
c.CourseDirectory.release_directory = "notebooks"

c.ExecutePreprocessor.timeout = 120
c.ExecutePreprocessor.startup_timeout = 120
c.ExecutePreprocessor.interrupt_on_timeout = True

# Validate's dialog leads with a failed check's explanation, not the test cell's code (helpers/validate.py).
from helpers.validate import explain_first  # noqa: E402 (after get_config, as nbgrader config files read)

c.Execute.on_cell_error = explain_first
