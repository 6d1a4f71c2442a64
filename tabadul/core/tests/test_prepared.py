"""core/prepared.py: a query compiled once gives what the ORM gives, with each call's own values, in one query."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tabadul.core.prepared import PreparedQuery
from tabadul.directory.models import LocalBody

pytestmark = pytest.mark.django_db


def _bodies(country_id, since):
    return (
        LocalBody.objects.filter(country_id=country_id, created_at__gte=since)
        .select_related("country")
        .annotate(regions=Count("country__regions"))
        .order_by("pk")
    )


def _slugs(country_id):
    return LocalBody.objects.filter(country_id=country_id).order_by("-pk").values_list("slug", flat=True)[:2]


bodies = PreparedQuery(_bodies, since=type(timezone.now()))
slugs = PreparedQuery(_slugs)
by_slug = PreparedQuery(lambda slug: LocalBody.objects.filter(slug=slug).only("slug"), slug=str)


def _same(found, expected):
    assert [(b.pk, b.slug, b.country.code, b.regions) for b in found] == [
        (b.pk, b.slug, b.country.code, b.regions) for b in expected
    ]


def test_the_same_rows_as_the_orm_with_each_calls_values(body, other_body):
    countries = {body.country_id, other_body.country_id}
    long_ago = timezone.now() - timedelta(days=3650)
    for country_id in countries:
        with CaptureQueriesContext(connection) as queries:
            found = bodies(country_id=country_id, since=long_ago)
        assert len(queries) == 1
        _same(found, _bodies(country_id, long_ago))
        assert found and all(b.country_id == country_id for b in found)
        with CaptureQueriesContext(connection) as queries:
            assert found[0].country.code  # select_related: no query
        assert len(queries) == 0
        assert slugs(country_id=country_id) == list(_slugs(country_id))
    assert bodies(country_id=body.country_id, since=timezone.now() + timedelta(days=1)) == []
    assert [b.pk for b in by_slug(slug=other_body.slug)] == [other_body.pk]
    assert slugs(country_id=str(body.country_id)) == slugs(country_id=body.country_id)  # "5" taken as 5
    assert by_slug(slug="no-such-body") == []


def test_a_value_the_sql_does_not_hold_unchanged_is_refused(body):
    contains = PreparedQuery(lambda text: LocalBody.objects.filter(slug__icontains=text), text=str)
    with pytest.raises(ValueError, match="not one of the compiled query's parameters"):
        contains(text="a")


def test_a_value_used_in_several_places_and_a_date(body, other_body):
    """A person's id in each part of a UNION, a day compared with dates: every place takes the call's value."""
    from datetime import date

    def _created_by_day(country_id, day):
        created = (
            LocalBody.objects.filter(country_id=country_id, created_at__date__lte=day).order_by().values_list("pk")
        )
        named = LocalBody.objects.filter(country_id=country_id, name_ar__gt="").order_by().values_list("pk")
        return created.union(named, all=True).order_by("pk")

    both = PreparedQuery(_created_by_day, day=date)
    today = timezone.localdate()
    for chosen in (body, other_body):
        expected = list(_created_by_day(chosen.country_id, today))
        assert expected and both(country_id=chosen.country_id, day=today) == expected
    assert both(country_id=body.country_id, day=date(2000, 1, 1)) == list(
        _created_by_day(body.country_id, date(2000, 1, 1))
    )
