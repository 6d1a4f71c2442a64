from django import forms
from django.utils.translation import gettext_lazy as _

from tabadul.core.files import MB, model_upload_field
from tabadul.core.forms import Form, lazy_format
from tabadul.core.pickers import PickerField
from tabadul.hubs.models import Hub
from tabadul.hubs.selectors import hub_relations

from .models import QuestionAttachment, Topic
from .validators import MAX_ATTACHMENTS


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class QuestionForm(Form):
    """Step one: the question itself. Step two (`confirm`) adds the attachments and posts it."""

    title = forms.CharField(label=_("Your question"), max_length=200, min_length=10)
    text = forms.CharField(
        label=_("Details"),
        max_length=10_000,
        widget=forms.Textarea,
        help_text=_("Describe the situation: what your body has tried, the figures, the law or contract in question."),
    )
    topics = TopicChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.order_by("name_ar"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The question goes to the specialists of these topics."),
    )

    hub = forms.ModelChoiceField(
        label=_("Hub"),
        queryset=Hub.objects.none(),
        required=False,
        empty_label=_("No hub"),
        help_text=_("Optional: file the question under one of your body's hubs."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        hub_ids = hub_relations(user).member_hub_ids  # the hubs of the asker's body (hubs/relations.py)
        self.fields["hub"].queryset = Hub.objects.filter(pk__in=hub_ids).order_by("name_ar")
        self.fields["hub"].label_from_instance = lambda obj: obj.name
        if not hub_ids:
            del self.fields["hub"]


class QuestionConfirmForm(QuestionForm):
    attachments = model_upload_field(
        QuestionAttachment,
        "file",
        multiple=True,
        label=_("Attachments"),
        required=False,
        help_text=lazy_format(
            _("Up to %(count)d files of at most %(size)d MB each: PDF, PNG, JPEG, Word or Excel."),
            count=MAX_ATTACHMENTS,
            size=QuestionAttachment._meta.get_field("file").upload_check.max_bytes // MB,
        ),
    )

    def clean_attachments(self):
        files = self.cleaned_data["attachments"]
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(_("Attach at most %(count)d files.") % {"count": MAX_ATTACHMENTS})
        return files


class AnswerForm(Form):
    text = forms.CharField(label=_("Your answer"), max_length=20_000, min_length=2, widget=forms.Textarea)


class CommentForm(Form):
    text = forms.CharField(label=_("Comment"), max_length=3_000, min_length=2, widget=forms.Textarea(attrs={"rows": 3}))
    answer = forms.IntegerField(required=False, widget=forms.HiddenInput)


class PublicationRequestForm(Form):
    """The asker's consent to publish an answered question, and whether the page names their body."""

    names_body = forms.BooleanField(
        label=_("Name my local body on the public page"),
        required=False,
        help_text=_("Your own name is never shown; the specialists' names and answers are."),
    )


class QuestionFilterForm(Form):
    STATUS_CHOICES = [
        ("", _("All")),
        ("open", _("Waiting for an answer")),
        ("answered", _("Answered")),
        ("accepted", _("Accepted answer")),
    ]
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.order_by("name_ar"), to_field_name="slug", required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    # Typed, not a list of every hub (some 200 at a region's size: core/pickers.py).
    hub = PickerField(picker="hubs", label=_("Hub"), queryset=Hub.objects.all(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].label_from_instance = lambda obj: obj.name


class SpecialistProfileForm(Form):
    topics = TopicChoiceField(
        label=_("Expertise"), queryset=Topic.objects.order_by("name_ar"), widget=forms.CheckboxSelectMultiple
    )
    bio = forms.CharField(label=_("About you"), required=False, max_length=2_000, widget=forms.Textarea)
    is_available = forms.BooleanField(label=_("Send me new questions"), required=False, initial=True)
