"""The channel's reads: the published news of bodies (the Meter's posts), hubs and programmes (this app's items),
newest first, in one paginated union; each page's rows filled in with two more queries whatever its size."""

from dataclasses import dataclass

from django.db.models import Case, CharField, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from tabadul.accounts.rules import is_platform_admin, programme_officer_ids
from tabadul.directory.models import Country
from tabadul.hubs.models import Hub
from tabadul.hubs.relations import hub_relations
from tabadul.meter.models import Post
from tabadul.programmes.models import Programme

from .models import Item

BODY, HUB, PROGRAMME = "body", "hub", "programme"
SOURCE_KINDS = (BODY, HUB, PROGRAMME)
COLUMNS = ("source_kind", "id", "published_at", "row_country", "source_id")


@dataclass
class ChannelFilters:
    source_kind: str = ""
    country: Country | None = None


@dataclass
class ChannelRow:
    kind: str
    title: str
    summary: str
    published_at: object
    source_name: str
    source_page: str  # the body's, hub's or programme's page on Tabadul
    link: str  # the original: the body's news page, or the hub's or programme's source
    country: Country | None
    external: bool


def _body_posts(filters: ChannelFilters) -> QuerySet:
    posts = Post.objects.filter(published_at__lte=timezone.now(), kind=Post.Kind.NEWS)
    if filters.country is not None:
        posts = posts.filter(body__country=filters.country)
    return (
        posts.annotate(
            source_kind=Value(BODY, output_field=CharField()),
            row_country=F("body__country_id"),
            source_id=F("body_id"),
        )
        .values_list(*COLUMNS)
        .order_by()
    )


def _items(filters: ChannelFilters) -> QuerySet:
    items = Item.objects.published()
    if filters.source_kind == HUB:
        items = items.filter(hub__isnull=False)
    elif filters.source_kind == PROGRAMME:
        items = items.filter(programme__isnull=False)
    if filters.country is not None:
        items = items.filter(country=filters.country)
    return (
        items.annotate(
            source_kind=Case(
                When(hub__isnull=False, then=Value(HUB)), default=Value(PROGRAMME), output_field=CharField()
            ),
            row_country=F("country_id"),
            source_id=Coalesce("hub_id", "programme_id", output_field=IntegerField()),
        )
        .values_list(*COLUMNS)
        .order_by()
    )


def channel_keys(*, filters: ChannelFilters | None = None) -> QuerySet:
    """(kind, pk, published_at, country, source) of every published row, newest first: one query per slice (and
    one to count). Only what is public: a body's news once its publication time has come, a hub's or programme's
    item once published."""
    filters = filters or ChannelFilters()
    if filters.source_kind == BODY:
        rows = _body_posts(filters)
    elif filters.source_kind in (HUB, PROGRAMME):
        rows = _items(filters)
    else:
        rows = _body_posts(filters).union(_items(filters), all=True)
    return rows.order_by("-published_at", "-id")


def channel_rows(keys) -> list[ChannelRow]:
    """The rows of one page (a slice of `channel_keys`): two queries whatever their number."""
    keys = list(keys)
    post_ids = [pk for kind, pk, *_rest in keys if kind == BODY]
    item_ids = [pk for kind, pk, *_rest in keys if kind != BODY]
    posts = Post.objects.select_related("body__country").in_bulk(post_ids) if post_ids else {}
    items = Item.objects.select_related("hub", "programme", "country").in_bulk(item_ids) if item_ids else {}
    rows = []
    for kind, pk, *_rest in keys:
        if kind == BODY:
            post = posts[pk]
            rows.append(
                ChannelRow(
                    kind=BODY,
                    title=post.title,
                    summary=post.summary,
                    published_at=post.published_at,
                    source_name=post.body.name,
                    source_page=post.body.get_absolute_url(),
                    link=post.get_absolute_url(),
                    country=post.body.country,
                    external=False,
                )
            )
        else:
            item = items[pk]
            source = item.source
            rows.append(
                ChannelRow(
                    kind=kind,
                    title=item.title,
                    summary=item.summary,
                    published_at=item.published_at,
                    source_name=item.source_name or source.name,
                    source_page=source.get_absolute_url(),
                    link=item.source_url,
                    country=item.country,
                    external=True,
                )
            )
    return rows


def item_get(*, pk: int) -> Item:
    return Item.objects.select_related("hub", "programme", "country").get(pk=pk)


def postable_sources(*, user) -> tuple[QuerySet[Hub], QuerySet[Programme]]:
    """The hubs and programmes the person may post for: all of them for platform administrators; else the hubs they
    coordinate (or deputise) and the programmes they are an officer of."""
    if not user.is_authenticated:
        return Hub.objects.none(), Programme.objects.none()
    if is_platform_admin(user):
        return Hub.objects.order_by("position", "pk"), Programme.objects.order_by("name_ar", "pk")
    hub_ids = hub_relations(user).managed_hub_ids
    return (
        Hub.objects.filter(pk__in=hub_ids).order_by("position", "pk"),
        Programme.objects.filter(pk__in=programme_officer_ids(user)).order_by("name_ar", "pk"),
    )


def my_items(*, user) -> list[Item]:
    """The latest items (drafts included) of the hubs and programmes the person may post for."""
    hubs, programmes = postable_sources(user=user)
    if not hubs.exists() and not programmes.exists():
        return []
    return list(
        Item.objects.filter(Q(hub__in=hubs) | Q(programme__in=programmes))
        .select_related("hub", "programme")
        .order_by("-published_at", "-pk")[:20]
    )
