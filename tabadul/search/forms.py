from django import forms
from django.utils.translation import gettext_lazy as _

from tabadul.core.forms import Form

from .models import Kind
from .selectors import LANGUAGES, MAX_PAGES

MAX_QUERY_LENGTH = 200


class SearchForm(Form):
    q = forms.CharField(label=_("Search"), max_length=MAX_QUERY_LENGTH, required=False, strip=True)
    type = forms.ChoiceField(label=_("Type"), choices=[("", _("All types")), *Kind.choices], required=False)
    hub = forms.IntegerField(label=_("Hub"), min_value=1, required=False)
    governorate = forms.IntegerField(label=_("Governorate"), min_value=1, required=False)
    body = forms.IntegerField(label=_("Local body"), min_value=1, required=False)
    sector = forms.CharField(label=_("Sector"), max_length=40, required=False, strip=True)
    status = forms.SlugField(label=_("Status"), max_length=40, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100, required=False)
    sdg = forms.IntegerField(label=_("SDG"), min_value=1, required=False)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("All languages")), *LANGUAGES.items()], required=False
    )
    page = forms.IntegerField(min_value=1, max_value=MAX_PAGES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].error_messages["max_length"] = _(
            "Please shorten your search to at most %(limit_value)d characters."
        )
