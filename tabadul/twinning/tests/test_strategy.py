"""The LED strategy of a twinning group (seed 004): sections with a status, a responsible body and notes, written
by the group's participants, audited, shown on the group page with a progress summary."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import TEST_PASSWORD, make_user
from tabadul.core.models import AuditEvent
from tabadul.twinning import audit_actions, selectors, services
from tabadul.twinning.models import StrategySection

pytestmark = pytest.mark.django_db

AGREED, DRAFTING = StrategySection.Status.AGREED, StrategySection.Status.DRAFTING


def test_a_group_has_every_section_not_started_until_written(group_a):
    strategy = selectors.group_strategy(group=group_a)
    assert [s.kind for s in strategy.sections] == StrategySection.Kind.values
    assert {s.status for s in strategy.sections} == {StrategySection.Status.NOT_STARTED}
    assert strategy.agreed == 0 and strategy.total == len(StrategySection.Kind.values)
    assert not StrategySection.objects.exists()


def test_a_member_writes_a_section_and_it_is_audited(group_a, member_a, bodies):
    section = services.strategy_section_save(
        actor=member_a,
        group=group_a,
        kind=StrategySection.Kind.VISION,
        status=AGREED,
        responsible_body=bodies[1],
        notes="رؤية مشتركة",
    )
    assert section.pk and section.updated_by == member_a
    event = AuditEvent.objects.filter(action=audit_actions.STRATEGY_SECTION_SAVE).get()
    assert event.changes["section"] == "vision" and event.changes["status"] == ["not_started", "agreed"]
    services.strategy_section_save(
        actor=member_a, group=group_a, kind="vision", status=AGREED, responsible_body=bodies[1], notes="رؤية مشتركة"
    )
    assert AuditEvent.objects.filter(action=audit_actions.STRATEGY_SECTION_SAVE).count() == 1  # nothing changed
    strategy = selectors.group_strategy(group=group_a)
    assert strategy.agreed == 1 and strategy.counts[AGREED] == 1
    assert strategy.counts[StrategySection.Status.NOT_STARTED] == strategy.total - 1


def test_the_responsible_body_must_be_a_member(group_a, member_a, bodies):
    with pytest.raises(ValidationError) as error:
        services.strategy_section_save(
            actor=member_a, group=group_a, kind="vision", status=DRAFTING, responsible_body=bodies[2]
        )
    assert "responsible_body" in error.value.message_dict


def test_an_unknown_kind_is_refused(group_a, member_a):
    with pytest.raises(ValidationError):
        services.strategy_section_save(actor=member_a, group=group_a, kind="budget", status=DRAFTING)


def test_who_may_write_the_strategy(group_a, group_b, member_a, member_b, facilitator, admin, bodies):
    """Every role: the group's members' staff, its facilitator and platform administrators write; the staff of
    another group's body, a programme officer, a body editor elsewhere and a person without a body do not."""
    allowed = {"member": member_a, "facilitator": facilitator, "admin": admin}
    refused = {
        "other group's member": member_b,
        "no body": make_user(),
        "editor of another body": make_user(body=bodies[3], role=RoleGrant.Role.BODY_EDITOR),
    }
    for name, person in allowed.items():
        assert person.has_perm("twinning.change_strategy", group_a), name
    for name, person in refused.items():
        assert not person.has_perm("twinning.change_strategy", group_a), name
        with pytest.raises(PermissionDenied):
            services.strategy_section_save(actor=person, group=group_a, kind="vision", status=DRAFTING)


def test_group_page_shows_the_strategy_and_its_summary(
    client, group_a, member_a, bodies, django_assert_max_num_queries
):
    for kind in ("situation_analysis", "vision"):
        services.strategy_section_save(
            actor=member_a, group=group_a, kind=kind, status=AGREED, responsible_body=bodies[0]
        )
    services.strategy_section_save(actor=member_a, group=group_a, kind="action_plan", status=DRAFTING, notes="مسودة")
    assert client.login(username=member_a.username, password=TEST_PASSWORD)
    page = client.get(group_a.get_absolute_url())
    html = page.content.decode()
    assert page.context["strategy"].agreed == 2
    assert "2 of 6 sections agreed" in html
    assert reverse("twinning:strategy_section_edit", args=[group_a.pk, "vision"]) in html
    # The strategy is one query, whatever the number of sections written.
    with django_assert_max_num_queries(1):
        selectors.group_strategy(group=group_a)


def test_outsiders_see_the_strategy_without_edit_links(client, group_a, member_b):
    assert client.login(username=member_b.username, password=TEST_PASSWORD)
    html = client.get(group_a.get_absolute_url()).content.decode()
    assert 'id="strategy"' in html
    assert reverse("twinning:strategy_section_edit", args=[group_a.pk, "vision"]) not in html
    url = reverse("twinning:strategy_section_edit", args=[group_a.pk, "vision"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"status": "agreed"}).status_code == 403
    assert not StrategySection.objects.exists()


def test_the_edit_page_saves_a_section(client, group_a, member_a, bodies):
    assert client.login(username=member_a.username, password=TEST_PASSWORD)
    url = reverse("twinning:strategy_section_edit", args=[group_a.pk, "strategic_objectives"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "consultation", "responsible_body": bodies[1].pk, "notes": "أهداف"})
    assert response.status_code == 302
    section = StrategySection.objects.get(group=group_a, kind="strategic_objectives")
    assert (section.status, section.responsible_body, section.notes) == ("consultation", bodies[1], "أهداف")
    refused = client.post(url, {"status": "agreed", "responsible_body": bodies[2].pk})
    assert refused.status_code == 200  # not a member: the form is shown again with its error
    assert client.get(reverse("twinning:strategy_section_edit", args=[group_a.pk, "budget"])).status_code == 404
