import logging

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .selectors import session_passed_mfa

logger = logging.getLogger(__name__)

PROTECTED_PREFIXES = ("/beheer/", "/en/beheer/", "/admin/")
# The authenticators allauth's login asks for (allauth.mfa.stages.AuthenticateStage). Recovery
# codes alone (left over when a TOTP device was deleted) do not make allauth ask for anything,
# so they count as no second factor: set up TOTP again, instead of a log-in loop.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


class StaffMfaRequiredMiddleware:
    """Every staff session on /beheer/ and /admin/ must have passed the second factor.

    Two rules, for back-office users (``User.is_backoffice_user``: coordinators, contact
    points, staff and superusers):

    * With ``STAFF_MFA_REQUIRED`` on, someone without two-factor authentication is sent to set
      up TOTP first.
    * Whoever has two-factor authentication set up must have passed it in *this* session
      (``session_passed_mfa``), whatever ``STAFF_MFA_REQUIRED`` says: a session that got in
      with the password alone (by any way around allauth's MFA step) is logged out and sent to
      log in again, back to the page asked for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and self._is_protected(request.path_info)
            and user.is_backoffice_user
        ):
            if is_mfa_enabled(user, SECOND_FACTORS):
                if not session_passed_mfa(request=request, user=user):
                    return self._log_in_again(request)
            elif settings.STAFF_MFA_REQUIRED:
                return self._set_up_mfa(request)
        return self.get_response(request)

    @staticmethod
    def _is_protected(path: str) -> bool:
        return path.startswith(PROTECTED_PREFIXES)

    @staticmethod
    def _set_up_mfa(request):
        messages.warning(
            request,
            _("Set up two-factor authentication first: it is required for the back office."),
        )
        return redirect(reverse("mfa_activate_totp"))

    @staticmethod
    def _log_in_again(request):
        logger.warning(
            "Logged out user %s: a back-office session without its second factor (%s).",
            request.user.pk,
            request.path_info,
        )
        logout(request)
        messages.warning(
            request,
            _(
                "Log in again with your two-factor authentication code: the back office needs "
                "it in every session."
            ),
        )
        query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
        return redirect(f"{reverse('account_login')}?{query}")
