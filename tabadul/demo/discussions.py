"""Demo data: the forums of the hubs with a few real-sounding Arabic threads, and one reported post waiting in
the moderation queue of the Public Relations hub.

Idempotent: forums are found by owner, threads by (forum, subject), posts by (thread, author, time); times are
fixed so a second load changes nothing. Skipped when the hubs' demo people are missing (load_demo --no-accounts).
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tabadul.accounts.models import User
from tabadul.core.services import save_if_changed
from tabadul.demo.accounts import set_demo_password
from tabadul.directory.models import LocalBody
from tabadul.discussions.conf import hide_after_reports
from tabadul.discussions.markdown import render_markdown
from tabadul.discussions.models import Forum, Post, Report, Status, Thread
from tabadul.discussions.services import forum_ensure
from tabadul.discussions.trust import report_weight
from tabadul.hubs.models import Hub

TZ = ZoneInfo("Asia/Hebron")
START = datetime(2025, 4, 6, 10, 0, tzinfo=TZ)

# Demo people of the discussions (the others come from the accounts and hubs demos): username, name, body, position.
PEOPLE = [
    ("ramallah.pr", "مسؤولة العلاقات العامة – بلدية رام الله", "ramallah", "مسؤولة العلاقات العامة"),
    ("jenin.engineer", "مهندس التخطيط – بلدية جنين", "jenin", "مهندس تخطيط"),
]

PLATFORM_FORUM = (
    "general",
    "النقاش العام بين الهيئات المحلية",
    "مساحة مفتوحة لتبادل الخبرات بين جميع الهيئات المحلية.",
)

# hub slug, subject, [(author, hours after START, Markdown text)]: the first post opens the thread.
THREADS = [
    (
        "public-relations",
        "كيف نُشرك المواطنين في إعداد الموازنة السنوية؟",
        [
            (
                "salfit.editor",
                0,
                "نحضّر في بلدية سلفيت لموازنة العام القادم، ونريد هذه المرة أن نسمع من المواطنين قبل إقرارها.\n\n"
                "هل جرّب أحدكم **جلسات استماع في الأحياء** أو استبياناً إلكترونياً؟ وما الذي نجح فعلاً؟",
            ),
            (
                "ramallah.pr",
                5,
                "في رام الله عقدنا أربع جلسات في الأحياء ونشرنا ملخصاً مبسّطاً للموازنة قبلها بأسبوع:\n\n"
                "- ملخص من صفحتين بلغة واضحة\n- جلسة مسائية في كل حي\n- ردّ مكتوب على كل سؤال خلال أسبوعين\n\n"
                "الحضور كان أفضل حين أعلنّا عبر لجان الأحياء لا عبر الصفحة فقط.",
            ),
            (
                "nablus.finance",
                26,
                "من جهة الدائرة المالية: جهّزوا أرقام الإيرادات المتوقعة مسبقاً، فأكثر الأسئلة كانت عن رسوم "
                "النفايات والكهرباء. دليل الإفصاح العام من صندوق البلديات مفيد هنا: "
                "[موقع الصندوق](https://www.mdlf.org.ps)",
            ),
        ],
    ),
    (
        "public-relations",
        "سياسة النشر على صفحة البلدية في وسائل التواصل",
        [
            (
                "ramallah.pr",
                50,
                "نعمل على سياسة مكتوبة للنشر والرد على التعليقات في صفحة البلدية. ما الذي تتضمنه سياساتكم؟ "
                "وكم من الوقت تلتزمون للرد على الشكاوى؟",
            ),
            (
                "salfit.editor",
                53,
                "عندنا: الرد على الشكوى خلال يومي عمل، وعدم حذف التعليقات الناقدة إلا إن احتوت شتائم. "
                "ونثبّت منشوراً يشرح قواعد النقاش.",
            ),
            (
                "jenin.engineer",
                54,
                "عرض خاص!!! خصم ٥٠٪ على تصميم الصفحات والإعلانات، راسلونا الآن على الخاص.",
            ),
        ],
    ),
    (
        "engineering-planning",
        "تجارب إعادة تقسيم الأراضي في المناطق المسماة (ج)",
        [
            (
                "beita.editor",
                80,
                "نعمل في بيتا على مشروع إعادة تقسيم لأراضٍ في منطقة مصنفة (ج). ما أبرز العقبات التي واجهتكم "
                "في موافقات التخطيط؟ وهل استعنتم بمساح مرخّص من خارج البلدية؟",
            ),
            (
                "jenin.engineer",
                90,
                "أهم درس عندنا: توثيق الملكيات مع المالكين **قبل** رسم المخطط، وعقد اجتماع مع كل عائلة. "
                "استعنّا بمساح مرخّص، وكانت الخرائط الجغرافية الرقمية أساس النقاش.",
            ),
        ],
    ),
    (
        "finance",
        "تحصيل رسوم النفايات مع فاتورة الكهرباء مسبقة الدفع",
        [
            (
                "nablus.finance",
                120,
                "ارتفعت نسبة تحصيل رسوم النفايات عندنا بعد ربطها بعدادات الكهرباء مسبقة الدفع. "
                "من جرّب ذلك؟ وكيف تعاملتم مع اعتراضات المشتركين؟",
            ),
        ],
    ),
    (
        "innovation",
        "نظام معلومات جغرافية مفتوح المصدر: من أين نبدأ؟",
        [
            (
                "hebron.gis",
                150,
                "لمن يريد البدء: نستخدم في الخليل برامج مفتوحة المصدر، وأول خطوة عندنا كانت رقمنة حدود القطع "
                "والشوارع. يسعدنا ترتيب زيارة لفريقكم.\n\n1. رقمنة الحدود\n2. ربط بيانات الرخص\n3. نشر خريطة للمواطنين",
            ),
        ],
    ),
]

# (hub slug, thread subject, author of the reported post, reporter, reason)
REPORTS = [
    ("public-relations", "سياسة النشر على صفحة البلدية في وسائل التواصل", "jenin.engineer", "ramallah.pr", "spam")
]


def _people() -> dict[str, User]:
    for username, full_name, body_slug, position in PEOPLE:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=f"{username}@demo.tabadul.local")
            set_demo_password(user)
        save_if_changed(user, full_name=full_name, local_body=LocalBody.objects.get(slug=body_slug), position=position)
    names = {author for _hub, _title, posts in THREADS for author, _h, _t in posts}
    return {user.username: user for user in User.objects.filter(username__in=names)}


def _post(thread: Thread, author: User, at: datetime, text: str, *, is_opening: bool) -> Post:
    post = Post.objects.filter(thread=thread, author=author, posted_at=at).first() or Post(
        thread=thread, author=author, posted_at=at
    )
    save_if_changed(post, body=text, body_html=render_markdown(text), is_opening=is_opening)
    return post


def load() -> str:
    if not User.objects.filter(username="salfit.editor").exists():
        return "discussions skipped (no demo accounts)"
    people = _people()
    slug, title, description = PLATFORM_FORUM
    general = forum_ensure(slug=slug, title=title)
    save_if_changed(general, description=description)

    hubs = {hub.slug: hub for hub in Hub.objects.all()}
    for hub in hubs.values():
        forum_ensure(owner=hub)
    for hub_slug, subject, posts in THREADS:
        forum = forum_ensure(owner=hubs[hub_slug])
        opened_at = START + timedelta(hours=posts[0][1])
        thread = Thread.objects.filter(forum=forum, title=subject).first() or Thread(forum=forum, title=subject)
        last = START + timedelta(hours=posts[-1][1])
        save_if_changed(thread, author=people[posts[0][0]], last_post_at=last, reply_count=len(posts) - 1)
        for index, (author, hours, text) in enumerate(posts):
            _post(thread, people[author], START + timedelta(hours=hours), text, is_opening=index == 0)
        assert opened_at <= last

    for hub_slug, subject, author, reporter, reason in REPORTS:
        post = Post.objects.get(thread__forum__owner_id=hubs[hub_slug].pk, thread__title=subject, author=people[author])
        reporter_user = User.objects.get(username=reporter)
        report = Report.objects.filter(post=post, reporter=reporter_user).first() or Report(
            post=post, reporter=reporter_user
        )
        weight = report_weight(reporter_user, post.thread.forum)
        save_if_changed(report, reason=reason, note="إعلان تجاري لا علاقة له بالموضوع", weight=weight)
        open_reports = Report.objects.filter(post=post, resolved_at__isnull=True)
        hidden = sum(open_reports.values_list("weight", flat=True)) >= hide_after_reports()
        save_if_changed(post, report_count=open_reports.count(), status=Status.HIDDEN if hidden else Status.VISIBLE)

    return f"{Forum.objects.count()} forums, {Thread.objects.count()} threads, {Post.objects.count()} posts"
