"""Four eyes on progress (security issue #15, item 8): its author does not publish a report, unless the plan says
that the body has a single staff member; a decision is an explicit choice, and a rejection has a reason."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.core.models import AuditEvent

from .. import services
from ..models import ProgressUpdate

pytestmark = pytest.mark.django_db

OWN_REPORT = "You wrote this progress report: another approver of the body must publish it."


def submitted_by(actor, world, percent=60) -> ProgressUpdate:
    return services.progress_submit(actor=actor, project=world.projects[0], percent=percent, date=date(2024, 5, 1))


def decide(client, update, **data):
    response = client.post(reverse("meter:progress_decide", args=[update.pk]), data)
    update.refresh_from_db()
    return response, [str(message) for message in get_messages(response.wsgi_request)]


def test_the_author_cannot_publish_their_own_report_and_another_approver_can(client, world):
    update = submitted_by(world.approver, world)
    with pytest.raises(ValidationError):
        services.progress_publish(actor=world.approver, update=update)
    client.force_login(world.approver)
    queue = client.get(reverse("meter:progress_queue", args=[world.body.slug])).content.decode()
    assert gettext(OWN_REPORT) in queue and 'value="publish"' not in queue
    response, messages = decide(client, update, decision="publish")
    assert response.status_code == 302 and messages == [gettext(OWN_REPORT)]
    assert update.status == ProgressUpdate.Status.PENDING and update.published_by is None
    assert not AuditEvent.objects.filter(action="meter.progress.publish").exists()

    second = make_user(role=RoleGrant.Role.BODY_APPROVER, body=world.body)
    client.force_login(second)
    assert 'value="publish"' in client.get(reverse("meter:progress_queue", args=[world.body.slug])).content.decode()
    decide(client, update, decision="publish")
    assert update.status == ProgressUpdate.Status.PUBLISHED and update.published_by == second


def test_a_platform_administrator_is_no_exception(world, platform_admin):
    update = submitted_by(platform_admin, world)
    with pytest.raises(ValidationError):
        services.progress_publish(actor=platform_admin, update=update)
    services.progress_publish(actor=world.approver, update=update)
    assert update.__class__.objects.get(pk=update.pk).status == ProgressUpdate.Status.PUBLISHED


def test_progress_pushed_with_an_approvers_token_waits_for_another_approver(client, world):
    from tabadul.api import services as api_services

    _token, key = api_services.token_create(actor=world.approver, body=world.body, name="نظام المتابعة")
    response = client.post(
        f"/api/v1/projects/{world.projects[0].pk}/progress",
        {"percent": 70, "date": "2024-06-01"},
        headers={"Authorization": f"Bearer {key}"},
    )
    update = ProgressUpdate.objects.get(pk=response.json()["id"])
    with pytest.raises(ValidationError):
        services.progress_publish(actor=world.approver, update=update)


def test_single_person_approval_works_only_once_the_plan_says_so_and_is_audited(client, world):
    update = submitted_by(world.approver, world)
    client.force_login(world.editor)
    data = {
        "title_ar": world.plan.title_ar,
        "title_en": world.plan.title_en,
        "start_year": 2023,
        "end_year": 2026,
        "vision": world.plan.vision,
        "single_person_approval": "on",
        "version": world.plan.version,
    }
    assert client.post(reverse("meter:plan_edit", args=[world.plan.pk]), data).status_code == 302
    world.plan.refresh_from_db()
    assert world.plan.single_person_approval
    event = AuditEvent.objects.filter(action="meter.plan.update").latest("pk")
    assert event.changes == {"single_person_approval": [False, True]} and event.actor == world.editor

    client.force_login(world.approver)
    response, messages = decide(client, update, decision="publish")
    assert update.status == ProgressUpdate.Status.PUBLISHED and update.published_by == world.approver


def test_an_empty_or_unknown_decision_changes_nothing(client, world):
    update = submitted_by(world.editor, world)
    client.force_login(world.approver)
    for data in ({}, {"decision": ""}, {"decision": "maybe", "reason": "لا"}):
        response, messages = decide(client, update, **data)
        # A form error, not a decision: the choice is asked again (400), in the person's language.
        assert response.status_code == 400 and messages == []
        form = response.context["form"]
        message = form.errors["decision"][0]
        assert all(str(label) in message for _value, label in form.CHOICES)
        assert update.status == ProgressUpdate.Status.PENDING and update.rejection_reason == ""
    assert (
        not AuditEvent.objects.filter(action__startswith="meter.progress.", target_id=str(update.pk))
        .exclude(action="meter.progress.submit")
        .exists()
    )


def test_a_rejection_needs_a_reason(client, world):
    update = submitted_by(world.editor, world)
    with pytest.raises(ValidationError):
        services.progress_reject(actor=world.approver, update=update, reason="   ")
    client.force_login(world.approver)
    # Rejecting is not one click: the decision leads to the confirmation page, which asks for the reason.
    confirm = reverse("meter:progress_reject", args=[update.pk])
    response, messages = decide(client, update, decision="reject", reason="الصور لا تطابق الموقع")
    assert response.status_code == 302 and response["Location"] == confirm
    assert update.status == ProgressUpdate.Status.PENDING
    assert client.get(confirm).status_code == 200
    response = client.post(confirm, {"reason": "  "})
    update.refresh_from_db()
    assert response.status_code == 400 and update.status == ProgressUpdate.Status.PENDING
    response = client.post(confirm, {"reason": "الصور لا تطابق الموقع"})
    update.refresh_from_db()
    assert response.status_code == 302
    assert update.status == ProgressUpdate.Status.REJECTED and update.rejection_reason == "الصور لا تطابق الموقع"


def waiting_for_another_approver(counter: int) -> str:
    message = ngettext(
        "%(counter)s progress update waits for another approver of the body.",
        "%(counter)s progress updates wait for another approver of the body.",
        counter,
    )
    return escape(message % {"counter": counter})


def imported_by_an_approver(client, world, percent):
    """An approver who is also an editor imports new progress through the pages; the saved summary page."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    from .. import excel
    from ..models import ImportJob

    workbook = load_workbook(io.BytesIO(excel.export_plan(world.plan)))
    workbook["projects"]["N2"], workbook["projects"]["O2"] = percent, "2024-07-01"
    out = io.BytesIO()
    workbook.save(out)
    approver_and_editor = make_user(role=RoleGrant.Role.BODY_APPROVER, body=world.body)
    RoleGrant.objects.create(user=approver_and_editor, role=RoleGrant.Role.BODY_EDITOR, local_body=world.body)
    client.force_login(approver_and_editor)
    upload = SimpleUploadedFile("plan.xlsx", out.getvalue())
    client.post(reverse("meter:plan_import", args=[world.plan.pk]), {"file": upload})
    job = ImportJob.objects.latest("pk")
    client.post(reverse("meter:import_status", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.result
    page = client.get(reverse("meter:import_status", args=[job.pk])).content.decode()
    return ProgressUpdate.objects.get(percent=percent), job.result, page


def test_progress_imported_by_an_approver_waits_for_another_approver(client, world):
    update, result, page = imported_by_an_approver(client, world, 90)
    assert update.status == ProgressUpdate.Status.PENDING and update.published_by is None
    assert result["awaiting_approval"] == 1
    assert waiting_for_another_approver(1) in page
    services.progress_publish(actor=world.approver, update=update)


def test_progress_imported_under_single_person_approval_is_published_by_the_importer(client, world):
    world.plan.single_person_approval = True
    world.plan.save(update_fields=["single_person_approval"])
    update, result, page = imported_by_an_approver(client, world, 90)
    assert update.status == ProgressUpdate.Status.PUBLISHED and result["awaiting_approval"] == 0
    assert waiting_for_another_approver(1) not in page
