"""The survey's forms: the survey itself, a question, the answer form built from the questions, an answer made an
initiative. Numbers and dates accept Arabic-Indic and Latin digits (tabadul.core.forms)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tabadul.core.forms import Form
from tabadul.core.pickers import MultiplePickerField, PickerField
from tabadul.directory.models import LocalBody
from tabadul.hubs.models import Hub
from tabadul.programmes.models import Programme
from tabadul.twinning.models import TwinningGroup

from .models import SCALE, Question, Survey
from .selectors import Owners


def _date_field(label):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


OWNER_KINDS = {
    "hub": _("A hub"),
    "group": _("A twinning group"),
    "programme": _("A programme"),
    "platform": _("The Tabadul platform"),
}
OWNER_MISSING = {
    "hub": _("Choose the hub that asks the survey."),
    "group": _("Choose the twinning group that asks the survey."),
    "programme": _("Choose the programme that asks the survey."),
}


class SurveyForm(Form):
    """A new survey (with `owners`, who may ask it: selectors.survey_owners) or a survey changed (without: its owner
    never changes).

    Who asks is a kind (a hub, a twinning group, a programme, the platform) and then the one of that kind: hubs and
    groups are typed by name (core/pickers.py: an administrator may choose among a thousand, which a <select> listed
    in full on every view), programmes are a handful and chosen from a list."""

    owner_kind = forms.ChoiceField(label=_("Asked by"), widget=forms.RadioSelect)
    hub = PickerField(
        picker="hubs",
        label=_("Hub"),
        queryset=Hub.objects.none(),
        required=False,
        help_text=_("When a hub asks: type part of its name and choose it from the suggestions."),
    )
    group = PickerField(
        picker="twinning-groups",
        label=_("Twinning group"),
        queryset=TwinningGroup.objects.none(),
        required=False,
        help_text=_("When a twinning group asks: type part of its name and choose it from the suggestions."),
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False, help_text=_("When a programme asks.")
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the survey is for and how its answers will be used."),
    )
    audience = forms.ChoiceField(label=_("Addressed to"), choices=Survey.Audience.choices, widget=forms.RadioSelect)
    bodies = MultiplePickerField(
        picker="bodies",
        label=_("Local bodies addressed"),
        queryset=LocalBody.objects.all(),
        required=False,
        help_text=_(
            "Only when the survey is addressed to chosen local bodies: one per line, type part of a name and "
            "choose it from the suggestions."
        ),
    )
    unit = forms.ChoiceField(
        label=_("Who answers"),
        choices=Survey.Unit.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "One answer per local body: any of its staff answers for it and may change the answer until the "
            "survey closes."
        ),
    )
    starts_on = _date_field(_("Opens on"))
    ends_on = _date_field(_("Closes on (the whole day)"))
    initiatives_campaign = forms.BooleanField(
        label=_("This survey collects innovative initiatives"),
        required=False,
        help_text=_("Only for the hub that reviews initiatives: each answer can become an initiative."),
    )

    def __init__(self, *args, owners: Owners | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is None:
            for name in ("owner_kind", *OWNER_MISSING):
                del self.fields[name]
            return
        choices = {"hub": owners.hubs, "group": owners.groups.select_related("network"), "programme": owners.programmes}
        kinds = [kind for kind, rows in choices.items() if self._offer(kind, rows, every=owners.platform)]
        if owners.platform:
            kinds.append("platform")
        self.fields["owner_kind"].choices = [(kind, OWNER_KINDS[kind]) for kind in kinds]
        if kinds:
            self.initial.setdefault("owner_kind", kinds[0])

    def _offer(self, kind: str, rows, *, every: bool) -> bool:
        """Whether the person may ask for one of this kind: always for an administrator (every hub, group and
        programme, none read); otherwise when they hold one, filled in when it is their only one (two rows read:
        a hub's coordinator usually asks for their one hub)."""
        self.fields[kind].queryset = rows
        if every:
            return True
        first = list(rows[:2])
        if not first:
            del self.fields[kind]
        elif len(first) == 1:
            self.initial.setdefault(kind, first[0])
        return bool(first)

    @staticmethod
    def initial_from(survey: Survey) -> dict:
        return {
            "title": survey.title,
            "introduction": survey.introduction,
            "audience": survey.audience,
            "bodies": list(survey.bodies.all()),
            "unit": survey.unit,
            "starts_on": timezone.localtime(survey.starts_at).date(),
            "ends_on": timezone.localtime(survey.ends_at).date(),
            "initiatives_campaign": survey.initiatives_campaign,
        }

    def clean(self):
        data = super().clean()
        kind = data.get("owner_kind")
        if kind in OWNER_MISSING and not data.get(kind):
            self.add_error(kind, OWNER_MISSING[kind])
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The survey must close after it opens."))
        if data.get("audience") == Survey.Audience.CHOSEN and not data.get("bodies"):
            self.add_error("bodies", _("Choose the local bodies the survey is addressed to."))
        return data

    def owner(self):
        """The hub, twinning group or programme that asks the survey; None for the platform."""
        kind = self.cleaned_data["owner_kind"]
        return None if kind == "platform" else self.cleaned_data[kind]

    def values(self) -> dict:
        """The service's values: the dates as the start of the opening day and the end of the closing day."""
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        return {
            "title": data["title"],
            "introduction": data["introduction"],
            "audience": data["audience"],
            "unit": data["unit"],
            "starts_at": datetime.datetime.combine(data["starts_on"], datetime.time.min, tzinfo=zone),
            "ends_at": datetime.datetime.combine(data["ends_on"], datetime.time(23, 59, 59), tzinfo=zone),
            "initiatives_campaign": data["initiatives_campaign"],
        }


class QuestionForm(Form):
    text = forms.CharField(label=_("Question"), max_length=500)
    help_text = forms.CharField(label=_("Explanation"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Type of answer"), choices=Question.Kind.choices)
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)
    options = forms.CharField(
        label=_("Choices (one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a question with one or several choices."),
    )
    scale_low = forms.CharField(label=_("What 1 means"), max_length=60, required=False)
    scale_high = forms.CharField(label=_("What 5 means"), max_length=60, required=False)
    position = forms.IntegerField(label=_("Position"), min_value=1, max_value=200, required=False)
    initiative_field = forms.ChoiceField(
        label=_("Fills the initiative's"),
        required=False,
        choices=[("", _("Nothing")), *Question.InitiativeField.choices],
        help_text=_("In a survey that collects initiatives: the answer pre-fills this field of the initiative."),
    )

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        if not survey.initiatives_campaign:
            del self.fields["initiative_field"]

    @staticmethod
    def initial_from(question: Question) -> dict:
        return {
            "text": question.text,
            "help_text": question.help_text,
            "kind": question.kind,
            "required": question.required,
            "options": "\n".join(question.options),
            "scale_low": question.scale_low,
            "scale_high": question.scale_high,
            "position": question.position,
            "initiative_field": question.initiative_field,
        }

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["options"] = [line.strip() for line in data.get("options", "").splitlines() if line.strip()]
        if not data.get("position"):
            data.pop("position", None)
        return data


class AnswerForm(Form):
    """One field per question (`q<id>`), each of its type; the service validates again (services.clean_answer)."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[f"q{question.pk}"] = self._field(question)

    @staticmethod
    def _field(question: Question) -> forms.Field:
        common = {"label": question.text, "required": question.required, "help_text": question.help_text}
        choices = [(str(index), option) for index, option in enumerate(question.options)]
        if question.kind == Question.Kind.SINGLE:
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        if question.kind == Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
        if question.kind == Question.Kind.SCALE:
            labels = {1: question.scale_low, 5: question.scale_high}
            scale = [(str(value), f"{value} — {labels[value]}" if labels.get(value) else str(value)) for value in SCALE]
            return forms.ChoiceField(choices=scale, widget=forms.RadioSelect(attrs={"class": "scale"}), **common)
        if question.kind == Question.Kind.NUMBER:
            return forms.DecimalField(
                max_digits=14, decimal_places=2, widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common
            )
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, **common)

    @staticmethod
    def initial_from(response, questions) -> dict:
        if response is None:
            return {}
        initial = {}
        answers = {answer.question_id: answer for answer in response.answers.all()}
        for question in questions:
            answer = answers.get(question.pk)
            if answer is None:
                continue
            name = f"q{question.pk}"
            if question.kind == Question.Kind.SINGLE:
                initial[name] = str(answer.choices[0]) if answer.choices else ""
            elif question.kind == Question.Kind.MULTIPLE:
                initial[name] = [str(index) for index in answer.choices]
            elif question.kind == Question.Kind.SCALE:
                initial[name] = str(int(answer.number)) if answer.number is not None else ""
            elif question.kind == Question.Kind.NUMBER:
                initial[name] = answer.number.normalize() if answer.number is not None else ""
            else:
                initial[name] = answer.text
        return initial

    def answers(self) -> dict[int, object]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class InitiativeForm(Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    problem = forms.CharField(label=_("Problem"), widget=forms.Textarea(attrs={"rows": 4}))
    solution = forms.CharField(label=_("Solution"), widget=forms.Textarea(attrs={"rows": 4}))
    results = forms.CharField(label=_("Results"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
