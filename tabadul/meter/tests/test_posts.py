import io
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext
from PIL import Image

from tabadul.accounts.tests.factories import TEST_PASSWORD

from .. import services
from ..models import Post

pytestmark = pytest.mark.django_db


def image_file(size=(3000, 2000), fmt="JPEG", name="photo.jpg"):
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 80)).save(out, format=fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def test_post_images_are_resized_on_upload(world):
    post = services.post_save(
        actor=world.editor,
        body=world.body,
        kind="activity",
        title="افتتاح حديقة البلدية",
        summary="",
        text="نص",
        image=image_file(),
        project=None,
    )
    with Image.open(post.image.path) as stored:
        assert max(stored.size) == 1600
    assert (post.image_width, post.image_height) == (1600, 1067)


def test_non_images_are_rejected_by_content_whatever_their_name(world):
    fake = SimpleUploadedFile("photo.jpg", b"<?php echo 'x'; ?>" * 50, content_type="image/jpeg")
    with pytest.raises(ValidationError):
        services.post_save(actor=world.editor, body=world.body, kind="news", title="x", image=fake)
    assert not Post.objects.exists()


def test_post_form_shows_the_image_error(client, world):
    client.login(username=world.editor.username, password=TEST_PASSWORD)
    fake = SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png")
    response = client.post(
        reverse("meter:post_create", args=[world.body.slug]),
        {"kind": "news", "title": "خبر", "summary": "", "text": "", "image_upload": fake},
    )
    message = gettext("“%(name)s” is not a file of an accepted type. Accepted here: %(kinds)s.") % {
        "name": "photo.png",
        "kinds": "JPEG, PNG, WebP, GIF",
    }
    assert response.status_code == 200 and escape(message) in response.content.decode()
    response = client.post(
        reverse("meter:post_create", args=[world.body.slug]),
        {
            "kind": "news",
            "title": "خبر جديد",
            "summary": "ملخص",
            "text": "",
            "image_upload": image_file(size=(800, 600)),
        },
    )
    assert response.status_code == 302
    assert Post.objects.get().image_width == 800


def test_news_gallery_and_feeds(client, world, other_world):
    services.post_save(
        actor=world.editor,
        body=world.body,
        kind="news",
        title="إطلاق منصة البلدية ميتر",
        summary="لقاء مجتمعي",
        text="",
        image=image_file(size=(400, 300)),
    )
    services.post_save(actor=other_world.editor, body=other_world.body, kind="news", title="خبر بلدية أخرى")
    assert "إطلاق منصة البلدية ميتر" in client.get(reverse("meter:post_list", args=[world.body.slug])).content.decode()
    gallery = client.get(reverse("meter:gallery", args=[world.body.slug])).content.decode()
    assert "<img" in gallery and "خبر بلدية أخرى" not in gallery
    rss = client.get(reverse("meter:feed_rss", args=[world.body.slug]))
    assert rss["Content-Type"].startswith("application/rss+xml")
    titles = [item.findtext("title") for item in ET.fromstring(rss.content).iter("item")]
    assert titles == ["إطلاق منصة البلدية ميتر"]
    atom = client.get(reverse("meter:feed_atom", args=[world.body.slug]))
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "إطلاق منصة البلدية ميتر" in atom.content.decode()


def test_another_bodys_editor_cannot_post(world, other_world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.post_save(actor=other_world.editor, body=world.body, kind="news", title="x")


KINDS = (("news", "توقيع اتفاقية تعبيد"), ("activity", "يوم تطوعي لتنظيف الحي"), ("media", "فيديو الافتتاح"))


def test_news_activities_and_media_are_public_per_body_by_kind(client, world, other_world):
    for kind, title in KINDS:
        services.post_save(actor=world.editor, body=world.body, kind=kind, title=title, summary="", text="نص الخبر")
    services.post_save(actor=other_world.editor, body=other_world.body, kind="news", title="خبر جار")
    url = reverse("meter:post_list", args=[world.body.slug])
    everything = client.get(url)  # no sign-in
    assert everything.status_code == 200
    titles = {post.title for post in everything.context["page"].object_list}
    assert titles == {"توقيع اتفاقية تعبيد", "يوم تطوعي لتنظيف الحي", "فيديو الافتتاح"}
    for kind, title in KINDS:
        page = client.get(url, {"kind": kind}).context["page"]
        assert [post.title for post in page.object_list] == [title]
    assert client.get(url, {"kind": "bogus"}).context["page"].paginator.count == 3
    post = Post.objects.get(title="يوم تطوعي لتنظيف الحي")
    detail = client.get(reverse("meter:post_detail", args=[world.body.slug, post.pk]))
    assert detail.status_code == 200 and "نص الخبر" in detail.content.decode()
    # Another body's post is not reachable under this body's address.
    other = Post.objects.get(title="خبر جار")
    assert client.get(reverse("meter:post_detail", args=[world.body.slug, other.pk])).status_code == 404
    assert client.get(reverse("meter:post_list", args=["no-such-body"])).status_code == 404


def test_post_list_has_an_empty_state_pagination_and_a_fixed_query_count(client, world, django_assert_max_num_queries):
    url = reverse("meter:post_list", args=[world.body.slug])
    assert client.get(url).context["page"].paginator.count == 0
    assert "No news yet." in client.get("/en" + url).content.decode()
    for index in range(30):
        services.post_save(actor=world.editor, body=world.body, kind="news", title=f"خبر رقم {index}")
    with django_assert_max_num_queries(5):  # one more than before: the body's current plan, for its tabs
        page = client.get(url, {"page": "2"}).context["page"]
    assert page.paginator.count == 30 and len(page.object_list) == 12


def test_a_post_is_published_at_once_and_shows_despite_the_cache(client, world, django_capture_on_commit_callbacks):
    url = reverse("meter:post_list", args=[world.body.slug])
    assert client.get(url)["X-Meter-Cache"] == "miss"
    assert client.get(url)["X-Meter-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.post_save(actor=world.editor, body=world.body, kind="activity", title="ورشة عمل للشباب")
    response = client.get(url)
    assert response["X-Meter-Cache"] == "miss" and "ورشة عمل للشباب" in response.content.decode()
