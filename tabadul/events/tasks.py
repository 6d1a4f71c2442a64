"""The events app's background work (django-tasks, run by the database queue's workers after the commit)."""

from django_tasks import task

from .reach import store


@task()
def store_reach_figures() -> None:
    """The reach dashboard's figures without filters stored anew (reach.store) after a change of attendance.

    Several check-ins in a row queue several of these; each one reads the data as it is when it runs, so the last
    one stores figures that match the data, and any earlier one that finds them matching already stores the same."""
    store()
