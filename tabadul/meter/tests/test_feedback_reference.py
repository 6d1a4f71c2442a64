"""Feedback that reaches back: reference code and page, confirmation, contact for the body only, erased on schedule."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from tabadul.accounts.tests.factories import TEST_PASSWORD
from tabadul.core import work
from tabadul.core.models import AuditEvent

from .. import services
from ..models import Feedback

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$")
EMAIL = "citizen.private@example.org"
PHONE = "٠٥٩٩١٢٣٤٥٦"  # typed with Arabic-Indic digits


def _send(client, world, *, kind="complaint", text="المياه تنقطع عن الحي منذ أسبوع", contact="", ip="10.0.0.9"):
    url = "/en" + _path("meter:project_feedback", world.plan.pk, world.projects[0].pk)
    data = {"kind": kind, "text": text, "name": "سناء الخطيب", "contact": contact, "website": ""}
    return client.post(url, data, REMOTE_ADDR=ip)


def _submit(world, *, kind="complaint", contact="", actor=None):
    return services.feedback_submit(
        actor=actor,
        plan=world.plan,
        project=None,
        kind=kind,
        text="نص الشكوى الخاصة بالحي",
        name="سناء",
        contact=contact,
    )


def _en(feedback) -> str:
    return f"/en/meter/feedback/{feedback.reference}/"


def _path(name, *args) -> str:
    """The Arabic (unprefixed) path, whatever language an earlier /en/ request left active."""
    with translation.override("ar"):
        return reverse(name, args=args)


def test_every_feedback_gets_a_short_unguessable_reference(world):
    codes = {_submit(world).reference for _ in range(30)}
    assert len(codes) == 30 and all(CODE.match(code) for code in codes)


def test_sending_lands_on_a_confirmation_with_the_reference_and_the_link(client, world):
    response = _send(client, world, contact=EMAIL)
    feedback = Feedback.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/en" + _path("meter:feedback_sent", feedback.reference)
    page = client.get(response["Location"])
    text = page.content.decode()
    assert feedback.reference_display in text
    assert "http://testserver" + feedback.get_absolute_url() in text
    assert EMAIL not in text  # the confirmation shows the detail to nobody either
    assert page["X-Robots-Tag"].startswith("noindex")


def test_the_reference_page_shows_the_reply_and_nothing_private(client, world, django_capture_on_commit_callbacks):
    _send(client, world, contact=PHONE)
    feedback = Feedback.objects.get()
    url = _en(feedback)
    page = client.get(url).content.decode()
    assert "Received" in page and "No reply yet" in page
    for private in ("المياه تنقطع", "سناء الخطيب", "0599123456", PHONE):
        assert private not in page
    services.feedback_reply(actor=world.editor, feedback=feedback, reply="أرسلنا فريق الصيانة اليوم")
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.ANSWERED  # a complaint stays private
    page = client.get(url).content.decode()
    assert "أرسلنا فريق الصيانة اليوم" in page and "Answered" in page
    for private in ("المياه تنقطع", "سناء الخطيب", "0599123456"):
        assert private not in page
    # Not on the public plan or project pages either.
    for public in (world.plan.get_absolute_url(), world.projects[0].get_absolute_url()):
        assert "المياه تنقطع" not in client.get(public).content.decode()
    # The body publishes it with its reply: now the text is public, the contact and name still not.
    with django_capture_on_commit_callbacks(execute=True):  # the cached public pages are renewed after the commit
        services.feedback_reply(actor=world.editor, feedback=feedback, reply="أرسلنا فريق الصيانة اليوم", publish=True)
    page = client.get(url).content.decode()
    assert "المياه تنقطع" in page and "0599123456" not in page and "سناء الخطيب" not in page
    assert "المياه تنقطع" in client.get(world.projects[0].get_absolute_url()).content.decode()


def test_a_complaint_is_not_published_without_a_reply(world):
    feedback = _submit(world)
    with translation.override("en"), pytest.raises(ValidationError, match="publish it only together"):
        services.feedback_moderate(actor=world.editor, feedback=feedback, publish=True)
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.PENDING


def test_a_suggestion_is_published_with_its_reply_as_before(world):
    feedback = _submit(world, kind="suggestion")
    services.feedback_reply(actor=world.editor, feedback=feedback, reply="شكراً على الاقتراح")
    assert feedback.status == Feedback.Status.PUBLISHED


@pytest.mark.parametrize("reference", ["XXXXXXXX", "abc", "K7QM4TX0", "K7QM-4TXB-ZZ", "%00", "1" * 200])
def test_unknown_or_odd_references_are_404(client, world, reference):
    _submit(world)
    assert client.get(f"/en/meter/feedback/{reference}/").status_code == 404


def test_a_reference_typed_in_lower_case_with_a_dash_is_found(client, world):
    feedback = _submit(world)
    typed = feedback.reference_display.lower()
    assert client.get(_path("meter:feedback_reference", typed)).status_code == 200


def test_the_reference_page_reads_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    feedback = _submit(world)
    with django_assert_max_num_queries(8):
        assert client.get(feedback.get_absolute_url()).status_code == 200


def test_the_body_sees_the_contact_in_its_queue_the_public_never(client, world):
    feedback = _submit(world, contact=EMAIL)
    client.force_login(world.editor)
    queue = client.get("/en" + _path("meter:feedback_queue", world.body.slug)).content.decode()
    assert EMAIL in queue and feedback.reference_display in queue
    client.logout()
    for url in (_en(feedback), _path("meter:feedback_sent", feedback.reference)):
        assert EMAIL not in client.get(url).content.decode()
    event = AuditEvent.objects.get(action="meter.feedback.submit", target_id=feedback.pk)
    assert EMAIL not in str(event.changes)


def test_the_reply_is_emailed_then_the_address_erased(world, django_capture_on_commit_callbacks):
    feedback = _submit(world, contact=EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_reply(actor=world.editor, feedback=feedback, reply="تم إصلاح الخط الرئيسي")
    assert [message.to for message in mail.outbox] == [[EMAIL]]
    assert feedback.reference_display in mail.outbox[0].subject
    assert "تم إصلاح الخط الرئيسي" in mail.outbox[0].body
    assert feedback.get_absolute_url() in mail.outbox[0].body
    feedback.refresh_from_db()
    assert feedback.contact == "" and feedback.contact_erased_at is not None
    assert AuditEvent.objects.filter(action="meter.feedback.contact_erase", target_id=feedback.pk).exists()


@override_settings(METER_FEEDBACK_CONTACT_DAYS=30)
def test_contacts_are_erased_after_the_retention_period_with_a_frozen_clock(world):
    start = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=start):
        phone = _submit(world, contact=PHONE)
        fresh_email = _submit(world, contact=EMAIL)
    assert phone.contact == "0599123456"
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(days=29, hours=23)):
        call_command("meter_erase_contacts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    phone.refresh_from_db()
    assert phone.contact == "0599123456"  # a day early: kept for the body to call
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(days=30, minutes=1)):
        assert services.feedback_erase_contacts() == 2
    for item in (phone, fresh_email):
        item.refresh_from_db()
        assert item.contact == "" and item.contact_erased_at is not None
    assert services.feedback_erase_contacts() == 0  # idempotent


def test_the_form_states_the_retention_and_checks_the_contact(client, world):
    with override_settings(METER_FEEDBACK_CONTACT_DAYS=45):
        page = client.get("/en" + _path("meter:plan_feedback", world.plan.pk)).content.decode()
    assert "after 45 days" in page
    response = _send(client, world, contact="not a contact")
    assert response.status_code == 200 and "e-mail address or a phone number" in response.content.decode()
    assert not Feedback.objects.exists()


def test_the_rate_limit_still_holds_with_the_new_pages(client, world):
    for i in range(services.FEEDBACK_LIMIT_PER_IP):
        assert _send(client, world, text=f"سؤال رقم {i} عن موعد التسليم", ip="10.1.1.1").status_code == 302
    assert _send(client, world, text="رسالة أخرى من العنوان نفسه", ip="10.1.1.1").status_code == 429
    assert Feedback.objects.count() == services.FEEDBACK_LIMIT_PER_IP


def test_signed_in_citizens_see_their_feedback_on_my_work(client, world, citizen):
    feedback = _submit(world, actor=citizen)
    waiting = work.REGISTRY["meter.my_feedback"]
    assert waiting.count(citizen) == 1
    [item] = waiting.items(citizen, 10)
    assert item.url == feedback.get_absolute_url() and feedback.reference_display in item.title
    assert waiting.count(world.editor) == 0
    services.feedback_reply(actor=world.editor, feedback=feedback, reply="شكراً، سنتابع")
    assert waiting.count(citizen) == 1  # answered lately: still shown, linking to the reply
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(days=31)):
        assert waiting.count(citizen) == 0
    client.login(username=citizen.username, password=TEST_PASSWORD)
    assert feedback.reference_display in client.get("/en" + _path("work:my_work")).content.decode()


@pytest.mark.parametrize("who", ["anonymous", "citizen", "editor", "other_editor"])
def test_the_reference_pages_are_the_same_for_everyone_and_get_only(client, world, other_world, citizen, who):
    feedback = _submit(world, contact=EMAIL)
    user = {"anonymous": None, "citizen": citizen, "editor": world.editor, "other_editor": other_world.editor}[who]
    if user is not None:
        client.force_login(user)
    for name in ("meter:feedback_reference", "meter:feedback_sent"):
        url = _path(name, feedback.reference)
        response = client.get(url)
        assert response.status_code == 200 and EMAIL not in response.content.decode()
        assert client.post(url).status_code == 405
