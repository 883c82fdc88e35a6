"""Signals from allauth into this app: a confirmed email submits the signer's signatures."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver


@receiver(email_confirmed, dispatch_uid="charter_submit_on_email_confirmed")
def submit_signatures_on_email_confirmed(sender, request, email_address, **kwargs) -> None:
    from .services import signatures_submit_for_confirmed_email

    signatures_submit_for_confirmed_email(email=email_address.email, user=email_address.user)
