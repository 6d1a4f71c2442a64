"""One way to confirm an irreversible action: a page that says what will happen, and a reason when the
decision needs one (issue 16). A view finds its object (404) and checks the permission (403), then hands
`confirmed_action` the service call, the message, where to go once it is done, and what the page says:

    form = confirm_form(request, reason_required=True)
    return confirmed_action(
        request,
        form,
        act=lambda: services.progress_reject(actor=request.user, update=update, reason=form.cleaned_data["reason"]),
        done=_("Rejected."),
        then=queue,
        page=lambda: {
            "title": sentence(_("Reject the progress report on “%(project)s”"), project=update.project.name),
            "consequences": [_("Its author is told, with your reason, and may send a new report.")],
            "confirm_label": _("Reject the report"),
            "cancel_url": queue,
        },
    )

A GET shows the page and writes nothing; a POST without a required reason writes nothing and shows the page again
with the error (400); a valid POST runs the service once. No view writes that POST handling itself
(`core/tests/test_confirmations_one_way.py` reads every views module). A message that names a person or quotes
someone's text is built with `core.bidi.sentence`, like the page.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from .actions import refuse_on_form, show_refusal
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


def confirm_form(request, *, form_class=ConfirmForm, **kwargs) -> ConfirmForm:
    """The confirmation form: bound to what was posted on a POST, empty on a GET. `kwargs` go to the form
    (`reason_required=True` when the decision needs a reason, or what a subclass of ConfirmForm takes)."""
    return form_class(request.POST if request.method == "POST" else None, **kwargs)


REFUSALS = ("page", "messages")


def confirmed_action(request, form: ConfirmForm, *, act, done, then, page, refusal="page", refusal_field=None):
    """Show the confirmation page, or act on a valid POST: the one shape of every confirm-then-act view.

    - `act()` makes the change (one service call; it reads what was confirmed from `form.cleaned_data`).
    - `done`: the success message (people's names through `core.bidi.sentence`).
    - `then`: where to go once it is done (what `redirect` takes), or a function giving it, called after `act()`.
    - `page()` gives the page's `title`, `consequences`, `confirm_label` and `cancel_url` (and `status` when the
      page is not answered the usual way); it is called only when the page is shown.
    - A refusal of the service (a ValidationError) goes on the page, with `refusal_field` the field to blame for an
      error that names none, and the page is answered 400 (`refusal="page"`); with `refusal="messages"` it is shown
      as error messages on the page `then` leads to, as a button's refusal is (`core.actions.attempt`).

    A GET, or a POST that is not valid, shows the page (400 for a POST).
    """
    if refusal not in REFUSALS:
        raise ValueError(f"refusal is one of {REFUSALS}, not {refusal!r}")
    if request.method == "POST" and form.is_valid():
        try:
            act()
        except ValidationError as error:
            if refusal == "messages":
                show_refusal(request, error)
                return redirect(then() if callable(then) else then)
            refuse_on_form(form, error, field=refusal_field)
        else:
            messages.success(request, done)
            return redirect(then() if callable(then) else then)
    return confirmation(request, form, **page())
