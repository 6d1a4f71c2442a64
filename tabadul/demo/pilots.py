"""Demo pilot projects of the Isal programme in Libyan municipalities, as seed 003 names them: municipal waste
management plans (among them Wadi Etba's), the training centre for women, children and youth in Traghen, public
parks in Sharqiya and Marada, and citizen service offices in Wadi al-Bawanis, Derj and Gharyan. Idempotent.

Facts only: the seed says the programme carried them out (so they are completed) within its period (April 2019 –
July 2022), run by VNG International; it gives no budget, date, milestone or lesson, so those stay empty.
"""

from tabadul.core.services import save_if_changed
from tabadul.directory.models import LocalBody, Organisation
from tabadul.programmes.models import PilotProject, Programme

# slug, Arabic name, English name, objective (Arabic, English), body slugs
PILOTS = [
    (
        "isal-waste-plan-wadi-etba",
        "مخطط بلدي لإدارة النفايات في وادي عتبة",
        "Municipal waste management plan in Wadi Etba",
        ("وضع مخطط بلدي لإدارة النفايات.", "Drawing up a municipal waste management plan."),
        ["wadi-etba"],
    ),
    (
        "isal-traghen-training-centre",
        "مركز التدريب للمرأة والطفل والشباب في تراغن",
        "Training centre for women, children and youth in Traghen",
        ("بعث مركز تدريب للمرأة والطفل والشباب.", "Opening a training centre for women, children and youth."),
        ["traghen"],
    ),
    (
        "isal-public-parks",
        "تهيئة حدائق عمومية في الشرقية ومرادة",
        "Public parks in Sharqiya and Marada",
        ("تهيئة حدائق عمومية.", "Laying out public parks."),
        ["sharqiya", "marada"],
    ),
    (
        "isal-citizen-service-offices",
        "مكاتب خدمات للمواطن في وادي البوانيس والدرج وغريان",
        "Citizen service offices in Wadi al-Bawanis, Derj and Gharyan",
        ("فتح مكاتب خدمات للمواطن.", "Opening citizen service offices."),
        ["wadi-al-bawanis", "derj", "gharyan"],
    ),
]


def load() -> str:
    programme = Programme.objects.filter(slug="isal").first()
    if programme is None:
        return "no Isal programme, no pilots"
    partners = list(Organisation.objects.filter(slug="vng-international"))
    for slug, name_ar, name_en, (objective_ar, objective_en), body_slugs in PILOTS:
        pilot = PilotProject.objects.filter(slug=slug).first() or PilotProject(slug=slug)
        save_if_changed(
            pilot,
            programme=programme,
            name_ar=name_ar,
            name_en=name_en,
            objectives_ar=objective_ar,
            objectives_en=objective_en,
            status=PilotProject.Status.COMPLETED,
        )
        bodies = list(LocalBody.objects.filter(slug__in=body_slugs))
        if {b.pk for b in pilot.bodies.all()} != {b.pk for b in bodies}:
            pilot.bodies.set(bodies)
        if {p.pk for p in pilot.partners.all()} != {p.pk for p in partners}:
            pilot.partners.set(partners)
    return f"{len(PILOTS)} pilot projects"
