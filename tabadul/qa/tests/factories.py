import io

import factory
from PIL import Image

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.qa.models import Topic
from tabadul.qa.services import specialist_profile_set


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_ar = factory.Sequence(lambda n: f"موضوع {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


def make_specialist(*topics, **fields):
    user = make_user(role=RoleGrant.Role.SPECIALIST, **fields)
    specialist_profile_set(actor=None, user=user, topics=topics)
    return user


def make_staff(body, **fields):
    """A member of a local body's staff (no role needed to ask a question)."""
    return make_user(body=body, **fields)


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 120, 60)).save(out, format="PNG")
    return out.getvalue()


PNG_BYTES = _png()  # a real picture: images are decoded and drawn again on upload
