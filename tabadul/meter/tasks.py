"""Background work of the Meter: follower e-mails and large Excel imports."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def notify_followers(*, project_id: int, subject_kind: str, detail: str) -> int:
    """E-mail everyone following the project or its plan; returns how many were written to."""
    from .models import Follow, Project

    project = Project.objects.select_related("plan__body").filter(pk=project_id).first()
    if project is None:
        return 0
    emails = set(Follow.objects.filter(project=project).values_list("user__email", flat=True)) | set(
        Follow.objects.filter(plan_id=project.plan_id).values_list("user__email", flat=True)
    )
    emails.discard("")
    if not emails:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        if subject_kind == "status":
            subject = _("Status changed: %(project)s") % {"project": project.name_ar}
        else:
            subject = _("New progress: %(project)s") % {"project": project.name_ar}
        body = "\n\n".join(
            [
                f"{project.name_ar} — {project.plan.body.name_ar}",
                detail,
                _("See the project: %(url)s") % {"url": project.get_absolute_url()},
                _("You receive this because you follow this project or its plan on the Municipality Meter."),
            ]
        )
    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in sorted(emails)])
    return len(emails)


@task()
def run_import(*, job_id: int, dry_run: bool) -> str:
    from .excel import import_job_run

    return import_job_run(job_id=job_id, dry_run=dry_run)
