from django import forms
from django.db.models import Case, When
from django.utils.translation import gettext_lazy as _

from tabadul.core.forms import Form, ModelForm
from tabadul.core.pickers import MultiplePickerField
from tabadul.directory.models import LocalBody, Organisation

from .models import PilotMilestone, PilotProject, Programme
from .services import MILESTONE_FIELDS, PAGE_FIELDS, PILOT_FIELDS, find_person


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


def _ticked_first(queryset, ticked):
    """The ticked choices above the others (each part by name), so that editing shows what the pilot has."""
    return queryset.order_by(Case(When(pk__in=ticked, then=0), default=1), "name_ar", "pk")


class PilotForm(ModelForm):
    """A pilot project's details; its bodies are chosen among those of the programme's countries (all when it
    names none) with a picker (core/pickers.py: thousands of bodies, never all in the page). Partners are tick
    boxes, not a multiple select (which a phone shows as a modal list and a keyboard needs Ctrl to use), in a
    scrolling box when long, the ticked ones first. Budgets accept Arabic-Indic digits (core.forms)."""

    bodies = MultiplePickerField(picker="bodies", label=_("Local bodies"), queryset=LocalBody.objects.none())
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "tick-list"}),
    )

    class Meta:
        model = PilotProject
        fields = list(PILOT_FIELDS)
        widgets = {
            "objectives_ar": forms.Textarea(attrs={"rows": 4}),
            "objectives_en": forms.Textarea(attrs={"rows": 4}),
            "lessons_ar": forms.Textarea(attrs={"rows": 4}),
            "lessons_en": forms.Textarea(attrs={"rows": 4}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "budget": forms.TextInput(attrs={"inputmode": "decimal"}),
        }

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = LocalBody.objects.all()
        country_ids = list(programme.countries.values_list("pk", flat=True))
        if country_ids:
            bodies = bodies.filter(country_id__in=country_ids)
        self.fields["bodies"].queryset = bodies
        if self.instance.pk:
            self.initial.setdefault("bodies", list(self.instance.bodies.values_list("pk", flat=True)))
            self.initial.setdefault("partners", list(self.instance.partners.values_list("pk", flat=True)))
        ticked = [pk for pk in self["partners"].value() or [] if str(pk).isdigit()]  # what was posted or saved
        self.fields["partners"].queryset = _ticked_first(Organisation.objects.all(), ticked)
        self.fields["budget"].localize = False


class MilestoneForm(ModelForm):
    class Meta:
        model = PilotMilestone
        fields = list(MILESTONE_FIELDS)
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "done_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False  # empty: after the others (a new one) or unchanged
