"""Demo programmes from the seeds, linked to the demo hubs, events, Meter pilots and twinning groups, and a
programme officer of APLA / GIZ LGRP. Idempotent.

- Seeds 000–001: the exchange hubs, coordinated by APLA with GIZ's Local Governance Reform Programme, funded by
  BMZ (every demo hub; their events follow through the organising hub).
- Seed 002: the Municipality Meter pilots (five municipalities), APLA's project "Strengthening accountability and
  transparency of local bodies" supported by UNDP's TEA3 programme; the community meetings of 2 December 2024.
- Seed 003: the Isal programme in Libya (April 2019 – July 2022), run by VNG International's MENA office with
  Democracy Reporting International, funded by the EU and the Dutch Ministry of Foreign Affairs, with the Libyan
  Ministry of Local Government (the demo course's sessions).
- Seed 004: CMI's Mediterranean Host Municipalities Learning Network (since June 2016): its twinning groups and
  their meetings, and the network's virtual meeting of 11 July 2018.

Facts only: a field the seeds do not give stays empty.
"""

import datetime as dt

from tabadul.accounts.models import RoleGrant, User
from tabadul.accounts.services import role_grant
from tabadul.core.services import save_if_changed
from tabadul.demo.accounts import set_demo_password
from tabadul.directory.models import Country, Organisation
from tabadul.events.models import Event
from tabadul.hubs.models import Hub
from tabadul.library.models import Document
from tabadul.meter.models import StrategicPlan
from tabadul.programmes.models import Programme, ProgrammeFunder, ProgrammePartner
from tabadul.twinning.models import TwinningGroup

GIZ_LGRP = "giz-lgrp"
UNDP_TEA3 = "undp-tea3"
ISAL = "isal"
CMI_HMLN = "cmi-hmln"

OFFICER = "apla.officer"

# slug, fields, country codes (the funders and partners: FUNDERS and PARTNERS below)
PROGRAMMES = [
    (
        GIZ_LGRP,
        {
            "name_ar": "برنامج إصلاح الحكم المحلي",
            "name_en": "Local Governance Reform Programme",
            "acronym": "GIZ LGRP",
            "summary_ar": "تعزيز عمليات التطوير والإصلاح في تخطيط الجوانب الإدارية والمالية والمساءلة للهيئات المحلية "
            "في فلسطين، وزيادة خبرة ومعرفة موظفي الهيئات المحلية في مواضيع فنية مستجدة ومهمة، وزيادة التواصل "
            "والتشبيك بينهم. يتولى الاتحاد الفلسطيني للهيئات المحلية تنسيق منصات تبادل الخبرات وتنظيم أنشطتها.",
            "summary_en": "Strengthening development and reform in the administrative and financial planning and the "
            "accountability of Palestinian local bodies, building their staff's knowledge of new technical topics "
            "and networking among them. APLA coordinates the exchange hubs and organises their activities.",
            "objectives_ar": "تعزيز عمليات التطوير والإصلاح في تخطيط الجوانب الإدارية والمالية والمساءلة "
            "للهيئات المحلية\n"
            "زيادة خبرة ومعرفة موظفي الهيئات المحلية في مواضيع فنية مستجدة ومهمة\n"
            "زيادة التواصل والتشبيك بين موظفي الهيئات المحلية",
            "objectives_en": "Strengthen development and reform in the administrative and financial planning and the "
            "accountability of local bodies\nBuild local body staff's knowledge of new and important technical topics\n"
            "Increase networking among local body staff",
        },
        ["PS"],
    ),
    (
        UNDP_TEA3,
        {
            "name_ar": "تعزيز المساءلة والشفافية للهيئات المحلية",
            "name_en": "Strengthening accountability and transparency of local bodies",
            "acronym": "UNDP TEA3",
            "summary_ar": "مشروع ينفذه الاتحاد الفلسطيني للهيئات المحلية بدعم من برنامج الشفافية والأدلة والمساءلة "
            "(TEA3) التابع لبرنامج الأمم المتحدة الإنمائي، ومنه منصة «البلدية ميتر» الرقمية التي تمكّن المواطنين من "
            "متابعة أداء البلديات وفق خططها الاستراتيجية، بمرحلة تجريبية في خمس بلديات.",
            "summary_en": "A project run by APLA with the support of UNDP's Transparency, Evidence and Accountability "
            "programme (TEA3), including the digital Municipality Meter that lets citizens follow their "
            "municipality's performance against its strategic plan, piloted in five municipalities.",
            "objectives_ar": "تعزيز الشفافية والمساءلة في أداء الهيئات المحلية\n"
            "تمكين المواطنين من متابعة أداء البلديات وفق خططها الاستراتيجية",
            "objectives_en": "Strengthen transparency and accountability in local bodies' performance\n"
            "Let citizens follow their municipality's performance against its strategic plan",
        },
        ["PS"],
    ),
    (
        ISAL,
        {
            "name_ar": "برنامج تطوير الخدمات المحلية وترسيخ الشفافية على المستوى المحلي «إيصال»",
            "name_en": "Isal: local service delivery and transparency at the local level",
            "acronym": "Isal",
            "summary_ar": "تحسين الإطار العام لتنفيذ خطة تطوير الخدمات المحلية في ليبيا ودعم قدرات البلديات في "
            "الحوكمة والتشاركية والشفافية والتنمية المحلية، بالشراكة مع وزارة الحكم المحلي الليبية.",
            "summary_en": "Improving the framework for local service delivery in Libya and building municipalities' "
            "capacities in governance, participation, transparency and local development, in partnership with the "
            "Libyan Ministry of Local Government.",
            "objectives_ar": "تحسين الإطار العام لتنفيذ خطة تطوير الخدمات المحلية في ليبيا\n"
            "دعم قدرات البلديات في الحوكمة والتشاركية والشفافية والتنمية المحلية",
            "objectives_en": "Improve the framework for local service delivery in Libya\n"
            "Build municipalities' capacities in governance, participation, transparency and local development",
            "starts_on": dt.date(2019, 4, 1),
            "ends_on": dt.date(2022, 7, 31),
        },
        ["LY", "TN"],
    ),
    (
        CMI_HMLN,
        {
            "name_ar": "شبكة تعلم البلديات المضيفة المتوسطية",
            "name_en": "Mediterranean Host Municipalities Learning Network",
            "acronym": "CMI HMLN",
            "summary_ar": "دعم الحكومات المحلية المضيفة بالمعرفة القائمة على الأدلة وبناء القدرات لتحسين استجابتها "
            "للنزوح القسري، ضمن برنامج اللاجئين والمجتمعات المضيفة في البحر الأبيض المتوسط؛ ومنها مجموعات التوأمة "
            "في التخطيط للتنمية الاقتصادية المحلية.",
            "summary_en": "Supporting host local governments with evidence-based knowledge and capacity building to "
            "respond to forced displacement, part of the Refugees and Host Communities in the Mediterranean "
            "programme; including twinning groups on local economic development planning.",
            "objectives_ar": "دعم الحكومات المحلية المضيفة بالمعرفة القائمة على الأدلة وبناء القدرات لتحسين استجابتها "
            "للنزوح القسري",
            "objectives_en": "Support host local governments with evidence-based knowledge and capacity building to "
            "respond to forced displacement",
            "starts_on": dt.date(2016, 6, 1),
        },
        ["IQ", "JO", "LB", "PS", "TR"],
    ),
]


# Who funds each programme and who implements it, lead first, as the seeds name them (directory organisations,
# demo/directory.py). TEA3 is UNDP's programme, not an organisation: the UNDP project's summary names it. The
# seeds name no funder of CMI's network: none is given.
FUNDERS = {
    GIZ_LGRP: ["bmz"],
    UNDP_TEA3: ["undp"],
    ISAL: ["eu", "nl-mfa"],
    CMI_HMLN: [],
}
PARTNERS = {
    GIZ_LGRP: ["apla", "giz"],
    UNDP_TEA3: ["apla"],
    ISAL: ["vng-international", "dri", "libya-molg"],
    CMI_HMLN: ["cmi"],
}


def load() -> str:
    """The programmes with their funders and partners, and the demo programme officer (the links to the work come
    in `link`, once the other apps loaded)."""
    countries = {country.code: country for country in Country.objects.all()}
    organisations = {organisation.slug: organisation for organisation in Organisation.objects.all()}
    for slug, fields, codes in PROGRAMMES:
        programme = Programme.objects.filter(slug=slug).first() or Programme(slug=slug)
        save_if_changed(programme, **fields)
        wanted = {countries[code].pk for code in codes if code in countries}
        if set(programme.countries.values_list("pk", flat=True)) != wanted:
            programme.countries.set(wanted)
        for model, slugs in ((ProgrammeFunder, FUNDERS[slug]), (ProgrammePartner, PARTNERS[slug])):
            _set_in_order(model, programme, [organisations[name] for name in slugs])
    officer = _officer()
    return f"{len(PROGRAMMES)} programmes" + (f", officer {officer.username}" if officer else "")


def _set_in_order(model, programme, wanted: list) -> None:
    """The programme's funder or partner rows (`model`) are `wanted`, in that order (idempotent)."""
    links = list(model.objects.filter(programme=programme).order_by("position", "pk"))
    if [(link.organisation_id, link.position) for link in links] == [
        (organisation.pk, (index + 1) * 10) for index, organisation in enumerate(wanted)
    ]:
        return
    model.objects.filter(programme=programme).delete()
    for index, organisation in enumerate(wanted):
        model.objects.create(programme=programme, organisation=organisation, position=(index + 1) * 10)


def _officer():
    """APLA's programme officer for GIZ LGRP (the hubs), only with the demo accounts (`load_demo` without
    --no-accounts)."""
    if not User.objects.filter(username="admin").exists():
        return None
    user = User.objects.filter(username=OFFICER).first()
    if user is None:
        user = User(username=OFFICER, email=f"{OFFICER}@demo.tabadul.local")
        set_demo_password(user)
    save_if_changed(user, full_name="مسؤولة برامج الاتحاد الفلسطيني للهيئات المحلية", position="مسؤولة برامج")
    role_grant(
        actor=None, user=user, role=RoleGrant.Role.PROGRAMME_OFFICER, programme=Programme.objects.get(slug=GIZ_LGRP)
    )
    return user


def link() -> str:
    """Name each programme on the work the seeds give it (after every app's demo data is loaded)."""
    programmes = {
        programme.slug: programme for programme in Programme.objects.filter(slug__in=[p[0] for p in PROGRAMMES])
    }
    linked = 0
    for hub in Hub.objects.all():  # seeds 000–001: every exchange hub
        linked += save_if_changed(hub, programme=programmes[GIZ_LGRP])
    for plan in StrategicPlan.objects.filter(body__slug__in=PILOT_BODIES):  # seed 002
        linked += save_if_changed(plan, programme=programmes[UNDP_TEA3])
    meetings = Event.objects.filter(starts_at__date=dt.date(2024, 12, 2), type="community_meeting")
    for event in meetings.filter(organiser_bodies__slug__in=PILOT_BODIES).distinct() if _has_body_events() else []:
        linked += save_if_changed(event, programme=programmes[UNDP_TEA3])
    isal_events = Event.objects.filter(course__name_ar="التخطيط الاستراتيجي المحلي والتشاركية")  # seed 003
    # Seed 003: the closing day in Tunis presented the programme's final report, as the programme closed.
    isal_events |= Event.objects.filter(name_ar__startswith="اليوم الختامي لأعمال مجموعة التفكير بليبيا")
    for event in isal_events.distinct():
        linked += save_if_changed(event, programme=programmes[ISAL])
    for group in TwinningGroup.objects.filter(network__slug="hmln"):  # seed 004
        linked += save_if_changed(group, programme=programmes[CMI_HMLN])
    hmln_events = Event.objects.filter(twinning_meeting__group__network__slug="hmln")
    hmln_events |= Event.objects.filter(twinning_groups_formed__network__slug="hmln")  # the March 2018 workshop
    hmln_events |= Event.objects.filter(name_ar__startswith="زيارة تبادل:")  # the groups' exchange visits
    hmln_events |= Event.objects.filter(name_ar__startswith="اجتماع افتراضي لشبكة تعلم البلديات المضيفة المتوسطية")
    for event in hmln_events.distinct():
        linked += save_if_changed(event, programme=programmes[CMI_HMLN])
    # The library's documents: those GIZ's programme or VNG International's Isal team wrote, and the hubs' own.
    for document in Document.objects.filter(author_organisations__slug="giz-lgrp").distinct():
        linked += save_if_changed(document, programme=programmes[GIZ_LGRP])
    for document in Document.objects.filter(author_organisations__slug="vng-isal").distinct():
        linked += save_if_changed(document, programme=programmes[ISAL])
    for document in Document.objects.filter(author_hubs__isnull=False, programme__isnull=True).distinct():
        linked += save_if_changed(document, programme=programmes[GIZ_LGRP])
    return f"{linked} links to programmes"


# Seed 002: the five municipalities of the Meter's pilot phase.
PILOT_BODIES = ["beita", "salfit", "sebastia", "anabta", "bidya"]


def _has_body_events() -> bool:
    return any(field.name == "organiser_bodies" for field in Event._meta.get_fields())
