"""The personal link of a registration: ``/inschrijving/<token>/``, where the person confirms,
sees and cancels it.

The token is the registration's number signed with the site's secret key
(``django.core.signing``, its own salt): nothing secret is stored, every email can carry the
same link again, and a changed or made-up token fails the signature. A link stops working when
the registration's personal data is erased or the registration is gone; an unconfirmed one's
link can no longer confirm after ``REGISTRATION_CONFIRM_HOURS`` (``services``).
"""

from django.core import signing

from .models import Registration

SALT = "stemcharter.registrations.personal-link"


class LinkProblem(Exception):
    """``reason``: "forged" (not a link of ours), "gone" (erased or deleted)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def personal_link_token(registration: Registration) -> str:
    """The same for a registration every time (no time stamp), so every email and page can
    give the same link."""
    return signing.Signer(salt=SALT).sign_object(registration.pk)


def registration_from_token(token: str) -> Registration:
    """The registration the token names. Raises ``LinkProblem``."""
    try:
        pk = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        raise LinkProblem("forged") from None
    if not isinstance(pk, int):
        raise LinkProblem("forged")
    registration = Registration.objects.select_related("content_type").filter(pk=pk).first()
    if registration is None or registration.is_erased:
        raise LinkProblem("gone")
    return registration
