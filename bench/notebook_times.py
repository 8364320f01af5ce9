"""Benchmark: how long each notebook takes, a student's time estimated and the machine's measured.

    make bench-times                 # every notebook: the estimate and the measured run time, as a table
    make bench-times WRITE=1         # and write both into each solution's **Time:** line (then: make release)

The machine's time is what a student waits for after "Run all": the released notebook with the solution's
answers filled in, every cell but the check-my-work one run by nbclient in a kernel already started, timed from
the first cell to the last (the kernel's start-up is not counted: JupyterLab starts it when the notebook opens).
The student's time is ``dlcourse.timing.estimate``: reading rates, not a measurement of students.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dlcourse import timing  # noqa: E402
from dlcourse.course import assignments  # noqa: E402
from dlcourse.synthetic import fill, solution_answers  # noqa: E402


def run_seconds(released: Path, source: Path) -> float:
    """Seconds from the first cell's start to the last cell's end, the solution's answers filled in."""
    with tempfile.TemporaryDirectory() as scratch:
        path = fill(released, solution_answers(source), Path(scratch) / released.name)
        nb = nbformat.read(path, as_version=4)
        nb.cells = [c for c in nb.cells if "nbval-skip" not in c.metadata.get("tags", [])]
        client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": scratch}})
        with client.setup_kernel():
            started = time.perf_counter()
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
            return time.perf_counter() - started


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="assignments (default: all)")
    parser.add_argument("--write", action="store_true", help="write the Time lines into solutions/")
    args = parser.parse_args(argv)
    print(f"{'notebook':52}{'words':>7}{'appx':>6}{'demos':>6}{'pts':>5}{'read':>6}{'exer':>6}{'total':>7}"
          f"{'stated':>7}{'run s':>7}")
    for assignment in assignments(ROOT, args.names or None):
        for name in assignment.notebooks:
            source = assignment.source(name)
            nb = nbformat.read(source, as_version=4)
            est = timing.estimate(nb)
            seconds = run_seconds(assignment.released(name), source)
            stated = timing.stated_minutes(nb.cells[0].source)
            print(f"{str(source.relative_to(ROOT)):52}{est.words:7}{est.appendix_words:6}{est.demo_cells:6}"
                  f"{est.points:5g}{est.reading_minutes:6.0f}{est.exercise_minutes:6.0f}{est.minutes:7}"
                  f"{stated or '-':>7}{seconds:7.1f}", flush=True)
            if args.write:
                title = nb.cells[0].source
                if not timing.TIME_LINE.search(title):
                    print(f"  {source.name}: no '- **Time:** about N minutes' line in the title cell to rewrite")
                    continue
                nb.cells[0].source = timing.TIME_LINE.sub(timing.time_line(est, seconds).replace("\\", "\\\\"),
                                                          title, count=1)
                nbformat.write(nb, source)
    if args.write:
        print("Time lines written into solutions/: run `make release` to bring them to notebooks/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
