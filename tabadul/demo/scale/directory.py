"""Local bodies across the Arab countries of the reference data, each in one of its country's governorates.

A country without governorates in the reference data (Jordan, Lebanon, Iraq) gets a few generated ones, named
"(generated)" and coded `scale-<country>-<n>`, shared by every run (they are not tied to a seed).
"""

from django.utils.text import slugify

from tabadul.core.arabic import normalize_arabic
from tabadul.directory.models import Country, Governorate, LocalBody

from .base import Run, insert, pick
from .words import PREFIXES, QUALIFIERS, ROOTS

# Country code -> share of the generated bodies (Türkiye is in the reference data for partners, not bodies here).
COUNTRY_SHARES = {"PS": 10, "JO": 15, "LB": 15, "IQ": 25, "LY": 15, "TN": 20}
POPULATION = {LocalBody.Type.MUNICIPALITY: (3000, 250_000), LocalBody.Type.VILLAGE_COUNCIL: (300, 9000)}
POPULATION[LocalBody.Type.JOINT_SERVICES_COUNCIL] = (20_000, 120_000)
GENERATED_GOVERNORATES = 6  # for a country that has fewer than this many
TYPES = [
    (LocalBody.Type.MUNICIPALITY, "بلدية {ar}", "{en} Municipality", 40),
    (LocalBody.Type.VILLAGE_COUNCIL, "مجلس قروي {ar}", "{en} Village Council", 55),
    (LocalBody.Type.JOINT_SERVICES_COUNCIL, "مجلس الخدمات المشترك {ar}", "{en} Joint Services Council", 5),
]


def _governorates(run: Run) -> dict[int, list[Governorate]]:
    """Country id -> its governorates, generating a few for a country that has too few."""
    by_country = {}
    for country in Country.objects.filter(code__in=COUNTRY_SHARES).order_by("code"):
        existing = list(Governorate.objects.filter(country=country).order_by("code"))
        if len(existing) < 2:
            for number in range(1, GENERATED_GOVERNORATES + 1):
                root_ar, root_en = ROOTS[(number * 5 + country.pk) % len(ROOTS)]
                governorate, created = Governorate.objects.get_or_create(
                    code=f"scale-{country.code.lower()}-{number}",
                    defaults={
                        "country": country,
                        "name_ar": f"محافظة {root_ar} (مولّدة)",
                        "name_en": f"{root_en} Governorate (generated)",
                    },
                )
                run.counts["directory.Governorate"] += created
                existing.append(governorate)
        by_country[country.pk] = existing
    return by_country


def place_name(rng) -> tuple[str, str]:
    prefix_ar, prefix_en = pick(rng, PREFIXES)
    root_ar, root_en = pick(rng, ROOTS)
    qualifier_ar, qualifier_en = pick(rng, QUALIFIERS, weights=[6, 1, 1, 1, 1, 1])
    arabic = " ".join(part for part in (prefix_ar, root_ar, qualifier_ar) if part)
    english = " ".join(part for part in (prefix_en, root_en, qualifier_en) if part)
    return arabic, english


def _body(run: Run, rng, number: int, country: Country, governorate: Governorate) -> LocalBody:
    body_type, ar_pattern, en_pattern, _weight = pick(rng, TYPES, weights=[t[3] for t in TYPES])
    place_ar, place_en = place_name(rng)
    name_ar, name_en = ar_pattern.format(ar=place_ar), en_pattern.format(en=place_en)
    slug = f"{run.prefix}-{number:05d}-{slugify(place_en)}"[:80]
    return LocalBody(
        slug=slug,
        type=body_type,
        name_ar=name_ar,
        name_en=name_en,
        country=country,
        governorate=governorate,
        region_id=governorate.region_id,
        population=rng.randrange(*POPULATION[body_type]),
        email=f"info@{slug}.scale.tabadul.local",
        search_name=normalize_arabic(f"{name_ar} {name_en}"),  # as LocalBody.save() sets it
    )


def generate(run: Run) -> None:
    rng = run.rng("directory")
    governorates = _governorates(run)
    countries = {country.pk: country for country in Country.objects.filter(pk__in=governorates)}
    country_ids = sorted(governorates)
    weights = [COUNTRY_SHARES[countries[pk].code] for pk in country_ids]
    rows = []
    for number in range(run.bodies):
        country = countries[pick(rng, country_ids, weights)]
        rows.append(_body(run, rng, number, country, pick(rng, governorates[country.pk])))
    for body in insert(LocalBody, rows, run):
        run.body_ids.append(body.pk)
        run.body_country[body.pk] = body.country_id
        run.body_governorate[body.pk] = body.governorate_id
        run.body_names[body.pk] = (body.name_ar, body.name_en)
