import factory

from tabadul.directory.models import Country, Governorate, LocalBody


class LocalBodyFactory(factory.django.DjangoModelFactory):
    """A Palestinian municipality in Nablus governorate unless told otherwise (reference data is migrated)."""

    class Meta:
        model = LocalBody

    slug = factory.Sequence(lambda n: f"body-{n}")
    name_ar = factory.Sequence(lambda n: f"بلدية تجريبية {n}")
    name_en = factory.Sequence(lambda n: f"Test Municipality {n}")
    type = LocalBody.Type.MUNICIPALITY
    country = factory.LazyFunction(lambda: Country.objects.get(code="PS"))
    governorate = factory.LazyFunction(lambda: Governorate.objects.get(code="nablus"))
    region = factory.LazyAttribute(lambda body: body.governorate.region if body.governorate else None)
