from django import forms
from django.utils.translation import gettext_lazy as _

from tabadul.alignment.forms import AlignmentFields
from tabadul.core.confirm import ConfirmForm
from tabadul.core.files import model_upload_field
from tabadul.core.forms import Form, ModelForm
from tabadul.core.pickers import MultiplePickerField, PickerField
from tabadul.directory.models import Governorate, LocalBody, Region

from .models import Axis, Election, Hub, Initiative, InitiativeAttachment, Mandate, Mentorship, WorkPlan, WorkPlanTopic


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
    axis = forms.ModelChoiceField(label=_("Axis"), queryset=Axis.objects.none(), required=False)

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        axes = Axis.objects.filter(hub=hub)  # the Gaza hub works in axes; most hubs have none
        if axes.exists():
            self.fields["axis"].queryset = axes
        else:
            del self.fields["axis"]


class RankingForm(Form):
    """A member body's order of the work plan's topics, first priority first (docs/hubs.md).

    The page shows every topic as a row of one list: `order` holds the topic ids in the order shown (hidden inputs),
    `ranked` the ticked ones (unticked topics are not ranked and earn no points). The arrow buttons post `move`
    ("up:<id>" or "down:<id>"): `move()` reorders and the view shows the list again, nothing saved. The order is
    always a permutation of the plan's topics: unknown and repeated ids are dropped, topics missing from it (proposed
    meanwhile) come last. Unbound, the form shows the body's saved ranking, or every topic ticked in proposal order.
    """

    UP, DOWN = "up", "down"

    ranked = forms.MultipleChoiceField(
        label=_("Topics your body ranks"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Tick at least one topic: your ranking needs a first priority."),
            "invalid_choice": _("This topic is no longer part of the work plan. Check the list and save again."),
        },
    )

    def __init__(self, data=None, *, topics: list[WorkPlanTopic], saved: list[int] | None = None, **kwargs):
        super().__init__(data, **kwargs)
        self.topics = {topic.pk: topic for topic in topics}
        self.fields["ranked"].choices = [(str(topic.pk), topic.title) for topic in topics]
        self.moved: tuple[int, str] | None = None
        if data is None:
            saved = [pk for pk in saved or [] if pk in self.topics]
            self.order = self._complete(saved)
            self.ticked = set(saved) if saved else set(self.topics)
        else:
            self.order = self._complete(self._ids(data.getlist("order")))
            self.ticked = set(self._ids(data.getlist("ranked")))

    def _ids(self, values) -> list[int]:
        ids = []
        for value in values:
            try:
                pk = int(value)
            except (TypeError, ValueError):
                continue
            if pk in self.topics and pk not in ids:
                ids.append(pk)
        return ids

    def _complete(self, ids: list[int]) -> list[int]:
        return [*ids, *(pk for pk in self.topics if pk not in ids)]

    def move(self) -> bool:
        """Apply the arrow button that was pressed, if one was; True when the person asked to move a topic."""
        direction, _sep, pk = (self.data.get("move") or "").partition(":")
        if direction not in (self.UP, self.DOWN):
            return False
        ids = self._ids([pk])
        if ids:
            index = self.order.index(ids[0])
            other = index - 1 if direction == self.UP else index + 1
            if 0 <= other < len(self.order):
                self.order[index], self.order[other] = self.order[other], self.order[index]
            self.moved = (ids[0], direction)
        return True

    def clean(self):
        data = super().clean()
        chosen = set(data.get("ranked") or [])
        self.ranked = [self.topics[pk] for pk in self.order if str(pk) in chosen]
        return data

    def rows(self) -> list[dict]:
        """One row per topic in the current order, with what the template needs to draw its buttons."""
        last = len(self.order) - 1
        rows = []
        for index, pk in enumerate(self.order):
            moved = self.moved and self.moved[0] == pk
            # After a move the pressed button keeps the focus, or its twin when the row reached an end of the list.
            focus = ""
            if moved:
                focus = self.moved[1]
                if focus == self.UP and index == 0:
                    focus = self.DOWN
                elif focus == self.DOWN and index == last:
                    focus = self.UP
            rows.append(
                {
                    "index": index,
                    "position": index + 1,
                    "topic": self.topics[pk],
                    "ticked": pk in self.ticked,
                    "first": index == 0,
                    "last": index == last,
                    "focus": focus,
                }
            )
        return rows


def _topic_count_field(hub, **kwargs) -> forms.IntegerField:
    """A number of topics within the hub's range; outside it, the hub's rule is the error."""
    messages = {"min_value": hub.topic_range_message(), "max_value": hub.topic_range_message()}
    return forms.IntegerField(min_value=hub.min_topics, max_value=hub.max_topics, error_messages=messages, **kwargs)


class TopicCountForm(Form):
    """How many topics the coordinator confirms (the work plan page asks, the confirmation page shows the result)."""

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        usual = min(max(5, hub.min_topics), hub.max_topics)
        self.fields["count"] = _topic_count_field(hub, label=_("Number of priority topics"), initial=usual)


class WorkPlanConfirmForm(ConfirmForm):
    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["count"] = _topic_count_field(hub, widget=forms.HiddenInput)


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
        error_messages={"required": _("Choose a decision.")},
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
    """A body shares a practice with peer bodies. Coordinators choose the mentor body; others mentor for their own.
    Bodies are picked by name (core/pickers.py): thousands of them, never all in the page."""

    mentor_body = PickerField(picker="bodies", label=_("Mentor body"), queryset=LocalBody.objects.all())
    mentee_bodies = MultiplePickerField(picker="bodies", label=_("Peer bodies"), queryset=LocalBody.objects.all())
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
    """The coordinator adds a representative of a member body to a working group, or names the lead. People are
    picked by name (core/pickers.py): a large hub has thousands of representatives."""

    user = PickerField(picker="people", label=_("Person"), queryset=None)
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
    """A representative stands as candidate or nominates another representative of a member body (picked by name,
    as in `WorkingGroupSeatForm`)."""

    user = PickerField(picker="people", label=_("Candidate"), queryset=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


class JointActivityForm(Form):
    """Propose one of the hub's coming activities to another hub as a joint activity (each picked by name: a busy hub
    organises hundreds of activities, and a region holds some 200 hubs)."""

    event = PickerField(picker="events", label=_("Activity"), queryset=None)
    partner_hub = PickerField(picker="hubs", label=_("Hub to co-organise with"), queryset=None)
    message = forms.CharField(
        label=_("Message to the other hub"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, hub: Hub, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events
        self.fields["partner_hub"].queryset = Hub.objects.exclude(pk=hub.pk).exclude(status=Hub.Status.CLOSED)
