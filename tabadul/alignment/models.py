"""Sustainable Development Goal and reform-indicator tags, modelled on CONSUL Democracy's SDG module.

Other apps tag their objects by inheriting `AlignedModel` and registering the model in
`tabadul.alignment.registry`; tags are written only through `alignment.services.alignment_set`.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tabadul.core.models import BilingualNameModel, TimeStampedModel

from .reference import target_sort_key

UN_TARGET_CODE = re.compile(r"^(?P<goal>[1-9]|1[0-7])\.([1-9][0-9]?|[a-z])$")
LOCAL_TARGET_CODE = re.compile(r"^(?P<parent>(?:[1-9]|1[0-7])\.(?:[1-9][0-9]?|[a-z]))\.[1-9][0-9]?$")


def _active(ar: str, en: str) -> str:
    if (get_language() or "ar").startswith("en") and en:
        return en
    return ar


class SdgGoal(BilingualNameModel):
    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )

    class Meta:
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=models.Q(number__gte=1, number__lte=17), name="sdg_goal_number_1_17")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def code(self) -> str:
        return str(self.number)

    def get_absolute_url(self) -> str:
        return reverse("alignment:goal_detail", args=[self.number])


class SdgTarget(models.Model):
    """A UN target ("11.3") or a local target that extends one ("11.3.1", `is_local`, with `parent`)."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    goal = models.ForeignKey(SdgGoal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="targets")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("UN target it extends"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="local_targets",
    )
    is_local = models.BooleanField(_("local target"), default=False)
    text_ar = models.TextField(_("text (Arabic)"))
    text_en = models.TextField(_("text (English)"), blank=True)
    # Derived from `code` so that 11.2 sorts before 11.10 and numbers before letters.
    sort_key = models.CharField(max_length=40, editable=False, db_index=True)

    class Meta:
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")
        ordering = ["sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_local=True, parent__isnull=False) | models.Q(is_local=False, parent__isnull=True),
                name="sdg_local_targets_have_parent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"[:120]

    def save(self, *args, **kwargs):
        # Derived column kept with the row it derives from (not business logic).
        self.sort_key = target_sort_key(self.code)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("alignment:target_detail", args=[self.code])

    @property
    def text(self) -> str:
        return _active(self.text_ar, self.text_en)

    def clean(self):
        if self.is_local:
            match = LOCAL_TARGET_CODE.match(self.code or "")
            if not match:
                raise ValidationError({"code": _("A local target code extends a UN target code, like 11.3.1.")})
            if not self.parent_id:
                raise ValidationError({"parent": _("Choose the UN target this local target extends.")})
            if self.parent.is_local or match["parent"] != self.parent.code:
                raise ValidationError({"code": _("The code must start with the code of the UN target it extends.")})
            if self.goal_id != self.parent.goal_id:
                raise ValidationError({"goal": _("A local target belongs to the goal of the UN target it extends.")})
        else:
            match = UN_TARGET_CODE.match(self.code or "")
            if not match:
                raise ValidationError({"code": _("A UN target code looks like 11.3 or 11.a.")})
            if self.parent_id:
                raise ValidationError({"parent": _("Only local targets extend another target.")})
            if self.goal_id and str(self.goal.number) != match["goal"]:
                raise ValidationError({"code": _("The code must start with the goal's number.")})


class Kpi(BilingualNameModel, TimeStampedModel):
    """A configurable reform key performance indicator, e.g. one of the Municipal Development and Lending Fund."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Who defines the indicator, e.g. the MDLF.")
    )
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("reform indicator")
        verbose_name_plural = _("reform indicators")
        ordering = ["position", "code"]

    @property
    def description(self) -> str:
        return _active(self.description_ar, self.description_en)

    def get_absolute_url(self) -> str:
        return reverse("alignment:kpi_detail", args=[self.code])


@dataclass(frozen=True)
class Tags:
    """What an aligned object serves, each kind in its order: shown by `{% alignment_tags obj %}`."""

    goals: Sequence[SdgGoal]
    targets: Sequence[SdgTarget]
    kpis: Sequence[Kpi]


class AlignedModel(models.Model):
    """Mixin for anything that serves goals, targets and indicators (work-plan topics, events, ...).

    Write the tags with `alignment.services.alignment_set` (it adds the goal of each target and the UN target of
    each local target), and register the model in `alignment.registry` to list it on the goal pages. The hidden
    reverse names ("+") let any number of models use the mixin.
    """

    sdg_goals = models.ManyToManyField(
        SdgGoal, verbose_name=_("sustainable development goals"), blank=True, related_name="+"
    )
    sdg_targets = models.ManyToManyField(SdgTarget, verbose_name=_("SDG targets"), blank=True, related_name="+")
    kpis = models.ManyToManyField(Kpi, verbose_name=_("reform indicators"), blank=True, related_name="+")

    class Meta:
        abstract = True

    @cached_property
    def tags(self) -> Tags:
        """The object's tags, from its relations (read a list `.prefetch_related(*ALIGNMENT_PREFETCH)`); a selector
        that reads the tags of many objects at once gives them instead (`alignment.selectors.assign_tags`)."""
        return Tags(goals=self.sdg_goals.all(), targets=self.sdg_targets.all(), kpis=self.kpis.all())


# For selectors of aligned models: `.prefetch_related(*ALIGNMENT_PREFETCH)` before showing tags.
ALIGNMENT_PREFETCH = ("sdg_goals", "sdg_targets", "kpis")
