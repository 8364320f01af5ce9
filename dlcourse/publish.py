"""``dlcourse publish OUT``: the student course, as a folder ready to be a public repository.

This repository is the instructor's: it holds the answers (``solutions/``), the wrong implementations, the tests
and the grader. Students get a published copy that holds none of them:

- ``student/`` as it is: the student package ``helpers``, its pins, the students' README and Makefile, the
  Binder files, a students' ``nbgrader_config.py``;
- ``notebooks/``: the released notebooks (``make release`` makes them from ``solutions/``);
- ``img/``: the figures those notebooks show, and no others.

Before anything is written, the whole tree is scanned for every line of every solution block and hidden-test
block of ``solutions/`` and for any file of the instructor's package, ``tests/`` or ``solutions/``; a find stops
the publish with what and where. Publishing is deterministic: unchanged input writes nothing (files are compared,
not rewritten), files an earlier publish wrote and this one does not are removed, and other files in ``OUT`` (a
student's ``.venv``, ``.git``) are left alone. With ``--git`` the folder is a git repository, one commit per
publish that changed something.
"""

import hashlib
import json
import keyword
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

import nbformat

from .course import RELEASE_DIR, SOURCE_DIR, CourseError, assignments

STUDENT_DIR = "student"
#: What an earlier publish wrote (sorted paths and hashes): how the next one knows what it may remove.
MANIFEST = ".dlcourse-published.json"
#: Never published: caches, installs, a student's own work, tooling output.
IGNORED = ("__pycache__", "*.pyc", "*.egg-info", ".venv", ".ipynb_checkpoints", "build", "dist", "logs",
           "submissions", ".student-id", ".DS_Store")
#: Instructor folders whose files must never appear in the published course.
PRIVATE_DIRS = ("dlcourse", "tests", SOURCE_DIR)
# nbgrader's markers (ClearSolutions, ClearHiddenTests defaults).
_BLOCKS = (("BEGIN SOLUTION", "END SOLUTION", "solution"), ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "hidden test"))
# A line shorter than this is not a secret on its own (`else:`, `try:`): it appears in any Python code.
MIN_SECRET_CHARS = 6
# Words that tell nothing about an answer: Python's keywords (None, True and False among them).
_COMMON_WORDS = frozenset(keyword.kwlist)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d")
_HTML_IMAGE = re.compile(r"<img\b[^>]*\bsrc=[\"']([^\"']+)[\"']")


class PublishError(CourseError):
    """The course cannot be published as it is; the message says what and where."""


@dataclass
class Published:
    out: Path
    files: dict[str, str]  # relative path -> sha256
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    commit: str | None = None  # with --git: the new commit, or None when nothing changed

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for path in self.files:
            top = path.split("/", 1)[0] if "/" in path else "."
            counts[top] = counts.get(top, 0) + 1
        folders = ", ".join(f"{n} in {name}" for name, n in sorted(counts.items()))
        changed = f"{len(self.written)} written, {len(self.removed)} removed" if self.written or self.removed \
            else "nothing changed"
        return f"{len(self.files)} files ({folders}); {changed}"


def publish(root: Path, out: Path, git: bool = False) -> Published:
    """Write the student course of the course in ``root`` into ``out`` (see the module docstring)."""
    root, out = Path(root).resolve(), Path(out).resolve()
    if out == root or root in out.parents or out in root.parents:
        raise PublishError(f"publish into a folder outside the course, not {out}")
    tree = student_tree(root)
    problems = secrets_in(tree, root)
    if problems:
        listed = "\n  ".join(problems[:20]) + (f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else "")
        raise PublishError(f"not published: the student course would hold what students must not see:\n  {listed}")
    result = _write(tree, out)
    if git:
        result.commit = _commit(out, tree, result.removed)
    return result


def student_tree(root: Path) -> dict[str, bytes]:
    """``{relative path: content}`` of everything the student course holds."""
    student = root / STUDENT_DIR
    if not (student / "pyproject.toml").is_file():
        raise PublishError(f"{student} holds no student package (pyproject.toml): nothing to publish")
    tree = {path: (student / path).read_bytes() for path in _files(student)}
    chosen = assignments(root)
    if not chosen:
        raise PublishError(f"{root / SOURCE_DIR} has no assignments to publish")
    for assignment in chosen:
        for notebook in assignment.notebooks:
            if not assignment.released(notebook).is_file():
                raise PublishError(f"{assignment.released(notebook)} is missing: run `make release` first")
        for path in _files(assignment.release_dir):
            tree[f"{RELEASE_DIR}/{assignment.name}/{path}"] = (assignment.release_dir / path).read_bytes()
    for notebook in sorted(p for p in tree if p.startswith(f"{RELEASE_DIR}/") and p.endswith(".ipynb")):
        for figure in _figures(root, root / notebook):
            tree.setdefault(figure.relative_to(root).as_posix(), figure.read_bytes())
    return dict(sorted(tree.items()))


def _files(folder: Path) -> list[str]:
    """Files under ``folder`` (relative, POSIX), without what ``IGNORED`` names; symbolic links refused."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not _ignored(d))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if _ignored(name):
                continue
            if path.is_symlink():
                raise PublishError(f"{path} is a symbolic link: publish copies files only")
            found.append(path.relative_to(folder).as_posix())
    return found


def _ignored(name: str) -> bool:
    return any(fnmatch(name, pattern) for pattern in IGNORED)


def _figures(root: Path, notebook: Path) -> list[Path]:
    """Local image files the notebook's markdown shows (must exist, inside the course)."""
    from markdown_it import MarkdownIt  # a markdown parser: alt text may hold brackets, as in t[0]

    nb = nbformat.read(notebook, as_version=4)
    found = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        sources = [child.attrGet("src") for token in MarkdownIt("commonmark").parse(cell.source)
                   for child in token.children or () if child.type == "image"]
        for src in [*sources, *_HTML_IMAGE.findall(cell.source)]:
            if re.match(r"^[a-z][a-z0-9+.-]*:", src, flags=re.IGNORECASE):  # http:, data:, attachment:
                continue
            path = (notebook.parent / src).resolve()
            if root not in path.parents or not path.is_file():
                raise PublishError(f"{notebook.relative_to(root)} shows {src}, which is not a file of the course")
            found.append(path)
    return found


# -- what must not be published ----------------------------------------------------------------------------------

def secret_lines(root: Path) -> dict[str, str]:
    """``{line: where it comes from}``: the lines of solution and hidden-test blocks in ``solutions/`` that appear
    nowhere else in the source notebooks (a line the course also shows outside a block is public by intent)."""
    secret: dict[str, str] = {}
    public: set[str] = set()
    for assignment in assignments(root):
        for notebook in assignment.notebooks:
            path = assignment.source(notebook)
            for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
                inside = None
                for line in cell.source.splitlines():
                    stripped = line.strip()
                    start = next((kind for begin, _, kind in _BLOCKS if begin in stripped), None)
                    end = next((kind for _, stop, kind in _BLOCKS if stop in stripped), None)
                    if start:
                        inside = start
                    elif end:
                        inside = None
                    elif inside:
                        secret.setdefault(stripped, f"{path.relative_to(root)} cell {index + 1} ({inside})")
                    else:
                        public.add(stripped)
    return {line: where for line, where in secret.items() if telling(line) and line not in public}


def telling(line: str) -> bool:
    """Whether a stripped line of a solution or hidden test could give something away on its own: it is long enough
    and holds a name, a number or a string of its own, not only keywords and punctuation (`return None`, `else:`),
    which any Python file has."""
    if len(line) < MIN_SECRET_CHARS:
        return False
    return any(word not in _COMMON_WORDS for word in _WORD.findall(line)) or any(q in line for q in "'\"")


def secrets_in(tree: dict[str, bytes], root: Path) -> list[str]:
    """What in ``tree`` students must not see: secret lines, instructor files, private folder names."""
    problems = []
    secret = secret_lines(root)
    private = _private_hashes(root)
    for path, content in tree.items():
        parts = PurePosixPath(path).parts
        if any(part in PRIVATE_DIRS or part in ("mistakes", "corpus") for part in parts[:-1]):
            problems.append(f"{path}: a folder of the instructor's")
        digest = hashlib.sha256(content).hexdigest()
        if digest in private and content.strip():
            problems.append(f"{path}: the same file as {private[digest]}")
        for line in _text_lines(path, content):
            if line in secret:
                problems.append(f"{path}: holds a line of {secret[line]}: {line[:60]!r}")
    return problems


def _private_hashes(root: Path) -> dict[str, str]:
    hashes = {}
    for name in PRIVATE_DIRS:
        folder = root / name
        if folder.is_dir():
            for path in _files(folder):
                hashes[hashlib.sha256((folder / path).read_bytes()).hexdigest()] = f"{name}/{path}"
    return hashes


def _text_lines(path: str, content: bytes) -> set[str]:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return set()  # a figure
    if path.endswith(".ipynb"):
        try:
            nb = nbformat.reads(text, as_version=4)
        except Exception:  # noqa: BLE001 (nbformat raises several kinds): scan it as plain text
            pass
        else:
            text = "\n".join([cell.source for cell in nb.cells] +
                             [_output_text(output) for cell in nb.cells for output in cell.get("outputs", [])])
    return {line.strip() for line in text.splitlines()}


def _output_text(output) -> str:
    """What an output shows as text: a stream, a text/* value, a traceback (a stale output could quote a test)."""
    data = output.get("data", {})
    texts = [output.get("text", ""), *output.get("traceback", []),
             *(value for kind, value in data.items() if kind.startswith("text/") and isinstance(value, str))]
    return "\n".join(t if isinstance(t, str) else "".join(t) for t in texts)


# -- writing ---------------------------------------------------------------------------------------------------------

def _write(tree: dict[str, bytes], out: Path) -> Published:
    previous = _previous(out)
    files = {path: hashlib.sha256(content).hexdigest() for path, content in tree.items()}
    result = Published(out, files)
    out.mkdir(parents=True, exist_ok=True)
    for path, content in tree.items():
        target = out / path
        if target.is_symlink() or target.is_dir():
            raise PublishError(f"{target} is in the way (a link or a folder): remove it and publish again")
        if not target.is_file() or target.read_bytes() != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".partial")
            partial.write_bytes(content)
            partial.replace(target)
            result.written.append(path)
        mode = 0o755 if path in _EXECUTABLE else 0o644
        if target.stat().st_mode & 0o777 != mode:
            target.chmod(mode)
    for path in sorted(set(previous) - set(tree)):
        stale = out / path
        if stale.is_file() and not stale.is_symlink():
            stale.unlink()
            result.removed.append(path)
            _remove_empty_parents(stale.parent, out)
    manifest = json.dumps({"files": files}, indent=1, sort_keys=True) + "\n"
    if not (out / MANIFEST).is_file() or (out / MANIFEST).read_text() != manifest:
        (out / MANIFEST).write_text(manifest)
    return result


_EXECUTABLE = {"postBuild"}


def _previous(out: Path) -> dict[str, str]:
    """The files the last publish into ``out`` wrote; refuses a folder that holds something else."""
    if not out.exists():
        return {}
    if not out.is_dir():
        raise PublishError(f"{out} is not a folder")
    manifest = out / MANIFEST
    if manifest.is_file():
        try:
            files = json.loads(manifest.read_text())["files"]
        except (ValueError, KeyError, TypeError) as err:
            raise PublishError(f"{manifest} is damaged ({err}); publish into an empty folder") from err
        return {p: h for p, h in files.items() if not PurePosixPath(p).is_absolute() and ".." not in p.split("/")}
    if any(child.name != ".git" for child in out.iterdir()):
        raise PublishError(f"{out} is not empty and was not made by dlcourse publish: choose an empty folder")
    return {}


def _remove_empty_parents(folder: Path, top: Path) -> None:
    while folder != top and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _commit(out: Path, tree: dict[str, bytes], removed: list[str]) -> str | None:
    """Commit the published files in ``out`` (made a repository if it is not one), and nothing else that is there;
    the commit, or None if nothing changed."""
    if shutil.which("git") is None:
        raise PublishError("--git needs git: `sudo apt-get install git`")
    if not (out / ".git").exists():
        _git(out, "init", "--quiet", "--initial-branch=main")
    _git(out, "add", "--", *tree, MANIFEST)
    if removed:
        _git(out, "rm", "--cached", "--quiet", "--ignore-unmatch", "--", *removed)
    if _git(out, "diff", "--cached", "--quiet", check=False, status=True) == 0:
        return None
    notebooks = sum(1 for path in tree if path.startswith(f"{RELEASE_DIR}/") and path.endswith(".ipynb"))
    identity = [] if _git(out, "config", "user.email", check=False).strip() else [
        "-c", "user.name=dlcourse publish", "-c", "user.email=dlcourse-publish@localhost"]
    _git(out, *identity, "commit", "--quiet", "-m", f"Publish the course: {notebooks} notebooks, {len(tree)} files")
    return _git(out, "rev-parse", "HEAD").strip()


def _git(out: Path, *args: str, check: bool = True, status: bool = False):
    """Run git in ``out``; its output (or, with ``status``, its exit status)."""
    done = subprocess.run(["git", "-C", str(out), *args], capture_output=True, text=True)
    if check and done.returncode != 0:
        raise PublishError(f"git {args[0]} failed in {out}: {done.stderr.strip() or done.returncode}")
    return done.returncode if status else done.stdout
