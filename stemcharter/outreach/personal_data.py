"""What outreach keeps about a person, registered with accounts
(stemcharter/accounts/registry.py) by ``OutreachConfig.ready``.

--- pipeline ---
A prospect names the coordinator who owns it (``owner``: the pipeline's work stays when the
coordinator's account goes, without them, ``SET_NULL``) and may hold a contact person's email
address (``contact_email``): a person with an account at that address sees it in their
download, and deleting the account empties it.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stemcharter.accounts.registry import PersonalData, register_personal_data
from stemcharter.accounts.selectors import email_matches_q, user_email_addresses

from .models import Prospect


def _prospects_owned(user) -> list[dict]:
    return [
        {"organisation": prospect.name, "status": prospect.status}
        for prospect in Prospect.objects.filter(owner=user).order_by("name", "pk")
    ]


def _prospects_of_address(user):
    return Prospect.objects.filter(
        email_matches_q("contact_email", user_email_addresses(user=user))
    )


def _prospect_contacts(user) -> list[dict]:
    return [
        {"organisation": prospect.name, "contact_email": prospect.contact_email}
        for prospect in _prospects_of_address(user).order_by("name", "pk")
    ]


def _erase_prospect_contacts(user) -> None:
    _prospects_of_address(user).update(contact_email="")


register_personal_data(
    PersonalData(
        key="prospects_owned",
        fields=("outreach.Prospect.owner",),
        order=59,
        export=_prospects_owned,
        summary=lambda rows: (
            ngettext(
                "%(counter)s organisation you follow up in the outreach pipeline",
                "%(counter)s organisations you follow up in the outreach pipeline",
                len(rows),
            )
            % {"counter": len(rows)}
            if rows
            else ""
        ),
        on_delete=_(
            "the organisations you follow up in the outreach pipeline stay, without your name;"
        ),
    )
)

register_personal_data(
    PersonalData(
        key="prospect_contacts",
        order=59,
        export=_prospect_contacts,
        summary=lambda rows: (
            ngettext(
                "%(counter)s organisation the coordinators may contact at your address",
                "%(counter)s organisations the coordinators may contact at your address",
                len(rows),
            )
            % {"counter": len(rows)}
            if rows
            else ""
        ),
        on_delete=_("your address is removed from the coordinators' outreach pipeline;"),
        erase=_erase_prospect_contacts,
    )
)
# --- end of pipeline ---
