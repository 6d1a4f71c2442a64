"""Demo data: the hubs' launch meetings (seed 001) as past events with their attendance, the CMI virtual meeting
of 11 July 2018 (seed 004, invitation only), a training course of the Isal programme (seed 003) in Tripoli with
sessions in Libya's time zone in the programme's years, its trainees staff of the Libyan municipalities of the
programme's pilots, and the programme's closing day in Tunis (27 July 2022) attended by them; learning days,
workshops and dialogue sessions, some upcoming; the Beita, Salfit and Sebastia community meetings that presented
the Municipality Meter on 2 December 2024 (seed 002) as events of those bodies, held and closed, with their
attendance, and Beita's next one, a month ahead.

Idempotent: events are found by their Arabic name, people by user name, rows saved only when a value differs.
Upcoming events are placed relative to today's date (whole days), so a second run on the same day changes nothing.
Every generated date (activities, sessions, follow-up deadlines) is a working day of the country it is held in
(demo/workdays: no Friday, weekend day or public holiday); the seeds' own dates stay as they are. A village
councils' chapter launch is attended by village councils of that chapter's region only.
"""

import datetime as dt
import zoneinfo

from django.utils import timezone

from tabadul.accounts.models import User
from tabadul.alignment.services import alignment_set
from tabadul.core.services import save_if_changed
from tabadul.demo import hubs as hubs_demo
from tabadul.demo.workdays import working_day
from tabadul.directory.models import LocalBody, Organisation
from tabadul.events import reach
from tabadul.events.models import ClosingReport, Course, Enrolment, Event, FollowUp, Invitation, Registration
from tabadul.hubs.models import Chapter, Hub, JointActivity
from tabadul.programmes.models import Programme

T = Event.Type
FIRST_NAMES = ["محمد", "أحمد", "سناء", "خالد", "رنا", "يوسف", "ليلى", "عمر", "هبة", "سامي", "نور", "إياد"]
FAMILY_NAMES = ["الخطيب", "عودة", "حمدان", "النجار", "صالح", "البرغوثي", "دويكات", "الشريف", "عابد", "قاسم"]
POOL_SIZE = 60
CMI = "مركز التكامل المتوسطي (CMI)"
ISAL = "برنامج إيصال – الوكالة الدولية للتعاون التابعة لجمعية البلديات الهولندية"


def _at(day: dt.date, hour: int, tz: str = "Asia/Hebron", minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(tz))


def _people() -> list[User]:
    """Demo participants (no password: they cannot sign in), staff of bodies across every region."""
    bodies = list(LocalBody.objects.filter(country__code="PS").order_by("slug"))
    people = []
    for index in range(POOL_SIZE):
        username = f"participant.{index + 1:02d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=f"{username}@demo.tabadul.local")
            user.set_unusable_password()
        name = f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {FAMILY_NAMES[(index * 7) % len(FAMILY_NAMES)]}"
        save_if_changed(user, full_name=name, local_body=bodies[index % len(bodies)], position="موظف")
        people.append(user)
    return people


# Seed 003: the Isal programme trained staff of Libyan municipalities; its pilots were in these eight.
LIBYAN_FAMILY_NAMES = ["الورفلي", "المبروك", "الفيتوري", "السنوسي", "العبيدي", "بن عمران", "الزنتاني", "المقريف"]
ISAL_BODIES = ["tripoli-centre", "wadi-etba", "traghen", "sharqiya", "marada", "wadi-al-bawanis", "derj", "gharyan"]
LIBYAN_POOL_SIZE = 16
# Seed 003 says the programme ran training courses in planning, participation and waste management from its start
# (April 2019, to July 2022) but gives no dates: the demo holds the Tripoli course's three weekly sessions in the
# programme's first autumn, moved to Libyan working days.
ISAL_COURSE_DAYS = [dt.date(2019, 10, 14), dt.date(2019, 10, 21), dt.date(2019, 10, 28)]


def _libyan_people() -> list[User]:
    """Demo staff of the Libyan municipalities of the Isal programme (no password: they cannot sign in)."""
    bodies = list(LocalBody.objects.filter(slug__in=ISAL_BODIES).order_by("slug"))
    people = []
    for index in range(LIBYAN_POOL_SIZE if bodies else 0):
        username = f"participant.ly.{index + 1:02d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=f"{username}@demo.tabadul.local")
            user.set_unusable_password()
        name = f"{FIRST_NAMES[(index * 5) % len(FIRST_NAMES)]} {LIBYAN_FAMILY_NAMES[index % len(LIBYAN_FAMILY_NAMES)]}"
        save_if_changed(user, full_name=name, local_body=bodies[index % len(bodies)], position="موظف")
        people.append(user)
    return people


def _tunis_closing_day(people: list[User], organisers: list[User]) -> None:
    """Seed 003: the closing day of the Libya think-tank's work and of the Isal programme, Tunis, Wednesday
    27 July 2022, with mayors from Libya, civil society and the government."""
    day = dt.date(2022, 7, 27)
    event = _event(
        "اليوم الختامي لأعمال مجموعة التفكير بليبيا حول التخطيط الاستراتيجي المحلي والتشاركية",
        name_en="Closing day of the Libya think tank on local strategic planning and participation",
        type=T.WORKSHOP,
        description="اليوم الختامي لأعمال مجموعة التفكير بليبيا حول «التخطيط الاستراتيجي المحلي والتشاركية والإدارة "
        "البلدية وإدارة النفايات»، بحضور عدد من رؤساء البلديات في ليبيا وممثلين عن المجتمع المدني والحكومة، "
        "ويتزامن مع اختتام برنامج «إيصال» وعرض تقريره النهائي.",
        starts_at=_at(day, 9, "Africa/Tunis"),
        ends_at=_at(day, 16, "Africa/Tunis"),
        time_zone="Africa/Tunis",
        city="تونس",
        venue="",
        visibility=Event.Visibility.PUBLIC,
        organised_by_platform=False,
        partner_organiser=ISAL,
        registration_open=False,
    )
    _link(event, organisers=organisers)
    _attend(event, people[:8], checked_in=True)
    _close(
        event,
        minutes="عُرض التقرير النهائي لبرنامج «إيصال» (أبريل 2019 – يوليو 2022) ونتائج مشاريعه النموذجية في البلديات.",
        decisions="مواصلة الجلسات الحوارية لمناقشة توصيات الدراسات التي أُنجزت خلال البرنامج.",
    )


def _tunisia_study_tour(organisers: list[User]) -> None:
    """Seed 003: the Municipal Development and Decentralisation Support Centre was set up in Libya drawing on the
    Tunisian experience, through field visits to learn how its Tunisian counterpart works. The seed gives no date:
    the demo places the tour in the programme's first year."""
    host = Organisation.objects.filter(slug="tn-cfad").first()
    visitor = Organisation.objects.filter(slug="ly-municipal-development-centre").first()
    if host is None or visitor is None:
        return
    event = _event(
        "زيارة دراسية إلى تونس: الاطلاع على عمل مركز التكوين ودعم اللامركزية",
        name_en="Study tour to Tunisia: how the Training and Decentralisation Support Centre works",
        type=T.STUDY_TOUR,
        description="زيارة ميدانية للاطلاع على طرق عمل المركز وأهدافه وجوانبه التنظيمية والتشريعية والدورات "
        "التدريبية التي ينظّمها لفائدة المدرّبين حول الحكم المحلي وتعليم الكبار والمشاركة المجتمعية، استئناساً "
        "بالتجربة التونسية في إنشاء «مركز تطوير البلديات ودعم اللامركزية» في ليبيا. لا يذكر المصدر تاريخ الزيارة.",
        starts_at=_at(dt.date(2019, 11, 12), 9, "Africa/Tunis"),
        ends_at=_at(dt.date(2019, 11, 14), 16, "Africa/Tunis"),
        time_zone="Africa/Tunis",
        city="تونس",
        visibility=Event.Visibility.PUBLIC,
        organised_by_platform=False,
        partner_organiser=ISAL,
        registration_open=False,
        host_organisation=host,
        programme=Programme.objects.filter(slug="isal").first(),
    )
    _link(event, organisers=organisers)
    if set(event.organiser_organisations.values_list("pk", flat=True)) != {visitor.pk}:
        event.organiser_organisations.set([visitor])


def _event(name_ar: str, **values) -> Event:
    event = Event.objects.filter(name_ar=name_ar).first() or Event(name_ar=name_ar)
    values.setdefault("description", "")
    save_if_changed(event, **values)
    return event


def _link(event: Event, *, hubs=(), organisers=(), goals=(), targets=()) -> None:
    if {hub.pk for hub in event.organiser_hubs.all()} != {hub.pk for hub in hubs}:
        event.organiser_hubs.set(hubs)
    if {person.pk for person in event.organisers.all()} != {person.pk for person in organisers}:
        event.organisers.set(organisers)
    if goals or targets:
        alignment_set(obj=event, goals=goals, targets=targets)


def _attend(event: Event, people: list[User], *, checked_in: bool) -> None:
    for person in people:
        registration = Registration.objects.filter(event=event, user=person).first()
        if registration is None:
            registration = Registration(event=event, user=person)
        values = {"status": Registration.Status.CONFIRMED, "local_body": person.local_body}
        if checked_in:
            values["checked_in_at"] = event.starts_at + dt.timedelta(minutes=15)
        save_if_changed(registration, **values)


def _close(event: Event, *, minutes: str, decisions: str, followups=(), country: str = "PS") -> None:
    report = ClosingReport.objects.filter(event=event).first() or ClosingReport(event=event)
    attended = event.registrations.attended().count()
    save_if_changed(report, minutes=minutes, decisions=decisions, attendee_count=attended)
    for description, owner_name, due, status in followups:
        followup = FollowUp.objects.filter(report=report, description=description).first() or FollowUp(
            report=report, description=description
        )
        save_if_changed(followup, owner_name=owner_name, due_date=working_day(due, country), status=status)
    save_if_changed(event, status=Event.Status.CLOSED)


COUNCIL_POSITIONS = ["رئيس المجلس القروي", "سكرتير المجلس القروي"]


def _council_people(people: list[User], region_id: int | None) -> list[User]:
    """The people of the village councils of a region: the pool's staff there and each council's head and
    secretary (demo people without a password)."""
    councils = list(
        LocalBody.objects.filter(type=LocalBody.Type.VILLAGE_COUNCIL, region_id=region_id, country__code="PS")
        .exclude(region_id=None)
        .order_by("slug")
    )
    found = [person for person in people if person.local_body in councils]
    for number, body in enumerate(councils):
        for seat, position in enumerate(COUNCIL_POSITIONS, start=1):
            username = f"participant.{body.slug}.{seat}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, email=f"{username}@demo.tabadul.local")
                user.set_unusable_password()
            index = number * len(COUNCIL_POSITIONS) + seat
            name = f"{FIRST_NAMES[(index * 7) % len(FIRST_NAMES)]} {FAMILY_NAMES[(index * 3) % len(FAMILY_NAMES)]}"
            save_if_changed(user, full_name=name, local_body=body, position=position)
            found.append(user)
    return found


def _launches(people: list[User], hubs: dict[str, Hub], admin) -> int:
    """One launch meeting per hub and per village-councils chapter, with the seed's date, city and attendance."""
    launches = []
    for hub in hubs.values():
        if hub.launch_date and hub.slug != "village-councils":
            launches.append((hub, hub.name_ar, hub.launch_date, hub.launch_city_ar, hub.launch_attendance, None))
    for chapter in Chapter.objects.select_related("hub").order_by("position"):
        if chapter.launch_date:
            launches.append((chapter.hub, chapter.name_ar, chapter.launch_date, chapter.launch_city_ar, None, chapter))
    for index, (hub, title, day, city, attendance, chapter) in enumerate(launches):
        if chapter is not None:  # a chapter's launch: the village councils of its region
            attendees = _council_people(people, chapter.region_id)
        else:
            count = attendance or 14 + 3 * index
            start = (index * 9) % (POOL_SIZE - min(count, POOL_SIZE) + 1)
            attendees = people[start : start + count]
        event = _event(
            f"اجتماع إطلاق {title}",
            name_en=f"Launch meeting: {hub.name_en}",
            type=T.LAUNCH_MEETING,
            starts_at=_at(day, 10),
            ends_at=_at(day, 14),
            city=city,
            venue="قاعة الاتحاد الفلسطيني للهيئات المحلية",
            visibility=Event.Visibility.PUBLIC,
            organised_by_platform=False,
            partner_organiser="الاتحاد الفلسطيني للهيئات المحلية",
        )
        _link(event, hubs=[hub], organisers=[admin] if admin else [])
        if chapter is not None:  # a database loaded by an earlier demo keeps no attendee from elsewhere
            event.registrations.exclude(user__in=attendees).delete()
        _attend(event, attendees, checked_in=True)
        _close(
            event,
            minutes="أطلقت المنصة بحضور ممثلين عن الهيئات المحلية، وناقش المشاركون أولوياتهم واتفقوا على المواضيع "
            "الرئيسية لخطة العمل.",
            decisions="اعتماد المواضيع ذات الأولوية وتشكيل مجموعة عمل لكل موضوع.",
            followups=[
                ("تعميم محضر الاجتماع على الهيئات الأعضاء", "منسق المنصة", day + dt.timedelta(days=7), "done"),
                ("تحديد موعد أول يوم تعليمي", "مجموعة العمل الأولى", day + dt.timedelta(days=45), "open"),
            ],
        )
    return len(launches)


# Seed 002: on 2 December 2024 Beita, Salfit and Sebastia held community meetings presenting the Municipality Meter
# (the APLA project officer Dr Ahmad Jaber spoke; each body presented its 2023-2026 strategic plan on the platform).
COMMUNITY_MEETINGS = [("beita", "بيتا", 12), ("salfit", "سلفيت", 15), ("sebastia", "سبسطية", 9)]


def _community_meetings(people: list[User]) -> None:
    day = dt.date(2024, 12, 2)
    for index, (slug, city, count) in enumerate(COMMUNITY_MEETINGS):
        body = LocalBody.objects.filter(slug=slug).first()
        if body is None:
            continue
        event = _event(
            f"لقاء مجتمعي في {city} لاستعراض منصة البلدية ميتر",
            name_en=f"Community meeting in {body.name_en.replace(' Municipality', '') or city}: the Municipality Meter",
            type=T.COMMUNITY_MEETING,
            description='استعراض منصة "البلدية ميتر" وأهدافها، والخطة الاستراتيجية للبلدية (2023-2026) وربطها '
            "بالمنصة، وعرض أبرز الإنجازات والتحديات، ثم نقاش مفتوح لملاحظات الحضور ومقترحاتهم لتطوير المنصة. "
            "ضمن مشروع تعزيز المساءلة والشفافية للهيئات المحلية الذي ينفذه الاتحاد الفلسطيني للهيئات المحلية "
            "بدعم من برنامج الأمم المتحدة الإنمائي (TEA3).",
            starts_at=_at(day, 10 + index),
            ends_at=_at(day, 12 + index),
            city=city,
            venue=f"قاعة {body.name_ar}",
            visibility=Event.Visibility.PUBLIC,
            organised_by_platform=False,
            partner_organiser="الاتحاد الفلسطيني للهيئات المحلية",
        )
        if {b.pk for b in event.organiser_bodies.all()} != {body.pk}:
            event.organiser_bodies.set([body])
        # The body's administrators (accounts' demo, loaded before this one); its editors manage the event too,
        # as editors of an organising body.
        admins = list(User.objects.filter(role_grants__local_body=body, role_grants__role="body_admin"))
        _link(event, organisers=admins)
        start = (index * 17) % (POOL_SIZE - count)
        _attend(event, people[start : start + count], checked_in=True)
        _close(
            event,
            minutes="قدّم ممثلو البلدية عرضًا حول استخدام المنصة لاستعراض نسب الإنجاز في المشاريع والخطة "
            "الاستراتيجية، ثم فُتح باب النقاش أمام الحضور لتقديم ملاحظاتهم وأفكارهم التطويرية.",
            decisions="استمرار اللقاءات المجتمعية لمتابعة أداء البلدية وتعزيز الشراكة مع المواطنين.",
            followups=[("جمع مقترحات الحضور وإرسالها إلى الاتحاد", "البلدية", day + dt.timedelta(days=30), "done")],
        )


def _body_meeting_to_come(today: dt.date) -> None:
    """Beita's next community meeting, a month ahead: a body's own upcoming public event (its page and its events
    list show one on the demo as they do at scale)."""
    body = LocalBody.objects.filter(slug="beita").first()
    if body is None:
        return
    day = working_day(today + dt.timedelta(days=33), "PS")
    event = _event(
        "لقاء مجتمعي في بيتا: متابعة تنفيذ الخطة الاستراتيجية",
        name_en="Community meeting in Beita: following up the strategic plan",
        type=T.COMMUNITY_MEETING,
        description="تعرض البلدية ما أُنجز من مشاريع خطتها الاستراتيجية (2023-2026) منذ اللقاء المجتمعي السابق، "
        "وتستمع إلى ملاحظات المواطنين ومقترحاتهم للعام القادم.",
        starts_at=_at(day, 17),
        ends_at=_at(day, 19),
        city="بيتا",
        venue=f"قاعة {body.name_ar}",
        visibility=Event.Visibility.PUBLIC,
        organised_by_platform=False,
    )
    if {b.pk for b in event.organiser_bodies.all()} != {body.pk}:
        event.organiser_bodies.set([body])
    _link(event, organisers=list(User.objects.filter(role_grants__local_body=body, role_grants__role="body_admin")))


def load() -> str:
    admin = User.objects.filter(username="admin").first()
    organisers = [admin] if admin else []
    people = _people()
    hubs = {hub.slug: hub for hub in Hub.objects.all()}
    launches = _launches(people, hubs, admin) if hubs else 0
    today = timezone.localdate()

    # Seed 004: the invitation-only virtual meeting of the Mediterranean host municipalities learning network.
    hmln = _event(
        "اجتماع افتراضي لشبكة تعلم البلديات المضيفة المتوسطية: ترتيبات التوأمة",
        name_en="Virtual meeting of the Mediterranean Host Municipalities Learning Network: twinning arrangements",
        type=T.VIRTUAL_MEETING,
        description="ربط أعضاء الشبكة النشطين المشاركين في مجموعات التوأمة، وتقييم عمل مجموعات التوأمة ومشاركة "
        "التقدم الذي أحرزته، ودعم تنظيم جدول مجموعات التوأمة. المشاركة بناءً على دعوة فقط.",
        starts_at=_at(dt.date(2018, 7, 11), 13, "Europe/Paris"),
        ends_at=_at(dt.date(2018, 7, 11), 15, "Europe/Paris"),
        time_zone="Europe/Paris",
        mode=Event.Mode.ONLINE,
        city="",
        online_url="https://meet.example.org/hmln-twinning",
        visibility=Event.Visibility.INVITATION,
        organised_by_platform=True,
        partner_organiser=CMI,
        registration_open=False,
    )
    _link(hmln, organisers=organisers, goals=[17], targets=["17.17"])
    invited = list(LocalBody.objects.filter(slug__in=["hebron", "nablus", "bethlehem", "jenin"]).order_by("slug"))
    for body in invited:
        Invitation.objects.get_or_create(event=hmln, local_body=body, defaults={"invited_by": admin})
    _attend(hmln, [p for p in people if p.local_body in invited][:4], checked_in=True)

    # Seed 003: a training course of the Isal programme, sessions in Libya's time zone, one of them online.
    course = Course.objects.filter(name_ar="التخطيط الاستراتيجي المحلي والتشاركية").first() or Course(
        name_ar="التخطيط الاستراتيجي المحلي والتشاركية"
    )
    save_if_changed(
        course,
        name_en="Local strategic planning and participation",
        programme=ISAL,
        description="دورة تدريبية للبلديات حول التخطيط الاستراتيجي المحلي والتشاركية وإدارة النفايات.",
        capacity=25,
        min_sessions_attended=2,
        enrolment_open=True,
    )
    if admin and not course.organisers.filter(pk=admin.pk).exists():
        course.organisers.add(admin)
    libyans = _libyan_people()
    trainees = libyans[:12]  # seed 003: staff of Libyan municipalities, trained with the Libyan MoLG
    for person in trainees:
        enrolment = Enrolment.objects.filter(course=course, user=person).first() or Enrolment(
            course=course, user=person
        )
        save_if_changed(enrolment, status=Enrolment.Status.ACTIVE, local_body=person.local_body)
    sessions = [
        ("الجلسة الأولى: تشخيص الواقع المحلي", ISAL_COURSE_DAYS[0], Event.Mode.IN_PERSON, trainees[:10]),
        ("الجلسة الثانية: التخطيط التشاركي", ISAL_COURSE_DAYS[1], Event.Mode.HYBRID, trainees[2:12]),
        ("الجلسة الثالثة: إدارة النفايات الصلبة", ISAL_COURSE_DAYS[2], Event.Mode.IN_PERSON, trainees[1:11]),
    ]
    for title, day, mode, present in sessions:
        day = working_day(day, "LY")  # held in Tripoli
        session = _event(
            f"{course.name_ar} – {title}",
            name_en="",
            type=T.TRAINING_SESSION,
            course=course,
            starts_at=_at(day, 9, "Africa/Tripoli"),
            ends_at=_at(day, 13, "Africa/Tripoli"),
            time_zone="Africa/Tripoli",
            mode=mode,
            city="طرابلس",
            online_url="https://meet.example.org/isal" if mode == Event.Mode.HYBRID else "",
            registration_open=True,  # enrolment in the course admits people to its sessions by their rules
            partner_organiser=ISAL,
            organised_by_platform=True,
        )
        _link(session, organisers=organisers, targets=["11.6"] if "النفايات" in title else ["16.7"])
        _attend(session, trainees, checked_in=False)
        for person in present:
            _attend(session, [person], checked_in=True)

    # Learning days, workshops and a dialogue session: two past, three upcoming.
    activities = [
        (
            "يوم تعليمي: الموازنات المقروءة في المجالس القروية",
            "finance",
            T.LEARNING_DAY,
            today - dt.timedelta(days=60),
            "نابلس",
            None,
            people[20:38],
        ),
        (
            "ورشة تخصصية: التواصل الرقمي ووسائل التواصل الاجتماعي",
            "public-relations",
            T.WORKSHOP,
            today - dt.timedelta(days=30),
            "رام الله",
            25,
            people[0:22],
        ),
        (
            "يوم تعليمي: نظم المعلومات الجغرافية مفتوحة المصدر",
            "innovation",
            T.LEARNING_DAY,
            today + dt.timedelta(days=12),
            "الخليل",
            40,
            [],
        ),
        (
            "ورشة تخصصية: إعداد الموازنات والرقابة عليها",
            "finance",
            T.WORKSHOP,
            today + dt.timedelta(days=19),
            "رام الله",
            2,
            people[5:8],
        ),
        (
            "جلسة حوارية: مدن مستدامة – الهدف 11",
            "engineering-planning",
            T.DIALOGUE_SESSION,
            today + dt.timedelta(days=26),
            "نابلس",
            None,
            [],
        ),
    ]
    for title, hub_slug, kind, day, city, capacity, attendees in activities:
        day = working_day(day, "PS", before=today if day < today else None)
        event = _event(
            title,
            name_en="",
            type=kind,
            starts_at=_at(day, 9, "Asia/Hebron", 30),
            ends_at=_at(day, 14, "Asia/Hebron"),
            city=city,
            venue="",
            capacity=capacity,
            visibility=Event.Visibility.PUBLIC,
        )
        # The hubs that accepted to co-organise it (hubs demo: joint_activities, below) stay its organisers too.
        partners = [p.partner_hub for p in JointActivity.objects.filter(event=event, status="accepted")]
        _link(
            event,
            hubs=[hubs[hub_slug], *partners] if hub_slug in hubs else [],
            organisers=organisers,
            targets=["11.3"] if hub_slug == "engineering-planning" else [],
        )
        past = day < today
        _attend(event, attendees[: capacity or len(attendees)], checked_in=past)
        if past:
            _close(
                event,
                minutes="عرض المشاركون تجاربهم وناقشوا التحديات والحلول الممكنة.",
                decisions="إعداد دليل قصير بأفضل الممارسات ومشاركته مع جميع الهيئات.",
                followups=[("إعداد دليل أفضل الممارسات", "مجموعة العمل", day + dt.timedelta(days=60), "in_progress")],
            )
    _community_meetings(people)
    _body_meeting_to_come(today)
    if libyans:
        _tunis_closing_day(libyans, organisers)
        _tunisia_study_tour(organisers)

    hubs_demo.joint_activities()  # two of the activities above, proposed to another hub

    waiting = Event.objects.get(name_ar="ورشة تخصصية: إعداد الموازنات والرقابة عليها")
    extra = Registration.objects.filter(event=waiting, user=people[8]).first() or Registration(
        event=waiting, user=people[8]
    )
    save_if_changed(
        extra,
        status=Registration.Status.WAITLISTED,
        local_body=people[8].local_body,
        waitlisted_at=_at(today, 8),
    )
    return (
        f"{Event.objects.count()} events ({launches} launch meetings), {Registration.objects.count()} registrations, "
        f"{Course.objects.count()} course"
    )


def link() -> str:
    """After every module (the hubs' coordinators and the programmes' officers are loaded by then): the reach
    dashboard's figures stored for everyone who may open it, as the nightly job stores them (events/reach.py)."""
    return f"reach figures stored for {reach.store()} scopes"
