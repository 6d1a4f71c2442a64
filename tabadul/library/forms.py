from functools import partial

from django import forms
from django.utils.translation import gettext_lazy as _

from tabadul.alignment.models import SdgGoal
from tabadul.core.confirm import ConfirmForm
from tabadul.core.forms import Form, ModelForm, lazy_format
from tabadul.core.pickers import MultiplePickerField, PickerField
from tabadul.directory.models import Governorate, LocalBody
from tabadul.events.models import Event
from tabadul.events.selectors import visible_events
from tabadul.hubs.models import WorkPlanTopic
from tabadul.hubs.selectors import acts_for
from tabadul.meter.models import Project

from .files import max_upload_bytes
from .models import Document, DraftReview, Organisation, Recommendation
from .selectors import DocumentFilters, RecommendationFilters
from .story import visible_project_rows

ACCEPT = ".pdf,.docx,.xlsx"


def _file_field(required: bool = True) -> forms.FileField:
    return forms.FileField(
        label=_("File"),
        required=required,
        help_text=lazy_format(
            _("PDF, Word (.docx) or Excel (.xlsx), at most %(limit)s MB."), limit=max_upload_bytes() // (1024 * 1024)
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class _Filters(Form):
    def cleaned(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}


class DocumentFilterForm(_Filters):
    """The library filters. Unknown values are reported and ignored, never an error page."""

    q = forms.CharField(label=_("Title"), required=False, max_length=100)
    type = forms.ChoiceField(label=_("Type"), choices=[("", _("All types")), *Document.Type.choices], required=False)
    governorate = forms.ModelChoiceField(
        label=_("Governorate"),
        queryset=Governorate.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("All governorates"),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1950, max_value=2100)
    sdg = forms.ModelChoiceField(
        label=_("Sustainable development goal"),
        queryset=SdgGoal.objects.all(),
        required=False,
        to_field_name="number",
        empty_label=_("All goals"),
    )

    topic = forms.ModelChoiceField(
        label=_("Hub topic"),
        queryset=WorkPlanTopic.objects.filter(library_documents__isnull=False).distinct().order_by("title_ar"),
        required=False,
        empty_label=_("All topics"),
    )

    def filters(self) -> DocumentFilters:
        data = self.cleaned()
        return DocumentFilters(
            q=data.get("q") or "",
            type=data.get("type") or "",
            governorate=data.get("governorate"),
            year=data.get("year"),
            sdg=data.get("sdg"),
            topic=data.get("topic"),
        )


class RecommendationFilterForm(_Filters):
    q = forms.CharField(label=_("Title"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All open")), *Recommendation.Status.choices],
        required=False,
    )
    document_type = forms.ChoiceField(
        label=_("Drawn from"),
        choices=[("", _("Studies and position papers"))]
        + [(t.value, t.label) for t in Document.Type if t in Document.RECOMMENDATION_TYPES],
        required=False,
    )
    owner_body = PickerField(
        picker="bodies",
        label=_("Owner (local body)"),
        queryset=LocalBody.objects.filter(library_recommendations__isnull=False).distinct(),
        required=False,
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Owner (organisation)"),
        queryset=Organisation.objects.filter(recommendations__isnull=False).distinct(),
        required=False,
        to_field_name="slug",
        empty_label=_("All organisations"),
    )
    governorate = forms.ModelChoiceField(
        label=_("Governorate"),
        queryset=Governorate.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("All governorates"),
    )

    def filters(self) -> RecommendationFilters:
        data = self.cleaned()
        return RecommendationFilters(
            q=data.get("q") or "",
            status=data.get("status") or "",
            document_type=data.get("document_type") or "",
            owner_body=data.get("owner_body"),
            owner_organisation=data.get("owner_organisation"),
            governorate=data.get("governorate"),
        )


class DocumentForm(ModelForm):
    class Meta:
        model = Document
        fields = [
            "type",
            "status",
            "title_ar",
            "title_en",
            "summary_ar",
            "summary_en",
            "author_bodies",
            "author_organisations",
            "author_hubs",
            "topics",
            "governorate",
            "year",
            "published_on",
            "visibility",
        ]
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"})}
        # Bodies and hubs typed by name: an administrator may name any of 10,000 bodies and some 200 hubs.
        field_classes = {
            "author_bodies": partial(MultiplePickerField, picker="bodies"),
            "author_hubs": partial(MultiplePickerField, picker="hubs"),
        }

    sdg_goals = forms.ModelMultipleChoiceField(
        label=_("Sustainable development goals"),
        queryset=SdgGoal.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["sdg_goals"].initial = list(self.instance.sdg_goals.all())
        # Offer as authors only those the person acts for, and the authors already named (the service checks too).
        scope = acts_for(user)
        for name in ("author_bodies", "author_organisations", "author_hubs"):
            keep = getattr(self.instance, name).all() if self.instance.pk else ()
            self.fields[name].queryset = scope.limit(self.fields[name].queryset, keep=keep)
        self.fields["topics"].queryset = WorkPlanTopic.objects.select_related("work_plan__hub").order_by(
            "work_plan__hub__position", "work_plan_id", "rank", "pk"
        )

    def service_values(self) -> dict:
        """The cleaned data as keyword arguments of document_create / document_update."""
        data = dict(self.cleaned_data)
        data.pop("file", None)
        data.pop("change_note", None)
        return data


class DocumentCreateForm(DocumentForm):
    file = _file_field(required=False)
    change_note = forms.CharField(
        label=_("Note on this first version"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class VersionForm(Form):
    file = _file_field()
    change_note = forms.CharField(
        label=_("What changed"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Tell readers what is different from the previous version."),
    )


class RecommendationForm(ModelForm):
    class Meta:
        model = Recommendation
        fields = ["title_ar", "title_en", "text_ar", "text_en", "owner_body", "owner_organisation"]
        field_classes = {"owner_body": partial(PickerField, picker="bodies")}

    def clean(self):
        data = super().clean()
        if data.get("owner_body") and data.get("owner_organisation"):
            raise forms.ValidationError(_("Choose one owner: a local body or an organisation, not both."))
        return data


class StatusForm(Form):
    status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(
        label=_("Why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the recommendation is rejected."),
    )

    def __init__(self, *args, recommendation: Recommendation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.label) for s in recommendation.next_statuses()]

    def clean(self):
        data = super().clean()
        if data.get("status") == Recommendation.Status.REJECTED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the recommendation is rejected."))
        return data


class CloseRecommendationForm(ConfirmForm):
    """The confirmation of a status that closes a recommendation (implemented, rejected): the chosen status rides
    along hidden; the reason is required for a rejection and optional otherwise."""

    status = forms.CharField(widget=forms.HiddenInput)
    confirmed = forms.CharField(widget=forms.HiddenInput, initial="yes")

    def __init__(self, *args, status: str, **kwargs):
        rejected = status == Recommendation.Status.REJECTED
        super().__init__(*args, reason_required=rejected, **kwargs)
        self.fields["status"].initial = status
        if not rejected:
            self.fields["reason"] = forms.CharField(
                label=_("Why"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
            )
        else:
            self.fields["reason"].error_messages["required"] = _("Say why the recommendation is rejected.")
        self.order_fields(["reason"])


class ReviewOpenForm(ModelForm):
    class Meta:
        model = DraftReview
        fields = ["starts_at", "ends_at", "invitation"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The review must close after it opens."))
        return data


class CommentForm(Form):
    paragraph = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    body = forms.CharField(label=_("Your comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(Form):
    answer = forms.CharField(
        label=_("Answer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the answer.")},
    )


class SessionsForm(Form):
    """Which dialogue sessions discussed a recommendation."""

    sessions = MultiplePickerField(
        picker="events", label=_("Dialogue sessions"), queryset=Event.objects.none(), required=False
    )

    def __init__(self, *args, sessions_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sessions"].queryset = sessions_queryset


class LinkForm(Form):
    """Link a Meter project or an event to the thread of a document."""

    project = PickerField(picker="projects", label=_("Meter project"), queryset=Project.objects.none(), required=False)
    event = PickerField(picker="events", label=_("Event"), queryset=Event.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = visible_project_rows(Project.objects.all(), user)
        self.fields["event"].queryset = visible_events(user)

    def clean(self):
        data = super().clean()
        if bool(data.get("project")) == bool(data.get("event")):
            raise forms.ValidationError(_("Choose one project or one event."))
        return data

    @property
    def target(self):
        return self.cleaned_data.get("project") or self.cleaned_data.get("event")
