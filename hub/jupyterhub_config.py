"""JupyterHub's config for the course: what `make hub` runs, and what a real deployment starts from.

`make hub` (dlcourse/hub.py) writes <state>/hub.json (ports, accounts, folders) and runs `jupyterhub -f` this
file from the state folder. For a real class, change what is marked DEPLOY (README, "A course on JupyterHub").
"""

import json
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

STATE = Path(os.environ.get("DLCOURSE_HUB_STATE", Path(__file__).resolve().parent.parent / ".hub"))
trial = json.loads((STATE / "hub.json").read_text())

# DEPLOY: a public address behind HTTPS (c.JupyterHub.ssl_cert / ssl_key, or a reverse proxy that terminates TLS).
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = trial["port"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = trial["hub_port"]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{trial['proxy_api_port']}"
c.ConfigurableHTTPProxy.command = [str(Path(__file__).resolve().parent / "node_modules/.bin/configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")

# Who may log in: the course's accounts, with their system passwords (PAM, JupyterHub's default authenticator).
# DEPLOY: your institution's login (an OAuthenticator, LTI from the LMS), and the class list in allowed_users.
c.Authenticator.allowed_users = {*trial["instructors"], *trial["students"]}

# Each server runs as its user, in bubblewrap (dlcourse.hub.CourseSpawner): a student's sees only their home, the
# exchange and the course's Python; the instructor's also the grader. DEPLOY: at scale, a container spawner
# (DockerSpawner, KubeSpawner) with an image that holds the student package, the exchange on a shared volume.
c.JupyterHub.spawner_class = "dlcourse.hub.CourseSpawner"
c.CourseSpawner.instructors = trial["instructors"]
c.CourseSpawner.exchange = trial["exchange"]  # DEPLOY: a folder every server mounts, e.g. /srv/nbgrader/exchange
c.CourseSpawner.course = trial["course"]
c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
c.Spawner.ip = "127.0.0.1"
c.Spawner.default_url = "/lab"
# A server imports TensorFlow only in kernels, but a busy two-core machine still needs time to start one.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
