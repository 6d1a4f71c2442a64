"""The search index: one row per searchable object, whatever its type, plus its facet values.

The prepared columns (`*_exact`, `*_stems`, see `analysis.prepare`) feed an FTS5 table on SQLite (kept in step by
triggers, migration 0002) and a generated, GIN-indexed `tsvector` on PostgreSQL (same migration): the same
prepared text on both engines, so both find the same things. Derived data only: `rebuild_search_index` recreates
every row from the content tables.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    BODY = "body", _("Local body")
    HUB = "hub", _("Hub")
    TOPIC = "topic", _("Hub topic")
    EVENT = "event", _("Event")
    DOCUMENT = "document", _("Document")
    QUESTION = "question", _("Question")
    PROJECT = "project", _("Project")
    NETWORK = "network", _("Learning network")
    GROUP = "group", _("Twinning group")
    PLAN = "plan", _("Strategic plan")
    GOAL = "goal", _("Strategic goal")
    NEWS = "news", _("Municipal news")
    PROGRAMME = "programme", _("Programme")


class SearchEntry(models.Model):
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField(_("object"))
    title = models.CharField(_("title"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=500)
    date = models.DateField(_("date"), null=True, blank=True)
    context = models.CharField(_("body or hub"), max_length=500, blank=True)
    # Everyone may see it (the source's own rule for an anonymous visitor); otherwise the source's rule for
    # the person decides at query time.
    is_public = models.BooleanField(_("public"), default=False)
    # A body's Arabic and English names as `analysis.name_key` folds them (blank for other kinds): a query that names
    # a body finds its entry by equality through an index, whatever the number of bodies. Derived from the title and
    # kind, so the fingerprint covers them.
    name_key = models.CharField(max_length=500, blank=True, editable=False)
    name_key_en = models.CharField(max_length=500, blank=True, editable=False)
    title_exact = models.TextField(blank=True)
    title_stems = models.TextField(blank=True)
    text_exact = models.TextField(blank=True)
    text_stems = models.TextField(blank=True)
    # Hash of everything above: `check_search_index` compares it with a fresh computation.
    fingerprint = models.CharField(max_length=64)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        db_table = "search_entry"
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_one_per_object")]
        indexes = [
            models.Index(fields=["kind", "is_public"], name="search_entry_kind_public"),
            models.Index(fields=["name_key"], name="search_entry_name_key"),
            models.Index(fields=["name_key_en"], name="search_entry_name_key_en"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class SearchFacet(models.Model):
    """One facet value of an entry: type, hub, governorate, year, sdg, language, body, sector, status (several hubs
    or goals each)."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=20)
    value = models.CharField(max_length=40)

    class Meta:
        db_table = "search_facet"
        constraints = [
            models.UniqueConstraint(fields=["entry", "name", "value"], name="search_facet_unique"),
        ]
        indexes = [models.Index(fields=["name", "value", "entry"], name="search_facet_lookup")]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class PlaceWords(models.Model):
    """The words of names of places (`analysis.place_words`), counted over every governorate and local body and
    kept here, one row: counting them read 10,000 names on the first search after the cache's copy went (about
    40 ms of CPU at regional scale). Written after a commit that changed a name (signals.py), by a rebuild of the
    index and after `migrate`."""

    words = models.TextField(blank=True)  # normalised, space-separated
    counted_at = models.DateTimeField()

    class Meta:
        db_table = "search_place_words"

    def __str__(self) -> str:
        return f"{len(self.words.split())} place words ({self.counted_at:%Y-%m-%d %H:%M})"
