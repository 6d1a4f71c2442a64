"""A generated corpus for the search bench: library documents in Arabic and English, with every spelling habit.

Deterministic (seeded). Words follow a Zipf-like law over real municipal vocabulary plus a long tail of invented
words, so that common words match thousands of items and rare ones a handful, as in real content. Arabic text is
written with the variants people type: hamza or not, ة or ه, ى or ي, tashkeel, tatweel, article and plural forms,
Arabic-Indic digits.
"""

import random

_ARABIC_WORDS_TEXT = """
البلدية بلدية المجلس القروي الهيئات المحلية الحكم المحلي التخطيط الاستراتيجي الموازنة العامة المياه
الصرف الصحي الكهرباء الطاقة الشمسية النفايات الصلبة إعادة التدوير الطرق الزراعية الشوارع الإنارة
الحدائق العامة المدارس الصحة الأولية المستشفى الشباب المرأة الأطفال المشاركة المجتمعية الشفافية
المساءلة الحوكمة التنمية الاقتصادية الاستثمار السياحة الآثار التراث الثقافة المكتبة الأرشيف الرقمنة
الخدمات الإلكترونية المواطنين الشكاوى الاستجابة الطوارئ الدفاع المدني البيئة التغير المناخي الزراعة
الثروة الحيوانية الأسواق الحرف التدريب بناء القدرات الموظفين المهندسين التراخيص الأبنية التنظيم
الهيكلي الأراضي المساحة الضرائب الرسوم الجباية الإيرادات النفقات المشاريع التمويل المانحين الشراكة
التوأمة التعاون الدولي الاتحاد الأوروبي الوكالة الألمانية البنك الدولي صندوق البلديات وزارة الحكم
المحلي خطة العمل التقرير السنوي الدليل الإرشادي دراسة ورقة سياسات أفضل الممارسات ميثاق البلدية مبنى
ملتقى مستوى مصطفى على إلى حتى الأمن الغذائي الإسكان ساحة شبكة محطة خزان بئر آبار ينابيع أمطار حصاد
النقل المواصلات السير المرور السلامة الإشارات الأرصفة الإعاقة الوصول الشامل الرياضة الملاعب الأندية
الجمعيات
"""
ARABIC_WORDS = _ARABIC_WORDS_TEXT.split()

_ENGLISH_WORDS_TEXT = """
municipality municipalities council village local government strategic plan plans budget water
wastewater electricity solar energy waste recycling roads streets lighting parks schools health
hospital youth women children participation transparency accountability governance development
economic investment tourism heritage culture library archive digitisation services citizens
complaints emergency environment climate agriculture markets training capacity staff engineers
permits buildings zoning land taxes fees revenue expenditure projects funding donors partnership
twinning cooperation international report annual guide study policy paper practice charter
"""
ENGLISH_WORDS = _ENGLISH_WORDS_TEXT.split()

ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
MARKS = ["\u064e", "\u064f", "\u0650", "\u0651", "\u0652"]
DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _invented(rng: random.Random, count: int, letters: str, lengths=(3, 7)) -> list[str]:
    return ["".join(rng.choice(letters) for _ in range(rng.randint(*lengths))) for _ in range(count)]


def _zipf(words: list[str]) -> list[float]:
    cumulative, total = [], 0.0
    for rank in range(len(words)):
        total += 1.0 / (rank + 1) ** 0.9
        cumulative.append(total)
    return cumulative


def _vary(word: str, rng: random.Random) -> str:
    """Spell an Arabic word the way someone might type it."""
    roll = rng.random()
    if roll < 0.15 and word[:1] in "أإآ":
        word = "ا" + word[1:]
    elif roll < 0.25 and word.endswith("ة"):
        word = word[:-1] + "ه"
    elif roll < 0.30 and word.endswith("ى"):
        word = word[:-1] + "ي"
    elif roll < 0.33:
        word = "".join(char + (rng.choice(MARKS) if rng.random() < 0.5 else "") for char in word)
    elif roll < 0.35 and len(word) > 3:
        word = word[:2] + "ـــ" + word[2:]
    elif roll < 0.45 and not word.startswith("ال"):
        word = rng.choice(["ال", "و", "وال", "بال", "لل"]) + word
    elif roll < 0.52 and word.endswith("ة"):
        word = word[:-1] + "ات"
    return word


class Corpus:
    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)
        self.arabic = ARABIC_WORDS + _invented(self.rng, 6000, ARABIC_LETTERS)
        self.english = ENGLISH_WORDS + _invented(self.rng, 4000, "abcdefghijklmnopqrstuvwxyz", (4, 9))
        self.arabic_weights = _zipf(self.arabic)
        self.english_weights = _zipf(self.english)

    def arabic_text(self, count: int) -> str:
        words = self.rng.choices(self.arabic, cum_weights=self.arabic_weights, k=count)
        text = " ".join(_vary(word, self.rng) for word in words)
        if self.rng.random() < 0.3:
            year = str(self.rng.randint(2010, 2026))
            text += " " + (year.translate(DIGITS) if self.rng.random() < 0.5 else year)
        return text

    def english_text(self, count: int) -> str:
        words = self.rng.choices(self.english, cum_weights=self.english_weights, k=count)
        return " ".join(word.capitalize() if self.rng.random() < 0.1 else word for word in words)

    def item(self) -> dict:
        """Title and summary in Arabic (70%), English (20%) or both (10%)."""
        roll = self.rng.random()
        item = {"title_ar": "", "title_en": "", "summary_ar": "", "summary_en": ""}
        if roll < 0.8:
            item["title_ar"] = self.arabic_text(self.rng.randint(3, 8))
            item["summary_ar"] = self.arabic_text(self.rng.randint(15, 45))
        if roll >= 0.7:
            item["title_en"] = self.english_text(self.rng.randint(3, 8))
            item["summary_en"] = self.english_text(self.rng.randint(15, 45))
        if not item["title_ar"]:
            item["title_ar"] = item["title_en"]  # the library requires an Arabic title
        return item
