"""Demo surveys, dated as the seeds tell:

- Seed 001: at its launch in Hebron on 29 October 2020 the innovation hub agreed to study further ideas "based on a
  survey of the innovative initiatives and projects in local bodies". The demo survey is that campaign: addressed
  to the hub's member bodies, one answer per body, opened after the launch and closed before the year's end, with
  answers from four members; one answer has become an initiative of the hub (submitted, for the hub to review).
- Seed 004: CMI's host municipalities learning network gathered its twinning groups online on 11 July 2018 "to
  assess the twinning groups' work and share their progress"; the network runs surveys. The demo survey asks the
  member bodies of the network's twinning groups about their progress in the weeks before that meeting, in the
  programme's name; the staff of Hebron and Gaziantep answered.

The answers' wording is illustrative (the seeds name no initiative). Idempotent: natural keys and save_if_changed.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from tabadul.accounts.models import User
from tabadul.core.services import save_if_changed
from tabadul.demo.accounts import set_demo_password
from tabadul.directory.models import LocalBody
from tabadul.hubs.models import Hub, Initiative, Mandate
from tabadul.programmes.models import Programme
from tabadul.surveys.models import Answer, Question, Response, Survey
from tabadul.twinning.models import TwinningGroup


def _at(year, month, day, hour=0, minute=0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


INNOVATION_TITLE = "استطلاع المبادرات والمشاريع المبتكرة في هيئات الحكم المحلي"
INNOVATION_INTRO = (
    "اتفق المشاركون في إطلاق منصة الإبداع والابتكار في الخليل يوم 29 تشرين الأول 2020 على دراسة أفكار أخرى لطرحها "
    "في المنصة بناءً على استطلاع للمبادرات والمشاريع المبتكرة في هيئات الحكم المحلي. نعني بالابتكار إدخال أدوات أو "
    "طرق أو مناهج جديدة تزيد من كفاءة الهيئة أو توفر الموارد أو تبسط المهام والمعاملات."
)
# kind, text, options, initiative field, required
INNOVATION_QUESTIONS = [
    ("text", "ما اسم المبادرة أو المشروع المبتكر؟", [], "title", True),
    ("text", "ما المشكلة التي تعالجها المبادرة؟", [], "problem", True),
    ("text", "ما الحل أو الأداة أو الطريقة الجديدة؟", [], "solution", True),
    (
        "single",
        "في أي مجال تقع المبادرة؟",
        ["نظم المعلومات الجغرافية", "الخدمات الإلكترونية للمواطنين", "الإدارة المالية", "البيئة والطاقة", "مجال آخر"],
        "",
        True,
    ),
    ("scale", "إلى أي درجة يمكن نقل المبادرة إلى هيئات أخرى؟", [], "", True),
    ("number", "كم موظفاً يعمل على المبادرة؟", [], "", False),
    ("text", "ما النتائج التي تحققت حتى الآن؟", [], "results", False),
    ("text", "من الشخص المسؤول عن التواصل؟", [], "contact_name", True),
]
# body slug, staff username, full name, answers in the order of the questions
INNOVATION_ANSWERS = [
    (
        "dura",
        "dura.staff",
        "مسؤول تكنولوجيا المعلومات – بلدية دورا",
        [
            "أرشفة رخص البناء إلكترونياً وربطها بالخارطة",
            "ضياع الوقت في البحث عن ملفات الرخص الورقية وتكرار المراجعات.",
            "مسح الملفات وربط كل رخصة بقطعة الأرض على نظام معلومات جغرافية مفتوح المصدر.",
            0,
            5,
            3,
            "أرشفة نحو ثلث ملفات الرخص خلال ستة أشهر.",
            "مسؤول تكنولوجيا المعلومات – بلدية دورا",
        ],
    ),
    (
        "halhul",
        "halhul.staff",
        "مسؤولة العلاقات العامة – بلدية حلحول",
        [
            "الرد على شكاوى المواطنين عبر الرسائل القصيرة",
            "لا يعرف المواطن ما حل بشكواه بعد تقديمها.",
            "رقم لكل شكوى ورسالة قصيرة عند كل تغيير في حالتها.",
            1,
            4,
            2,
            "",
            "مسؤولة العلاقات العامة – بلدية حلحول",
        ],
    ),
    (
        "bethlehem",
        "bethlehem.staff",
        "مهندس الطاقة – بلدية بيت لحم",
        [
            "خلايا شمسية على أسطح المباني البلدية",
            "ارتفاع فاتورة الكهرباء في المباني والمرافق البلدية.",
            "تركيب خلايا شمسية على أسطح المدارس والمباني البلدية بالشراكة مع القطاع الخاص.",
            3,
            3,
            None,
            "",
            "مهندس الطاقة – بلدية بيت لحم",
        ],
    ),
    (
        "beit-sahour",
        "beitsahour.staff",
        "المحاسب – بلدية بيت ساحور",
        [
            "الدفع الإلكتروني لرسوم الخدمات",
            "طوابير المراجعين لدفع رسوم المياه والنفايات.",
            "بوابة دفع إلكتروني مع البنوك المحلية.",
            2,
            4,
            2,
            "",
            "المحاسب – بلدية بيت ساحور",
        ],
    ),
]

NETWORK_TITLE = "استبيان تقدم مجموعات التوأمة في شبكة تعلم البلديات المضيفة"
NETWORK_INTRO = (
    "تمهيداً للاجتماع الافتراضي لأعضاء مجموعات التوأمة يوم 11 تموز 2018، يرجى من كل بلدية عضو في مجموعة توأمة "
    "إطلاعنا على تقدم عمل مجموعتها في تطوير أو تحديث استراتيجية التنمية الاقتصادية المحلية."
)
NETWORK_QUESTIONS = [
    (
        "single",
        "أين وصلت بلديتكم في استراتيجية التنمية الاقتصادية المحلية؟",
        ["لم نبدأ بعد", "جمع البيانات والتشخيص", "صياغة الاستراتيجية", "التنفيذ"],
        "",
        True,
    ),
    ("number", "كم مرة تواصلتم مع البلدية التوأم منذ آذار 2018؟", [], "", True),
    ("scale", "ما مدى فائدة التوأمة لعملكم حتى الآن؟", [], "", True),
    (
        "multiple",
        "ما الذي تحتاجونه من الشبكة في الأشهر القادمة؟",
        ["زيارة ميدانية", "تدريب", "خبير مرافق", "أدوات وأدلة"],
        "",
        False,
    ),
    ("text", "ما أبرز صعوبة واجهتكم؟", [], "", False),
]
NETWORK_ANSWERS = [
    ("hebron", "hebron.led", [2, "4", 4, [0, 2], "صعوبة تنسيق المواعيد بسبب فارق الأولويات بين البلديتين."]),
    ("gaziantep", "gaziantep.led", [1, "3", 5, [1, 3], ""]),
]


def _person(username: str, full_name: str, body: LocalBody) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=f"{username}@demo.tabadul.local")
        set_demo_password(user)
    save_if_changed(user, full_name=full_name, local_body=body)
    return user


def _survey(title: str, **values) -> Survey:
    survey = Survey.objects.filter(title=title).first() or Survey(title=title)
    save_if_changed(survey, **values)
    return survey


def _questions(survey: Survey, specs) -> list[Question]:
    questions = []
    for position, (kind, text, options, field, required) in enumerate(specs, start=1):
        question = Question.objects.filter(survey=survey, position=position).first()
        question = question or Question(survey=survey, position=position)
        scale = ("ضعيفة", "عالية جداً") if kind == "scale" else ("", "")
        save_if_changed(
            question,
            kind=kind,
            text=text,
            options=options,
            initiative_field=field,
            required=required,
            scale_low=scale[0],
            scale_high=scale[1],
        )
        questions.append(question)
    return questions


def _answer(survey, questions, body, user, values, when) -> Response:
    response = Response.objects.filter(survey=survey, body=body).first()
    response = response or Response(survey=survey, body=body, unit=survey.unit)
    save_if_changed(response, respondent=user)
    for question, value in zip(questions, values, strict=True):
        if value in (None, ""):
            continue
        answer = Answer.objects.filter(response=response, question=question).first()
        answer = answer or Answer(response=response, question=question)
        if question.kind == "single":
            save_if_changed(answer, choices=[value])
        elif question.kind == "multiple":
            save_if_changed(answer, choices=list(value))
        elif question.kind in ("scale", "number"):
            save_if_changed(answer, number=Decimal(value))
        else:
            save_if_changed(answer, text=value)
    if abs((response.created_at - when).total_seconds()) > 1:
        Response.objects.filter(pk=response.pk).update(created_at=when, updated_at=when)
    return response


def load() -> str:
    hub = Hub.objects.filter(slug="innovation").first()
    count = 0
    if hub is not None:
        coordinator = Mandate.objects.filter(hub=hub, role=Mandate.Role.COORDINATOR).first()
        survey = _survey(
            INNOVATION_TITLE,
            introduction=INNOVATION_INTRO,
            context=Survey.Context.HUB,
            hub=hub,
            audience=Survey.Audience.MEMBERS,
            unit=Survey.Unit.BODY,
            starts_at=_at(2020, 11, 15),
            ends_at=_at(2020, 12, 17, 23, 59),
            status=Survey.Status.CLOSED,
            initiatives_campaign=True,
            created_by=coordinator.user if coordinator else None,
        )
        questions = _questions(survey, INNOVATION_QUESTIONS)
        bodies = {body.slug: body for body in LocalBody.objects.filter(slug__in=[a[0] for a in INNOVATION_ANSWERS])}
        for day, (slug, username, full_name, values) in enumerate(INNOVATION_ANSWERS):
            if slug not in bodies:
                continue
            user = _person(username, full_name, bodies[slug])
            response = _answer(
                survey, questions, bodies[slug], user, values, _at(2020, 11, 22, 10) + dt.timedelta(days=day * 4)
            )
            count += 1
            if slug == "dura" and response.initiative_id is None:  # the coordinator made it an initiative
                initiative = Initiative.objects.create(
                    hub=hub,
                    body=bodies[slug],
                    submitted_by=user,
                    title=values[0],
                    problem=values[1],
                    solution=values[2],
                    results=values[6],
                    contact_name=values[7],
                )
                Response.objects.filter(pk=response.pk).update(initiative=initiative)
    programme = Programme.objects.filter(slug="cmi-hmln").first()
    groups = TwinningGroup.objects.filter(network__slug="hmln")
    member_ids = set(groups.values_list("members", flat=True)) - {None}
    if member_ids:
        survey = _survey(
            NETWORK_TITLE,
            introduction=NETWORK_INTRO,
            context=Survey.Context.PLATFORM,
            programme=programme,
            audience=Survey.Audience.CHOSEN,
            unit=Survey.Unit.BODY,
            starts_at=_at(2018, 6, 18),
            ends_at=_at(2018, 7, 5, 23, 59),
            status=Survey.Status.CLOSED,
            created_by=User.objects.filter(username="cmi.facilitator").first(),
        )
        if set(survey.bodies.values_list("pk", flat=True)) != member_ids:
            survey.bodies.set(member_ids)
        questions = _questions(survey, NETWORK_QUESTIONS)
        for day, (slug, username, values) in enumerate(NETWORK_ANSWERS):
            body = LocalBody.objects.filter(slug=slug).first()
            user = User.objects.filter(username=username).first()
            if body is None or user is None:
                continue
            _answer(survey, questions, body, user, values, _at(2018, 6, 25 + day, 11))
            count += 1
    return f"2 surveys, {count} answers"


def link() -> str:
    """The hub survey names its hub's programme, which the programmes' link step set after load()."""
    linked = 0
    for survey in Survey.objects.filter(title=INNOVATION_TITLE).select_related("hub"):
        linked += save_if_changed(survey, programme=survey.hub.programme)
    return f"{linked} surveys linked to their hub's programme"
