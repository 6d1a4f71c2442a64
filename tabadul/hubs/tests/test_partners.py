"""The hub page lists the organisations that partner the hub, each linking to its directory page (issue 20)."""

import pytest

from tabadul.directory.models import Organisation

pytestmark = pytest.mark.django_db


def _organisation(slug, **fields):
    return Organisation.objects.create(slug=slug, name_ar=fields.pop("name_ar", f"منظمة {slug}"), **fields)


def test_the_hub_page_lists_its_partner_organisations(client, hub, other_hub, django_assert_max_num_queries):
    apla = _organisation(
        "apla",
        name_ar="الاتحاد",
        name_en="Association of Palestinian Local Authorities",
        acronym="APLA",
        kind=Organisation.Kind.ASSOCIATION,
    )
    giz = _organisation("giz", name_en="GIZ", kind=Organisation.Kind.FUNDER)
    elsewhere = _organisation("elsewhere", name_en="Partner of another hub")
    hub.partner_organisations.set([apla, giz])
    other_hub.partner_organisations.set([elsewhere])

    with django_assert_max_num_queries(40) as few:
        page = client.get(f"/en/hubs/{hub.slug}/").content.decode()
    assert "Partner organisations" in page
    for organisation in (apla, giz):
        assert f'href="/en/directory/organisations/{organisation.slug}/"' in page
    assert "Association of Palestinian Local Authorities" in page and "(APLA)" in page
    assert "Funder or development agency" in page  # the kind of partner
    assert "/directory/organisations/elsewhere/" not in page  # another hub's partner

    # More partners, the same number of queries.
    hub.partner_organisations.add(*[_organisation(f"more-{i}") for i in range(4)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(f"/en/hubs/{hub.slug}/").content.decode()
    assert page.count('href="/en/directory/organisations/') == 6


def test_a_hub_without_partners_says_nothing_of_them(client, hub):
    assert "Partner organisations" not in client.get(f"/en/hubs/{hub.slug}/").content.decode()
