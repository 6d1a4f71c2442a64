"""Small word lists the generated names are made of (Arabic with an English counterpart).

Plausible rather than real: a generated body is "بلدية دير الزيتون الشرقية" / "Deir Al-Zaytoun East Municipality",
a generated person "ليلى حداد". Nothing here names a real person.
"""

# Place names: prefix + root + qualifier (11 × 24 × 6 combinations, then the body's type).
PREFIXES = [
    ("", ""),
    ("بيت", "Beit"),
    ("كفر", "Kafr"),
    ("دير", "Deir"),
    ("عين", "Ein"),
    ("تل", "Tal"),
    ("خربة", "Khirbet"),
    ("برج", "Burj"),
    ("وادي", "Wadi"),
    ("جبل", "Jabal"),
    ("سيدي", "Sidi"),
]
ROOTS = [
    ("الزيتون", "Al-Zaytoun"),
    ("الرمانة", "Al-Rummana"),
    ("النصر", "Al-Nasr"),
    ("الصفا", "Al-Safa"),
    ("المنارة", "Al-Manara"),
    ("السلام", "Al-Salam"),
    ("الربيع", "Al-Rabi"),
    ("الكرمل", "Al-Karmel"),
    ("العين", "Al-Ain"),
    ("السهل", "Al-Sahl"),
    ("النخيل", "Al-Nakheel"),
    ("الينابيع", "Al-Yanabi"),
    ("القلعة", "Al-Qalaa"),
    ("البستان", "Al-Bustan"),
    ("الروضة", "Al-Rawda"),
    ("الفجر", "Al-Fajr"),
    ("الهدى", "Al-Huda"),
    ("الشجرة", "Al-Shajara"),
    ("الحمراء", "Al-Hamra"),
    ("الريحان", "Al-Rayhan"),
    ("الخضراء", "Al-Khadra"),
    ("الجسر", "Al-Jisr"),
    ("المرج", "Al-Marj"),
    ("الطيبة", "Al-Tayba"),
]
QUALIFIERS = [
    ("", ""),
    ("الشرقية", "East"),
    ("الغربية", "West"),
    ("الجديدة", "New"),
    ("العليا", "Upper"),
    ("السفلى", "Lower"),
]

FIRST_NAMES = [
    ("أحمد", "Ahmad"),
    ("محمد", "Mohammad"),
    ("خالد", "Khaled"),
    ("سامر", "Samer"),
    ("رامي", "Rami"),
    ("يوسف", "Yousef"),
    ("عمر", "Omar"),
    ("طارق", "Tariq"),
    ("إياد", "Iyad"),
    ("باسل", "Basel"),
    ("ليلى", "Layla"),
    ("هبة", "Hiba"),
    ("رنا", "Rana"),
    ("سلمى", "Salma"),
    ("نور", "Nour"),
    ("فاطمة", "Fatima"),
    ("مريم", "Maryam"),
    ("ديما", "Dima"),
    ("علا", "Ola"),
    ("منى", "Mona"),
]
FAMILY_NAMES = [
    ("حداد", "Haddad"),
    ("النجار", "Al-Najjar"),
    ("الخطيب", "Al-Khatib"),
    ("عودة", "Odeh"),
    ("صالح", "Saleh"),
    ("منصور", "Mansour"),
    ("الشامي", "Al-Shami"),
    ("حمدان", "Hamdan"),
    ("عيسى", "Issa"),
    ("سليمان", "Suleiman"),
    ("البرغوثي", "Barghouti"),
    ("الطويل", "Al-Taweel"),
    ("يونس", "Younis"),
    ("قاسم", "Qasem"),
    ("زيدان", "Zaidan"),
    ("الحسن", "Al-Hassan"),
]

POSITIONS = [
    "مهندس مشاريع",
    "محاسب",
    "مسؤول التخطيط",
    "مسؤول العلاقات العامة",
    "مدير إداري",
    "مسؤول الجباية",
    "مسؤول نظم المعلومات",
    "سكرتير المجلس",
]
DEPARTMENTS = ["دائرة الهندسة", "الدائرة المالية", "دائرة التخطيط", "الشؤون الإدارية", "دائرة الخدمات"]

# Subjects of events, documents and questions (Arabic, English).
SUBJECTS = [
    ("إدارة النفايات الصلبة", "solid waste management"),
    ("الموازنة التشاركية", "participatory budgeting"),
    ("التخطيط الاستراتيجي", "strategic planning"),
    ("الطاقة المتجددة", "renewable energy"),
    ("التحول الرقمي", "digital transformation"),
    ("جباية الإيرادات", "revenue collection"),
    ("المياه والصرف الصحي", "water and sanitation"),
    ("التنمية الاقتصادية المحلية", "local economic development"),
    ("المشاركة المجتمعية", "community participation"),
    ("الشفافية والمساءلة", "transparency and accountability"),
    ("إدارة الطوارئ", "emergency management"),
    ("التخطيط العمراني", "urban planning"),
]

# Event types and how their names read ({subject} is the Arabic or English subject).
EVENT_NAMES = {
    "specialised_workshop": ("ورشة عمل حول {subject}", "Workshop on {subject}"),
    "learning_day": ("يوم تعلم: {subject}", "Learning day: {subject}"),
    "training_session": ("دورة تدريبية في {subject}", "Training in {subject}"),
    "virtual_meeting": ("لقاء افتراضي عن {subject}", "Online meeting on {subject}"),
    "dialogue_session": ("جلسة حوار حول {subject}", "Dialogue on {subject}"),
    "community_meeting": ("لقاء مجتمعي حول {subject}", "Community meeting on {subject}"),
    "consultation": ("استشارة عامة في {subject}", "Public consultation on {subject}"),
}

DOCUMENT_TITLES = {
    "guide": ("دليل {subject} للهيئات المحلية", "A guide to {subject} for local bodies"),
    "study": ("دراسة واقع {subject}", "A study of {subject}"),
    "best_practice": ("تجربة ناجحة في {subject}", "A good practice in {subject}"),
    "report": ("تقرير {subject} السنوي", "Annual report on {subject}"),
    "training_material": ("مادة تدريبية: {subject}", "Training material: {subject}"),
    "position_paper": ("ورقة موقف حول {subject}", "Position paper on {subject}"),
}

QUESTION_TITLES = [
    "كيف نبدأ بتطبيق {subject} في هيئة صغيرة؟",
    "ما الإجراءات المطلوبة في {subject}؟",
    "هل من نموذج جاهز يساعدنا في {subject}؟",
    "كيف نقيس أثر العمل في {subject}؟",
    "ما أفضل طريقة لإشراك المواطنين في {subject}؟",
]
QUESTION_TEXT = (
    "نعمل في {body} على تحسين {subject}، ونواجه صعوبة في ترتيب الأولويات وتوزيع المهام بين الدوائر. "
    "نرجو نصيحتكم بخطوات عملية وبأمثلة من هيئات مشابهة."
)
ANSWERS = [
    "ابدؤوا بحصر الوضع القائم ثم حددوا ثلاث أولويات قابلة للقياس، وشكلوا فريقاً صغيراً من الدوائر المعنية.",
    "يوجد دليل في المكتبة يشرح الخطوات بالتفصيل، وأنصح بالاطلاع على تجربة الهيئات المجاورة قبل البدء.",
    "من المفيد عقد لقاء مجتمعي في البداية، وتوثيق الملاحظات ونشر خطة العمل على صفحة الهيئة.",
    "اعتمدوا نموذجاً موحداً للتقارير الشهرية، وراجعوا التقدم كل ربع سنة مع المجلس.",
]
DOCUMENT_TEXT = (
    "تعرض هذه الوثيقة تجربة الهيئات المحلية في {subject}، والخطوات العملية التي اتبعتها، "
    "والدروس المستفادة والتوصيات للمرحلة القادمة."
)
PROGRESS_NOTES = ["تقرير متابعة دوري من الموقع.", "أنجزت المرحلة حسب الجدول.", "تأخر بسيط بسبب التوريد."]
GROUP_OBJECTIVES = "تبادل الخبرات بين الهيئات الأعضاء في {subject}، وإعداد خطة عمل مشتركة ومتابعة تنفيذها."
MILESTONES = ["اجتماع الإطلاق", "إعداد خطة العمل المشتركة", "زيارة تبادلية", "تقرير التقييم"]
