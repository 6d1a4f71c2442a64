"""What waits for a person: the items of "my work" (issue 16), declared by each app.

Each app registers, in its hooks.py, one `Waiting` per kind of item that needs someone's action (progress to
approve, a join request to decide, a question routed to a specialist, ...) under the hook `work.waiting`
(core/hooks.py): `hooks.register("work.waiting", MY_WAITING)`. "My work" counts and lists the person's items, the
header shows the total. Items link to the page where the action is taken.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.functional import Promise
from django.utils.html import format_html_join
from django.utils.safestring import SafeData

from . import hooks
from .bidi import user_text


@dataclass(frozen=True)
class WorkItem:
    """One item: its title (people's text: a name, a title, or a title already marked up with `core.bidi` where it
    mixes the interface's words with people's text) and a detail line, which is people's text (a str), a
    sentence already marked up (`core.bidi.sentence`, or `escape()` for the interface's own words), or a tuple of
    such parts, shown separated by dashes, each plain part marked as people's text (issue 18, item 5)."""

    title: str
    url: str
    detail: str | tuple = ""

    @property
    def title_html(self):
        return self.title if isinstance(self.title, SafeData) else user_text(self.title)

    @property
    def detail_html(self):
        parts = self.detail if isinstance(self.detail, tuple) else (self.detail,)
        marked = [part if isinstance(part, SafeData) else user_text(part) for part in parts if part]
        return format_html_join(" — ", "{}", ((part,) for part in marked))


@dataclass(frozen=True)
class Waiting:
    key: str  # e.g. "meter.progress_to_approve"
    label: str | Promise  # what the group is called on "my work", e.g. _("Progress to approve")
    count: Callable  # count(user) -> int: one query once the person's roles are read (cached per user object)
    items: Callable  # items(user, limit) -> list[WorkItem], a constant number of queries
    order: int = 100  # groups are shown by this order, then by key


# The registered kinds by key (read-only; the hook `work.waiting` is the one place they are kept).
REGISTRY: Mapping[str, Waiting] = hooks.Declared("work.waiting", key=lambda waiting: waiting.key)


def register(waiting: Waiting) -> None:
    """The same as `hooks.register("work.waiting", waiting)`."""
    hooks.register("work.waiting", waiting)


def registered() -> list[Waiting]:
    return sorted(REGISTRY.values(), key=lambda waiting: (waiting.order, waiting.key))


# The header's total of waiting items is cached per person (work/selectors.py); whatever gives someone new
# work (a notification, notifications.services.notify) forgets theirs, so the header is never far behind.
def waiting_total_key(user_id: int) -> str:
    return f"work:waiting-total:{user_id}"


def forget_waiting_totals(user_ids) -> None:
    cache.delete_many([waiting_total_key(pk) for pk in user_ids])
