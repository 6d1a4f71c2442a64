from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tabadul.core.files import model_upload_field
from tabadul.core.forms import Form, ModelForm, lazy_format

from .models import (
    MESSAGE_MAX_LENGTH,
    Evidence,
    Feedback,
    ImportJob,
    Indicator,
    Milestone,
    PlanReport,
    Post,
    ProgressUpdate,
    Project,
    ProjectStatus,
    StrategicGoal,
    StrategicPlan,
)
from .selectors import ProjectFilters
from .validators import EVIDENCE_MAX_FILES, contact_clean

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectFilterForm(Form):
    goal = forms.ModelChoiceField(label=_("Goal"), queryset=StrategicGoal.objects.none(), required=False)
    status = forms.ModelChoiceField(label=_("Status"), queryset=ProjectStatus.objects.none(), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)

    def __init__(self, *args, plan, sectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = StrategicGoal.objects.filter(plan=plan)
        self.fields["status"].queryset = ProjectStatus.objects.filter(body_id=plan.body_id)
        self.fields["goal"].empty_label = _("All goals")
        self.fields["status"].empty_label = _("All statuses")
        self.fields["sector"].choices = [("", _("All sectors"))] + [(s, s) for s in sectors]

    def filters(self) -> ProjectFilters:
        if not self.is_bound:
            return ProjectFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return ProjectFilters(goal=data.get("goal"), status=data.get("status"), sector=data.get("sector") or "")


class FeedbackForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Feedback.Kind.choices)
    text = forms.CharField(label=_("Your message"), max_length=MESSAGE_MAX_LENGTH, widget=forms.Textarea)
    name = forms.CharField(label=_("Your name (optional)"), max_length=120, required=False)
    contact = forms.CharField(label=_("Your e-mail or phone (optional)"), max_length=200, required=False)
    # The honeypot: hidden by CSS, left empty by people, filled in by form-filling robots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["contact"].help_text = _(
            "Only the body's staff see it, never the public. An e-mail address receives the reply; a phone number "
            "lets the body call you. It is erased once the reply is e-mailed, and after %(days)d days in any case."
        ) % {"days": settings.METER_FEEDBACK_CONTACT_DAYS}
        self.fields["contact"].widget.attrs.update({"autocomplete": "email", "dir": "ltr"})

    def clean_contact(self):
        try:
            return contact_clean(self.cleaned_data["contact"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["contact"]) from None

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) < 5:
            raise ValidationError(_("Write a few words at least."))
        return text


class PlatformFeedbackForm(Form):
    """A suggestion to improve the Meter itself: the text, and optionally a name and a contact (same retention)."""

    text = forms.CharField(
        label=_("Your suggestion to improve the Meter"), max_length=MESSAGE_MAX_LENGTH, widget=forms.Textarea
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=120, required=False)
    contact = forms.CharField(label=_("Your e-mail or phone (optional)"), max_length=200, required=False)
    page = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["contact"].help_text = _(
            "Only the platform's administrators see it, to ask you more or tell you what became of it. It is erased "
            "after %(days)d days."
        ) % {"days": settings.METER_FEEDBACK_CONTACT_DAYS}
        self.fields["contact"].widget.attrs.update({"autocomplete": "email", "dir": "ltr"})

    clean_contact = FeedbackForm.clean_contact
    clean_text = FeedbackForm.clean_text


class VersionedModelForm(ModelForm):
    """An edit form that carries the version of the object it was loaded with (a hidden field).

    The view passes `expected_version` to the service, which refuses the save when someone else saved
    the object in between; `show_conflict` then keeps what the person typed, puts the saved value under
    each field that differs, and moves the hidden version on, so that saving again is a deliberate choice.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if "version" in self._errors:  # a hidden field: its error would not show next to it
            del self._errors["version"]
            raise ValidationError(
                _("This form is out of date or damaged: reload the page and make your changes again."),
                code="bad_version",
            )
        return cleaned

    @property
    def expected_version(self) -> int | None:
        """The version the form was loaded with; None for a new object (or an old form without it)."""
        if not self.instance.pk:
            return None
        return self.cleaned_data.get("version")

    def show_conflict(self, current) -> list[str]:
        """Show `current` (the object as saved now) next to the typed values; returns the differing fields."""
        data = self.data.copy()
        data["version"] = str(current.version)
        self.data = data
        differing = []
        for name in self._meta.fields:
            typed = self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
            saved = getattr(current, name)
            if _same(typed, saved):
                continue
            differing.append(name)
            note = gettext("Saved by the other person: %(value)s") % {"value": _display(saved)}
            self.fields[name].help_text = note
            self[name].help_text = note  # the bound field copied the help text when the form was validated
        return differing


def _same(typed, saved) -> bool:
    if isinstance(saved, models.Model) or isinstance(typed, models.Model):
        return getattr(typed, "pk", typed) == getattr(saved, "pk", saved)
    if isinstance(saved, Decimal) or isinstance(typed, Decimal):
        try:
            return typed is not None and saved is not None and Decimal(typed) == Decimal(saved)
        except (ArithmeticError, TypeError, ValueError):
            return False
    return (typed or "") == (saved or "") if isinstance(saved, str | type(None)) else typed == saved


def _display(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return value.isoformat()
    return Truncator(str(value)).chars(200)


class PlanForm(VersionedModelForm):
    class Meta:
        model = StrategicPlan
        fields = ["title_ar", "title_en", "start_year", "end_year", "vision", "single_person_approval"]


class GoalForm(VersionedModelForm):
    class Meta:
        model = StrategicGoal
        fields = ["external_id", "name_ar", "name_en", "description", "weight", "position"]


class ProjectForm(VersionedModelForm):
    class Meta:
        model = Project
        fields = [
            "external_id",
            "goal",
            "name_ar",
            "name_en",
            "description",
            "sector",
            "location",
            "neighbourhood",
            "latitude",
            "longitude",
            "department",
            "budget",
            "funding_source",
            "start_date",
            "end_date",
            "weight",
            "status",
        ]
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("latitude", "longitude"):  # the map script fills them in; typing stays possible
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "dir": "ltr"})
        self.fields["goal"].queryset = StrategicGoal.objects.filter(plan=plan)
        self.fields["status"].queryset = ProjectStatus.objects.filter(body_id=plan.body_id)
        self.instance.plan = plan

    def full_clean(self):
        # Coordinates may be typed with the Arabic decimal sign (٣٢٫٠٨): the digits are normalised by the mixin.
        if self.is_bound and self.data:
            data = self.data.copy()
            for name in ("latitude", "longitude"):
                key = self.add_prefix(name)
                if isinstance(data.get(key), str):
                    data[key] = data[key].replace("٫", ".").strip()
            self.data = data
        super().full_clean()


class StatusForm(VersionedModelForm):
    class Meta:
        model = ProjectStatus
        fields = ["code", "name_ar", "name_en", "default_percent", "position"]


class MilestoneForm(ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "description", "date"]
        widgets = {"date": DATE}


class IndicatorForm(ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target", "actual"]


class ProgressForm(ModelForm):
    """Percent, date and note are checked by the model, as for the API and the Excel import: pass
    `instance=ProgressUpdate(project=...)` so that the date is checked against the project's plan."""

    evidence = model_upload_field(
        Evidence,
        "file",
        multiple=True,
        label=_("Evidence (photos or PDF documents)"),
        required=False,
        help_text=lazy_format(_("Up to %(n)d files of 5 MB each."), n=EVIDENCE_MAX_FILES),
    )

    class Meta:
        model = ProgressUpdate
        fields = ["percent", "date", "note"]
        widgets = {"date": DATE}


class ReplyForm(Form):
    reply = forms.CharField(label=_("Public reply"), widget=forms.Textarea, max_length=MESSAGE_MAX_LENGTH)
    publish = forms.BooleanField(label=_("Publish the complaint with the reply"), required=False)


class DecisionForm(Form):
    """An approver's one-click decision. Only an explicit choice decides: an empty or unknown one is a form error
    and changes nothing. Rejecting asks for a reason on its own confirmation page."""

    CHOICES = (("publish", _("Publish")), ("reject", _("Reject…")))

    decision = forms.ChoiceField(label=_("Decision"), choices=CHOICES, widget=forms.RadioSelect)

    def __init__(self, *args, choices=CHOICES, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["decision"]
        field.choices = choices
        message = _("Choose what to do: %(choices)s.") % {"choices": ", ".join(str(label) for _v, label in choices)}
        field.error_messages = {"required": message, "invalid_choice": message}


class PostForm(ModelForm):
    image_upload = model_upload_field(
        Post,
        "image",
        label=_("Image"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 8 MB; resized on upload."),
    )

    class Meta:
        model = Post
        fields = ["kind", "title", "summary", "text", "project"]

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(plan__body=body).order_by("name_ar")


class ReportForm(VersionedModelForm):
    class Meta:
        model = PlanReport
        fields = ["title", "period_start", "period_end", "achievements", "challenges", "next_steps"]
        widgets = {"period_start": DATE, "period_end": DATE}


class ImportForm(Form):
    file = model_upload_field(ImportJob, "file", label=_("Excel file (.xlsx)"))
