# ruff: noqa: E501 - the old template, kept verbatim as the reference
"""The support line under a suggestion is made in one tag (issue 22) and prints what meter/_support.html printed.

The include cost two `{% url %}` tags, a counted `{% blocktranslate %}` and the include itself for each message of
the plan and project pages; `{% support_line %}` reverses the two links once per page. The old template is kept
here as the reference: the new line must be the same HTML, byte for byte, in both languages, for every visitor.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.utils import translation

OLD_SUPPORT = """{% load i18n %}{% if item.kind == "suggestion" %}<p class="support-line"><span class="badge support-count">{% blocktranslate count counter=item.support_count %}{{ counter }} supporter{% plural %}{{ counter }} supporters{% endblocktranslate %}</span> {% if item.pk in supported %}<a href="{% url 'meter:feedback_support' item.pk %}">{% translate "You support it · withdraw" %}</a>{% elif user.is_authenticated %}<a href="{% url 'meter:feedback_support' item.pk %}">{% translate "Support this suggestion" %}</a>{% else %}<a href="{% url 'accounts:login' %}?next={% filter urlencode %}{% url 'meter:feedback_support' item.pk %}{% endfilter %}">{% translate "Sign in to support" %}</a>{% endif %}</p>{% endif %}"""
NEW_SUPPORT = "{% load meter_feedback %}{% support_line item %}"


def _render(source, context):
    return engines["django"].from_string(f"{{% for item in items %}}{source}|{{% endfor %}}").render(context)


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("visitor", ["anonymous", "signed in", "supporter"])
def test_the_support_line_is_the_old_include_byte_for_byte(language, visitor):
    items = [
        SimpleNamespace(pk=pk, kind=kind, support_count=count)
        for pk, (kind, count) in enumerate(
            [
                (kind, count)
                for kind in ("suggestion", "question", "complaint")
                for count in (0, 1, 2, 3, 11, 100, 1234)
            ],
            start=1,
        )
    ]
    user = AnonymousUser() if visitor == "anonymous" else SimpleNamespace(is_authenticated=True)
    supported = {item.pk for item in items[::2]} if visitor == "supporter" else set()
    context = {"items": items, "user": user, "supported": supported}
    with translation.override(language):
        old, new = _render(OLD_SUPPORT, context), _render(NEW_SUPPORT, context)
    assert new == old
    assert old.count("support-line") == 7  # the suggestions only
