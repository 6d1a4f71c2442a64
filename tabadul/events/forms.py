import datetime as dt
import zoneinfo
from functools import partial

from django import forms
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tabadul.accounts.models import User
from tabadul.core.files import model_upload_field
from tabadul.core.forms import Form, ModelForm
from tabadul.core.pickers import MultiplePickerField, PickerField
from tabadul.directory.models import Country, LocalBody, Region
from tabadul.programmes.selectors import programmes_for_form

from .models import CAPACITY_MESSAGE, TIME_ZONE_CHOICES, Course, Event, EventDocument, FollowUp

LOCAL_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def capacity_field() -> forms.IntegerField:
    """A capacity: empty for no limit, else at least 1, with one clear message for 0, negatives and non-numbers."""
    return forms.IntegerField(
        label=_("Capacity"),
        required=False,
        min_value=1,
        max_value=100000,
        help_text=_("Empty: no limit."),
        error_messages={"min_value": CAPACITY_MESSAGE, "max_value": CAPACITY_MESSAGE, "invalid": CAPACITY_MESSAGE},
    )


class EventFilterForm(Form):
    WHEN_CHOICES = [("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All"))]

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    when = forms.ChoiceField(label=_("When"), choices=WHEN_CHOICES, required=False)
    type = forms.ChoiceField(label=_("Type"), choices=[("", _("All types")), *Event.Type.choices], required=False)
    day = forms.DateField(label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def values(self) -> dict:
        if not self.is_bound:
            return {"when": "upcoming", "type": "", "q": "", "day": None}
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        return {
            "when": data.get("when") or "upcoming",
            "type": data.get("type") or "",
            "q": data.get("q") or "",
            "day": data.get("day"),
        }


# Up to this many hubs or local bodies a person acts for are offered as checkboxes; more (an administrator, who may
# name any of a region's 200 hubs and 10,000 bodies) are typed, with a picker (core/pickers.py).
CHECKBOXES = 20


def choose_among(form, name: str, choices, *, picker: str) -> None:
    """`choices` for the form's checkbox field `name`, or a picker in its place when they are more than CHECKBOXES.

    One query either way, whatever the number of choices, so that a page costs the same with a few and with
    thousands: the first CHECKBOXES + 1 choices are read, and the tick boxes are drawn from them; the picker shows
    the rows already named on the object (the form's initial rows, read with it) by their labels, when those need
    no other table."""
    field = form.fields[name]
    field.queryset = choices  # what a submission is checked against
    rows = list(choices[: CHECKBOXES + 1])
    if len(rows) <= CHECKBOXES:
        field.widget.choices = [(row.pk, field.label_from_instance(row)) for row in rows]
        return
    typed = form.fields[name] = MultiplePickerField(
        picker=picker, queryset=choices, required=field.required, label=field.label, help_text=field.help_text
    )
    named = form.initial.get(name)
    if named and not typed.picker.related and all(isinstance(row, Model) for row in named):
        form.initial[name] = "\n".join(typed.picker.label(row) for row in named)


class EventForm(ModelForm):
    """Times are typed as wall-clock times in the event's own time zone and stored timezone-aware."""

    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        input_formats=LOCAL_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Local time in the event's time zone."),
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"),
        input_formats=LOCAL_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES, initial="Asia/Hebron")
    capacity = capacity_field()

    class Meta:
        model = Event
        fields = [
            "name_ar",
            "name_en",
            "type",
            "description",
            "organiser_hubs",
            "organiser_bodies",
            "organiser_organisations",
            "organised_by_platform",
            "partner_organiser",
            "programme",
            "starts_at",
            "ends_at",
            "time_zone",
            "mode",
            "city",
            "venue",
            "online_url",
            "visibility",
            "capacity",
            "registration_open",
            "topics",
            "host_body",
            "host_organisation",
            "visiting_bodies",
        ]
        # Local bodies are chosen by typing their names (core/pickers.py): a <select> of the 10,000 bodies of a
        # region took 0.6 s to render for each such field (issue 22).
        field_classes = {
            "host_body": partial(PickerField, picker="bodies"),
            "visiting_bodies": partial(MultiplePickerField, picker="bodies"),
        }
        widgets = {
            "organiser_hubs": forms.CheckboxSelectMultiple,
            "organiser_bodies": forms.CheckboxSelectMultiple,
            "organiser_organisations": forms.CheckboxSelectMultiple,
            "topics": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "organiser_bodies": _("A local body holding its own event (a community meeting, an open day, ...)."),
            "host_body": _("A field visit or study tour only: the body that receives the visitors."),
            "host_organisation": _("A field visit or study tour only: the organisation that receives the visitors."),
        }

    def __init__(
        self, *args, user, hub_choices=None, topic_choices=None, body_choices=None, organisation_choices=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        if organisation_choices is not None and organisation_choices.exists():
            self.fields["organiser_organisations"].queryset = organisation_choices
        else:
            del self.fields["organiser_organisations"]  # the person works for no organisation: the service keeps them
        if body_choices is not None:
            choose_among(self, "organiser_bodies", body_choices, picker="bodies")
        if not user.has_perm("events.organise_for_platform"):
            del self.fields["organised_by_platform"]  # the service keeps the value it has
        programmes = programmes_for_form(user, keep=self.instance.programme if self.instance.pk else None)
        if programmes.exists():
            self.fields["programme"].queryset = programmes
        else:
            del self.fields["programme"]  # the service keeps the value it has
        if hub_choices is not None:
            choose_among(self, "organiser_hubs", hub_choices, picker="hubs")
        if topic_choices is not None:
            self.fields["topics"].queryset = topic_choices
        if self.instance.pk:
            tz = self.instance.tz
            self.initial["starts_at"] = timezone.localtime(self.instance.starts_at, tz).replace(tzinfo=None)
            self.initial["ends_at"] = timezone.localtime(self.instance.ends_at, tz).replace(tzinfo=None)

    def _aware(self, value: dt.datetime | None, tz_name: str):
        if value is None:
            return None
        naive = value.replace(tzinfo=None) if timezone.is_aware(value) else value
        return naive.replace(tzinfo=zoneinfo.ZoneInfo(tz_name))

    def clean(self):
        data = super().clean()
        tz_name = data.get("time_zone") or "Asia/Hebron"
        for name in ("starts_at", "ends_at"):
            if data.get(name):
                data[name] = self._aware(data[name], tz_name)
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        return data

    def _post_clean(self):
        # The service validates the model (full_clean) itself; the form only checks its fields.
        pass

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in self.fields
            if name
            not in ("organiser_hubs", "organiser_bodies", "organiser_organisations", "topics", "visiting_bodies")
        }
        return fields


class CapacityForm(Form):
    capacity = capacity_field()


class InviteForm(Form):
    bodies = MultiplePickerField(
        picker="bodies", label=_("Local bodies"), queryset=LocalBody.objects.all(), required=False
    )
    people = forms.CharField(
        label=_("People (e-mail addresses or user names, one a line)"), widget=forms.Textarea, required=False
    )

    def clean_people(self):
        names = [line.strip() for line in self.cleaned_data.get("people", "").replace(",", "\n").splitlines()]
        names = [name for name in names if name][:200]
        found = list(
            User.objects.filter(email__in=[n.lower() for n in names]) | User.objects.filter(username__in=names)
        )
        known = {user.email.lower() for user in found} | {user.username for user in found}
        unknown = [name for name in names if name.lower() not in known and name not in known]
        if unknown:
            raise forms.ValidationError(_("No account for: %(names)s") % {"names": ", ".join(unknown[:10])})
        return found

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("bodies") and not data.get("people"):
            raise forms.ValidationError(_("Choose at least one local body or person to invite."))
        return data


class CheckInCodeForm(Form):
    code = forms.CharField(
        label=_("Registration code"), max_length=20, error_messages={"required": _("Type the registration code.")}
    )


class DocumentForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = model_upload_field(
        EventDocument, "file", label=_("File"), help_text=_("PDF, office documents or images, up to 10 MB.")
    )


class CloseEventForm(Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea)
    attendee_count = forms.IntegerField(label=_("Number of attendees"), min_value=0, max_value=100000)
    decisions = forms.CharField(label=_("Decisions"), widget=forms.Textarea, required=False)


class FollowUpForm(Form):
    description = forms.CharField(label=_("Follow-up action"), max_length=500, required=False)
    owner_name = forms.CharField(label=_("Owner"), max_length=200, required=False)
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        data = super().clean()
        if data.get("description") and not data.get("owner_name"):
            self.add_error("owner_name", _("Name who owns this action."))
        return data


FollowUpFormSet = forms.formset_factory(FollowUpForm, extra=3, max_num=20)


class FollowUpStatusForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUp.Status.choices)


class CourseForm(ModelForm):
    capacity = capacity_field()
    min_sessions_attended = forms.IntegerField(
        label=_("Sessions needed to complete"),
        required=False,
        min_value=1,
        max_value=1000,
        help_text=_("Empty: every session."),
        error_messages={"min_value": _("At least one session must be attended, or leave it empty for all.")},
    )

    class Meta:
        model = Course
        fields = [
            "name_ar",
            "name_en",
            "programme",
            "description",
            "organiser_hubs",
            "capacity",
            "min_sessions_attended",
            "enrolment_open",
        ]
        widgets = {"organiser_hubs": forms.CheckboxSelectMultiple}

    def __init__(self, *args, hub_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if hub_choices is not None:
            choose_among(self, "organiser_hubs", hub_choices, picker="hubs")


class SessionForm(Form):
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        input_formats=LOCAL_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"),
        input_formats=LOCAL_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES, initial="Asia/Hebron")
    mode = forms.ChoiceField(label=_("Format"), choices=Event.Mode.choices)
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    venue = forms.CharField(label=_("Venue"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online meeting link"), required=False)

    def clean(self):
        data = super().clean()
        tz = zoneinfo.ZoneInfo(data.get("time_zone") or "Asia/Hebron")
        for name in ("starts_at", "ends_at"):
            if data.get(name):
                data[name] = data[name].replace(tzinfo=None).replace(tzinfo=tz)
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        return data


class ReachFilterForm(Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.all(), required=False, to_field_name="code", empty_label=_("All")
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, to_field_name="code", empty_label=_("All")
    )
    body_type = forms.ChoiceField(
        label=_("Type of body"), choices=[("", _("All")), *LocalBody.Type.choices], required=False
    )

    def __init__(self, *args, hub_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if hub_queryset is not None:
            self.fields["hub"] = forms.ModelChoiceField(
                label=_("Hub"), queryset=hub_queryset, required=False, empty_label=_("All")
            )

    def values(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: self.cleaned_data.get(name)
            for name in self.fields
            if name not in self.errors and self.cleaned_data.get(name)
        }
