from django import forms
from django.utils.translation import gettext_lazy as _

from tabadul.alignment.forms import AlignmentFields
from tabadul.core.confirm import ConfirmForm
from tabadul.core.files import model_upload_field
from tabadul.core.forms import Form, ModelForm
from tabadul.directory.models import Governorate, LocalBody, Region

from .models import Election, Hub, Initiative, InitiativeAttachment, Mandate, Mentorship, WorkPlan, WorkPlanTopic


class InvitationForm(Form):
    """Invite every local body, or those of a region, governorate or type."""

    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("All regions")
    )
    governorate = forms.ModelChoiceField(
        label=_("Governorate"), queryset=Governorate.objects.all(), required=False, empty_label=_("All governorates")
    )
    type = forms.ChoiceField(label=_("Type"), choices=[("", _("All types")), *LocalBody.Type.choices], required=False)


class ElectionForm(Form):
    role = forms.ChoiceField(label=_("Role"), choices=Mandate.Role.choices)
    starts_at = forms.DateTimeField(
        label=_("Voting starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(label=_("Voting ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    term_starts_on = forms.DateField(label=_("Term starts"), widget=forms.DateInput(attrs={"type": "date"}))
    term_ends_on = forms.DateField(label=_("Term ends"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("Voting must end after it starts."))
        return data


class VoteForm(Form):
    candidate = forms.ModelChoiceField(label=_("Your body's vote"), queryset=None, widget=forms.RadioSelect)

    def __init__(self, *args, election: Election, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = election.candidates.select_related("user", "body")


class WorkPlanForm(Form):
    chapter = forms.ModelChoiceField(label=_("Chapter"), queryset=None, required=False, empty_label=_("Whole hub"))
    starts_on = forms.DateField(label=_("Period starts"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Period ends"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chapter"].queryset = hub.chapters.all()


class TopicForm(Form):
    title_ar = forms.CharField(label=_("Title (Arabic)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)


class RankingForm(Form):
    """Positions 1..n, each a topic; a topic chosen twice is reported, nothing is saved."""

    def __init__(self, *args, topics: list[WorkPlanTopic], **kwargs):
        super().__init__(*args, **kwargs)
        self.topics = {str(topic.pk): topic for topic in topics}
        choices = [("", "—"), *[(str(topic.pk), topic.title) for topic in topics]]
        for position in range(1, len(topics) + 1):
            self.fields[f"position_{position}"] = forms.ChoiceField(
                label=_("Priority %(n)d") % {"n": position}, choices=choices, required=position == 1
            )

    def clean(self):
        data = super().clean()
        chosen = [data.get(f"position_{n}") for n in range(1, len(self.topics) + 1)]
        chosen = [value for value in chosen if value]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("A topic can be ranked only once: each position needs a different topic."))
        self.ranked = [self.topics[value] for value in chosen]
        return data


class TopicCountForm(Form):
    """How many topics the coordinator confirms (the work plan page asks, the confirmation page shows the result)."""

    count = forms.IntegerField(
        label=_("Number of priority topics"),
        min_value=WorkPlan.MIN_TOPICS,
        max_value=WorkPlan.MAX_TOPICS,
        initial=5,
    )


class WorkPlanConfirmForm(ConfirmForm):
    count = forms.IntegerField(min_value=WorkPlan.MIN_TOPICS, max_value=WorkPlan.MAX_TOPICS, widget=forms.HiddenInput)


class TopicAlignmentForm(AlignmentFields, Form):
    pass


class InitiativeForm(ModelForm):
    attachment = model_upload_field(InitiativeAttachment, "file", label=_("Attachment"), required=False)

    class Meta:
        model = Initiative
        fields = ["title", "problem", "solution", "results", "contact_name", "contact_email", "contact_phone"]


class ReviewForm(Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Initiative.Status.SHORTLISTED, _("Shortlist")),
            (Initiative.Status.SELECTED, _("Select")),
        ],
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False)


class HubForm(ModelForm):
    """What a coordinator may change about their hub (the fields `services.hub_update` accepts)."""

    class Meta:
        model = Hub
        fields = [
            "name_ar",
            "name_en",
            "description_ar",
            "description_en",
            "audience_ar",
            "audience_en",
            "status",
            "launch_date",
            "launch_city_ar",
            "launch_city_en",
            "launch_attendance",
            "launch_bodies",
        ]
        widgets = {"launch_date": forms.DateInput(attrs={"type": "date"})}


class MentorshipForm(Form):
    """A body shares a practice with peer bodies. Coordinators choose the mentor body; others mentor for their own."""

    mentor_body = forms.ModelChoiceField(label=_("Mentor body"), queryset=LocalBody.objects.all())
    mentee_bodies = forms.ModelMultipleChoiceField(
        label=_("Peer bodies"), queryset=LocalBody.objects.all(), widget=forms.SelectMultiple(attrs={"size": 8})
    )
    topic_ar = forms.CharField(label=_("Practice shared (Arabic)"), max_length=300)
    topic_en = forms.CharField(label=_("Practice shared (English)"), max_length=300, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)

    def __init__(self, *args, mentor_bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if mentor_bodies is not None:
            self.fields["mentor_body"].queryset = mentor_bodies


class MentorshipStatusForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=Mentorship.Status.choices)


class MentoringSessionForm(Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)


class WorkingGroupSeatForm(Form):
    """The coordinator adds a representative of a member body to a working group, or names the lead."""

    user = forms.ModelChoiceField(label=_("Person"), queryset=None)
    lead = forms.BooleanField(label=_("Lead of the working group"), required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


class InitiativeToTopicForm(Form):
    work_plan = forms.ModelChoiceField(label=_("Work plan"), queryset=None)

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_plan"].queryset = WorkPlan.objects.filter(
            hub=hub, status=WorkPlan.Status.RANKING
        ).select_related("hub", "chapter")


class NominationForm(Form):
    """A representative stands as candidate or nominates another representative of a member body."""

    user = forms.ModelChoiceField(label=_("Candidate"), queryset=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
