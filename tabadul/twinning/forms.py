import datetime as dt
import zoneinfo
from functools import partial

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tabadul.accounts.models import RoleGrant
from tabadul.core import forms as core_forms
from tabadul.core.confirm import ConfirmForm
from tabadul.core.files import model_upload_field
from tabadul.core.pickers import MultiplePickerField, PickerField
from tabadul.directory.models import LocalBody
from tabadul.events.models import TIME_ZONE_CHOICES

from .models import (
    Criterion,
    GroupDocument,
    GroupReview,
    Milestone,
    Network,
    StrategySection,
    Theme,
    TwinningGroup,
    current_period,
    validate_period,
)


def facilitator_choices(network: Network, current: int | None = None):
    """The people who may facilitate a group of the network: its facilitators and platform administrators."""
    from django.db.models import Q

    condition = Q(facilitated_networks=network) | Q(is_superuser=True)
    condition |= Q(role_grants__role=RoleGrant.Role.PLATFORM_ADMIN)
    if current:
        condition |= Q(pk=current)
    return get_user_model().objects.filter(condition).distinct().order_by("full_name", "username")


class NetworkForm(core_forms.ModelForm):
    """Bodies and people are picked by name (core/pickers.py): a <select> listed all 10,000 bodies (issue 22). A
    network that exists gets bodies added and removed by name: its members, thousands of them, are not re-shown."""

    members = MultiplePickerField(
        picker="bodies", queryset=LocalBody.objects.all(), label=_("Member bodies"), required=False
    )
    facilitators = MultiplePickerField(
        picker="people", queryset=get_user_model().objects.all(), label=_("Network facilitators"), required=False
    )

    class Meta:
        model = Network
        fields = ["name_ar", "name_en", "slug", "facilitating_organisation", "description"]

    add_members = MultiplePickerField(
        picker="bodies",
        queryset=LocalBody.objects.all(),
        label=_("Add member bodies"),
        required=False,
        help_text=_(
            "Bodies joining the network, one per line: type part of a name and choose it from the suggestions."
        ),
    )
    remove_members = MultiplePickerField(
        picker="bodies",
        queryset=LocalBody.objects.none(),
        label=_("Remove member bodies"),
        required=False,
        help_text=_("Members leaving the network, one per line. A body in a current twinning group stays."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("members", "facilitators"):
                self.fields.pop(name)
            self.fields["remove_members"].queryset = self.instance.members.all()
        else:
            for name in ("add_members", "remove_members"):
                self.fields.pop(name)


class CriterionForm(core_forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name_ar", "name_en", "description", "max_score"]

    def validate_unique(self):  # the service checks uniqueness within the network
        pass


class GroupForm(core_forms.ModelForm):
    """Bodies and the facilitator are picked by name (core/pickers.py), among the network's (issue 22)."""

    members = MultiplePickerField(picker="bodies", queryset=LocalBody.objects.none(), label=_("Member bodies"))

    class Meta:
        model = TwinningGroup
        fields = ["name_ar", "name_en", "theme", "objectives", "starts_on", "ends_on", "facilitator", "status"]
        field_classes = {"facilitator": partial(PickerField, picker="people")}
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = network.members.all()
        self.fields["members"].help_text = _(
            "Two or more member bodies of the network, one per line: type part of a name and choose it from the "
            "suggestions."
        )
        self.fields["facilitator"].queryset = facilitator_choices(network, current=self.instance.facilitator_id)
        self.fields["facilitator"].help_text = _(
            "A facilitator of the network or a platform administrator: type part of the name and choose it from the "
            "suggestions."
        )
        if self.instance.status in TwinningGroup.CURRENT_STATUSES:
            # Ending a group is confirmed on its own page ("End the group"), with a reason.
            self.fields["status"].choices = [
                (value, label)
                for value, label in self.fields["status"].choices
                if value in TwinningGroup.CURRENT_STATUSES
            ]
        if self.instance.pk:
            self.initial["members"] = list(self.instance.members.all())

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class GroupEndForm(ConfirmForm):
    status = forms.ChoiceField(
        label=_("How the group ends"),
        choices=[
            (TwinningGroup.Status.COMPLETED, _("Completed: its joint plan is done")),
            (TwinningGroup.Status.CANCELLED, _("Cancelled: it stops before its plan is done")),
        ],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, reason_required=True, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Say why the group ends.")
        self.order_fields(["status", "reason"])


class MilestoneForm(core_forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "description", "owner_body", "due_on", "status"]
        field_classes = {"owner_body": partial(PickerField, picker="bodies")}  # by name (issue 22)
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, group: TwinningGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_body"].queryset = group.members.all()
        self.instance.group = group

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def _post_clean(self):  # the model is validated by the service (one place, same messages)
        pass


class StrategySectionForm(core_forms.ModelForm):
    class Meta:
        model = StrategySection
        fields = ["status", "responsible_body", "notes"]
        field_classes = {"responsible_body": partial(PickerField, picker="bodies")}  # by name (issue 22)
        widgets = {"notes": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, group: TwinningGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_body"].queryset = group.members.all()
        self.fields["notes"].help_text = _("What the section says so far, what is missing, the next step.")

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def _post_clean(self):  # the model is validated by the service (one place, same messages)
        pass


class MilestoneStatusForm(core_forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Milestone.Status.choices)


class DocumentForm(core_forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = model_upload_field(
        GroupDocument, "file", label=_("File"), help_text=_("PDF, Office or image files, up to 10 MB.")
    )


class MeetingForm(core_forms.Form):
    name_ar = forms.CharField(label=_("Title (Arabic)"), max_length=200)
    name_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES, initial="Asia/Hebron")
    online_url = forms.URLField(label=_("Online meeting link"), help_text=_("Shown only to invited people."))
    description = forms.CharField(label=_("Agenda"), widget=forms.Textarea, required=False)

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("start") and data.get("end"):
            tz = zoneinfo.ZoneInfo(data.get("time_zone") or "Asia/Hebron")
            data["starts_at"] = timezone.make_aware(dt.datetime.combine(data["date"], data["start"]), tz)
            data["ends_at"] = timezone.make_aware(dt.datetime.combine(data["date"], data["end"]), tz)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end", _("The meeting must end after it starts."))
        return data


class AssessmentForm(core_forms.Form):
    period = forms.CharField(label=_("Period"), max_length=7, validators=[validate_period])
    narrative = forms.CharField(
        label=_("Narrative"),
        widget=forms.Textarea,
        help_text=_("What the group did this quarter, what worked, what was hard, what comes next."),
    )
    submit = forms.BooleanField(label=_("Submit to the facilitator (it cannot be changed afterwards)"), required=False)

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.fields["period"].initial = current_period()
        self.fields["period"].help_text = _("Year and quarter, e.g. %(example)s.") % {"example": current_period()}
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=criterion.name,
                min_value=1,
                max_value=criterion.max_score,
                help_text=criterion.description or _("From 1 to %(max)s.") % {"max": criterion.max_score},
            )

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}


class ReviewForm(core_forms.ModelForm):
    class Meta:
        model = GroupReview
        fields = ["period", "rating", "comments"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["period"].initial = current_period()

    def validate_unique(self):  # the service updates the period's review when there is one
        pass


class GroupFilterForm(core_forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + list(TwinningGroup.Status.choices), required=False
    )
    theme = forms.ChoiceField(label=_("Theme"), choices=[("", _("All"))] + list(Theme.choices), required=False)

    def values(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
