import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tabadul.core.models import AuditEvent
from tabadul.discussions import services
from tabadul.discussions.models import Post, Report, Status, Thread
from tabadul.hubs.models import Membership

pytestmark = pytest.mark.django_db


def test_forum_list_page(client, forum, member, outsider, django_assert_max_num_queries):
    from .conftest import make_hub

    client.force_login(member)
    client.get(reverse("discussions:forum_list"))  # the header's count of waiting work is cached per person
    # session, user, roles, then the owner policies' id lookups (once each), count, forums: not per forum
    with django_assert_max_num_queries(16) as few:
        response = client.get(reverse("discussions:forum_list"))
    assert list(response.context["page"].object_list) == [forum]
    for n in range(5):
        extra = make_hub(f"extra-{n}")
        Membership.objects.create(hub=extra, body=member.local_body, status="active", joined_at=timezone.now())
        services.forum_ensure(owner=extra)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("discussions:forum_list"))
    assert len(response.context["page"].object_list) == 6
    client.force_login(outsider)
    assert list(client.get(reverse("discussions:forum_list")).context["page"].object_list) == []
    client.logout()
    assert client.get(reverse("discussions:forum_list")).status_code == 200


def test_owner_forum_link_creates_the_forum_for_members_only(client, hub, member, outsider):
    url = reverse("discussions:owner_forum", args=["hubs.hub", hub.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == "/discussions/hub-" + str(hub.pk) + "/"
    assert client.get(reverse("discussions:owner_forum", args=["accounts.user", member.pk])).status_code == 404
    assert client.get(reverse("discussions:owner_forum", args=["nonsense", 1])).status_code == 404


def test_members_only_forum_is_closed_to_others(client, forum, thread, outsider):
    for url in (forum.get_absolute_url(), thread.get_absolute_url()):
        assert client.get(url).status_code == 302  # anonymous: sign in first
        client.force_login(outsider)
        assert client.get(url).status_code == 403
        client.logout()


def test_forum_detail_query_count_does_not_grow(client, forum, member, member2, django_assert_max_num_queries):
    client.force_login(member)
    services.thread_start(actor=member2, forum=forum, title="موضوع أول", body="نص")
    client.get(forum.get_absolute_url())  # the header's count of waiting work is cached per person
    with django_assert_max_num_queries(12) as few:
        client.get(forum.get_absolute_url())
    for n in range(8):
        services.thread_start(actor=member2 if n % 2 else member, forum=forum, title=f"موضوع {n}", body="نص")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(forum.get_absolute_url())
    assert len(response.context["page"].object_list) == 9


def test_thread_detail_query_count_is_constant(
    client, settings, thread, member, member2, member3, django_assert_num_queries, django_assert_max_num_queries
):
    settings.DISCUSSIONS_POSTS_PER_PAGE = 5
    settings.DISCUSSIONS_POSTS_PER_WINDOW = 100
    client.force_login(member3)
    services.post_reply(actor=member2, thread=thread, body="رد")
    client.get(thread.get_absolute_url())  # warm Django's content-type cache
    with django_assert_max_num_queries(12) as first:
        client.get(thread.get_absolute_url())
    for n in range(12):
        services.post_reply(actor=member if n % 2 else member2, thread=thread, body=f"رد رقم {n}")
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(thread.get_absolute_url())
    assert len(response.context["posts"]) == 5
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(thread.get_absolute_url(), {"page": "3"})
    assert [p.body for p in response.context["posts"]] == [f"رد رقم {n}" for n in range(8, 12)]


def test_markdown_is_rendered_safely_on_the_page(client, forum, member):
    thread = services.thread_start(
        actor=member,
        forum=forum,
        title="تجربة",
        body='**مهم** <script>alert("x")</script> <img src=x onerror=alert(1)> [رابط](javascript:alert(1))',
    )
    client.force_login(member)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "<strong>مهم</strong>" in html
    assert '<script>alert("x")</script>' not in html and "<img src=x" not in html
    assert 'href="javascript' not in html


def test_start_thread_and_reply_through_the_pages(client, forum, member, member2):
    client.force_login(member)
    response = client.post(
        reverse("discussions:thread_create", args=[forum.slug]), {"title": "سؤال عن النفايات", "body": "كيف؟"}
    )
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    client.force_login(member2)
    response = client.post(reverse("discussions:reply_create", args=[thread.pk]), {"body": "هكذا"})
    reply = Post.objects.get(is_opening=False)
    assert response.status_code == 302 and response["Location"].endswith(f"?page=1#post-{reply.pk}")
    response = client.post(reverse("discussions:reply_create", args=[thread.pk]), {"body": ""})
    assert response.status_code == 400 and response.context["form"].errors


def test_bad_thread_input_gets_a_message(client, forum, member):
    client.force_login(member)
    response = client.post(reverse("discussions:thread_create", args=[forum.slug]), {"title": "x", "body": ""})
    assert response.status_code == 200 and set(response.context["form"].errors) == {"title", "body"}
    assert not Thread.objects.exists()


def test_rate_limit_shows_a_message_not_an_error(client, settings, thread, member2):
    settings.DISCUSSIONS_POSTS_PER_WINDOW = 1
    client.force_login(member2)
    url = reverse("discussions:reply_create", args=[thread.pk])
    assert client.post(url, {"body": "أول"}).status_code == 302
    response = client.post(url, {"body": "ثاني"})
    assert response.status_code == 400
    assert "too fast" in str(response.context["form"].non_field_errors()) or response.context["form"].errors


@pytest.mark.parametrize("who", ["anonymous", "outsider", "citizen"])
def test_writing_views_refuse_non_members(client, who, forum, thread, outsider, citizen):
    if who != "anonymous":
        client.force_login({"outsider": outsider, "citizen": citizen}[who])
    expected = 302 if who == "anonymous" else 403
    assert (
        client.post(
            reverse("discussions:thread_create", args=[forum.slug]), {"title": "عنوان", "body": "نص"}
        ).status_code
        == expected
    )
    assert client.post(reverse("discussions:reply_create", args=[thread.pk]), {"body": "رد"}).status_code == expected
    post = thread.posts.get()
    assert client.post(reverse("discussions:post_edit", args=[post.pk]), {"body": "x"}).status_code == expected
    assert client.post(reverse("discussions:post_report", args=[post.pk]), {"reason": "spam"}).status_code == expected
    moderate = client.post(reverse("discussions:post_moderate", args=[post.pk]), {"action": "remove"})
    assert moderate.status_code == expected
    assert Thread.objects.count() == 1 and Post.objects.count() == 1 and not Report.objects.exists()
    post.refresh_from_db()
    assert post.status == Status.VISIBLE and post.body == "ما تجاربكم؟"


def test_edit_view_for_the_author_within_the_window(client, thread, member, member2):
    post = thread.posts.get()
    url = reverse("discussions:post_edit", args=[post.pk])
    client.force_login(member2)
    assert client.post(url, {"body": "تخريب", "title": "عنوان"}).status_code == 403
    client.force_login(member)
    assert client.get(url).status_code == 200
    assert client.post(url, {"body": "نص معدل", "title": "عنوان معدل"}).status_code == 302
    thread.refresh_from_db()
    assert thread.title == "عنوان معدل"
    Post.objects.filter(pk=post.pk).update(posted_at=post.posted_at.replace(year=2020))
    assert client.get(url).status_code == 403


def test_report_view_and_hiding(client, settings, thread, member, member2, member3):
    settings.DISCUSSIONS_HIDE_AFTER_REPORTS = 2
    post = services.post_reply(actor=member, thread=thread, body="محتوى مسيء")
    url = reverse("discussions:post_report", args=[post.pk])
    client.force_login(member)
    assert client.get(url).status_code == 403  # one's own post
    client.force_login(member2)
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "nonsense"}).context["form"].errors
    assert client.post(url, {"reason": "offensive", "note": "شتائم"}).status_code == 302
    again = client.post(url, {"reason": "spam"})
    assert again.status_code == 200 and again.context["form"].non_field_errors()
    client.force_login(member3)
    client.post(url, {"reason": "off_topic"})
    post.refresh_from_db()
    assert post.status == Status.HIDDEN
    # member3 no longer sees it on the thread page, and cannot report it again
    assert f'id="post-{post.pk}"' not in client.get(thread.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 403
    client.force_login(member)  # its author still sees it, marked
    assert f'id="post-{post.pk}"' in client.get(thread.get_absolute_url()).content.decode()


def test_moderation_queue_and_actions(
    client, settings, thread, member, member2, moderator, other_moderator, django_assert_max_num_queries
):
    settings.DISCUSSIONS_HIDE_AFTER_REPORTS = 1
    settings.DISCUSSIONS_POSTS_PER_WINDOW = 100
    posts = [services.post_reply(actor=member, thread=thread, body=f"رد {n}") for n in range(4)]
    for post in posts:
        services.post_report(actor=member2, post=post, reason=Report.Reason.SPAM)
    url = reverse("discussions:moderation_queue")
    client.force_login(member2)
    assert client.get(url).status_code == 403
    client.force_login(other_moderator)
    assert list(client.get(url).context["page"].object_list) == []
    assert (
        client.post(reverse("discussions:post_moderate", args=[posts[0].pk]), {"action": "remove"}).status_code == 403
    )
    client.force_login(moderator)
    client.get(url)  # the header's count of waiting work is cached per person
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert set(response.context["page"].object_list) == set(posts)
    assert "Spam or advertising" in response.content.decode() or "إعلان" in response.content.decode()
    moderate = reverse("discussions:post_moderate", args=[posts[0].pk])
    assert client.post(moderate, {"action": "restore"}).status_code == 302
    # "remove" sends the moderator to the confirmation page, which needs a reason
    asked = client.post(reverse("discussions:post_moderate", args=[posts[1].pk]), {"action": "remove"})
    assert asked.status_code == 302 and asked["Location"] == reverse("discussions:post_remove", args=[posts[1].pk])
    remove = reverse("discussions:post_remove", args=[posts[1].pk])
    assert client.post(remove, {"reason": "إعلان تجاري"}).status_code == 302
    assert client.post(reverse("discussions:post_moderate", args=[posts[2].pk]), {"action": "bogus"}).status_code == 302
    assert client.get(moderate).status_code == 405
    statuses = dict(Post.objects.filter(pk__in=[p.pk for p in posts]).values_list("pk", "status"))
    assert [statuses[p.pk] for p in posts] == ["visible", "removed", "hidden", "hidden"]
    assert (
        AuditEvent.objects.filter(
            actor=moderator, action__in=["discussions.post.restore", "discussions.post.remove"]
        ).count()
        == 2
    )
    html = client.get(thread.get_absolute_url()).content.decode()
    assert re.search(rf'id="post-{posts[2].pk}"', html)  # moderators see hidden posts with their buttons


def test_unknown_objects_give_404(client, member):
    client.force_login(member)
    for url in (
        reverse("discussions:forum_detail", args=["nope"]),
        reverse("discussions:thread_detail", args=[999]),
        reverse("discussions:post_edit", args=[999]),
        reverse("discussions:post_report", args=[999]),
    ):
        assert client.get(url).status_code == 404


def test_bad_page_numbers_get_a_normal_page(client, thread, member):
    client.force_login(member)
    for page in ("zz", "999", "٢", "-1"):
        assert client.get(thread.get_absolute_url(), {"page": page}).status_code == 200
