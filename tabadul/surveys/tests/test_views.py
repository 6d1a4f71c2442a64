import io
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tabadul.accounts.tests.factories import make_user
from tabadul.core.work import REGISTRY
from tabadul.hubs.tests.conftest import make_hub, make_member
from tabadul.programmes.models import Programme
from tabadul.surveys import selectors, services
from tabadul.surveys.audience import audience_body_ids, audience_count, is_addressed_to
from tabadul.surveys.forms import SurveyForm
from tabadul.surveys.models import Question, Response, Survey
from tabadul.twinning.models import Network, Theme, TwinningGroup

from .conftest import QUESTIONS, make_survey

pytestmark = pytest.mark.django_db
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _ids(survey):
    return {question.kind: question.pk for question in survey.questions.all()}


def test_the_answer_form_keeps_input_on_error_and_saves_when_valid(client, hub_world):
    survey = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"])
    ids = _ids(survey)
    member = hub_world["members"][0]
    client.force_login(member)
    url = reverse("surveys:answer", args=[survey.pk])
    posted = {
        f"q{ids['single']}": "1",
        f"q{ids['scale']}": "",
        f"q{ids['text']}": "نص المبادرة",
        f"q{ids['number']}": "x",
    }
    page = client.post("/en" + url, posted)
    assert page.status_code == 200
    html = page.content.decode()
    assert "نص المبادرة" in html and html.count("checked") == 1  # the text and the chosen option are kept
    assert "This field is required." in html and "Enter a number." in html
    assert not Response.objects.filter(survey=survey).exists()
    posted.update({f"q{ids['scale']}": "4", f"q{ids['number']}": "١٥"})
    done = client.post("/en" + url, posted)
    assert done.status_code == 302
    response = Response.objects.get(survey=survey)
    assert response.answers.get(question_id=ids["scale"]).number == 4
    assert response.answers.get(question_id=ids["number"]).number == 15
    again = client.get("/en" + url)
    assert "نص المبادرة" in again.content.decode()


def test_an_outsider_does_not_see_the_survey(client, hub_world):
    survey = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"])
    client.force_login(hub_world["outsider"])
    for name in ("surveys:detail", "surveys:answer", "surveys:results", "surveys:results_xlsx"):
        assert client.get(reverse(name, args=[survey.pk])).status_code == 404, name
    assert client.post(reverse("surveys:answer", args=[survey.pk]), {}).status_code == 404


def test_a_member_may_not_read_the_results(client, hub_world):
    survey = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"])
    client.force_login(hub_world["members"][0])
    assert client.get(reverse("surveys:results", args=[survey.pk])).status_code == 403
    assert client.post(reverse("surveys:remind", args=[survey.pk])).status_code == 403


def _answer_all(survey, people, picks):
    ids = _ids(survey)
    for person, (single, multiple, scale, number, text) in zip(people, picks, strict=False):
        answers = {ids["single"]: str(single), ids["multiple"]: [str(i) for i in multiple], ids["scale"]: str(scale)}
        answers[ids["number"]] = str(number)
        answers[ids["text"]] = text
        services.response_submit(actor=person, survey=survey, answers=answers)


PICK = st.tuples(
    st.integers(0, 2),
    st.lists(st.integers(0, 2), max_size=3),
    st.integers(1, 5),
    st.integers(-50, 500),
    st.text(alphabet="ابتثجح ", min_size=1, max_size=12).filter(str.strip),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picks=st.lists(PICK, min_size=0, max_size=6))
def test_a_surveys_results_equal_its_answers(django_db_blocker, picks):
    """Random answers in; the results page's figures equal counts made directly from the answers given."""
    from django.db import transaction

    from tabadul.hubs.tests.conftest import make_coordinator, make_hub

    with transaction.atomic():
        hub = make_hub(f"h{abs(hash(str(picks))) % 10**8}")
        coordinator = make_coordinator(hub)
        people = [make_member(hub) for _pick in picks]
        survey = make_survey(actor=coordinator, owner=hub)
        _answer_all(survey, people, picks)
        results = {result.question.kind: result for result in selectors.survey_results(survey).questions}
        answering = len(picks) + 0
        assert selectors.survey_results(survey).response_count == answering
        single = Counter(pick[0] for pick in picks)
        assert [row.count for row in results["single"].rows] == [single[i] for i in range(3)]
        assert [row.percent for row in results["single"].rows] == [
            round(100 * single[i] / answering, 1) if answering else 0.0 for i in range(3)
        ]
        chose_some = [set(pick[1]) for pick in picks if pick[1]]
        assert results["multiple"].answered == len(chose_some)
        assert [row.count for row in results["multiple"].rows] == [
            sum(1 for chosen in chose_some if i in chosen) for i in range(3)
        ]
        scale = Counter(pick[2] for pick in picks)
        assert [row.count for row in results["scale"].rows] == [scale[v] for v in range(1, 6)]
        if picks:
            mean = Decimal(sum(pick[2] for pick in picks)) / len(picks)
            assert results["scale"].average == mean.quantize(Decimal("0.01"))
            numbers = [pick[3] for pick in picks]
            assert results["number"].average == (Decimal(sum(numbers)) / len(numbers)).quantize(Decimal("0.01"))
            assert (results["number"].minimum, results["number"].maximum) == (min(numbers), max(numbers))
        else:
            assert results["scale"].average is None and results["number"].average is None
        assert sorted(text for _who, text in results["text"].texts) == sorted(pick[4].strip() for pick in picks)
        transaction.set_rollback(True)


def test_the_excel_file_reads_back_the_results(client, hub_world):
    survey = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"])
    picks = [(0, [1], 5, 10, "أولى"), (0, [1, 2], 3, 20, "ثانية"), (2, [], 4, 30, "ثالثة")]
    _answer_all(survey, hub_world["members"], picks)
    client.force_login(hub_world["coordinator"])
    response = client.get("/en" + reverse("surveys:results_xlsx", args=[survey.pk]).removeprefix("/en"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    summary, answers = book.worksheets
    rows = [row for row in summary.iter_rows(values_only=True)]
    single_text = survey.questions.get(kind="single").text
    counts = {row[1]: row[2] for row in rows if row[0] == single_text}
    assert counts == {"GIS": 2, "Finance": 0, "Energy": 1}
    scale_text = survey.questions.get(kind="scale").text
    assert [row[2] for row in rows if row[0] == scale_text and row[1] == "Average"] == [4]
    table = list(answers.iter_rows(values_only=True))
    assert len(table) == 1 + len(picks)
    header = table[0]
    texts = sorted(row[header.index(survey.questions.get(kind="text").text)] for row in table[1:])
    assert texts == sorted(pick[4] for pick in picks)
    numbers = sorted(row[header.index(survey.questions.get(kind="number").text)] for row in table[1:])
    assert numbers == [10, 20, 30]


def test_results_page_shows_counts_and_bars(client, hub_world):
    survey = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"])
    _answer_all(survey, hub_world["members"][:2], [(0, [1], 5, 10, "أ"), (1, [1], 3, 20, "ب")])
    client.force_login(hub_world["coordinator"])
    html = client.get("/en" + reverse("surveys:results", args=[survey.pk]).removeprefix("/en")).content.decode()
    assert html.count('class="survey-bar"') == 3 + 3 + 5  # single, multiple, scale rows
    assert "average <bdi>4.00</bdi>" in html and "<bdi>50.0%</bdi>" in html


def test_the_list_query_count_does_not_grow_with_surveys(client, hub_world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    coordinator, member = hub_world["coordinator"], hub_world["members"][0]
    make_survey(actor=coordinator, owner=hub_world["hub"])
    counts = {}
    for user in (coordinator, member):
        client.force_login(user)
        client.get(reverse("surveys:list"))  # the session and the person's roles, read once
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("surveys:list"))
        counts[user.pk] = len(queries)
    for _n in range(4):
        make_survey(actor=coordinator, owner=hub_world["hub"])
    for user in (coordinator, member):
        client.force_login(user)
        client.get(reverse("surveys:list"))  # the header's waiting count, forgotten by the new surveys' notices
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("surveys:list")).status_code == 200
        assert len(queries) == counts[user.pk], user


def test_the_results_query_count_does_not_grow_with_answers(client, hub_world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    survey = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"])
    client.force_login(hub_world["coordinator"])
    url = reverse("surveys:results", args=[survey.pk])
    _answer_all(survey, hub_world["members"][:1], [(0, [1], 5, 10, "أ")])
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    _answer_all(survey, hub_world["members"][1:], [(1, [0], 4, 1, "ب"), (2, [2], 2, 3, "ج")])
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(second) == len(first)


def test_my_work_waits_for_an_answer_until_the_unit_answers(hub_world):
    waiting = REGISTRY["surveys.to_answer"]
    survey = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"])
    member, colleague = hub_world["members"][0], hub_world["colleagues"][0]
    assert waiting.count(member) == 1 and waiting.count(colleague) == 1
    assert waiting.items(member, 5)[0].url.endswith(f"/surveys/{survey.pk}/answer/")
    assert waiting.count(hub_world["outsider"]) == 0
    ids = _ids(survey)
    services.response_submit(actor=member, survey=survey, answers={ids["single"]: "0", ids["scale"]: "3"})
    assert waiting.count(member) == 0 and waiting.count(colleague) == 0  # one answer per body
    assert waiting.count(hub_world["members"][1]) == 1
    services.survey_close(actor=hub_world["coordinator"], survey=survey)
    assert waiting.count(hub_world["members"][1]) == 0


def test_a_coordinator_creates_a_survey_through_the_form(client, hub_world):
    client.force_login(hub_world["coordinator"])
    url = reverse("surveys:create")
    data = {
        "owner_kind": "hub",
        "hub": hub_world["hub"].name,
        "title": "استطلاع",
        "audience": "members",
        "unit": "body",
        "starts_on": "٢٠٣٠-٠١-٠١",
        "ends_on": "2029-12-01",
    }
    page = client.post(url, data)
    assert page.status_code == 200 and "استطلاع" in page.content.decode()  # closes before it opens: kept, shown again
    data["ends_on"] = "2030-02-01"
    assert client.post(url, data).status_code == 302
    survey = selectors.surveys_managed(hub_world["coordinator"]).get()
    assert survey.hub == hub_world["hub"] and timezone.localtime(survey.starts_at).date().isoformat() == "2030-01-01"
    question = client.post(
        reverse("surveys:question_add", args=[survey.pk]),
        {"text": "Which?", "kind": "single", "options": "A\nB", "required": "on"},
    )
    assert question.status_code == 302
    assert survey.questions.get().options == ["A", "B"]
    one_choice = client.post(
        reverse("surveys:question_add", args=[survey.pk]), {"text": "Bad", "kind": "single", "options": "A"}
    )
    assert one_choice.status_code == 200 and survey.questions.count() == 1


def test_every_question_kind_has_a_form_field():
    from tabadul.surveys.forms import AnswerForm

    for kind in Question.Kind.values:
        question = Question(pk=1, kind=kind, text="?", options=["A", "B"])
        assert AnswerForm._field(question) is not None
    assert make_user  # the factory is imported for the fixtures' people


@override_settings(PAGE_SIZE=2)
def test_the_results_page_shows_the_latest_texts_and_pages_who_answered(client, hub_world, monkeypatch):
    """A survey of thousands of bodies (issue 22): the page holds the latest written answers of each question and one
    page of who answered; the figures count every answer and the Excel file has every text."""
    monkeypatch.setattr(selectors, "TEXTS_SHOWN", 1)
    survey = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"])
    members = hub_world["members"]
    _answer_all(survey, members, [(0, [1], 5, 10, "نص أول"), (1, [1], 3, 20, "نص ثان"), (2, [0], 1, 30, "نص ثالث")])
    bodies = sorted((member.local_body for member in members), key=lambda body: (body.name_ar, body.pk))
    client.force_login(hub_world["coordinator"])
    url = "/en" + reverse("surveys:results", args=[survey.pk]).removeprefix("/en")
    html = client.get(url, {"questions": "3"}).content.decode()  # the text question, the fifth, is on page 3
    assert "نص ثالث" in html  # the last given
    assert sum(text in html for text in ("نص أول", "نص ثان", "نص ثالث")) == 1
    assert "2 more written answers are in the Excel file." in html and "3 answers" in html
    assert bodies[0].name_en in html and bodies[2].name_en not in html.split('id="who-answered"')[1]
    assert 'href="?questions=3&amp;page=2#who-answered"' in html  # the page of questions rides along
    assert bodies[2].name_en in client.get(url, {"page": "2"}).content.decode().split('id="who-answered"')[1]


@override_settings(PAGE_SIZE=2)
def test_the_list_shows_a_page_of_each_list_and_keeps_the_other_lists_page(client, hub_world):
    coordinator = hub_world["coordinator"]
    surveys = [make_survey(actor=coordinator, owner=hub_world["hub"], questions=QUESTIONS[:1]) for _index in range(3)]
    client.force_login(coordinator)
    url = "/en" + reverse("surveys:list").removeprefix("/en")
    first = client.get(url).content.decode().split('id="managed"')[1]
    assert sum(f'href="{survey.get_absolute_url()}"' in first for survey in surveys) == 2
    assert "?managed=2#managed" in first and "Page 1 of 2" in first
    second = client.get(url + "?managed=2&answer=2").content.decode()
    assert sum(f'href="{survey.get_absolute_url()}"' in second.split('id="managed"')[1] for survey in surveys) == 1
    assert "?answer=2&amp;managed=1#managed" in second  # the other list's page rides along
    assert "?managed=2&amp;answer=1#to-answer" in second  # the coordinator's own body is addressed too


def test_who_may_ask_a_survey_is_who_has_an_owner_to_choose(hub_world):
    for person in (hub_world["coordinator"], hub_world["members"][0], hub_world["outsider"], hub_world["admin"]):
        offered = SurveyForm(owners=selectors.survey_owners(person)).fields["owner_kind"].choices
        assert selectors.may_ask_surveys(person) == bool(offered)


def _group(*, name: str, facilitator) -> TwinningGroup:
    network = Network.objects.create(slug="survey-network", name_ar="شبكة", facilitating_organisation="CMI")
    return TwinningGroup.objects.create(
        network=network,
        name_ar=name,
        theme=Theme.LED_STRATEGY,
        objectives="تبادل الخبرات",
        starts_on=timezone.localdate(),
        facilitator=facilitator,
    )


def test_an_administrator_asks_a_survey_for_each_kind_of_owner_typed_or_chosen(client, hub_world):
    """Hubs and groups are typed by name (pickers: a thousand at a region's size, never listed in the page), a
    programme is chosen from the list; names and numbers may be typed with Arabic-Indic digits."""
    admin, hub = hub_world["admin"], hub_world["hub"]
    group = _group(name="مجموعة النفايات 3", facilitator=admin)
    programme = Programme.objects.create(slug="survey-programme", name_ar="برنامج الاستطلاعات")
    client.force_login(admin)
    url = reverse("surveys:create")
    page = client.get(url).content.decode()
    assert hub.name not in page and group.name not in page  # nothing listed: typed, with suggestions
    assert reverse("core:pick", args=["hubs"]) in page and reverse("core:pick", args=["twinning-groups"]) in page
    typed = client.get(reverse("core:pick", args=["twinning-groups"]), {"q": "النفايات"}).json()["results"]
    assert typed == [f"{group.name} — شبكة"]  # a group's label names its network
    base = {"title": "استطلاع", "audience": "members", "unit": "body", "starts_on": "٢٠٣٠-٠١-٠١"}
    base["ends_on"] = "٢٠٣٠-٠٢-٠١"
    chosen = {"audience": "chosen", "bodies": hub_world["members"][0].local_body.name}  # a platform's survey
    posts = [
        ({"owner_kind": "hub", "hub": hub.name}, {"hub": hub}),
        ({"owner_kind": "group", "group": "مجموعة النفايات ٣"}, {"group": group, "programme": None}),
        ({"owner_kind": "programme", "programme": "٠" + str(programme.pk).translate(ARABIC_DIGITS)} | chosen, {}),
        ({"owner_kind": "platform", "hub": hub.name} | chosen, {"hub": None, "group": None, "programme": None}),
    ]
    for owner, expected in posts:
        response = client.post(url, base | owner)
        assert response.status_code == 302, response.context["form"].errors
        survey = Survey.objects.latest("pk")
        assert survey.context == {"hub": "hub", "group": "group"}.get(owner["owner_kind"], "platform")
        for name, value in expected.items():
            assert getattr(survey, name) == value
    assert Survey.objects.latest("pk").programme is None
    assert Survey.objects.filter(programme=programme, context="platform").exists()


def test_a_survey_needs_the_one_that_asks_it_and_only_one_the_person_may_ask_for(client, hub_world):
    coordinator, other = hub_world["coordinator"], make_hub("another-hub")
    client.force_login(coordinator)
    url = reverse("surveys:create")
    form = client.get(url).context["form"]
    assert [kind for kind, _label in form.fields["owner_kind"].choices] == ["hub"]  # nor a group nor the platform
    assert form["hub"].value() == hub_world["hub"].name  # their only hub, filled in
    data = {"title": "استطلاع", "audience": "members", "unit": "body", "starts_on": "2030-01-01"}
    data["ends_on"] = "2030-02-01"
    missing = client.post(url, data | {"owner_kind": "hub", "hub": ""})
    assert missing.status_code == 200 and missing.context["form"].errors["hub"]
    foreign = client.post(url, data | {"owner_kind": "hub", "hub": other.name})
    assert foreign.status_code == 200 and foreign.context["form"].errors["hub"]
    platform = client.post(url, data | {"owner_kind": "platform"})
    assert platform.status_code == 200 and platform.context["form"].errors["owner_kind"]
    assert not Survey.objects.exists()


@override_settings(PAGE_SIZE=2)
def test_the_results_show_a_page_of_questions_numbered_in_the_survey(client, hub_world):
    survey = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"])
    _answer_all(survey, hub_world["members"][:2], [(0, [1], 5, 10, "أ"), (1, [1], 3, 20, "ب")])
    client.force_login(hub_world["coordinator"])
    url = "/en" + reverse("surveys:results", args=[survey.pk]).removeprefix("/en")
    first = client.get(url).content.decode()
    assert re.search(r"<h2>1\. [^\n]*Which area\?", first) and re.search(r"<h2>2\. [^\n]*What do you need", first)
    assert "How useful?" not in first
    assert "?questions=2#results" in first and "Page 1 of 3" in first
    last = client.get(url + "?questions=3").content.decode()
    assert re.search(r"<h2>5\. [^\n]*What is the initiative\?", last) and "Which area?" not in last
    assert "2 answers" in last  # the page's question counts its own answers


def test_the_results_of_some_questions_count_only_their_answers(hub_world):
    survey = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"])
    _answer_all(survey, hub_world["members"][:2], [(0, [1], 5, 10, "أ"), (1, [1], 3, 20, "ب")])
    scale = survey.questions.filter(kind="scale")
    results = selectors.survey_results(survey, questions=scale)
    assert [result.question.kind for result in results.questions] == ["scale"]
    assert results.questions[0].answered == 2 and results.questions[0].average == Decimal("4.00")
    assert results.response_count == 2


@override_settings(PAGE_SIZE=2)
def test_the_surveys_page_shows_a_page_of_questions_and_names_a_few_chosen_bodies(client, hub_world, monkeypatch):
    """A survey of hundreds of questions to thousands of chosen bodies (issue 22): its page shows a page of
    questions, numbered in the survey, and the first chosen bodies with the number of the others."""
    monkeypatch.setattr(selectors, "CHOSEN_SHOWN", 1)
    bodies = sorted((member.local_body for member in hub_world["members"]), key=lambda body: (body.name_ar, body.pk))
    survey = make_survey(actor=hub_world["admin"], owner=None, audience=Survey.Audience.CHOSEN, bodies=bodies)
    client.force_login(hub_world["admin"])
    url = "/en" + reverse("surveys:detail", args=[survey.pk]).removeprefix("/en")
    first = client.get(url).content.decode()
    assert "Which area?" in first and "How useful?" not in first
    assert "?questions=2#questions" in first and "Page 1 of 3" in first
    assert bodies[0].name_en in first and bodies[1].name_en not in first
    assert "and 2 other local bodies" in first and "(3 local bodies)" in first
    last = client.get(url, {"questions": "3"}).content.decode()
    assert '<ol class="survey-questions" start="5">' in last and "Which area?" not in last


def test_the_audience_is_counted_and_asked_about_one_body_without_reading_it_all(hub_world):
    survey = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"])
    members, outsider = hub_world["members"], hub_world["outsider"]
    assert audience_count(survey) == len(audience_body_ids(survey)) == 4  # the coordinator's body is a member too
    assert is_addressed_to(survey, members[0].local_body_id) and not is_addressed_to(survey, outsider.local_body_id)
