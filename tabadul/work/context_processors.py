from django.utils.functional import SimpleLazyObject

from .selectors import waiting_total


def waiting(request) -> dict:
    """The header's count of waiting items, for signed-in people (computed only if a template shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"waiting_total": SimpleLazyObject(lambda: waiting_total(user))}
