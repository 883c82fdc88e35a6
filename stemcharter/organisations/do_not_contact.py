"""The one-click "no more invitations" link of every invitation email (issue 14):
``/uitnodigingen/geen/<token>/``.

The token is the invited address encrypted (Fernet from the ``cryptography`` package, which
django-allauth's MFA already brings in: AES in CBC mode with an HMAC) with a key derived from
the site's secret key: nothing is stored, the address cannot be read from the link (which ends
up in logs: the web server's, the mail provider's), and a changed or made-up token fails the
HMAC. Rotating the secret key keeps old links working while the old key is in
``SECRET_KEY_FALLBACKS``. It does not expire: an old invitation's link must still stop the
next ones.

Links made before (the address signed with ``django.core.signing``, readable in base64; they
hold a ``:``) are still accepted, so no invitation already sent loses its link.

The same link is the email's ``List-Unsubscribe`` header with ``List-Unsubscribe-Post:
List-Unsubscribe=One-Click`` (RFC 8058, which Gmail and Yahoo ask of bulk senders): the mail
program's own "unsubscribe" button POSTs to it, without cookie or CSRF token
(``views.do_not_contact``). RFC 8058 wants an https address for that: with a ``SITE_URL`` on
http (development) the header names the link without offering the one-click POST.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac

from stemcharter.accounts.validators import normalise_email

# The salt of the links signed before they were encrypted (still accepted).
SALT = "stemcharter.organisations.do-not-contact"
# The salt of the encryption key derived from the secret key: no other use shares the key.
KEY_SALT = "stemcharter.organisations.do-not-contact.fernet"


class DoNotContactLinkProblem(Exception):
    """The token is not one of ours (changed, cut short or made up)."""


def _fernet() -> MultiFernet:
    """Encrypts with a key from ``SECRET_KEY``; decrypts with it or one from
    ``SECRET_KEY_FALLBACKS`` (the keys before a rotation)."""
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet(
        [
            Fernet(
                base64.urlsafe_b64encode(
                    salted_hmac(KEY_SALT, "fernet-key", secret=secret, algorithm="sha256").digest()
                )
            )
            for secret in secrets
        ]
    )


def do_not_contact_token(email: str) -> str:
    """The token of the link that puts ``email`` (normalised) on the do-not-contact list:
    the address encrypted (URL-safe base64, its ``=`` padding left off)."""
    token = _fernet().encrypt(normalise_email(email).encode())
    return token.decode("ascii").rstrip("=")


def do_not_contact_email(token: str) -> str:
    """The address ``token`` names (an encrypted one, or a signed one made before).
    Raises ``DoNotContactLinkProblem`` for a changed, cut short or made-up token."""
    if ":" in token:
        try:
            email = signing.loads(token, salt=SALT)
        except (signing.BadSignature, ValueError):
            raise DoNotContactLinkProblem from None
    else:
        padded = token + "=" * (-len(token) % 4)
        try:
            email = _fernet().decrypt(padded).decode("utf-8")
        except (InvalidToken, ValueError, TypeError):
            raise DoNotContactLinkProblem from None
    if not isinstance(email, str) or "@" not in email:
        raise DoNotContactLinkProblem
    return email


def do_not_contact_url(email: str, *, language: str | None = None) -> str:
    """The absolute address (``SITE_URL``) of ``email``'s "no more invitations" page, in
    ``language`` (the email's; default: the active one)."""
    with translation.override(language or translation.get_language()):
        path = reverse("organisations:do-not-contact", args=[do_not_contact_token(email)])
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_headers(url: str) -> dict[str, str]:
    """The header lines of an invitation email that let a mail program stop the next ones:
    ``List-Unsubscribe`` (``url``, the email's ``do_not_contact_url``) and, when ``url`` is
    https, ``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058)."""
    headers = {"List-Unsubscribe": f"<{url}>"}
    if url.startswith("https://"):
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return headers
