from django import forms
from django.utils.translation import gettext_lazy as _

from tabadul.core.forms import Form

from .services import find_person


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
