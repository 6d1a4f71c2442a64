"""Pickers (core/pickers.py): what a person types resolves to one row of the form's queryset, the endpoint suggests
only what the person may see, and a form never renders the rows nobody chose."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.core.forms import Form
from tabadul.core.pickers import PICKERS, MultiplePickerField, PickerField, resolve
from tabadul.directory.models import Governorate, LocalBody
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.events.tests.conftest import make_event
from tabadul.meter.tests.factories import make_goal, make_plan, make_project, make_statuses, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def bodies():
    jenin = Governorate.objects.get(code="jenin")
    return {
        "beita": LocalBodyFactory(name_ar="بيتا", name_en="Beita"),
        "qalqilya": LocalBodyFactory(name_ar="قلقيلية", name_en="Qalqilya"),
        "burqa_nablus": LocalBodyFactory(name_ar="برقة", name_en="Burqa"),
        "burqa_jenin": LocalBodyFactory(name_ar="برقة", name_en="Burqa", governorate=jenin),
        "ras": LocalBodyFactory(name_ar="رأس كركر", name_en="Ras Karkar"),
        "mughayyir": LocalBodyFactory(name_ar="المغير", name_en="Al-Mughayyir"),
    }


def body_of(text, queryset=None):
    return resolve(PICKERS["bodies"], queryset if queryset is not None else LocalBody.objects.all(), text)


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


@pytest.mark.parametrize(
    "typed",
    ["بيتا", "Beita", "beita", "  BEITA ", "بيتآ", "بيـتا", "بِيتا"],
    ids=["arabic", "english", "lower", "spaces-upper", "alef-madda", "tatweel", "marks"],
)
def test_a_name_typed_in_either_language_with_its_variants_resolves(bodies, typed):
    assert body_of(typed) == bodies["beita"]


def test_hamza_taa_marbuta_and_alef_maqsura_variants_resolve(bodies):
    assert body_of("قلقيليه") == bodies["qalqilya"]  # taa marbuta written as haa
    assert body_of("راس كركر") == bodies["ras"]  # hamza dropped
    assert body_of("المغیر") == bodies["mughayyir"]  # Persian yeh


def test_a_primary_key_resolves_in_latin_or_arabic_indic_digits(bodies):
    pk = bodies["beita"].pk
    assert body_of(str(pk)) == bodies["beita"]
    assert body_of(str(pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))) == bodies["beita"]


def test_only_the_forms_own_queryset_is_accepted(bodies):
    allowed = LocalBody.objects.exclude(pk=bodies["beita"].pk)
    with pytest.raises(ValidationError):
        body_of("Beita", allowed)
    with pytest.raises(ValidationError):
        body_of(str(bodies["beita"].pk), allowed)


def test_a_shared_name_is_ambiguous_and_the_label_tells_them_apart(bodies):
    with pytest.raises(ValidationError) as error:
        body_of("برقة")
    text = messages(error.value)
    assert "برقة — نابلس" in text and "برقة — جنين" in text
    assert body_of("برقة — جنين") == bodies["burqa_jenin"]
    assert body_of("Burqa — Nablus") == bodies["burqa_nablus"]
    assert body_of("برقه - جنين".replace(" - ", " – ")) == bodies["burqa_jenin"]  # en dash, folded taa marbuta


def test_a_name_holding_a_dash_resolves_alone_and_with_its_qualifier(bodies):
    """Twinning groups are named "Hebron – Gaziantep": the dash is part of the name, not the label's separator."""
    jenin = Governorate.objects.get(code="jenin")
    twin = LocalBodyFactory(name_ar="عرابة – يعبد", name_en="Arraba – Yabad", governorate=jenin)
    namesake = LocalBodyFactory(name_ar="عرابة – يعبد", name_en="Arraba – Yabad")
    with pytest.raises(ValidationError) as error:
        body_of("عرابة – يعبد")
    assert "عرابة – يعبد — جنين" in messages(error.value)
    assert body_of("عرابة – يعبد — جنين") == twin
    assert body_of("Arraba – Yabad – Nablus") == namesake  # the qualifier after an en dash too
    namesake.delete()
    assert body_of("عرابة – يعبد") == twin


def test_an_unknown_name_names_what_was_typed_and_offers_close_names(bodies):
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            body_of("Burq town")
        text = messages(error.value)
    assert "“Burq town”" in text and "Burqa — Nablus" in text and "Burqa — Jenin" in text
    with pytest.raises(ValidationError) as error:
        body_of("zzzz")
    assert "zzzz" in messages(error.value)


class OneBody(Form):
    body = PickerField(picker="bodies", queryset=LocalBody.objects.all(), label="Body")


class SomeBodies(Form):
    bodies = MultiplePickerField(picker="bodies", queryset=LocalBody.objects.all(), label="Bodies")


def test_the_fields_give_what_model_choice_fields_give(bodies):
    form = OneBody({"body": "Beita"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["body"] == bodies["beita"]
    form = SomeBodies({"bodies": "Beita\n\nقلقيلية\n"})
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["bodies"]) == {bodies["beita"], bodies["qalqilya"]}
    assert isinstance(SomeBodies.base_fields["bodies"], forms.ModelMultipleChoiceField)


def test_the_primary_keys_tests_post_are_accepted_as_a_list(bodies):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.setlist("bodies", [str(bodies["beita"].pk), str(bodies["ras"].pk)])
    form = SomeBodies(data)
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["bodies"]) == {bodies["beita"], bodies["ras"]}


def test_required_and_optional_empty_values(bodies):
    assert not OneBody({"body": ""}).is_valid()
    assert not SomeBodies({"bodies": "  \n "}).is_valid()
    optional = SomeBodies({"bodies": ""})
    optional.fields["bodies"].required = False
    assert optional.is_valid() and not optional.cleaned_data["bodies"].exists()


def test_rendering_lists_only_the_chosen_rows(bodies):
    html = str(OneBody(initial={"body": bodies["ras"]})["body"])
    assert "رأس كركر — نابلس" in html and "<option" not in html
    assert "بيتا" not in html and "قلقيلية" not in html
    assert 'data-picker="/pick/bodies/"' in html and "<datalist" in html
    html = str(SomeBodies(initial={"bodies": [bodies["beita"], bodies["qalqilya"]]})["bodies"])
    assert "بيتا — نابلس\nقلقيلية — نابلس" in html and "رأس كركر" not in html and "data-picker-multiple" in html


def test_a_form_shown_again_keeps_what_was_typed(bodies):
    form = SomeBodies({"bodies": "Beita\nNowhere at all"})
    with translation.override("en"):
        assert not form.is_valid()
        assert "“Nowhere at all”" in str(form.errors["bodies"])
    html = str(form["bodies"])
    assert "Beita" in html and "Nowhere at all" in html
    form = OneBody({"body": "برقة"})
    assert not form.is_valid()
    assert 'value="برقة"' in str(form["body"])


def test_a_posted_primary_key_is_shown_again_as_its_label(bodies):
    form = OneBody({"body": str(bodies["beita"].pk)})
    form.fields["body"].queryset = LocalBody.objects.exclude(pk=bodies["ras"].pk)
    assert 'value="بيتا — نابلس"' in str(form["body"])


# --- The endpoint ----------------------------------------------------------------------------------------------


def suggestions(client, name, q, **extra):
    response = client.get(f"/pick/{name}/", {"q": q}, **extra)
    return response


def test_bodies_are_suggested_to_anyone_starting_names_first(client, bodies):
    LocalBodyFactory(name_ar="عين البيتا", name_en="")
    response = suggestions(client, "bodies", "بيت")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response.json()["results"] == ["بيتا — نابلس", "عين البيتا — نابلس"]
    assert suggestions(client, "bodies", "burqa").json()["results"] == ["برقة — جنين", "برقة — نابلس"]
    english = client.get("/en/pick/bodies/", {"q": "burqa"}).json()["results"]
    assert english == ["Burqa — Jenin", "Burqa — Nablus"]
    assert suggestions(client, "bodies", "").json()["results"] == []


def test_at_most_twenty_suggestions(client, bodies):
    LocalBodyFactory.create_batch(25)
    assert len(suggestions(client, "bodies", "تجريبية").json()["results"]) == 20


def test_anonymous_suggestions_are_rate_limited(client, bodies, settings):
    settings.PICKER_LIMIT_PER_ADDRESS = 2
    assert suggestions(client, "bodies", "ب").status_code == 200
    assert suggestions(client, "bodies", "ب").status_code == 200
    response = suggestions(client, "bodies", "ب")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    client.force_login(make_user())
    assert suggestions(client, "bodies", "ب").status_code == 200  # signed-in people are not counted


def test_only_get_and_known_pickers(client, bodies):
    assert client.post("/pick/bodies/", {"q": "b"}).status_code == 405
    assert client.get("/pick/nothing/", {"q": "b"}).status_code == 404


@pytest.mark.parametrize("name", ["projects", "events", "people"])
def test_private_pickers_refuse_anonymous_visitors(client, name):
    assert suggestions(client, name, "a").status_code == 403


def test_people_are_suggested_by_public_name_never_by_email(client, bodies):
    make_user(full_name="سلمى الخطيب", email="salma.private@example.org", body=bodies["beita"])
    client.force_login(make_user(body=bodies["qalqilya"]))
    assert suggestions(client, "people", "الخطيب").json()["results"] == ["سلمى الخطيب — بيتا"]
    assert suggestions(client, "people", "salma.private").json()["results"] == []
    assert "example.org" not in suggestions(client, "people", "سلمى").content.decode()


def test_citizens_names_are_suggested_only_to_administrators_and_citizens_find_nobody(client, bodies):
    make_user(full_name="سلمى الخطيب", body=bodies["beita"])
    make_user(full_name="سلمى مواطنة")  # a citizen: no body, no role
    make_user(full_name="سلمى المختصة", role=RoleGrant.Role.SPECIALIST)
    client.force_login(make_user(body=bodies["qalqilya"]))
    assert suggestions(client, "people", "سلمى").json()["results"] == ["سلمى الخطيب — بيتا", "سلمى المختصة"]
    client.force_login(make_user(role=RoleGrant.Role.PLATFORM_ADMIN))
    assert len(suggestions(client, "people", "سلمى").json()["results"]) == 3
    client.force_login(make_user())
    assert suggestions(client, "people", "سلمى").json()["results"] == []


def test_projects_are_suggested_only_from_plans_the_person_may_see(client, bodies):
    body = bodies["beita"]
    editor, approver = staff(body)
    statuses = make_statuses(actor=editor, body=body)
    published = make_plan(actor=editor, body=body, approver=approver)
    draft = make_plan(actor=editor, body=body, published=False, start_year=2027, end_year=2030)
    goal, draft_goal = make_goal(actor=editor, plan=published), make_goal(actor=editor, plan=draft)
    make_project(actor=editor, plan=published, goal=goal, status=statuses["planned"], name_ar="تعبيد شارع المدارس")
    make_project(actor=editor, plan=draft, goal=draft_goal, status=statuses["planned"], name_ar="تعبيد شارع السوق")
    client.force_login(make_user())
    assert suggestions(client, "projects", "تعبيد").json()["results"] == ["تعبيد شارع المدارس — بيتا"]
    client.force_login(editor)
    assert len(suggestions(client, "projects", "تعبيد").json()["results"]) == 2


def test_events_are_suggested_only_when_the_person_may_see_them(client, bodies):
    admin = make_user(role=RoleGrant.Role.PLATFORM_ADMIN)
    make_event(admin, name_ar="يوم تعليمي عام", name_en="Open day")
    make_event(admin, name_ar="يوم تعليمي مغلق", name_en="Closed day", visibility="invitation")
    client.force_login(make_user())
    results = suggestions(client, "events", "يوم تعليمي").json()["results"]
    assert len(results) == 1 and results[0].startswith("يوم تعليمي عام — ")
    client.force_login(admin)
    assert len(suggestions(client, "events", "day", HTTP_ACCEPT_LANGUAGE="en").json()["results"]) == 2


@pytest.mark.parametrize("typed", ["x" * 100_000, "٣" * 500])
def test_what_is_too_long_to_name_a_row_is_refused_without_a_lookup(bodies, typed, django_assert_num_queries):
    with translation.override("en"):
        with django_assert_num_queries(0):
            form = OneBody({"body": typed})
            assert not form.is_valid()
        assert "was not found" in str(form.errors["body"]) and len(str(form.errors["body"])) < 400


def test_digits_beyond_any_key_are_looked_up_as_a_name(bodies):
    with translation.override("en"):
        form = OneBody({"body": "9" * 40})
        assert not form.is_valid()
        assert "was not found" in str(form.errors["body"])


def test_a_multiple_picker_shown_again_keeps_digits_beyond_any_key(bodies):
    form = SomeBodies({"bodies": "Beita\n" + "9" * 40})
    assert not form.is_valid()
    assert "9" * 40 in str(form["bodies"])


def test_a_nul_character_names_nothing_and_is_never_sent_to_the_database(client, bodies):
    """PostgreSQL refuses NUL in a text parameter: a typed or suggested name holding one was a 500 there."""
    assert body_of("Bei\x00ta") == bodies["beita"]
    with translation.override("en"):
        form = SomeBodies({"bodies": "abc\x00def"})
        assert not form.is_valid() and "was not found" in str(form.errors["bodies"])
    assert suggestions(client, "bodies", "بي\x00ت").json()["results"] == ["بيتا — نابلس"]
