from django import forms
from django.utils.translation import gettext_lazy as _

from tabadul.core.forms import Form

from .models import Kind, Preferences


class PreferencesForm(Form):
    wanted = forms.MultipleChoiceField(
        label=_("Tell me about"), choices=Kind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    email = forms.ChoiceField(label=_("Send me e-mail"), choices=Preferences.Email.choices)

    @classmethod
    def for_preferences(cls, preferences: Preferences, data=None):
        initial = {"email": preferences.email, "wanted": [k for k in Kind.values if k not in preferences.muted_kinds]}
        return cls(data, initial=initial)

    def muted_kinds(self) -> list[str]:
        return [kind for kind in Kind.values if kind not in self.cleaned_data["wanted"]]
