"""What a signatory promises it offers (``organisations.offers``): the action types its
approved signature's commitments name."""

from typing import Any

from django.db.models import QuerySet

from stemcharter.organisations.offers import OfferSource

from .models import Commitment, Signature


def offers_kind(*, organisation: Any, action_type: Any) -> QuerySet:
    return Commitment.objects.filter(
        signature__status=Signature.Status.APPROVED,
        signature__organisation=organisation,
        action_types=action_type,
    ).order_by()


COMMITMENT_OFFERS = OfferSource(key="commitments", offers_kind=offers_kind)
