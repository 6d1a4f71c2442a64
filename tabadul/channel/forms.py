from django import forms
from django.utils.translation import gettext_lazy as _

from tabadul.core import forms as core_forms
from tabadul.directory.models import Country

from .models import Item
from .selectors import BODY, HUB, PROGRAMME, ChannelFilters


class ChannelFilterForm(core_forms.Form):
    source_kind = forms.ChoiceField(
        label=_("Source"),
        required=False,
        choices=[("", _("All sources")), (BODY, _("Local bodies")), (HUB, _("Hubs")), (PROGRAMME, _("Programmes"))],
    )
    country = forms.ModelChoiceField(
        label=_("Country"), required=False, queryset=Country.objects.order_by("name_ar"), empty_label=_("All countries")
    )

    def filters(self) -> ChannelFilters:
        if not self.is_valid():
            return ChannelFilters()
        return ChannelFilters(source_kind=self.cleaned_data["source_kind"], country=self.cleaned_data["country"])


class ItemForm(core_forms.ModelForm):
    """A hub's or programme's item: `source` is "hub:<pk>" or "programme:<pk>" among those the person may post for."""

    source = forms.ChoiceField(label=_("Posted for"))

    class Meta:
        model = Item
        fields = ["title", "summary", "source_url", "source_name", "country", "status"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3, "maxlength": 400})}

    def __init__(self, *args, hubs, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self._sources = {f"hub:{hub.pk}": ("hub", hub) for hub in hubs}
        self._sources |= {f"programme:{p.pk}": ("programme", p) for p in programmes}
        self.fields["source"].choices = [
            (_("Hubs"), [(key, str(obj)) for key, (kind, obj) in self._sources.items() if kind == "hub"]),
            (_("Programmes"), [(key, str(obj)) for key, (kind, obj) in self._sources.items() if kind == "programme"]),
        ]
        self.fields["country"].queryset = Country.objects.order_by("name_ar")
        if self.instance.pk:
            del self.fields["source"]  # an item keeps its source
        self.order_fields(["source", "title", "summary", "source_url", "source_name", "country", "status"])

    def source_values(self) -> dict:
        kind, obj = self._sources[self.cleaned_data["source"]]
        return {kind: obj}

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def _post_clean(self):  # the model is validated by the service (one place, same messages)
        pass
