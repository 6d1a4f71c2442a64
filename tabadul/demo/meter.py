"""Demo data of the Municipality Meter (seed 002): the five pilot municipalities with their 2023–2026
strategic plans, 4–6 goals and 30–60 projects each, progress histories, news, feedback and a report.

Beita, Salfit and Sebastia are named in the seed; Anabta and Bidya stand in for the other two pilots.
No two projects of a plan share a name, and the projects' milestones fall on working days (demo/workdays).
Everything goes through the services (permission checks, audit trail) as the bodies' own staff.

Idempotent: statuses by code, goals and projects by external id, progress updates by (project, date,
percent), milestones and indicators by title, posts by title, feedback by text, reports by title. The
figures come from a random generator seeded by the body, so a second run computes the same rows and
the services save nothing (no row and no audit event changes).
"""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings

from tabadul.accounts.models import RoleGrant, User
from tabadul.accounts.services import role_grant
from tabadul.core.services import save_if_changed
from tabadul.demo.accounts import set_demo_password
from tabadul.demo.workdays import working_day
from tabadul.directory.models import LocalBody
from tabadul.meter import services
from tabadul.meter.models import (
    Feedback,
    Indicator,
    Milestone,
    PlanReport,
    Post,
    ProgressUpdate,
    Project,
    StrategicPlan,
)

HEBRON = ZoneInfo("Asia/Hebron")
START, END = 2023, 2026
LAST_REPORT_DAY = date(2026, 9, 30)  # progress histories stop here, whatever today's date is

STATUSES = [
    ("planned", "مخطط", "Planned", 0),
    ("study", "قيد الدراسة والتصميم", "Study and design", 5),
    ("tendering", "قيد الطرح والعطاء", "Tendering", 10),
    ("contracted", "تمت الإحالة والتعاقد", "Contracted", 20),
    ("in_progress", "قيد التنفيذ", "In progress", 40),
    ("completed", "منجز", "Completed", 100),
]

# goal key -> (Arabic name, English name, sector, department, project templates)
GOALS = {
    "roads": (
        "تطوير البنية التحتية وشبكة الطرق",
        "Roads and infrastructure",
        "طرق",
        "دائرة الهندسة",
        [
            "تعبيد شارع {place}",
            "إنشاء جدران استنادية في {place}",
            "توسعة طريق {place}",
            "إنارة شوارع {place} بالطاقة الشمسية",
            "إنشاء أرصفة وممرات مشاة في {place}",
            "إنشاء عبارات لتصريف مياه الأمطار في {place}",
        ],
    ),
    "water": (
        "تحسين خدمات المياه والصرف الصحي",
        "Water and sanitation",
        "مياه وصرف صحي",
        "دائرة المياه",
        [
            "تأهيل شبكة المياه في {place}",
            "إنشاء خزان مياه في {place}",
            "تمديد خط صرف صحي في {place}",
            "تركيب عدادات مياه مسبقة الدفع في {place}",
            "استبدال خطوط المياه القديمة في {place}",
        ],
    ),
    "environment": (
        "بيئة نظيفة وإدارة مستدامة للنفايات الصلبة",
        "Clean environment and solid waste",
        "بيئة",
        "قسم الصحة والبيئة",
        [
            "توفير حاويات نفايات لـ{place}",
            "حملة فرز النفايات من المصدر في {place}",
            "إنشاء حديقة عامة في {place}",
            "تشجير شوارع {place}",
            "إعادة تأهيل مكب النفايات قرب {place}",
        ],
    ),
    "economy": (
        "تنمية اقتصادية محلية وفرص عمل",
        "Local economic development",
        "اقتصاد",
        "وحدة التنمية الاقتصادية",
        [
            "إنشاء سوق خضار في {place}",
            "شق طرق زراعية في {place}",
            "دعم التعاونيات النسوية في {place}",
            "تأهيل المنطقة الحرفية في {place}",
        ],
    ),
    "social": (
        "خدمات اجتماعية وثقافية ورياضية للجميع",
        "Social, cultural and sports services",
        "خدمات اجتماعية",
        "قسم الخدمات الاجتماعية",
        [
            "تأهيل ملعب {place}",
            "إنشاء مركز شبابي في {place}",
            "تجهيز مكتبة عامة في {place}",
            "إنشاء روضة أطفال في {place}",
            "ملاءمة المرافق العامة للأشخاص ذوي الإعاقة في {place}",
        ],
    ),
    "governance": (
        "حوكمة رشيدة وتطوير الأداء المؤسسي",
        "Good governance and institutional performance",
        "حوكمة",
        "وحدة التخطيط",
        [
            "حوسبة خدمات الجمهور في {place}",
            "لقاءات مساءلة مجتمعية في {place}",
            "تحديث المخطط الهيكلي لـ{place}",
            "نظام أرشفة إلكترونية لملفات {place}",
        ],
    ),
    "heritage": (
        "حماية التراث وتنشيط السياحة",
        "Heritage and tourism",
        "سياحة",
        "وحدة السياحة والتراث",
        [
            "ترميم مبانٍ تاريخية في {place}",
            "إنشاء مسار سياحي في {place}",
            "تركيب لافتات إرشادية في {place}",
            "إنشاء مركز زوار في {place}",
        ],
    ),
}

FUNDERS = [
    "صندوق تطوير وإقراض البلديات",
    "موازنة البلدية",
    "وزارة الحكم المحلي",
    "الاتحاد الأوروبي",
    "برنامج الأمم المتحدة الإنمائي",
    "مساهمة المجتمع المحلي",
]

# slug -> plan title, vision, goal keys with weights, places, number of projects
BODIES = {
    "beita": (
        "الخطة الاستراتيجية التنموية لبلدية بيتا",
        "بيتا بلدة خضراء منتجة، ذات بنية تحتية متطورة وخدمات عادلة، يشارك مواطنوها في صنع القرار.",
        [("roads", 3), ("water", 3), ("environment", 2), ("economy", 2), ("governance", 1)],
        ["الحي الشرقي", "جبل صبيح", "وسط البلد", "حي المدارس", "الحي الغربي", "منطقة العرمة"],
        48,
    ),
    "salfit": (
        "الخطة الاستراتيجية لمدينة سلفيت",
        "سلفيت مدينة آمنة ونظيفة، مركز إداري وخدمي للمحافظة، تحافظ على أرضها وزيتونها.",
        [("roads", 2), ("water", 3), ("environment", 3), ("social", 2), ("economy", 1), ("governance", 1)],
        ["حي الظهر", "حي المراح", "وسط المدينة", "حي الجامع", "المنطقة الصناعية", "حي الحرش"],
        56,
    ),
    "sebastia": (
        "الخطة الاستراتيجية لبلدية سبسطية",
        "سبسطية بلدة تاريخية حية، تحمي تراثها وتنمّي السياحة لتوفر فرص عمل لأبنائها.",
        [("heritage", 4), ("roads", 2), ("water", 2), ("economy", 2)],
        ["البلدة القديمة", "الموقع الأثري", "ساحة البيدر", "الحي الشمالي", "طريق المقبرة الرومانية"],
        34,
    ),
    "anabta": (
        "الخطة الاستراتيجية لبلدية عنبتا",
        "عنبتا بلدة منظمة جاذبة للسكن والاستثمار، بخدمات ذات جودة وبيئة سليمة.",
        [("roads", 3), ("water", 2), ("environment", 2), ("social", 2), ("governance", 1)],
        ["الحي الشمالي", "شارع نابلس طولكرم", "حي الكفريات", "وسط البلد", "الحي الجنوبي"],
        42,
    ),
    "bidya": (
        "الخطة الاستراتيجية لبلدية بديا",
        "بديا بلدة متجددة، تجارية وخدمية، تحسن حياة سكانها بمشاركتهم.",
        [("roads", 2), ("water", 2), ("economy", 3), ("social", 1), ("governance", 1)],
        ["السوق التجاري", "الحي الغربي", "حي الرابية", "وسط البلد", "منطقة الخلايل"],
        31,
    ),
}

# Where each town is (issue 19): its approximate centre (latitude, longitude, WGS 84, as the towns' articles in
# Wikipedia give them). Each place of a project is put a few hundred metres from the centre, and each project a
# little further, both from a generator seeded by the body and the place: a plausible point, not a surveyed one.
CENTRES = {
    "beita": (32.1440, 35.2878),
    "salfit": (32.0839, 35.1794),
    "sebastia": (32.2761, 35.1950),
    "anabta": (32.3075, 35.1189),
    "bidya": (32.1142, 35.0819),
}
# Only the places that are really quarters of the town by that name become the project's neighbourhood; the others
# (made-up street and quarter names of the demo) leave it empty.
NEIGHBOURHOODS = {"وسط البلد", "وسط المدينة", "البلدة القديمة", "الموقع الأثري", "جبل صبيح"}
NO_POINT_GOALS = {"governance"}  # the institution's own work happens nowhere in particular


def _point(slug: str, place: str, external_id: str) -> tuple[Decimal | None, Decimal | None]:
    lat, lon = CENTRES[slug]
    near = random.Random(f"meter-demo-place-{slug}-{place}")
    lat += near.uniform(-0.0035, 0.0035)  # about ±400 m
    lon += near.uniform(-0.004, 0.004)
    own = random.Random(f"meter-demo-point-{slug}-{external_id}")
    lat += own.uniform(-0.0008, 0.0008)  # about ±90 m
    lon += own.uniform(-0.0009, 0.0009)
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")


POSTS = [
    (
        "news",
        "لقاء مجتمعي لاستعراض منصة البلدية ميتر",
        "استعرضت البلدية منصة «البلدية ميتر» وخطتها الاستراتيجية 2023–2026 أمام ممثلي المجتمع المحلي.",
        "في إطار تعزيز الشفافية والمساءلة، نظمت البلدية لقاءً مجتمعياً لاستعراض منصة «البلدية ميتر» التي تتيح "
        "للمواطنين متابعة نسب الإنجاز في مشاريع الخطة الاستراتيجية، وفُتح باب النقاش أمام الحضور لتقديم "
        "ملاحظاتهم ومقترحاتهم لتطوير المنصة.",
        date(2024, 12, 2),
    ),
    (
        "activity",
        "يوم تطوعي لتنظيف الشوارع وزراعة الأشجار",
        "شارك عشرات المتطوعين من الشباب وطلبة المدارس في حملة تنظيف وتشجير.",
        "نفذت البلدية بالتعاون مع المؤسسات الشبابية يوماً تطوعياً شمل تنظيف الشوارع الرئيسية وزراعة مئة شجرة.",
        date(2025, 3, 21),
    ),
    (
        "news",
        "توقيع اتفاقية تمويل مشاريع البنية التحتية",
        "وقعت البلدية اتفاقية مع صندوق تطوير وإقراض البلديات لتمويل مشاريع طرق ومياه.",
        "تشمل الاتفاقية تعبيد عدد من الشوارع وتأهيل أجزاء من شبكة المياه ضمن الخطة الاستراتيجية.",
        date(2025, 6, 10),
    ),
    (
        "media",
        "تقرير مصور: عام من الإنجازات",
        "جولة مصورة في أبرز المشاريع المنجزة خلال العام.",
        "يستعرض التقرير المصور المشاريع التي أنجزتها البلدية ونسب الإنجاز في كل هدف من أهداف الخطة.",
        date(2025, 12, 30),
    ),
]

# text, kind, reply (None: pending; "" with a reason: rejected), hours to answer, rejection reason
FEEDBACK = [
    ("متى سيبدأ العمل في تعبيد الشارع؟ الطريق صعبة على طلاب المدارس في الشتاء.", "question", "reply", 30, ""),
    ("أقترح إضافة حاويات نفايات قرب المدرسة الأساسية.", "suggestion", "reply", 72, ""),
    ("المياه تنقطع عن الحي يومين في الأسبوع منذ بداية الصيف.", "complaint", "reply", 8, ""),
    ("شكراً للبلدية على إنارة الشارع، أصبح المشي ليلاً آمناً.", "suggestion", "publish", 0, ""),
    ("هل يمكن نشر جدول زمني لمشاريع الصرف الصحي؟", "question", None, 0, ""),
    ("اشترِ الآن أرخص الهواتف من متجرنا!", "question", "reject", 0, "إعلان تجاري لا علاقة له بالخطة"),
]
REPLIES = {
    0: "يبدأ العمل بعد انتهاء إجراءات العطاء، والموعد المتوقع بداية الربع القادم. شكراً لاهتمامك.",
    1: "شكراً على الاقتراح، تمت إضافته إلى خطة توزيع الحاويات لهذا العام.",
    2: "السبب ضعف الضخ من المصدر في ذروة الصيف، ونعمل مع سلطة المياه على جدول توزيع عادل وسننشره قريباً.",
}


def _staff(body: LocalBody, role: str) -> User:
    """The body's demo editor or approver (the accounts demo already has some of them)."""
    suffix = "editor" if role == RoleGrant.Role.BODY_EDITOR else "approver"
    username = f"{body.slug}.{suffix}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=f"{username}@demo.tabadul.local")
        if settings.DEBUG:
            set_demo_password(user)
        else:
            user.set_unusable_password()
        title = "محرر" if suffix == "editor" else "معتمد"
        save_if_changed(user, full_name=f"{title} {body.name_ar}", local_body=body)
    role_grant(actor=None, user=user, role=role, local_body=body)
    return user


def _unused_place(template: str, places: list[str], first: int, names: set[str]) -> str:
    """The place at `first`, or the next one whose project name the plan does not have yet: no two projects of a
    plan share a name (issue 20, item 7). A template has fewer rounds than places, so one is always free."""
    for step in range(len(places)):
        place = places[(first + step) % len(places)]
        if template.format(place=place) not in names:
            return place
    raise ValueError(f"every place of {template!r} is taken")


def _history(rng: random.Random, start: date, end: date) -> list[tuple[date, int]]:
    """Increasing achievement reports between the project's start and the last reporting day."""
    last = min(end, LAST_REPORT_DAY)
    if start >= last:
        return []
    span = (last - start).days
    expected = min(100, round(100 * span / max(1, (end - start).days)))
    final = max(0, min(100, expected + rng.choice([-45, -30, -15, -5, 0, 0, 5, 10])))
    if end <= LAST_REPORT_DAY and rng.random() < 0.7:
        final = 100
    if final <= 5:
        return []
    count = rng.randint(1, 4)
    days = sorted(rng.sample(range(1, span + 1), k=min(count, span)))
    values = sorted(rng.randint(5, final) for _ in days[:-1]) + [final]
    history, previous = [], 0
    for day, value in zip(days, values, strict=True):
        value = max(value, previous)
        history.append((start + timedelta(days=day), value))
        previous = value
    return history


def _status_code(history, start: date) -> str:
    """The status of a project whose *published* history is `history`: of the same stage as its latest figure
    (meter/stages.py: 0 % not started, 100 % completed, in progress between)."""
    if not history:
        return "tendering" if start <= LAST_REPORT_DAY else "planned"
    percent = history[-1][1]
    if percent >= 100:
        return "completed"
    return "in_progress" if percent >= 20 else "contracted"


def _load_body(slug: str) -> tuple[int, int]:
    body = LocalBody.objects.get(slug=slug)
    title, vision, goals, places, project_count = BODIES[slug]
    editor = _staff(body, RoleGrant.Role.BODY_EDITOR)
    approver = _staff(body, RoleGrant.Role.BODY_APPROVER)
    rng = random.Random(f"meter-demo-{slug}")

    statuses = {}
    for position, (code, name_ar, name_en, percent) in enumerate(STATUSES):
        existing = body.meter_statuses.filter(code=code).first()
        statuses[code] = services.status_save(
            actor=editor,
            body=body,
            status=existing,
            code=code,
            name_ar=name_ar,
            name_en=name_en,
            default_percent=percent,
            position=position,
        )

    plan = StrategicPlan.objects.filter(body=body, start_year=START, end_year=END).first()
    values = {
        "title_ar": title,
        "title_en": f"Strategic plan of {body.name_en}",  # the period is shown beside the title, as in Arabic
        "start_year": START,
        "end_year": END,
        "vision": vision,
    }
    if plan is None:
        plan = services.plan_create(actor=editor, body=body, **values)
    else:
        services.plan_update(actor=editor, plan=plan, **values)

    goal_objects = {}
    for position, (key, weight) in enumerate(goals):
        name_ar, name_en, *_rest = GOALS[key]
        external_id = f"G{position + 1}"
        goal_objects[key] = services.goal_save(
            actor=editor,
            plan=plan,
            goal=plan.goals.filter(external_id=external_id).first(),
            external_id=external_id,
            name_ar=name_ar,
            name_en=name_en,
            description="",
            weight=Decimal(weight),
            position=position,
        )

    existing_projects = {project.external_id: project for project in Project.objects.filter(plan=plan)}
    updates = 0
    names: set[str] = set()
    for index in range(project_count):
        key, _weight = goals[index % len(goals)]
        goal = goal_objects[key]
        _name_ar, _name_en, sector, department, templates = GOALS[key]
        round_number = index // len(goals)
        template = templates[round_number % len(templates)]
        place = _unused_place(template, places, (index + round_number) % len(places), names)
        names.add(template.format(place=place))
        external_id = f"{goal.external_id}-{round_number + 1:02d}"
        latitude, longitude = (None, None) if key in NO_POINT_GOALS else _point(slug, place, external_id)
        start = date(rng.choice([2023, 2023, 2024, 2024, 2025, 2026]), rng.randint(1, 12), 1)
        end = min(date(END, 12, 31), start + timedelta(days=rng.choice([120, 180, 270, 365, 540, 730])))
        history = _history(rng, start, end)
        pending_last = index % 11 == 5 and len(history) > 1  # a few reports wait for the approver
        status = statuses[_status_code(history[:-1] if pending_last else history, start)]
        project = services.project_save(
            actor=editor,
            plan=plan,
            project=existing_projects.get(external_id),
            goal=goal,
            external_id=external_id,
            name_ar=template.format(place=place),
            name_en="",
            description="",
            sector=sector,
            location=place,
            neighbourhood=place if place in NEIGHBOURHOODS else "",
            latitude=latitude,
            longitude=longitude,
            department=department,
            budget=Decimal(rng.randrange(20, 1500) * 1000),
            funding_source=rng.choice(FUNDERS),
            start_date=start,
            end_date=end,
            weight=Decimal(rng.choice([1, 1, 2, 3])),
            status=status,
        )
        for number, (day, percent) in enumerate(history):
            update = ProgressUpdate.objects.filter(project=project, date=day, percent=percent).first()
            if update is None:
                update = services.progress_submit(
                    actor=editor, project=project, percent=percent, date=day, note="تقرير متابعة دوري من الموقع."
                )
            if not (pending_last and number == len(history) - 1):
                services.progress_publish(actor=approver, update=update)  # moves the status along the way
            updates += 1
        # The status of the latest published figure (publishing an earlier one may have chosen a neighbour).
        project = services.project_save(actor=editor, plan=plan, project=project, status=status)
        if index % 4 == 0:
            for title, when in (("توقيع العقد مع المقاول", start + timedelta(days=30)), ("الاستلام النهائي", end)):
                when = working_day(when, "PS", before=end + timedelta(days=1))  # within the project
                services.milestone_save(
                    actor=editor,
                    project=project,
                    milestone=Milestone.objects.filter(project=project, title=title).first(),
                    title=title,
                    description="",
                    date=when,
                )
        if index % 6 == 0:
            services.indicator_save(
                actor=editor,
                project=project,
                indicator=Indicator.objects.filter(project=project, name="عدد المستفيدين").first(),
                name="عدد المستفيدين",
                unit="نسمة",
                baseline=Decimal(0),
                target=Decimal(rng.randrange(5, 60) * 100),
                actual=Decimal(rng.randrange(0, 50) * 100) if history else None,
            )
    services.plan_set_status(actor=approver, plan=plan, status=StrategicPlan.Status.PUBLISHED)
    _posts(body, editor, plan)
    _feedback(plan, editor)
    _report(plan, editor)
    return project_count, updates


def _posts(body, editor, plan) -> None:
    first_project = Project.objects.filter(plan=plan).order_by("external_id").first()
    for kind, title, summary, text, day in POSTS:
        post = Post.objects.filter(body=body, title=title).first()
        services.post_save(
            actor=editor,
            body=body,
            post=post,
            kind=kind,
            title=title,
            summary=summary,
            text=text,
            project=first_project if kind == "news" and "تمويل" in title else None,
            published_at=datetime.combine(day, datetime.min.time().replace(hour=10), tzinfo=HEBRON),
        )


def _feedback(plan, editor) -> None:
    projects = list(Project.objects.filter(plan=plan).order_by("external_id")[:6])
    for index, (text, kind, decision, hours, reason) in enumerate(FEEDBACK):
        feedback = Feedback.objects.filter(plan=plan, text=text).first()
        if feedback is None:
            feedback = services.feedback_submit(
                actor=None,
                plan=plan,
                project=projects[index] if index < 3 and index < len(projects) else None,
                kind=kind,
                text=text,
                name=["أبو محمد", "", "سناء", "", "خالد", ""][index],
            )
            # Back-date it once, so that the response-time figures look like a real year.
            written = datetime(2025, 4 + index, 3, 9, tzinfo=HEBRON)
            Feedback.objects.filter(pk=feedback.pk).update(created_at=written)
            feedback.refresh_from_db()
            if decision == "reply":
                services.feedback_reply(actor=editor, feedback=feedback, reply=REPLIES[index])
                Feedback.objects.filter(pk=feedback.pk).update(replied_at=written + timedelta(hours=hours))
        if decision == "publish":
            services.feedback_moderate(actor=editor, feedback=feedback, publish=True)
        elif decision == "reject":
            services.feedback_moderate(actor=editor, feedback=feedback, publish=False, reason=reason)


def _report(plan, editor) -> None:
    title = "تقرير الإنجازات والتحديات لعام 2025"
    services.report_save(
        actor=editor,
        plan=plan,
        report=PlanReport.objects.filter(plan=plan, title=title).first(),
        title=title,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        achievements="إنجاز عدد من مشاريع الطرق والمياه، وإطلاق منصة البلدية ميتر لمتابعة الخطة مع المواطنين.",
        challenges="تأخر التحويلات المالية، وارتفاع أسعار المواد، وصعوبة الوصول إلى بعض المناطق.",
        next_steps="استكمال المشاريع المتأخرة، وتوسيع اللقاءات المجتمعية، ونشر تقارير ربعية.",
    )


def load() -> str:
    totals = [_load_body(slug) for slug in BODIES]
    projects = sum(count for count, _ in totals)
    updates = sum(count for _, count in totals)
    return f"{len(BODIES)} strategic plans, {projects} projects, {updates} progress reports"
