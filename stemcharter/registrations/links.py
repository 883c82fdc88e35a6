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
# The check-in address in the QR code has its own salt: a photo of the QR code must not give
# the personal link (which can cancel), and the personal link must not check anyone in.
# Confirmations sent before this salt existed carry QR codes with the personal-link token;
# those no longer open the check-in page (404); the organiser checks such people in by name.
CHECK_IN_SALT = "stemcharter.registrations.check-in"


class LinkProblem(Exception):
    """``reason``: "forged" (not a link of ours), "gone" (erased or deleted)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def personal_link_token(registration: Registration) -> str:
    """The same for a registration every time (no time stamp), so every email and page can
    give the same link."""
    return signing.Signer(salt=SALT).sign_object(registration.pk)


def check_in_token(registration: Registration) -> str:
    """The token of the check-in address (the QR code): not the personal link's."""
    return signing.Signer(salt=CHECK_IN_SALT).sign_object(registration.pk)


def registration_from_check_in_token(token: str) -> Registration:
    """The registration a check-in token names. Raises ``LinkProblem``."""
    return registration_from_token(token, salt=CHECK_IN_SALT)


def registration_from_token(token: str, *, salt: str = SALT) -> Registration:
    """The registration the token names. Raises ``LinkProblem``."""
    try:
        pk = signing.Signer(salt=salt).unsign_object(token)
    except (signing.BadSignature, ValueError):
        raise LinkProblem("forged") from None
    if not isinstance(pk, int):
        raise LinkProblem("forged")
    registration = Registration.objects.select_related("content_type").filter(pk=pk).first()
    if registration is None or registration.is_erased:
        raise LinkProblem("gone")
    return registration
