"""What views share when they read: one object by a selector, or a 404 page."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404


def found_or_404(read, /, **lookup):
    """Call a selector that reads one object (`read(**lookup)`); a missing object is a 404 page.

    Selectors say "missing" by raising the model's DoesNotExist or by returning None; both mean the same here.
    """
    try:
        found = read(**lookup)
    except ObjectDoesNotExist:
        raise Http404 from None
    if found is None:
        raise Http404
    return found
