import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tabadul.alignment import registry, selectors
from tabadul.alignment.models import Kpi, SdgGoal, SdgTarget
from tabadul.alignment.services import alignment_codes, alignment_set
from tabadul.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_target():
    parent = SdgTarget.objects.get(code="11.3")
    target = SdgTarget(code="11.3.1", goal=parent.goal, parent=parent, is_local=True, text_ar="هدف محلي")
    target.full_clean()
    target.save()
    return target


@pytest.fixture
def kpi():
    return Kpi.objects.create(code="own-revenue", name_ar="الإيرادات الذاتية", name_en="Own revenue", source="MDLF")


def test_reference_data_has_the_17_goals_and_every_target_of_goal_11_in_un_order():
    assert list(SdgGoal.objects.values_list("number", flat=True)) == list(range(1, 18))
    assert SdgGoal.objects.get(number=11).name_en == "Sustainable cities and communities"
    codes = list(SdgTarget.objects.filter(goal__number=11).values_list("code", flat=True))
    assert codes == ["11.1", "11.2", "11.3", "11.4", "11.5", "11.6", "11.7", "11.a", "11.b", "11.c"]
    sixteen = list(SdgTarget.objects.filter(goal__number=16).values_list("code", flat=True))
    assert sixteen[8:10] == ["16.9", "16.10"]  # numeric, not text order
    assert SdgTarget.objects.filter(goal__number=17).count() == 19
    assert SdgTarget.objects.filter(goal__number=6).count() == 8
    assert all(t.text_ar and t.text_en for t in SdgTarget.objects.all())


@pytest.mark.parametrize(
    ("code", "parent_code", "is_local"),
    [("11.3.x", "11.3", True), ("11.4.1", "11.3", True), ("11.3.1", None, True), ("11.3.1", "11.3", False)],
)
def test_bad_local_targets_are_rejected(code, parent_code, is_local):
    parent = SdgTarget.objects.get(code=parent_code) if parent_code else None
    target = SdgTarget(code=code, goal=SdgGoal.objects.get(number=11), parent=parent, is_local=is_local, text_ar="x")
    with pytest.raises(ValidationError):
        target.full_clean()


def test_un_target_code_must_match_its_goal():
    target = SdgTarget(code="12.1", goal=SdgGoal.objects.get(number=11), text_ar="x")
    with pytest.raises(ValidationError):
        target.full_clean()


def test_tagging_a_local_target_tags_its_un_target_and_goal(tagged_thing_model, local_target, kpi):
    thing = tagged_thing_model.objects.create(title="مخططات هيكلية")
    result = alignment_set(obj=thing, targets=[local_target, "16.5"], goals=[17], kpis=["own-revenue"])
    assert result == {"goals": ["11", "16", "17"], "targets": ["11.3", "11.3.1", "16.5"], "kpis": ["own-revenue"]}
    assert AuditEvent.objects.filter(action="alignment.tags.set").count() == 1
    # Setting replaces: the second call keeps only what it names (plus the implied goal).
    assert alignment_set(obj=thing, targets=["6.1"]) == {"goals": ["6"], "targets": ["6.1"], "kpis": []}


def test_setting_the_same_tags_twice_records_nothing_new(tagged_thing_model):
    thing = tagged_thing_model.objects.create(title="x")
    alignment_set(obj=thing, targets=["11.1"])
    alignment_set(obj=thing, targets=["11.1"])
    assert AuditEvent.objects.filter(action="alignment.tags.set").count() == 1


def test_unknown_codes_change_nothing(tagged_thing_model):
    thing = tagged_thing_model.objects.create(title="x")
    alignment_set(obj=thing, targets=["11.1"])
    with pytest.raises(ValidationError, match="99.9"):
        alignment_set(obj=thing, targets=["11.2", "99.9"])
    assert alignment_codes(thing)["targets"] == ["11.1"]


def test_alignment_set_refuses_objects_that_are_not_aligned():
    with pytest.raises(TypeError):
        alignment_set(obj=Kpi(code="x"), targets=["11.1"])


def test_registry_refuses_models_without_the_mixin():
    with pytest.raises(TypeError):
        registry.AlignedKind(Kpi)


def test_goal_list_counts_what_serves_each_goal_in_constant_queries(
    client, tagged_thing_model, django_assert_max_num_queries
):
    for n in range(3):
        alignment_set(obj=tagged_thing_model.objects.create(title=f"t{n}"), targets=["11.1", "11.2"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("alignment:goal_list"))
    assert response.status_code == 200
    goals = {goal.number: goal.aligned_count for goal in response.context["goals"]}
    assert goals[11] == 3
    assert goals[6] == 0


def test_goal_target_and_kpi_pages_list_what_serves_them(client, tagged_thing_model, local_target, kpi):
    thing = tagged_thing_model.objects.create(title="ورشة المخطط الهيكلي")
    tagged_thing_model.objects.create(title="لا شيء")
    alignment_set(obj=thing, targets=[local_target], kpis=[kpi])
    for url in (
        reverse("alignment:goal_detail", args=[11]),
        reverse("alignment:target_detail", args=["11.3"]),
        reverse("alignment:target_detail", args=["11.3.1"]),
        reverse("alignment:kpi_detail", args=[kpi.code]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        content = response.content.decode()
        assert "ورشة المخطط الهيكلي" in content, url
        assert "لا شيء" not in content
    other = client.get(reverse("alignment:goal_detail", args=[6])).content.decode()
    assert "ورشة المخطط الهيكلي" not in other


def test_goal_page_shows_its_targets_in_order(client):
    response = client.get(reverse("alignment:goal_detail", args=[11]))
    codes = [t.code for t in response.context["goal"].targets.all()]
    assert codes[0] == "11.1"
    assert codes[-1] == "11.c"


@pytest.mark.parametrize(
    "url",
    ["/sdg/goals/18/", "/sdg/targets/99.1/", "/sdg/indicators/nope/", "/en/sdg/goals/0/"],
)
def test_unknown_goal_target_or_indicator_is_404(client, url):
    assert client.get(url).status_code == 404


def test_unknown_hub_filter_is_reported_not_an_error(client, tagged_thing_model):
    response = client.get(reverse("alignment:goal_detail", args=[11]), {"hub": "no-such-hub"})
    assert response.status_code == 200
    assert "hub" in response.context["form"].errors


def test_selector_query_count_does_not_grow_with_rows(tagged_thing_model, django_assert_num_queries):
    goal = SdgGoal.objects.get(number=11)
    for n in range(5):
        alignment_set(obj=tagged_thing_model.objects.create(title=f"t{n}"), targets=["11.1"])
    kinds = len(registry.kinds())
    # One count per registered model, plus one fetch for the only model that has rows.
    with django_assert_num_queries(kinds + 1):
        sections = selectors.aligned_items(goal=goal)
    assert sum(section.count for section in sections if section.key == "alignment.taggedthing") == 5


def test_demo_data_is_idempotent():
    from tabadul.demo.alignment import load

    load()
    first = list(SdgTarget.objects.filter(is_local=True).values_list("code", "parent__code", "goal__number"))
    load()
    assert list(SdgTarget.objects.filter(is_local=True).values_list("code", "parent__code", "goal__number")) == first
    assert ("11.3.1", "11.3", 11) in first
    assert Kpi.objects.count() >= 5


def test_goal_list_counts_only_what_the_person_may_see(db):
    """Counted from the tags, each tagged document and event asked of its own visibility rule (issue 22)."""
    from django.contrib.auth.models import AnonymousUser

    from tabadul.accounts.models import RoleGrant
    from tabadul.accounts.tests.factories import make_user
    from tabadul.directory.tests.factories import LocalBodyFactory
    from tabadul.events.models import Event
    from tabadul.events.tests.conftest import make_event
    from tabadul.library.models import Document
    from tabadul.library.tests.factories import make_document

    body = LocalBodyFactory()
    editor = make_user(role=RoleGrant.Role.BODY_EDITOR, body=body)
    admin = make_user(role=RoleGrant.Role.PLATFORM_ADMIN)
    members_only = make_document(actor=editor, author_bodies=[body], visibility=Document.Visibility.MEMBERS)
    for tagged in (members_only, make_document(actor=editor, author_bodies=[body])):
        alignment_set(obj=tagged, targets=["11.1"])
    alignment_set(obj=make_event(admin, visibility=Event.Visibility.INVITATION), targets=["11.2"])
    alignment_set(obj=make_event(admin), targets=["11.3", "6.1"])

    def served(user):
        return {goal.number: goal.aligned_count for goal in selectors.goal_list(user=user) if goal.aligned_count}

    assert served(AnonymousUser()) == {11: 2, 6: 1}  # the public document and the public event
    assert served(editor) == {11: 3, 6: 1}  # and their body's members-only document
    assert served(admin) == {11: 4, 6: 1}  # everything: the invitation-only meeting too


def test_the_tags_of_an_object_are_linked_badges_in_the_page_language(tagged_thing_model, local_target, kpi):
    from django.utils import translation

    from tabadul.alignment.models import ALIGNMENT_PREFETCH
    from tabadul.alignment.templatetags.alignment_tags import alignment_tags

    thing = tagged_thing_model.objects.create(title="مخططات هيكلية")
    assert alignment_tags(thing) == ""  # nothing served: no empty list
    alignment_set(obj=thing, targets=[local_target], kpis=["own-revenue"])
    thing = tagged_thing_model.objects.prefetch_related(*ALIGNMENT_PREFETCH).get(pk=thing.pk)
    goal = SdgGoal.objects.get(number=11)
    for language, goal_label, goal_name, kpi_name in (
        ("ar", "الهدف 11", goal.name_ar, "<bdi>الإيرادات الذاتية</bdi>"),
        ("en", "SDG 11", goal.name_en, "<bdi>Own revenue</bdi>"),
    ):
        with translation.override(language):
            html = alignment_tags(thing)
            goal_url, kpi_url = goal.get_absolute_url(), kpi.get_absolute_url()
            target_url = local_target.get_absolute_url()
        assert f'<a class="badge" href="{goal_url}" title="{goal_name}">{goal_label}</a>' in html
        assert f'href="{target_url}" title="هدف محلي">11.3.1</a>' in html and ">11.3</a>" in html
        assert f'<a class="badge" href="{kpi_url}">{kpi_name}</a>' in html
    assert goal_url.startswith("/en/")  # each language's own addresses
