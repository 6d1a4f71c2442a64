"""Core's background work (django-tasks, run by the database queue's workers after the commit)."""

from django_tasks import task

from .services import home_figures_store


@task()
def store_home_figures() -> None:
    """The home page's figures counted anew after a write to what they count (services.home_figures_changed)."""
    home_figures_store()
