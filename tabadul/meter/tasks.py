"""Background work of the Meter: large Excel imports. (Followers hear of changes through the notification
centre, called by the services: tabadul.notifications.services.notify.)"""

from django_tasks import task


@task()
def run_import(*, job_id: int, dry_run: bool) -> str:
    from .excel import import_job_run  # excel.py imports this module to enqueue the task: a cycle inside the app

    return import_job_run(job_id=job_id, dry_run=dry_run)
