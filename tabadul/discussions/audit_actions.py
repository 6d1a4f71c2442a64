"""What the discussions app writes in the audit trail (the registry: tabadul/core/audit.py)."""

from django.utils.translation import gettext_lazy as _

from tabadul.core.audit import register

FORUM_CREATE = register("discussions.forum.create", _("Forum opened"))
THREAD_START = register("discussions.thread.start", _("Discussion thread started"))
POST_REPLY = register("discussions.post.reply", _("Reply posted"))
POST_EDIT = register("discussions.post.edit", _("Post edited"))
POST_REPORT = register("discussions.post.report", _("Post reported"))
POST_RESTORE = register("discussions.post.restore", _("Post restored by a moderator"))
POST_REMOVE = register("discussions.post.remove", _("Post removed by a moderator"))
