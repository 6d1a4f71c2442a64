"""Status and percentage agree (docs/meter.md, "Status and percentage").

Every percentage falls in one of three stages: 0 % is *not started*, 100 % is *completed*, anything strictly
between is *in progress*. A body's project status belongs to the stage of its default percentage ("planned" at
0 % is a not-started status, "tendering" at 10 % an in-progress one, "completed" at 100 % a completed one).

The rule: a project's status is of the same stage as its achievement (its latest published progress, else the
status default, which agrees by construction). The services keep it on every path: a status chosen by hand
must agree with the published achievement (`check_project_status`), publishing or withdrawing progress moves the
status to the body's status of the new stage (`status_for`), and a status's default may not move it to a stage
that its projects' achievements contradict.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

NOT_STARTED, IN_PROGRESS, COMPLETED = "not_started", "in_progress", "completed"
STAGES = (NOT_STARTED, IN_PROGRESS, COMPLETED)

LABELS = {
    NOT_STARTED: gettext_lazy("Not started"),
    IN_PROGRESS: gettext_lazy("In progress"),
    COMPLETED: gettext_lazy("Completed"),
}
# "a status for projects …" / "the project is …"
RANGES = {
    NOT_STARTED: gettext_lazy("not started (0 %)"),
    IN_PROGRESS: gettext_lazy("in progress (between 1 and 99 %)"),
    COMPLETED: gettext_lazy("completed (100 %)"),
}


def stage_of(percent: float | int) -> str:
    """The stage of a percentage: 0 → not started, 100 (or more) → completed, anything between → in progress."""
    if percent <= 0:
        return NOT_STARTED
    if percent >= 100:
        return COMPLETED
    return IN_PROGRESS


def stage_label(percent: float | int) -> str:
    return str(LABELS[stage_of(percent)])


def agree(status_default: int, achievement: float | int) -> bool:
    """Whether a status (by its default percentage) agrees with an achievement."""
    return stage_of(status_default) == stage_of(achievement)


def disagreement_message(*, status_name: str, status_default: int, achievement: int) -> str:
    """Why a status cannot be chosen for a project at `achievement` (shown in the form, the import and the API)."""
    return _(
        "The status “%(status)s” is for projects %(stage)s, but this project's published achievement is "
        "%(percent)d %%: choose a status for projects %(expected)s, or publish a progress report that agrees."
    ) % {
        "status": status_name,
        "stage": RANGES[stage_of(status_default)],
        "percent": achievement,
        "expected": RANGES[stage_of(achievement)],
    }


def status_for(statuses, percent: int):
    """The status a project at `percent` moves to, among a body's `statuses` (in their order), or None.

    Of the statuses of the percentage's stage, the one whose default is the highest not above `percent` (a project
    at 25 % after "contracted" at 20 %), else the lowest; ties go to the first in the body's order.
    """
    stage = stage_of(percent)
    candidates = [status for status in statuses if stage_of(status.default_percent) == stage]
    if not candidates:
        return None
    below = [status for status in candidates if status.default_percent <= percent]
    if below:
        best = max(status.default_percent for status in below)
        return next(status for status in below if status.default_percent == best)
    best = min(status.default_percent for status in candidates)
    return next(status for status in candidates if status.default_percent == best)
