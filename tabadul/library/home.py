"""What the library gives the home page (core/selectors.py): the number of documents anyone may read."""

from django.utils.translation import gettext_lazy as _

from tabadul.core.selectors import HomeFigure

from .models import Document


def document_count() -> int:
    """Final public documents: what the library shows an anonymous visitor."""
    return Document.objects.filter(visibility=Document.Visibility.PUBLIC, status=Document.Status.FINAL).count()


FIGURE = HomeFigure(
    "documents", _("Documents"), document_count, "library:document_list", "book-open", counts=(Document,)
)
