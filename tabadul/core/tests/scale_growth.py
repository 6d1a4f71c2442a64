"""Growing the matrix world for the two-size query-count test (test_query_counts_at_scale.py) and bench/pages.py.

`grow(world)` adds, on top of the demo, the scale generator's regional data at a small size (tabadul/demo/scale),
then gives every object the world's pages open more of what those pages list: for each object of the world (and
the content of its people: `PEOPLE`), every relation pointing at it (a foreign key of another model, a
many-to-many table, either side) that already holds a row gets `rows` more. The rows are copies of the object's
own (so their other links stay coherent and the page keeps its shape: a section empty on the demo stays empty), with
their unique values made new and, where a uniqueness constraint ties them to the object, their other link moved to
another row of the database (another body, another person: never one of the world's, whose roles would change). A
copy the database refuses is left out. So a new model that points at a hub, a plan or a body grows with the others
without a line here, and its page's N+1 shows.
"""

from __future__ import annotations

import itertools
import uuid

from django.db import IntegrityError, models, transaction

# Relations not grown, each with its reason.
SKIP = {
    # Bookkeeping rows that no page lists by their object.
    "core.AuditEvent",
    "core.ThrottleCounter",
    "sessions.Session",
    "admin.LogEntry",
}


# What grows of the world's people: what their pages list, not what they may do (roles, memberships, mandates).
PEOPLE = {
    "notifications.Notification.recipient",
    "events.Registration.user",
    "qa.Question.asker",
}


def grow(world, *, bodies: int, seed: int, rows: int, search_index: bool = True, stream=None) -> dict[str, int]:
    """Grow the world in place; return how many rows each relation gained ("model.field" -> rows). `stream`: where
    the generator says how long each step took (nowhere by default)."""
    generate_scale(bodies=bodies, seed=seed, search_index=search_index, stream=stream)
    grown: dict[str, int] = {}
    people = [user for user in world.users.values() if user is not None]
    targets = [obj for obj in world.objects.values() if isinstance(obj, models.Model) and obj.pk is not None]
    protected: dict[type, set] = {}  # the world's rows: never moved into a copy nor linked to a world object
    for obj in targets + people:
        protected.setdefault(obj._meta.concrete_model, set()).add(obj.pk)
    _protect_what_people_hold([obj for obj in targets + people if obj._meta.label == "accounts.User"], protected)
    seen = set()
    for obj in targets + people:
        key = (obj._meta.label, obj.pk)
        if key in seen:
            continue
        seen.add(key)
        for relation in obj._meta.get_fields():
            made = _grow_relation(obj, relation, rows, protected, people=obj in people)
            if made:
                grown[made[0]] = grown.get(made[0], 0) + made[1]
    from tabadul.events import reach
    from tabadul.hubs import member_figures
    from tabadul.qa import response_times

    reach.store()  # the copies bypass the services: store the reach figures as after an import (reach_figures)
    response_times.refresh()  # and the questions' response times
    member_figures.store_all()  # and the hubs' member counts (hub_member_figures)
    return grown


def _protect_what_people_hold(people, protected: dict) -> None:
    """The rows the world's people hold through a row of their own (a mandate's hub, a role's body, a membership's
    hub...) are not linked to a world object: linking another hub as an organiser of the world's event gave the
    finance hub's coordinator (`other_coordinator`) the right to manage it at scale and not on the demo."""
    for person in people:
        for relation in person._meta.get_fields():
            if not (isinstance(relation, models.ManyToOneRel) and relation.one_to_many):
                continue
            model = relation.related_model
            if model._meta.label in SKIP:
                continue
            links = [f for f in model._meta.concrete_fields if f.is_relation and f is not relation.field]
            if not links:
                continue
            rows = model._default_manager.filter(**{relation.field.attname: person.pk})
            for values in rows.values_list(*(f.attname for f in links)):
                for link, value in zip(links, values, strict=True):
                    if value is not None:
                        protected.setdefault(link.related_model._meta.concrete_model, set()).add(value)


def generate_scale(*, bodies: int, seed: int, search_index: bool = True, stream=None) -> None:
    """The scale generator (tabadul/demo/scale, `manage.py load_scale`) on top of what the database holds."""
    import io

    from tabadul.demo.scale import generate

    generate(bodies=bodies, seed=seed, search_index=search_index, stream=stream or io.StringIO())


def _grow_relation(obj, relation, rows: int, protected: dict, *, people: bool):
    if isinstance(relation, models.ManyToOneRel) and relation.one_to_many:  # another model's ForeignKey pointing at obj
        model, field = relation.related_model, relation.field
        label = f"{model._meta.label}.{field.name}"
        if model._meta.label in SKIP or (people and label not in PEOPLE):
            return None
        return label, _copy_children(obj, model, field, rows, protected)
    if relation.many_to_many and not people:
        if relation.concrete:  # obj's own ManyToManyField
            through = relation.remote_field.through
            own, other = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        else:  # another model's ManyToManyField naming obj's model
            through = relation.through if hasattr(relation, "through") else relation.field.remote_field.through
            own, other = relation.field.m2m_reverse_field_name(), relation.field.m2m_field_name()
        if through._meta.label in SKIP:
            return None
        return f"{through._meta.label}.{own}", _link_more(obj, through, own, other, rows, protected)
    return None


def _unique_partners(model, field) -> set[str]:
    """The other fields a uniqueness rule ties to `field` (their values must change in a copy)."""
    partners = set()
    groups = [set(group) for group in model._meta.unique_together]
    groups += [set(c.fields) for c in model._meta.constraints if isinstance(c, models.UniqueConstraint) and c.fields]
    for group in groups:
        if field.name in group:
            partners |= group - {field.name}
    return partners


def _pool(model, exclude: set, size: int, protected: dict) -> list:
    exclude = exclude | protected.get(model._meta.concrete_model, set())
    return list(model._default_manager.exclude(pk__in=exclude).order_by("-pk").values_list("pk", flat=True)[:size])


def _copy_children(obj, model, field, rows: int, protected: dict) -> int:
    manager = model._default_manager
    sources = list(manager.filter(**{field.attname: obj.pk}).order_by("pk")[:rows])
    if not sources:
        return 0
    partners = [model._meta.get_field(name) for name in _unique_partners(model, field)]
    pools = {}
    for partner in partners:
        if partner.is_relation:
            used = set(manager.filter(**{field.attname: obj.pk}).values_list(partner.attname, flat=True))
            pools[partner.attname] = iter(_pool(partner.related_model, used, rows * 3, protected))
    made = 0
    for source in itertools.islice(itertools.cycle(sources), rows):
        copy = _copy(source)
        setattr(copy, field.attname, obj.pk)
        for partner in partners:
            if partner.is_relation:
                value = next(pools[partner.attname], None)
                if value is None:
                    break
                setattr(copy, partner.attname, value)
        else:
            made += _save(copy)
    return made


def _copy(source):
    copy = source.__class__()
    for field in source._meta.concrete_fields:
        if field.primary_key:
            continue
        value = getattr(source, field.attname)
        if field.unique and isinstance(field, models.CharField):
            value = uuid.uuid4().hex[: min(field.max_length or 32, 32)]
        elif field.unique and isinstance(field, models.EmailField):
            value = f"{uuid.uuid4().hex[:12]}@grown.example"
        setattr(copy, field.attname, value)
    return copy


def _save(copy) -> int:
    try:
        with transaction.atomic():
            copy.__class__._default_manager.bulk_create([copy])  # no save() logic, no signals, as the generator
        return 1
    except IntegrityError:
        return 0


def _link_more(obj, through, own: str, other: str, rows: int, protected: dict) -> int:
    own_field, other_field = through._meta.get_field(own), through._meta.get_field(other)
    links = through._default_manager.filter(**{own_field.attname: obj.pk})
    linked = set(links.values_list(other_field.attname, flat=True))
    if not linked:
        return 0
    made = 0
    for pk in _pool(other_field.related_model, linked, rows, protected):
        made += _save(through(**{own_field.attname: obj.pk, other_field.attname: pk}))
    return made
