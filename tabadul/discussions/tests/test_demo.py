import pytest

from tabadul.accounts.models import User
from tabadul.demo import discussions as demo
from tabadul.demo.accounts import load as load_accounts
from tabadul.demo.alignment import load as load_alignment
from tabadul.demo.directory import load as load_bodies
from tabadul.demo.hubs import load as load_hubs
from tabadul.discussions import selectors
from tabadul.discussions.models import Forum, Post, Thread

pytestmark = pytest.mark.django_db


def test_demo_threads_in_the_hubs_and_a_reported_post_in_the_queue():
    load_bodies()
    load_accounts()
    load_alignment()
    load_hubs()
    demo.load()
    counts = (Forum.objects.count(), Thread.objects.count(), Post.objects.count())
    demo.load()
    assert (Forum.objects.count(), Thread.objects.count(), Post.objects.count()) == counts
    assert Thread.objects.filter(title__contains="الموازنة", forum__owner_id__isnull=False).exists()
    coordinator = User.objects.get(username="salfit.editor")  # coordinates the Public Relations hub
    queue = list(selectors.moderation_queue(user=coordinator))
    assert [post.author.username for post in queue] == ["jenin.engineer"]
    assert not selectors.moderation_queue(user=User.objects.get(username="beita.editor")).exists()
    beita = User.objects.get(username="beita.editor")
    titles = {forum.title for forum in selectors.forum_list(user=beita)}
    assert "منصة الهندسة والتخطيط" in titles and "منصة العلاقات العامة" not in titles
