"""One way to confirm an irreversible action: a page that says what will happen, and a reason when the
decision needs one (issue 16). The view shows the page on GET and acts only on a valid POST:

    form = ConfirmForm(request.POST or None, reason_required=True)
    if request.method == "POST" and form.is_valid():
        services.progress_reject(actor=request.user, update=update, reason=form.cleaned_data["reason"])
        return redirect(...)
    return confirmation(request, form, title=..., consequences=[...], confirm_label=..., cancel_url=...)
"""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .forms import Form


class ConfirmForm(Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text=_("The people concerned will read it."),
    )

    def __init__(self, *args, reason_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason_required = reason_required
        if reason_required:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _("Give a reason: the people concerned will read it.")
        else:
            del self.fields["reason"]

    def clean_reason(self) -> str:
        return self.cleaned_data["reason"].strip()


def confirmation(request, form: ConfirmForm, *, title, consequences, confirm_label, cancel_url, status=None):
    """The confirmation page; answered with 400 when a POST came back invalid (a missing reason)."""
    if status is None:
        status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "title": title,
        "consequences": consequences,
        "confirm_label": confirm_label,
        "cancel_url": cancel_url,
    }
    return render(request, "core/confirm.html", context, status=status)
