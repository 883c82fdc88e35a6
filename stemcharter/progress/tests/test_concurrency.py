"""Two members start their organisation's report at the same moment: one report (PostgreSQL
row lock on the organisation), the other is told it was already started."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from stemcharter.common.tests.concurrency import at_once
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.progress.models import ProgressReport
from stemcharter.progress.services import progress_report_start

from .conftest import IN_WINDOW

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks and threads"
    ),
]


def test_two_members_starting_at_once_make_one_report(signatory):
    members = [MembershipFactory(organisation=signatory).user for _ in range(2)]
    results = at_once(
        [
            lambda member=member: progress_report_start(
                organisation=signatory, by=member, today=IN_WINDOW
            )
            for member in members
        ],
        refused=ValidationError,
    )
    assert ProgressReport.objects.count() == 1
    report = ProgressReport.objects.get()
    made = [result for result in results if isinstance(result, ProgressReport)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert [item.pk for item in made] == [report.pk]
    assert [error.code for error in refused] == ["already_started"]
    assert refused[0].params["report"].pk == report.pk
