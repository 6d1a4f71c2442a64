"""Which models carry alignment tags and how the goal, target and indicator pages list them.

Each app declares its `AlignedModel` subclasses in its hooks.py, under the hook `alignment.aligned_models`
(core/hooks.py):

    hooks.register("alignment.aligned_models", AlignedKind(WorkPlanTopic, hub_lookup="work_plan__hub"))

`hub_lookup` is the path from the model to `hubs.Hub` (for the hub filter; None if the model has no hub);
`visible(queryset, user)` narrows the rows to what the visitor may see (e.g. published events only).
Objects are shown with `str(obj)` and linked with `obj.get_absolute_url()` when the model has it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model, QuerySet

from tabadul.core import hooks

from .models import AlignedModel


@dataclass(frozen=True)
class AlignedKind:
    model: type[Model]
    hub_lookup: str | None = None
    select_related: tuple[str, ...] = ()
    visible: Callable[[QuerySet, object], QuerySet] | None = None
    order_by: tuple[str, ...] = field(default=("-pk",))

    def __post_init__(self):
        if not issubclass(self.model, AlignedModel):
            raise TypeError(f"{self.model.__name__} must inherit tabadul.alignment.models.AlignedModel")

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


KINDS = hooks.Declared("alignment.aligned_models", key=lambda kind: kind.key)


def kinds() -> list[AlignedKind]:
    """The declared kinds, by model label."""
    return sorted(KINDS.values(), key=lambda kind: kind.key)
