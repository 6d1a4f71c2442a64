"""Demo data from seed 004: the Mediterranean Host Municipalities Learning Network facilitated by CMI, with
11 twinning groups of two cities across Iraq, Jordan, Lebanon, Palestine and Türkiye cooperating on their local
economic development (LED) strategies; milestones in several states (some never finished), a few self-assessments,
a facilitator review and one invitation-only online meeting. Idempotent: natural keys and save_if_changed.

In the seed's years: the groups were formed at the face-to-face workshop of March 2018 and the network assessed
their work online on 11 July 2018 (events demo), after its survey of June 2018 (surveys demo). The demo lets them
run from March 2018 to June 2019 (the seed gives no end) and ends them as completed; their milestones, meeting,
exchange visit, self-assessments and review are dated in those years, each deadline on a working day of the owner
body's country (demo/workdays).
"""

import datetime as dt

from django.utils import timezone

from tabadul.accounts.models import User
from tabadul.core.services import save_if_changed
from tabadul.demo.accounts import set_demo_password
from tabadul.demo.workdays import working_day
from tabadul.directory.models import LocalBody
from tabadul.events.models import Event, Invitation
from tabadul.twinning.models import (
    Criterion,
    GroupMeeting,
    GroupReview,
    Milestone,
    Network,
    Score,
    SelfAssessment,
    StrategySection,
    Theme,
    TwinningGroup,
)

NETWORK_SLUG = "hmln"
FACILITATOR = ("cmi.facilitator", "منسقة شبكة البلديات المضيفة", "مركز التكامل المتوسطي")
# Staff of two twinned bodies, to see a group from the inside (and another group from the outside).
STAFF = [
    ("hebron.led", "مسؤول التنمية الاقتصادية في بلدية الخليل", "hebron", "رئيس قسم التنمية الاقتصادية"),
    ("gaziantep.led", "منسقة العلاقات الخارجية في بلدية غازي عنتاب", "gaziantep", "منسقة العلاقات الخارجية"),
]

CRITERIA = [
    ("وضوح الأهداف المشتركة", "Clarity of the shared objectives"),
    ("انتظام التواصل وتبادل الزيارات", "Regular contact and exchanges"),
    ("التقدم في إعداد استراتيجية التنمية الاقتصادية المحلية", "Progress on the LED strategy"),
    ("إشراك القطاع الخاص والمجتمع المضيف", "Involvement of the private sector and host community"),
]

LED = Theme.LED_STRATEGY
# Two cities per group; theme; Arabic and English name are built from the bodies.
GROUPS = [
    ("hebron", "gaziantep", LED, "ربط الصناعات الجلدية والحرفية بالأسواق وتحديث استراتيجية التنمية الاقتصادية."),
    ("nablus", "irbid", LED, "تبادل الخبرة في حاضنات الأعمال ودعم المشاريع الصغيرة للشباب."),
    ("ramallah", "saida", LED, "تطوير الأسواق البلدية وتحسين بيئة الاستثمار المحلي."),
    ("jenin", "mafraq", LED, "سلاسل القيمة الزراعية والتصنيع الغذائي في المجتمعات المضيفة."),
    ("bethlehem", "tripoli-lebanon", LED, "السياحة الثقافية وإحياء المراكز التاريخية مصدراً لفرص العمل."),
    ("zarqa", "sultanbeyli", Theme.WASTE, "إدارة النفايات الصلبة وفرص العمل في إعادة التدوير."),
    ("ramtha", "kilis", LED, "اقتصاد المدن الحدودية والتجارة بعد استقبال اللاجئين."),
    ("sahab", "duhok", LED, "المناطق الصناعية وتشغيل اللاجئين والمجتمع المضيف."),
    ("zahle", "erbil", LED, "خطط التنمية الاقتصادية المحلية المبنية على الأدلة والمسوح."),
    ("bar-elias", "zakho", Theme.DISPLACED, "الخدمات البلدية للنازحين قسراً وتخفيف الضغط على البنية التحتية."),
    ("sanliurfa", "sulaymaniyah", LED, "التدريب المهني وربطه بحاجات سوق العمل المحلي."),
]

STARTS_ON = dt.date(2018, 3, 15)
ENDS_ON = dt.date(2019, 6, 30)
# title, due date (moved to the owner's next working day), owner index (0 or 1 of the pair)
MILESTONES = [
    ("التشخيص المشترك للاقتصاد المحلي", dt.date(2018, 5, 31), 0),
    ("مسودة استراتيجية التنمية الاقتصادية المحلية", dt.date(2018, 10, 31), 1),
    ("ورشة مصادقة مع القطاع الخاص", dt.date(2019, 2, 28), 0),
    ("اعتماد الاستراتيجية من المجلس البلدي", dt.date(2019, 6, 13), 1),
]
D, P, W = Milestone.Status.DONE, Milestone.Status.PLANNED, Milestone.Status.IN_PROGRESS
# Status of each milestone per group (by group index) when the groups ended: some never finished their draft.
PROGRESS = [
    (D, D, W, P),
    (D, W, P, P),  # draft never finished
    (D, D, P, P),
    (D, P, P, P),  # draft never finished
    (D, D, D, P),
    (W, P, P, P),  # diagnosis and draft never finished
    (D, D, P, P),
    (D, W, P, P),  # draft never finished
    (D, D, W, P),
    (D, D, P, P),
    (D, W, P, P),  # draft never finished
]
LAST_ACTIVITY = timezone.make_aware(dt.datetime(2019, 6, 13, 10, 0))
# The network's assessment of its groups before the online meeting of 11 July 2018 (seed 004).
PERIOD = "2018-Q2"
SUBMITTED_AT = timezone.make_aware(dt.datetime(2018, 7, 4, 12, 0))
REVIEWED_AT = timezone.make_aware(dt.datetime(2018, 7, 5, 12, 0))  # the next day, before the meeting of 11 July

# The sections of each group's LED strategy (StrategySection.Kind, in order: situation analysis, vision, strategic
# objectives, innovative ideas, action plan, monitoring), by group index: where each pair stands, in step with
# its milestones (a group whose diagnosis is done has its situation analysis agreed, and so on).
S = StrategySection.Status
A, DR, C, N = S.AGREED, S.DRAFTING, S.CONSULTATION, S.NOT_STARTED
STRATEGY = [
    (A, A, C, DR, N, N),
    (A, DR, DR, N, N, N),
    (A, A, DR, DR, N, N),
    (A, DR, N, N, N, N),
    (A, A, A, C, DR, N),
    (DR, N, N, N, N, N),
    (A, A, DR, N, N, N),
    (A, DR, DR, DR, N, N),
    (A, A, C, DR, DR, N),
    (A, A, DR, N, N, N),
    (A, DR, N, DR, N, N),
]
STRATEGY_NOTES = {
    StrategySection.Kind.SITUATION: "بيانات سوق العمل والمنشآت الصغيرة من غرفة التجارة ومسح الأسر المضيفة.",
    StrategySection.Kind.VISION: "صيغت الرؤية في ورشة مشتركة وتنتظر مصادقة المجلسين البلديين.",
    StrategySection.Kind.OBJECTIVES: "ثلاثة أهداف: فرص عمل للشباب والنساء، بيئة استثمار أفضل، أسواق بلدية منظّمة.",
    StrategySection.Kind.IDEAS: "أفكار مبتكرة من زيارة التبادل: حاضنة أعمال مشتركة وسوق أسبوعي للمنتجات المحلية.",
}


def _person(username: str, full_name: str, position: str, body: LocalBody | None) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=f"{username}@demo.tabadul.local")
        set_demo_password(user)
    save_if_changed(user, full_name=full_name, position=position, local_body=body)
    return user


def _facilitator() -> User:
    username, full_name, position = FACILITATOR
    return _person(username, full_name, position, None)


def load() -> str:
    facilitator = _facilitator()
    slugs = {s for pair in GROUPS for s in pair[:2]}
    bodies = {b.slug: b for b in LocalBody.objects.filter(slug__in=slugs).select_related("country")}
    staff = {
        slug: _person(username, full_name, position, bodies[slug]) for username, full_name, slug, position in STAFF
    }
    network = Network.objects.filter(slug=NETWORK_SLUG).first() or Network(slug=NETWORK_SLUG)
    save_if_changed(
        network,
        name_ar="شبكة تعلم البلديات المضيفة المتوسطية",
        name_en="Mediterranean Host Municipalities Learning Network",
        facilitating_organisation="مركز التكامل المتوسطي (CMI)",
        description=(
            "شبكة لدعم الحكومات المحلية التي تستضيف أعداداً كبيرة من النازحين قسراً بالمعرفة القائمة على الأدلة "
            "وبناء القدرات. شكّل ممثلو البلديات من العراق والأردن ولبنان وفلسطين وتركيا مجموعات توأمة من مدينتين "
            "تتعاونان في تطوير أو تحديث استراتيجية التنمية الاقتصادية المحلية."
        ),
    )
    if set(network.members.values_list("pk", flat=True)) != {b.pk for b in bodies.values()}:
        network.members.set(bodies.values())
    if not network.facilitators.filter(pk=facilitator.pk).exists():
        network.facilitators.add(facilitator)
    criteria = []
    for position, (name_ar, name_en) in enumerate(CRITERIA, start=1):
        criterion = Criterion.objects.filter(network=network, name_ar=name_ar).first() or Criterion(
            network=network, name_ar=name_ar
        )
        save_if_changed(criterion, name_en=name_en, max_score=5, position=position)
        criteria.append(criterion)

    groups = []
    for index, (first, second, theme, objectives) in enumerate(GROUPS):
        pair = [bodies[first], bodies[second]]
        name_ar = f"{pair[0].name_ar} – {pair[1].name_ar}"
        group = TwinningGroup.objects.filter(network=network, name_ar=name_ar).first() or TwinningGroup(
            network=network, name_ar=name_ar, last_activity_at=LAST_ACTIVITY
        )
        save_if_changed(
            group,
            name_en=f"{pair[0].name_en} – {pair[1].name_en}",
            theme=theme,
            objectives=objectives,
            starts_on=STARTS_ON,
            ends_on=ENDS_ON,
            facilitator=facilitator,
            status=TwinningGroup.Status.COMPLETED,
            last_activity_at=LAST_ACTIVITY,
        )
        if set(group.members.values_list("pk", flat=True)) != {b.pk for b in pair}:
            group.members.set(pair)
        for (title, due_on, owner), status in zip(MILESTONES, PROGRESS[index], strict=True):
            milestone = Milestone.objects.filter(group=group, title=title).first() or Milestone(
                group=group, title=title
            )
            country = pair[owner].country.code
            due_on = working_day(due_on, country)
            done_on = working_day(due_on - dt.timedelta(days=5), country, before=due_on)
            save_if_changed(
                milestone,
                owner_body=pair[owner],
                due_on=due_on,
                status=status,
                completed_on=done_on if status == D else None,
            )
        groups.append((group, pair))

    # A few self-assessments (the first three groups, both bodies) and a facilitator review.
    period = PERIOD
    narratives = [
        "أنجزنا التشخيص المشترك وتبادلنا زيارتين افتراضيتين؛ التحدي الأكبر هو جمع بيانات سوق العمل.",
        "تقدّم جيد في المسودة؛ نحتاج إلى إشراك غرفة التجارة بشكل أوسع.",
    ]
    for group, pair in groups[:3]:
        for offset, body in enumerate(pair):
            assessment = SelfAssessment.objects.filter(group=group, body=body, period=period).first() or (
                SelfAssessment(group=group, body=body, period=period)
            )
            save_if_changed(
                assessment,
                narrative=narratives[offset],
                status=SelfAssessment.Status.SUBMITTED,
                submitted_at=SUBMITTED_AT,
                written_by=staff.get(body.slug),
            )
            for number, criterion in enumerate(criteria):
                score = Score.objects.filter(assessment=assessment, criterion=criterion).first() or Score(
                    assessment=assessment, criterion=criterion
                )
                save_if_changed(score, value=3 + (number + offset) % 3)
        review = GroupReview.objects.filter(group=group, period=period).first() or GroupReview(
            group=group, period=period
        )
        save_if_changed(
            review,
            rating=GroupReview.Rating.ON_TRACK if group is groups[0][0] else GroupReview.Rating.AT_RISK,
            comments="تعاون منتظم ونتائج ملموسة؛ يُنصح بتحديد موعد ورشة المصادقة مبكراً.",
            reviewer=facilitator,
        )
        # The page dates a review by its last save: the facilitator's, not this load's.
        GroupReview.objects.filter(pk=review.pk).exclude(updated_at=REVIEWED_AT).update(
            created_at=REVIEWED_AT, updated_at=REVIEWED_AT
        )

    for (group, pair), statuses in zip(groups, STRATEGY, strict=True):
        _strategy(group, pair, statuses, staff, facilitator)
    _exchange_visit(groups[0], facilitator)
    workshop = _planning_workshop()
    for group, _pair in groups:
        save_if_changed(group, formed_at=workshop)
    _demo_meeting(groups[0][0], facilitator)
    milestones = Milestone.objects.filter(group__network=network).count()
    return f"twinning: 1 network, {len(groups)} groups, {milestones} milestones"


def _demo_meeting(group: TwinningGroup, facilitator: User) -> None:
    """The group's own invitation-only online meeting (September 2018, while its draft strategy was written): an
    event of the events app that invites the member bodies. Written directly, not through meeting_schedule, which
    would send invitations today for a meeting held in 2018."""
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        return
    meeting = GroupMeeting.objects.filter(group=group).select_related("event").first()
    event = meeting.event if meeting else Event()
    save_if_changed(
        event,
        name_ar="اجتماع افتراضي للمجموعة: متابعة مسودة الاستراتيجية",
        name_en="Group virtual meeting: following up the draft strategy",
        type=Event.Type.VIRTUAL_MEETING,
        description="ربط أعضاء المجموعة، تقييم العمل ومشاركة التقدم في مسودة الاستراتيجية، وتنظيم جدول المجموعة.",
        starts_at=dt.datetime(2018, 9, 26, 11, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2018, 9, 26, 12, 30, tzinfo=dt.UTC),
        time_zone="Asia/Hebron",
        mode=Event.Mode.ONLINE,
        city="",
        online_url="https://meet.example.org/hmln-twinning",
        visibility=Event.Visibility.INVITATION,
        organised_by_platform=True,
        partner_organiser=group.network.facilitating_organisation[:200],
        registration_open=False,
    )
    if set(event.organisers.values_list("pk", flat=True)) != {admin.pk, facilitator.pk}:
        event.organisers.set([admin, facilitator])
    for body in group.members.all():
        Invitation.objects.get_or_create(event=event, local_body=body, defaults={"invited_by": admin})
    Invitation.objects.get_or_create(event=event, user=facilitator, defaults={"invited_by": admin})
    if meeting is None:
        GroupMeeting.objects.create(group=group, event=event, created_by=admin)


def _strategy(group: TwinningGroup, pair: list, statuses: tuple, staff: dict, facilitator: User) -> None:
    """The group's LED strategy sections (a section not started is left unwritten, as the service leaves it)."""
    for number, (kind, status) in enumerate(zip(StrategySection.Kind.values, statuses, strict=True)):
        if status == StrategySection.Status.NOT_STARTED:
            continue
        body = pair[number % 2]
        section = StrategySection.objects.filter(group=group, kind=kind).first() or StrategySection(
            group=group, kind=kind
        )
        save_if_changed(
            section,
            status=status,
            responsible_body=body,
            notes=STRATEGY_NOTES.get(kind, ""),
            updated_by=staff.get(body.slug) or facilitator,
        )


def _planning_workshop() -> Event:
    """Seed 004: the face-to-face training workshop on strategic planning for local economic development in host
    communities (March 2018), where representatives of municipalities from Iraq, Jordan, Lebanon, Palestine and
    Türkiye formed the twinning groups. The seed gives neither its days nor its city: the event is dated on the
    month's first day and its city says that it is not given."""
    name_ar = "ورشة العمل التدريبية حول التخطيط الاستراتيجي للتنمية الاقتصادية المحلية في المجتمعات المضيفة"
    event = Event.objects.filter(name_ar=name_ar).first() or Event(name_ar=name_ar)
    save_if_changed(
        event,
        name_en="Training workshop on strategic planning for local economic development in host communities",
        type=Event.Type.WORKSHOP,
        description=(
            "ورشة عمل وجهاً لوجه نظّمها مركز التكامل المتوسطي لأعضاء شبكة تعلم البلديات المضيفة في مارس 2018. "
            "شكّل خلالها ممثلو البلديات من العراق والأردن ولبنان وفلسطين وتركيا مجموعات توأمة من مدينتين لتبادل "
            "التجارب في التخطيط للتنمية الاقتصادية المحلية. لا يذكر المصدر أيام الورشة ولا مكانها."
        ),
        starts_at=dt.datetime(2018, 3, 1, 9, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2018, 3, 1, 16, 0, tzinfo=dt.UTC),
        time_zone="Europe/Paris",
        mode=Event.Mode.IN_PERSON,
        city="غير مذكورة في المصدر",
        visibility=Event.Visibility.PUBLIC,
        organised_by_platform=False,
        partner_organiser="مركز التكامل المتوسطي (CMI)",
        registration_open=False,
        status=Event.Status.SCHEDULED,
    )
    return event


def _exchange_visit(group_pair: tuple, facilitator: User) -> None:
    """Seed 004's peer exchange: Hebron's team visits Gaziantep, its twin, during the group's work (a field visit
    hosted by one member body, the other visiting)."""
    _group, (visitor, host) = group_pair
    name_ar = f"زيارة تبادل: {visitor.name_ar} في {host.name_ar}"
    event = Event.objects.filter(name_ar=name_ar).first() or Event(name_ar=name_ar)
    save_if_changed(
        event,
        name_en=f"Exchange visit: {visitor.name_en} in {host.name_en}",
        type=Event.Type.FIELD_VISIT,
        description="زيارة ميدانية لفريق التنمية الاقتصادية إلى المدينة التوأم: الحاضنات الحرفية وأسواق الجلود "
        "وتجربة ربط المنتجين المحليين بالأسواق، ضمن تبادل الأقران في مجموعة التوأمة.",
        starts_at=dt.datetime(2018, 10, 17, 6, 0, tzinfo=dt.UTC),  # 9:00 in Gaziantep
        ends_at=dt.datetime(2018, 10, 18, 12, 0, tzinfo=dt.UTC),
        time_zone="Europe/Istanbul",
        mode=Event.Mode.IN_PERSON,
        city="غازي عنتاب",
        visibility=Event.Visibility.PUBLIC,
        organised_by_platform=False,
        partner_organiser="مركز التكامل المتوسطي (CMI)",
        registration_open=False,
        host_body=host,
    )  # its programme is set with the network's other events (demo/programmes.py, link)
    if list(event.visiting_bodies.values_list("pk", flat=True)) != [visitor.pk]:
        event.visiting_bodies.set([visitor])
    if not event.organisers.filter(pk=facilitator.pk).exists():
        event.organisers.add(facilitator)
