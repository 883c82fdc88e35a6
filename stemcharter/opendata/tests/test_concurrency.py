"""Two workers starting the open-data build at the same moment (PostgreSQL, real threads):
one builds, the other is refused cleanly by the constraint on the state ``building``."""

import pytest
from django.db import connection

from stemcharter.common.tests.concurrency import at_once
from stemcharter.opendata.exports import OpenDataBuildRunning, open_data_build_start
from stemcharter.opendata.models import OpenDataExport

pytestmark = [
    # serialized_rollback: see stemcharter/charter/tests/test_concurrency.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL and threads"),
]


def test_of_builds_started_at_the_same_moment_one_starts_and_the_others_are_refused():
    results = at_once([open_data_build_start] * 4, refused=OpenDataBuildRunning)
    started = [result for result in results if isinstance(result, OpenDataExport)]
    refused = [result for result in results if isinstance(result, OpenDataBuildRunning)]
    assert len(started) == 1
    assert len(refused) == 3
    assert list(OpenDataExport.objects.values_list("status", flat=True)) == ["building"]
