"""Read queries of organisations: sectors and subregions (the filters' choices)."""

import pytest
from django.utils import translation

from stemcharter.organisations.selectors import sector_list, subregion_list
from stemcharter.vocabulary.models import Sector

pytestmark = pytest.mark.django_db


def test_sector_list_sorted_by_name_in_the_current_language():
    with translation.override("nl"):
        dutch = [sector.name for sector in sector_list()]
    with translation.override("en"):
        english = [sector.name for sector in sector_list()]
    assert dutch == sorted(dutch, key=str.casefold)
    assert english == sorted(english, key=str.casefold)
    assert "Bouw" in dutch
    assert "Construction" in english


def test_subregion_list_groups_by_province():
    subregions = subregion_list()
    assert len(subregions) == 23
    positions = [subregion.province.position for subregion in subregions]
    assert positions == sorted(positions)


def test_sector_list_ignores_accents():
    Sector.objects.create(name_nl="Élan", name_en="Élan", slug="elan")
    Sector.objects.create(name_nl="Zee", name_en="Sea", slug="zee")
    with translation.override("en"):
        names = [sector.name for sector in sector_list()]
    # "Élan" sorts with the E's ("Education", "Energy"), not after "Sea" or "Wood".
    assert names.index("Education and training") < names.index("Élan") < names.index("Energy")
