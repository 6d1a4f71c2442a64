from django import forms
from django.utils.translation import gettext_lazy as _

from tabadul.core.forms import Form, ModelForm

from .models import Programme
from .services import PAGE_FIELDS, find_person


class OfficerGrantForm(Form):
    person = forms.CharField(
        label=_("User name or e-mail address"),
        max_length=254,
        help_text=_("The person needs an active Tabadul account."),
    )

    def clean_person(self):
        person = find_person(identifier=self.cleaned_data["person"])
        if person is None:
            raise forms.ValidationError(_("No active account has this user name or e-mail address."))
        return person


class ProgrammePageForm(ModelForm):
    class Meta:
        model = Programme
        fields = list(PAGE_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in PAGE_FIELDS if name != "logo"}


class PeriodForm(Form):
    """The period of the results and the funder's report (either end may stay empty)."""

    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The period cannot end before it starts."))
        return data
