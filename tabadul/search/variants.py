"""The Arabic spelling-variant test set, written for this project: (query, document title it must find, what varies).

Used by the tests (recall 100% on SQLite and PostgreSQL) and by `make bench-search` (recall against the
`icontains` baseline). Words that light stemming cannot join (broken plurals such as مشاريع/مشروع, or
ؤ/ئ spellings of one word) are deliberately absent: no light stemmer finds them.
"""

VARIANTS: list[tuple[str, str, str]] = [
    # Hamza and alef forms
    ("الانارة", "مشروع الإنارة العامة في الشوارع", "hamza"),
    ("إنارة", "تحسين الانارة في الأحياء السكنية", "hamza"),
    ("آبار", "تأهيل ابار جمع مياه الأمطار", "hamza"),
    ("ابار", "صيانة آبار المياه الجوفية", "hamza"),
    ("الأرشيف", "رقمنة الارشيف الورقي", "hamza"),
    ("اسكان", "خطة الإسكان الميسر للأزواج الشابة", "hamza"),
    ("إدارة النفايات", "ادارة النفايات الصلبة في الريف", "hamza"),
    ("ٱلمكتبة", "المكتبة العامة للأطفال", "alef wasla"),
    ("القرآن", "مركز تحفيظ القران الكريم", "madda"),
    ("مؤسسة", "مؤسسات المجتمع المحلي الشريكة", "hamza on waw, plural"),
    ("الاعلام", "وحدة الإعلام والعلاقات العامة", "hamza"),
    ("أمن", "الامن الغذائي في المناطق المهمشة", "hamza"),
    # Taa marbuta and haa
    ("البلديه", "موازنة البلدية لعام 2024", "taa marbuta"),
    ("مدرسة", "بناء مدرسه اساسية مختلطة", "taa marbuta"),
    ("الحديقه العامه", "افتتاح الحديقة العامة في وسط البلد", "taa marbuta"),
    ("صحة", "مركز الصحه الاولية", "taa marbuta"),
    ("ساحة", "تبليط الساحه المركزية أمام المسجد", "taa marbuta"),
    ("شبكه", "شبكة الصرف الصحي", "taa marbuta"),
    # Alef maqsura and yaa
    ("مستشفى", "توسعة مستشفي المدينة الحكومي", "alef maqsura"),
    ("مبنى", "ترميم مبني البلدية القديم", "alef maqsura"),
    ("الملتقي", "الملتقى السنوي للهيئات المحلية", "alef maqsura"),
    ("مصطفي", "تأهيل شارع مصطفى حافظ", "alef maqsura"),
    ("المستوى", "رفع المستوي المعيشي للأسر", "alef maqsura"),
    # Tashkeel
    ("مَدْرَسَة", "مدرسة البنات الثانوية", "tashkeel in query"),
    ("التخطيط", "التَّخْطِيطُ الاستراتيجيّ للبلدة", "tashkeel in document"),
    ("مُشارَكَة المُجتمع", "مشاركة المجتمع في صنع القرار", "tashkeel in query"),
    ("الطاقة الشمسية", "الطَّاقَةُ الشَّمْسِيَّةُ للمباني العامة", "tashkeel in document"),
    ("كتب", "كُتُبٌ مُستعملة للمكتبة المدرسية", "tashkeel in document"),
    # Tatweel
    ("الشـــوارع", "تعبيد الشوارع الداخلية", "tatweel in query"),
    ("المياه", "شبكة المــيــاه في الحي الشرقي", "tatweel in document"),
    ("تدوير", "إعادة تــدويــر النفايات البلاستيكية", "tatweel in document"),
    ("جمــعية", "جمعية المرأة الريفية", "tatweel in query"),
    # Digits
    ("٢٠٢٤", "الموازنة العامة لسنة 2024", "Arabic-Indic digits in query"),
    ("2023", "التقرير السنوي ٢٠٢٣", "Arabic-Indic digits in document"),
    ("الخطة ٢٠٢٥", "الخطة الاستراتيجية 2025-2030", "digits"),
    ("١٠٠ وحدة", "بناء 100 وحدة سكنية", "digits"),
    ("۲۰۲۲", "تقرير الحوكمة 2022", "Persian digits"),
    # Definite article, prefixes and plural or feminine endings
    ("بلديات", "البلدية تطلق خدمة الدفع الإلكتروني", "plural finds singular with article"),
    ("البلديات", "اتحاد بلديه الريف", "plural with article, taa marbuta"),
    ("المدارس", "مدارس القرية الثلاث", "article"),
    ("والمدارس", "المدارس الحكومية والخاصة", "wa + article"),
    ("فالمجلس", "المجلس القروي المنتخب", "fa + article"),
    ("بالمياه", "مياه الشرب النظيفة", "bi + article"),
    ("للشباب", "مركز الشباب الرياضي", "li + article"),
    ("كالمدن", "المدن الذكية في فلسطين", "ka + article"),
    ("المهندسون", "مهندس البلدية المقيم", "sound masculine plural"),
    ("مهندسين", "المهندسون المتطوعون", "plural forms"),
    ("الموظفات", "تدريب موظفة الاستقبال", "sound feminine plural"),
    ("الانتخابات", "انتخاب رئيس المركز", "plural"),
    ("القروية", "مجلس قروي جديد", "nisba adjective"),
    ("الخدمات", "خدمة المواطنين الالكترونية", "plural and taa marbuta"),
    ("مواطن", "لقاء مع المواطنون في القاعة", "plural"),
    ("تقريرها", "تقرير الأداء الربعي", "pronoun suffix"),
    ("والبيئة", "حماية البيئة من التلوث", "wa + article, hamza on yaa"),
    ("بالتعاون", "التعاون الدولي اللامركزي", "bi + article"),
    ("كالتخطيط", "تخطيط المدن الحديثة", "ka + article"),
    ("مياهها", "محطة المياه الرئيسية", "pronoun suffix"),
    ("المكتبات", "مكتبة البلدية العامة", "plural"),
    # Invisible characters and letter forms
    ("الطرق", "الط\u200cرق الزراعية", "zero-width non-joiner in document"),
    ("كهرباء", "شبکة کهرباء القرية", "Persian kaf"),
    ("يوم", "يوم العمل التطوعي", "plain"),
    ("سلامة", "السلامة المرورية في محيط المدارس", "article"),
    # Names of places: found exactly, with or without a prefix
    ("جنين", "مهرجان جنين الثقافي", "place"),
    ("وجنين", "الطريق بين جنين ونابلس", "place with wa"),
    ("الخليل", "أسواق الخليل القديمة", "place with article"),
    ("سبسطيه", "آثار سبسطية الرومانية", "place, taa marbuta"),
    ("قلقيلية", "حديقة حيوانات قلقيليه", "place, taa marbuta"),
    # English
    ("municipalities", "Municipality budget hearing", "English plural"),
    ("Plans", "Strategic plan of the council", "English plural and case"),
    ("WATER", "water network maintenance", "English case"),
]
