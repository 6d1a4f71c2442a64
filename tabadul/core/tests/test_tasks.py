"""Stored figures' recounts queue one waiting run, not one per change (core.tasks.enqueue_unless_waiting)."""

import pytest
from django.test import override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tabadul.core.models import StoredFigure
from tabadul.core.tasks import enqueue_unless_waiting, store_home_figures

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_run_waiting_in_the_queue_takes_the_later_changes_and_a_started_one_does_not():
    for _change in range(3):
        enqueue_unless_waiting(store_home_figures)
    queued = DBTaskResult.objects.filter(task_path=store_home_figures.module_path)
    assert queued.count() == 1  # one waiting run counts the three changes
    queued.update(status=TaskResultStatus.RUNNING)  # a worker took it: it may have read before the next change
    enqueue_unless_waiting(store_home_figures)
    assert queued.count() == 2 and queued.filter(status=TaskResultStatus.READY).count() == 1


def test_without_the_database_queue_each_change_runs_at_once():
    enqueue_unless_waiting(store_home_figures)  # the immediate backend of development and tests
    assert StoredFigure.objects.exists() and not DBTaskResult.objects.exists()
