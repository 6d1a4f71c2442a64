"""Reference data: countries, the four Palestinian regions and the 16 governorates; Libya's three regions and 22
districts; Tunisia's governorate of Tunis.

Sources. Palestine: the governorates of the Palestinian Central Bureau of Statistics. Libya: the 22 districts
(sha'biyat) of the 2007 administrative division, still used by the Libyan Bureau of Statistics and Census, each
placed in the historical region it lies in: Tripolitania (the west), Cyrenaica (the east) or Fezzan (the south);
Sirte and al-Jufra, which lie between them and are counted differently by different sources, have no region.
Tunisia: the governorate (wilaya) of Tunis, where the Isal programme's study tours and closing day took place
(seed 003); the other 23 are left out until a body there joins.

Loaded by a data migration (so every database, tests included, has them) and kept idempotent.
"""

COUNTRIES = [
    # code, Arabic, English
    ("PS", "فلسطين", "Palestine"),
    ("JO", "الأردن", "Jordan"),
    ("LB", "لبنان", "Lebanon"),
    ("IQ", "العراق", "Iraq"),
    ("TR", "تركيا", "Türkiye"),
    ("LY", "ليبيا", "Libya"),
    ("TN", "تونس", "Tunisia"),
]

REGIONS = [
    # code, Arabic, English, order
    ("north", "الشمال", "North", 1),
    ("centre", "الوسط", "Centre", 2),
    ("south", "الجنوب", "South", 3),
    ("gaza", "قطاع غزة", "Gaza Strip", 4),
]

# code, Arabic, English, order
LIBYAN_REGIONS = [
    ("ly-west", "المنطقة الغربية (طرابلس)", "Western Libya (Tripolitania)", 11),
    ("ly-east", "المنطقة الشرقية (برقة)", "Eastern Libya (Cyrenaica)", 12),
    ("ly-south", "المنطقة الجنوبية (فزان)", "Southern Libya (Fezzan)", 13),
]

# The 22 districts (sha'biyat) of 2007: code, Arabic, English, region (None: between regions).
LIBYAN_DISTRICTS = [
    ("ly-tripoli", "طرابلس", "Tripoli", "ly-west"),
    ("ly-jafara", "الجفارة", "Jafara", "ly-west"),
    ("ly-zawiya", "الزاوية", "Zawiya", "ly-west"),
    ("ly-nuqat-al-khams", "النقاط الخمس", "Nuqat al-Khams", "ly-west"),
    ("ly-jabal-al-gharbi", "الجبل الغربي", "Jabal al-Gharbi", "ly-west"),
    ("ly-nalut", "نالوت", "Nalut", "ly-west"),
    ("ly-murqub", "المرقب", "Murqub", "ly-west"),
    ("ly-misrata", "مصراتة", "Misrata", "ly-west"),
    ("ly-sirte", "سرت", "Sirte", None),
    ("ly-jufra", "الجفرة", "Jufra", None),
    ("ly-benghazi", "بنغازي", "Benghazi", "ly-east"),
    ("ly-marj", "المرج", "Marj", "ly-east"),
    ("ly-jabal-al-akhdar", "الجبل الأخضر", "Jabal al-Akhdar", "ly-east"),
    ("ly-derna", "درنة", "Derna", "ly-east"),
    ("ly-butnan", "البطنان", "Butnan", "ly-east"),
    ("ly-al-wahat", "الواحات", "Al-Wahat", "ly-east"),
    ("ly-kufra", "الكفرة", "Kufra", "ly-east"),
    ("ly-sabha", "سبها", "Sabha", "ly-south"),
    ("ly-wadi-al-shatii", "وادي الشاطئ", "Wadi al-Shatii", "ly-south"),
    ("ly-wadi-al-hayaa", "وادي الحياة", "Wadi al-Hayaa", "ly-south"),
    ("ly-ghat", "غات", "Ghat", "ly-south"),
    ("ly-murzuq", "مرزق", "Murzuq", "ly-south"),
]

# code, Arabic, English
TUNISIAN_GOVERNORATES = [("tn-tunis", "تونس", "Tunis")]

# The 11 governorates of the West Bank and the 5 of the Gaza Strip.
GOVERNORATES = [
    # code, Arabic, English, region
    ("jenin", "جنين", "Jenin", "north"),
    ("tubas", "طوباس والأغوار الشمالية", "Tubas and Northern Valleys", "north"),
    ("tulkarm", "طولكرم", "Tulkarm", "north"),
    ("nablus", "نابلس", "Nablus", "north"),
    ("qalqilya", "قلقيلية", "Qalqilya", "north"),
    ("salfit", "سلفيت", "Salfit", "north"),
    ("ramallah", "رام الله والبيرة", "Ramallah and al-Bireh", "centre"),
    ("jericho", "أريحا والأغوار", "Jericho and al-Aghwar", "centre"),
    ("jerusalem", "القدس", "Jerusalem", "centre"),
    ("bethlehem", "بيت لحم", "Bethlehem", "south"),
    ("hebron", "الخليل", "Hebron", "south"),
    ("north-gaza", "شمال غزة", "North Gaza", "gaza"),
    ("gaza", "غزة", "Gaza", "gaza"),
    ("deir-al-balah", "دير البلح", "Deir al-Balah", "gaza"),
    ("khan-yunis", "خان يونس", "Khan Yunis", "gaza"),
    ("rafah", "رفح", "Rafah", "gaza"),
]


def load_reference_data(Country, Region, Governorate) -> None:
    """Create or update the reference rows; model classes are passed so migrations can use it."""
    countries = {}
    for code, name_ar, name_en in COUNTRIES:
        countries[code], _ = Country.objects.update_or_create(
            code=code, defaults={"name_ar": name_ar, "name_en": name_en}
        )
    regions = {}
    for code, name_ar, name_en, position in REGIONS:
        regions[code], _ = Region.objects.update_or_create(
            code=code,
            defaults={"name_ar": name_ar, "name_en": name_en, "position": position, "country": countries["PS"]},
        )
    for code, name_ar, name_en, region in GOVERNORATES:
        Governorate.objects.update_or_create(
            code=code,
            defaults={"name_ar": name_ar, "name_en": name_en, "country": countries["PS"], "region": regions[region]},
        )
    load_libya_and_tunisia(Country, Region, Governorate)


def load_libya_and_tunisia(Country, Region, Governorate) -> None:
    """Libya's regions and districts and Tunisia's governorate of Tunis (directory migration 0004)."""
    countries = {country.code: country for country in Country.objects.filter(code__in=["LY", "TN"])}
    regions = {}
    for code, name_ar, name_en, position in LIBYAN_REGIONS:
        regions[code], _ = Region.objects.update_or_create(
            code=code,
            defaults={"name_ar": name_ar, "name_en": name_en, "position": position, "country": countries["LY"]},
        )
    for code, name_ar, name_en, region in LIBYAN_DISTRICTS:
        Governorate.objects.update_or_create(
            code=code,
            defaults={
                "name_ar": name_ar,
                "name_en": name_en,
                "country": countries["LY"],
                "region": regions[region] if region else None,
            },
        )
    for code, name_ar, name_en in TUNISIAN_GOVERNORATES:
        Governorate.objects.update_or_create(
            code=code, defaults={"name_ar": name_ar, "name_en": name_en, "country": countries["TN"], "region": None}
        )
