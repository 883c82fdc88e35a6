"""Checks of email addresses as this site stores them."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The column of User.email, EmailAddress.email and Invitation.email.
EMAIL_MAX_LENGTH = 254
EMAIL_TOO_LONG_MESSAGE = _(
    "This email address is too long once written in small letters (some letters, such as "
    "“İ”, become two). Enter an address of at most %(limit)s characters."
)


def normalise_email(value: str) -> str:
    """The address as it is stored: without surrounding spaces, in lowercase.

    Lowercasing can make it longer ("İ" becomes "i̇", two characters), so a 254-character
    address that passed the form's length check may no longer fit its column: that raises
    ValidationError (code ``too_long``) instead of a database error.
    """
    email = (value or "").strip().lower()
    if len(email) > EMAIL_MAX_LENGTH:
        raise ValidationError(
            EMAIL_TOO_LONG_MESSAGE, code="too_long", params={"limit": EMAIL_MAX_LENGTH}
        )
    return email
