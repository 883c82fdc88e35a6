"""A small dataset of the tests' own (subregions of the test provinces), registered for one
test at a time: the export and the page work for whatever datasets are registered."""

import pytest
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from stemcharter.opendata.datasets import Dataset, registered
from stemcharter.regions.models import Subregion
from stemcharter.regions.tests.factories import ProvinceFactory, SubregionFactory


class ProvinceRowSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="The province's code in addresses.")
    name = serializers.CharField(source="name_nl", help_text="The province's name in Dutch.")


class SubregionRowSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="The subregion's code in addresses.")
    name = serializers.CharField(source="name_nl", help_text="The subregion's name in Dutch.")
    province = ProvinceRowSerializer(help_text="The province it lies in.")
    neighbours = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug", help_text="The neighbouring subregions."
    )
    id = serializers.IntegerField(help_text="The subregion's number.")


def public_subregions():
    """The test provinces' subregions whose Dutch name starts with "Subregio" ("Verborgen ..."
    stands for a row that is not public), in a stable order."""
    return (
        Subregion.objects.filter(province__slug__startswith="test-", name_nl__startswith="Subregio")
        .select_related("province")
        .prefetch_related("neighbours")
        .order_by("pk")
    )


SUBREGIONS = Dataset(
    key="test-subregions",
    title=_("Regions"),
    description="The test's subregions.",
    queryset=public_subregions,
    serializer_class=SubregionRowSerializer,
    lookup_field="slug",
)


@pytest.fixture
def dataset():
    with registered(SUBREGIONS):
        yield SUBREGIONS


@pytest.fixture
def province():
    return ProvinceFactory(slug="test-west", name_nl="West")


def make_subregions(province, count: int, start: int = 0) -> list[Subregion]:
    return [
        SubregionFactory(
            province=province, name_nl=f"Subregio {start + i:04d}", slug=f"t-{start + i}"
        )
        for i in range(count)
    ]


def stored(path: str) -> bytes:
    with default_storage.open(path, "rb") as handle:
        return handle.read()
