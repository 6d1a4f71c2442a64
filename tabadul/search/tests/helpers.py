import io

from tabadul.hubs.models import Hub
from tabadul.search import index


def rebuild(*kinds: str) -> str:
    stream = io.StringIO()
    index.rebuild(list(kinds) or None, stream=stream)
    return stream.getvalue()


def make_hub(title: str, *, slug: str, description: str = "", name_en: str = "", **fields) -> Hub:
    return Hub.objects.create(name_ar=title, name_en=name_en, slug=slug, description_ar=description, **fields)
