"""What the charter keeps about a person: the signatures they made. Registered with accounts
(stemcharter/accounts/registry.py) by ``CharterConfig.ready``."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stemcharter.accounts.models import User
from stemcharter.accounts.registry import REMOVED, PersonalData, register_personal_data
from stemcharter.accounts.selectors import email_matches_q, iso_datetime, user_email_addresses

from .models import Signature


def _signatures(user: User) -> list[dict]:
    signatures = Signature.objects.filter(signer=user).select_related(
        "organisation", "charter_version"
    )
    return [
        {
            "organisation": signature.organisation.name,
            "charter_version": signature.charter_version.number,
            "status": signature.status,
            "signer_name": signature.signer_name,
            "signer_function": signature.signer_function,
            "signer_email": signature.signer_email,
            "created_at": iso_datetime(signature.created_at),
            "submitted_at": iso_datetime(signature.submitted_at),
            "decided_at": iso_datetime(signature.decided_at),
            "withdrawn_at": iso_datetime(signature.withdrawn_at),
        }
        for signature in signatures
    ]


def _signatures_summary(signatures: list) -> str:
    counter = len(signatures)
    return ngettext(
        "%(counter)s signature you made", "%(counter)s signatures you made", counter
    ) % {"counter": counter}


def _anonymise_signatures(user: User) -> None:
    """The signatures stay with their organisation, without the signer's name, function and
    email (also those signed from one of the person's addresses without the account)."""
    addresses = user_email_addresses(user=user)
    Signature.objects.filter(Q(signer=user) | email_matches_q("signer_email", addresses)).update(
        signer=None, signer_name=REMOVED, signer_function="", signer_email=""
    )


register_personal_data(
    PersonalData(
        key="signatures",
        fields=("charter.Signature.signer",),
        order=20,
        export=_signatures,
        summary=_signatures_summary,
        on_delete=_(
            "signatures you made stay with the organisation, but your name, function and email "
            "address are removed from them;"
        ),
        erase=_anonymise_signatures,
    )
)

# Who published a charter version or decided on a signature: emptied with the account.
register_personal_data(
    PersonalData(
        key="charter_bookkeeping",
        fields=("charter.CharterVersion.published_by", "charter.Signature.decided_by"),
    )
)
