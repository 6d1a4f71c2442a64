import pytest

from tabadul.qa.services import question_ask

from .factories import TopicFactory, make_specialist, make_staff


@pytest.fixture
def finance(db):
    return TopicFactory(slug="local-finance", name_ar="المالية المحلية", name_en="Local finance")


@pytest.fixture
def gis(db):
    return TopicFactory(slug="gis", name_ar="نظم المعلومات الجغرافية", name_en="GIS")


@pytest.fixture
def finance_specialist(finance):
    return make_specialist(finance)


@pytest.fixture
def gis_specialist(gis):
    return make_specialist(gis)


@pytest.fixture
def staff(body):
    return make_staff(body)


@pytest.fixture
def other_staff(other_body):
    return make_staff(other_body)


@pytest.fixture
def question(staff, finance, finance_specialist, gis_specialist):
    return question_ask(
        actor=staff,
        title="كيف نزيد الإيرادات المحلية للبلدية؟",
        text="نعتمد على التحويلات الحكومية ونريد تنمية الإيرادات الذاتية.",
        topics=[finance],
    )
