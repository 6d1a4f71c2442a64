# ruff: noqa: E501 - the old templates, kept verbatim as the reference
"""A published message on the plan and project pages is made in one tag (issue 22) and prints what their loops printed.

The old loops are kept here as the reference: the new cards must be the same HTML, byte for byte, in both languages,
for every visitor, with and without a project, a reply, line breaks, markup in the text or Arabic on an English page.
"""

from itertools import product

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.utils import translation

from tabadul.accounts.models import User

from ..models import Feedback, Project

OLD_PLAN_CARD = """{% load i18n meter_feedback bidi %}{% for item in feedback %}<div class="card" id="feedback-{{ item.pk }}"><p><span class="badge">{{ item.get_kind_display }}</span>{% if item.project %} <a class="meta" href="{% url 'meter:project_detail' item.project.pk %}">{{ item.project.name|user_text }}</a>{% endif %} <span{% text_dir item.text %}>{{ item.text|linebreaksbr }}</span></p>{% if item.reply %}<p><strong>{% translate "Reply of the body" %}:</strong> <span{% text_dir item.reply %}>{{ item.reply|linebreaksbr }}</span></p>{% endif %}{% support_line item %}
</div>{% empty %}<p class="meta">{% translate "No published feedback yet." %}</p>{% endfor %}"""
OLD_PROJECT_CARD = """{% load i18n meter_feedback bidi %}{% for item in feedback %}<div class="card" id="feedback-{{ item.pk }}"><p><span class="badge">{{ item.get_kind_display }}</span> <span{% text_dir item.text %}>{{ item.text|linebreaksbr }}</span></p>{% if item.reply %}<p><strong>{% translate "Reply of the body" %}:</strong> <span{% text_dir item.reply %}>{{ item.reply|linebreaksbr }}</span></p>{% endif %}{% support_line item %}
</div>{% empty %}<p class="meta">{% translate "No published feedback yet." %}</p>{% endfor %}"""
NEW_PLAN_CARD = """{% load i18n meter_feedback %}{% for item in feedback %}{% feedback_card item %}{% empty %}<p class="meta">{% translate "No published feedback yet." %}</p>{% endfor %}"""
NEW_PROJECT_CARD = """{% load i18n meter_feedback %}{% for item in feedback %}{% feedback_card item project=False %}{% empty %}<p class="meta">{% translate "No published feedback yet." %}</p>{% endfor %}"""

TEXTS = [
    "متى يبدأ العمل في الشارع الرئيسي؟",
    "When does the work start?\nOn the <main> road & the square.",
    "سطر أول\r\nسطر ثانٍ",
]
REPLIES = ["", "شكراً لكم، يبدأ العمل الشهر القادم.", "Next month.\n\nThank you & see you."]


def _messages() -> list[Feedback]:
    project = Project(pk=7, name_ar="تعبيد طريق في الحي الشرقي", name_en="Paving the road")
    messages = []
    for pk, (kind, text, reply, linked) in enumerate(
        product(Feedback.Kind.values, TEXTS, REPLIES, (True, False)), start=1
    ):
        item = Feedback(pk=pk, kind=kind, text=text, reply=reply, project=project if linked else None)
        item.support_count = pk % 4
        messages.append(item)
    return messages


@pytest.mark.parametrize(("old", "new"), [(OLD_PLAN_CARD, NEW_PLAN_CARD), (OLD_PROJECT_CARD, NEW_PROJECT_CARD)])
@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("visitor", ["anonymous", "signed in", "supporter"])
def test_the_cards_are_the_old_loop_byte_for_byte(old, new, language, visitor):
    messages = _messages()
    user = AnonymousUser() if visitor == "anonymous" else User(pk=1)
    supported = {item.pk for item in messages[::3]} if visitor == "supporter" else set()
    for feedback in (messages, []):
        context = {"feedback": feedback, "user": user, "supported": supported}
        with translation.override(language):
            before, after = (engines["django"].from_string(source).render(context) for source in (old, new))
        assert after == before
        assert before.count('class="card"') == len(feedback)
