from django.conf import settings
from django.core.paginator import Page, Paginator

from .arabic import normalize_digits


def paginate(request, items, *, per_page: int | None = None, param: str = "page", count: int | None = None) -> Page:
    """The requested page; a missing, malformed or out-of-range number gives the nearest valid page."""
    return page_of(items, request.GET.get(param, "1"), per_page=per_page, count=count)


def page_of(items, number, *, per_page: int | None = None, count: int | None = None) -> Page:
    """Page `number` as the visitor typed it (Arabic-Indic digits too) of `items`, for a selector that is given the
    number rather than the request (a section of a page); the nearest valid page when it is not one.

    `count`: how many `items` there are, when the caller knows it already (a stored figure): not counted again."""
    raw = normalize_digits(str(number or "1"))[:12]
    paginator = Paginator(items, per_page or settings.PAGE_SIZE)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property: the known figure takes its place
    return paginator.get_page(raw)
