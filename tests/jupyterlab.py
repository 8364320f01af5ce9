"""A JupyterLab server on 127.0.0.1 for the browser tests, on a temporary copy of the course.

The server gets its own config, runtime and settings folders, so nothing of the machine's Jupyter set-up
(or the developer's) leaks in, and a random token. Notebooks are shown without windowing, so every cell
and image is in the page, and JupyterLab's news and update checks are off (the machine has no network).
"""

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import ROOT

#: What a student's clone holds that the browser tests need: the released notebooks, the figures their markdown
#: shows, and (for formgrader) the course's configuration and solutions.
COURSE_PARTS = ("notebooks", "solutions", "img", "nbgrader_config.py")

CHROMIUM = Path("/usr/bin/chromium")
#: Milliseconds a notebook may take to run top to bottom in the page (they take about 10 s).
RUN_TIMEOUT_MS = 180_000
#: The notebook in view (JupyterLab keeps the others in the page, hidden).
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"

SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}


def copy_course(dest: Path) -> Path:
    """The parts of the course a student or instructor opens in JupyterLab, copied to ``dest``."""
    dest.mkdir(parents=True)
    for part in COURSE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "logs"))
        else:
            shutil.copy(source, dest / part)
    return dest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class JupyterLab:
    """``jupyter lab`` serving ``course`` on 127.0.0.1 until ``stop()``; ``url(path)`` opens a page of it."""

    def __init__(self, course: Path, workdir: Path):
        self.course = course
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.log_path = workdir / "jupyterlab.log"
        settings = workdir / "settings"
        for plugin, values in SETTINGS.items():
            path = settings / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        bin_dir = str(Path(sys.executable).parent)
        env = {
            **os.environ,
            # nbgrader's formgrader runs `alembic` by name: the venv's bin/ must come first, as `make lab` puts it.
            "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
            "JUPYTER_CONFIG_DIR": str(workdir / "config"),
            "JUPYTER_RUNTIME_DIR": str(workdir / "runtime"),
            "TF_CPP_MIN_LOG_LEVEL": "3",
        }
        command = [
            sys.executable, "-m", "jupyterlab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={course}",
            f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={workdir / 'workspaces'}",
            # The tests drive JupyterLab's own commands (run all, save) through window.jupyterapp.
            "--LabApp.expose_app_in_browser=True",
        ]
        if os.geteuid() == 0:
            command.append("--allow-root")
        self._log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(command, cwd=course, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_until_up(timeout=60)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}?token={self.token}"

    def _wait_until_up(self, timeout: float):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self.process.returncode}:\n{self.log()}")
            try:
                urllib.request.urlopen(self.url("api/status"), timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer within {timeout} s:\n{self.log()}")

    def shut_down_kernels(self):
        """Stop every kernel the server runs, as JupyterLab's "Shut Down All Kernels" does."""
        with urllib.request.urlopen(self.url("api/kernels"), timeout=10) as response:
            kernels = json.load(response)
        for kernel in kernels:
            request = urllib.request.Request(self.url(f"api/kernels/{kernel['id']}"), method="DELETE")
            urllib.request.urlopen(request, timeout=30).close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


@contextlib.contextmanager
def chromium():
    """Debian's Chromium, headless, driven by Playwright. No GPU and no network here: the flags keep Chromium from
    trying either."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        try:
            yield browser
        finally:
            browser.close()


def validate(page) -> str:
    """Press nbgrader's Validate button and return what its dialog says."""
    page.get_by_role("button", name="Validate", exact=True).click()
    page.wait_for_function(
        "() => { const d = document.querySelector('.jp-Dialog');"
        " return d && /Validation Results/.test(d.innerText) && !/Validating/.test(d.innerText); }",
        timeout=RUN_TIMEOUT_MS)
    return page.locator(".jp-Dialog").inner_text()


def type_answer(page, cell, text: str):
    cell.scroll_into_view_if_needed()
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    # insert_text types the text as one edit, so the editor's auto-indent does not re-indent it.
    page.keyboard.insert_text(text)
