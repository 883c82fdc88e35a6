"""What regions keep about a person: the subregions they are a contact point for. Registered
with accounts (stemcharter/accounts/registry.py) by ``RegionsConfig.ready``; the account's
deletion removes them as a contact point (by cascade)."""

from django.utils.translation import ngettext

from stemcharter.accounts.models import User
from stemcharter.accounts.registry import PersonalData, register_personal_data

from .models import Subregion


def _subregions(user: User) -> list[dict]:
    return [
        {"subregion": subregion.name_nl, "province": subregion.province.name_nl}
        for subregion in Subregion.objects.filter(contact_points=user).with_province()
    ]


def _subregions_summary(subregions: list) -> str:
    if not subregions:
        return ""
    counter = len(subregions)
    return ngettext(
        "Contact point for %(counter)s subregion",
        "Contact point for %(counter)s subregions",
        counter,
    ) % {"counter": counter}


register_personal_data(
    PersonalData(
        key="contact_point_subregions",
        fields=("regions.Subregion.contact_points",),
        order=50,
        export=_subregions,
        summary=_subregions_summary,
    )
)
