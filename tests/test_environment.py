"""One stack for everyone: the two packages' pins, constraints.txt (what `make` installs), the student course's own
pins and environment.yml agree; the student's install holds nothing of the grader's."""

import re
import tomllib

import yaml
from conftest import ROOT
from traitlets.config.loader import PyFileConfigLoader

from dlcourse import pins
from dlcourse.course import assignments

STUDENT = ROOT / "student"
# The instructor's distribution needs these; a student's must not.
INSTRUCTOR_ONLY = {"dask", "distributed", "pytest", "pytest-xdist", "nbval", "ruff", "playwright",
                   "dlcourse"}


def pins_in(lines) -> dict[str, str]:
    found = {}
    for line in lines:
        line = line.split("#")[0].strip()
        if not line or line.startswith("-"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-\[\]]+)\s*==\s*([^\s;]+)", line)
        assert match, f"not an exact pin: {line!r}"
        found[pins.normalize(re.sub(r"\[.*\]", "", match.group(1)))] = match.group(2)
    return found


def constraints(path=ROOT / "constraints.txt") -> dict[str, str]:
    return pins_in(path.read_text().splitlines())


def project(folder=ROOT) -> dict:
    return tomllib.loads((folder / "pyproject.toml").read_text())["project"]


def declared(folder=ROOT) -> dict[str, str]:
    spec = project(folder)
    extras = [d for extra in spec.get("optional-dependencies", {}).values() for d in extra]
    return pins_in(spec["dependencies"] + extras)


def test_both_packages_pin_what_constraints_txt_pins():
    locked = constraints()
    student = project(STUDENT)
    for folder in (ROOT, STUDENT):
        for name, version in declared(folder).items():
            if name == pins.normalize(student["name"]):
                assert version == student["version"], f"pyproject pins {name}=={version}, student/ is {version}"
                continue
            assert locked.get(name) == version, f"{folder.name}/pyproject pins {name}=={version}, " \
                                                f"constraints.txt has {locked.get(name)}"


def test_the_student_pins_are_the_closure_of_the_student_package():
    assert (STUDENT / "constraints.txt").read_text() == pins.student_pins(ROOT / "constraints.txt"), \
        "student/constraints.txt is out of date: run `make lock`"
    locked, student = constraints(), constraints(STUDENT / "constraints.txt")
    assert student and all(locked[name] == version for name, version in student.items())


def test_a_student_install_holds_nothing_of_the_grader():
    student = set(constraints(STUDENT / "constraints.txt")) | set(declared(STUDENT))
    assert not student & INSTRUCTOR_ONLY, f"the student install would pull in {sorted(student & INSTRUCTOR_ONLY)}"
    assert {"dask", "distributed"} <= set(declared(ROOT)), "the grader's own dependencies belong to dlcourse"
    found = tomllib.loads((STUDENT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    assert found["include"] == ["helpers*"]
    assert not (STUDENT / "helpers" / "instructor").exists()


def test_environment_yml_matches_the_student_pins():
    env = yaml.safe_load((STUDENT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    assert "python=3.11" in conda, "environment.yml should pin python=3.11, like the Makefile"
    env_pins = pins_in(next(d["pip"] for d in env["dependencies"] if isinstance(d, dict)))
    student = constraints(STUDENT / "constraints.txt")
    for name, version in env_pins.items():
        assert student.get(name) == version, f"environment.yml pins {name}=={version}, not {student.get(name)}"
    assert set(env_pins) == set(declared(STUDENT)), "environment.yml and student/pyproject.toml list different packages"
    assert not (ROOT / "environment.yml").exists(), "the conda environment is the student course's (student/)"


def test_python_version_agrees():
    assert project(ROOT)["requires-python"] == project(STUDENT)["requires-python"] == ">=3.11,<3.12"


def test_the_students_nbgrader_config_agrees_with_the_instructors():
    instructor = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    student = PyFileConfigLoader("nbgrader_config.py", path=str(STUDENT)).load_config()
    assert student.CourseDirectory.course_id == instructor.CourseDirectory.course_id
    for key in ("timeout", "startup_timeout", "interrupt_on_timeout"):
        assert student.ExecutePreprocessor[key] == instructor.ExecutePreprocessor[key], key
    assert student.CourseDirectory.release_directory == instructor.CourseDirectory.release_directory
    assert "dlcourse" not in (STUDENT / "nbgrader_config.py").read_text()


def test_course_has_assignments():
    found = [a.name for a in assignments(ROOT)]
    assert found and found == sorted(found), found
    for name in found:
        assert re.fullmatch(r"\d\d-[a-z0-9-]+", name), f"assignment folder {name!r}: NN-topic"
        assert "--" not in name, "'--' separates the assignment from the student in hand-in archives"


def test_binder_builds_the_student_course_and_the_badge_opens_it():
    """Binder (repo2docker) reads the published course's environment.yml, then runs postBuild, which installs
    `helpers`. The Binder files live in student/, which publishing puts at the top of the student course."""
    for folder in (ROOT, STUDENT):
        assert not (folder / "binder").exists() and not (folder / ".binder").exists(), \
            "a binder/ folder would make repo2docker ignore the top-level environment.yml"
    assert not (ROOT / "postBuild").exists(), "Binder builds the student course, not the instructor's tree"
    post_build = STUDENT / "postBuild"
    assert post_build.stat().st_mode & 0o111, "postBuild must be executable"
    assert "pip install --no-deps -e ." in post_build.read_text()
    repository = project(STUDENT)["urls"]["Repository"]
    owner_repo = repository.removeprefix("https://github.com/")
    readme = (STUDENT / "README.md").read_text()
    badge = re.search(r"\[!\[Binder\]\(https://mybinder\.org/badge_logo\.svg\)\]\((\S+)\)", readme)
    assert badge, "student/README.md should start with a Binder badge"
    url = badge.group(1)
    assert url.startswith(f"https://mybinder.org/v2/gh/{owner_repo}/HEAD?urlpath=lab/tree/"), url
    opens = url.split("urlpath=lab/tree/", 1)[1]
    assert (ROOT / opens).is_file(), f"the badge opens a notebook that does not exist: {opens}"
    assert "mybinder.org" not in (ROOT / "README.md").read_text(), "the badge belongs in the student README"
