import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from tabadul.accounts.tests.factories import TEST_PASSWORD

from .. import services
from ..models import ProgressUpdate, StrategicPlan
from .conftest import PlanWorld

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=TEST_PASSWORD)


def test_public_plan_page_shows_progress_and_svg_chart_without_login(client, world):
    world.publish(world.projects[0], 80)
    response = client.get(reverse("meter:plan_detail", args=[world.plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "تطوير البنية التحتية" in html
    assert 'name="csrfmiddlewaretoken"' not in html
    assert response.cookies.get("csrftoken") is None and response.cookies.get("sessionid") is None
    assert len(response.content) < 100 * 1024


def test_a_published_progress_update_shows_at_once_despite_the_cache(client, world, django_capture_on_commit_callbacks):
    url = reverse("meter:project_detail", args=[world.projects[0].pk])
    plan_url = reverse("meter:plan_detail", args=[world.plan.pk])
    assert client.get(url)["X-Meter-Cache"] == "miss"
    assert client.get(url)["X-Meter-Cache"] == "hit"
    client.get(plan_url)
    with django_capture_on_commit_callbacks(execute=True):
        update = services.progress_submit(
            actor=world.editor, project=world.projects[0], percent=73, date=date(2024, 5, 1)
        )
    assert "73%" not in client.get(url).content.decode()  # pending: not shown, and the page stays cached
    with django_capture_on_commit_callbacks(execute=True):
        services.progress_publish(actor=world.approver, update=update)
    response = client.get(url)
    assert response["X-Meter-Cache"] == "miss"
    assert "73%" in response.content.decode()
    assert client.get(reverse("meter:plan_list"))["X-Meter-Cache"] == "miss"


def test_cached_hit_costs_no_query_and_uncached_render_few(client, world, django_assert_max_num_queries):
    for i in range(30):
        services.project_save(
            actor=world.editor,
            plan=world.plan,
            goal=world.goals[0],
            external_id=f"X{i}",
            name_ar=f"مشروع {i}",
            start_date=date(2023, 1, 1),
            end_date=date(2025, 1, 1),
            weight=1,
            status=world.statuses["planned"],
        )
    url = reverse("meter:plan_detail", args=[world.plan.pk])
    with django_assert_max_num_queries(8):
        assert client.get(url)["X-Meter-Cache"] == "miss"
    with django_assert_max_num_queries(0):
        assert client.get(url)["X-Meter-Cache"] == "hit"


@pytest.mark.parametrize("name", ["plan_list", "project_list", "project_detail"])
def test_list_and_detail_query_counts_do_not_grow_with_rows(client, body, name, django_assert_max_num_queries):
    small, large = PlanWorld(body, projects=2), None
    from tabadul.directory.tests.factories import LocalBodyFactory

    large = PlanWorld(LocalBodyFactory(), projects=40)
    for world in (small, large):
        for project in world.projects[:5]:
            world.publish(project, 50)
    args = {"plan_list": [], "project_list": [large.plan.pk], "project_detail": [large.projects[0].pk]}[name]
    with django_assert_max_num_queries(8):
        response = client.get(reverse(f"meter:{name}", args=args))
    assert response.status_code == 200
    assert len(response.content) < 100 * 1024


def test_project_list_filters_by_goal_status_and_sector_and_paginates(client, body):
    world = PlanWorld(body, projects=45)
    url = reverse("meter:project_list", args=[world.plan.pk])
    assert client.get(url, {"sector": "مياه"}).context["page"].paginator.count == 22
    names = re.findall(
        r"مشروع تأهيل شبكة المياه رقم (\d+)", client.get(url, {"goal": world.goals[1].pk}).content.decode()
    )
    assert names and all(int(n) % 2 == 1 for n in names)
    response = client.get(url, {"status": world.statuses["tendering"].pk, "page": "2"})
    assert response.status_code == 200
    assert client.get(url, {"goal": "nonsense"}).status_code == 200
    assert len(re.findall(r'href="/meter/projects/\d+/"', client.get(url).content.decode())) == 20


def test_draft_plans_are_hidden_from_the_public_but_shown_to_their_staff(client, body):
    world = PlanWorld(body, projects=1)
    services.plan_set_status(actor=world.approver, plan=world.plan, status=StrategicPlan.Status.DRAFT)
    url = reverse("meter:plan_detail", args=[world.plan.pk])
    assert client.get(url).status_code == 404
    assert world.plan.pk not in [row for row in client.get(reverse("meter:plan_list")).context["rows"]]
    login(client, world.editor)
    assert client.get(url).status_code == 200


def test_an_editor_of_salfit_gets_403_on_beitas_plan(client, world, other_world):
    beita, salfit_editor = world, other_world.editor
    login(client, salfit_editor)
    plan, project = beita.plan, beita.projects[0]
    posts = {
        reverse("meter:plan_edit", args=[plan.pk]): {"title_ar": "مخترق", "start_year": 2023, "end_year": 2026},
        reverse("meter:goal_create", args=[plan.pk]): {"external_id": "GX", "name_ar": "x", "weight": 1, "position": 0},
        reverse("meter:project_edit", args=[plan.pk, project.pk]): {"name_ar": "x"},
        reverse("meter:progress_submit", args=[project.pk]): {"percent": 99, "date": "2024-01-01"},
        reverse("meter:plan_status", args=[plan.pk]): {"status": "draft"},
        reverse("meter:plan_import", args=[plan.pk]): {},
        reverse("meter:statuses", args=[beita.body.slug]): {"code": "x", "name_ar": "x", "default_percent": 5},
        reverse("meter:post_create", args=[beita.body.slug]): {"kind": "news", "title": "x"},
        reverse("meter:report_create", args=[plan.pk]): {"title": "x"},
        reverse("meter:milestone_add", args=[project.pk]): {"title": "x", "date": "2024-01-01"},
    }
    post_only = {reverse("meter:plan_status", args=[plan.pk])}
    for url, data in posts.items():
        assert client.get(url).status_code == (405 if url in post_only else 403), url
        assert client.post(url, data).status_code == 403, url
    for url in (
        reverse("meter:progress_queue", args=[beita.body.slug]),
        reverse("meter:feedback_queue", args=[beita.body.slug]),
    ):
        assert client.get(url).status_code == 403
    plan.refresh_from_db()
    assert plan.title_ar != "مخترق" and plan.status == "published"
    assert not ProgressUpdate.objects.filter(percent=99).exists()


def test_anonymous_visitors_are_sent_to_sign_in_for_staff_pages(client, world):
    response = client.get(reverse("meter:plan_edit", args=[world.plan.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_editor_submits_and_only_the_approver_publishes_through_the_views(client, world):
    project = world.projects[0]
    login(client, world.editor)
    response = client.post(
        reverse("meter:progress_submit", args=[project.pk]), {"percent": "٦٥", "date": "2024-04-01", "note": "تقدم"}
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(project=project, percent=65)
    assert update.status == "pending" and update.author == world.editor
    decide = reverse("meter:progress_decide", args=[update.pk])
    assert client.post(decide, {"decision": "publish"}).status_code == 403
    client.logout()
    login(client, world.approver)
    assert client.get(reverse("meter:progress_queue", args=[world.body.slug])).status_code == 200
    assert client.post(decide, {"decision": "publish"}).status_code == 302
    update.refresh_from_db()
    assert update.status == "published" and update.published_by == world.approver


def test_editor_edits_own_plan_through_the_views(client, world):
    login(client, world.editor)
    url = reverse("meter:project_edit", args=[world.plan.pk, world.projects[0].pk])
    assert client.get(url).status_code == 200
    data = {
        "external_id": "P000",
        "goal": world.goals[0].pk,
        "name_ar": "تعبيد طريق بيتا الرئيسي",
        "name_en": "",
        "description": "",
        "sector": "طرق",
        "location": "",
        "department": "",
        "budget": "",
        "funding_source": "",
        "start_date": "2024-01-01",
        "end_date": "2023-01-01",
        "weight": "2",
        "status": world.statuses["planned"].pk,
    }
    response = client.post(url, data)
    message = gettext("The end date cannot come before the start date.")
    assert response.status_code == 200 and escape(message) in response.content.decode()
    data["end_date"] = "2025-06-30"
    assert client.post(url, data).status_code == 302
    world.projects[0].refresh_from_db()
    assert world.projects[0].name_ar == "تعبيد طريق بيتا الرئيسي"


def test_manage_pages_render_for_staff(client, world):
    login(client, world.editor)
    for url in (
        reverse("meter:dashboard"),
        reverse("meter:plan_manage", args=[world.plan.pk]),
        reverse("meter:plan_create", args=[world.body.slug]),
        reverse("meter:goal_edit", args=[world.plan.pk, world.goals[0].pk]),
        reverse("meter:statuses", args=[world.body.slug]),
        reverse("meter:feedback_queue", args=[world.body.slug]),
        reverse("meter:post_create", args=[world.body.slug]),
        reverse("meter:plan_import", args=[world.plan.pk]),
        reverse("meter:report_create", args=[world.plan.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_english_pages_work_too(client, world):
    response = client.get("/en" + reverse("meter:plan_detail", args=[world.plan.pk]))
    assert response.status_code == 200
    assert 'dir="ltr"' in response.content.decode()


def test_plan_list_is_named_for_the_navigation_and_shows_an_empty_state(client, db):
    from django.utils import translation

    with translation.override("ar"):
        assert reverse("meter:plan_list") == "/meter/"
    response = client.get(reverse("meter:plan_list"))
    assert response.status_code == 200
    assert "No local body has published a strategic plan yet." in client.get("/en/meter/").content.decode()
    assert response.context["page"].paginator.count == 0


def test_plan_list_paginates_with_a_query_count_that_does_not_grow(client, settings, django_assert_num_queries):
    from tabadul.directory.tests.factories import LocalBodyFactory

    from .factories import make_goal, make_plan, make_project, make_statuses, staff

    settings.PAGE_SIZE = 3
    for index in range(7):
        body = LocalBodyFactory(name_ar=f"بلدية رقم {index:02d}")
        editor, approver = staff(body)
        statuses = make_statuses(actor=editor, body=body)
        plan = make_plan(actor=editor, body=body, approver=approver)
        goal = make_goal(actor=editor, plan=plan)
        for number in range(index + 1):
            make_project(actor=editor, plan=plan, goal=goal, status=statuses["planned"], external_id=f"P{number}")
        services.feedback_submit(actor=None, plan=plan, project=None, kind="question", text="سؤال عن الخطة")
    draft_body = LocalBodyFactory(name_ar="بلدية مسودة")
    draft_editor, _ = staff(draft_body)
    make_plan(actor=draft_editor, body=draft_body, published=False)
    url = reverse("meter:plan_list")
    # count, page of plans, goals, projects, feedback figures: five queries whatever the number of rows
    with django_assert_num_queries(5):
        first = client.get(url)
    with django_assert_num_queries(5):
        last = client.get(url, {"page": "٣"})  # Arabic-Indic page numbers work too
    assert first.context["page"].paginator.count == 7 and first.context["page"].paginator.num_pages == 3
    names = [figures.plan.body.name_ar for figures, _ in first.context["rows"]]
    assert names == ["بلدية رقم 00", "بلدية رقم 01", "بلدية رقم 02"]
    assert [figures.plan.body.name_ar for figures, _ in last.context["rows"]] == ["بلدية رقم 06"]
    assert last.context["rows"][0][0].project_count == 7
    assert 'rel="next"' in first.content.decode() and "بلدية مسودة" not in first.content.decode()
    assert client.get(url, {"page": "999"}).context["page"].number == 3
    assert client.get(url, {"page": "abc"}).context["page"].number == 1
