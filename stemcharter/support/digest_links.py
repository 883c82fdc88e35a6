"""The one-click opt-out link of the daily digest of school requests:
``/hulpvragen/digest/uit/<token>/``.

The token is the person's id signed with the site's secret key and a time stamp
(``django.core.signing``, a salt of its own): nothing is stored, a changed or made-up token
fails the signature, and a link older than ``OPT_OUT_LINK_DAYS`` no longer works (the person
turns the digest off on the portal's list of school requests instead).
"""

from django.contrib.auth import get_user_model
from django.core import signing

SALT = "stemcharter.support.digest-opt-out"
OPT_OUT_LINK_DAYS = 90


class OptOutLinkProblem(Exception):
    """``reason``: "forged" (not a link of ours), "expired" (too old), "gone" (no such
    account any more)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def opt_out_token(user) -> str:
    return signing.dumps(user.pk, salt=SALT, compress=False)


def user_from_opt_out_token(token: str):
    """The person the token names. Raises ``OptOutLinkProblem``."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=OPT_OUT_LINK_DAYS * 24 * 60 * 60)
    except signing.SignatureExpired:
        raise OptOutLinkProblem("expired") from None
    except (signing.BadSignature, ValueError):
        raise OptOutLinkProblem("forged") from None
    if not isinstance(pk, int) or isinstance(pk, bool):
        raise OptOutLinkProblem("forged")
    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if user is None:
        raise OptOutLinkProblem("gone")
    return user
