"""Writes of alignment tags.

`alignment_set` is called from inside the owning app's service (e.g. `work_plan_topic_align`), which has
already checked that the actor may change the object; it runs in that service's transaction.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tabadul.core.services import audit_record

from . import audit_actions
from .models import AlignedModel, Kpi, SdgGoal, SdgTarget


def _resolve(model, items: Iterable, *, key: str, message: str) -> list:
    objects, wanted = [], []
    for item in items:
        if isinstance(item, model):
            objects.append(item)
        else:
            wanted.append(str(item).strip())
    if wanted:
        found = {str(getattr(obj, key)): obj for obj in model.objects.filter(**{f"{key}__in": wanted})}
        missing = [value for value in wanted if value not in found]
        if missing:
            raise ValidationError(message % {"codes": ", ".join(missing)})
        objects.extend(found[value] for value in wanted)
    return objects


@transaction.atomic
def alignment_set(
    *, obj: AlignedModel, targets: Iterable = (), goals: Iterable = (), kpis: Iterable = (), actor=None
) -> dict:
    """Replace the tags of `obj`. Tagging a target tags its goal; a local target also tags its UN target.

    `targets` are SdgTarget objects or codes ("11.3"), `goals` SdgGoal objects or numbers, `kpis` Kpi objects or
    codes. Unknown codes raise ValidationError and change nothing. Returns the resulting codes.
    """
    if not isinstance(obj, AlignedModel):
        raise TypeError(f"{type(obj).__name__} is not an AlignedModel")
    target_objs = _resolve(SdgTarget, targets, key="code", message=_("Unknown SDG target: %(codes)s."))
    goal_objs = _resolve(SdgGoal, goals, key="number", message=_("Unknown SDG goal: %(codes)s."))
    kpi_objs = _resolve(Kpi, kpis, key="code", message=_("Unknown reform indicator: %(codes)s."))

    target_ids = set()
    pending = list(target_objs)
    parents = {t.pk: t for t in SdgTarget.objects.filter(local_targets__in=[t.pk for t in target_objs if t.is_local])}
    while pending:
        target = pending.pop()
        if target.pk in target_ids:
            continue
        target_ids.add(target.pk)
        if target.parent_id:
            pending.append(parents.get(target.parent_id) or SdgTarget.objects.get(pk=target.parent_id))
    goal_ids = {goal.pk for goal in goal_objs}
    goal_ids |= set(SdgTarget.objects.filter(pk__in=target_ids).values_list("goal_id", flat=True))
    kpi_ids = {kpi.pk for kpi in kpi_objs}

    before = alignment_codes(obj)
    obj.sdg_goals.set(goal_ids)
    obj.sdg_targets.set(target_ids)
    obj.kpis.set(kpi_ids)
    after = alignment_codes(obj)
    if after != before:
        audit_record(
            actor=actor,
            action=audit_actions.TAGS_SET,
            target=obj,
            changes={name: [before[name], after[name]] for name in after if after[name] != before[name]},
        )
    return after


def alignment_codes(obj: AlignedModel) -> dict[str, list[str]]:
    return {
        "goals": [str(n) for n in sorted(obj.sdg_goals.values_list("number", flat=True))],
        "targets": sorted(obj.sdg_targets.values_list("code", flat=True)),
        "kpis": sorted(obj.kpis.values_list("code", flat=True)),
    }
