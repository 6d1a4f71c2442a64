"""A fingerprint of the rows a run made, to check that the same seed gives the same rows on any database.

Keys and clocks differ between databases and runs, content does not: each generated row is read without its
primary key, its `auto_now` / `auto_now_add` columns and the few columns whose text holds keys (`WITH_KEYS`), and
every reference to another generated row is replaced by that row's place among the generated rows of its table
(references to rows that were there before stay as they are). The hash of all that, table by table, is the digest.
"""

import hashlib

from django.apps import apps
from django.db import models

# The tables a run writes (many-to-many tables included: their models are Django's automatic ones). Hubs, topics
# and the network are written only into a database without any (a test's), governorates only for some countries.
LABELS = (
    "hubs.Hub", "qa.Topic", "twinning.Network", "directory.Governorate", "directory.LocalBody", "accounts.User",
    "accounts.RoleGrant", "qa.SpecialistProfile", "hubs.Membership", "hubs.Representative", "events.Event",
    "events.Registration", "library.Document", "library.DocumentVersion", "qa.Question", "qa.Answer",
    "qa.QuestionRouting", "twinning.TwinningGroup", "twinning.Milestone", "meter.ProjectStatus",
    "meter.StrategicPlan", "meter.StrategicGoal", "meter.Project", "meter.ProgressUpdate",
    "notifications.Notification",
)  # fmt: skip
M2M = (
    ("qa.SpecialistProfile", "topics"), ("events.Event", "organiser_hubs"), ("events.Event", "organiser_bodies"),
    ("events.Event", "organisers"), ("library.Document", "author_bodies"), ("library.Document", "author_hubs"),
    ("qa.Question", "topics"), ("twinning.TwinningGroup", "members"), ("twinning.Network", "members"),
)  # fmt: skip


def _models() -> list[type[models.Model]]:
    found = [apps.get_model(label) for label in LABELS]
    found += [apps.get_model(label)._meta.get_field(name).remote_field.through for label, name in M2M]
    return found


def baseline() -> dict[str, int]:
    """The largest key of each generated table now (rows above it are a run's)."""
    return {m._meta.label: m.objects.aggregate(top=models.Max("pk"))["top"] or 0 for m in _models()}


# Columns whose text holds keys of other rows (a link to an event; the figures a plan stores for its page, which
# name its goals and projects): they differ with the keys, like the references the digest maps to places.
WITH_KEYS = {("notifications.Notification", "url"), ("meter.StrategicPlan", "rollup")}


def _columns(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
        and (model._meta.label, field.name) not in WITH_KEYS
    ]


def digest(base: dict[str, int]) -> str:
    """The digest of the rows above `base` (a `baseline()` taken before the run)."""
    tables = _models()
    places: dict[str, dict[int, int]] = {}
    for model in tables:
        keys = model.objects.filter(pk__gt=base[model._meta.label]).order_by("pk").values_list("pk", flat=True)
        places[model._meta.label] = {key: place for place, key in enumerate(keys)}
    total = hashlib.sha256()
    for model in tables:
        columns = _columns(model)
        rows = (
            model.objects.filter(pk__gt=base[model._meta.label])
            .order_by("pk")
            .values_list(*[c.attname for c in columns])
        )
        total.update(model._meta.label.encode())
        for row in rows.iterator(chunk_size=5000):
            total.update(
                repr(
                    tuple(_portable(column, value, places) for column, value in zip(columns, row, strict=True))
                ).encode()
            )
    return total.hexdigest()


def _portable(column: models.Field, value, places: dict[str, dict[int, int]]):
    if column.is_relation and value is not None:
        target = places.get(column.related_model._meta.label)
        if target is not None and value in target:
            return ("generated", target[value])
    return value
