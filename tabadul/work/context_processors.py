from .selectors import cached_waiting_total


def waiting(request) -> dict:
    """The header's count of waiting items for signed-in people: the cached total, or None when it is not cached
    (the page then asks for it once loaded: work/views.py `waiting_badge`, static/js/waiting.js)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"waiting_total": cached_waiting_total(user)}
