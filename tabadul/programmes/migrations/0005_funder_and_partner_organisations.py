"""A programme's funders and implementing partners become organisations of the directory (issue 20, decisions/010).

The text of the old fields (`funders_ar/en`, `partners_ar/en`) is matched against the organisations' Arabic and
English names and acronyms, longest first, in the order the text names them. Nothing is invented: what matches no
organisation is printed ("not linked: …") for an administrator to add in the admin, and stays in the text fields
until 0006 removes them. Backwards, the names of the linked organisations are written back into the text fields.
"""

import re

import django.db.models.deletion
from django.db import migrations, models

# Separators left over around matched names: what remains between them is an unknown name.
_SEPARATORS = " \t\n,،;؛–-«»"


def match_organisations(text: str, organisations) -> tuple[list, list[str]]:
    """The organisations `text` names, in its order, and the parts of it that name none.

    Full names are found anywhere (Arabic attaches prepositions: "بالوكالة", "للوكالة"), acronyms only as whole
    words; longer names first, and a matched span cannot be matched again (the Libyan ministry's name contains the
    Palestinian one's)."""
    candidates = []
    for organisation in organisations:
        for name in (organisation.name_ar, organisation.name_en):
            if name and name.strip():
                candidates.append((name.strip(), False, organisation))
                if name.strip().startswith("ال"):  # after "لـ" Arabic drops the article's alef: "للوكالة"
                    candidates.append(("ل" + name.strip()[1:], False, organisation))
        if organisation.acronym and organisation.acronym.strip():
            candidates.append((organisation.acronym.strip(), True, organisation))
    candidates.sort(key=lambda candidate: -len(candidate[0]))
    remaining = text or ""
    found: dict = {}
    for name, whole_word, organisation in candidates:
        pattern = re.escape(name)
        if whole_word:
            pattern = rf"(?<!\w){pattern}(?!\w)"
        for match in re.finditer(pattern, remaining):
            found.setdefault(organisation.pk, (match.start(), organisation))
            found[organisation.pk] = (min(found[organisation.pk][0], match.start()), organisation)
            remaining = remaining[: match.start()] + "\0" * len(name) + remaining[match.end() :]
    ordered = [organisation for _start, organisation in sorted(found.values(), key=lambda item: item[0])]
    unknown = []
    for part in re.split("\0+", remaining):
        part = part.strip(_SEPARATORS).lstrip(")").rstrip("(").strip(_SEPARATORS)
        if part.count("(") > part.count(")"):
            part += ")"
        if any(character.isalpha() for character in part):
            unknown.append(part)
    return ordered, unknown


def carry_over(apps, schema_editor):
    Programme = apps.get_model("programmes", "Programme")
    Organisation = apps.get_model("directory", "Organisation")
    organisations = list(Organisation.objects.all())
    for programme in Programme.objects.order_by("pk"):
        for role, model_name, english, arabic in (
            ("funders", "ProgrammeFunder", programme.funders_en, programme.funders_ar),
            ("partners", "ProgrammePartner", programme.partners_en, programme.partners_ar),
        ):
            link_model = apps.get_model("programmes", model_name)
            in_english, unknown_en = match_organisations(english, organisations)
            in_arabic, unknown_ar = match_organisations(arabic, organisations)
            ordered = in_english + [o for o in in_arabic if o.pk not in {e.pk for e in in_english}]
            for position, organisation in enumerate(ordered, start=1):
                link_model.objects.get_or_create(
                    programme=programme, organisation=organisation, defaults={"position": position * 10}
                )
            for part in unknown_en + unknown_ar:
                print(f"\n  programmes: {programme.slug}: {role} not linked (no organisation of that name): {part}")


def write_back(apps, schema_editor):
    Programme = apps.get_model("programmes", "Programme")
    for programme in Programme.objects.order_by("pk"):
        for role, model_name in (("funders", "ProgrammeFunder"), ("partners", "ProgrammePartner")):
            links = list(
                apps.get_model("programmes", model_name)
                .objects.filter(programme=programme)
                .select_related("organisation")
                .order_by("position", "pk")
            )
            setattr(programme, f"{role}_ar", "، ".join(link.organisation.name_ar for link in links)[:300])
            setattr(
                programme,
                f"{role}_en",
                ", ".join(link.organisation.name_en or link.organisation.name_ar for link in links)[:300],
            )
        programme.save(update_fields=["funders_ar", "funders_en", "partners_ar", "partners_en"])


def _link_model(name: str, verbose: str, related: str, programme_related: str):
    return migrations.CreateModel(
        name=name,
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
            ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
            ("position", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
            (
                "organisation",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name=related,
                    to="directory.organisation",
                    verbose_name=verbose,
                ),
            ),
            (
                "programme",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name=programme_related,
                    to="programmes.programme",
                    verbose_name="programme",
                ),
            ),
        ],
        options={
            "verbose_name": verbose,
            "verbose_name_plural": verbose + "s",
            "ordering": ["programme_id", "position", "pk"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0006_organisation_table_and_fields"),
        ("programmes", "0004_pilot_projects"),
    ]

    operations = [
        _link_model("ProgrammeFunder", "funder", "programme_fundings", "funder_links"),
        _link_model("ProgrammePartner", "implementing partner", "programme_partnerships", "partner_links"),
        migrations.AddConstraint(
            model_name="programmefunder",
            constraint=models.UniqueConstraint(fields=("programme", "organisation"), name="programme_funder_once"),
        ),
        migrations.AddConstraint(
            model_name="programmepartner",
            constraint=models.UniqueConstraint(fields=("programme", "organisation"), name="programme_partner_once"),
        ),
        migrations.AddField(
            model_name="programme",
            name="funders",
            field=models.ManyToManyField(
                blank=True,
                related_name="funded_programmes",
                through="programmes.ProgrammeFunder",
                to="directory.organisation",
                verbose_name="funders",
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="partners",
            field=models.ManyToManyField(
                blank=True,
                related_name="implemented_programmes",
                through="programmes.ProgrammePartner",
                to="directory.organisation",
                verbose_name="implementing partners",
            ),
        ),
        migrations.RunPython(carry_over, write_back, elidable=False),
    ]
