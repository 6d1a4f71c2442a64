"""The programmes app's background work (django-tasks, run by the database queue's workers after the commit)."""

from django_tasks import task

from .figures import store


@task()
def store_programme_figures() -> None:
    """Every programme's results stored anew after a write to what they count (figures.changed). Each run reads the
    data as it is when it runs, so the last of several queued stores figures that match it."""
    store()
