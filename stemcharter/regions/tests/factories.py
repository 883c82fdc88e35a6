import factory

from stemcharter.regions.models import Province, Subregion


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province

    name_nl = factory.Sequence(lambda n: f"Provincie {n}")
    name_en = factory.Sequence(lambda n: f"Province {n}")
    slug = factory.Sequence(lambda n: f"provincie-{n}")


class SubregionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subregion

    name_nl = factory.Sequence(lambda n: f"Subregio {n}")
    name_en = factory.Sequence(lambda n: f"Subregion {n}")
    slug = factory.Sequence(lambda n: f"subregio-{n}")
    province = factory.SubFactory(ProvinceFactory)
