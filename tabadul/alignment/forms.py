from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from tabadul.core.forms import Form

from .models import Kpi, SdgGoal, SdgTarget


def hub_choices() -> list[tuple[str, str]]:
    """The hubs to filter by (the hubs app is optional for this one)."""
    try:
        Hub = apps.get_model("hubs", "Hub")
    except LookupError:
        return []
    return [(hub.slug, hub.name) for hub in Hub.objects.only("slug", "name_ar", "name_en").order_by("position", "pk")]


class AlignedFilterForm(Form):
    hub = forms.ChoiceField(label=_("Hub"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].choices = [("", _("All hubs")), *hub_choices()]

    def hub_slug(self) -> str:
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get("hub") or ""
        return ""


class AlignmentFields(forms.Form):
    """Mix into any form of an AlignedModel; pass `form.alignment_values()` to `alignment_set`."""

    sdg_targets = forms.ModelMultipleChoiceField(
        label=_("SDG targets"),
        queryset=SdgTarget.objects.select_related("goal"),
        required=False,
        help_text=_("Choosing a target also tags its goal."),
    )
    sdg_goals = forms.ModelMultipleChoiceField(label=_("Goals"), queryset=SdgGoal.objects.all(), required=False)
    kpis = forms.ModelMultipleChoiceField(
        label=_("Reform indicators"), queryset=Kpi.objects.filter(is_active=True), required=False
    )

    def alignment_values(self) -> dict:
        return {
            "targets": list(self.cleaned_data.get("sdg_targets") or []),
            "goals": list(self.cleaned_data.get("sdg_goals") or []),
            "kpis": list(self.cleaned_data.get("kpis") or []),
        }
