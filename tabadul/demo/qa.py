"""Demo data: specialists with their expertise, questions from municipalities, answers and accepted answers.

Times are fixed (not relative to today) so that a second load changes nothing and the response-time figures
are stable. People are created only when the demo accounts exist (`load_demo` without --no-accounts).
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tabadul.accounts.models import RoleGrant, User
from tabadul.accounts.services import role_grant
from tabadul.core.services import save_if_changed
from tabadul.demo.accounts import set_demo_password
from tabadul.directory.models import LocalBody
from tabadul.hubs.models import Hub
from tabadul.qa import response_times
from tabadul.qa.models import Answer, Comment, Question, QuestionRouting, SpecialistProfile, Topic
from tabadul.qa.selectors import question_stems
from tabadul.qa.services import question_publication_request, question_publish

TZ = ZoneInfo("Asia/Hebron")
START = datetime(2025, 3, 2, 9, 0, tzinfo=TZ)

TOPICS = [
    ("local-finance", "المالية المحلية", "Local finance"),
    ("gis", "نظم المعلومات الجغرافية", "GIS"),
    ("solid-waste", "إدارة النفايات الصلبة", "Solid waste management"),
    ("public-relations", "العلاقات العامة والتواصل", "Public relations"),
    ("planning-law", "قوانين التنظيم والتخطيط", "Planning law"),
]

# username, full name, bio, topics. "specialist" comes from the accounts demo.
SPECIALISTS = [
    (
        "specialist",
        "خبير المالية المحلية",
        "مستشار في الموازنات البلدية وتنمية الإيرادات المحلية، عمل مع صندوق تطوير وإقراض البلديات.",
        ["local-finance"],
    ),
    (
        "gis.specialist",
        "م. رنا الخطيب",
        "مهندسة نظم معلومات جغرافية، أعدت قواعد بيانات الأراضي والمخططات الهيكلية لعدد من البلديات.",
        ["gis", "planning-law"],
    ),
    (
        "waste.specialist",
        "م. سامر عودة",
        "خبير في إدارة النفايات الصلبة وعقود الجمع والنقل ومجالس الخدمات المشتركة.",
        ["solid-waste"],
    ),
    (
        "pr.specialist",
        "أ. هبة النجار",
        "مختصة في التواصل المؤسسي ومشاركة المواطنين وإدارة صفحات البلديات.",
        ["public-relations"],
    ),
    (
        "law.specialist",
        "المحامي خالد منصور",
        "محام مختص في قانون تنظيم المدن والقرى والأبنية وقضايا الأراضي في المناطق المصنفة (ج).",
        ["planning-law", "local-finance"],
    ),
]

# Staff who ask. beita.editor and salfit.editor come from the accounts demo.
ASKERS = [
    ("hebron.staff", "م. يوسف التميمي", "hebron", "رئيس قسم التخطيط"),
    ("jenin.staff", "سلمى أبو الرب", "jenin", "مديرة الدائرة المالية"),
    ("sebastia.staff", "محمد الكايد", "sebastia", "مسؤول الخدمات"),
]

# asker, title, text, topics, hours after START, [(specialist, text, hours after asking)], accepted answer index
# (or None), hours from asking to acceptance, [(author, text, hours after asking)] follow-up comments.
QUESTIONS = [
    (
        "jenin.staff",
        "ما هي مصادر الإيرادات المحلية التي يمكن للبلدية تنميتها غير التحويلات الحكومية؟",
        "تعتمد بلديتنا بشكل كبير على تحويلات ضريبة الأملاك ورسوم النقل على الطرق، وهي تتأخر كثيراً. "
        "ما هي مصادر الإيرادات الذاتية التي يسمح بها قانون الهيئات المحلية ويمكن تنميتها؟",
        ["local-finance"],
        0,
        [
            (
                "specialist",
                "يمكن للبلدية تنمية عدة مصادر: رسوم الحرف والصناعات، رسوم رخص الأبنية، رسوم النفايات، "
                "بدل إيجار الأملاك البلدية (المحلات والأسواق)، ورسوم الخدمات الإلكترونية. ابدأوا بحصر الأملاك "
                "البلدية وتحديث عقود إيجارها بقيم السوق، ثم بتحسين الجباية عبر الدفع الإلكتروني.",
                20,
            ),
            (
                "law.specialist",
                "أضيف أن الرسوم يجب أن تستند إلى نظام صادر عن مجلس الوزراء أو قرار مجلس بلدي مصادق عليه من "
                "وزارة الحكم المحلي، وإلا تعرضت للطعن.",
                30,
            ),
        ],
        0,
        40,
        [("jenin.staff", "هل توجد نماذج لعقود إيجار محدثة لدى بلديات أخرى؟", 26)],
    ),
    (
        "beita.editor",
        "كيف نعد موازنة البلدية للعام القادم بطريقة تشاركية؟",
        "نريد إشراك المواطنين ومؤسسات المجتمع المدني في إعداد الموازنة السنوية. ما هي الخطوات والجدول "
        "الزمني المقترح، وكيف نربط الموازنة بالخطة التنموية الاستراتيجية؟",
        ["local-finance", "public-relations"],
        30,
        [
            (
                "specialist",
                "ابدأوا في شهر آب بتقدير الإيرادات، ثم عقد جلسات استماع في الأحياء خلال أيلول لعرض أولويات "
                "الخطة التنموية الاستراتيجية، وخصصوا بنداً للمشاريع التي يختارها المواطنون. انشروا مسودة "
                "الموازنة بلغة مبسطة قبل إقرارها.",
                52,
            ),
            (
                "pr.specialist",
                "من جهة التواصل: استخدموا ملصقاً مبسطاً (موازنة المواطن) ورسائل قصيرة لدعوة السكان للجلسات.",
                70,
            ),
        ],
        0,
        96,
        [],
    ),
    (
        "hebron.staff",
        "كيف نستخدم نظم المعلومات الجغرافية لبناء قاعدة بيانات الأراضي والقطع (المساحة)؟",
        "لدينا مخططات مساحة ورقية قديمة وصور جوية. نريد بناء قاعدة بيانات جغرافية للقطع والأحواض وربطها "
        "بسجلات ضريبة الأملاك. ما البرمجيات المقترحة وما الخطوات؟",
        ["gis"],
        50,
        [
            (
                "gis.specialist",
                "ابدأوا بمسح المخططات الورقية ضوئياً وإرجاعها جغرافياً على الصور الجوية، ثم رقمنة حدود الأحواض "
                "والقطع في طبقات منفصلة. برنامج QGIS مجاني ويكفي. اربطوا كل قطعة برقم الحوض والقطعة كمفتاح "
                "مشترك مع سجلات ضريبة الأملاك.",
                6,
            )
        ],
        0,
        12,
        [
            ("hebron.staff", "ما نظام الإحداثيات الذي نعتمده؟", 8),
            ("gis.specialist", "فلسطين 1923 (Palestine Grid).", 9),
        ],
    ),
    (
        "salfit.editor",
        "هل يجوز للبلدية تنفيذ مشاريع على أراض في المناطق المصنفة (ج)؟",
        "جزء من أراضي البلدية يقع في المنطقة المصنفة (ج) ونريد إنشاء حديقة عامة وتعبيد طريق زراعي. "
        "ما الإجراءات القانونية وما المخاطر، وهل هناك تجارب لبلديات أخرى؟",
        ["planning-law"],
        75,
        [
            (
                "law.specialist",
                "تحتاج المشاريع في المناطق (ج) إلى تنسيق عبر وزارة الحكم المحلي، ويفضل إعداد مخطط هيكلي للتجمع "
                "وتقديمه. وثقوا ملكية الأرض (طابو أو مالية) قبل البدء، واستفيدوا من برامج الدعم المخصصة "
                "للمناطق (ج) لدى الوزارة والمانحين.",
                49,
            ),
            (
                "gis.specialist",
                "أعدوا خريطة دقيقة لحدود المشروع بالنسبة لحدود التصنيف، فكثير من الاعتراضات سببها أخطاء في الحدود.",
                60,
            ),
        ],
        0,
        120,
        [],
    ),
    (
        "sebastia.staff",
        "كيف نصوغ عقد جمع ونقل النفايات الصلبة مع متعهد خاص؟",
        "نطرح عطاء لجمع النفايات ونقلها إلى المكب. ما البنود الأساسية في العقد، وكيف نقيس أداء المتعهد "
        "ونفرض الغرامات عند التقصير؟",
        ["solid-waste"],
        100,
        [
            (
                "waste.specialist",
                "حددوا في العقد: مسارات الجمع وعدد مراته لكل حي، عدد الحاويات وغسلها، ساعات العمل، ومؤشرات "
                "أداء قابلة للقياس (نسبة الحاويات المفرغة في موعدها، الشكاوى المعالجة خلال 24 ساعة). اربطوا "
                "الدفعة الشهرية بتقرير الأداء، وحددوا غرامة لكل مخالفة موثقة.",
                30,
            )
        ],
        None,
        None,
        [],
    ),
    (
        "beita.editor",
        "ما أفضل طريقة لتحسين جباية رسوم النفايات من المواطنين؟",
        "نسبة تحصيل رسوم النفايات في البلدية أقل من 40٪. هل ربط الرسوم بفاتورة الكهرباء أو المياه فكرة جيدة؟",
        ["solid-waste", "local-finance"],
        130,
        [
            (
                "waste.specialist",
                "ربط الرسوم بفاتورة الكهرباء مسبقة الدفع رفع التحصيل في بلديات كثيرة إلى أكثر من 80٪، بشرط "
                "إعلان الرسوم بشفافية وتحسين الخدمة بالتوازي.",
                3,
            ),
            (
                "specialist",
                "تأكدوا من وجود قرار مجلس بلدي بالرسوم ومن معالجة حالات الإعفاء للأسر الفقيرة.",
                10,
            ),
        ],
        0,
        24,
        [],
    ),
    (
        "jenin.staff",
        "كيف ننشر تقرير الموازنة والإنفاق للمواطنين بشكل مبسط؟",
        "نريد تعزيز الشفافية ونشر تقرير ربعي عن الإيرادات والنفقات على صفحة البلدية. ما الشكل المناسب؟",
        ["public-relations", "local-finance"],
        160,
        [
            (
                "pr.specialist",
                "استخدموا رسماً بيانياً واحداً للإيرادات وآخر للنفقات، وثلاث رسائل رئيسية فقط، وانشروا الجدول "
                "الكامل كملف مرفق لمن يريد التفاصيل.",
                5,
            )
        ],
        0,
        9,
        [],
    ),
    (
        "hebron.staff",
        "ما إجراءات تعديل المخطط الهيكلي لتوسيع حدود البلدية؟",
        "تضاعف عدد السكان ونحتاج لتوسيع حدود المخطط الهيكلي. ما الجهات المعنية ومدة الإجراءات المعتادة؟",
        ["planning-law", "gis"],
        200,
        [],
        None,
        None,
        [],
    ),
    (
        "salfit.editor",
        "كيف ندير صفحة البلدية على مواقع التواصل الاجتماعي أثناء الأزمات؟",
        "خلال انقطاع المياه الأخير انتشرت شائعات كثيرة. كيف نضع خطة تواصل للأزمات؟",
        ["public-relations"],
        230,
        [
            (
                "pr.specialist",
                "عينوا ناطقاً واحداً، وانشروا تحديثاً كل بضع ساعات حتى لو لم يتغير شيء، وجهزوا قوالب رسائل "
                "مسبقة لأكثر الأزمات تكراراً (المياه، الكهرباء، الطرق).",
                26,
            )
        ],
        None,
        None,
        [],
    ),
    # Not answered yet: it waits on the local-finance specialist's "my work".
    (
        "salfit.editor",
        "كيف نحدد رسوم رخص المهن والحرف بشكل عادل بين المنشآت الصغيرة والكبيرة؟",
        "نراجع جدول رسوم رخص المهن في البلدية ونريد معايير واضحة تراعي حجم المنشأة وموقعها.",
        ["local-finance"],
        700,
        [],
        None,
        None,
        [],
    ),
]


# Questions filed under a hub of the asker's body (set only when the hubs demo made the body a member).
QUESTION_HUBS = {
    "كيف نستخدم نظم المعلومات الجغرافية لبناء قاعدة بيانات الأراضي والقطع (المساحة)؟": "innovation",
    "كيف ننشر تقرير الموازنة والإنفاق للمواطنين بشكل مبسط؟": "public-relations",
    "ما إجراءات تعديل المخطط الهيكلي لتوسيع حدود البلدية؟": "engineering-planning",
    "كيف ندير صفحة البلدية على مواقع التواصل الاجتماعي أثناء الأزمات؟": "public-relations",
}


# Answered questions made public the real way: the asker asks for publication (their consent; whether the page
# names their body), then a specialist the question was offered to confirms. Title -> (confirming specialist,
# names the body, hours from acceptance to the request, hours from the request to the confirmation).
PUBLISHED_QUESTIONS = {
    "ما هي مصادر الإيرادات المحلية التي يمكن للبلدية تنميتها غير التحويلات الحكومية؟": ("specialist", True, 48, 20),
    "كيف نستخدم نظم المعلومات الجغرافية لبناء قاعدة بيانات الأراضي والقطع (المساحة)؟": ("gis.specialist", False, 24, 6),
}


def _hub_for(title: str, body):
    slug = QUESTION_HUBS.get(title)
    if slug is None:
        return None
    return Hub.objects.filter(slug=slug, memberships__body=body, memberships__status="active").first()


def _person(username: str, full_name: str, *, body=None, position: str = "") -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=f"{username}@demo.tabadul.local")
        set_demo_password(user)
    save_if_changed(user, full_name=full_name, local_body=body, position=position)
    return user


def _topics() -> dict[str, Topic]:
    topics = {}
    for slug, name_ar, name_en in TOPICS:
        topic = Topic.objects.filter(slug=slug).first() or Topic(slug=slug)
        save_if_changed(topic, name_ar=name_ar, name_en=name_en)
        topics[slug] = topic
    return topics


def _publish(question: Question, people: dict[str, User], specialist: str, names_body: bool, ask_after, confirm_after):
    """Through the services, once: a published question is left as it is, so a second load changes nothing."""
    if question.is_published:
        return
    requested_at = question.accepted_at + timedelta(hours=ask_after)
    question = question_publication_request(
        actor=question.asker, question=question, names_body=names_body, now=requested_at
    )
    question_publish(actor=people[specialist], question=question, now=requested_at + timedelta(hours=confirm_after))


def load() -> str:
    topics = _topics()
    if not User.objects.filter(username="specialist").exists():
        return f"{len(topics)} topics (no demo accounts: questions skipped)"
    people = {}
    for username, full_name, bio, topic_slugs in SPECIALISTS:
        existing = User.objects.filter(username=username).first()
        user = existing if username == "specialist" and existing else _person(username, full_name, position="مختص")
        role_grant(actor=None, user=user, role=RoleGrant.Role.SPECIALIST)
        profile = SpecialistProfile.objects.filter(user=user).first() or SpecialistProfile(user=user)
        save_if_changed(profile, bio=bio, is_available=True)
        wanted = {topics[slug].pk for slug in topic_slugs}
        if set(profile.topics.values_list("pk", flat=True)) != wanted:
            profile.topics.set(wanted)
        people[username] = user
    for username, full_name, body_slug, position in ASKERS:
        people[username] = _person(username, full_name, body=LocalBody.objects.get(slug=body_slug), position=position)
    for username in ("beita.editor", "salfit.editor"):
        people[username] = User.objects.get(username=username)

    specialists_by_topic: dict[str, set[int]] = {}
    for username, _name, _bio, topic_slugs in SPECIALISTS:
        for slug in topic_slugs:
            specialists_by_topic.setdefault(slug, set()).add(people[username].pk)

    for asker, title, text, topic_slugs, offset, answers, accepted, accepted_after, comments in QUESTIONS:
        asker_user = people[asker]
        asked_at = START + timedelta(hours=offset)
        question = Question.objects.filter(asker=asker_user, title=title).first() or Question(
            asker=asker_user, title=title
        )
        save_if_changed(
            question,
            local_body=asker_user.local_body,
            hub=_hub_for(title, asker_user.local_body),
            text=text,
            asked_at=asked_at,
            search_stems=question_stems(title, text),
        )
        wanted_topics = {topics[slug].pk for slug in topic_slugs}
        if set(question.topics.values_list("pk", flat=True)) != wanted_topics:
            question.topics.set(wanted_topics)
        routed = set().union(*(specialists_by_topic[slug] for slug in topic_slugs))
        for specialist_id in sorted(routed - {asker_user.pk}):
            QuestionRouting.objects.get_or_create(
                question=question,
                specialist_id=specialist_id,
                defaults={"reason": QuestionRouting.Reason.EXPERTISE, "routed_at": asked_at},
            )
        saved_answers = []
        for author, answer_text, after in answers:
            answer = Answer.objects.filter(question=question, author=people[author]).first() or Answer(
                question=question, author=people[author]
            )
            save_if_changed(answer, text=answer_text, posted_at=asked_at + timedelta(hours=after))
            saved_answers.append(answer)
        first = min((answer.posted_at for answer in saved_answers), default=None)
        chosen = saved_answers[accepted] if accepted is not None else None
        save_if_changed(
            question,
            first_answer_at=first,
            accepted_answer=chosen,
            accepted_at=asked_at + timedelta(hours=accepted_after) if chosen else None,
        )
        for author, comment_text, after in comments:
            comment = Comment.objects.filter(question=question, author=people[author], text=comment_text).first()
            if comment is None:
                comment = Comment(question=question, author=people[author], text=comment_text)
            save_if_changed(comment, posted_at=asked_at + timedelta(hours=after))
        if title in PUBLISHED_QUESTIONS:
            _publish(question, people, *PUBLISHED_QUESTIONS[title])
    response_times.refresh()  # the questions were written here, not by the services that keep the figures
    return f"{len(topics)} topics, {len(SPECIALISTS)} specialists, {len(QUESTIONS)} questions"
