import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from tabadul.core.models import AuditEvent
from tabadul.demo import directory as directory_demo
from tabadul.demo import meter as demo

from .. import selectors
from ..models import Feedback, Post, ProgressUpdate, Project, StrategicGoal, StrategicPlan

pytestmark = pytest.mark.django_db


def _rows():
    from django.apps import apps

    return {
        model._meta.label: sorted(str(sorted(model_to_dict(obj).items())) for obj in model.objects.all())
        for model in apps.get_app_config("meter").get_models()
    }


def test_demo_plans_of_the_five_pilots_are_real_and_a_second_run_changes_nothing(client):
    directory_demo.load()
    message = demo.load()
    first, audit = _rows(), AuditEvent.objects.count()
    assert demo.load() == message
    assert _rows() == first and AuditEvent.objects.count() == audit

    plans = StrategicPlan.objects.published().select_related("body")
    assert sorted(plan.body.slug for plan in plans) == ["anabta", "beita", "bidya", "salfit", "sebastia"]
    for plan in plans:
        assert (plan.start_year, plan.end_year) == (2023, 2026)
        assert 4 <= StrategicGoal.objects.filter(plan=plan).count() <= 6
        assert 30 <= Project.objects.filter(plan=plan).count() <= 60
        assert Post.objects.filter(body=plan.body).count() >= 3
        statuses = set(Feedback.objects.filter(plan=plan).values_list("status", flat=True))
        # A complaint answered privately stays "answered" (not published): the demo may have one.
        assert {"pending", "published", "rejected"} <= statuses <= {"pending", "published", "rejected", "answered"}
        figures = selectors.plan_overview(plan=plan)
        assert 0 < figures.achievement < 100
        assert figures.completed_count > 0 and figures.behind_count > 0
        assert plan.title_ar.startswith("الخطة الاستراتيجية") and plan.vision
        for name in ("meter:plan_detail", "meter:project_list"):
            response = client.get(reverse(name, args=[plan.pk]))
            assert response.status_code == 200 and len(response.content) < 100 * 1024
    assert ProgressUpdate.objects.filter(status="pending").exists()
    histories = ProgressUpdate.objects.filter(status="published").values("project").distinct().count()
    assert histories > 100
    replied = selectors.response_times(body=plans[0].body)
    assert replied.answered == 3 and replied.median_hours == 30
