"""What discussions tell people (issue 16): replies, mentions, reported posts; "my work"; the removal page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tabadul.accounts.tests.factories import make_user
from tabadul.core.models import AuditEvent
from tabadul.core.work import REGISTRY
from tabadul.discussions import services
from tabadul.discussions.models import Post, Report, Status
from tabadul.notifications.models import Kind, Notification
from tabadul.notifications.testing import EMAIL_CHOICES, assert_notified

from .conftest import make_hub_coordinator, make_hub_member


@pytest.fixture(autouse=True)
def _arabic():
    """A request to an /en/ page leaves English active in the thread: the next tests start in Arabic again."""
    with translation.override("ar"):
        yield


def _kind_count(kind) -> int:
    return Notification.objects.filter(kind=kind).count()


@pytest.mark.notification_kind("thread_reply")
def test_a_reply_to_a_post_tells_the_starter_and_the_replied_author_not_the_replier(thread, member, member2, member3):
    first = services.post_reply(actor=member2, thread=thread, body="رد أول")  # the starter (member) hears of it
    with assert_notified(Kind.THREAD_REPLY, [member, member2]) as sent:
        reply = services.post_reply(actor=member3, thread=thread, body="أوافق", reply_to=first)
    assert all(n.url == reply.get_absolute_url() for n in sent.notifications)
    assert not Notification.objects.filter(recipient=member3, kind=Kind.THREAD_REPLY).exists()


@pytest.mark.notification_kind("thread_reply")
@pytest.mark.parametrize("choice", EMAIL_CHOICES)
def test_a_reply_in_my_thread_honours_my_email_choice(thread, member, member2, choice):
    with assert_notified(Kind.THREAD_REPLY, [member], email=choice):
        services.post_reply(actor=member2, thread=thread, body="رد")


def test_replying_in_my_own_thread_tells_nobody(thread, member):
    services.post_reply(actor=member, thread=thread, body="إضافة")
    assert _kind_count(Kind.THREAD_REPLY) == 0


def test_a_reply_to_a_post_of_another_thread_is_refused(forum, thread, member, member2):
    from django.core.exceptions import ValidationError

    other = services.thread_start(actor=member2, forum=forum, title="موضوع آخر", body="نص")
    with pytest.raises(ValidationError):
        services.post_reply(actor=member, thread=thread, body="رد", reply_to=other.posts.get())


@pytest.mark.notification_kind("mention")
def test_a_mention_tells_the_people_named_who_may_read_the_forum(hub, forum, thread, member, member2, outsider):
    reader = make_hub_member(hub, body=None)
    reader.username, reader.email = "salma.k", "salma@example.org"
    reader.save()
    outsider.username = "outside.person"
    outsider.save()
    body = "شكراً @salma.k و@outside.person و@nobody، راسلوني على a@salma.k أيضاً."
    # member2 replies in member's thread: member hears of the reply, salma of the mention; the outsider cannot read
    # this members-only forum; "a@salma.k" is an e-mail address, not a second mention.
    with assert_notified(Kind.MENTION, [reader]) as sent:
        post = services.post_reply(actor=member2, thread=thread, body=body)
    assert sent.notifications[0].url == post.get_absolute_url()
    assert not Notification.objects.filter(recipient=outsider).exists()
    # An edit that keeps the mention tells nobody again; one that adds a mention tells only the newcomer.
    newcomer = make_hub_member(hub)
    newcomer.username = "newcomer"
    newcomer.save()
    services.post_edit(actor=member2, post=post, body=body + " @newcomer")
    assert Notification.objects.filter(kind=Kind.MENTION).count() == 2


def test_a_person_told_of_the_reply_is_not_told_again_of_a_mention(thread, member, member2):
    services.post_reply(actor=member2, thread=thread, body=f"@{member.username} ما رأيك؟")
    assert _kind_count(Kind.THREAD_REPLY) == 1 and _kind_count(Kind.MENTION) == 0


def test_mentions_are_parsed_from_the_source():
    assert services.mentioned_usernames("@a.b, @c_d. mail@x.org @a.b `@ee`") == ["a.b", "c_d", "ee"]
    assert services.mentioned_usernames("@" + " @".join(f"user{n}" for n in range(30)))[-1] == "user19"


@pytest.mark.notification_kind("post_reported")
def test_a_report_tells_the_forum_moderators_once_per_post(hub, thread, member2, member3, moderator):
    second = make_hub_coordinator(hub)
    third = make_hub_coordinator(hub)
    post = thread.posts.get()
    with assert_notified(Kind.POST_REPORTED, [moderator, second, third]) as sent:
        services.post_report(actor=member2, post=post, reason=Report.Reason.SPAM, note="إعلان")
    assert "إعلان" in sent.notifications[0].details
    services.post_report(actor=member3, post=post, reason=Report.Reason.OFFENSIVE)
    assert _kind_count(Kind.POST_REPORTED) == 3


def test_no_receiver_notifies_of_reports_any_more():
    from django.db.models.signals import post_save

    assert not post_save.has_listeners(Report)


# --- "My work": reported posts ------------------------------------------------------------------------------


def _report(post, *people):
    for person in people:
        services.post_report(actor=person, post=post, reason=Report.Reason.SPAM)


def test_my_work_lists_reported_posts_for_moderators_only(forum, thread, member, member2, moderator, outsider):
    waiting = REGISTRY["discussions.reported_posts"]
    reply = services.post_reply(actor=member, thread=thread, body="رد")
    _report(reply, member2)
    assert waiting.count(moderator) == 1
    [item] = waiting.items(moderator, 5)
    assert item.url == reverse("discussions:moderation_queue") + f"#post-{reply.pk}"
    assert item.title == thread.title
    for person in (member, member2, outsider):
        assert waiting.count(person) == 0 and waiting.items(person, 5) == []


def test_reported_posts_count_and_items_take_constant_queries(forum, thread, member, member2, moderator):
    from tabadul.discussions.owners import forget

    waiting = REGISTRY["discussions.reported_posts"]

    def measure():
        forget(moderator)
        with CaptureQueriesContext(connection) as counted:
            count = waiting.count(moderator)
        with CaptureQueriesContext(connection) as listed:
            items = waiting.items(moderator, 5)
        return count, len(items), len(counted.captured_queries), len(listed.captured_queries)

    _report(services.post_reply(actor=member, thread=thread, body="رد"), member2)
    small = measure()
    for n in range(6):
        _report(services.post_reply(actor=member, thread=thread, body=f"رد {n}"), member2)
    large = measure()
    assert (small[0], large[0], large[1]) == (1, 7, 5)
    assert small[2:] == large[2:]


# --- Removing a post: a confirmation page with a reason ------------------------------------------------------


def test_the_removal_page_says_what_happens_and_needs_a_reason(client, thread, member, member2, moderator):
    post = services.post_reply(actor=member, thread=thread, body="رد")
    _report(post, member2)
    with translation.override("en"):
        url = reverse("discussions:post_remove", args=[post.pk])
    client.force_login(moderator)
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Remove this post?" in text and "hidden from everyone but its author" in text
    audits = AuditEvent.objects.count()
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 400
    assert Post.objects.get(pk=post.pk).status == Status.VISIBLE and AuditEvent.objects.count() == audits
    assert client.post(url, {"reason": "إعلان"}).status_code == 302
    assert Post.objects.get(pk=post.pk).status == Status.REMOVED
    event = AuditEvent.objects.get(action="discussions.post.remove")
    assert event.changes["reason"] == "إعلان"


def test_the_removal_page_is_refused_to_non_moderators(client, thread, member2):
    client.force_login(member2)
    assert client.get(reverse("discussions:post_remove", args=[thread.posts.get().pk])).status_code == 403


def test_reply_to_link_and_form(client, thread, member, member2):
    first = services.post_reply(actor=member, thread=thread, body="أول رد")
    client.force_login(member2)
    url = reverse("discussions:reply_create", args=[thread.pk])
    assert f"?reply_to={first.pk}" in client.get(thread.get_absolute_url()).content.decode()
    assert client.get(f"{url}?reply_to={first.pk}").status_code == 200
    client.post(url, {"body": "رد على الرد", "reply_to": first.pk})
    assert Post.objects.get(body="رد على الرد").reply_to == first


def test_a_person_who_cannot_read_the_forum_is_not_told_of_a_mention(thread, member2):
    make_user(username="someone.else")
    services.post_reply(actor=member2, thread=thread, body="@someone.else")
    assert _kind_count(Kind.MENTION) == 0
