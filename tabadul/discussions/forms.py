from django import forms
from django.utils.translation import gettext_lazy as _

from tabadul.core.forms import Form

from .models import Report

BODY_HELP = _(
    "Markdown: **bold**, *italic*, [link](https://…), `code`, lists with - or 1. HTML is shown as plain text."
)


class ThreadForm(Form):
    title = forms.CharField(label=_("Subject"), max_length=200, min_length=3)
    body = forms.CharField(label=_("Message"), max_length=20_000, widget=forms.Textarea, help_text=BODY_HELP)


class ReplyForm(Form):
    body = forms.CharField(
        label=_("Your reply"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 5}), help_text=BODY_HELP
    )


class EditForm(Form):
    title = forms.CharField(label=_("Subject"), max_length=200, min_length=3, required=False)
    body = forms.CharField(label=_("Message"), max_length=20_000, widget=forms.Textarea, help_text=BODY_HELP)

    def __init__(self, *args, with_title: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_title:
            self.fields["title"].required = True
        else:
            del self.fields["title"]


class ReportForm(Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Report.Reason.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Anything the moderators should know (optional)"), max_length=500, required=False)


class ModerateForm(Form):
    action = forms.ChoiceField(choices=[("restore", _("Restore")), ("remove", _("Remove"))])
