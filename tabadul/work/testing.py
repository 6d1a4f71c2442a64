"""For tests that count a signed-in page's queries: the header's waiting count is cached per person for a few
minutes (work/selectors.py), and counted on the first page after that. Warm it first, so the test measures the
page's own queries; the header's cost has its own tests (work/tests)."""

from .selectors import waiting_total


def warm_header(user) -> None:
    waiting_total(user)
