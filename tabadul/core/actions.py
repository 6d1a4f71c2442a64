"""What a view does after asking a service to write: tell the person how it went."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def show_refusal(request, error: ValidationError) -> None:
    """A service's refusal (a ValidationError) as one error message per problem."""
    for message in error.messages:
        messages.error(request, message)


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
