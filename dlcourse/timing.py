"""How long a notebook takes a student: one estimate from its contents, the same for every notebook.

A title cell's **Time:** line says it, and ``bench/notebook_times.py`` writes it there with the run time it
measures; tests/test_notebooks.py checks that the line still matches the contents.

The rates are a reader's, not a machine's: technical text with formulas at 100 words a minute (about half the
speed of ordinary prose); half a minute to read, run and look at each demonstration cell; five minutes per point
of an exercise (a 2-point exercise about 10 minutes of thinking, writing and fixing); two minutes per
"predict, then run" and five per "try it". An optional appendix is not counted: the main path does not need it.
"""

import re
from dataclasses import dataclass

from helpers.cells import is_answer, is_test

WORDS_PER_MINUTE = 100
MINUTES_PER_DEMO_CELL = 0.5
MINUTES_PER_POINT = 5
MINUTES_PER_PREDICTION = 2
MINUTES_PER_TRY_IT = 5

APPENDIX = "## Appendix (optional)"
CHECK_YOUR_WORK = "## Check your work"
PREDICT = "**Predict, then run.**"
TRY_IT = "**Try it (ungraded).**"
TIME_LINE = re.compile(r"- \*\*Time:\*\* about (\d+) minutes[^\n]*(?:\n  [^\n]*)*")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Estimate:
    words: int  # markdown words on the main path
    appendix_words: int
    demo_cells: int
    points: float
    predictions: int
    try_its: int

    @property
    def reading_minutes(self) -> float:
        return self.words / WORDS_PER_MINUTE + self.demo_cells * MINUTES_PER_DEMO_CELL + \
            self.predictions * MINUTES_PER_PREDICTION + self.try_its * MINUTES_PER_TRY_IT

    @property
    def exercise_minutes(self) -> float:
        return self.points * MINUTES_PER_POINT

    @property
    def minutes(self) -> int:
        """The whole, rounded to 5 minutes."""
        return _round5(self.reading_minutes + self.exercise_minutes)


def _round5(minutes: float) -> int:
    return max(5, int(5 * round(minutes / 5)))


def estimate(nb) -> Estimate:
    """The estimate for an nbformat notebook (a solution or a released one: the same cells count)."""
    words = appendix = demos = predictions = try_its = 0
    points = 0.0
    in_appendix = False
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            heading = cell.source.lstrip()
            if heading.startswith(APPENDIX):
                in_appendix = True
            elif heading.startswith(CHECK_YOUR_WORK):  # after the appendix, and part of every notebook's path
                in_appendix = False
            count = len(_WORD.findall(cell.source))
            if in_appendix:
                appendix += count
                continue
            words += count
            predictions += cell.source.count(PREDICT)
            try_its += cell.source.count(TRY_IT)
        elif cell.cell_type == "code" and not in_appendix and index > 1:  # the setup cell is not a demo
            if is_test(cell):
                points += float(cell.metadata["nbgrader"].get("points", 0))
            elif not is_answer(cell):
                demos += 1
    return Estimate(words, appendix, demos, points, predictions, try_its)


def time_line(est: Estimate, run_seconds: float) -> str:
    """The title cell's **Time:** line, wrapped as the title cells wrap their lists."""
    seconds = max(5, int(5 * -(-run_seconds // 5)))  # rounded up to 5 s
    return (f"- **Time:** about {est.minutes} minutes: about {_round5(est.reading_minutes)} to read and run the "
            f"demonstrations, {_round5(est.exercise_minutes)}\n  for the exercises. The notebook itself runs top to "
            f"bottom in about {seconds} seconds on a two-core laptop CPU.")


def stated_minutes(title: str) -> int | None:
    match = TIME_LINE.search(title)
    return int(match.group(1)) if match else None
