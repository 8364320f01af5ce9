"""Shared code for the course notebooks.

Importing ``helpers`` does nothing heavy: TensorFlow is imported by ``setup()``,
and only when a notebook calls it.

    from helpers import setup
    setup()

Modules:
    checks      student-facing checks that explain what is wrong
    plots       the figures notebooks share
    data        the course's small data sets (nothing is downloaded)
    coaching    the plain-language hints ``setup()`` adds under common errors
    check_my_work  run a notebook as grading will and list each exercise's visible checks
    cells       what a notebook cell is to the course (answer, test, read-only, illustration)
    submit      the hand-in archives a student uploads (``check-my-work --submit``)

The instructor's tools (release, grading, publishing) are another package, ``dlcourse``, which students never get.
"""

from .environment import setup

__all__ = ["setup"]
