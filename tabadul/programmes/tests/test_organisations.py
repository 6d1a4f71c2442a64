"""A programme's funders and implementing partners are organisations (issue 20): the migration that carried the old
text over, the pages, the funder's report, the API and search use the relation; an organisation's page lists the
programmes it funds and implements, the events it organised or hosted (a page at a time, newest first), the
documents it wrote and the hubs it partners, each with an empty state, in a fixed number of queries."""

import datetime as dt
import importlib
import io
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from tabadul.demo import directory as directory_demo
from tabadul.demo import programmes as programmes_demo
from tabadul.directory.models import Organisation
from tabadul.events.models import Event
from tabadul.hubs.models import Hub
from tabadul.library.models import Document
from tabadul.programmes.models import PilotProject, Programme, ProgrammeFunder, ProgrammePartner
from tabadul.programmes.selectors import organisation_programmes
from tabadul.search.selectors import search
from tabadul.search.sources import _programme_entry, _programmes, _url
from tabadul.search.tests.helpers import rebuild

pytestmark = pytest.mark.django_db

migration = importlib.import_module("tabadul.programmes.migrations.0005_funder_and_partner_organisations")


def _en(client, url, **params):
    """The English page of `url` (an Arabic address from get_absolute_url, or an English one)."""
    url = url if url.startswith("/en/") else f"/en{url}"
    with translation.override("en"):
        return client.get(url, params)


def _organisation(slug, name_ar, name_en="", acronym="", kind=Organisation.Kind.FUNDER):
    return Organisation.objects.create(slug=slug, name_ar=name_ar, name_en=name_en, acronym=acronym, kind=kind)


def _link(programme, *, funders=(), partners=()):
    for position, organisation in enumerate(funders, start=1):
        ProgrammeFunder.objects.create(programme=programme, organisation=organisation, position=position)
    for position, organisation in enumerate(partners, start=1):
        ProgrammePartner.objects.create(programme=programme, organisation=organisation, position=position)


# --- The migration: the old text matched against the organisations' names -----------------------------------


def _named(*rows):
    return [
        SimpleNamespace(pk=index, slug=slug, name_ar=name_ar, name_en=name_en, acronym=acronym)
        for index, (slug, name_ar, name_en, acronym) in enumerate(rows, start=1)
    ]


SEED_ORGANISATIONS = _named(
    ("ps-molg", "وزارة الحكم المحلي", "Ministry of Local Government (Palestine)", "MoLG"),
    ("libya-molg", "وزارة الحكم المحلي الليبية", "Libyan Ministry of Local Government", ""),
    ("apla", "الاتحاد الفلسطيني للهيئات المحلية", "Association of Palestinian Local Authorities", "APLA"),
    (
        "bmz",
        "الوزارة الاتحادية الألمانية للتعاون الاقتصادي والتنمية",
        "German Federal Ministry for Economic Cooperation and Development",
        "BMZ",
    ),
    ("giz", "الوكالة الألمانية للتعاون الدولي", "Deutsche Gesellschaft für Internationale Zusammenarbeit", "GIZ"),
    ("undp", "برنامج الأمم المتحدة الإنمائي", "United Nations Development Programme", "UNDP"),
    ("eu", "الاتحاد الأوروبي", "European Union", "EU"),
    ("nl-mfa", "وزارة الخارجية الهولندية", "Dutch Ministry of Foreign Affairs", ""),
    ("vng-international", "الوكالة الدولية للتعاون التابعة لجمعية البلديات الهولندية", "VNG International", "VNG"),
    ("dri", "المنظمة الدولية للتقرير عن الديمقراطية", "Democracy Reporting International", "DRI"),
    ("cmi", "مركز التكامل المتوسطي", "Center for Mediterranean Integration", "CMI"),
)


def _slugs(text):
    found, unknown = migration.match_organisations(text, SEED_ORGANISATIONS)
    return [organisation.slug for organisation in found], unknown


@pytest.mark.parametrize(
    ("text", "slugs", "unknown"),
    [
        # The seeds' texts as the programmes held them before 0005, in both languages.
        ("German Federal Ministry for Economic Cooperation and Development (BMZ)", ["bmz"], []),
        ("الوزارة الاتحادية الألمانية للتعاون الاقتصادي والتنمية (BMZ)", ["bmz"], []),
        ("Association of Palestinian Local Authorities (APLA), GIZ", ["apla", "giz"], []),
        ("الاتحاد الفلسطيني للهيئات المحلية، الوكالة الألمانية للتعاون الدولي (GIZ)", ["apla", "giz"], []),
        (
            "UNDP – Transparency, Evidence and Accountability programme (TEA3)",
            ["undp"],
            ["Transparency, Evidence and Accountability programme (TEA3)"],
        ),
        (
            "برنامج الأمم المتحدة الإنمائي (UNDP) – برنامج الشفافية والأدلة والمساءلة (TEA3)",
            ["undp"],
            ["برنامج الشفافية والأدلة والمساءلة (TEA3)"],
        ),
        ("European Union, Dutch Ministry of Foreign Affairs", ["eu", "nl-mfa"], []),
        ("الاتحاد الأوروبي، وزارة الخارجية الهولندية", ["eu", "nl-mfa"], []),
        (
            "VNG International (MENA office), Democracy Reporting International, Libyan Ministry of Local Government",
            ["vng-international", "dri", "libya-molg"],
            ["(MENA office)"],
        ),
        (
            "المكتب الإقليمي لشمال أفريقيا والشرق الأوسط للوكالة الدولية للتعاون التابعة لجمعية البلديات الهولندية، "
            "المنظمة الدولية للتقرير عن الديمقراطية، وزارة الحكم المحلي الليبية",
            ["vng-international", "dri", "libya-molg"],  # not the Palestinian ministry, whose name is inside
            ["المكتب الإقليمي لشمال أفريقيا والشرق الأوسط"],
        ),
        ("Center for Mediterranean Integration (CMI)", ["cmi"], []),
        # Acronyms count as whole words only; unknown names are reported, never invented.
        ("EUROSTAT and the Ministry of Magic", [], ["EUROSTAT and the Ministry of Magic"]),
        ("", [], []),
    ],
)
def test_the_migration_matches_the_seeds_texts_to_organisations(text, slugs, unknown):
    assert _slugs(text) == (slugs, unknown)


class _HistoricalApps:
    """The migration's `apps`: today's models, except programmes that still carry the old text fields."""

    def __init__(self, programmes):
        self.programmes = programmes

    def get_model(self, app_label, name):
        if name == "Programme":
            return SimpleNamespace(objects=SimpleNamespace(order_by=lambda *fields: self.programmes))
        return django_apps.get_model(app_label, name)


def test_the_migration_links_the_named_organisations_in_order_and_reports_the_rest(capsys):
    bmz = _organisation("bmz", "الوزارة الاتحادية الألمانية للتعاون الاقتصادي والتنمية", acronym="BMZ")
    apla = _organisation(
        "apla", "الاتحاد الفلسطيني للهيئات المحلية", "Association of Palestinian Local Authorities", "APLA"
    )
    giz = _organisation("giz", "الوكالة الألمانية للتعاون الدولي", acronym="GIZ")
    programme = Programme.objects.create(slug="lgrp", name_ar="برنامج إصلاح الحكم المحلي")
    programme.funders_ar, programme.funders_en = "الوزارة الاتحادية الألمانية للتعاون الاقتصادي والتنمية (BMZ)", ""
    programme.partners_en = "GIZ, Association of Palestinian Local Authorities (APLA), Friends of Tabadul"
    programme.partners_ar = "الوكالة الألمانية للتعاون الدولي (GIZ)، الاتحاد الفلسطيني للهيئات المحلية"

    migration.carry_over(_HistoricalApps([programme]), None)
    migration.carry_over(_HistoricalApps([programme]), None)  # twice: nothing doubled

    assert programme.ordered_funders == [bmz]
    assert programme.ordered_partners == [giz, apla]  # the text's order
    report = capsys.readouterr().out
    assert "lgrp: partners not linked (no organisation of that name): Friends of Tabadul" in report
    assert Organisation.objects.count() == 3  # nothing invented


# --- The programme's pages, report, API and search -----------------------------------------------------------


@pytest.fixture
def linked(world):
    """World's programme P funded by BMZ then the EU, implemented by APLA then GIZ (the lead first)."""
    eu = _organisation("eu", "الاتحاد الأوروبي", "European Union", "EU")
    bmz = _organisation("bmz", "الوزارة الاتحادية الألمانية", "German Federal Ministry (BMZ)", "BMZ")
    apla = _organisation("apla", "الاتحاد الفلسطيني للهيئات المحلية", "APLA", "", Organisation.Kind.ASSOCIATION)
    giz = _organisation("giz", "الوكالة الألمانية للتعاون الدولي", "GIZ", "GIZ")
    _link(world.p.programme, funders=[bmz, eu], partners=[apla, giz])
    return SimpleNamespace(programme=world.p.programme, eu=eu, bmz=bmz, apla=apla, giz=giz)


def test_the_programme_page_and_list_link_its_funders_and_partners_in_order(client, linked):
    html = _en(client, linked.programme.get_absolute_url()).content.decode()
    funded, partners = html.index("Funded by"), html.index("Implementing partners")
    assert funded < html.index(linked.bmz.get_absolute_url()) < html.index(linked.eu.get_absolute_url()) < partners
    assert partners < html.index(linked.apla.get_absolute_url()) < html.index(linked.giz.get_absolute_url())
    listed = _en(client, reverse("programmes:list")).content.decode()
    for organisation in (linked.bmz, linked.eu, linked.apla, linked.giz):
        assert organisation.get_absolute_url() in listed


def test_the_list_reads_the_organisations_in_a_fixed_number_of_queries(client, linked):
    for index in range(2):
        _link(Programme.objects.create(slug=f"more-{index}", name_ar=f"برنامج {index}"), funders=[linked.eu])
    with CaptureQueriesContext(connection) as small:
        _en(client, reverse("programmes:list"))
    for index in range(2, 10):
        other = Programme.objects.create(slug=f"more-{index}", name_ar=f"برنامج {index}")
        _link(other, funders=[linked.eu, linked.bmz], partners=[linked.apla, linked.giz])
    with CaptureQueriesContext(connection) as large:
        html = _en(client, reverse("programmes:list")).content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
    assert html.count(f'href="/en{linked.apla.get_absolute_url()}"') == 9


def test_the_officers_edit_page_shows_the_funders_and_partners(client, world, linked):
    client.force_login(world.officer)
    html = _en(client, reverse("programmes:edit", args=[linked.programme.slug])).content.decode()
    assert linked.bmz.get_absolute_url() in html and linked.giz.get_absolute_url() in html
    assert "/admin/" not in html  # the officer does not keep them; administrators do, in the admin


def test_the_funders_report_names_the_funders_and_partners(client, linked):
    with translation.override("en"):
        url = reverse("programmes:report_xlsx", args=[linked.programme.slug])
        download = client.get(url)
    rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0].values)
    assert ("Funded by", "German Federal Ministry (BMZ) (BMZ), European Union (EU)") in rows
    assert ("Implementing partners", "APLA, GIZ (GIZ)") in rows


def test_the_api_lists_programmes_with_their_organisations_in_order(client, linked):
    answer = client.get("/api/v1/programmes").json()
    programme = next(item for item in answer if item["slug"] == linked.programme.slug)
    assert [o["slug"] for o in programme["funders"]] == ["bmz", "eu"]
    assert [o["slug"] for o in programme["partners"]] == ["apla", "giz"]
    assert programme["partners"][0] == {
        "slug": "apla",
        "name_ar": "الاتحاد الفلسطيني للهيئات المحلية",
        "name_en": "APLA",
        "acronym": "",
        "kind": "association",
    }


def test_the_search_entry_files_a_programme_under_its_funders_and_partners(linked):
    entry = _programme_entry(_programmes().get(pk=linked.programme.pk))
    attributes = set(entry.attributes)
    for organisation in (linked.bmz, linked.eu, linked.apla, linked.giz):
        assert organisation.name_ar in attributes and organisation.name_en in attributes
    assert {"BMZ", "EU", "GIZ"} <= attributes


def _found(query):
    return [hit.entry.url for hit in search(user=AnonymousUser(), query=query).hits if hit.entry.kind == "programme"]


@pytest.mark.parametrize("query", ["BMZ", "EU", "European Union", "الاتحاد الأوروبي", "GIZ", "الوكالة الألمانية"])
def test_search_finds_a_programme_by_its_funders_and_partners_in_both_languages(linked, query):
    rebuild("programme")
    assert _found(query) == [_url(linked.programme)], query


def test_the_programmes_entry_follows_its_links_and_its_organisations_names(linked, django_capture_on_commit_callbacks):
    rebuild("programme")
    tea3 = _organisation("tea3", "برنامج الشفافية والأدلة والمساءلة", "Transparency programme", "TEA3")
    with django_capture_on_commit_callbacks(execute=True):
        ProgrammeFunder.objects.create(programme=linked.programme, organisation=tea3, position=9)
    assert _found("TEA3") == [_url(linked.programme)]
    with django_capture_on_commit_callbacks(execute=True):
        tea3.acronym = "TEAX"
        tea3.save()
    assert _found("TEAX") == [_url(linked.programme)] and _found("TEA3") == []
    with django_capture_on_commit_callbacks(execute=True):
        ProgrammeFunder.objects.filter(organisation=tea3).delete()
    assert _found("TEAX") == []


# --- The demo: every programme's funders and partners linked -----------------------------------------------


def test_the_demo_links_every_programmes_funders_and_partners():
    directory_demo.load()
    programmes_demo.load()
    programmes_demo.load()  # idempotent
    found = {
        programme.slug: (
            [o.slug for o in programme.ordered_funders],
            [o.slug for o in programme.ordered_partners],
        )
        for programme in Programme.objects.prefetch_related("funder_links__organisation", "partner_links__organisation")
    }
    assert found == {
        "giz-lgrp": (["bmz"], ["apla", "giz"]),
        "undp-tea3": (["undp"], ["apla"]),
        "isal": (["eu", "nl-mfa"], ["vng-international", "dri", "libya-molg"]),
        "cmi-hmln": ([], ["cmi"]),
    }
    assert "TEA3" in Programme.objects.get(slug="undp-tea3").summary_en  # UNDP's programme, named in the summary


# --- An organisation's page ----------------------------------------------------------------------------------


def _events(organisation, count, *, start=0, hosted=False):
    now = timezone.now()
    made = []
    for number in range(start, start + count):
        starts = now - dt.timedelta(days=number + 1)
        event = Event.objects.create(
            type=Event.Type.STUDY_TOUR if hosted else Event.Type.WORKSHOP,
            name_ar=f"نشاط {number}",
            name_en=f"Activity {number}",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            visibility=Event.Visibility.PUBLIC,
            host_organisation=organisation if hosted else None,
        )
        if not hosted:
            event.organiser_organisations.add(organisation)
        made.append(event)
    return made


def _grow(organisation, size):
    """`size` rows of every kind the page lists, the organisation's."""
    for index in range(size):
        programme = Programme.objects.create(slug=f"{organisation.slug}-p{size}-{index}", name_ar=f"برنامج {index}")
        _link(programme, funders=[organisation] if index % 2 else [], partners=[] if index % 2 else [organisation])
        hub = Hub.objects.create(slug=f"{organisation.slug}-h{size}-{index}", name_ar=f"منصة {index}")
        hub.partner_organisations.add(organisation)
        document = Document.objects.create(slug=f"{organisation.slug}-d{size}-{index}", type="study", title_ar="د")
        document.author_organisations.add(organisation)
        pilot = PilotProject.objects.create(programme=programme, slug=f"{programme.slug}-pilot", name_ar="تجربة")
        pilot.partners.add(organisation)
    _events(organisation, size, start=100 * size)
    _events(organisation, 1, start=100 * size + 50, hosted=True)


def test_an_organisations_page_without_work_shows_each_section_empty(client):
    nobody = _organisation("nobody", "منظمة بلا عمل", "An idle organisation")
    html = _en(client, nobody.get_absolute_url()).content.decode()
    for heading, empty in (
        ("Programmes", "It funds or implements no programme on Tabadul yet."),
        ("Events it organised or hosted", "It has organised or hosted no event on Tabadul yet."),
        ("Hubs it partners", "It partners no exchange hub yet."),
        ("Documents it wrote", "No document written by it is in the library yet."),
        ("Pilot projects", "No pilot project yet."),
    ):
        assert heading in html and empty in html, heading


def test_an_organisations_page_lists_what_it_does(client, linked):
    html = _en(client, linked.bmz.get_absolute_url()).content.decode()
    assert "Programmes it funds" in html and linked.programme.get_absolute_url() in html
    assert "Programmes it implements" not in html
    html = _en(client, linked.apla.get_absolute_url()).content.decode()
    assert "Programmes it implements" in html and linked.programme.get_absolute_url() in html
    assert organisation_programmes(organisation=linked.giz) == {"funded": [], "implemented": [linked.programme]}


def test_the_events_it_organised_or_hosted_come_newest_first_a_page_at_a_time(client):
    apla = _organisation("apla", "الاتحاد الفلسطيني للهيئات المحلية", "APLA", kind=Organisation.Kind.ASSOCIATION)
    organised = _events(apla, 25)  # the newest first: day -1, -2, …
    hosted = _events(apla, 1, start=2, hosted=True)[0]  # between the 2nd and 3rd organised
    hidden = _events(apla, 1, start=0)[0]
    hidden.visibility = Event.Visibility.MEMBERS
    hidden.save()
    elsewhere = _events(_organisation("other", "أخرى"), 1)[0]

    first = _en(client, apla.get_absolute_url())
    page = first.context["sections"][[s.key for s in first.context["sections"]].index("events")].data["page"]
    assert page.paginator.count == 26  # 25 organised + 1 hosted, not the members-only one nor another's
    assert list(page)[:2] == organised[:2] and hosted in list(page)[2:4]
    starts = [event.starts_at for event in page]
    assert starts == sorted(starts, reverse=True)
    html = first.content.decode()
    assert 'class="pagination"' in html and "?page=2" in html and "Hosted here; visiting:" in html
    assert hidden.get_absolute_url() not in html and elsewhere.get_absolute_url() not in html

    second = _en(client, apla.get_absolute_url(), page="٢")  # Arabic-Indic digits too
    html = second.content.decode()
    assert organised[-1].get_absolute_url() in html and organised[0].get_absolute_url() not in html


def test_an_organisations_page_reads_a_fixed_number_of_queries_whatever_its_rows(client):
    apla = _organisation("apla", "الاتحاد الفلسطيني للهيئات المحلية", "APLA", kind=Organisation.Kind.ASSOCIATION)
    _grow(apla, 2)
    _en(client, apla.get_absolute_url())  # warm the caches of the page's frame
    with CaptureQueriesContext(connection) as small:
        assert _en(client, apla.get_absolute_url()).status_code == 200
    _grow(apla, 30)
    with CaptureQueriesContext(connection) as large:
        response = _en(client, apla.get_absolute_url())
    assert len(large.captured_queries) == len(small.captured_queries) <= 25
    data = {section.key: section.data for section in response.context["sections"]}
    assert len(data["programmes"]["funded"]) + len(data["programmes"]["implemented"]) == 32
    assert len(data["hubs"]["hubs"]) == 32 and len(data["pilots"]["pilots"]) == 32
    assert data["events"]["page"].paginator.count == 34 and "?page=2" in response.content.decode()
    assert len(data["library"]["documents"]) == 5 and data["library"]["more"]
