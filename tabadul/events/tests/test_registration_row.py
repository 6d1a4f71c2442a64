# ruff: noqa: E501 - the old template, kept verbatim as the reference
"""A row of the manage page's registrations is made in one tag (issue 22) and prints what `events/event_manage.html`
printed for it.

The template's nodes for a page of 100 registrations (five translated labels, a counted check-in button and two
`{% url %}` a row) were a third of the page at 10,000 bodies. The old template is kept here as the reference: each
row must be the same HTML, byte for byte, in both languages, for a manager and a programme's officer (no buttons),
confirmed, waiting, checked in, with a body or none.
"""

import datetime as dt

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone, translation

from tabadul.accounts.tests.factories import make_user
from tabadul.events import selectors, services
from tabadul.events.models import Registration

OLD_ROW = """{% load i18n formats bidi %}<tr>
    <td data-label="{% translate 'Person' %}">{{ registration.user.display_name|user_text }}</td>
    <td data-label="{% translate 'Local body' %}">{{ registration.local_body.name|default:"—"|user_text }}</td>
    <td data-label="{% translate 'Status' %}">{{ registration.get_status_display }}</td>
    <td data-label="{% translate 'Checked in' %}">{% if registration.checked_in_at %}{{ registration.checked_in_at|clock:event }}{% else %}—{% endif %}</td>
    <td data-label="{% translate 'Actions' %}" class="inline-fields">{% if can_manage %}
      {% if registration.status == "confirmed" and not registration.checked_in_at %}
      <form method="post" action="{% url 'events:check_in' event.pk registration.pk %}">{% csrf_token %}<button type="submit">{% blocktranslate with name=registration.user.display_name|user_text %}Check in {{ name }}{% endblocktranslate %}</button></form>
      {% endif %}
      {% if not registration.checked_in_at %}
      <a class="button secondary" href="{% url 'events:registration_cancel_by_manager' event.pk registration.pk %}">{% translate "Cancel" %}</a>
      {% endif %}
    {% endif %}</td>
  </tr>"""
NEW_ROW = "{% load events_tags %}{% registration_row registration event can_manage %}"


def _render(source, context):
    template = engines["django"].from_string(f"{{% for registration in registrations %}}{source}|{{% endfor %}}")
    return template.render(context, request=RequestFactory().get("/"))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("can_manage", [True, False])
def test_a_registration_row_is_the_old_template_byte_for_byte(event, body, language, can_manage):
    people = [
        make_user(body=body, full_name="سعاد <خليل>"),
        make_user(full_name="Rami & co"),
        make_user(body=body, full_name="Lina"),
        make_user(full_name="منى"),
    ]
    for person in people:  # the event holds two places: two confirmed, two waiting
        services.event_register(actor=person, event=event)
    first = Registration.objects.filter(event=event, user=people[0])
    first.update(checked_in_at=timezone.now().replace(second=7) - dt.timedelta(minutes=13))
    registrations = list(selectors.event_registrations(event=event))
    context = {"registrations": registrations, "event": event, "can_manage": can_manage, "csrf_token": "t0ken"}
    with translation.override(language):
        old, new = _render(OLD_ROW, context), _render(NEW_ROW, context)
    assert new == old
    assert old.count("<tr>") == 4
    assert ("t0ken" in old) is can_manage  # a confirmed place not yet checked in has its button
