"""Core's background work (django-tasks, run by the database queue's workers after the commit)."""

from django_tasks import task
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from .services import home_figures_store


def enqueue_unless_waiting(waiting_task: Task) -> None:
    """Queue a run of `waiting_task` (one without arguments that recounts stored figures) unless a run of it is
    already waiting in the database queue: that run starts after this commit and counts it, so a burst of check-ins
    or progress updates queues one recount, not one per transaction. A run already started is not waited for: it
    may have read the data before this commit."""
    if isinstance(waiting_task.get_backend(), DatabaseBackend):
        waiting = DBTaskResult.objects.ready().filter(task_path=waiting_task.module_path)
        if waiting.exists():
            return
    waiting_task.enqueue()


@task()
def store_home_figures() -> None:
    """The home page's figures counted anew after a write to what they count (services.home_figures_changed)."""
    home_figures_store()
