"""Bring students' hand-in archives (``check-my-work --submit``, ``helpers.submit``) into nbgrader's submitted/.

Archives come from students and an LMS, so each one is read as hostile: the zip is never extracted as such, only
its top-level ``submission.json`` and notebooks are read, each through a bounded reader, and the manifest must
agree with this course, its released notebooks and the archive's contents before anything is written. A refused
archive changes nothing; an accepted one is staged under ``.dlcourse/incoming/`` and renamed into place, and a
submission it replaces is moved to ``.dlcourse/replaced/``, never deleted.
"""

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from nbgrader.coursedir import CourseDirectory
from nbgrader.utils import parse_utc
from traitlets.config.loader import ConfigFileNotFound

from helpers.submit import FORMAT, MANIFEST, SEPARATOR, STUDENT_ID, TIMESTAMP_FORMAT

from .autograde import course_config
from .course import CONFIG_FILE, CourseError

MB = 2**20
#: What dlcourse keeps in the course folder: staging (incoming/) and the submissions it replaced (replaced/).
STATE_DIR = ".dlcourse"
#: nbgrader's file with the submission's time, in every submitted/<student>/<assignment>/.
TIMESTAMP_FILE = "timestamp.txt"
#: A manifest's timestamp may be this far ahead of the instructor's clock (a student's clock may be off a little);
#: one further ahead would make every later resubmission look older, so it is refused.
FUTURE_SLACK = timedelta(hours=24)
#: Members smaller than this are never refused for their compression ratio: a small notebook of repeated output
#: compresses very well and cannot be a bomb; the size limits bound it anyway.
RATIO_MIN_BYTES = MB
_SHA256 = re.compile(r"[0-9a-f]{64}")
_DRIVE = re.compile(r"[A-Za-z]:")
_READ_CHUNK = MB
# What zipfile and zlib raise on a damaged or forged archive (zipfile raises more than BadZipFile).
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError, OSError,
               UnicodeDecodeError)


@dataclass(frozen=True)
class ArchiveLimits:
    """What one archive may hold; past any of these it is refused as a possible zip bomb."""

    archive_bytes: int = 64 * MB
    members: int = 64
    member_bytes: int = 50 * MB
    total_bytes: int = 200 * MB
    ratio: float = 200
    manifest_bytes: int = MB


@dataclass(frozen=True)
class Collected:
    """An archive filed (or, in a dry run, that would be) as ``path``; ``replaced_path`` holds the older one."""

    archive: Path
    student: str
    assignment: str
    path: Path
    replaced_path: Path | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class NotCollected:
    """An archive skipped (nothing wrong with it, but nothing to do) or refused (the reason says what is wrong)."""

    archive: Path
    reason: str


@dataclass
class CollectResult:
    archives: list[Path] = field(default_factory=list)  # every archive considered, in order
    collected: list[Collected] = field(default_factory=list)
    skipped: list[NotCollected] = field(default_factory=list)
    refused: list[NotCollected] = field(default_factory=list)
    dry_run: bool = False


class Refusal(Exception):
    """An archive is not collected; the message (one line) says why."""


@dataclass(frozen=True)
class _Submission:
    """A checked archive: what its manifest says, and its notebooks' bytes when asked for."""

    archive: Path
    student: str
    assignment: str
    timestamp: datetime
    notebooks: dict[str, str]  # name -> sha256
    contents: dict[str, bytes] | None = None
    warnings: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return self.student, self.assignment


@dataclass(frozen=True)
class _Course:
    root: Path
    course_id: str
    released: dict[str, tuple[str, ...]]  # assignment -> its notebooks' file names
    coursedir: CourseDirectory

    def submitted(self, student: str, assignment: str) -> Path:
        return Path(self.coursedir.format_path(self.coursedir.submitted_directory, student, assignment))


def collect(root: Path, sources: Iterable[Path], *, dry_run: bool = False, limits: ArchiveLimits = ArchiveLimits(),
            now: datetime | None = None) -> CollectResult:
    """File every archive of ``sources`` (archives, or folders: each ``*.zip`` directly in them) under submitted/.

    Every archive is either collected, skipped or refused with a reason; one bad archive never stops the batch.

    Raises:
        CourseError: ``root`` is not a course folder this can collect into.
    """
    course = _course(Path(root).resolve())
    now = now or datetime.now(UTC)
    result = CollectResult(dry_run=dry_run)
    checked: list[_Submission] = []
    seen: dict[Path, Path] = {}
    for archive, empty_folder in _archives(sources):
        result.archives.append(archive)
        if empty_folder:
            result.refused.append(NotCollected(archive, "this folder holds no .zip file"))
            continue
        real = archive.absolute().parent.resolve() / archive.name  # a symlink is not its target (it is refused)
        if real in seen:
            result.skipped.append(NotCollected(archive, f"the same file as {seen[real]}, given twice"))
            continue
        seen[real] = archive
        try:
            checked.append(_inspect(archive, course, limits, now))
        except Refusal as refusal:
            result.refused.append(NotCollected(archive, str(refusal)))

    newest = _newest_of_each(checked, result)
    state = course.root / STATE_DIR
    made_state = not state.exists()
    try:
        for submission in newest:
            _file(submission, course, limits, now, dry_run, result)
    finally:
        _remove_if_empty(state / "incoming")
        if made_state:
            _remove_if_empty(state)
    return result


def _course(root: Path) -> _Course:
    try:
        config = course_config(root)
    except ConfigFileNotFound:
        raise CourseError(f"there is no {CONFIG_FILE} in {root}: collect into a course folder.") from None
    coursedir = CourseDirectory(config=config)
    if not coursedir.course_id:
        raise CourseError(f"{root / CONFIG_FILE} names no course (c.CourseDirectory.course_id): archives say which "
                          "course they were made for, so it must be set.")
    release = Path(coursedir.format_path(coursedir.release_directory, ".", "."))
    released = {}
    for folder in sorted(release.iterdir()) if release.is_dir() else []:
        if folder.is_dir() and Path(coursedir.format_path(coursedir.release_directory, ".", folder.name)) == folder:
            notebooks = tuple(sorted(p.name for p in folder.glob("*.ipynb") if p.is_file()))
            if notebooks:
                released[folder.name] = notebooks
    if not released:
        raise CourseError(f"no assignment is released in {release}: run `dlcourse release` first.")
    return _Course(root, coursedir.course_id, released, coursedir)


def _archives(sources: Iterable[Path]) -> list[tuple[Path, bool]]:
    """(archive, False) for each archive named, a folder standing for the ``*.zip`` files directly in it (sorted);
    (folder, True) for a folder with none."""
    found = []
    for source in map(Path, sources):
        if source.is_dir() and not source.is_symlink():
            zips = sorted(source.glob("*.zip"))
            found += [(z, False) for z in zips] or [(source, True)]
        else:
            found.append((source, False))
    return found


def _newest_of_each(checked: list[_Submission], result: CollectResult) -> list[_Submission]:
    """One submission per student and assignment: the newest (ties: the last archive by path), the others skipped."""
    by_key: dict[tuple[str, str], list[_Submission]] = {}
    for submission in checked:
        by_key.setdefault(submission.key, []).append(submission)
    newest = []
    for submission in checked:
        group = by_key[submission.key]
        winner = max(group, key=lambda s: (s.timestamp, str(s.archive)))
        if submission is winner:
            newest.append(submission)
        elif submission.notebooks == winner.notebooks:
            result.skipped.append(NotCollected(submission.archive, f"the same work as {winner.archive}, in this batch"))
        else:
            result.skipped.append(NotCollected(
                submission.archive, f"{winner.archive} in this batch is newer for {_who(submission)} "
                f"({_stamp(winner.timestamp)}, this one {_stamp(submission.timestamp)})"))
    return newest


def _file(submission: _Submission, course: _Course, limits: ArchiveLimits, now: datetime, dry_run: bool,
          result: CollectResult) -> None:
    """Put a checked submission in submitted/, unless what is there is the same or newer."""
    archive = submission.archive
    target = course.submitted(submission.student, submission.assignment)
    replaced = None
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        result.skipped.append(NotCollected(archive, f"{target} is not a folder: move it away to collect this"))
        return
    if target.exists():
        if _same_notebooks(target, submission.notebooks):
            result.skipped.append(NotCollected(archive, f"already collected ({_who(submission)}, same notebooks)"))
            return
        existing = _existing_timestamp(target)
        if existing is None:
            result.skipped.append(NotCollected(
                archive, f"{target} has no readable {TIMESTAMP_FILE}: move it away to collect this archive"))
            return
        if existing >= submission.timestamp:
            result.skipped.append(NotCollected(
                archive, f"the submission already collected for {_who(submission)} is as new or newer "
                f"({_stamp(existing)}; this archive: {_stamp(submission.timestamp)})"))
            return
        replaced = _unused(course.root / STATE_DIR / "replaced" / submission.student / submission.assignment
                           / existing.strftime("%Y-%m-%dT%H-%M-%S.%fZ"))
    if dry_run:
        result.collected.append(Collected(archive, submission.student, submission.assignment, target, replaced,
                                          submission.warnings))
        return
    try:
        fresh = _inspect(archive, course, limits, now, keep=True)  # read again: the archive may have changed
        if (fresh.key, fresh.timestamp, fresh.notebooks) != (submission.key, submission.timestamp,
                                                             submission.notebooks):
            raise Refusal("the archive changed while it was being collected: collect it again")
        _install(fresh, target, replaced, course.root / STATE_DIR / "incoming")
    except Refusal as refusal:
        result.refused.append(NotCollected(archive, str(refusal)))
        return
    except OSError as err:
        result.refused.append(NotCollected(archive, f"could not be filed in {target}: {err}"))
        return
    result.collected.append(Collected(archive, fresh.student, fresh.assignment, target, replaced, fresh.warnings))


def _install(submission: _Submission, target: Path, replaced: Path | None, incoming: Path) -> None:
    """Write the submission in a staging folder, then rename it into place: never a half-written submission."""
    incoming.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{submission.student}-{submission.assignment}-", dir=incoming))
    try:
        folder = staging / submission.assignment  # mkdtemp's own folder is private (0700): not the one moved
        folder.mkdir()
        files = {**submission.contents, TIMESTAMP_FILE: _stamp(submission.timestamp).encode()}  # as nbgrader writes
        for name, data in files.items():
            with open(folder / name, "xb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
        target.parent.mkdir(parents=True, exist_ok=True)
        if replaced is not None:
            replaced.parent.mkdir(parents=True, exist_ok=True)
            os.replace(target, replaced)
        try:
            os.replace(folder, target)
        except OSError:
            if replaced is not None:
                os.replace(replaced, target)  # put the older one back
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _inspect(archive: Path, course: _Course, limits: ArchiveLimits, now: datetime, keep: bool = False) -> _Submission:
    """Check an archive through and through, writing nothing.

    Raises:
        Refusal: the archive is not a good hand-in for this course; the message says why.
    """
    try:
        info = archive.lstat()
    except FileNotFoundError:
        raise Refusal("there is no such file") from None
    except OSError as err:
        raise Refusal(f"cannot be read: {err.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        raise Refusal("is a symbolic link, not an archive: collect the file it points to")
    if not stat.S_ISREG(info.st_mode):
        raise Refusal("is not a regular file")
    try:
        # not through a link swapped in since, nor blocking on a FIFO swapped in (it is refused just below)
        fd = os.open(archive, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        raise Refusal(f"cannot be read: {err.strerror}") from None
    with os.fdopen(fd, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise Refusal("is not a regular file")
        if size > limits.archive_bytes:
            raise Refusal(f"is {size / MB:.1f} MB, more than the {limits.archive_bytes / MB:g} MB an archive may be")
        if not zipfile.is_zipfile(file):
            raise Refusal("is not a zip archive (empty, truncated or another kind of file)")
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as zf:
                return _read(zf, archive, course, limits, now, keep)
        except _ZIP_ERRORS as err:
            raise Refusal(f"is a damaged zip archive ({err})") from None


def _read(zf: zipfile.ZipFile, archive: Path, course: _Course, limits: ArchiveLimits, now: datetime,
          keep: bool) -> _Submission:
    members = zf.infolist()
    if len(members) > limits.members:
        raise Refusal(f"holds {len(members)} files, more than the {limits.members} an archive may (a zip bomb?)")
    names = set()
    for member in members:
        _check_member(member, limits)
        if member.filename in names:
            raise Refusal(f"holds {member.filename!r} twice")
        names.add(member.filename)
    total = sum(m.file_size for m in members)
    if total > limits.total_bytes:
        raise Refusal(f"would unpack to {total / MB:.1f} MB, more than the {limits.total_bytes / MB:g} MB allowed "
                      "(a zip bomb?)")
    if MANIFEST not in names:
        raise Refusal(f"holds no {MANIFEST}: it was not made by `check-my-work --submit`")
    budget = [limits.total_bytes]  # what may still be read from this archive, whatever its headers say
    manifest = _manifest(read_member(zf, zf.getinfo(MANIFEST), min(limits.manifest_bytes, limits.member_bytes),
                                     budget), course, now)
    student, assignment = manifest["student"], manifest["assignment"]
    expected = f"{assignment}{SEPARATOR}{student}.zip"
    if not archive.name.endswith(expected):
        raise Refusal(f"holds {assignment} of {student} but is named {archive.name}: its name must end in {expected}")
    listed: dict[str, str] = manifest["notebooks"]
    held = sorted(n for n in names if n != MANIFEST)
    for name in held:
        if name not in listed:
            raise Refusal(f"holds {name}, which its {MANIFEST} does not list")
    for name in listed:
        if name not in names:
            raise Refusal(f"its {MANIFEST} lists {name} but the archive does not hold it")
    contents, warnings = {}, []
    for name in held:
        data = read_member(zf, zf.getinfo(name), limits.member_bytes, budget)
        if hashlib.sha256(data).hexdigest() != listed[name]:
            raise Refusal(f"{name} does not match its SHA-256 in {MANIFEST}: the archive was damaged on the way; "
                          "ask the student to hand it in again")
        try:
            json.loads(data)
        except (ValueError, RecursionError):
            warnings.append(f"{name} is not valid JSON: it is collected, and grading will report it as broken")
        if keep:
            contents[name] = data
    return _Submission(archive, student, assignment, manifest["timestamp"], dict(listed),
                       contents if keep else None, tuple(warnings))


def _check_member(member: zipfile.ZipInfo, limits: ArchiveLimits) -> None:
    """Only top-level plain files named submission.json or *.ipynb, of believable sizes."""
    raw = member.orig_filename  # zipfile cuts ``filename`` at a NUL
    shown = repr(raw)
    if any(ord(c) < 32 or ord(c) == 127 for c in raw):
        raise Refusal(f"holds a file whose name {shown} has a NUL or control character")
    if raw.startswith(("/", "\\")):
        raise Refusal(f"holds a file with an absolute path, {shown}")
    if _DRIVE.match(raw):
        raise Refusal(f"holds a file whose name {shown} starts with a drive letter")
    if "\\" in raw:
        raise Refusal(f"holds a file whose name {shown} has a backslash")
    if ".." in raw.split("/"):
        raise Refusal(f"holds a file whose path {shown} has '..' in it (path traversal)")
    if raw.endswith("/") or member.is_dir():
        raise Refusal(f"holds a folder, {shown}: only notebooks and {MANIFEST}, at the top level")
    if "/" in raw or raw in ("", "."):
        raise Refusal(f"holds {shown}, in a folder: only notebooks and {MANIFEST}, at the top level")
    if stat.S_ISLNK(member.external_attr >> 16):
        raise Refusal(f"holds a symbolic link, {shown}")
    if raw != MANIFEST and not raw.endswith(".ipynb"):
        raise Refusal(f"holds {shown}, which is neither a notebook nor {MANIFEST}")
    if member.flag_bits & 0x1:
        raise Refusal(f"holds {shown} encrypted")
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise Refusal(f"holds {shown} compressed with method {member.compress_type} (only stored or deflated "
                      "members are read)")
    if member.file_size > limits.member_bytes:
        raise Refusal(f"holds {shown} of {member.file_size / MB:.1f} MB, more than the {limits.member_bytes / MB:g} "
                      "MB a file may be (a zip bomb?)")
    if member.file_size >= RATIO_MIN_BYTES and member.file_size > limits.ratio * max(member.compress_size, 1):
        raise Refusal(f"holds {shown} compressed {member.file_size / max(member.compress_size, 1):.0f} to 1, more "
                      f"than the {limits.ratio:g} to 1 allowed (a zip bomb?)")


def read_member(zf: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int, budget: list[int] | None = None) -> bytes:
    """A member's bytes, reading at most ``limit + 1`` of them (and no more than is left of ``budget[0]``, which
    is lowered by what is read): a header that lies about the size cannot make this read more.

    Raises:
        Refusal: the member has more bytes than allowed, or other than its header says.
    """
    allowed = min(limit, budget[0]) if budget is not None else limit
    chunks, read = [], 0
    with zf.open(member) as stream:
        while read <= allowed:
            chunk = stream.read(min(_READ_CHUNK, allowed + 1 - read))
            if not chunk:
                break
            chunks.append(chunk)
            read += len(chunk)
    if read > allowed:
        raise Refusal(f"holds {member.orig_filename!r}, which unpacks to more than the {allowed} bytes allowed "
                      "(a zip bomb?)")
    if read != member.file_size:
        raise Refusal(f"holds {member.orig_filename!r}, which unpacks to {read} bytes where its header says "
                      f"{member.file_size}")
    if budget is not None:
        budget[0] -= read
    return b"".join(chunks)


def _manifest(data: bytes, course: _Course, now: datetime) -> dict:
    """The manifest, checked against this course; ``timestamp`` parsed."""
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        raise Refusal(f"its {MANIFEST} is not valid JSON") from None
    if not isinstance(manifest, dict):
        raise Refusal(f"its {MANIFEST} is not a JSON object")
    if manifest.get("format") != FORMAT:
        raise Refusal(f"its {MANIFEST} has format {manifest.get('format')!r}; this dlcourse reads format {FORMAT}")
    if manifest.get("course") != course.course_id:
        raise Refusal(f"was made for course {manifest.get('course')!r}, this course is {course.course_id!r}")
    assignment = manifest.get("assignment")
    if not isinstance(assignment, str) or assignment not in course.released:
        raise Refusal(f"is for assignment {assignment!r}, which is not released in this course (released: "
                      f"{', '.join(course.released)})")
    student = manifest.get("student")
    if not isinstance(student, str) or not STUDENT_ID.fullmatch(student) or SEPARATOR in student:
        raise Refusal(f"has {student!r} as its student, which is not a student id")
    manifest["timestamp"] = _timestamp(manifest.get("timestamp"), now)
    notebooks = manifest.get("notebooks")
    if not isinstance(notebooks, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and _SHA256.fullmatch(v) for k, v in notebooks.items()):
        raise Refusal(f"its {MANIFEST} has no list of notebooks with their SHA-256")
    wanted = course.released[assignment]
    missing = [n for n in wanted if n not in notebooks]
    if missing:
        raise Refusal(f"misses {', '.join(missing)} of {assignment}")
    extra = sorted(n for n in notebooks if n not in wanted)
    if extra:
        raise Refusal(f"holds {', '.join(extra)}, which {assignment} does not have (its notebooks: "
                      f"{', '.join(wanted)})")
    return manifest


def _timestamp(value, now: datetime) -> datetime:
    """A manifest's timestamp: nbgrader's format, in UTC (as ``helpers.submit`` writes it), not in the future."""
    if not isinstance(value, str) or not value.endswith(" UTC"):
        raise Refusal(f"has a bad timestamp {value!r} (expected like '2026-01-31 23:59:00.000000 UTC')")
    try:
        parsed = datetime.strptime(value, TIMESTAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise Refusal(f"has a bad timestamp {value!r} (expected like '2026-01-31 23:59:00.000000 UTC')") from None
    if parsed > now + FUTURE_SLACK:
        raise Refusal(f"has a timestamp in the future, {value}")
    return parsed


def _existing_timestamp(folder: Path) -> datetime | None:
    """The time of a submission already in submitted/ (nbgrader's timestamp.txt, as nbgrader parses it)."""
    path = folder / TIMESTAMP_FILE
    try:
        return parse_utc(path.read_text().strip()).replace(tzinfo=UTC) if path.is_file() else None
    except (ValueError, OverflowError, OSError):
        return None


def _same_notebooks(folder: Path, notebooks: dict[str, str]) -> bool:
    """``folder``'s notebooks are exactly these (names and SHA-256)."""
    found = {p.name: p for p in folder.glob("*.ipynb") if p.is_file()}
    return found.keys() == notebooks.keys() and all(
        hashlib.sha256(found[n].read_bytes()).hexdigest() == sha for n, sha in notebooks.items())


def _unused(path: Path) -> Path:
    """``path``, or ``path-2``, ``path-3``, ... if it is taken."""
    candidate, n = path, 1
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


def _who(submission: _Submission) -> str:
    return f"{submission.student}/{submission.assignment}"


def _stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime(TIMESTAMP_FORMAT)
