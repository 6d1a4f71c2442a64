from django.conf import settings
from django.core.paginator import Page, Paginator

from .arabic import normalize_digits


def paginate(request, items, *, per_page: int | None = None, param: str = "page") -> Page:
    """The requested page; a missing, malformed or out-of-range number gives the nearest valid page."""
    raw = normalize_digits(request.GET.get(param, "1"))[:12]
    return Paginator(items, per_page or settings.PAGE_SIZE).get_page(raw)
