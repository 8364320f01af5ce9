"""One stack for everyone: pyproject, constraints.txt (what `make` installs) and environment.yml agree."""

import re
import tomllib

import yaml
from conftest import ROOT

from helpers.instructor.course import assignments


def pins_in(lines) -> dict[str, str]:
    pins = {}
    for line in lines:
        line = line.split("#")[0].strip()
        if not line or line.startswith("-"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-\[\]]+)\s*==\s*([^\s;]+)", line)
        assert match, f"not an exact pin: {line!r}"
        pins[re.sub(r"\[.*\]", "", match.group(1)).lower().replace("_", "-")] = match.group(2)
    return pins


def constraints() -> dict[str, str]:
    return pins_in((ROOT / "constraints.txt").read_text().splitlines())


def pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    return pins_in(deps)


def conda_env():
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def test_pyproject_pins_match_constraints():
    locked = constraints()
    for name, version in pyproject_pins().items():
        assert locked.get(name) == version, f"pyproject pins {name}=={version}, constraints.txt has {locked.get(name)}"


def test_environment_yml_matches_constraints_and_pyproject():
    env = conda_env()
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    assert "python=3.11" in conda, "environment.yml should pin python=3.11, like the Makefile"
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    env_pins = pins_in(pip_section)
    locked = constraints()
    for name, version in env_pins.items():
        assert locked.get(name) == version, \
            f"environment.yml pins {name}=={version}, constraints.txt has {locked.get(name)}"
    assert set(env_pins) == set(pyproject_pins()), "environment.yml and pyproject.toml list different packages"


def test_python_version_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11,<3.12"


def test_course_has_assignments():
    found = [a.name for a in assignments(ROOT)]
    assert found and found == sorted(found), found
    for name in found:
        assert re.fullmatch(r"\d\d-[a-z0-9-]+", name), f"assignment folder {name!r}: NN-topic"


def test_binder_builds_the_course_and_the_badge_opens_it():
    """Binder (repo2docker) reads environment.yml at the top level, then runs postBuild, which installs `helpers`."""
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists(), \
        "a binder/ folder would make repo2docker ignore the top-level environment.yml"
    post_build = ROOT / "postBuild"
    assert post_build.stat().st_mode & 0o111, "postBuild must be executable"
    assert "pip install --no-deps -e ." in post_build.read_text()
    repository = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
    owner_repo = repository.removeprefix("https://github.com/")
    readme = (ROOT / "README.md").read_text()
    badge = re.search(r"\[!\[Binder\]\(https://mybinder\.org/badge_logo\.svg\)\]\((\S+)\)", readme)
    assert badge, "README.md should start with a Binder badge"
    url = badge.group(1)
    assert url.startswith(f"https://mybinder.org/v2/gh/{owner_repo}/HEAD?urlpath=lab/tree/"), url
    opens = url.split("urlpath=lab/tree/", 1)[1]
    assert (ROOT / opens).is_file(), f"the badge opens a notebook that does not exist: {opens}"
