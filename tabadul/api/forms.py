from django import forms
from django.utils.translation import gettext_lazy as _

from tabadul.core.forms import Form


class TokenCreateForm(Form):
    body = forms.ModelChoiceField(label=_("Local body"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("What is it for?"), max_length=100, help_text=_("For example: finance system."))

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
