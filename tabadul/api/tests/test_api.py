import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tabadul.api import services
from tabadul.api.models import ApiToken
from tabadul.core.models import AuditEvent
from tabadul.meter import services as meter_services
from tabadul.meter.models import ProgressUpdate
from tabadul.meter.tests.factories import make_plan

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def push(client, project, key, **data):
    payload = {"percent": 40, "date": "2025-03-01", "note": "أنجزت المرحلة الأولى", **data}
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.post(f"/api/v1/projects/{project.pk}/progress", payload, headers=headers)


def test_a_token_pushes_progress_for_its_own_body_and_it_waits_for_approval(client, world, token_and_key):
    token, key = token_and_key
    evidence = SimpleUploadedFile("invoice.pdf", PDF, content_type="application/pdf")
    response = push(client, world.projects[0], key, evidence=evidence)
    assert response.status_code == 201, response.content
    update = ProgressUpdate.objects.get(pk=response.json()["id"])
    assert (update.percent, update.status, update.author) == (40, ProgressUpdate.Status.PENDING, world.approver)
    assert update.evidence.get().content_type == "application/pdf"
    assert AuditEvent.objects.filter(action="api.progress.push", target_id=str(update.pk)).exists()
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_of_body_a_cannot_write_to_body_b(client, token_and_key, other_world):
    _token, key = token_and_key
    response = push(client, other_world.projects[0], key)
    assert response.status_code == 403
    assert not ProgressUpdate.objects.filter(project=other_world.projects[0]).exists()


@pytest.mark.parametrize("key", ["", "tbd_nothing_here", "not-even-a-token"])
def test_missing_or_unknown_token_gets_401(client, world, key):
    assert push(client, world.projects[0], key).status_code == 401


def test_a_revoked_token_gets_401(client, world, token_and_key):
    token, key = token_and_key
    services.token_revoke(actor=world.approver, token=token)
    assert push(client, world.projects[0], key).status_code == 401
    assert not ProgressUpdate.objects.exists()


def test_bad_progress_is_refused_with_a_message_and_nothing_is_stored(client, world, token_and_key):
    _token, key = token_and_key
    over = push(client, world.projects[0], key, percent=150)
    assert over.status_code == 400 and over.json()["detail"]
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    lying = push(client, world.projects[0], key, evidence=fake)
    assert lying.status_code == 400 and "photo.jpg" in lying.json()["detail"]
    malformed_date = push(client, world.projects[0], key, date="2025-13-45")
    assert malformed_date.status_code == 422
    assert not ProgressUpdate.objects.exists()


def test_a_token_outlives_no_role(client, world, token_and_key):
    """When its creator loses the approver role, the token can no longer write."""
    from tabadul.accounts.models import RoleGrant

    _token, key = token_and_key
    RoleGrant.objects.filter(user=world.approver).delete()
    assert push(client, world.projects[0], key).status_code == 403


def test_only_the_bodys_approver_or_an_admin_creates_or_revokes_tokens(world, other_world, token_and_key):
    from django.core.exceptions import PermissionDenied

    token, _key = token_and_key
    with pytest.raises(PermissionDenied):
        services.token_create(actor=world.editor, body=world.body, name="x")
    with pytest.raises(PermissionDenied):
        services.token_create(actor=other_world.approver, body=world.body, name="x")
    with pytest.raises(PermissionDenied):
        services.token_revoke(actor=other_world.approver, token=token)
    assert ApiToken.objects.get().is_active


def test_only_a_digest_of_the_key_is_stored(token_and_key):
    token, key = token_and_key
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key not in str(stored.values())
    assert services.token_authenticate(key) == token


# --- Reads ---------------------------------------------------------------------------------------------


def test_plans_and_projects_show_only_published_data(client, world, body):
    draft = make_plan(actor=world.editor, body=body, published=False, start_year=2027, end_year=2030)
    world.publish(world.projects[0], 60)
    meter_services.progress_submit(
        actor=world.editor, project=world.projects[0], percent=90, date=datetime.date(2025, 1, 1)
    )
    listed = client.get("/api/v1/plans").json()
    assert [plan["id"] for plan in listed["items"]] == [world.plan.pk]
    assert client.get(f"/api/v1/plans/{draft.pk}").status_code == 404
    detail = client.get(f"/api/v1/plans/{world.plan.pk}").json()
    assert {goal["name_ar"] for goal in detail["goals"]} == {goal.name_ar for goal in world.goals}
    history = client.get(f"/api/v1/projects/{world.projects[0].pk}/progress").json()
    assert [entry["percent"] for entry in history] == [60]
    projects = client.get(f"/api/v1/plans/{world.plan.pk}/projects").json()
    assert projects["count"] == len(world.projects)
    assert next(p for p in projects["items"] if p["id"] == world.projects[0].pk)["achievement"] == 60


def test_bodies_filter_like_the_directory_and_ignore_spelling_variants(client, body):
    body.name_ar = "بلدية بيتا"
    body.save()
    found = client.get("/api/v1/bodies", {"q": "بيتا"}).json()
    assert body.slug in [item["slug"] for item in found["items"]]
    unknown = client.get("/api/v1/bodies", {"governorate": "atlantis"})
    assert unknown.status_code == 200 and unknown.json()["count"] == 0
    malformed = client.get("/api/v1/bodies", {"governorate": "<script>", "page": "0"})
    assert malformed.status_code == 422
    assert {error["loc"][-1] for error in malformed.json()["detail"]} == {"governorate", "page"}


def test_list_endpoints_do_not_grow_queries_with_rows(client, world, other_world, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/plans").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(f"/api/v1/plans/{world.plan.pk}/projects").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/bodies").status_code == 200


def test_unchanged_answers_get_304_with_their_etag(client, world):
    first = client.get(f"/api/v1/plans/{world.plan.pk}")
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(f"/api/v1/plans/{world.plan.pk}", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    world.publish(world.projects[0], 75)
    changed = client.get(f"/api/v1/plans/{world.plan.pk}", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200


def test_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/projects/{project_id}/progress" in schema["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in docs.lower() and "/static/ninja/swagger-ui-bundle.js" in docs


# --- Token pages ----------------------------------------------------------------------------------------


def test_approver_creates_a_token_and_sees_the_key_once(client, world):
    client.force_login(world.approver)
    response = client.post(reverse("api:token_list"), {"body": world.body.pk, "name": "نظام الأرشفة"})
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key.startswith("tbd_") and key in response.content.decode()
    assert key not in client.get(reverse("api:token_list")).content.decode()


def test_an_editor_without_the_approver_role_gets_403_on_the_token_page(client, world):
    client.force_login(world.editor)
    assert client.get(reverse("api:token_list")).status_code == 403


def test_another_bodys_approver_cannot_revoke_a_token(client, other_world, token_and_key):
    token, _key = token_and_key
    client.force_login(other_world.approver)
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_approver_revokes_a_token(client, world, token_and_key):
    token, _key = token_and_key
    client.force_login(world.approver)
    response = client.post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert not token.is_active


def test_a_body_cannot_be_chosen_outside_ones_own(client, world, other_world):
    client.force_login(world.approver)
    response = client.post(reverse("api:token_list"), {"body": other_world.body.pk, "name": "x"})
    assert response.status_code == 200 and "body" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_published_feedback_and_replies_without_names(client, world):
    citizen_message = meter_services.feedback_submit(
        actor=None, plan=world.plan, project=None, kind="suggestion", text="نقترح حديقة للأطفال", name="أحمد"
    )
    meter_services.feedback_submit(actor=None, plan=world.plan, project=None, kind="complaint", text="رسالة معلقة")
    meter_services.feedback_reply(actor=world.editor, feedback=citizen_message, reply="أدرجت في خطة العام القادم")
    answer = client.get(f"/api/v1/plans/{world.plan.pk}/feedback").json()
    assert [(item["text"], item["reply"]) for item in answer["items"]] == [
        ("نقترح حديقة للأطفال", "أدرجت في خطة العام القادم")
    ]
    assert "أحمد" not in str(answer)
