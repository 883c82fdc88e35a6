from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class StaffMfaRequiredMiddleware:
    """Back-office users must set up two-factor authentication before using /beheer/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.STAFF_MFA_REQUIRED
            and request.user.is_authenticated
            and self._is_protected(request.path_info)
            and request.user.is_backoffice_user
            and not is_mfa_enabled(request.user)
        ):
            messages.warning(
                request,
                _("Set up two-factor authentication first: it is required for the back office."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _is_protected(path: str) -> bool:
        return any(path.startswith(prefix) for prefix in ("/beheer/", "/en/beheer/", "/admin/"))
