"""The course's late-work policy, as an nbgrader late-submission plugin (``AssignLatePenalties.plugin_class``).

nbgrader itself offers no penalty or a score of zero. Courses more often take a share off for each day late; this
plugin does that, on each notebook's score, once its assignment has a due date in the gradebook
(``nbgrader db assignment add NAME --duedate=...``). Without a due date nothing is ever late.
"""

import math

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Float


class PerDayPenalty(LateSubmissionPlugin):
    """``percent_per_day`` of the score off for each started day late, down to zero."""

    percent_per_day = Float(10.0, help="percent of a late notebook's score taken off for each started day").tag(
        config=True)

    def late_submission_penalty(self, student_id: str, score: float, total_seconds_late: float) -> float | None:
        if total_seconds_late <= 0:
            return None
        days = math.ceil(total_seconds_late / 86400)
        return score * min(1.0, days * self.percent_per_day / 100)
