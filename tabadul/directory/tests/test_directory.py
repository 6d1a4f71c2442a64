import pytest
from django.urls import reverse

from tabadul.core.models import AuditEvent
from tabadul.demo.directory import load as load_demo_bodies
from tabadul.directory import selectors
from tabadul.directory.models import Governorate, LocalBody, Region
from tabadul.directory.services import local_body_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_bodies():
    load_demo_bodies()


def test_reference_data_has_the_sixteen_governorates_in_four_regions():
    assert Governorate.objects.filter(country__code="PS").count() == 16
    assert Governorate.objects.filter(region__code="gaza").count() == 5
    assert Governorate.objects.exclude(region__code="gaza").filter(country__code="PS").count() == 11
    assert set(Region.objects.filter(country__code="PS").values_list("code", flat=True)) == {
        "north",
        "centre",
        "south",
        "gaza",
    }


def test_demo_sample_covers_every_region_and_both_types(demo_bodies):
    palestinian = LocalBody.objects.filter(country__code="PS")
    assert palestinian.count() >= 40
    assert set(palestinian.values_list("region__code", flat=True)) == {"north", "centre", "south", "gaza"}
    assert LocalBody.objects.filter(type=LocalBody.Type.VILLAGE_COUNCIL).count() >= 10


@pytest.mark.parametrize("spelling", ["اريحا", "أريحا", "إريحا", "بلديه أريحا", "أَرِيحَا"])
def test_name_search_ignores_arabic_spelling_variants(demo_bodies, spelling):
    found = list(selectors.body_list(filters=selectors.BodyFilters(q=spelling)))
    assert [body.slug for body in found] == ["jericho"]


def test_filters_combine(demo_bodies, client):
    response = client.get(reverse("directory:body_list"), {"region": "south", "type": "village_council"})
    bodies = list(response.context["page"].object_list)
    assert bodies and all(b.region.code == "south" and b.type == "village_council" for b in bodies)
    response = client.get(reverse("directory:body_list"), {"governorate": "hebron", "q": "دورا"})
    assert [b.slug for b in response.context["page"].object_list] == ["dura"]


@pytest.mark.parametrize(
    "params",
    [
        {"governorate": "atlantis"},
        {"q": "ب" * 10_000},
        {"page": "abc"},
        {"page": "99999"},
        {"page": "-1"},
        {"page": "٢"},
        {"type": "castle", "region": "<script>"},
        {"country": "XX"},
    ],
)
def test_bad_input_gets_a_normal_page(demo_bodies, client, params):
    response = client.get(reverse("directory:body_list"), params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_unknown_filter_value_is_reported_and_ignored(demo_bodies, client):
    response = client.get(reverse("directory:body_list"), {"governorate": "atlantis"})
    assert response.context["page"].paginator.count == LocalBody.objects.count()
    assert "errorlist" in response.content.decode()


def test_arabic_indic_page_number_is_understood(demo_bodies, client):
    response = client.get(reverse("directory:body_list"), {"page": "٢"})
    assert response.context["page"].number == 2


def test_list_query_count_does_not_grow_with_the_page(demo_bodies, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(reverse("directory:body_list"))


def test_detail_page_and_404(demo_bodies, client):
    response = client.get(reverse("directory:body_detail", args=["beita"]))
    assert response.status_code == 200
    assert "بلدية بيتا" in response.content.decode()
    assert client.get(reverse("directory:body_detail", args=["nowhere"])).status_code == 404


def test_editor_changes_own_body_with_an_audit_event(client, body, body_editor):
    client.force_login(body_editor)
    response = client.post(
        reverse("directory:body_edit", args=[body.slug]), {"phone": "09-2345678", "population": "١٥٠٠٠"}
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.phone == "09-2345678" and body.population == 15000
    event = AuditEvent.objects.get(action="directory.local_body.update")
    assert event.actor == body_editor and event.target_id == str(body.pk)
    assert event.changes["phone"] == ["", "09-2345678"]


def test_editor_cannot_change_another_body(client, body, other_body, body_editor):
    client.force_login(body_editor)
    assert client.get(reverse("directory:body_edit", args=[other_body.slug])).status_code == 403
    response = client.post(reverse("directory:body_edit", args=[other_body.slug]), {"phone": "1"})
    assert response.status_code == 403
    other_body.refresh_from_db()
    assert other_body.phone == ""
    assert not AuditEvent.objects.filter(action="directory.local_body.update").exists()


def test_service_refuses_other_body_and_citizens(body, other_body, body_editor, citizen):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        local_body_update(actor=body_editor, body=other_body, phone="1")
    with pytest.raises(PermissionDenied):
        local_body_update(actor=citizen, body=body, phone="1")


def test_platform_admin_may_change_any_body(body, platform_admin):
    local_body_update(actor=platform_admin, body=body, phone="02-2222222")
    assert LocalBody.objects.get(pk=body.pk).phone == "02-2222222"


def test_anonymous_edit_goes_to_sign_in(client, body):
    response = client.get(reverse("directory:body_edit", args=[body.slug]))
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_invalid_contact_details_get_messages_and_change_nothing(client, body, body_editor):
    client.force_login(body_editor)
    response = client.post(
        reverse("directory:body_edit", args=[body.slug]), {"email": "not-an-email", "population": "-5"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"email", "population"}
    body.refresh_from_db()
    assert body.email == "" and body.population is None
