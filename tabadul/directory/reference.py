"""Reference data: countries, the four Palestinian regions and the 16 governorates.

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
