"""Which models carry alignment tags and how the goal, target and indicator pages list them.

An app registers each `AlignedModel` subclass once, in its `AppConfig.ready()`:

    from tabadul.alignment import registry
    registry.register(WorkPlanTopic, hub_lookup="work_plan__hub", select_related=("work_plan__hub",))

`hub_lookup` is the path from the model to `hubs.Hub` (for the hub filter; None if the model has no hub);
`visible(queryset, user)` narrows the rows to what the visitor may see (e.g. published events only).
Objects are shown with `str(obj)` and linked with `obj.get_absolute_url()` when the model has it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class AlignedKind:
    model: type[Model]
    hub_lookup: str | None = None
    select_related: tuple[str, ...] = ()
    visible: Callable[[QuerySet, object], QuerySet] | None = None
    order_by: tuple[str, ...] = field(default=("-pk",))

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    @property
    def label(self) -> str:
        return self.model._meta.verbose_name_plural

    def queryset(self, user=None) -> QuerySet:
        rows = self.model._default_manager.all()
        if self.visible is not None:
            rows = self.visible(rows, user)
        return rows


_kinds: dict[str, AlignedKind] = {}


def register(
    model: type[Model],
    *,
    hub_lookup: str | None = None,
    select_related: tuple[str, ...] = (),
    visible: Callable[[QuerySet, object], QuerySet] | None = None,
    order_by: tuple[str, ...] = ("-pk",),
) -> AlignedKind:
    from .models import AlignedModel

    if not issubclass(model, AlignedModel):
        raise TypeError(f"{model.__name__} must inherit tabadul.alignment.models.AlignedModel")
    kind = AlignedKind(
        model=model, hub_lookup=hub_lookup, select_related=tuple(select_related), visible=visible, order_by=order_by
    )
    _kinds[kind.key] = kind  # registering again replaces (autoreload, tests)
    return kind


def unregister(model: type[Model]) -> None:
    _kinds.pop(model._meta.label_lower, None)


def kinds() -> list[AlignedKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.key)
