"""``dlcourse collect``: hand-in archives filed under submitted/, hostile ones refused without a trace.

The course here is only a config and two released notebooks: no nbgrader release, no kernel.
"""

import hashlib
import json
import os
import random
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import warnings
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import ROOT
from nbgrader.utils import parse_utc

from dlcourse.cli import main
from dlcourse.collect import STATE_DIR, ArchiveLimits, Refusal, collect, read_member
from helpers.submit import MANIFEST, TIMESTAMP_FORMAT, write_archive

COURSE_ID = "dl-foundations"
T1 = datetime(2026, 3, 1, 10, 0, 0, 123456, tzinfo=UTC)
T2 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
T3 = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
RELEASED = {"01-tensors": "tensors.ipynb", "02-graphs-and-sessions": "graphs.ipynb"}
TENSORS = (ROOT / "notebooks" / "01-tensors" / "tensors.ipynb").read_bytes()


# -- a course, students' work, archives -----------------------------------------------------------------------------

@pytest.fixture
def course(tmp_path) -> Path:
    root = tmp_path / "course"
    (root / "solutions").mkdir(parents=True)  # what find_root (the CLI) looks for
    shutil.copy(ROOT / "nbgrader_config.py", root)
    for assignment, notebook in RELEASED.items():
        (root / "notebooks" / assignment).mkdir(parents=True)
        shutil.copy(ROOT / "notebooks" / assignment / notebook, root / "notebooks" / assignment)
    return root


def edited(data: bytes, version: int) -> bytes:
    """The notebook with a change a student could have made (still a valid notebook)."""
    notebook = json.loads(data)
    notebook["cells"].append({"cell_type": "markdown", "id": f"edit-{version}", "metadata": {},
                              "source": f"my answer, version {version}"})
    return (json.dumps(notebook, indent=1) + "\n").encode()


def hand_in(tmp_path: Path, student: str, assignment: str = "01-tensors", when: datetime = T1, version: int = 0,
            out: Path | None = None, files: dict[str, bytes] | None = None) -> Path:
    """A student's archive, made by ``helpers.submit.write_archive`` from a folder of their notebooks."""
    (tmp_path / "students").mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{student}-", dir=tmp_path / "students")) / assignment
    folder.mkdir()
    if files is None:
        notebook = RELEASED[assignment]
        data = (ROOT / "notebooks" / assignment / notebook).read_bytes()
        files = {notebook: edited(data, version) if version else data}
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return write_archive(COURSE_ID, folder, student, out or tmp_path / "archives", now=when).path


def manifest(contents: dict[str, bytes], **changes) -> bytes:
    made = {"format": 1, "course": COURSE_ID, "assignment": "01-tensors", "student": "bob",
            "timestamp": T2.strftime(TIMESTAMP_FORMAT),
            "notebooks": {name: hashlib.sha256(data).hexdigest() for name, data in contents.items()}}
    return json.dumps({**made, **changes}).encode()


def make_zip(path: Path, members, compression=zipfile.ZIP_DEFLATED) -> Path:
    """A zip of ``members``: ``[(name or ZipInfo, bytes), ...]``, written as given (duplicates too)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns on a duplicate name: that is the point
        with zipfile.ZipFile(path, "w", compression=compression) as archive:
            for name, data in members:
                archive.writestr(name, data)
    return path


def bob_zip(folder: Path, extra=(), notebook: bytes = TENSORS, name: str = "01-tensors--bob.zip",
            **changes) -> Path:
    """bob's newer 01-tensors (it would replace his first one) with a manifest changed by ``changes``."""
    listed = {"tensors.ipynb": notebook}
    return make_zip(folder / name, [(MANIFEST, manifest(listed, **changes)), ("tensors.ipynb", notebook), *extra])


def patch_sizes(data: bytes, name: str, size: int) -> bytes:
    """``data`` (a zip) with ``name``'s uncompressed size set to ``size`` in its local and central headers."""
    data, encoded = bytearray(data), name.encode()
    for signature, size_at, name_length_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        at = data.find(signature)
        while at >= 0:
            length = struct.unpack_from("<H", data, at + name_length_at)[0]
            if data[at + name_at:at + name_at + length] == encoded:
                struct.pack_into("<I", data, at + size_at, size)
            at = data.find(signature, at + 4)
    return bytes(data)


def tree(folder: Path) -> dict[str, str]:
    """Every file, folder and link under ``folder``: its name and its content's hash (a link: its target)."""
    found = {}
    for here, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(here) / name
            mode = path.lstat().st_mode
            key = str(path.relative_to(folder))
            if stat.S_ISLNK(mode):
                found[key] = "link -> " + os.readlink(path)
            elif stat.S_ISDIR(mode):
                found[key] = "dir"
            elif not stat.S_ISREG(mode):
                found[key] = f"mode {mode:o}"  # a FIFO: reading it would block
            else:
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def outside_state(course: Path) -> dict[str, str]:
    """The course's tree less submitted/ and .dlcourse/: what collecting must never change."""
    return {k: v for k, v in tree(course).items() if k.split(os.sep)[0] not in ("submitted", STATE_DIR)}


def no_staging_left(course: Path) -> bool:
    incoming = course / STATE_DIR / "incoming"
    return not incoming.exists() or not any(incoming.iterdir())


# -- good archives ---------------------------------------------------------------------------------------------------

def test_a_good_archive_is_filed_with_its_timestamp_and_exact_bytes(course, tmp_path):
    archive = hand_in(tmp_path, "ada")
    before = outside_state(course)
    result = collect(course, [archive])
    assert not result.refused and not result.skipped
    [filed] = result.collected
    folder = course / "submitted" / "ada" / "01-tensors"
    assert (filed.student, filed.assignment, filed.path, filed.replaced_path, filed.warnings) == \
        ("ada", "01-tensors", folder, None, ())
    assert sorted(p.name for p in folder.iterdir()) == ["tensors.ipynb", "timestamp.txt"]
    assert (folder / "tensors.ipynb").read_bytes() == TENSORS
    assert (folder / "timestamp.txt").read_text() == T1.strftime(TIMESTAMP_FORMAT)
    assert parse_utc((folder / "timestamp.txt").read_text().strip()) == T1.replace(tzinfo=None)  # as nbgrader reads it
    assert outside_state(course) == before
    assert not (course / STATE_DIR).exists()  # staging was cleaned up, and .dlcourse/ with it


def test_a_folder_of_archives_is_collected_in_order_and_a_bad_one_does_not_stop_it(course, tmp_path):
    downloads = tmp_path / "downloads"
    hand_in(tmp_path, "ada", out=downloads)
    hand_in(tmp_path, "ada", "02-graphs-and-sessions", out=downloads)
    hand_in(tmp_path, "bob", out=downloads)
    (downloads / "00-broken--eve.zip").write_bytes(b"not a zip")
    result = collect(course, [downloads])
    assert [a.name for a in result.archives] == ["00-broken--eve.zip", "01-tensors--ada.zip", "01-tensors--bob.zip",
                                                 "02-graphs-and-sessions--ada.zip"]
    assert [(c.student, c.assignment) for c in result.collected] == \
        [("ada", "01-tensors"), ("bob", "01-tensors"), ("ada", "02-graphs-and-sessions")]
    assert [(r.archive.name, "not a zip" in r.reason) for r in result.refused] == [("00-broken--eve.zip", True)]
    assert (course / "submitted" / "ada" / "02-graphs-and-sessions" / "graphs.ipynb").read_bytes() == \
        (ROOT / "notebooks" / "02-graphs-and-sessions" / "graphs.ipynb").read_bytes()
    assert no_staging_left(course)


def test_a_resubmission_replaces_the_older_which_is_kept(course, tmp_path):
    collect(course, [hand_in(tmp_path, "ada", when=T1)])
    folder = course / "submitted" / "ada" / "01-tensors"
    first = tree(folder)
    result = collect(course, [hand_in(tmp_path, "ada", when=T2, version=2, out=tmp_path / "later")])
    [filed] = result.collected
    kept = course / STATE_DIR / "replaced" / "ada" / "01-tensors" / "2026-03-01T10-00-00.123456Z"
    assert filed.replaced_path == kept
    assert tree(kept) == first  # the older submission, byte for byte, timestamp.txt too
    assert (folder / "tensors.ipynb").read_bytes() == edited(TENSORS, 2)
    assert (folder / "timestamp.txt").read_text() == T2.strftime(TIMESTAMP_FORMAT)
    assert no_staging_left(course)


def test_an_older_archive_is_skipped(course, tmp_path):
    collect(course, [hand_in(tmp_path, "ada", when=T2, version=2)])
    submitted = tree(course / "submitted")
    result = collect(course, [hand_in(tmp_path, "ada", when=T1, version=1, out=tmp_path / "older")])
    [skipped] = result.skipped
    assert "as new or newer" in skipped.reason and not result.collected and not result.refused
    assert tree(course / "submitted") == submitted


@pytest.mark.parametrize("when", [T1, T2], ids=["same-archive", "same-work-later"])
def test_the_same_work_again_is_already_collected(course, tmp_path, when):
    collect(course, [hand_in(tmp_path, "ada", when=T1)])
    submitted = tree(course / "submitted")
    result = collect(course, [hand_in(tmp_path, "ada", when=when, out=tmp_path / "again")])
    [skipped] = result.skipped
    assert "already collected" in skipped.reason
    assert tree(course / "submitted") == submitted  # the first timestamp stays


def test_an_lms_prefix_on_the_file_name_is_accepted(course, tmp_path):
    archive = hand_in(tmp_path, "ada")
    renamed = archive.rename(archive.with_name("smithjane_12345_67890_01-tensors--ada.zip"))
    [filed] = collect(course, [renamed]).collected
    assert (filed.student, filed.assignment) == ("ada", "01-tensors")


@pytest.mark.parametrize("reverse", [False, True], ids=["newer-last", "newer-first"])
def test_of_two_archives_in_one_batch_the_newer_wins(course, tmp_path, reverse):
    older = hand_in(tmp_path, "ada", when=T1, version=1, out=tmp_path / "a")
    newer = hand_in(tmp_path, "ada", when=T2, version=2, out=tmp_path / "b")
    result = collect(course, [newer, older] if reverse else [older, newer])
    assert [c.archive for c in result.collected] == [newer]
    assert [s.archive for s in result.skipped] == [older] and "newer" in result.skipped[0].reason
    assert (course / "submitted" / "ada" / "01-tensors" / "tensors.ipynb").read_bytes() == edited(TENSORS, 2)


def test_a_folder_named_like_an_archive_is_refused(course, tmp_path):
    downloads = tmp_path / "downloads"
    (downloads / "01-tensors--bob.zip").mkdir(parents=True)
    [refused] = collect(course, [downloads]).refused
    assert refused.archive == downloads / "01-tensors--bob.zip" and refused.reason == "is not a regular file"


def test_an_archive_named_twice_is_collected_once(course, tmp_path):
    archive = hand_in(tmp_path, "ada")
    result = collect(course, [archive, archive.parent])
    assert len(result.collected) == 1 and "given twice" in result.skipped[0].reason


def test_a_notebook_that_is_not_json_is_collected_with_a_warning(course, tmp_path):
    broken = b'{"cells": [ {"cell_type": "code", "sou'
    archive = make_zip(tmp_path / "01-tensors--ada.zip",
                       [(MANIFEST, manifest({"tensors.ipynb": broken}, student="ada")), ("tensors.ipynb", broken)])
    [filed] = collect(course, [archive]).collected
    assert "tensors.ipynb is not valid JSON" in filed.warnings[0]
    assert (filed.path / "tensors.ipynb").read_bytes() == broken


def test_a_dry_run_writes_nothing(course, tmp_path):
    collect(course, [hand_in(tmp_path, "ada", when=T1)])
    archives = [hand_in(tmp_path, "ada", when=T2, version=2, out=tmp_path / "later"), hand_in(tmp_path, "bob")]
    before = tree(tmp_path)
    result = collect(course, archives, dry_run=True)
    assert tree(tmp_path) == before
    assert [(c.student, c.replaced_path is not None) for c in result.collected] == [("ada", True), ("bob", False)]
    assert result.collected[1].path == course / "submitted" / "bob" / "01-tensors"


def test_a_submission_without_timestamp_is_not_replaced(course, tmp_path):
    folder = course / "submitted" / "ada" / "01-tensors"
    folder.mkdir(parents=True)
    (folder / "tensors.ipynb").write_text("{}")  # put there by hand
    result = collect(course, [hand_in(tmp_path, "ada")])
    assert "no readable timestamp.txt" in result.skipped[0].reason
    assert tree(folder) == {"tensors.ipynb": hashlib.sha256(b"{}").hexdigest()}


def test_a_failed_rename_puts_the_older_submission_back_and_leaves_no_staging(course, tmp_path, monkeypatch):
    collect(course, [hand_in(tmp_path, "ada", when=T1)])
    submitted = tree(course / "submitted")
    rename = os.replace

    def fail_from_staging(src, dst):
        if "incoming" in str(src):
            raise OSError(28, "No space left on device")
        rename(src, dst)

    monkeypatch.setattr(os, "replace", fail_from_staging)
    result = collect(course, [hand_in(tmp_path, "ada", when=T2, version=2, out=tmp_path / "later")])
    monkeypatch.undo()
    assert "could not be filed" in result.refused[0].reason and not result.collected
    assert tree(course / "submitted") == submitted
    assert not (course / STATE_DIR / "incoming").exists()


# -- hostile archives: one builder a case, each refused and nothing changed ------------------------------------------

def random_bytes(folder):
    path = folder / "01-tensors--bob.zip"
    path.write_bytes(random.Random(0).randbytes(4096))
    return path


def empty_file(folder):
    path = folder / "01-tensors--bob.zip"
    path.write_bytes(b"")
    return path


def truncated_zip(folder):
    path = bob_zip(folder)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


def missing_file(folder):
    return folder / "01-tensors--bob.zip"


def a_fifo(folder):
    os.mkfifo(folder / "01-tensors--bob.zip")  # opening it would block: it is refused before
    return folder / "01-tensors--bob.zip"


def an_empty_folder(folder):
    (folder / "downloads").mkdir()
    return folder / "downloads"


def a_symlink(folder):
    target = bob_zip(folder / "elsewhere")
    (folder / "01-tensors--bob.zip").symlink_to(target)
    return folder / "01-tensors--bob.zip"


def member(name, data=b"{}"):
    return lambda folder: bob_zip(folder, extra=[(name, data)])


def null_in_name(folder):
    path = bob_zip(folder, extra=[("xAy.ipynb", b"{}")])
    path.write_bytes(path.read_bytes().replace(b"xAy.ipynb", b"x\0y.ipynb"))  # zipfile cannot write a NUL
    return path


def symlink_member(folder):
    link = zipfile.ZipInfo("tensors.ipynb")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    return make_zip(folder / "01-tensors--bob.zip", [(MANIFEST, manifest({"tensors.ipynb": b"/etc/passwd"})),
                                                     (link, b"/etc/passwd")])


def duplicate_member(folder):
    return bob_zip(folder, extra=[("tensors.ipynb", b"{}")])


def too_many_members(folder):
    return bob_zip(folder, extra=[(f"n{i}.ipynb", b"{}") for i in range(64)])


def zip_bomb(folder):
    zeros = bytes(60 * 2**20)  # deflates to about 60 KB
    return bob_zip(folder, notebook=zeros)


def high_ratio(folder):
    return bob_zip(folder, notebook=bytes(5 * 2**20))  # 5 MB of zeros: about 1000 to 1


def lying_header(folder):
    """60 MB of zeros whose headers say 1000 bytes: the size checks pass, the read must not."""
    path = zip_bomb(folder)
    path.write_bytes(patch_sizes(path.read_bytes(), "tensors.ipynb", 1000))
    return path


def bzip2_member(folder):
    listed = {"tensors.ipynb": TENSORS}
    return make_zip(folder / "01-tensors--bob.zip", [(MANIFEST, manifest(listed)), ("tensors.ipynb", TENSORS)],
                    compression=zipfile.ZIP_BZIP2)


def no_manifest(folder):
    return make_zip(folder / "01-tensors--bob.zip", [("tensors.ipynb", TENSORS)])


def manifest_bytes(data):
    return lambda folder: make_zip(folder / "01-tensors--bob.zip", [(MANIFEST, data), ("tensors.ipynb", TENSORS)])


def changed(**changes):
    return lambda folder: bob_zip(folder, **changes)


def missing_notebook(folder):
    """The student worked in a notebook of another name: write_archive packs what is there."""
    return hand_in(folder, "bob", when=T2, out=folder, files={"scratch.ipynb": TENSORS})


def extra_notebook(folder):
    # make submit leaves a notebook that is not the course's out (helpers.submit.course_notebooks): made by hand
    listed = {"tensors.ipynb": TENSORS, "Untitled.ipynb": b"{}"}
    return make_zip(folder / "01-tensors--bob.zip", [(MANIFEST, manifest(listed)), *listed.items()])


def bad_sha(folder):
    damaged = TENSORS.replace(b'"cells"', b'"cellz"', 1)
    return make_zip(folder / "01-tensors--bob.zip",
                    [(MANIFEST, manifest({"tensors.ipynb": TENSORS})), ("tensors.ipynb", damaged)])


def listed_not_held(folder):
    return make_zip(folder / "01-tensors--bob.zip", [(MANIFEST, manifest({"tensors.ipynb": TENSORS}))])


def held_not_listed(folder):
    return make_zip(folder / "01-tensors--bob.zip", [(MANIFEST, manifest({"tensors.ipynb": TENSORS})),
                                                     ("tensors.ipynb", TENSORS), ("Untitled.ipynb", b"{}")])


def mismatched_name(folder):
    return bob_zip(folder, name="01-tensors--eve.zip")


def other_assignment_name(folder):
    return bob_zip(folder, name="02-graphs-and-sessions--bob.zip")


HOSTILE = [
    pytest.param(random_bytes, "is not a zip archive", id="random-bytes"),
    pytest.param(empty_file, "is not a zip archive", id="empty-file"),
    pytest.param(truncated_zip, "is not a zip archive", id="truncated-zip"),
    pytest.param(missing_file, "there is no such file", id="missing"),
    pytest.param(a_fifo, "is not a regular file", id="not-a-regular-file"),
    pytest.param(an_empty_folder, "this folder holds no .zip file", id="empty-folder"),
    pytest.param(a_symlink, "is a symbolic link", id="a-symlink"),
    pytest.param(member("../../x.ipynb"), "'..'", id="dot-dot"),
    pytest.param(member("/etc/passwd"), "absolute path", id="absolute"),
    pytest.param(member("a\\..\\b"), "backslash", id="backslash"),
    pytest.param(member("C:x.ipynb"), "drive letter", id="drive-letter"),
    pytest.param(null_in_name, "NUL or control character", id="nul"),
    pytest.param(member("tab\t.ipynb"), "NUL or control character", id="control-character"),
    pytest.param(symlink_member, "symbolic link, 'tensors.ipynb'", id="symlink-member"),
    pytest.param(member("notebooks/", b""), "holds a folder", id="directory-member"),
    pytest.param(member("notebooks/tensors.ipynb"), "in a folder: only notebooks", id="nested-path"),
    pytest.param(member("notes.txt", b"hello"), "neither a notebook nor submission.json", id="other-file"),
    pytest.param(duplicate_member, "holds 'tensors.ipynb' twice", id="duplicate"),
    pytest.param(too_many_members, "holds 66 files, more than the 64", id="too-many-members"),
    pytest.param(zip_bomb, "more than the 50 MB a file may be", id="zip-bomb"),
    pytest.param(high_ratio, "to 1, more than the 200 to 1 allowed", id="compression-ratio"),
    pytest.param(lying_header, "damaged zip archive (Bad CRC-32", id="lying-header"),
    pytest.param(bzip2_member, "compressed with method 12", id="bzip2"),
    pytest.param(no_manifest, "holds no submission.json", id="missing-manifest"),
    pytest.param(manifest_bytes(b"{not json"), "submission.json is not valid JSON", id="manifest-not-json"),
    pytest.param(manifest_bytes(b"[1, 2]"), "submission.json is not a JSON object", id="manifest-not-object"),
    pytest.param(manifest_bytes(b"[" * 100_000), "submission.json is not valid JSON", id="manifest-too-deep"),
    pytest.param(changed(format=2), "has format 2; this dlcourse reads format 1", id="wrong-format"),
    pytest.param(changed(course="ml-101"), "made for course 'ml-101', this course is 'dl-foundations'",
                 id="wrong-course"),
    pytest.param(changed(assignment="03-perceptron", name="03-perceptron--bob.zip"),
                 "'03-perceptron', which is not released", id="unknown-assignment"),
    pytest.param(changed(assignment="../../etc", name="..--bob.zip"), "'../../etc', which is not released",
                 id="assignment-path"),
    pytest.param(changed(student="../bob"), "'../bob' as its student, which is not a student id", id="student-path"),
    pytest.param(changed(student="bob--x", name="01-tensors--bob--x.zip"), "not a student id", id="student-dashes"),
    pytest.param(changed(timestamp="yesterday"), "bad timestamp 'yesterday'", id="bad-timestamp"),
    pytest.param(changed(timestamp="2099-01-01 00:00:00.000000 UTC"), "timestamp in the future", id="future"),
    pytest.param(changed(notebooks=["tensors.ipynb"]), "no list of notebooks", id="notebooks-not-a-mapping"),
    pytest.param(missing_notebook, "misses tensors.ipynb of 01-tensors", id="missing-notebook"),
    pytest.param(extra_notebook, "holds Untitled.ipynb, which 01-tensors does not have", id="extra-notebook"),
    pytest.param(bad_sha, "does not match its SHA-256", id="bad-sha"),
    pytest.param(listed_not_held, "lists tensors.ipynb but the archive does not hold it", id="listed-not-held"),
    pytest.param(held_not_listed, "holds Untitled.ipynb, which its submission.json does not list",
                 id="held-not-listed"),
    pytest.param(mismatched_name, "named 01-tensors--eve.zip: its name must end in 01-tensors--bob.zip",
                 id="mismatched-name"),
    pytest.param(other_assignment_name, "must end in 01-tensors--bob.zip", id="other-assignment-name"),
]


@pytest.fixture
def bob_submitted(course, tmp_path) -> Path:
    """bob's first 01-tensors in submitted/: every hostile archive would replace it if it were taken."""
    [filed] = collect(course, [hand_in(tmp_path, "bob", when=T1, version=1, out=tmp_path / "first")]).collected
    return filed.path


@pytest.mark.parametrize("build, reason", HOSTILE)
def test_a_hostile_archive_is_refused_and_changes_nothing(course, tmp_path, bob_submitted, build, reason):
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    archive = build(hostile)
    before = tree(tmp_path)  # the course (submitted/ with it) and every archive
    result = collect(course, [archive])
    assert [(r.archive, reason in r.reason) for r in result.refused] == [(archive, True)], result.refused
    assert not result.collected and not result.skipped
    assert tree(tmp_path) == before
    assert not (course / STATE_DIR).exists()


@pytest.mark.parametrize("limits, reason", [
    (ArchiveLimits(archive_bytes=1000), "MB, more than the"),
    (ArchiveLimits(total_bytes=10_000), "would unpack to"),
], ids=["archive-size", "total-size"])
def test_limits_on_the_archive_and_its_total(course, tmp_path, bob_submitted, limits, reason):
    archive = bob_zip(tmp_path / "hostile")
    before = tree(tmp_path)
    [refused] = collect(course, [archive], limits=limits).refused
    assert reason in refused.reason
    assert tree(tmp_path) == before


def test_the_bounded_reader_reads_at_most_one_byte_past_its_limit(tmp_path):
    path = make_zip(tmp_path / "a.zip", [("tensors.ipynb", TENSORS)])
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("tensors.ipynb")
        assert read_member(archive, info, len(TENSORS)) == TENSORS
        with pytest.raises(Refusal, match="more than the 100 bytes"):
            read_member(archive, info, 100)
        budget = [len(TENSORS) - 1]  # what is left of the archive's total
        with pytest.raises(Refusal, match="more than"):
            read_member(archive, info, len(TENSORS), budget)
        info.file_size = 10  # a header that lies: the read stops there and the CRC does not match
        with pytest.raises(zipfile.BadZipFile, match="CRC"):
            read_member(archive, info, 100)


# -- the command line ------------------------------------------------------------------------------------------------

def test_cli_collects_and_exits_0(course, tmp_path, capsys):
    archive = hand_in(tmp_path, "ada")
    assert main(["--root", str(course), "collect", str(archive.parent)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"collected ada/01-tensors from {archive}", "1 collected, 0 skipped, 0 refused"]
    assert main(["--root", str(course), "collect", str(archive)]) == 0
    assert "skipped" in capsys.readouterr().out


def test_cli_exits_1_when_an_archive_is_refused(course, tmp_path, capsys):
    good = hand_in(tmp_path, "ada")
    bad = random_bytes(good.parent)
    assert main(["--root", str(course), "collect", str(good), str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"collected ada/01-tensors from {good}"
    assert out[1].startswith(f"refused {bad}: is not a zip archive")
    assert out[2] == "1 collected, 0 skipped, 1 refused"


def test_cli_dry_run(course, tmp_path, capsys):
    archive = hand_in(tmp_path, "ada")
    assert main(["--root", str(course), "collect", "--dry-run", str(archive)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"would collect ada/01-tensors from {archive}", "1 would collect, 0 skipped, 0 refused (dry run: nothing "
        "written)"]
    assert not (course / "submitted").exists()


def test_cli_exits_2_for_a_bad_course_folder(tmp_path, capsys):
    archive = hand_in(tmp_path, "ada")
    assert main(["--root", str(tmp_path / "students"), "collect", str(archive)]) == 2
    assert capsys.readouterr().err.startswith("dlcourse: No course found")
    unnamed = tmp_path / "unnamed"
    (unnamed / "solutions").mkdir(parents=True)
    (unnamed / "nbgrader_config.py").write_text("c = get_config()  # noqa: F821\n")
    assert main(["--root", str(unnamed), "collect", str(archive)]) == 2
    assert "names no course" in capsys.readouterr().err


def test_nbgrader_zip_collect_files_the_archives_too(course, tmp_path):
    """The documented alternative: the archives in downloaded/<assignment>/archive/, then `nbgrader zip_collect`, with
    the course's FileNameCollectorPlugin.named_regexp (helpers.submit.ZIP_COLLECT_PATTERN)."""
    inbox = course / "downloaded" / "01-tensors" / "archive"
    hand_in(tmp_path, "ada", out=inbox)
    hand_in(tmp_path, "alan", version=2, out=inbox)
    shutil.move(inbox / "01-tensors--alan.zip", inbox / "smithalan_123_456_01-tensors--alan.zip")  # an LMS's name
    done = subprocess.run([Path(sys.executable).parent / "nbgrader", "zip_collect", "01-tensors"], cwd=course,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    ada = course / "submitted" / "ada" / "01-tensors"
    assert (ada / "tensors.ipynb").read_bytes() == TENSORS
    assert (course / "submitted" / "alan" / "01-tensors" / "tensors.ipynb").read_bytes() == edited(TENSORS, 2)
    assert sorted(p.name for p in (course / "submitted").iterdir()) == ["ada", "alan"]
