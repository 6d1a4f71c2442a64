"""Issue 9, parts 1 and 2: projects with milestones, indicators and statuses; progress with evidence,
published by the approver, with its full history; planned against actual."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext
from PIL import Image

from tabadul.accounts.tests.factories import TEST_PASSWORD

from .. import selectors, services
from ..models import Evidence, ProgressUpdate

pytestmark = pytest.mark.django_db


def photo(name="site.jpg"):
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 100, 50)).save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def pdf(name="contract.pdf"):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "application/pdf"
    )


def test_progress_with_photo_and_document_evidence_shows_once_published(
    client, world, django_capture_on_commit_callbacks
):
    project = world.projects[0]
    client.login(username=world.editor.username, password=TEST_PASSWORD)
    response = client.post(
        reverse("meter:progress_submit", args=[project.pk]),
        {"percent": "55", "date": "2024-04-01", "note": "صب الطبقة الأولى من الإسفلت", "evidence": [photo(), pdf()]},
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(project=project)
    kinds = sorted(Evidence.objects.filter(update=update).values_list("kind", "content_type"))
    assert kinds == [("document", "application/pdf"), ("photo", "image/jpeg")]
    client.logout()
    url = reverse("meter:project_detail", args=[project.pk])
    assert "صب الطبقة الأولى" not in client.get(url).content.decode()  # pending
    with django_capture_on_commit_callbacks(execute=True):  # the cached page is invalidated after commit
        services.progress_publish(actor=world.approver, update=update)
    html = client.get(url).content.decode()
    assert "صب الطبقة الأولى" in html and "<img" in html and "contract.pdf" in html and "55%" in html


def test_a_file_that_is_neither_photo_nor_pdf_is_refused_and_nothing_is_saved(client, world):
    project = world.projects[0]
    client.login(username=world.editor.username, password=TEST_PASSWORD)
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = client.post(
        reverse("meter:progress_submit", args=[project.pk]),
        {"percent": "60", "date": "2024-04-01", "evidence": [photo(), fake]},
    )
    assert (
        response.status_code == 200
        and escape(
            gettext("“%(name)s” is not a file of an accepted type. Accepted here: %(kinds)s.")
            % {"name": "photo.jpg", "kinds": "PDF, JPEG, PNG, WebP, GIF"}
        )
        in response.content.decode()
    )
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()
    response = client.post(reverse("meter:progress_submit", args=[project.pk]), {"percent": "140", "date": "x"})
    assert response.status_code == 200 and response.context["form"].errors.keys() == {"percent", "date"}


def test_the_full_history_is_kept_and_the_latest_published_report_counts(world):
    project = world.projects[0]
    world.publish(project, 20, when=date(2023, 6, 1))
    world.publish(project, 45, when=date(2024, 1, 1))
    rejected = services.progress_submit(actor=world.editor, project=project, percent=90, date=date(2024, 2, 1))
    services.progress_reject(actor=world.approver, update=rejected, reason="الصور لا تطابق الموقع")
    services.progress_submit(actor=world.editor, project=project, percent=95, date=date(2024, 3, 1))
    history = selectors.project_timeline(project=project, include_unpublished=True)
    assert [(u.percent, u.status) for u in history] == [
        (95, "pending"),
        (90, "rejected"),
        (45, "published"),
        (20, "published"),
    ]
    assert history[1].rejection_reason == "الصور لا تطابق الموقع"
    assert [u.percent for u in selectors.project_timeline(project=project)] == [45, 20]
    assert selectors.project_get(user=None, pk=project.pk).achievement == 45


def test_an_editor_cannot_publish_and_an_approver_of_another_body_neither(world, other_world):
    from django.core.exceptions import PermissionDenied

    update = services.progress_submit(actor=world.editor, project=world.projects[0], percent=30, date=date(2024, 1, 1))
    for actor in (world.editor, other_world.approver, None):
        with pytest.raises(PermissionDenied):
            services.progress_publish(actor=actor, update=update)
    update.refresh_from_db()
    assert update.status == "pending"


def test_milestones_indicators_and_the_status_default_are_on_the_public_page(client, world):
    project = world.projects[1]  # "tendering": 10 % until a report is published
    services.milestone_save(
        actor=world.editor, project=project, title="توقيع العقد", description="مع المقاول", date=date(2024, 2, 1)
    )
    services.indicator_save(
        actor=world.editor, project=project, name="طول الشبكة المؤهلة", unit="كم", baseline=0, target=12, actual=4
    )
    html = client.get(reverse("meter:project_detail", args=[project.pk])).content.decode()
    assert "توقيع العقد" in html and "طول الشبكة المؤهلة" in html and "كم" in html
    assert "10%" in html and "P001" in html and "قيد الطرح والعطاء" in html


def test_behind_schedule_projects_are_flagged_on_the_plan_page(client, world):
    # The plan runs 2023–2026, so by now a project at 10 % is far behind its linear schedule.
    world.publish(world.projects[0], 100, when=date(2024, 1, 1))
    figures = selectors.plan_overview(plan=world.plan)
    behind_rows = selectors.behind_projects(figures=figures)
    behind = {project.external_id for project in behind_rows}
    assert "P000" not in behind and {"P001", "P003"} <= behind
    response = client.get(reverse("meter:plan_detail", args=[world.plan.pk]))
    # The page's rows (rollup_store.BehindRow) carry what the page shows, the project's pk (its link), not its
    # reference: the same projects are listed.
    assert {row.pk for row in response.context["behind"]} == {project.pk for project in behind_rows}
    assert (
        'class="status status-behind"'
        in client.get(reverse("meter:project_detail", args=[world.projects[1].pk])).content.decode()
    )
