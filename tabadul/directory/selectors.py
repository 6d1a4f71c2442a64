from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from tabadul.core import hooks
from tabadul.core.arabic import normalize_arabic

from .models import Country, Governorate, LocalBody, Organisation, Region
from .sections import BodySection, ShownSection

# Longer queries are cut: no name is this long, and it keeps the lookup cheap.
MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class BodyFilters:
    q: str = ""
    country: Country | None = None
    governorate: Governorate | None = None
    region: Region | None = None
    type: str = ""


def body_list(*, filters: BodyFilters) -> QuerySet[LocalBody]:
    """Bodies matching every given filter; the name search ignores Arabic spelling variants."""
    bodies = LocalBody.objects.select_related("governorate", "region", "country")
    if filters.country:
        bodies = bodies.filter(country=filters.country)
    if filters.governorate:
        bodies = bodies.filter(governorate=filters.governorate)
    if filters.region:
        bodies = bodies.filter(region=filters.region)
    if filters.type:
        bodies = bodies.filter(type=filters.type)
    query = normalize_arabic(filters.q[:MAX_QUERY_LENGTH])
    for word in query.split()[:8]:
        bodies = bodies.filter(search_name__contains=word)
    return bodies.order_by("name_ar", "pk")


def body_get(*, slug: str) -> LocalBody:
    return LocalBody.objects.select_related("governorate", "region", "country").get(slug=slug)


def body_sections(*, body: LocalBody, user) -> tuple[list[ShownSection], list[str]]:
    """The sections of a body's public page that have something to show this visitor, in the hooks' order, and the
    stylesheets they need (each section reads a fixed number of queries: directory/sections.py)."""
    shown, stylesheets = [], []
    section: BodySection
    for section in hooks.get_hooks("directory.body_sections"):
        data = section.read(body=body, user=user)
        if data is None:
            continue
        shown.append(ShownSection(section.key, section.template, data))
        if section.stylesheet and section.stylesheet not in stylesheets:
            stylesheets.append(section.stylesheet)
    return shown, stylesheets


def directory_counts() -> dict[str, int]:
    by_type = dict(LocalBody.objects.values_list("type").annotate(n=Count("pk")).values_list("type", "n"))
    return {
        "bodies": sum(by_type.values()),
        "municipalities": by_type.get(LocalBody.Type.MUNICIPALITY, 0),
        "village_councils": by_type.get(LocalBody.Type.VILLAGE_COUNCIL, 0),
        "governorates": Governorate.objects.count(),
    }


# --- Organisations (docs/decisions/010) ----------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationFilters:
    q: str = ""
    kind: str = ""
    country: Country | None = None


def organisation_list(*, filters: OrganisationFilters = OrganisationFilters()) -> QuerySet[Organisation]:
    organisations = Organisation.objects.select_related("country")
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    if filters.country:
        organisations = organisations.filter(country=filters.country)
    for word in filters.q[:MAX_QUERY_LENGTH].split()[:8]:
        organisations = organisations.filter(
            Q(name_ar__icontains=word) | Q(name_en__icontains=word) | Q(acronym__icontains=word)
        )
    return organisations.order_by("name_ar", "pk")


def organisation_get(*, slug: str) -> Organisation:
    return Organisation.objects.select_related("country").get(slug=slug)


def organisation_sections(*, organisation: Organisation, user, page: str = "1") -> tuple[list[ShownSection], list[str]]:
    """The sections of an organisation's page the apps above give (hook `directory.organisation_sections`, same
    contract as a body's: `read(organisation=, user=)` returns a dict, in a fixed number of queries). Unlike a
    body's, each section is always there and says when it has nothing (an organisation's page tells what it does);
    a `paginated` section is also given the `page` asked for."""
    shown, stylesheets = [], []
    section: BodySection
    for section in hooks.get_hooks("directory.organisation_sections"):
        paging = {"page": page} if section.paginated else {}
        data = section.read(organisation=organisation, user=user, **paging)
        if data is None:
            continue
        shown.append(ShownSection(section.key, section.template, data))
        if section.stylesheet and section.stylesheet not in stylesheets:
            stylesheets.append(section.stylesheet)
    return shown, stylesheets


def is_organisation_staff(*, organisation: Organisation, user) -> bool:
    return bool(user.is_authenticated and organisation.staff.filter(pk=user.pk).exists())
