"""Signals from allauth into this app: a confirmed email submits the signer's signatures."""

from allauth.account.signals import email_confirmed
from django.contrib import messages
from django.dispatch import receiver
from django.utils.translation import gettext as _


@receiver(email_confirmed, dispatch_uid="charter_submit_on_email_confirmed")
def submit_signatures_on_email_confirmed(sender, request, email_address, **kwargs) -> None:
    from .models import Signature
    from .services import signatures_submit_for_confirmed_email
    from .signing import signed_in_this_browser

    user = email_address.user
    had_password = user is not None and user.has_usable_password()
    handled = signatures_submit_for_confirmed_email(
        email=email_address.email,
        user=user,
        signed_in_this_browser=signed_in_this_browser(request) if request is not None else None,
        request=request,
    )
    if had_password and request is not None and not user.has_usable_password():
        messages.warning(request, _("Choose a password with the link we just emailed you."))
    for signature in handled:
        if request is not None and signature.status == Signature.Status.WITHDRAWN:
            messages.warning(
                request,
                _(
                    "Someone else confirmed the registration of %(organisation)s first, so "
                    "your signature cannot go on. We emailed you what you can do."
                )
                % {"organisation": signature.organisation.name},
            )
