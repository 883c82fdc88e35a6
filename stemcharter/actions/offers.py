"""What published actions say an organisation offers (``organisations.offers``): the types of
the actions it organises, their STEM disciplines and their subregions. Past actions count: what
a signatory did, it can be asked for again."""

from typing import Any

from django.db.models import QuerySet

from stemcharter.organisations.offers import OfferSource

from .models import Action


def _organised(organisation: Any) -> QuerySet:
    return Action.objects.published().filter(organisation=organisation).order_by()


def offers_kind(*, organisation: Any, action_type: Any) -> QuerySet:
    return _organised(organisation).filter(action_type=action_type)


def works_in(*, organisation: Any, disciplines: Any) -> QuerySet:
    return _organised(organisation).filter(disciplines__in=disciplines)


def active_in(*, organisation: Any, subregions: Any) -> QuerySet:
    return _organised(organisation).filter(subregions__in=subregions)


ACTION_OFFERS = OfferSource(
    key="actions", offers_kind=offers_kind, works_in=works_in, active_in=active_in
)
