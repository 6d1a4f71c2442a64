"""«قناة تبادل» (seed 003): bodies' news, hubs' and programmes' items, newest first, each naming and linking its
source; filters, pagination, an empty state, the Atom feed; only what is published ever appears."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.services import role_grant
from tabadul.accounts.tests.factories import make_user
from tabadul.channel import audit_actions, selectors, services
from tabadul.channel.models import Item
from tabadul.core.models import AuditEvent
from tabadul.directory.models import Country
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.hubs.models import Hub, Mandate
from tabadul.meter.models import Post
from tabadul.programmes.models import Programme

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def hub(db):
    return Hub.objects.create(slug="test-hub", name_ar="منصة", name_en="Test hub")


@pytest.fixture
def programme(db):
    return Programme.objects.create(slug="isal-test", name_ar="برنامج", name_en="Test programme")


@pytest.fixture
def coordinator(hub):
    user = make_user()
    today = timezone.localdate()
    Mandate.objects.create(
        hub=hub, user=user, role=Mandate.Role.COORDINATOR, starts_on=today - dt.timedelta(days=3), ends_on=today
    )
    return user


@pytest.fixture
def officer(programme):
    user = make_user()
    role_grant(actor=None, user=user, role=RoleGrant.Role.PROGRAMME_OFFICER, programme=programme)
    return user


def _post(body, title, *, days_ago=1, kind=Post.Kind.NEWS):
    return Post.objects.create(
        body=body, title=title, summary="ملخص", kind=kind, published_at=NOW - dt.timedelta(days=days_ago)
    )


def _item(actor, title, *, days_ago=1, status=Item.Status.PUBLISHED, **source):
    return services.item_create(
        actor=actor,
        title=title,
        summary="ملخص قصير",
        source_url="https://example.org/news/1",
        status=status,
        published_at=NOW - dt.timedelta(days=days_ago),
        **source,
    )


def _titles(client, **query):
    response = client.get(reverse("channel:list"), query)
    assert response.status_code == 200
    return [row.title for row in response.context["page"].rows]


def test_every_source_kind_appears_newest_first_with_its_source_linked(
    client, body, hub, programme, coordinator, officer
):
    _post(body, "body news", days_ago=3)
    _item(coordinator, "hub news", days_ago=2, hub=hub)
    _item(officer, "programme news", days_ago=1, programme=programme)
    assert _titles(client) == ["programme news", "hub news", "body news"]
    html = client.get(reverse("channel:list")).content.decode()
    for page in (body.get_absolute_url(), hub.get_absolute_url(), programme.get_absolute_url()):
        assert page in html  # each source named and linked
    assert "https://example.org/news/1" in html  # the original
    kinds = {row.kind for row in client.get(reverse("channel:list")).context["page"].rows}
    assert kinds == set(selectors.SOURCE_KINDS)


def test_drafts_future_posts_and_other_kinds_of_post_never_appear(client, body, hub, coordinator):
    _post(body, "future news", days_ago=-2)  # not published yet
    _post(body, "a media item", kind=Post.Kind.MEDIA)
    _item(coordinator, "draft item", hub=hub, status=Item.Status.DRAFT)
    _item(coordinator, "future item", hub=hub, days_ago=-1)
    for query in ({}, {"source_kind": "body"}, {"source_kind": "hub"}):
        assert _titles(client, **query) == []
    feed = client.get(reverse("channel:feed_atom")).content.decode()
    for title in ("future news", "a media item", "draft item", "future item"):
        assert title not in feed
    assert "No news in the channel yet." in client.get(reverse("channel:list")).content.decode()


def test_filters_by_source_kind_and_country(client, hub, programme, coordinator, officer):
    palestine, libya = Country.objects.get(code="PS"), Country.objects.get(code="LY")
    _post(LocalBodyFactory(), "palestinian body")
    _post(LocalBodyFactory(country=libya, governorate=None, region=None), "libyan body")
    _item(coordinator, "hub item", hub=hub, country=palestine)
    _item(officer, "libyan programme item", programme=programme, country=libya)
    assert set(_titles(client, source_kind="body")) == {"palestinian body", "libyan body"}
    assert _titles(client, source_kind="hub") == ["hub item"]
    assert _titles(client, source_kind="programme") == ["libyan programme item"]
    assert set(_titles(client, country=libya.pk)) == {"libyan body", "libyan programme item"}
    assert _titles(client, source_kind="body", country=libya.pk) == ["libyan body"]
    html = client.get(reverse("channel:list"), {"source_kind": "hub", "country": libya.pk}).content.decode()
    assert "No news matches these filters." in html


def test_the_page_reads_the_same_number_of_queries_at_two_sizes(client, body, hub, coordinator, settings):
    settings.PAGE_SIZE = 50

    def count(n):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for index in range(n):
            _post(LocalBodyFactory(), f"news {n}-{index}")
            _item(coordinator, f"item {n}-{index}", hub=hub)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("channel:list")).status_code == 200
        return len(queries)

    assert count(2) == count(12)


def test_pagination(client, body, settings):
    settings.PAGE_SIZE = 3
    for index in range(7):
        _post(body, f"news {index}", days_ago=index + 1)
    assert _titles(client) == ["news 0", "news 1", "news 2"]
    assert client.get(reverse("channel:list"), {"page": 3}).context["page"].rows[0].title == "news 6"


def test_the_atom_feed_links_to_the_originals(client, body, hub, coordinator):
    post = _post(body, "body news")
    _item(coordinator, "hub news", hub=hub)
    response = client.get(reverse("channel:feed_atom"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert "body news" in feed and "hub news" in feed
    assert post.get_absolute_url() in feed and "https://example.org/news/1" in feed


def test_who_may_post_for_each_source(hub, programme, coordinator, officer):
    """Each source kind that has items, with who may and may not post for it."""
    admin = make_user(role=RoleGrant.Role.PLATFORM_ADMIN)
    stranger = make_user()
    for source, allowed in ((hub, coordinator), (programme, officer)):
        key = {source._meta.model_name: source}
        for person in (allowed, admin):
            _item(person, f"by {person.pk}", **key)
        for person in (stranger, officer if source is hub else coordinator):
            with pytest.raises(PermissionDenied):
                _item(person, "refused", **key)
    assert Item.objects.count() == 4
    assert AuditEvent.objects.filter(action=audit_actions.ITEM_CREATE).count() == 4


def test_the_post_and_edit_pages(client, hub, coordinator, officer, programme):
    client.force_login(coordinator)
    url = reverse("channel:item_create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "source": f"hub:{hub.pk}",
            "title": "خبر المنصة",
            "summary": "ملخص",
            "source_url": "https://example.org/a",
            "status": "draft",
            "published_at": "2026-01-01 10:00",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    item = Item.objects.get()
    assert item.hub == hub and item.status == "draft"
    refused = client.post(url, {"source": f"programme:{programme.pk}", "title": "x", "summary": "x"})
    assert refused.status_code == 200 and Item.objects.count() == 1  # not a source of theirs: not a choice
    edit = reverse("channel:item_edit", args=[item.pk])
    data = {"title": "خبر المنصة", "summary": "ملخص", "source_url": "https://example.org/a", "status": "published"}
    data["published_at"] = "2026-01-01 10:00"
    assert client.post(edit, data).status_code == 302
    item.refresh_from_db()
    assert item.status == "published"
    client.force_login(officer)
    assert client.get(edit).status_code == 403
    assert client.post(edit, data | {"title": "changed"}).status_code == 403
    client.force_login(make_user())
    assert client.get(url).status_code == 403
