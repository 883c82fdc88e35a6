"""The index of the "decided" tab's order (newest review first): in the model, the same as
the selector's ORDER BY, and (on PostgreSQL) used by it instead of a sort."""

import pytest
from django.db import connection

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.reviews.models import Review
from stemcharter.reviews.selectors import review_decided

pytestmark = pytest.mark.django_db


def test_the_index_follows_the_order_of_the_decided_tab():
    indexes = {index.name: list(index.fields) for index in Review._meta.indexes}
    assert indexes["review_newest_first"] == ["-created_at", "-id"]
    ordered = review_decided(user=CoordinatorFactory())
    assert list(ordered.query.order_by) == ["-created_at", "-pk"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the query plans are PostgreSQL's")
def test_postgresql_reads_the_newest_reviews_from_the_index():
    with connection.cursor() as cursor:
        # With a few rows the planner would rather read the table: make that the last resort.
        cursor.execute("SET LOCAL enable_seqscan = off")
    found = Review.objects.order_by("-created_at", "-pk")[:50].explain()
    assert "Index Scan using review_newest_first" in found, found
    assert "Sort" not in found, found
