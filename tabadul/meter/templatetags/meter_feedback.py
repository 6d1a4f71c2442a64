"""Citizens' feedback on the Meter's pages.

{% load meter_feedback %}
{% support_line item %}   → under a published suggestion: how many support it, and the link to support it, to
                            withdraw one's support, or to sign in first (nothing for questions and complaints)
{% feedback_card item %}  → a published message as the plan page lists it: its kind, its project (linked), its
                            text, the body's reply and the support line; `project=False` leaves out the project
                            (the project page)
"""

from urllib.parse import quote

from django import template
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tabadul.core.bidi import text_dir, user_text

from ..models import Feedback

register = template.Library()

_ID = 987654321  # reversed in place of a suggestion's id, then replaced by each one's
_LINKS = "meter_feedback.support_links"  # the page's two links, in its render context


def _support_links(context) -> tuple[str, str, str]:
    """The start and end of a suggestion's support link and the sign-in link: reversed once per page, not twice
    per suggestion (issue 22)."""
    links = context.render_context.get(_LINKS)
    if links is None:
        start, end = reverse("meter:feedback_support", args=[_ID]).split(str(_ID))
        links = context.render_context[_LINKS] = (start, end, reverse("accounts:login"))
    return links


@register.simple_tag(takes_context=True)
def support_line(context, item) -> str:
    """What meter/_support.html printed for each message (the tests compare them), made here in one node."""
    if item.kind != Feedback.Kind.SUGGESTION:
        return ""
    start, end, sign_in = _support_links(context)
    url = f"{start}{item.pk}{end}"
    count = ngettext("%(counter)s supporter", "%(counter)s supporters", item.support_count) % {
        "counter": localize(item.support_count)
    }
    if item.pk in context.get("supported", ()):
        link = format_html('<a href="{}">{}</a>', url, _("You support it · withdraw"))
    elif getattr(context.get("user"), "is_authenticated", False):
        link = format_html('<a href="{}">{}</a>', url, _("Support this suggestion"))
    else:
        link = format_html('<a href="{}?next={}">{}</a>', sign_in, quote(url, safe="/"), _("Sign in to support"))
    # The count's message is a translation and a number, as {% blocktranslate %} printed it (unescaped).
    return mark_safe(f'<p class="support-line"><span class="badge support-count">{count}</span> {link}</p>')  # noqa: S308


@register.simple_tag(takes_context=True)
def feedback_card(context, item, *, project=True) -> str:
    """What the plan and project pages' loops printed for each message (tests/test_feedback_card.py compares them),
    made here in one node instead of about fifteen per message (issue 22)."""
    html = format_html(
        '<div class="card" id="feedback-{}"><p><span class="badge">{}</span>', item.pk, item.get_kind_display()
    )
    if project and item.project:
        url = reverse("meter:project_detail", args=[item.project.pk])
        html += format_html(' <a class="meta" href="{}">{}</a>', url, user_text(item.project.name))
    html += format_html(" <span{}>{}</span></p>", text_dir(item.text), linebreaksbr(item.text, autoescape=True))
    if item.reply:
        html += format_html(
            "<p><strong>{}:</strong> <span{}>{}</span></p>",
            _("Reply of the body"),
            text_dir(item.reply),
            linebreaksbr(item.reply, autoescape=True),
        )
    return mark_safe(f"{html}{support_line(context, item)}\n</div>")  # noqa: S308 - each part escaped above
