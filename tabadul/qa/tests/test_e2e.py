"""In Debian's Chromium: staff ask a question, see similar answered questions before posting, the matching
specialist answers, the asker accepts the answer."""

import re

import pytest

from tabadul.core.tests.browser import sign_in
from tabadul.qa import services
from tabadul.qa.models import Question

from .factories import TopicFactory, make_specialist, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_ask_see_similar_answer_as_specialist_accept(page, transactional_db, body, other_body):
    finance = TopicFactory(slug="local-finance", name_ar="المالية المحلية", name_en="Local finance")
    gis = TopicFactory(slug="gis", name_ar="نظم المعلومات الجغرافية", name_en="GIS")
    finance_specialist = make_specialist(finance, full_name="خبير المالية")
    gis_specialist = make_specialist(gis, full_name="خبيرة الخرائط")
    earlier_asker = make_staff(other_body)
    earlier = services.question_ask(
        actor=earlier_asker,
        title="كيف نزيد الإيرادات المحلية للبلدية؟",
        text="نعتمد على التحويلات الحكومية ونريد تنمية الإيرادات الذاتية.",
        topics=[finance],
    )
    earlier_answer = services.answer_post(
        actor=finance_specialist, question=earlier, text="ابدأوا بتحديث سجل المكلفين."
    )
    # Another body's question is offered as similar only once it is public knowledge (issue 21): its asker accepts
    # the answer and consents, the specialist confirms the publication.
    services.answer_accept(actor=earlier_asker, answer=earlier_answer)
    services.question_publication_request(actor=earlier_asker, question=earlier)
    services.question_publish(actor=finance_specialist, question=earlier)
    asker = make_staff(body, full_name="ليلى حسن")

    # Step one: the question; before it is posted, the similar answered question is offered.
    sign_in(page, asker)
    page.goto("/questions/ask/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("input[name=title]", "كيف ننمي إيرادات البلدية المحلية؟")
    page.fill("textarea[name=text]", "نريد زيادة الإيرادات الذاتية وتقليل الاعتماد على التحويلات.")
    page.check(f"input[name=topics][value='{finance.pk}']")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    similar = page.locator("section.qa-similar")
    assert similar.get_by_role("link", name=earlier.title).count() == 1
    assert Question.objects.count() == 1  # nothing posted yet

    # Step two: the asker still posts it.
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/questions/\d+/$"))
    question = Question.objects.exclude(pk=earlier.pk).get()
    assert page.get_by_role("heading", level=1).inner_text() == question.title
    assert set(question.routings.values_list("specialist_id", flat=True)) == {finance_specialist.pk}

    # The GIS specialist is not offered the question: no answer form.
    sign_in(page, gis_specialist)
    page.goto(question.get_absolute_url())
    assert page.locator(f"form[action='/questions/{question.pk}/answer/']").count() == 0

    # The finance specialist answers.
    sign_in(page, finance_specialist)
    page.goto(question.get_absolute_url())
    answer_form = page.locator(f"form[action='/questions/{question.pk}/answer/']")
    answer_form.locator("textarea[name=text]").fill("راجعوا رسوم الحرف والمهن، وحدّثوا سجل المكلفين.")
    answer_form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/questions/{question.pk}/")
    answer = question.answers.get()
    assert page.locator(f"#answer-{answer.pk}").count() == 1
    assert page.locator(f"#answer-{answer.pk} form[action*='/accept/']").count() == 0  # not the asker's to accept

    # The asker accepts it.
    sign_in(page, asker)
    page.goto(question.get_absolute_url())
    page.locator(f"#answer-{answer.pk} form[action*='/accept/'] button").click()
    page.wait_for_url(f"**/questions/{question.pk}/")
    question.refresh_from_db()
    assert question.accepted_answer_id == answer.pk
    assert page.locator(f"#answer-{answer.pk}.qa-accepted .badge-ok").count() == 1
