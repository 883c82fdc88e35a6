"""The personal data of accounts, and of the apps below accounts, which cannot import its
registry (see registry.py): the audit trail and images. Imported by ``AccountsConfig.ready``.

Apps above accounts register theirs in their own ``personal_data.py``.
"""

from allauth.account.models import EmailAddress
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stemcharter.audit.selectors import audit_entries_by
from stemcharter.audit.services import audit_forget

from .models import User
from .registry import REMOVED, PersonalData, register_personal_data
from .selectors import iso_datetime, user_email_addresses


def _account(user: User) -> dict:
    return {
        "email": user.email,
        "name": user.name,
        "language": user.language,
        "date_joined": iso_datetime(user.date_joined),
        "last_login": iso_datetime(user.last_login),
        "is_coordinator": user.is_coordinator,
        "contact_point_email_public": user.contact_point_email_public,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
    }


# The account itself (its email addresses and second factors go with it, by cascade).
register_personal_data(PersonalData(key="account", order=0, export=_account))


def _audit_entries(user: User) -> list[dict]:
    return [
        {"when": iso_datetime(entry.created_at), "code": entry.code, "object": entry.target_repr}
        for entry in audit_entries_by(actor=user)
    ]


def _audit_entries_summary(entries: list) -> str:
    counter = len(entries)
    return ngettext(
        "%(counter)s event in the audit trail that you did",
        "%(counter)s events in the audit trail that you did",
        counter,
    ) % {"counter": counter}


def _audit_forget(user: User) -> None:
    audit_forget(target=user, addresses=user_email_addresses(user=user), replacement=REMOVED)


register_personal_data(
    PersonalData(
        key="audit_entries",
        fields=("audit.AuditEntry.actor",),
        order=60,
        export=_audit_entries,
        summary=_audit_entries_summary,
        on_delete=_("the audit trail keeps the events, but without your name or email address."),
        erase=_audit_forget,
    )
)

# Who uploaded an image and who confirmed the consent for it: emptied with the account.
register_personal_data(
    PersonalData(
        key="images",
        fields=("images.Image.uploaded_by", "images.Image.consent_confirmed_by"),
    )
)
