"""What a view does after asking a service to write: show how it went. One way for every view:

- **A form view** (the person typed or chose something): when the service refuses (a ValidationError), the refusal
  goes onto the form with `refuse_on_form(form, error)` and the form is shown again with what was typed. An error
  that names a field of the form goes on that field, the others above the form. No message, no redirect.
- **A button** (a POST with nothing to show again: join, leave, follow, accept, a step of a workflow, or a small form
  embedded in another page): `attempt(request, write, success)` calls the service; a refusal becomes one error
  message per problem, success a success message; the view then redirects back. An embedded form that is not valid
  shows its errors the same way (`show_form_errors`).
- A view never catches ValidationError except to hand it to one of these helpers, and never adds its own copy of
  them (`core/tests/test_audit_actions.py` reads the views). PermissionDenied is not a refusal to show: it stays a
  403. Services raise, views show.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError


def refuse_on_form(form, error: ValidationError, *, field: str | None = None) -> None:
    """Put a service's refusal on the form: each error on the form field it names, the others above the form; an
    error that names no field goes on `field` when given (the field to blame, e.g. the uploaded file)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field, error)


def show_refusal(request, error: ValidationError) -> None:
    """A service's refusal (a ValidationError) as one error message per problem (for buttons; see `attempt`)."""
    for message in error.messages:
        messages.error(request, message)


def show_form_errors(request, form) -> None:
    """The errors of a small form embedded in another page (posted to a view that redirects back), as messages."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def attempt(request, write, success) -> bool:
    """Call `write()` (one service call) and show how it went; True when it was done.

    `success` is the message shown when it was, or a function from what `write()` returned to that message.
    """
    try:
        result = write()
    except ValidationError as error:
        show_refusal(request, error)
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True
