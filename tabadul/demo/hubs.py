"""Demo data: the six hubs of seed 001 with their real launch meetings and priority topics (in Arabic), and joint
activities between hubs (the seed's GIS learning day of the innovation and engineering hubs and one more accepted,
one waiting for the invited hub's coordinator).

Idempotent: rows are found by natural keys and saved only when a value differs.
"""

import datetime

from tabadul.accounts.models import User
from tabadul.alignment.services import alignment_set
from tabadul.core.services import save_if_changed
from tabadul.demo.accounts import set_demo_password
from tabadul.directory.models import LocalBody, Region
from tabadul.events.models import Event
from tabadul.hubs import member_figures
from tabadul.hubs import services as hub_services
from tabadul.hubs.models import (
    Axis,
    Chapter,
    Hub,
    JointActivity,
    Mandate,
    Membership,
    Mentorship,
    Representative,
    WorkPlan,
    WorkPlanTopic,
)

D = datetime.date

HUBS = [
    {
        "slug": "public-relations",
        "name_ar": "منصة العلاقات العامة",
        "name_en": "Public Relations Hub",
        "audience_ar": "مسؤولو الاتصال والعلاقات العامة في هيئات الحكم المحلي",
        "audience_en": "Communication and public-relations officers of local bodies",
        "description_ar": "تم تصميم أنشطة هذه المنصة بالتعاون مع دائرة العلاقات العامة في وزارة الحكم المحلي بهدف بناء "
        "قدرات مدراء العلاقات العامة في الهيئات المحلية في مجالات العلاقات العامة، وتعزيز وسائل التواصل والتشبيك، "
        "وأهمية وسبل الاتصال والتواصل الاستراتيجي إضافة إلى وسائل التخطيط الاستراتيجي في مجالات الإعلام.",
        "description_en": "Builds the capacities of public-relations managers of local bodies, designed with the "
        "public-relations department of the Ministry of Local Government.",
        "launch": (D(2019, 9, 18), "رام الله", "Ramallah", 55, None),
        "topics": [
            (
                "بناء القدرات: تشمل البروتوكولات وكتابة المقترحات والخطاب العام ووسائل التواصل الاجتماعي والمحتويات "
                "الرقمية ومراجعة وسائط المشاريع وإدارة الأحداث",
                "Capacity building: protocol, proposal writing, public speaking, social media, digital content, "
                "project media review and event management",
                {},
            ),
            (
                "التشبيك: تسويق المدينة والبلدة؛ التواصل مع هيئات الحكم المحلي الأخرى؛ التواصل مع المانحين "
                "والمنظمات الداعمة",
                "Networking: city and town marketing; links with other local bodies, donors and supporting "
                "organisations",
                {"targets": ["17.17"]},
            ),
            (
                "الاتصال والتواصل بين الهيئات المحلية والمواطنين",
                "Communication between local bodies and citizens",
                {"targets": ["16.7", "16.10"], "kpis": ["mdlf-public-disclosure"]},
            ),
            ("التواصل والاستراتيجيات العامة", "Communication and public strategies", {}),
            ("الإعلام وأهداف التنمية المستدامة", "Media and the Sustainable Development Goals", {"goals": [17]}),
        ],
    },
    {
        "slug": "engineering-planning",
        "name_ar": "منصة الهندسة والتخطيط",
        "name_en": "Engineering and Planning Hub",
        "audience_ar": "المهندسون والمخططون في الهيئات المحلية",
        "audience_en": "Engineers and planners of local bodies",
        "description_ar": "حدد مدراء أقسام الهندسة والتخطيط في الهيئات المحلية الأعضاء في هذه المنصة المحاور الأساسية "
        "لخطة العمل بناءً على الاحتياجات ذات الأولوية لدوائر الهندسة والتخطيط، وسيتم تخصيص جزء من عمل المنصة حول دور "
        "الهيئات المحلية في تحقيق الهدف الحادي عشر من أهداف التنمية المستدامة.",
        "description_en": "Raises the capacities of engineers and planners through local experience, including the "
        "role of local bodies in Sustainable Development Goal 11.",
        "launch": (D(2019, 9, 16), "رام الله", "Ramallah", None, None),
        "topics": [
            ("إدارة المشاريع", "Project management", {"kpis": ["mdlf-asset-register"]}),
            (
                "نظم المعلومات الجغرافية: يتمثل بنشاط مشترك مع منصة الابتكار",
                "Geographic information systems: a joint activity with the innovation hub",
                {"targets": ["17.6"]},
            ),
            (
                "التخطيط الحضري ومشاريع إعادة تقسيم الأراضي في المناطق المسماة “ج”",
                "Urban planning and land readjustment projects in Area C",
                {"targets": ["11.3.1"]},
            ),
            ("قانون التنظيم والبناء", "The planning and building law", {"targets": ["11.3"]}),
            (
                "أهداف التنمية المستدامة، الهدف 11 – المدن المستدامة",
                "Sustainable Development Goals: goal 11, sustainable cities",
                {"goals": [11]},
            ),
        ],
    },
    {
        "slug": "finance",
        "name_ar": "منصة الإدارة المالية",
        "name_en": "Financial Management Hub",
        "audience_ar": "المدراء الماليون في الهيئات المحلية",
        "audience_en": "Finance managers of local bodies",
        "description_ar": "تهدف هذه المنصة إلى تمكين المدراء الماليين في البلديات من تبادل الخبرات والمعارف من أجل "
        "التغلب على تحديات شح الإيرادات وعدم التزام المواطنين بدفع مستحقات البلديات وارتفاع تكلفة تقديم الخدمات، "
        "بما يعزز القدرة المالية للبلديات على تقديم الخدمات.",
        "description_en": "Lets municipal finance managers share experience to overcome scarce revenue, unpaid "
        "dues and the rising cost of services.",
        "launch": (D(2019, 10, 15), "رام الله", "Ramallah", 40, None),
        "topics": [
            (
                "البحث عن مصادر إيرادات جديدة",
                "Finding new sources of revenue",
                {"targets": ["17.1"], "kpis": ["mdlf-own-revenue"]},
            ),
            ("التحليل المالي ودراسة التكاليف حسب مركز التكلفة", "Financial analysis and costing by cost centre", {}),
            (
                "الموازنات: إعدادها والرقابة عليها وزيادة فعاليتها وتطوير آلية المصادقة عليها",
                "Budgets: preparation, control, effectiveness and approval",
                {"targets": ["16.6.1"], "kpis": ["mdlf-budget-on-time"]},
            ),
            (
                "تعزيز إجراءات مكافحة الفساد وتوعية الهيئات المحلية بهذا الموضوع",
                "Stronger anti-corruption procedures and awareness in local bodies",
                {"targets": ["16.5"], "kpis": ["mdlf-audited-statements"]},
            ),
            (
                "تفعيل المشاريع الاستثمارية من خلال الشراكة مع القطاع الخاص",
                "Investment projects in partnership with the private sector",
                {"targets": ["17.17"]},
            ),
        ],
    },
    {
        "slug": "village-councils",
        "name_ar": "منصة المجالس القروية",
        "name_en": "Village Councils Hub",
        "audience_ar": "المجالس القروية في جميع أنحاء الضفة الغربية",
        "audience_en": "Village councils throughout the West Bank",
        "description_ar": "تستهدف هذه المنصة بشكل رئيسي المجالس القروية من جميع أنحاء الضفة الغربية من أجل دعمها وبناء "
        "قدراتها وتقوية أدائها وتعزيز علاقتها بالمواطنين. وقد تم تحديد آلية للعمل مع هذه المجالس على أساس المناطق "
        "(شمال، وسط، جنوب) من أجل تسهيل الوصول لأكبر عدد ممكن من المشاركين.",
        "description_en": "Supports village councils across the West Bank, working in north, centre and south "
        "chapters to reach as many as possible.",
        # The hub's first launch meeting is its first chapter's (north, Nablus).
        "launch": (D(2019, 9, 21), "نابلس", "Nablus", None, None),
        "topics": [],
    },
    {
        "slug": "innovation",
        "name_ar": "منصة الإبداع والابتكار",
        "name_en": "Creativity and Innovation Hub",
        "audience_ar": "الهيئات المحلية صاحبة الأفكار والمشاريع المبتكرة",
        "audience_en": "Local bodies with innovative ideas and projects",
        "description_ar": "تدرس منصة الابتكار الأفكار والمشاريع المبتكرة في هيئات الحكم المحلي وتهدف إلى مشاركة هذه "
        "الخبرات مع هيئات الحكم المحلي الأخرى. نعني بالابتكار إدخال أدوات أو طرق أو مناهج جديدة تزيد من كفاءة "
        "الهيئات المحلية أو توفر الموارد أو تبسط المهام أو المعاملات. الفكرة الأولى: نظم المعلومات الجغرافية "
        "مفتوحة المصدر.",
        "description_en": "Studies innovative ideas and projects of local bodies and shares them; its first idea "
        "is open-source geographic information systems.",
        # The seed's date, kept although it was the Prophet's Birthday holiday (demo/workdays.SEED_DATES).
        "launch": (D(2020, 10, 29), "الخليل", "Hebron", None, None),
        "reviews_initiatives": True,
        "min_topics": 3,  # its launch agreed three topics, to be followed by those the initiatives survey brings
        "topics": [
            (
                "إدارة البيانات الكادسترائية في قواعد البيانات المكانية",
                "Managing cadastral data in spatial databases",
                {"targets": ["11.3"]},
            ),
            (
                "استغلال نظم المعلومات الجغرافية في تطبيقات الشؤون البلدية",
                "Using GIS in municipal applications",
                {"targets": ["17.8"]},
            ),
            ("كيفية إنشاء نظام المعلومات الجغرافية في البلديات", "Setting up a GIS in a municipality", {}),
        ],
    },
    {
        "slug": "gaza",
        "name_ar": "منصة قطاع غزة",
        "name_en": "Gaza Strip Hub",
        "audience_ar": "الهيئات المحلية في قطاع غزة",
        "audience_en": "Local bodies of the Gaza Strip",
        "description_ar": "تهدف هذه المنصة لتعزيز تبادل الخبرات والمعرفة بين الهيئات المحلية في قطاع غزة في المواضيع "
        "التقنية المستجدة التي تحتاج إلى مشورة ونقاش وبالتالي تحسين استجابتها وأدائها وخدماتها المقدمة للمواطنين. "
        "تعمل المنصة ضمن أربعة محاور رئيسية.",
        "description_en": "Exchange among the local bodies of the Gaza Strip on new technical topics, along four axes.",
        "launch": (None, "", "", None, 25),
        "topics": [],
    },
]

# Village-councils chapters. The seed's PDF text puts the chapter headings out of order; the cities decide:
# Nablus is in the north, Ramallah in the centre, Hebron in the south (see docs/hubs.md).
CHAPTERS = [
    (
        "north",
        "منصة المجالس القروية – منطقة الشمال",
        "Village Councils Hub – North",
        (D(2019, 9, 21), "نابلس", "Nablus"),
        [
            ("تحسين الإيرادات المالية للمجالس القروية", "Improving the revenue of village councils", {}),
            ("تحسين العلاقات مع المواطنين", "Better relations with citizens", {"targets": ["16.7"]}),
            ("تقييم ودراسة الجدوى الاقتصادية", "Economic evaluation and feasibility studies", {}),
            ("التحديات والأنظمة الخاصة بالأراضي", "Land challenges and regulations", {"targets": ["11.3"]}),
            ("النفايات الصلبة", "Solid waste", {"targets": ["11.6"]}),
        ],
    ),
    (
        "centre",
        "منصة المجالس القروية – منطقة الوسط",
        "Village Councils Hub – Centre",
        (D(2020, 1, 29), "رام الله", "Ramallah"),
        [
            ("تحسين القدرة المالية في المجالس القروية", "Improving the financial capacity of village councils", {}),
            ("تحسين العلاقات مع المواطنين", "Better relations with citizens", {"targets": ["16.7"]}),
            ("تحديات البناء والتخطيط الرئيسي", "Building and master-planning challenges", {"targets": ["11.3"]}),
            ("العمل في المناطق المسماة “ج”", "Working in Area C", {"targets": ["11.3.1"]}),
            ("إدارة النفايات الصلبة", "Solid waste management", {"targets": ["11.6"]}),
        ],
    ),
    (
        "south",
        "منصة المجالس القروية – منطقة الجنوب",
        "Village Councils Hub – South",
        (D(2020, 2, 26), "الخليل", "Hebron"),
        [
            (
                "تحسين العلاقات مع المواطنين وتوعية مجتمعية",
                "Better relations with citizens and community awareness",
                {"targets": ["16.7"]},
            ),
            ("ميزانيات مقروءة", "Readable budgets", {"kpis": ["mdlf-public-disclosure"]}),
            ("تحسين القدرة المالية في المجالس القروية", "Improving the financial capacity of village councils", {}),
            (
                "تحديد وتطوير العلاقة بين المجالس القروية",
                "Defining and developing relations between village councils",
                {},
            ),
            (
                "التوعية بسياسات الاتحاد الفلسطيني للهيئات المحلية",
                "Awareness of the policies of the Association of Palestinian Local Authorities",
                {},
            ),
            ("العمل في المناطق المسماة “ج”", "Working in Area C", {"targets": ["11.3.1"]}),
        ],
    ),
]

GAZA_AXES = [
    ("العلاقات العامة", "Public relations", "public-relations"),
    ("الهندسة والتخطيط", "Engineering and planning", "engineering-planning"),
    ("الإدارة المالية", "Financial management", "finance"),
    ("الإبداع والابتكار", "Creativity and innovation", "innovation"),
]

MEMBERS = {
    "public-relations": ["salfit", "ramallah", "al-bireh", "nablus", "jenin", "hebron", "bethlehem", "tulkarm"],
    "engineering-planning": ["beita", "nablus", "hebron", "ramallah", "jenin", "qalqilya", "bidya"],
    "finance": ["nablus", "ramallah", "hebron", "jericho", "tubas", "salfit", "yatta"],
    "village-councils": [
        "faqqua",
        "jalbun",
        "qaryut",
        "kafr-qaddum",
        "kobar",
        "al-mughayyir",
        "ras-karkar",
        "battir",
        "wadi-fukin",
        "al-walaja",
    ],
    "innovation": ["hebron", "dura", "halhul", "yatta", "bethlehem", "beit-jala", "beit-sahour"],
    "gaza": ["gaza", "jabalia", "beit-lahia", "beit-hanoun", "deir-al-balah", "nuseirat", "khan-yunis", "rafah"],
}

# Demo people of the hubs: username, full name, body, position, hub they represent, mandate role (or None).
PEOPLE = [
    ("salfit.editor", None, "salfit", None, "public-relations", Mandate.Role.COORDINATOR),
    ("beita.editor", None, "beita", None, "engineering-planning", None),
    (
        "hebron.gis",
        "منسق نظم المعلومات الجغرافية – بلدية الخليل",
        "hebron",
        "رئيس قسم نظم المعلومات الجغرافية",
        "innovation",
        Mandate.Role.COORDINATOR,
    ),
    ("nablus.finance", "المدير المالي – بلدية نابلس", "nablus", "المدير المالي", "finance", Mandate.Role.COORDINATOR),
    # Seed 001 says a coordinator was elected at each launch but names nobody: the engineering hub launched in
    # Ramallah, so its coordinator is named, like the others, by post and body.
    (
        "ramallah.engineering",
        "مدير الهندسة والتخطيط – بلدية رام الله",
        "ramallah",
        "مدير دائرة الهندسة والتخطيط",
        "engineering-planning",
        Mandate.Role.COORDINATOR,
    ),
]


def _launch(obj, launch):
    date, city_ar, city_en, attendance, bodies = launch
    return {
        "launch_date": date,
        "launch_city_ar": city_ar,
        "launch_city_en": city_en,
        "launch_attendance": attendance,
        "launch_bodies": bodies,
    }


def _topics(plan: WorkPlan, topics) -> None:
    for rank, (title_ar, title_en, tags) in enumerate(topics, start=1):
        topic = WorkPlanTopic.objects.filter(work_plan=plan, title_ar=title_ar).first() or WorkPlanTopic(
            work_plan=plan, title_ar=title_ar
        )
        save_if_changed(topic, title_en=title_en, rank=rank)
        alignment_set(obj=topic, **tags)


def _plan(hub: Hub, chapter: Chapter | None, launch_date) -> WorkPlan:
    starts_on = launch_date or D(2020, 1, 1)
    plan = WorkPlan.objects.filter(hub=hub, chapter=chapter, starts_on=starts_on).first() or WorkPlan(
        hub=hub, chapter=chapter, starts_on=starts_on
    )
    save_if_changed(plan, ends_on=D(starts_on.year + 1, 12, 31), status=WorkPlan.Status.CONFIRMED)
    if plan.confirmed_at is None:
        save_if_changed(plan, confirmed_at=datetime.datetime.combine(starts_on, datetime.time(12), datetime.UTC))
    return plan


def load() -> str:
    hubs = {}
    for position, spec in enumerate(HUBS, start=1):
        hub = Hub.objects.filter(slug=spec["slug"]).first() or Hub(slug=spec["slug"])
        save_if_changed(
            hub,
            name_ar=spec["name_ar"],
            name_en=spec["name_en"],
            audience_ar=spec["audience_ar"],
            audience_en=spec["audience_en"],
            description_ar=spec["description_ar"],
            description_en=spec["description_en"],
            status=Hub.Status.ACTIVE,
            reviews_initiatives=spec.get("reviews_initiatives", False),
            min_topics=spec.get("min_topics", 4),
            position=position,
            **_launch(hub, spec["launch"]),
        )
        hubs[hub.slug] = hub
        if spec["topics"]:
            _topics(_plan(hub, None, spec["launch"][0]), spec["topics"])

    village = hubs["village-councils"]
    regions = {region.code: region for region in Region.objects.all()}
    chapters = {}
    for position, (code, name_ar, name_en, (date, city_ar, city_en), topics) in enumerate(CHAPTERS, start=1):
        chapter = Chapter.objects.filter(hub=village, region=regions[code]).first() or Chapter(
            hub=village, region=regions[code]
        )
        save_if_changed(
            chapter,
            name_ar=name_ar,
            name_en=name_en,
            position=position,
            launch_date=date,
            launch_city_ar=city_ar,
            launch_city_en=city_en,
        )
        chapters[code] = chapter
        _topics(_plan(village, chapter, date), topics)

    gaza = hubs["gaza"]
    for position, (name_ar, name_en, mirrors) in enumerate(GAZA_AXES, start=1):
        axis = Axis.objects.filter(hub=gaza, name_ar=name_ar).first() or Axis(hub=gaza, name_ar=name_ar)
        save_if_changed(axis, name_en=name_en, mirrors=hubs[mirrors], position=position)

    bodies = {body.slug: body for body in LocalBody.objects.select_related("region")}
    for slug, member_slugs in MEMBERS.items():
        hub = hubs[slug]
        for body_slug in member_slugs:
            body = bodies[body_slug]
            membership = Membership.objects.filter(hub=hub, body=body).first() or Membership(hub=hub, body=body)
            chapter = chapters.get(body.region.code) if hub == village and body.region else None
            save_if_changed(
                membership,
                status=Membership.Status.ACTIVE,
                chapter=chapter,
                joined_at=membership.joined_at or datetime.datetime(2019, 9, 16, 9, tzinfo=datetime.UTC),
            )

    for username, full_name, body_slug, position, hub_slug, role in PEOPLE:
        body = bodies[body_slug]
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=f"{username}@demo.tabadul.local")
            set_demo_password(user)
        values = {"local_body": body}
        if full_name:
            values.update(full_name=full_name, position=position)
        save_if_changed(user, **values)
        hub = hubs[hub_slug]
        membership = Membership.objects.get(hub=hub, body=body, status=Membership.Status.ACTIVE)
        Representative.objects.get_or_create(membership=membership, user=user)
        if role:
            mandate = Mandate.objects.filter(hub=hub, role=role, election__isnull=True).first() or Mandate(
                hub=hub, role=role
            )
            save_if_changed(mandate, user=user, body=body, starts_on=D(2024, 1, 1), ends_on=D(2027, 12, 31))

    innovation = hubs["innovation"]
    topic_ar = "بناء نظام معلومات جغرافية مفتوح المصدر في البلديات"
    mentorship = Mentorship.objects.filter(hub=innovation, mentor_body=bodies["hebron"], topic_ar=topic_ar).first()
    mentorship = mentorship or Mentorship(hub=innovation, mentor_body=bodies["hebron"], topic_ar=topic_ar)
    save_if_changed(
        mentorship,
        topic_en="Building an open-source GIS in municipalities",
        description="تشارك بلدية الخليل تجربتها في بناء نظام معلومات جغرافية مع البلديات المعنية في محافظتي الخليل "
        "وبيت لحم بشكل ثنائي.",
        status=Mentorship.Status.ACTIVE,
    )
    mentees = [bodies[slug] for slug in ("dura", "halhul", "yatta", "bethlehem", "beit-jala", "beit-sahour")]
    if set(mentorship.mentee_bodies.values_list("pk", flat=True)) != {body.pk for body in mentees}:
        mentorship.mentee_bodies.set(mentees)

    member_figures.store_all()  # the memberships above were written without the services: their counts stored
    return (
        f"{Hub.objects.count()} hubs, {Chapter.objects.count()} chapters, "
        f"{WorkPlanTopic.objects.count()} topics, {Membership.objects.count()} memberships"
    )


# Joint activities (issue 20, item 6): a hub's coordinator proposes that another hub co-organise one of its coming
# activities (events demo); the other hub's coordinator answers. proposing hub, activity, invited hub, message,
# answered (True: accepted; False: still waiting for the invited hub's coordinator).
JOINT_ACTIVITIES = [
    (
        "finance",
        "ورشة تخصصية: إعداد الموازنات والرقابة عليها",
        "public-relations",
        "نقترح أن تشاركنا منصة العلاقات العامة تنظيم الورشة: جلستها الأخيرة عن عرض الموازنة على المواطنين بلغة "
        "مقروءة ونشرها عبر وسائل التواصل.",
        True,
    ),
    (
        "innovation",
        "يوم تعليمي: نظم المعلومات الجغرافية مفتوحة المصدر",
        "finance",
        "يتناول اليوم التعليمي استخدام نظم المعلومات الجغرافية في حصر العقارات والمهن لتحسين الإيرادات البلدية، "
        "ونقترح تنظيمه مع منصة الإدارة المالية.",
        False,
    ),
    (  # seed 001: the engineering hub's second topic, GIS, "is a joint activity with the innovation hub"
        "innovation",
        "يوم تعليمي: نظم المعلومات الجغرافية مفتوحة المصدر",
        "engineering-planning",
        "نظم المعلومات الجغرافية من مواضيع منصة الهندسة والتخطيط نشاطاً مشتركاً مع منصتنا: نقترح أن تشاركنا "
        "تنظيم اليوم التعليمي.",
        True,
    ),
]


def _coordinator(hub: Hub) -> User | None:
    mandate = Mandate.objects.filter(hub=hub, role=Mandate.Role.COORDINATOR).select_related("user").first()
    return mandate.user if mandate else None


def joint_activities() -> str:
    """The demo's joint activities, proposed and answered through the hubs' services. Called by the events demo once
    its activities exist (before the search index is built, which then sees both organising hubs)."""
    hubs = {hub.slug: hub for hub in Hub.objects.all()}
    for hub_slug, event_name, partner_slug, message, accepted in JOINT_ACTIVITIES:
        hub, partner = hubs.get(hub_slug), hubs.get(partner_slug)
        event = Event.objects.filter(name_ar=event_name).first()
        proposer, answerer = (_coordinator(hub) if hub else None), (_coordinator(partner) if partner else None)
        if None in (hub, partner, event, proposer, answerer):
            continue
        proposal = JointActivity.objects.filter(event=event, hub=hub, partner_hub=partner).first()
        if proposal is None:
            proposal = hub_services.joint_activity_propose(
                actor=proposer, event=event, hub=hub, partner_hub=partner, message=message
            )
        if accepted and proposal.status == JointActivity.Status.PENDING:
            hub_services.joint_activity_answer(actor=answerer, proposal=proposal, accept=True)
    return f"{JointActivity.objects.count()} joint activity proposals"
