"""Signals from allauth into this app: a second factor set up in a session counts as passed."""

from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver


@receiver(authenticator_added, dispatch_uid="accounts_record_mfa_setup")
def record_mfa_setup(sender, request, user, authenticator, **kwargs) -> None:
    from .services import session_record_mfa_setup

    session_record_mfa_setup(request=request, user=user, authenticator=authenticator)
