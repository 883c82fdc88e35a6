"""The indexes of the lists' orders by organisation name: in the model, and (on PostgreSQL)
used by the ORDER BY the selectors write, so a page stops early instead of sorting every
organisation."""

import pytest
from django.db import connection
from django.http import QueryDict

from stemcharter.charter.filters import SignatoryFilterSet
from stemcharter.charter.selectors import ORGANISATION_SORTS
from stemcharter.organisations.models import Organisation
from stemcharter.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the query plans are PostgreSQL's"
)


def index_fields() -> dict[str, list[str]]:
    return {index.name: list(index.fields) for index in Organisation._meta.indexes}


def test_the_indexes_follow_the_orders_of_the_lists():
    indexes = index_fields()
    # charter.selectors.ORGANISATION_SORTS["name"] (the back office) and the progress overview
    assert ORGANISATION_SORTS["name"] == ["name", "pk"]
    assert indexes["organisation_by_name"] == ["name", "id"]
    # charter.filters.SignatoryFilterSet, sort "name" (the public directory)
    filterset = SignatoryFilterSet(
        QueryDict("sort=name"), queryset=Organisation.objects.all(), sectors=[], subregions=[]
    )
    ordered = filterset.ordered(Organisation.objects.all())
    assert list(ordered.query.order_by) == ["normalised_name", "name", "pk"]
    assert indexes["organisation_by_sort_name"] == ["normalised_name", "name", "id"]


def plan(queryset) -> str:
    """The plan of ``queryset`` with sequential scans made the last resort: with a few rows
    the planner would rather read the table; what matters is that the index can serve the
    order (else the plan sorts)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


@postgres_only
@pytest.mark.parametrize(
    ("order", "index"),
    [
        (["name", "pk"], "organisation_by_name"),
        (["-name", "-pk"], "organisation_by_name"),
        (["normalised_name", "name", "pk"], "organisation_by_sort_name"),
    ],
)
def test_postgresql_reads_a_page_in_the_order_of_the_index(order, index):
    OrganisationFactory.create_batch(5)
    found = plan(Organisation.objects.order_by(*order)[:50])
    assert "Index Scan" in found, found
    assert index in found, found
    assert "Sort" not in found, found  # no sort node: the index gives the order
