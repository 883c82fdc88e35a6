"""The pipeline's writes at the same moment (PostgreSQL: row locks, advisory lock, commit)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count

from stemcharter.audit.models import AuditEntry
from stemcharter.charter.services import signature_approve
from stemcharter.charter.tests.factories import SignatureFactory
from stemcharter.common.tests.concurrency import at_once
from stemcharter.common.tests.roles import make_user
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.organisations.validators import normalise_name
from stemcharter.outreach.models import Prospect
from stemcharter.outreach.services import PROSPECTS_FILE as DEFAULT_FILE
from stemcharter.outreach.services import prospect_update, prospects_import

pytestmark = [
    # serialized_rollback: see stemcharter/charter/tests/test_concurrency.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("english"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks and threads"
    ),
]


def test_two_imports_at_once_make_one_set_of_prospects():
    data = DEFAULT_FILE.read_bytes()
    results = at_once(
        [lambda: prospects_import(file=data), lambda: prospects_import(file=data)],
        refused=ValidationError,
    )
    assert Prospect.objects.count() == 62
    assert sorted(len(result.created) for result in results) == [0, 62]
    duplicates = Prospect.objects.values("normalised_name").annotate(n=Count("pk")).filter(n__gt=1)
    assert not duplicates.exists()


def test_two_coordinators_saving_at_once_both_are_recorded():
    prospect = Prospect.objects.create(name="Bouwunie", normalised_name="bouwunie")
    first, second = make_user("coordinator"), make_user("coordinator")
    at_once(
        [
            lambda: prospect_update(prospect=prospect, by=first, notes="eerste"),
            lambda: prospect_update(prospect=prospect, by=second, next_step="bellen"),
        ],
        refused=ValidationError,
    )
    prospect.refresh_from_db()
    # Each saved only what it changed: neither undid the other.
    assert prospect.notes == "eerste"
    assert prospect.next_step == "bellen"
    assert AuditEntry.objects.filter(code="outreach.prospect.changed").count() == 2


def test_an_approval_marks_the_prospect_once_it_is_committed():
    prospect = Prospect.objects.create(name="Bouwunie", normalised_name=normalise_name("Bouwunie"))
    organisation = OrganisationFactory(name="Bouwunie")
    signature_approve(
        signature=SignatureFactory(organisation=organisation), by=make_user("coordinator")
    )
    prospect.refresh_from_db()
    assert prospect.status == Prospect.Status.SIGNED
    assert prospect.organisation == organisation
