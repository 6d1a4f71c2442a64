"""What every API operation shares: paging, parameter patterns and the 422 answer."""

import math

from django.http import HttpResponse
from django.utils.http import http_date

from .schemas import InvalidInput

PAGE_SIZE = 50
MAX_PAGE = 100_000
# Every operation may answer 422 when a parameter has the wrong type or shape (pydantic's validation).
INVALID = {422: InvalidInput}
CODE = r"^[a-z_-]{0,40}$"
SLUG = r"^[-a-zA-Z0-9_]{0,120}$"


def page_of(rows, page: int) -> tuple[list, dict]:
    """One page of `rows` (a queryset or a list) and the paging figures."""
    count = len(rows) if isinstance(rows, list) else rows.count()
    start = (page - 1) * PAGE_SIZE
    return list(rows[start : start + PAGE_SIZE]), {
        "count": count,
        "page": page,
        "pages": max(1, math.ceil(count / PAGE_SIZE)),
    }


def last_modified(response: HttpResponse, *moments) -> None:
    latest = max((moment for moment in moments if moment is not None), default=None)
    if latest is not None:
        response["Last-Modified"] = http_date(latest.timestamp())
