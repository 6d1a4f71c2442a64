"""What the library tells people (issue 16): new documents in their hubs, new versions of documents they follow,
status changes of their body's recommendations; "my work"; the confirmation before closing a recommendation."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.core.models import AuditEvent
from tabadul.core.work import REGISTRY
from tabadul.hubs.models import Hub, Membership
from tabadul.library import services
from tabadul.library.models import Document, DocumentFollow, Recommendation
from tabadul.notifications.models import Kind, Notification
from tabadul.notifications.testing import EMAIL_CHOICES, assert_notified

from .factories import make_document, pdf_upload


def _hub(slug, *bodies):
    hub = Hub.objects.create(slug=slug, name_ar=f"منصة {slug}", name_en=slug)
    for body in bodies:
        Membership.objects.create(hub=hub, body=body, status=Membership.Status.ACTIVE, joined_at=timezone.now())
    return hub


@pytest.mark.notification_kind("new_document")
def test_a_document_of_a_hub_tells_the_staff_of_its_member_bodies(body, other_body):
    hub = _hub("waste", body)
    staff = [make_user(body=body), make_user(body=body), make_user(body=body)]
    outsider = make_user(body=other_body)
    with assert_notified(Kind.NEW_DOCUMENT, staff) as sent:
        document = make_document(actor=None, author_hubs=[hub], title_ar="دليل الفرز", title_en="Sorting guide")
    assert sent.notifications[0].url == document.get_absolute_url()
    assert not Notification.objects.filter(recipient=outsider).exists()


@pytest.mark.notification_kind("new_document")
def test_adding_a_hub_later_tells_its_members_once(body, other_body, body_editor):
    first, second = _hub("first", body), _hub("second", other_body)
    newcomer = make_user(body=other_body)
    document = make_document(actor=None, author_hubs=[first], title_en="Guide")
    with assert_notified(Kind.NEW_DOCUMENT, [newcomer]):
        services.document_update(actor=None, document=document, author_hubs=[first, second])
    services.document_update(actor=None, document=document, author_hubs=[second])
    services.document_update(actor=None, document=document, author_hubs=[first, second])
    assert Notification.objects.filter(recipient=newcomer).count() == 1


def test_a_private_document_of_a_hub_tells_nobody(body):
    hub = _hub("quiet", body)
    make_user(body=body)
    make_document(actor=None, author_hubs=[hub], visibility=Document.Visibility.PRIVATE, title_en="Private")
    assert not Notification.objects.exists()


# --- Following a document -----------------------------------------------------------------------------------


@pytest.mark.notification_kind("document_revised")
def test_followers_hear_of_a_new_version_not_the_uploader(body_editor, body, study):
    followers = [make_user(), make_user(), make_user()]
    for person in followers:
        services.document_follow(actor=person, document=study)
    services.document_follow(actor=body_editor, document=study)
    with assert_notified(Kind.DOCUMENT_REVISED, followers) as sent:
        services.document_version_add(
            actor=body_editor, document=study, file=pdf_upload("v2.pdf"), change_note="أرقام 2025"
        )
    assert sent.notifications[0].details == "أرقام 2025"
    assert sent.notifications[0].url == study.get_absolute_url()


@pytest.mark.notification_kind("document_revised")
@pytest.mark.parametrize("choice", EMAIL_CHOICES)
def test_a_follower_gets_the_new_version_as_chosen(body_editor, study, choice):
    follower = make_user()
    services.document_follow(actor=follower, document=study)
    with assert_notified(Kind.DOCUMENT_REVISED, [follower], email=choice):
        services.document_version_add(actor=body_editor, document=study, file=pdf_upload("v2.pdf"), change_note="x")


def test_a_follower_who_can_no_longer_see_the_document_is_not_told(body_editor, body, members_document):
    staff = make_user(body=body)
    services.document_follow(actor=staff, document=members_document)
    staff.local_body = None
    staff.save()
    services.document_version_add(
        actor=body_editor, document=members_document, file=pdf_upload("v2.pdf"), change_note="x"
    )
    assert not Notification.objects.filter(kind=Kind.DOCUMENT_REVISED).exists()


def test_following_needs_sight_of_the_document_and_is_audited(body_editor, private_document, study):
    stranger = make_user()
    with pytest.raises(PermissionDenied):
        services.document_follow(actor=stranger, document=private_document)
    services.document_follow(actor=stranger, document=study)
    services.document_follow(actor=stranger, document=study)  # idempotent
    assert DocumentFollow.objects.filter(user=stranger).count() == 1
    assert AuditEvent.objects.filter(action="library.document.follow").count() == 1
    services.document_unfollow(actor=stranger, document=study)
    assert not DocumentFollow.objects.exists()
    assert AuditEvent.objects.filter(action="library.document.unfollow").count() == 1


def test_follow_and_unfollow_from_the_document_page(client, study):
    person = make_user()
    client.force_login(person)
    with translation.override("en"):
        page = reverse("library:document_detail", args=[study.slug])
        follow = reverse("library:document_follow", args=[study.slug])
    assert "Follow this document" in client.get(page).content.decode()
    assert client.get(follow).status_code == 405
    assert client.post(follow).status_code == 302
    assert DocumentFollow.objects.filter(user=person, document=study).exists()
    assert "Stop following" in client.get(page).content.decode()
    client.post(follow, {"action": "unfollow"})
    assert not DocumentFollow.objects.exists()
    client.logout()
    assert "Follow this document" not in client.get(page).content.decode()


# --- Recommendations ----------------------------------------------------------------------------------------


@pytest.fixture
def owned(study, body):
    return services.recommendation_create(actor=None, document=study, title_ar="فرز النفايات", owner_body=body)


@pytest.mark.notification_kind("recommendation_status")
def test_a_status_change_tells_the_owner_bodys_staff_who_act_for_it(owned, body, other_body, body_editor):
    approver = make_user(role=RoleGrant.Role.BODY_APPROVER, body=body, email="approver@example.org")
    editor2 = make_user(role=RoleGrant.Role.BODY_EDITOR, body=body, email="editor2@example.org")
    make_user(body=body)  # staff without a role: not told
    make_user(role=RoleGrant.Role.BODY_EDITOR, body=other_body)
    steward = make_user(role=RoleGrant.Role.PLATFORM_ADMIN)
    with assert_notified(Kind.RECOMMENDATION_STATUS, [body_editor, approver, editor2]) as sent:
        services.recommendation_set_status(actor=steward, recommendation=owned, status="rejected", reason="لا موازنة")
    details = sent.notifications[0].details
    assert "لا موازنة" in details and str(Recommendation.Status.REJECTED.label) in details


@pytest.mark.notification_kind("recommendation_status")
def test_an_organisations_recommendation_tells_its_staff_not_the_changer(study, programme, programme_staff):
    colleague = make_user()
    programme.staff.add(colleague)
    recommendation = services.recommendation_create(
        actor=None, document=study, title_ar="توصية", owner_organisation=programme
    )
    with assert_notified(Kind.RECOMMENDATION_STATUS, [colleague]):
        services.recommendation_set_status(actor=programme_staff, recommendation=recommendation, status="discussed")


def test_my_work_lists_the_open_recommendations_my_body_owns(owned, body, body_editor, study, other_body_editor):
    waiting = REGISTRY["library.recommendations_to_follow_up"]
    assert waiting.count(body_editor) == 1
    [item] = waiting.items(body_editor, 5)
    assert item.url == owned.get_absolute_url()
    assert waiting.count(other_body_editor) == 0 and waiting.count(make_user(body=body)) == 0
    services.recommendation_set_status(actor=None, recommendation=owned, status="rejected", reason="x")
    assert waiting.count(body_editor) == 0


def test_recommendations_to_follow_up_take_constant_queries(study, body, body_editor):
    waiting = REGISTRY["library.recommendations_to_follow_up"]

    def measure():
        person = type(body_editor).objects.get(pk=body_editor.pk)
        with CaptureQueriesContext(connection) as counted:
            count = waiting.count(person)
        with CaptureQueriesContext(connection) as listed:
            items = waiting.items(person, 5)
        return count, len(items), len(counted.captured_queries), len(listed.captured_queries)

    services.recommendation_create(actor=None, document=study, title_ar="أولى", owner_body=body)
    small = measure()
    for n in range(7):
        services.recommendation_create(actor=None, document=study, title_ar=f"توصية {n}", owner_body=body)
    large = measure()
    assert (small[0], large[0], large[1]) == (1, 8, 5)
    assert small[2:] == large[2:] and large[3] == 1


def test_closing_a_recommendation_is_confirmed_with_a_reason(client, owned, body_editor):
    client.force_login(body_editor)
    with translation.override("en"):
        url = reverse("library:recommendation_status", args=[owned.pk])
    changes = owned.status_changes.count()
    page = client.post(url, {"status": "rejected", "reason": ""})  # the status form: asks to confirm
    assert page.status_code == 400  # the status form's own check: a rejection needs a reason
    page = client.post(url, {"status": "rejected", "reason": "لا موازنة"})
    assert page.status_code == 200 and "Close this recommendation?" in page.content.decode()
    assert owned.status_changes.count() == changes
    refused = client.post(url, {"status": "rejected", "confirmed": "yes", "reason": " "})
    assert refused.status_code == 400 and owned.status_changes.count() == changes
    assert client.post(url, {"status": "rejected", "confirmed": "yes", "reason": "لا موازنة"}).status_code == 302
    owned.refresh_from_db()
    assert owned.status == "rejected" and owned.status_changes.last().reason == "لا موازنة"


def test_an_open_status_needs_no_confirmation(client, owned, body_editor):
    client.force_login(body_editor)
    url = reverse("library:recommendation_status", args=[owned.pk])
    assert client.post(url, {"status": "discussed"}).status_code == 302
    owned.refresh_from_db()
    assert owned.status == "discussed"
    response = client.post(url, {"status": "adopted"})
    assert response.status_code == 302
    page = client.post(url, {"status": "implemented"})
    assert page.status_code == 200  # "implemented" is final: confirmed first
    owned.refresh_from_db()
    assert owned.status == "adopted"
    assert client.post(url, {"status": "implemented", "confirmed": "yes", "reason": ""}).status_code == 302
    owned.refresh_from_db()
    assert owned.status == "implemented"
