from django import forms
from django.utils.translation import gettext_lazy as _

from tabadul.core.forms import Form, ModelForm

from .models import Country, Governorate, LocalBody, Organisation, Region
from .selectors import BodyFilters, OrganisationFilters


class BodyFilterForm(Form):
    """The directory filters. Unknown values are reported and ignored, never an error page."""

    q = forms.CharField(label=_("Name"), required=False)
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("All countries"),
    )
    governorate = forms.ModelChoiceField(
        label=_("Governorate"),
        queryset=Governorate.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("All governorates"),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("All regions"),
    )
    type = forms.ChoiceField(label=_("Type"), choices=[("", _("All types")), *LocalBody.Type.choices], required=False)

    def filters(self) -> BodyFilters:
        if not self.is_bound:
            return BodyFilters()
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        return BodyFilters(
            q=data.get("q") or "",
            country=data.get("country"),
            governorate=data.get("governorate"),
            region=data.get("region"),
            type=data.get("type") or "",
        )


class BodyNameForm(Form):
    """A body's name only, for a list of bodies already narrowed to a person's (the Meter's dashboard): no choice
    field, so its queries do not change with how many pages the list has."""

    q = forms.CharField(label=_("Name"), required=False)

    def filters(self) -> BodyFilters:
        return BodyFilters(q=self.cleaned_data["q"]) if self.is_bound and self.is_valid() else BodyFilters()


class OrganisationFilterForm(Form):
    q = forms.CharField(label=_("Name"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Organisation.Kind.choices], required=False
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("All countries"),
    )

    def filters(self) -> OrganisationFilters:
        if not self.is_bound:
            return OrganisationFilters()
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        return OrganisationFilters(q=data.get("q") or "", kind=data.get("kind") or "", country=data.get("country"))


class BodyContactForm(ModelForm):
    class Meta:
        model = LocalBody
        fields = ["address", "phone", "email", "website", "population", "logo"]
