"""nbgrader's settings in a student's hub server: the student course's own (Validate as grading runs), the exchange.

The hub's spawner puts this folder on JUPYTER_CONFIG_PATH and the exchange in NBGRADER_EXCHANGE.
"""

import os

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

load_subconfig(os.path.join(os.path.dirname(__file__), "..", "..", "student", "nbgrader_config.py"))  # noqa: F821
c.CourseDirectory.root = os.path.expanduser("~")  # the student course's own root is its read-only folder
c.Exchange.root = os.environ["NBGRADER_EXCHANGE"]
c.Exchange.path_includes_course = True  # fetched work goes to ~/dl-foundations/<assignment>/
