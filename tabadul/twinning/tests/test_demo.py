import pytest
from django.urls import reverse

from tabadul.accounts.models import User
from tabadul.demo import accounts as accounts_demo
from tabadul.demo import directory as directory_demo
from tabadul.demo import twinning as demo
from tabadul.twinning.models import (
    GroupMeeting,
    Milestone,
    Network,
    SelfAssessment,
    StrategySection,
    TwinningGroup,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    directory_demo.load()
    accounts_demo.load()
    demo.load()
    return Network.objects.get(slug=demo.NETWORK_SLUG)


def test_the_seed_network_has_eleven_cross_country_pairs_in_five_countries(loaded):
    groups = list(loaded.groups.prefetch_related("members__country"))
    assert len(groups) == 11
    countries = set()
    for group in groups:
        members = list(group.members.all())
        assert len(members) == 2
        assert members[0].country_id != members[1].country_id
        countries |= {body.country.code for body in members}
    assert countries == {"IQ", "JO", "LB", "PS", "TR"}
    # The groups ended in 2019: what they left unfinished is "not done", not overdue.
    assert Milestone.objects.not_done_at_end().filter(group__network=loaded).count() >= 5
    assert not Milestone.objects.overdue().filter(group__network=loaded).exists()
    assert Milestone.objects.filter(status="done").exists() and Milestone.objects.filter(status="planned").exists()
    assert SelfAssessment.objects.count() == 6
    meeting = GroupMeeting.objects.get()
    assert meeting.event.visibility == "invitation" and meeting.event.mode == "online"


def test_a_second_load_changes_nothing(loaded):
    def snapshot():
        return (
            list(TwinningGroup.objects.values().order_by("pk")),
            list(Milestone.objects.values().order_by("pk")),
            list(SelfAssessment.objects.values().order_by("pk")),
            GroupMeeting.objects.count(),
        )

    before = snapshot()
    demo.load()
    assert snapshot() == before


def test_demo_pages_render(client, loaded):
    facilitator = User.objects.get(username="cmi.facilitator")
    client.force_login(facilitator)
    group = TwinningGroup.objects.get(name_en__startswith="Hebron")
    for url in (
        reverse("twinning:network_list"),
        reverse("twinning:network_detail", args=[loaded.slug]),
        reverse("twinning:network_export", args=[loaded.slug]),
        group.get_absolute_url(),
        reverse("twinning:group_progress", args=[group.pk]),
        reverse("twinning:group_edit", args=[group.pk]),
        reverse("twinning:partner_suggestions", args=["hebron"]),
        reverse("directory:body_detail", args=["gaziantep"]),
    ):
        assert client.get(url).status_code == 200, url
    suggestions = client.get(reverse("twinning:partner_suggestions", args=["hebron"])).context["suggestions"]
    assert suggestions and "gaziantep" not in {s.body.slug for s in suggestions}


def test_demo_staff_see_their_group_from_inside_only(client, loaded):
    hebron_staff = User.objects.get(username="hebron.led")
    own = TwinningGroup.objects.get(name_en__startswith="Hebron")
    other = TwinningGroup.objects.get(name_en__startswith="Nablus")
    assert hebron_staff.has_perm("twinning.view_group_private", own)
    assert not hebron_staff.has_perm("twinning.view_group_private", other)
    client.force_login(hebron_staff)
    assert client.get(reverse("twinning:group_progress", args=[other.pk])).status_code == 403


def test_the_groups_were_formed_at_the_march_2018_workshop_and_have_their_strategy(loaded):
    groups = list(loaded.groups.select_related("formed_at"))
    workshops = {group.formed_at for group in groups}
    assert len(workshops) == 1
    workshop = workshops.pop()
    assert (workshop.starts_at.year, workshop.starts_at.month, workshop.mode) == (2018, 3, "in_person")
    for group in groups:
        sections = list(StrategySection.objects.filter(group=group))
        assert sections, group
        member_ids = set(group.members.values_list("pk", flat=True))
        assert all(section.responsible_body_id in member_ids for section in sections)
    assert StrategySection.objects.filter(status="agreed").exists()
    assert StrategySection.objects.filter(status="drafting").exists()
    before = list(StrategySection.objects.values().order_by("pk"))
    demo.load()
    assert list(StrategySection.objects.values().order_by("pk")) == before


def test_the_progress_page_dates_the_seeds_assessments_and_review_in_2018_not_today(client, loaded):
    """The demo's self-assessments were submitted, and reviewed, before the network's meeting of 11 July 2018."""
    from tabadul.twinning.models import GroupReview

    assert {review.updated_at.date().isoformat() for review in GroupReview.objects.all()} == {"2018-07-05"}
    demo.load()  # idempotent: a second load keeps the review's date
    assert {review.updated_at.date().isoformat() for review in GroupReview.objects.all()} == {"2018-07-05"}
    client.force_login(User.objects.get(username="cmi.facilitator"))
    group = TwinningGroup.objects.get(name_en__startswith="Hebron")
    page = client.get(reverse("twinning:group_progress", args=[group.pk]) + "?period=2018-Q2").content.decode()
    assert "4 July 2018" in page and "5 July 2018" in page
