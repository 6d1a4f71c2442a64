"""Demo library: the guides, studies, position paper and charters named in the seeds, with real small files.

Seed 000 (the engineering and planning hub) announces a guide to professional project management and a general
guide to engineering and planning; seed 001 is itself the guide to the exchange hubs (GIZ) and speaks of position
papers for policy reform; seed 003 (VNG International's Isal programme in Libya) names studies on waste collection,
local finance, transport, health and the municipal guard, whose recommendations were discussed in dialogue
sessions, and six municipal charters.

Files are generated: PDFs with WeasyPrint, a Word file for the draft charter under review. Idempotent: a document
that exists is left as it is (its files are not generated again); recommendations, their history, links and review
comments are matched by natural keys.
"""

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tabadul.accounts.models import User
from tabadul.demo.workdays import working_moment
from tabadul.directory.models import LocalBody, Organisation
from tabadul.events.models import Event
from tabadul.hubs.models import Hub, WorkPlanTopic
from tabadul.library import services
from tabadul.library.models import Document, DraftReview, Recommendation, ReviewComment

# slug, type, status, visibility, title_ar, title_en, summary_ar, year, published_on, organisations, bodies, hubs,
# hub topics (hub slug, topic title), paragraphs of the file
DOCUMENTS = [
    (
        "professional-project-management-guide",
        "guide",
        "final",
        "public",
        "دليل إدارة المشاريع الاحترافية",
        "Guide to professional project management",
        "دليل أعدته منصة الهندسة والتخطيط لمهندسي الهيئات المحلية: دورة حياة المشروع من الفكرة إلى التسليم، "
        "وإعداد وثائق العطاءات، والإشراف على التنفيذ، وسجل الأصول.",
        2021,
        dt.date(2021, 6, 15),
        ["giz-lgrp"],
        [],
        ["engineering-planning"],
        [("engineering-planning", "إدارة المشاريع")],
        [
            "يهدف هذا الدليل إلى توحيد ممارسات إدارة المشاريع في دوائر الهندسة في الهيئات المحلية.",
            "المرحلة الأولى: تحديد الحاجة وربط المشروع بالخطة الاستراتيجية التنموية للهيئة المحلية.",
            "المرحلة الثانية: دراسة الجدوى وتقدير الكلفة وتحديد مصادر التمويل.",
            "المرحلة الثالثة: إعداد وثائق العطاء والمواصفات الفنية وجداول الكميات.",
            "المرحلة الرابعة: الإشراف على التنفيذ وضبط الجودة والتوثيق اليومي.",
            "المرحلة الخامسة: الاستلام والتسليم وإدخال المشروع في سجل الأصول.",
        ],
    ),
    (
        "general-engineering-planning-guide",
        "guide",
        "final",
        "public",
        "الدليل العام للهندسة والتخطيط",
        "General guide to engineering and planning",
        "دليل عام لدوائر الهندسة والتخطيط: إجراءات الترخيص، والتخطيط الهيكلي، ودور الهيئات المحلية في تحقيق "
        "الهدف الحادي عشر من أهداف التنمية المستدامة.",
        2022,
        dt.date(2022, 3, 1),
        ["giz-lgrp"],
        [],
        ["engineering-planning"],
        [("engineering-planning", "أهداف التنمية المستدامة، الهدف 11 – المدن المستدامة")],
        [
            "يجمع هذا الدليل خبرات مدراء أقسام الهندسة والتخطيط في الهيئات المحلية الأعضاء في المنصة.",
            "الفصل الأول: إجراءات ترخيص الأبنية وفق قانون التنظيم والبناء.",
            "الفصل الثاني: إعداد المخططات الهيكلية وإشراك المواطنين فيها.",
            "الفصل الثالث: التخطيط في المناطق المسماة (ج) ومشاريع إعادة تقسيم الأراضي.",
            "الفصل الرابع: مؤشرات الهدف الحادي عشر وكيف تقيسها الهيئة المحلية.",
        ],
    ),
    (
        "exchange-hubs-guide",
        "guide",
        "final",
        "public",
        "دليل منصات تبادل الخبرات في هيئات الحكم المحلي",
        "Guide to the experience-exchange hubs of local bodies",
        "تم إعداد هذا الدليل بدعم من برنامج إصلاح الحكم المحلي الذي تنفذه GIZ: فكرة المنصات وأهدافها وهيكليتها "
        "ومحاور عمل كل منصة.",
        2020,
        dt.date(2020, 9, 1),
        ["giz-lgrp", "apla"],
        [],
        [],
        [],
        [
            "ظهرت فكرة تشكيل منصات تبادل الخبرات نتيجة لحاجة هيئات الحكم المحلي في فلسطين لتبادل الخبرات.",
            "يتولى الاتحاد الفلسطيني للهيئات المحلية مهمة التنسيق والتنظيم لعمل المنصات.",
            "تنتخب كل منصة منسقا ونائبا له، وتضع خطة عمل بمواضيع ذات أولوية.",
            "تساهم المنصات في تطوير أوراق موقف لإصلاح السياسات على المستوى الوطني.",
        ],
    ),
    (
        "isal-waste-collection-study",
        "study",
        "final",
        "public",
        "دراسة تجميع الفضلات في البلديات الليبية",
        "Study of waste collection in Libyan municipalities",
        "دراسة أنجزها برنامج «إيصال» لتشخيص واقع جمع النفايات ونقلها والتخلص منها، مع مخططات بلدية لإدارة "
        "النفايات في عدد من البلديات منها بلدية وادي عتبة.",
        2021,
        dt.date(2021, 4, 20),
        ["vng-isal"],
        [],
        [],
        [("village-councils", "إدارة النفايات الصلبة")],
        [
            "تشخص هذه الدراسة واقع خدمة جمع النفايات في البلديات الشريكة.",
            "تبين أن نسبة التغطية بالخدمة تقل عن النصف في الأحياء الطرفية.",
            "توصي الدراسة بإنشاء مجالس خدمات مشتركة بين البلديات المتجاورة.",
            "وتوصي بفرض رسوم خدمة عادلة مرتبطة بفاتورة الكهرباء.",
        ],
    ),
    (
        "isal-local-finance-study",
        "study",
        "final",
        "public",
        "دراسة المالية المحلية",
        "Study of local finance",
        "دراسة حول مصادر إيرادات البلديات وإعداد الموازنات والرقابة عليها، نوقشت توصياتها في جلسات حوارية مع "
        "البلديات والباحثين.",
        2021,
        dt.date(2021, 9, 10),
        ["vng-isal"],
        [],
        [],
        [("finance", "ميزانيات مقروءة")],
        [
            "تعتمد البلديات على التحويلات المركزية بنسبة تزيد على سبعين بالمئة من إيراداتها.",
            "لا تنشر معظم البلديات موازناتها بصيغة يفهمها المواطن.",
            "توصي الدراسة بإعداد موازنة مبسطة للمواطن ونشرها سنويا.",
        ],
    ),
    (
        "isal-transport-study",
        "study",
        "final",
        "public",
        "دراسة النقل المحلي",
        "Study of local transport",
        "دراسة حول تنظيم النقل العام داخل المدن ومواقف المركبات ودور البلدية في الترخيص.",
        2022,
        dt.date(2022, 1, 25),
        ["vng-isal"],
        [],
        [],
        [],
        [
            "تتناول الدراسة تنظيم خطوط النقل العام داخل المدن.",
            "توصي بنقل صلاحية تنظيم المواقف إلى البلديات.",
        ],
    ),
    (
        "isal-health-study",
        "study",
        "final",
        "public",
        "دراسة الخدمات الصحية المحلية",
        "Study of local health services",
        "دراسة حول دور البلديات في الصحة العامة والرقابة الصحية على الأسواق والمسالخ.",
        2022,
        dt.date(2022, 2, 14),
        ["vng-isal"],
        [],
        [],
        [],
        [
            "تتوزع صلاحيات الرقابة الصحية بين الوزارة والبلديات دون تنسيق كاف.",
            "توصي الدراسة بإنشاء وحدة صحة عامة في كل بلدية كبيرة.",
        ],
    ),
    (
        "isal-municipal-guard-study",
        "study",
        "final",
        "members",
        "دراسة تنظيم جهاز الحرس البلدي",
        "Study of the organisation of the municipal guard",
        "دراسة حول الإطار القانوني للحرس البلدي ومهامه وتدريب أفراده. متاحة لأعضاء البرنامج.",
        2022,
        dt.date(2022, 5, 30),
        ["vng-isal"],
        [],
        [],
        [],
        [
            "يفتقر الحرس البلدي إلى إطار قانوني يحدد مهامه وصلاحياته.",
            "توصي الدراسة بإعداد لائحة موحدة للحرس البلدي وبرنامج تدريب أساسي.",
        ],
    ),
    (
        "isal-final-report",
        "report",
        "final",
        "public",
        "التقرير النهائي لبرنامج «إيصال»",
        "Final report of the Isal programme",
        "عرض في اليوم الختامي لأعمال مجموعة التفكير بليبيا في تونس (27 يوليو 2022): الدراسات والمشاريع النموذجية "
        "والمواثيق البلدية الستة.",
        2022,
        dt.date(2022, 7, 27),
        ["vng-isal"],
        [],
        [],
        [],
        [
            "انطلق البرنامج في أبريل 2019 وتواصل حتى يوليو 2022.",
            "أنجز البرنامج دراسات في تجميع الفضلات والمالية المحلية والنقل والصحة والحرس البلدي.",
            "وضع البرنامج ستة مواثيق بلدية بمشاركة المجتمع المدني.",
        ],
    ),
    (
        "position-paper-village-council-finance",
        "position_paper",
        "final",
        "public",
        "ورقة موقف: تحسين القدرة المالية للمجالس القروية",
        "Position paper: improving the financial capacity of village councils",
        "ورقة موقف أعدتها منصة المجالس القروية لإصلاح سياسات التحويلات المالية إلى المجالس القروية.",
        2023,
        dt.date(2023, 2, 1),
        ["apla"],
        ["beita"],
        ["village-councils"],
        [("village-councils", "تحسين القدرة المالية في المجالس القروية")],
        [
            "تعاني المجالس القروية من ضعف الإيرادات الذاتية واعتمادها على المنح.",
            "نقترح معادلة تحويلات تأخذ بالحسبان عدد السكان والمساحة والموقع.",
            "نقترح دمج خدمات المجالس المتجاورة في مجالس خدمات مشتركة.",
        ],
    ),
    (
        "charter-citizen-participation",
        "municipal_charter",
        "final",
        "public",
        "ميثاق المشاركة المجتمعية في البلدية",
        "Municipal charter of citizen participation",
        "واحد من ستة مواثيق بلدية وضعها برنامج «إيصال» بمشاركة منظمات المجتمع المدني.",
        2022,
        dt.date(2022, 6, 1),
        ["vng-isal"],
        [],
        [],
        [],
        [
            "المادة الأولى: تلتزم البلدية بإشراك المواطنين في التخطيط وبرمجة الخدمات.",
            "المادة الثانية: تعقد البلدية جلسة استماع عامة مرتين في السنة على الأقل.",
            "المادة الثالثة: تنشر البلدية محاضر جلساتها وقراراتها.",
        ],
    ),
]

# The draft charter opened for paragraph-by-paragraph comments (a Word file), and its second version.
DRAFT_CHARTER = {
    "slug": "charter-transparency-draft",
    "title_ar": "ميثاق الشفافية والوصول إلى المعلومات في بلدية بيتا (مسودة)",
    "title_en": "Beita municipality charter of transparency and access to information (draft)",
    "summary_ar": "مسودة ميثاق بلدي مفتوحة لملاحظات الهيئات الأعضاء والمواطنين، فقرة فقرة.",
    "v1": [
        "المادة الأولى: للمواطن حق الاطلاع على موازنة البلدية وحساباتها الختامية.",
        "المادة الثانية: تنشر البلدية قراراتها خلال شهر من صدورها.",
        "المادة الثالثة: تجيب البلدية على طلبات المعلومات خلال ثلاثين يوما.",
        "المادة الرابعة: يعين المجلس البلدي موظفا مسؤولا عن المعلومات.",
    ],
    "v2": [
        "المادة الأولى: للمواطن حق الاطلاع على موازنة البلدية وحساباتها الختامية وموازنة مبسطة للمواطن.",
        "المادة الثانية: تنشر البلدية قراراتها خلال أسبوعين من صدورها على موقعها وفي لوحة الإعلانات.",
        "المادة الثالثة: تجيب البلدية على طلبات المعلومات خلال خمسة عشر يوما.",
        "المادة الرابعة: يعين المجلس البلدي موظفا مسؤولا عن المعلومات.",
    ],
    "comments": [
        (1, "citizen", "أقترح تقصير المدة إلى أسبوعين ونشر القرارات على الموقع الإلكتروني.", "أخذنا بالاقتراح."),
        (2, "salfit.editor", "ثلاثون يوما مدة طويلة؛ في سلفيت نجيب خلال خمسة عشر يوما.", "عدلنا المدة."),
        (0, "specialist", "يستحسن ذكر الموازنة المبسطة للمواطن صراحة.", "أضفناها في النسخة الثانية."),
    ],
}

# document slug, number, title_ar, title_en, owner organisation slug, owner body slug, history, dialogue sessions
# history: (status, reason, date)
RECOMMENDATIONS = [
    (
        "isal-waste-collection-study",
        1,
        "إنشاء مجالس خدمات مشتركة لجمع النفايات بين البلديات المتجاورة",
        "Joint service councils for waste collection between neighbouring municipalities",
        "libya-molg",
        None,
        [
            ("discussed", "نوقشت في جلسة حوارية مع رؤساء البلديات في تونس.", dt.date(2022, 7, 27)),
            ("adopted", "أقرتها الوزارة ضمن خطة تطوير الخدمات المحلية.", dt.date(2022, 11, 1)),
            ("implemented", "أنشئ أول مجلس خدمات مشترك في وادي عتبة.", dt.date(2023, 9, 15)),
        ],
        ["جلسة حوارية: مدن مستدامة – الهدف 11"],
    ),
    (
        "isal-waste-collection-study",
        2,
        "ربط رسوم خدمة النفايات بفاتورة الكهرباء",
        "Link the waste service fee to the electricity bill",
        "libya-molg",
        None,
        [("discussed", "تحفظت شركة الكهرباء على التحصيل نيابة عن البلديات.", dt.date(2022, 7, 27))],
        [],
    ),
    (
        "isal-local-finance-study",
        1,
        "نشر موازنة مبسطة للمواطن كل سنة",
        "Publish a citizens' budget every year",
        "vng-isal",
        None,
        [("adopted", "تبنتها منصة الإدارة المالية كموضوع ذي أولوية.", dt.date(2022, 3, 1))],
        [],
    ),
    (
        "isal-local-finance-study",
        2,
        "فرض ضريبة محلية جديدة على الأملاك",
        "A new local property tax",
        "libya-molg",
        None,
        [("rejected", "رأت الوزارة أن الإطار القانوني الحالي لا يسمح بضرائب محلية جديدة.", dt.date(2022, 4, 12))],
        [],
    ),
    (
        "isal-transport-study",
        1,
        "نقل صلاحية تنظيم المواقف إلى البلديات",
        "Transfer the regulation of parking to municipalities",
        "libya-molg",
        None,
        [],
        [],
    ),
    (
        "isal-health-study",
        1,
        "إنشاء وحدة صحة عامة في كل بلدية كبيرة",
        "A public-health unit in every large municipality",
        "vng-isal",
        None,
        [("discussed", "نوقشت مع وزارة الصحة.", dt.date(2022, 6, 5))],
        [],
    ),
    (
        "position-paper-village-council-finance",
        1,
        "معادلة تحويلات مالية تأخذ بالحسبان السكان والمساحة والموقع",
        "A transfer formula that accounts for population, area and location",
        None,
        "beita",
        [("discussed", "عرضت على منصة المجالس القروية في الشمال والوسط.", dt.date(2023, 4, 10))],
        ["جلسة حوارية: مدن مستدامة – الهدف 11"],
    ),
]

FONT_CSS = (
    "@page { size: A4; margin: 2cm; } "
    "body { font-family: 'Noto Naskh Arabic', 'Noto Sans Arabic', 'DejaVu Sans', sans-serif; font-size: 12pt; } "
    "h1 { font-size: 16pt; } p { margin: 0 0 1em; }"
)


def pdf_file(title: str, paragraphs: list[str], *, name: str) -> SimpleUploadedFile:
    """A real small PDF (WeasyPrint), right to left, one paragraph per block."""
    from weasyprint import HTML

    body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
    html = (
        f'<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{FONT_CSS}</style></head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    return SimpleUploadedFile(name, HTML(string=html).write_pdf(), content_type="application/pdf")


def docx_file(paragraphs: list[str], *, name: str) -> SimpleUploadedFile:
    """A real minimal Word document (WordprocessingML), one paragraph per entry."""
    body = "".join(
        f'<w:p><w:pPr><w:bidi/></w:pPr><w:r><w:rPr><w:rtl/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t>'
        "</w:r></w:p>"
        for text in paragraphs
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document)
    return SimpleUploadedFile(
        name, out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _topics(wanted):
    topics = []
    for hub_slug, title in wanted:
        topic = (
            WorkPlanTopic.objects.filter(work_plan__hub__slug=hub_slug, title_ar=title)
            .order_by("work_plan__starts_on", "pk")
            .first()
        )
        if topic is not None:
            topics.append(topic)
    return topics


def _organisations() -> dict[str, Organisation]:
    """The directory's organisations (demo/directory.py loads them, decisions/010)."""
    return {organisation.slug: organisation for organisation in Organisation.objects.all()}


def _documents(organisations) -> dict[str, Document]:
    documents = {}
    for (
        slug,
        type_,
        status,
        visibility,
        title_ar,
        title_en,
        summary_ar,
        year,
        published_on,
        org_slugs,
        body_slugs,
        hub_slugs,
        topics,
        paragraphs,
    ) in DOCUMENTS:
        document = Document.objects.filter(slug=slug).first()
        if document is None:
            document = services.document_create(
                actor=None,
                slug=slug,
                type=type_,
                status=status,
                visibility=visibility,
                title_ar=title_ar,
                title_en=title_en,
                summary_ar=summary_ar,
                year=year,
                published_on=published_on,
                author_organisations=[organisations[s] for s in org_slugs],
                author_bodies=list(LocalBody.objects.filter(slug__in=body_slugs)),
                author_hubs=list(Hub.objects.filter(slug__in=hub_slugs)),
                topics=_topics(topics),
                file=pdf_file(title_ar, paragraphs, name=f"{slug}.pdf"),
            )
        documents[slug] = document
    return documents


def _recommendations(documents, organisations) -> int:
    count = 0
    for doc_slug, number, title_ar, title_en, org_slug, body_slug, history, sessions in RECOMMENDATIONS:
        document = documents[doc_slug]
        recommendation = Recommendation.objects.filter(document=document, number=number).first()
        if recommendation is None:
            recommendation = services.recommendation_create(
                actor=None,
                document=document,
                number=number,
                title_ar=title_ar,
                title_en=title_en,
                owner_organisation=organisations[org_slug] if org_slug else None,
                owner_body=LocalBody.objects.get(slug=body_slug) if body_slug else None,
            )
            # Recorded when the study was published.
            proposed_at = _aware(document.published_on)
            recommendation.status_changes.update(changed_at=proposed_at)
            Recommendation.objects.filter(pk=recommendation.pk).update(status_changed_at=proposed_at)
            for status, reason, day in history:
                services.recommendation_set_status(
                    actor=None, recommendation=recommendation, status=status, reason=reason, at=_aware(day)
                )
        events = list(Event.objects.filter(name_ar__in=sessions, type=Event.Type.DIALOGUE_SESSION))
        if events:
            services.recommendation_set_sessions(
                actor=None, recommendation=recommendation, sessions=[*recommendation.dialogue_sessions.all(), *events]
            )
        count += 1
    return count


def _closing(moment: dt.datetime) -> dt.datetime:
    """A review's closing time on a working day in Palestine (demo/workdays): the same hour, a day or two later."""
    return working_moment(timezone.localtime(moment), "PS")


def _draft_charter() -> Document:
    """A draft charter of Beita: version 1 was reviewed paragraph by paragraph, the authors answered and
    published version 2 with what changed; version 2 is open for comments now."""
    spec = DRAFT_CHARTER
    document = Document.objects.filter(slug=spec["slug"]).first()
    if document is not None:
        return document
    beita = LocalBody.objects.get(slug="beita")
    editor = User.objects.filter(username="beita.editor").first()
    document = services.document_create(
        actor=None,
        slug=spec["slug"],
        type=Document.Type.CHARTER,
        status=Document.Status.DRAFT,
        visibility=Document.Visibility.PUBLIC,
        title_ar=spec["title_ar"],
        title_en=spec["title_en"],
        summary_ar=spec["summary_ar"],
        year=timezone.localdate().year,
        author_bodies=[beita],
        file=docx_file(spec["v1"], name="charter-v1.docx"),
    )
    now = timezone.now()
    review = services.review_open(
        actor=None,
        document=document,
        starts_at=now - dt.timedelta(days=30),
        ends_at=_closing(now + dt.timedelta(days=1)),
        invitation="نرحب بملاحظاتكم على كل مادة من مواد الميثاق قبل اعتماده من المجلس البلدي.",
    )
    for paragraph, username, body, answer in spec["comments"]:
        author = User.objects.filter(username=username).first()
        if author is None:
            continue
        comment = services.review_comment_add(actor=author, review=review, paragraph=paragraph, body=body)
        services.review_comment_answer(actor=editor, comment=comment, answer=answer)
    # Publishing version 2 closes the review of version 1.
    services.document_version_add(
        actor=editor,
        document=document,
        file=docx_file(spec["v2"], name="charter-v2.docx"),
        change_note="أخذنا بملاحظات المراجعة: موازنة مبسطة للمواطن (المادة 1)، نشر القرارات خلال أسبوعين "
        "(المادة 2)، الرد على طلبات المعلومات خلال خمسة عشر يوما (المادة 3).",
    )
    reopened = timezone.now()
    services.review_open(
        actor=None,
        document=document,
        starts_at=reopened,
        ends_at=_closing(reopened + dt.timedelta(days=21)),
        invitation="النسخة الثانية مفتوحة للملاحظات لمدة ثلاثة أسابيع.",
    )
    return document


def _links(documents) -> None:
    """Events from the events demo joined to the threads of the guides they are about."""
    pairs = [("general-engineering-planning-guide", "جلسة حوارية: مدن مستدامة – الهدف 11")]
    for slug, event_name in pairs:
        event = Event.objects.filter(name_ar=event_name).first()
        if event is not None and slug in documents:
            services.topic_link_add(actor=None, anchor=documents[slug], target=event)  # get_or_create


def load() -> str:
    organisations = _organisations()
    documents = _documents(organisations)
    recommendations = _recommendations(documents, organisations)
    _draft_charter()
    _links(documents)
    return (
        f"{Document.objects.count()} library documents, {recommendations} recommendations, "
        f"{DraftReview.objects.count()} draft reviews, {ReviewComment.objects.count()} review comments"
    )
