"""The one conflict-of-interest rule (``organisations.conflict_of_interest``): the review of
actions and stories and the decision on a signature use it, not a copy of it
(docs/adr/0001-signature-workflow.md)."""

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db import models

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.charter.models import Signature
from stemcharter.charter.tests.factories import SignatureFactory
from stemcharter.organisations.conflict_of_interest import (
    ConflictOfInterestQuerySet,
    NamesOrganisations,
)
from stemcharter.organisations.models import Organisation
from stemcharter.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_every_model_that_can_be_decided_on_uses_the_one_rule():
    """A model with its own ``has_conflict_of_interest`` would be a second copy of the rule."""
    deciding = [
        model
        for model in apps.get_models()
        if hasattr(model, "has_conflict_of_interest")
        or hasattr(model._default_manager, "without_conflict_of_interest")
    ]
    assert Signature in deciding
    assert {model._meta.app_label for model in deciding} >= {"charter", "actions", "stories"}
    for model in deciding:
        assert issubclass(model, NamesOrganisations), model
        assert model.has_conflict_of_interest is NamesOrganisations.has_conflict_of_interest
        assert isinstance(model._default_manager.all(), ConflictOfInterestQuerySet), model
        assert (
            type(model._default_manager.all()).without_conflict_of_interest
            is ConflictOfInterestQuerySet.without_conflict_of_interest
        ), model
        relations = {
            field.name
            for field in model._meta.get_fields()
            if isinstance(field, models.ForeignKey | models.ManyToManyField)
            and field.related_model is Organisation
        }
        assert relations <= set(model.named_organisation_fields), model


def test_a_member_of_the_named_organisation_has_a_conflict_others_do_not():
    signature = SignatureFactory()
    other = SignatureFactory()
    member = CoordinatorFactory()
    MembershipFactory(organisation=signature.organisation, user=member)
    assert signature.has_conflict_of_interest(member)
    assert not other.has_conflict_of_interest(member)
    assert list(Signature.objects.without_conflict_of_interest(member)) == [other]
    assert list(signature.named_organisations()) == [signature.organisation]


@pytest.mark.parametrize("user", [None, AnonymousUser()])
def test_nobody_in_particular_has_no_conflict(user):
    signature = SignatureFactory()
    assert not signature.has_conflict_of_interest(user)
    assert list(Signature.objects.without_conflict_of_interest(user)) == [signature]


def test_an_unsaved_row_counts_as_a_conflict():
    assert Signature().has_conflict_of_interest(CoordinatorFactory())
