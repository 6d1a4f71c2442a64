"""What the library app writes in the audit trail (the registry: tabadul/core/audit.py)."""

from django.utils.translation import gettext_lazy as _

from tabadul.core.audit import register

DOCUMENT_CREATE = register("library.document.create", _("Document added to the library"))
DOCUMENT_UPDATE = register("library.document.update", _("Document details changed"))
VERSION_ADD = register("library.version.add", _("New version of a document"))
DOCUMENT_FOLLOW = register("library.document.follow", _("Started following a document"))
DOCUMENT_UNFOLLOW = register("library.document.unfollow", _("Stopped following a document"))
RECOMMENDATION_CREATE = register("library.recommendation.create", _("Recommendation recorded"))
RECOMMENDATION_STATUS = register("library.recommendation.status", _("Recommendation status changed"))
RECOMMENDATION_SESSIONS = register(
    "library.recommendation.sessions", _("Dialogue sessions of a recommendation changed")
)
REVIEW_OPEN = register("library.review.open", _("Draft opened for comments"))
REVIEW_COMMENT = register("library.review.comment", _("Comment on a draft"))
REVIEW_ANSWER = register("library.review.answer", _("Comment on a draft answered"))
TOPIC_LINK_ADD = register("library.topic_link.add", _("Linked to a discussion"))
