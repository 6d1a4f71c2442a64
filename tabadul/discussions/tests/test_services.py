from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tabadul.accounts.tests.factories import make_user
from tabadul.core import hooks
from tabadul.core.models import AuditEvent
from tabadul.discussions import selectors, services
from tabadul.discussions.models import Forum, Post, Report, Status, Thread

pytestmark = pytest.mark.django_db


def audited(action: str, target) -> bool:
    return AuditEvent.objects.filter(action=action, target_id=str(target.pk)).exists()


def seen_by(user, thread) -> list[Post]:
    return list(selectors.thread_posts(user=user, thread=thread))


def test_forum_ensure_is_idempotent_per_owner(hub):
    forum = services.forum_ensure(owner=hub)
    assert services.forum_ensure(owner=hub) == forum
    assert Forum.objects.count() == 1
    assert forum.owner == hub and forum.title == hub.name_ar and forum.visibility == Forum.Visibility.MEMBERS


def test_forum_ensure_refuses_unregistered_owners(member):
    with pytest.raises(ValidationError):
        services.forum_ensure(owner=member)  # a User is not a registered owner type


def test_reserved_slug_is_refused():
    with pytest.raises(ValidationError):
        services.forum_ensure(slug="moderation", title="x")


def test_members_start_threads_and_reply_outsiders_do_not(forum, member, member2, outsider, citizen):
    thread = services.thread_start(actor=member, forum=forum, title="موضوع", body="**نص**")
    assert thread.posts.get().body_html == "<p><strong>نص</strong></p>"
    reply = services.post_reply(actor=member2, thread=thread, body="رد")
    thread.refresh_from_db()
    assert thread.reply_count == 1 and thread.last_post_at == reply.posted_at
    for person in (outsider, citizen):
        with pytest.raises(PermissionDenied):
            services.thread_start(actor=person, forum=forum, title="موضوع", body="نص")
        with pytest.raises(PermissionDenied):
            services.post_reply(actor=person, thread=thread, body="رد")
    assert audited("discussions.thread.start", thread) and audited("discussions.post.reply", reply)


def test_posting_is_rate_limited(forum, member, settings):
    settings.DISCUSSIONS_POSTS_PER_WINDOW = 3
    thread = services.thread_start(actor=member, forum=forum, title="موضوع", body="نص")
    services.post_reply(actor=member, thread=thread, body="١")
    services.post_reply(actor=member, thread=thread, body="٢")
    with pytest.raises(ValidationError) as error:
        services.post_reply(actor=member, thread=thread, body="٣")
    assert error.value.code == "rate"
    assert thread.posts.count() == 3


def test_author_edits_within_the_window_only(thread, member, member2, settings):
    opening = thread.posts.get()
    services.post_edit(actor=member, post=opening, body="نص *معدل*", title="عنوان جديد")
    opening.refresh_from_db()
    thread.refresh_from_db()
    assert opening.body_html == "<p>نص <em>معدل</em></p>" and opening.edited_at and thread.title == "عنوان جديد"
    assert audited("discussions.post.edit", opening)
    with pytest.raises(PermissionDenied):
        services.post_edit(actor=member2, post=opening, body="تخريب")
    settings.DISCUSSIONS_EDIT_WINDOW_MINUTES = 15
    Post.objects.filter(pk=opening.pk).update(posted_at=timezone.now() - timedelta(minutes=16))
    with pytest.raises(PermissionDenied):
        services.post_edit(actor=member, post=opening, body="بعد انتهاء المهلة")
    settings.DISCUSSIONS_EDIT_WINDOW_MINUTES = 30  # configurable: a longer window lets the edit through
    services.post_edit(actor=member, post=opening, body="ضمن مهلة أطول")


def test_one_report_per_person_per_post(thread, member2):
    post = thread.posts.get()
    report = services.post_report(actor=member2, post=post, reason=Report.Reason.SPAM)
    assert audited("discussions.post.report", post) and report.reason == "spam"
    with pytest.raises(ValidationError):
        services.post_report(actor=member2, post=post, reason=Report.Reason.OFFENSIVE)
    assert Report.objects.count() == 1
    post.refresh_from_db()
    assert post.report_count == 1 and post.status == Status.VISIBLE


def test_authors_cannot_report_themselves_and_reasons_are_checked(thread, member, member2):
    post = thread.posts.get()
    with pytest.raises(PermissionDenied):
        services.post_report(actor=member, post=post, reason=Report.Reason.SPAM)
    with pytest.raises(ValidationError):
        services.post_report(actor=member2, post=post, reason="boring")


def test_reported_post_is_hidden_from_all_but_moderators_and_author(
    settings, forum, thread, member, member2, member3, moderator, outsider, platform_admin
):
    settings.DISCUSSIONS_HIDE_AFTER_REPORTS = 2
    reply = services.post_reply(actor=member2, thread=thread, body="إعلان تجاري")
    services.post_report(actor=member, post=reply, reason=Report.Reason.SPAM)
    reply.refresh_from_db()
    assert reply.status == Status.VISIBLE and reply in seen_by(member3, thread)
    services.post_report(actor=member3, post=reply, reason=Report.Reason.OFF_TOPIC)
    reply.refresh_from_db()
    assert reply.status == Status.HIDDEN
    for person in (member, member3):  # other members, including the reporters
        assert reply not in seen_by(person, thread)
        assert not person.has_perm("discussions.view_post", reply)
    for person in (member2, moderator, platform_admin):  # its author and the moderators
        assert reply in seen_by(person, thread)
        assert person.has_perm("discussions.view_post", reply)
    assert not outsider.has_perm("discussions.view_post", reply)
    assert list(selectors.moderation_queue(user=moderator)) == [reply]


def test_hidden_opening_post_hides_the_thread(settings, forum, thread, member, member2, moderator):
    settings.DISCUSSIONS_HIDE_AFTER_REPORTS = 1
    services.post_report(actor=member2, post=thread.posts.get(), reason=Report.Reason.OFFENSIVE)
    thread.refresh_from_db()
    assert thread.status == Status.HIDDEN
    assert thread not in selectors.thread_list(user=member2, forum=forum)
    assert thread in selectors.thread_list(user=member, forum=forum)
    assert thread in selectors.thread_list(user=moderator, forum=forum)
    with pytest.raises(ValidationError):
        services.post_reply(actor=member2, thread=thread, body="رد")


def test_moderator_restores_or_removes_with_an_audit_record(settings, thread, member2, member3, moderator):
    settings.DISCUSSIONS_HIDE_AFTER_REPORTS = 1
    post = services.post_reply(actor=member2, thread=thread, body="نص")
    services.post_report(actor=member3, post=post, reason=Report.Reason.SPAM)
    services.post_moderate(actor=moderator, post=post, action="restore")
    post.refresh_from_db()
    assert post.status == Status.VISIBLE and post.report_count == 0 and post.moderated_by == moderator
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    assert audited("discussions.post.restore", post)
    assert list(selectors.moderation_queue(user=moderator)) == []
    with pytest.raises(ValidationError):
        services.post_moderate(actor=moderator, post=post, action="remove")  # a removal needs a reason
    services.post_moderate(actor=moderator, post=post, action="remove", reason="إعلان")
    post.refresh_from_db()
    assert post.status == Status.REMOVED
    event = AuditEvent.objects.get(action="discussions.post.remove", target_id=str(post.pk))
    assert event.actor == moderator and event.changes == {"status": ["visible", "removed"], "reason": "إعلان"}
    with pytest.raises(ValidationError):
        services.post_moderate(actor=moderator, post=post, action="explode")


def test_only_the_forums_moderators_moderate(thread, member, member2, other_moderator, platform_admin):
    post = thread.posts.get()
    for person in (member, member2, other_moderator):
        with pytest.raises(PermissionDenied):
            services.post_moderate(actor=person, post=post, action="remove", reason="x")
    services.post_moderate(actor=platform_admin, post=post, action="remove", reason="x")
    assert list(selectors.moderation_queue(user=other_moderator)) == []


def test_working_group_forum_members_and_lead(topic, group_lead, group_member, member, moderator):
    forum = services.forum_ensure(owner=topic)
    assert forum.title == "إدارة المشاريع"
    thread = services.thread_start(actor=group_member, forum=forum, title="خطة النشاط", body="مقترح")
    with pytest.raises(PermissionDenied):  # a member of the hub but not of the working group
        services.post_reply(actor=member, thread=thread, body="رد")
    assert group_lead.has_perm("discussions.moderate_post", thread.posts.get())
    assert moderator.has_perm("discussions.moderate_post", thread.posts.get())  # the hub's coordinator
    assert not group_member.has_perm("discussions.moderate_post", thread.posts.get())
    assert set(selectors.forum_list(user=group_member)) == {forum}
    assert forum not in selectors.forum_list(user=member)


def test_forum_list_shows_only_forums_one_takes_part_in(hub, other_hub, member, outsider, platform_admin):
    mine, theirs = services.forum_ensure(owner=hub), services.forum_ensure(owner=other_hub)
    public = services.forum_ensure(slug="general", title="النقاش العام")
    assert set(selectors.forum_list(user=member)) == {mine, public}
    assert set(selectors.forum_list(user=outsider)) == {theirs, public}
    assert set(selectors.forum_list(user=platform_admin)) == {mine, theirs, public}


def test_platform_forum_is_open_to_staff_of_bodies_only(member, citizen):
    forum = services.forum_ensure(slug="general", title="النقاش العام")
    services.thread_start(actor=member, forum=forum, title="مرحبا", body="نص")
    with pytest.raises(PermissionDenied):
        services.thread_start(actor=citizen, forum=forum, title="مرحبا", body="نص")
    assert citizen.has_perm("discussions.view_forum", forum)
    assert Thread.objects.count() == 1


def test_a_new_owner_type_registers_its_policy(member, body):
    """How the twinning app (or any other) plugs in: register a policy for its model."""
    from tabadul.directory.models import LocalBody
    from tabadul.discussions import owners

    policy = owners.ForumPolicy(
        owner="directory.localbody",
        is_member=lambda user, owner: user.local_body_id == owner.pk,
        is_moderator=lambda user, owner: False,
        moderated_owner_ids=lambda user: [],
        moderator_ids=lambda owner: [],
        member_owner_ids=lambda user: [user.local_body_id] if user.local_body_id else [],
        title=lambda owner: owner.name_ar,
    )
    with hooks.register_temporarily("discussions.forum_policies", policy):
        own_body = LocalBody.objects.get(pk=member.local_body_id)
        forum = services.forum_ensure(owner=own_body)
        services.thread_start(actor=member, forum=forum, title="داخلي", body="نص")
        assert forum in selectors.forum_list(user=member)
        with pytest.raises(PermissionDenied):
            services.thread_start(actor=make_user(body=body), forum=forum, title="x", body="y")
    assert owners.policy_for_label("directory.localbody") is None


def test_a_forum_whose_owner_is_deleted_is_closed_not_broken(client, hub, forum, thread, member, platform_admin):
    hub.delete()
    forum.refresh_from_db()
    assert not member.has_perm("discussions.view_forum", forum)
    assert platform_admin.has_perm("discussions.moderate_post", thread.posts.get())
    client.force_login(member)
    assert client.get(forum.get_absolute_url()).status_code == 403
