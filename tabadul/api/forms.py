from django import forms
from django.utils.translation import gettext_lazy as _

from tabadul.core.forms import Form
from tabadul.core.pickers import PickerField
from tabadul.directory.models import LocalBody


class TokenCreateForm(Form):
    body = PickerField(picker="bodies", label=_("Local body"), queryset=LocalBody.objects.none())
    name = forms.CharField(label=_("What is it for?"), max_length=100, help_text=_("For example: finance system."))

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        only = list(bodies[:2])
        if len(only) == 1:  # the administrator of one body has nothing to choose
            self.fields["body"].initial = only[0]
