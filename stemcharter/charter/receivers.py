"""Signals into this app: a confirmed email submits the signer's signatures (allauth); a saved
or deleted signature or organisation forgets the cached signatory counts."""

from allauth.account.signals import email_confirmed
from django.contrib import messages
from django.db.models.signals import post_delete, post_save
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


@receiver(post_save, sender="charter.Signature", dispatch_uid="charter_counts_signature_saved")
@receiver(post_delete, sender="charter.Signature", dispatch_uid="charter_counts_signature_gone")
@receiver(post_save, sender="organisations.Organisation", dispatch_uid="charter_counts_org_saved")
@receiver(post_delete, sender="organisations.Organisation", dispatch_uid="charter_counts_org_gone")
def forget_signatory_counts(sender, **kwargs) -> None:
    """The home page's signatory counts per category are cached: a signature that changes
    state, or an organisation that changes category or goes, makes them out of date."""
    from .selectors import signatory_counts_forget

    signatory_counts_forget()
