"""Demo data: a real sample of Palestinian municipalities and village councils in every region; Libyan
municipalities (the eight the Isal programme's pilots and course name, seed 003, and a sample across Libya's
west, east and south); the Municipality of Tunis; and the organisations the seeds name (ministries, APLA, funders
and agencies, Libyan civil-society organisations and training centre).

Facts only. Libyan municipalities are placed in their 2007 district (sha'biya) and historical region
(directory/reference.py) as public sources place them (the municipalities' and the Ministry of Local Government's
own lists, Wikipedia's articles on each town); Sharqiya's district is left empty because the sources disagree.
No Libyan population is given: no census has been held since 2006 and the municipalities' borders changed since.
"""

from tabadul.core.services import save_if_changed
from tabadul.directory.models import Country, Governorate, LocalBody, Organisation
from tabadul.hubs.models import Hub

M = LocalBody.Type.MUNICIPALITY
V = LocalBody.Type.VILLAGE_COUNCIL

# slug, Arabic name, English name, type, governorate code
PALESTINIAN_BODIES = [
    ("jenin", "بلدية جنين", "Jenin Municipality", M, "jenin"),
    ("qabatiya", "بلدية قباطية", "Qabatiya Municipality", M, "jenin"),
    ("yabad", "بلدية يعبد", "Ya'bad Municipality", M, "jenin"),
    ("arraba", "بلدية عرابة", "Arraba Municipality", M, "jenin"),
    ("burqin", "بلدية برقين", "Burqin Municipality", M, "jenin"),
    ("faqqua", "مجلس قروي فقوعة", "Faqqu'a Village Council", V, "jenin"),
    ("jalbun", "مجلس قروي جلبون", "Jalbun Village Council", V, "jenin"),
    ("tubas", "بلدية طوباس", "Tubas Municipality", M, "tubas"),
    ("tammun", "بلدية طمون", "Tammun Municipality", M, "tubas"),
    ("al-aqaba", "مجلس قروي العقبة", "Al-Aqaba Village Council", V, "tubas"),
    ("bardala", "مجلس قروي بردلة", "Bardala Village Council", V, "tubas"),
    ("tulkarm", "بلدية طولكرم", "Tulkarm Municipality", M, "tulkarm"),
    ("anabta", "بلدية عنبتا", "Anabta Municipality", M, "tulkarm"),
    ("bala", "بلدية بلعا", "Bal'a Municipality", M, "tulkarm"),
    ("nablus", "بلدية نابلس", "Nablus Municipality", M, "nablus"),
    ("beita", "بلدية بيتا", "Beita Municipality", M, "nablus"),
    ("huwwara", "بلدية حوارة", "Huwwara Municipality", M, "nablus"),
    ("sebastia", "بلدية سبسطية", "Sebastia Municipality", M, "nablus"),
    ("asira-ash-shamaliya", "بلدية عصيرة الشمالية", "Asira ash-Shamaliya Municipality", M, "nablus"),
    ("qaryut", "مجلس قروي قريوت", "Qaryut Village Council", V, "nablus"),
    ("qalqilya", "بلدية قلقيلية", "Qalqilya Municipality", M, "qalqilya"),
    ("azzun", "بلدية عزون", "Azzun Municipality", M, "qalqilya"),
    ("kafr-qaddum", "مجلس قروي كفر قدوم", "Kafr Qaddum Village Council", V, "qalqilya"),
    ("salfit", "بلدية سلفيت", "Salfit Municipality", M, "salfit"),
    ("bidya", "بلدية بديا", "Bidya Municipality", M, "salfit"),
    ("kifl-haris", "بلدية كفل حارس", "Kifl Haris Municipality", M, "salfit"),
    ("deir-istiya", "بلدية دير استيا", "Deir Istiya Municipality", M, "salfit"),
    ("ramallah", "بلدية رام الله", "Ramallah Municipality", M, "ramallah"),
    ("al-bireh", "بلدية البيرة", "Al-Bireh Municipality", M, "ramallah"),
    ("birzeit", "بلدية بيرزيت", "Birzeit Municipality", M, "ramallah"),
    ("beitunia", "بلدية بيتونيا", "Beitunia Municipality", M, "ramallah"),
    ("sinjil", "بلدية سنجل", "Sinjil Municipality", M, "ramallah"),
    ("kobar", "مجلس قروي كوبر", "Kobar Village Council", V, "ramallah"),
    ("al-mughayyir", "مجلس قروي المغير", "Al-Mughayyir Village Council", V, "ramallah"),
    ("deir-ibzi", "مجلس قروي دير إبزيع", "Deir Ibzi' Village Council", V, "ramallah"),
    ("ras-karkar", "مجلس قروي رأس كركر", "Ras Karkar Village Council", V, "ramallah"),
    ("jericho", "بلدية أريحا", "Jericho Municipality", M, "jericho"),
    ("al-jiftlik", "مجلس قروي الجفتلك", "Al-Jiftlik Village Council", V, "jericho"),
    ("al-eizariya", "بلدية العيزرية", "Al-Eizariya Municipality", M, "jerusalem"),
    ("abu-dis", "بلدية أبو ديس", "Abu Dis Municipality", M, "jerusalem"),
    ("beit-iksa", "مجلس قروي بيت إكسا", "Beit Iksa Village Council", V, "jerusalem"),
    ("bethlehem", "بلدية بيت لحم", "Bethlehem Municipality", M, "bethlehem"),
    ("beit-jala", "بلدية بيت جالا", "Beit Jala Municipality", M, "bethlehem"),
    ("beit-sahour", "بلدية بيت ساحور", "Beit Sahour Municipality", M, "bethlehem"),
    ("battir", "مجلس قروي بتير", "Battir Village Council", V, "bethlehem"),
    ("wadi-fukin", "مجلس قروي وادي فوكين", "Wadi Fukin Village Council", V, "bethlehem"),
    ("al-walaja", "مجلس قروي الولجة", "Al-Walaja Village Council", V, "bethlehem"),
    ("hebron", "بلدية الخليل", "Hebron Municipality", M, "hebron"),
    ("dura", "بلدية دورا", "Dura Municipality", M, "hebron"),
    ("halhul", "بلدية حلحول", "Halhul Municipality", M, "hebron"),
    ("yatta", "بلدية يطا", "Yatta Municipality", M, "hebron"),
    ("bani-naim", "بلدية بني نعيم", "Bani Na'im Municipality", M, "hebron"),
    ("tarqumiya", "بلدية ترقوميا", "Tarqumiya Municipality", M, "hebron"),
    ("jabalia", "بلدية جباليا النزلة", "Jabalia al-Nazla Municipality", M, "north-gaza"),
    ("beit-lahia", "بلدية بيت لاهيا", "Beit Lahia Municipality", M, "north-gaza"),
    ("beit-hanoun", "بلدية بيت حانون", "Beit Hanoun Municipality", M, "north-gaza"),
    ("gaza", "بلدية غزة", "Gaza Municipality", M, "gaza"),
    ("deir-al-balah", "بلدية دير البلح", "Deir al-Balah Municipality", M, "deir-al-balah"),
    ("nuseirat", "بلدية النصيرات", "Nuseirat Municipality", M, "deir-al-balah"),
    ("az-zawayda", "بلدية الزوايدة", "Az-Zawayda Municipality", M, "deir-al-balah"),
    ("khan-yunis", "بلدية خان يونس", "Khan Yunis Municipality", M, "khan-yunis"),
    ("bani-suhaila", "بلدية بني سهيلا", "Bani Suhaila Municipality", M, "khan-yunis"),
    ("abasan-al-kabira", "بلدية عبسان الكبيرة", "Abasan al-Kabira Municipality", M, "khan-yunis"),
    ("rafah", "بلدية رفح", "Rafah Municipality", M, "rafah"),
]


# Public facts only, left empty where not known with confidence (issue 19): populations of the localities in the
# PCBS Population, Housing and Establishments Census 2017, and the municipalities' own websites.
# slug -> (population, website)
PUBLIC_FACTS = {
    "gaza": (590_481, ""),
    "hebron": (201_063, "https://www.hebron-city.ps"),
    "nablus": (156_906, "https://www.nablus.org"),
    "yatta": (64_277, ""),
    "qalqilya": (51_683, ""),
    "jenin": (49_908, ""),
    "al-bireh": (45_975, ""),
    "ramallah": (38_998, "https://www.ramallah.ps"),
    "bethlehem": (28_591, "https://www.bethlehem-city.org"),
    "jericho": (20_907, ""),
    "salfit": (10_911, ""),
}


# Municipalities of Iraq, Jordan, Lebanon and Türkiye of the kind that took part in cross-border learning
# networks with Palestinian municipalities (e.g. the Mediterranean Host Municipalities Learning Network, seed 004).
# Loaded with the Palestinian sample, before any other app's demo (the events demo spreads its people over every
# body in slug order, so every body must exist before it runs for a second load to change nothing).
# slug, Arabic name, English name, type, country code
FOREIGN_BODIES = [
    ("irbid", "بلدية إربد الكبرى", "Greater Irbid Municipality", M, "JO"),
    ("mafraq", "بلدية المفرق الكبرى", "Greater Mafraq Municipality", M, "JO"),
    ("zarqa", "بلدية الزرقاء", "Zarqa Municipality", M, "JO"),
    ("sahab", "بلدية سحاب", "Sahab Municipality", M, "JO"),
    ("ramtha", "بلدية الرمثا", "Ramtha Municipality", M, "JO"),
    ("tripoli-lebanon", "بلدية طرابلس", "Tripoli Municipality", M, "LB"),
    ("saida", "بلدية صيدا", "Saida Municipality", M, "LB"),
    ("zahle", "بلدية زحلة", "Zahle Municipality", M, "LB"),
    ("bar-elias", "بلدية برالياس", "Bar Elias Municipality", M, "LB"),
    ("gaziantep", "بلدية غازي عنتاب الكبرى", "Gaziantep Metropolitan Municipality", M, "TR"),
    ("sanliurfa", "بلدية شانلي أورفا الكبرى", "Şanlıurfa Metropolitan Municipality", M, "TR"),
    ("kilis", "بلدية كلس", "Kilis Municipality", M, "TR"),
    ("sultanbeyli", "بلدية سلطان بيلي", "Sultanbeyli Municipality", M, "TR"),
    ("duhok", "بلدية دهوك", "Duhok Municipality", M, "IQ"),
    ("erbil", "بلدية أربيل", "Erbil Municipality", M, "IQ"),
    ("zakho", "بلدية زاخو", "Zakho Municipality", M, "IQ"),
    ("sulaymaniyah", "بلدية السليمانية", "Sulaymaniyah Municipality", M, "IQ"),
]


# slug, Arabic name, English name, district code (directory/reference.py) or None
LIBYAN_BODIES = [
    # Seed 003: the Isal programme's course in Tripoli and its pilot projects.
    ("tripoli-centre", "بلدية طرابلس المركز", "Tripoli Centre Municipality", "ly-tripoli"),
    ("wadi-etba", "بلدية وادي عتبة", "Wadi Etba Municipality", "ly-murzuq"),
    ("traghen", "بلدية تراغن", "Traghen Municipality", "ly-murzuq"),
    ("sharqiya", "بلدية الشرقية", "Sharqiya Municipality", None),
    ("marada", "بلدية مرادة", "Marada Municipality", "ly-al-wahat"),
    ("wadi-al-bawanis", "بلدية وادي البوانيس", "Wadi al-Bawanis Municipality", "ly-sabha"),
    ("derj", "بلدية الدرج", "Derj Municipality", "ly-nalut"),
    ("gharyan", "بلدية غريان", "Gharyan Municipality", "ly-jabal-al-gharbi"),
    # A sample across the three regions.
    ("misrata", "بلدية مصراتة", "Misrata Municipality", "ly-misrata"),
    ("zuwara", "بلدية زوارة", "Zuwara Municipality", "ly-nuqat-al-khams"),
    ("nalut", "بلدية نالوت", "Nalut Municipality", "ly-nalut"),
    ("benghazi", "بلدية بنغازي", "Benghazi Municipality", "ly-benghazi"),
    ("al-bayda", "بلدية البيضاء", "Al-Bayda Municipality", "ly-jabal-al-akhdar"),
    ("derna", "بلدية درنة", "Derna Municipality", "ly-derna"),
    ("tobruk", "بلدية طبرق", "Tobruk Municipality", "ly-butnan"),
    ("ajdabiya", "بلدية أجدابيا", "Ajdabiya Municipality", "ly-al-wahat"),
    ("sabha", "بلدية سبها", "Sabha Municipality", "ly-sabha"),
    ("ubari", "بلدية أوباري", "Ubari Municipality", "ly-wadi-al-hayaa"),
    ("ghat", "بلدية غات", "Ghat Municipality", "ly-ghat"),
    ("murzuq", "بلدية مرزق", "Murzuq Municipality", "ly-murzuq"),
]

# Seed 003: the Isal programme's study tours and closing day (27 July 2022) were in Tunis.
TUNISIAN_BODIES = [("tunis", "بلدية تونس", "Municipality of Tunis", "tn-tunis")]

K = Organisation.Kind
# slug, Arabic name, English name, kind, acronym, country code (None: international), website
ORGANISATIONS = [
    ("ps-molg", "وزارة الحكم المحلي", "Ministry of Local Government (Palestine)", K.MINISTRY, "MoLG", "PS", ""),
    ("libya-molg", "وزارة الحكم المحلي الليبية", "Libyan Ministry of Local Government", K.MINISTRY, "", "LY", ""),
    (
        "apla",
        "الاتحاد الفلسطيني للهيئات المحلية",
        "Association of Palestinian Local Authorities",
        K.ASSOCIATION,
        "APLA",
        "PS",
        "",
    ),
    (
        "bmz",
        "الوزارة الاتحادية الألمانية للتعاون الاقتصادي والتنمية",
        "German Federal Ministry for Economic Cooperation and Development",
        K.FUNDER,
        "BMZ",
        None,
        "https://www.bmz.de",
    ),
    (
        "giz",
        "الوكالة الألمانية للتعاون الدولي",
        "Deutsche Gesellschaft für Internationale Zusammenarbeit",
        K.FUNDER,
        "GIZ",
        None,
        "https://www.giz.de",
    ),
    ("undp", "برنامج الأمم المتحدة الإنمائي", "United Nations Development Programme", K.FUNDER, "UNDP", None, ""),
    ("eu", "الاتحاد الأوروبي", "European Union", K.FUNDER, "EU", None, ""),
    ("nl-mfa", "وزارة الخارجية الهولندية", "Dutch Ministry of Foreign Affairs", K.FUNDER, "", None, ""),
    ("cmi", "مركز التكامل المتوسطي", "Center for Mediterranean Integration", K.FUNDER, "CMI", None, ""),
    (
        "vng-international",
        "الوكالة الدولية للتعاون التابعة لجمعية البلديات الهولندية",
        "VNG International",
        K.FUNDER,
        "VNG",
        None,
        "https://www.vng-international.nl",
    ),
    (
        "dri",
        "المنظمة الدولية للتقرير عن الديمقراطية",
        "Democracy Reporting International",
        K.CIVIL_SOCIETY,
        "DRI",
        None,
        "",
    ),
    (
        "ly-municipal-councils",
        "رابطة المجالس البلدية",
        "Association of Municipal Councils",
        K.CIVIL_SOCIETY,
        "",
        "LY",
        "",
    ),
    ("ly-elected-women", "شبكة النساء المنتخبات", "Network of Elected Women", K.CIVIL_SOCIETY, "", "LY", ""),
    (
        "ly-municipal-development-centre",
        "مركز تطوير البلديات ودعم اللامركزية",
        "Municipal Development and Decentralisation Support Centre",
        K.TRAINING_CENTRE,
        "",
        "LY",
        "",
    ),
    # Seed 003: the Tunisian centre whose work the Libyan centre's founders studied on their field visits.
    (
        "tn-cfad",
        "مركز التكوين ودعم اللامركزية",
        "Training and Decentralisation Support Centre",
        K.TRAINING_CENTRE,
        "CFAD",
        "TN",
        "",
    ),
    # The programmes' own teams, which the library names as authors (demo/library.py).
    (
        "giz-lgrp",
        "برنامج إصلاح الحكم المحلي (GIZ)",
        "Local Governance Reform Programme (GIZ)",
        K.PROGRAMME,
        "LGRP",
        "PS",
        "",
    ),
    (
        "vng-isal",
        "برنامج «إيصال» – الوكالة الدولية للتعاون لجمعية البلديات الهولندية",
        "Isal programme – VNG International",
        K.PROGRAMME,
        "Isal",
        "LY",
        "",
    ),
]

SUMMARIES = {
    "ly-municipal-development-centre": (
        "أُنشئ ضمن برنامج «إيصال» مع الاستئناس بالتجربة التونسية، ويدرّب المدرّبين في الحكم المحلي وتعليم الكبار "
        "والمشاركة المجتمعية.",
        "Set up under the Isal programme drawing on the Tunisian experience; it trains trainers in local governance, "
        "adult learning and community participation.",
    ),
    "ly-municipal-councils": (
        "منظمة مجتمع مدني ليبية دعمها برنامج «إيصال».",
        "A Libyan civil-society organisation supported by the Isal programme.",
    ),
    "ly-elected-women": (
        "منظمة مجتمع مدني ليبية دعمها برنامج «إيصال».",
        "A Libyan civil-society organisation supported by the Isal programme.",
    ),
}


def load() -> str:
    """Create or update the demo bodies and organisations."""
    palestine = Country.objects.get(code="PS")
    governorates = {g.code: g for g in Governorate.objects.select_related("region")}
    for slug, name_ar, name_en, body_type, governorate_code in PALESTINIAN_BODIES:
        governorate = governorates[governorate_code]
        population, website = PUBLIC_FACTS.get(slug, (None, ""))
        save_if_changed(
            LocalBody.objects.filter(slug=slug).first() or LocalBody(slug=slug),
            name_ar=name_ar,
            name_en=name_en,
            type=body_type,
            country=palestine,
            governorate=governorate,
            region=governorate.region,
            population=population,
            website=website,
        )
    load_foreign_bodies()
    load_libya_and_tunisia()
    organisations = load_organisations()
    return f"{LocalBody.objects.count()} local bodies, {organisations} organisations"


def load_libya_and_tunisia() -> int:
    """The Libyan and Tunisian bodies, each in its district and that district's region (idempotent)."""
    countries = {country.code: country for country in Country.objects.filter(code__in=["LY", "TN"])}
    districts = {g.code: g for g in Governorate.objects.filter(country__in=countries.values())}
    rows = [(row, "LY") for row in LIBYAN_BODIES] + [(row, "TN") for row in TUNISIAN_BODIES]
    for (slug, name_ar, name_en, district_code), country_code in rows:
        district = districts[district_code] if district_code else None
        save_if_changed(
            LocalBody.objects.filter(slug=slug).first() or LocalBody(slug=slug),
            name_ar=name_ar,
            name_en=name_en,
            type=M,
            country=countries[country_code],
            governorate=district,
            region=district.region if district else None,
        )
    return len(rows)


def load_organisations() -> int:
    countries = {country.code: country for country in Country.objects.all()}
    for slug, name_ar, name_en, kind, acronym, country_code, website in ORGANISATIONS:
        summary_ar, summary_en = SUMMARIES.get(slug, ("", ""))
        save_if_changed(
            Organisation.objects.filter(slug=slug).first() or Organisation(slug=slug),
            name_ar=name_ar,
            name_en=name_en,
            kind=kind,
            acronym=acronym,
            country=countries[country_code] if country_code else None,
            website=website,
            summary_ar=summary_ar,
            summary_en=summary_en,
        )
    return len(ORGANISATIONS)


def load_foreign_bodies() -> str:
    """Create or update the demo bodies outside Palestine (idempotent)."""
    countries = {country.code: country for country in Country.objects.all()}
    for slug, name_ar, name_en, body_type, country_code in FOREIGN_BODIES:
        save_if_changed(
            LocalBody.objects.filter(slug=slug).first() or LocalBody(slug=slug),
            name_ar=name_ar,
            name_en=name_en,
            type=body_type,
            country=countries[country_code],
            governorate=None,
            region=None,
        )
    return f"{len(FOREIGN_BODIES)} local bodies outside Palestine"


def link() -> str:
    """Seeds 000–001: APLA coordinates every exchange hub with GIZ's Local Governance Reform Programme: both are the
    hubs' partner organisations (after the hubs' demo is loaded)."""
    partners = list(Organisation.objects.filter(slug__in=["apla", "giz"]))
    linked = 0
    for hub in Hub.objects.prefetch_related("partner_organisations"):
        if {o.pk for o in hub.partner_organisations.all()} != {o.pk for o in partners}:
            hub.partner_organisations.set(partners)
            linked += 1
    return f"{linked} hubs given their partner organisations"
