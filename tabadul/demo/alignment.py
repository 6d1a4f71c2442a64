"""Demo data: reform indicators of the kind the Municipal Development and Lending Fund (MDLF) uses, and
local targets that extend UN targets. The indicator list is illustrative: administrators configure the real one.
"""

from tabadul.alignment.models import Kpi, SdgTarget
from tabadul.core.services import save_if_changed

MDLF = "صندوق تطوير وإقراض الهيئات المحلية (MDLF)"

KPIS = [
    # code, Arabic, English, description (Arabic)
    (
        "mdlf-budget-on-time",
        "إعداد الموازنة السنوية والمصادقة عليها في موعدها",
        "Annual budget prepared and approved on time",
        "تقدم الهيئة المحلية موازنتها السنوية للمصادقة قبل بداية السنة المالية.",
    ),
    (
        "mdlf-audited-statements",
        "بيانات مالية مدققة ومنشورة",
        "Audited and published financial statements",
        "تُدقَّق البيانات المالية للسنة السابقة وتُنشر للجمهور.",
    ),
    (
        "mdlf-own-revenue",
        "نمو الإيرادات الذاتية وكفاءة التحصيل",
        "Own-source revenue growth and collection efficiency",
        "نسبة المحصَّل من الإيرادات الذاتية إلى المستحق.",
    ),
    (
        "mdlf-sdip",
        "خطة تنموية استراتيجية محدّثة بمشاركة المواطنين",
        "Updated strategic development and investment plan with citizen participation",
        "خطة تنموية استراتيجية أُعدّت أو حُدّثت بمشاركة المجتمع المحلي.",
    ),
    (
        "mdlf-public-disclosure",
        "الإفصاح العام عن الموازنة والمشاريع",
        "Public disclosure of budget and projects",
        "نشر الموازنة وخطط المشاريع وتقارير الإنجاز للمواطنين.",
    ),
    (
        "mdlf-asset-register",
        "سجل أصول محدّث وخطة تشغيل وصيانة",
        "Updated asset register and operation and maintenance plan",
        "",
    ),
]

LOCAL_TARGETS = [
    # code, parent, Arabic, English
    (
        "11.3.1",
        "11.3",
        "إعداد المخططات الهيكلية ومشاريع إعادة تقسيم الأراضي بمشاركة المجتمع المحلي، بما فيها المناطق المسماة “ج”.",
        "Prepare master plans and land readjustment projects with community participation, including in Area C.",
    ),
    (
        "16.6.1",
        "16.6",
        "تطبيق أدوات الشفافية والمساءلة المالية في جميع الهيئات المحلية.",
        "Apply financial transparency and accountability tools in every local body.",
    ),
]


def load() -> str:
    for position, (code, name_ar, name_en, description_ar) in enumerate(KPIS, start=1):
        save_if_changed(
            Kpi.objects.filter(code=code).first() or Kpi(code=code),
            name_ar=name_ar,
            name_en=name_en,
            description_ar=description_ar,
            source=MDLF,
            position=position,
            is_active=True,
        )
    for code, parent_code, text_ar, text_en in LOCAL_TARGETS:
        parent = SdgTarget.objects.select_related("goal").get(code=parent_code)
        save_if_changed(
            SdgTarget.objects.filter(code=code).first() or SdgTarget(code=code),
            goal=parent.goal,
            parent=parent,
            is_local=True,
            text_ar=text_ar,
            text_en=text_en,
        )
    return f"{Kpi.objects.count()} reform indicators, {SdgTarget.objects.filter(is_local=True).count()} local targets"
