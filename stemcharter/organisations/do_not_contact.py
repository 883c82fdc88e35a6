"""The one-click "no more invitations" link of every invitation email (issue 14):
``/uitnodigingen/geen/<token>/``.

The token is the invited address signed with the site's secret key (``django.core.signing``,
a salt of its own): nothing is stored, and a changed or made-up token fails the signature. It
does not expire: an old invitation's link must still stop the next ones.

The same link is the email's ``List-Unsubscribe`` header with ``List-Unsubscribe-Post:
List-Unsubscribe=One-Click`` (RFC 8058, which Gmail and Yahoo ask of bulk senders): the mail
program's own "unsubscribe" button POSTs to it, without cookie or CSRF token
(``views.do_not_contact``). RFC 8058 wants an https address for that: with a ``SITE_URL`` on
http (development) the header names the link without offering the one-click POST.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from stemcharter.accounts.validators import normalise_email

SALT = "stemcharter.organisations.do-not-contact"


class DoNotContactLinkProblem(Exception):
    """The token is not one of ours (changed, cut short or made up)."""


def do_not_contact_token(email: str) -> str:
    """The token of the link that puts ``email`` (normalised) on the do-not-contact list."""
    return signing.dumps(normalise_email(email), salt=SALT, compress=True)


def do_not_contact_email(token: str) -> str:
    """The address ``token`` names. Raises ``DoNotContactLinkProblem`` for a bad token."""
    try:
        email = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError):
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
