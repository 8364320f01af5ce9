"""The student course's pins: the instructor's constraints.txt cut down to what the student package installs.

Students get ``student/constraints.txt``, not the instructor's: a pin for every package their install pulls in and
for nothing else (no Dask, no pytest). It is the dependency closure of the student distribution, read from the
installed packages' metadata, at the versions constraints.txt pins. ``make lock`` rewrites it;
``tests/test_environment.py`` fails when it is out of date.

    python -m dlcourse.pins > student/constraints.txt
"""

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

STUDENT_DISTRIBUTION = "dl-foundations-helpers"
HEADER = ("# The student course's pins: every package `make` installs for a student, at the versions the course is\n"
          "# tested with. Generated from the instructor's constraints.txt by `make lock`; do not edit by hand.\n")


# What a new virtual environment brings, and pip freeze (so constraints.txt) leaves out.
UNPINNED = {"pip", "setuptools", "wheel"}


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(path: Path) -> dict[str, str]:
    """``{normalized name: version}`` of a constraints file of exact pins."""
    pins = {}
    for line in Path(path).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            name, _, version = line.partition("==")
            pins[normalize(name.strip())] = version.strip()
    return pins


def closure(distribution: str = STUDENT_DISTRIBUTION) -> set[str]:
    """Normalized names of ``distribution``'s installed dependencies, all the way down (itself excluded)."""
    seen: set[str] = set()
    visited: set[tuple[str, frozenset]] = set()  # a package is walked again for extras it was not walked with
    todo = [(distribution, frozenset())]
    while todo:
        name, extras = todo.pop()
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            raise LookupError(f"{name} is not installed here: run `make` first") from None
        for text in requires:
            requirement = Requirement(text)
            if requirement.marker and not any(requirement.marker.evaluate({"extra": extra})
                                              for extra in (extras or {""})):
                continue
            key = normalize(requirement.name)
            seen.add(key)
            if (key, frozenset(requirement.extras)) not in visited:
                visited.add((key, frozenset(requirement.extras)))
                todo.append((requirement.name, frozenset(requirement.extras)))
    return seen


def student_pins(constraints: Path) -> str:
    """The text of the student's constraints file."""
    pins = read_pins(constraints)
    needed = closure() - UNPINNED
    missing = sorted(needed - set(pins))
    if missing:
        raise LookupError(f"{constraints} pins no version of {', '.join(missing)}: run `make lock`")
    return HEADER + "".join(f"{name}=={pins[name]}\n" for name in sorted(needed))


if __name__ == "__main__":
    sys.stdout.write(student_pins(Path(sys.argv[1] if len(sys.argv) > 1 else "constraints.txt")))
