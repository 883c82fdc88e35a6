"""The neighbours of each subregion (migration 0003_subregion_neighbours)."""

import pytest

from stemcharter.regions.models import Subregion
from stemcharter.regions.selectors import subregion_neighbours

pytestmark = pytest.mark.django_db


def neighbours(slug: str) -> set[str]:
    return set(Subregion.objects.get(slug=slug).neighbours.values_list("slug", flat=True))


def test_every_subregion_has_neighbours_and_the_relation_is_symmetrical():
    for subregion in Subregion.objects.all():
        around = neighbours(subregion.slug)
        assert around, subregion.slug
        assert subregion.slug not in around
        for other in around:
            assert subregion.slug in neighbours(other), (subregion.slug, other)


def test_gent_borders_the_other_arrondissements_of_its_province_and_three_in_west_flanders():
    assert neighbours("gent") == {
        "aalst",
        "dendermonde",
        "eeklo",
        "oudenaarde",
        "sint-niklaas",
        "brugge",
        "tielt",
        "kortrijk",
    }
    assert neighbours("brussel") == {"halle-vilvoorde", "leuven"}
    assert "veurne" not in neighbours("gent")


def test_neighbours_of_several_subregions_leave_out_the_chosen_ones_and_come_in_province_order():
    found = subregion_neighbours(slugs=["gent", "eeklo"])
    slugs = [subregion.slug for subregion in found]
    assert "gent" not in slugs
    assert "eeklo" not in slugs
    assert len(slugs) == len(set(slugs))
    assert set(slugs) == (neighbours("gent") | neighbours("eeklo")) - {"gent", "eeklo"}
    positions = [subregion.province.position for subregion in found]
    assert positions == sorted(positions)


def test_neighbours_cost_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        found = subregion_neighbours(slugs=["leuven"])
        assert [subregion.province.name for subregion in found]
