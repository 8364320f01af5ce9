"""nbgrader's settings in the instructor's hub server: the course folder's own config, and the exchange.

Formgrader and every nbgrader command run from the server's terminal read this (the hub's spawner puts this folder
on JUPYTER_CONFIG_PATH, the course in DLCOURSE_COURSE and the exchange in NBGRADER_EXCHANGE).
"""

import os

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

load_subconfig(os.path.join(os.environ["DLCOURSE_COURSE"], "nbgrader_config.py"))  # noqa: F821
c.Exchange.root = os.environ["NBGRADER_EXCHANGE"]
c.Exchange.path_includes_course = True
