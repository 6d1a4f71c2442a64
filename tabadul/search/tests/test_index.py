import io

import pytest
from django.core.management import CommandError, call_command

from tabadul.hubs.models import Hub
from tabadul.search import index
from tabadul.search.models import SearchEntry, SearchFacet

from .helpers import make_hub, rebuild


def _entry(hub):
    return SearchEntry.objects.get(kind="hub", object_id=hub.pk)


def test_writes_update_the_index_after_commit_only(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        hub = make_hub("مركز المياه", slug="water")
    assert not SearchEntry.objects.filter(kind="hub", object_id=hub.pk).exists()  # nothing before commit
    for callback in callbacks:
        callback()
    assert _entry(hub).title == "مركز المياه"

    with django_capture_on_commit_callbacks(execute=True):
        hub.name_ar = "مركز الطاقة"
        hub.save()
    entry = _entry(hub)
    assert entry.title == "مركز الطاقة" and entry.title_exact == "مركز طاقه"

    with django_capture_on_commit_callbacks(execute=True):
        hub.delete()
    assert not SearchEntry.objects.filter(kind="hub").exists()
    assert not SearchFacet.objects.exists()


def test_many_to_many_changes_reach_the_facets(body, platform_admin, django_capture_on_commit_callbacks):
    from tabadul.alignment.models import SdgGoal
    from tabadul.library import services as library_services

    goal = SdgGoal.objects.get(number=6)
    with django_capture_on_commit_callbacks(execute=True):
        document = library_services.document_create(
            actor=platform_admin, title_ar="دليل المياه", title_en="Water guide", type="guide"
        )
    entry = SearchEntry.objects.get(kind="document", object_id=document.pk)
    assert not entry.facets.filter(name="sdg").exists()
    with django_capture_on_commit_callbacks(execute=True):
        document.sdg_goals.add(goal)
    assert set(entry.facets.values_list("name", "value")) >= {("sdg", str(goal.pk)), ("language", "ar")}


def test_rebuild_command_shows_progress_and_is_idempotent(db):
    for number in range(3):
        make_hub(f"مركز {number}", slug=f"hub-{number}")
    SearchEntry.objects.all().delete()
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("rebuild_search_index", stdout=stdout, stderr=stderr)
    total = Hub.objects.count() + _count_others()
    assert f"{total}/{total}" in stderr.getvalue()
    assert "3 created" in stdout.getvalue() or f"{total} created" in stdout.getvalue()
    assert SearchEntry.objects.filter(kind="hub").count() == 3
    stdout = io.StringIO()
    call_command("rebuild_search_index", "--kind", "hub", stdout=stdout, stderr=io.StringIO())
    assert "0 created, 0 updated, 3 unchanged, 0 deleted" in stdout.getvalue()


def _count_others() -> int:
    from tabadul.search.sources import REGISTRY

    return sum(source.queryset().count() for kind, source in REGISTRY.items() if kind != "hub")


def test_check_reports_missing_stale_and_orphaned_rows(db):
    hubs = [make_hub(f"مركز {number}", slug=f"hub-{number}") for number in range(3)]
    rebuild()
    call_command("check_search_index", stdout=io.StringIO())  # agrees: no error

    Hub.objects.filter(pk=hubs[0].pk).update(name_ar="اسم جديد")  # a write that bypassed the signals
    SearchEntry.objects.filter(kind="hub", object_id=hubs[1].pk).delete()
    orphan = _entry(hubs[2])
    orphan.object_id = 999_999
    orphan.save()

    report = index.check(["hub"])
    assert report.stale == {"hub": [hubs[0].pk]}
    assert report.missing == {"hub": sorted([hubs[1].pk, hubs[2].pk])}
    assert report.orphaned == {"hub": [999_999]}
    stdout = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_search_index", "--kind", "hub", stdout=stdout)
    assert "stale hub: 1" in stdout.getvalue() and "orphaned hub: 1 (999999)" in stdout.getvalue()

    rebuild("hub")
    assert index.check(["hub"]).ok
    assert _entry(hubs[0]).title == "اسم جديد"
