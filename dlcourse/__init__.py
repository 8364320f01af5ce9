"""Instructor tooling: execute solutions, release student notebooks, autograde through nbgrader.

The command line is ``dlcourse`` (see ``cli.py``); each step is also a function here so tests
and scripts can call it.
"""
