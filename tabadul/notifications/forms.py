from django import forms
from django.utils.translation import gettext_lazy as _

from tabadul.core.forms import Form

from .models import SECTIONS, Kind, Preferences


class PreferencesForm(Form):
    """How the person gets e-mail, and about which kinds. Every kind is always shown in the site."""

    email = forms.ChoiceField(label=_("Send me e-mail"), choices=Preferences.Email.choices)
    wanted = forms.MultipleChoiceField(
        label=_("E-mail me about"),
        help_text=_("You always see every notification on Tabadul; untick what you want no e-mail about."),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    @classmethod
    def for_preferences(cls, preferences: Preferences, data=None):
        initial = {"email": preferences.email, "wanted": [k for k in Kind.values if k not in preferences.muted_kinds]}
        return cls(data, initial=initial)

    def muted_kinds(self) -> list[str]:
        return [kind for kind in Kind.values if kind not in self.cleaned_data["wanted"]]

    def sections(self) -> list[tuple[str, list]]:
        """The kinds' checkboxes by section (a fieldset each on the page); a kind in no section comes last."""
        checkboxes = {checkbox.data["value"]: checkbox for checkbox in self["wanted"]}
        grouped = [
            (legend, [checkboxes.pop(kind) for kind in kinds if kind in checkboxes]) for legend, kinds in SECTIONS
        ]
        if checkboxes:
            grouped.append((_("Other"), list(checkboxes.values())))
        return grouped
