"""The one-click "no more invitations" link of every invitation email (issue 14):
``/uitnodigingen/geen/<token>/``.

The token is the invited address signed with the site's secret key (``django.core.signing``,
a salt of its own): nothing is stored, and a changed or made-up token fails the signature. It
does not expire: an old invitation's link must still stop the next ones.
"""

from django.core import signing

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
